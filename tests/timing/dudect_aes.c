#define _POSIX_C_SOURCE 200809L
/*
 * Timing-leak test in the dudect style (Reparaz, Balasch, Verbauwhede 2017),
 * run on the wasm build: class 0 uses one fixed key and block, class 1 random
 * ones; classes interleave at random; every input is prepared in advance and
 * goes through the same copy. Welch's t-test on the times, over the whole set
 * and over several lower-percentile crops (dudect's trick against heavy tails).
 *
 * Verdict: oc_aes (key schedules + one encryption + one decryption) must keep
 * max |t| < T_PASS; the deliberately leaky AES in leaky_aes.c must exceed
 * T_LEAK, which proves the test can fail. Exit status 0 only if both hold.
 */
#include "crypto/oc_aes.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void leaky_aes_init(void);
void leaky_aes256_encrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16]);

#define N 500000
#define T_PASS 10.0
#define T_LEAK 20.0

static uint8_t inputs[N][48];
static uint8_t cls[N];
static double times[N];
static uint8_t sink[16];

static uint64_t rng = 0x243f6a8885a308d3u;
static uint64_t rnd64(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void prepare(void)
{
	uint8_t fixed[48];
	for (int i = 0; i < 48; i++)
		fixed[i] = (uint8_t)rnd64();
	for (int s = 0; s < N; s++) {
		cls[s] = (uint8_t)(rnd64() >> 40 & 1);
		for (int i = 0; i < 48; i++)
			inputs[s][i] = cls[s] ? (uint8_t)(rnd64() >> 32) : fixed[i];
	}
}

static void op_ours(const uint8_t *in)
{
	oc_aes256_ekey ek;
	oc_aes256_dkey dk;
	uint8_t b[16];
	oc_aes256_enc_init(&ek, in);
	oc_aes256_encrypt(&ek, b, in + 32);
	oc_aes256_dec_init(&dk, in);
	oc_aes256_decrypt(&dk, b, b);
	sink[0] ^= b[0];
}

static void op_leaky(const uint8_t *in)
{
	uint8_t b[16];
	leaky_aes256_encrypt(in, b, in + 32);
	sink[0] ^= b[0];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Welch's t over samples below the cutoff. */
static double welch(double cutoff)
{
	double n[2] = { 0 }, m[2] = { 0 }, m2[2] = { 0 };
	for (int s = 0; s < N; s++) {
		if (times[s] > cutoff)
			continue;
		int c = cls[s];
		n[c] += 1;
		double d = times[s] - m[c];
		m[c] += d / n[c];
		m2[c] += d * (times[s] - m[c]);
	}
	if (n[0] < 2 || n[1] < 2)
		return 0;
	double v0 = m2[0] / (n[0] - 1), v1 = m2[1] / (n[1] - 1);
	return (m[0] - m[1]) / sqrt(v0 / n[0] + v1 / n[1]);
}

static double run(const char *name, void (*op)(const uint8_t *))
{
	static double sorted[N];
	for (int s = 0; s < 2000; s++) /* warm up: tier-up, caches */
		op(inputs[s]);
	for (int s = 0; s < N; s++) {
		double t0 = now_ns();
		op(inputs[s]);
		times[s] = now_ns() - t0;
	}
	memcpy(sorted, times, sizeof sorted);
	qsort(sorted, N, sizeof sorted[0], cmp_double);
	static const double pct[] = { 0.5, 0.75, 0.9, 0.99, 1.0 };
	double worst = 0;
	printf("%-8s median %6.0f ns |", name, sorted[N / 2]);
	for (size_t p = 0; p < sizeof pct / sizeof pct[0]; p++) {
		double t = welch(sorted[(size_t)(pct[p] * (N - 1))]);
		printf(" t(p%.0f)=%7.2f", pct[p] * 100, t);
		if (fabs(t) > worst)
			worst = fabs(t);
	}
	printf(" | max |t| = %.2f\n", worst);
	return worst;
}

int main(void)
{
	leaky_aes_init();
	prepare();
	printf("dudect: %d samples per implementation, fixed vs random key and block (%s)\n", N, oc_aes_backend());
	double ours = run("oc_aes", op_ours);
	double leaky = run("leaky", op_leaky);
	int ok_ours = ours < T_PASS, ok_leaky = leaky > T_LEAK;
	printf("oc_aes: %s (max |t| %.2f, limit %.0f)\n", ok_ours ? "no leak detected" : "LEAK DETECTED", ours, T_PASS);
	printf("leaky AES: %s (max |t| %.2f, must exceed %.0f)\n", ok_leaky ? "leak detected, as it must be" : "LEAK NOT DETECTED: the test is blind", leaky, T_LEAK);
	printf("%d passed, %d failed\n", ok_ours + ok_leaky, 2 - ok_ours - ok_leaky);
	return ok_ours && ok_leaky ? 0 : 1;
}
