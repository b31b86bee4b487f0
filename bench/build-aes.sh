#!/usr/bin/env bash
# Builds the AES benchmark modules with the release flags:
#   build/bench/aes-relaxed.wasm   i8x16.relaxed_swizzle
#   build/bench/aes-simd128.wasm   i8x16.swizzle
# and two size probes exporting only 32-byte unwrap + GCM open:
#   build/bench/size-ours.wasm (oc_aes), build/bench/size-ct64.wasm (BearSSL aes_ct64)
set -euo pipefail
cd "$(dirname "$0")/.."
./build.sh wasm >/dev/null 2>&1
O=build/bench
mkdir -p $O
CFLAGS=(--target=wasm32-wasi --sysroot=/usr -isystem /usr/include/wasm32-wasi
  -msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext -mmutable-globals
  -std=c11 -Os -DOC_WASM=1 -Iinclude -Isrc -Ibuild/deps/bearssl/inc)
# No -O on the link line: clang would run Debian's wasm-opt, which predates relaxed SIMD.
LINK=(--target=wasm32-wasi --sysroot=/usr -mexec-model=reactor -nostartfiles
  /usr/lib/wasm32-wasi/crt1-reactor.o -Wl,--gc-sections -Wl,--strip-all -Wl,-z,stack-size=65536)
AES_SRCS=(src/crypto/oc_aes.c src/crypto/oc_aes_gcm.c src/crypto/oc_aes_kw.c src/crypto/oc_ghash.c src/crypto/oc_wipe.c)
for v in relaxed simd128; do
  extra=()
  [ $v = relaxed ] && extra=(-mrelaxed-simd -DOC_AES_RELAXED_SWIZZLE=1)
  rm -rf $O/$v && mkdir -p $O/$v
  for f in bench/aes_bench.c bench/aes_size.c "${AES_SRCS[@]}"; do
    clang-19 "${CFLAGS[@]}" "${extra[@]}" -c "$f" -o $O/$v/"$(basename "$f" .c)".o
  done
  clang-19 "${LINK[@]}" -o $O/aes-$v.wasm $O/$v/aes_bench.o $(ls $O/$v/oc_*.o) build/wasm/libdeps.a
done
clang-19 "${LINK[@]}" -o $O/size-ours.wasm $O/relaxed/aes_size.o $(ls $O/relaxed/oc_*.o) build/wasm/libdeps.a
clang-19 "${CFLAGS[@]}" -DSIZE_CT64=1 -c bench/aes_size.c -o $O/aes_size_ct64.o
clang-19 "${LINK[@]}" -o $O/size-ct64.wasm $O/aes_size_ct64.o build/wasm/libdeps.a
