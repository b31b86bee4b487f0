#!/usr/bin/env bash
# Build and test driver. Usage:
#   ./build.sh            fetch pinned deps, build release + test wasm
#   ./build.sh test       build everything, then run every test (C native ASan/UBSan,
#                         C under wasm in Node, fuzz, JS in workerd)
#   ./build.sh deps|wasm|native|ctest|wasmtest|fuzz|jstest|browser|workerproject   single steps
# TOOLCHAIN=emscripten builds the wasm module with Debian's emcc instead of clang.
# WASI_SDK_PATH=/opt/wasi-sdk uses that wasi-sdk instead of Debian's clang-19 + wasi-libc.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")"
ROOT=$PWD
B=$ROOT/build
DEPS=$B/deps
BEARSSL_VER=0.6+dfsg.1-3
CJSON_VER=1.7.15-1+deb12u4
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
TOOLCHAIN=${TOOLCHAIN:-clang}
NODE22=$ROOT/node_modules/node/bin/node

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# ---------- toolchain ----------
need_pkgs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    log "installing ${missing[*]}"
    [ -n "$(ls /var/lib/apt/lists/*Packages* 2>/dev/null | head -1)" ] || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})"
  fi
}

setup_toolchain() {
  if [ -n "${WASI_SDK_PATH:-}" ]; then
    WCC="$WASI_SDK_PATH/bin/clang"; WAR="$WASI_SDK_PATH/bin/llvm-ar"
    WSYS=(--sysroot="$WASI_SDK_PATH/share/wasi-sysroot")
  else
    need_pkgs clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32 libclang-rt-19-dev binaryen dpkg-dev
    WCC=clang-19; WAR=llvm-ar-19
    WSYS=(--sysroot=/usr -isystem /usr/include/wasm32-wasi)
  fi
  CC_NATIVE=${CC_NATIVE:-clang-19}
  AR_NATIVE=${AR_NATIVE:-llvm-ar-19}
  if [ "$TOOLCHAIN" = emscripten ]; then need_pkgs emscripten; fi
}

# ---------- pinned third-party sources (never committed) ----------
fetch_deps() {
  if [ -f "$DEPS/.ok-$BEARSSL_VER-$CJSON_VER" ]; then return 0; fi
  need_pkgs dpkg-dev
  log "fetching bearssl=$BEARSSL_VER cjson=$CJSON_VER from Debian source packages"
  local A=$B/apt
  rm -rf "$DEPS" && mkdir -p "$A/lists/partial" "$DEPS/src"
  # Our own deb-src list and lists dir: the system's binary lists stay untouched.
  sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$A/sources.sources"
  local APT=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$A"
             -o Dir::State::Lists="$A/lists" -o Debug::NoLocking=1)
  apt-get "${APT[@]}" update -qq >/dev/null
  (cd "$DEPS/src" && apt-get "${APT[@]}" source --download-only -qq \
      "bearssl=$BEARSSL_VER" "cjson=$CJSON_VER" >/dev/null)
  # apt verified the tarballs against the signed .dsc; dpkg-source checks them again.
  local dsc
  for dsc in "$DEPS"/src/bearssl_"${BEARSSL_VER#*:}".dsc "$DEPS"/src/cjson_"${CJSON_VER}".dsc; do
    [ -f "$dsc" ] || die "expected source package $(basename "$dsc") not fetched"
  done
  (cd "$DEPS" && dpkg-source -q -x "src/bearssl_$BEARSSL_VER.dsc" bearssl >/dev/null \
              && dpkg-source -q -x "src/cjson_$CJSON_VER.dsc" cjson >/dev/null)
  grep -q "^Version: $BEARSSL_VER\$" "$DEPS"/src/bearssl_*.dsc || die "bearssl version mismatch"
  grep -q "^Version: $CJSON_VER\$" "$DEPS"/src/cjson_*.dsc || die "cjson version mismatch"
  touch "$DEPS/.ok-$BEARSSL_VER-$CJSON_VER"
}


# ---------- compilation ----------
BEARSSL_DIRS=(codec hash mac aead symcipher int rsa ec kdf rand)
COMMON_CFLAGS=(-std=c11 -Wall -Wextra -Wno-unused-parameter -Iinclude -Isrc)
DEP_INC=(-I"$DEPS/bearssl/inc" -I"$DEPS/cjson")
WASM_FEATURES=(-msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext -mmutable-globals)

# compile OUTDIR CC FLAGS... -- FILES...   (objects into OUTDIR, two at a time)
compile() {
  local out=$1 cc=$2; shift 2
  local flags=() files=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done; shift
  files=("$@")
  # Objects built with other flags are stale: start the directory afresh.
  local stamp="$cc ${flags[*]}"
  if [ "$(cat "$out/.flags" 2>/dev/null)" != "$stamp" ]; then rm -rf "$out"; fi
  mkdir -p "$out"; printf '%s' "$stamp" > "$out/.flags"
  # Objects whose source is gone must not be linked.
  local o; for o in "$out"/*.o; do
    [ -e "$o" ] || continue
    printf '%s\n' "${files[@]}" | tr / _ | sed 's/\.c$/.o/' | grep -qxF "$(basename "$o")" || rm -f "$o"
  done
  printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c '
    f={}; o="$0/$(echo "$f" | tr / _ | sed "s/\.c$/.o/")"; g=$1; shift
    if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find include src tests/c "$g" -newer "$o" -name "*.h" 2>/dev/null | head -1)" ]; then
      '"$cc"' "$@" -c "$f" -o "$o" || exit 255
    fi' "$out" "$B/gen" "${flags[@]}"
}

bearssl_srcs() { local d; for d in "${BEARSSL_DIRS[@]}"; do ls "$DEPS/bearssl/src/$d"/*.c; done; }
core_srcs() { ls src/*/*.c; }
# The release modules' measured hot loops, compiled at -O2 where everything else is -Oz: AES
# (the key wraps and the props' GCM), GHASH, and BearSSL's SHA-256 (token ids, wrapping keys,
# PKCE). bench/ab.mjs against the all -Oz module, 6-10 runs each on a quiet machine: code
# exchange 1.06-1.13, refresh 1.09, fresh API check 1.00-1.09 (all -Oz / these at -O2), for
# +5 KB raw, +1.4 KB gzip (bench/profile.md).
HOT_SRCS=(src/crypto/oc_aes.c src/crypto/oc_aes_gcm.c src/crypto/oc_aes_kw.c src/crypto/oc_ghash.c)
HOT_DEP_SRCS=(hash/sha2small.c)
cold_core_srcs() { core_srcs | grep -vxF -f <(printf '%s\n' "${HOT_SRCS[@]}"); }

# build_deplib NAME CC AR FLAGS...   -> $B/NAME/libdeps.a (BearSSL + cJSON)
# cJSON is compiled with src/base/oc_cjson_libc.h forced in: its sprintf, sscanf and strtod
# calls go to our exact number code, so no printf/scanf/strtod is linked. It is recompiled
# (and put back into the archive) whenever a header of ours changes; BearSSL only when the
# flags do.
build_deplib() {
  local name=$1 cc=$2 ar=$3; shift 3
  local o=$B/$name/deps lib=$B/$name/libdeps.a cj=$B/$name/cjson
  local stamp="$cc $*" fresh=0
  if [ ! -f "$lib" ] || [ "$(cat "$B/$name/libdeps.flags" 2>/dev/null)" != "$stamp" ]; then
    mkdir -p "$B/$name"
    log "building BearSSL for $name"
    compile "$o" "$cc" "$@" -w -I"$DEPS/bearssl/inc" -I"$DEPS/bearssl/src" -- $(bearssl_srcs)
    rm -f "$lib"; "$ar" rcs "$lib" "$o"/*.o
    printf '%s' "$stamp" > "$B/$name/libdeps.flags"
    fresh=1
  fi
  compile "$cj" "$cc" "$@" -w -Iinclude -Isrc -include src/base/oc_cjson_libc.h -- "$DEPS/cjson/cJSON.c"
  if [ $fresh = 1 ] || [ -n "$(find "$cj" -name '*.o' -newer "$lib")" ]; then "$ar" rcs "$lib" "$cj"/*.o; fi
}

gen_test_list() {
  mkdir -p "$B/gen"
  grep -ho '^OC_TEST([a-z0-9_]*)' tests/c/test_*.c | sed 's/OC_TEST(\(.*\))/X(\1)/' > "$B/gen/tests_list.h.new"
  cmp -s "$B/gen/tests_list.h.new" "$B/gen/tests_list.h" || mv "$B/gen/tests_list.h.new" "$B/gen/tests_list.h"
  rm -f "$B/gen/tests_list.h.new"
}

# ---------- wasm ----------
# The release modules are the bundle a Worker ships: every file at -Oz with link-time
# optimisation, then binaryen's wasm-opt -Oz. wasm-opt is the npm package's (binaryen 132,
# a devDependency: it reads relaxed SIMD); without node_modules, Debian's binaryen 108, which
# cannot read dist/oc.wasm's relaxed swizzle, optimises dist/oc-simd128.wasm only.
# --low-memory-unused: load(p + C) becomes load offset=C (p) for C < 1024, which differs only
# when p + C wraps past 2^32; no valid pointer does, and a wrapped one (a stack overflow below
# --stack-first's address 0) now traps instead of landing in the stack's last KB.
WASM_OPT_FLAGS=(-Oz --converge --low-memory-unused --enable-simd --enable-bulk-memory
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --strip-debug --strip-producers)
wasm_opt() {
  if [ -x "$NODE22" ] && [ -f node_modules/binaryen/bin/wasm-opt ]; then
    "$NODE22" node_modules/binaryen/bin/wasm-opt "${WASM_OPT_FLAGS[@]}" --enable-relaxed-simd "$1" -o "$2"
  elif [ "$3" = simd128 ] && command -v wasm-opt >/dev/null; then
    log "npm binaryen missing (npm ci): Debian's wasm-opt on $2 only"
    wasm-opt "${WASM_OPT_FLAGS[@]}" "$1" -o "$2"
  else
    log "npm binaryen missing (npm ci): $2 not passed through wasm-opt"
    cp "$1" "$2"
  fi
}

build_wasm() {
  setup_toolchain; fetch_deps
  if [ "$TOOLCHAIN" = emscripten ]; then build_wasm_emcc; return; fi
  mkdir -p dist
  local flags=(--target=wasm32-wasi "${WSYS[@]}" "${WASM_FEATURES[@]}" -Oz -flto -ffunction-sections -fdata-sections -DOC_WASM=1)
  build_deplib wasm "$WCC" "$WAR" "${flags[@]}"
  # oc_aes: dist/oc.wasm uses i8x16.relaxed_swizzle (workerd, Node 22), dist/oc-simd128.wasm
  # the plain i8x16.swizzle (runtimes without relaxed SIMD, e.g. Node 20).
  local v extra out
  for v in relaxed simd128; do
    extra=(); out=dist/oc-$v.wasm
    if [ $v = relaxed ]; then extra=(-mrelaxed-simd -DOC_AES_RELAXED_SWIZZLE=1); out=dist/oc.wasm; fi
    log "building core for wasm32 ($v)"
    compile "$B/wasm/core-$v" "$WCC" "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" "${flags[@]}" "${extra[@]}" -- $(cold_core_srcs)
    compile "$B/wasm/hot-$v" "$WCC" "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" "${flags[@]/-Oz/-O2}" "${extra[@]}" -- "${HOT_SRCS[@]}"
    compile "$B/wasm/hotdeps-$v" "$WCC" "${flags[@]/-Oz/-O2}" -w -I"$DEPS/bearssl/inc" -I"$DEPS/bearssl/src" -- \
      "${HOT_DEP_SRCS[@]/#/$DEPS/bearssl/src/}"
    # No -O when linking: clang would run whatever wasm-opt is on PATH itself (and clang 19's
    # --no-wasm-opt links nothing). The LTO passes keep each function's -Oz.
    # --stack-first: the stack sits below all static data, so an overflow runs past address 0
    # and traps instead of silently overwriting data (the props cache).
    "$WCC" "${flags[@]/-Oz/-O0}" "${extra[@]}" -Wl,--lto-O2 -mexec-model=reactor -nostartfiles /usr/lib/wasm32-wasi/crt1-reactor.o \
      -Wl,--gc-sections -Wl,--strip-all -Wl,--export-dynamic -Wl,-z,stack-size=65536 -Wl,--stack-first \
      -Wl,--initial-memory=1048576 -Wl,--why-extract="$B/wasm/extracted-$v.txt" \
      -o "$B/oc-$v.unopt.wasm" "$B/wasm/core-$v"/*.o "$B/wasm/hot-$v"/*.o "$B/wasm/hotdeps-$v"/*.o "$B/wasm/libdeps.a"
    no_printf "$B/wasm/extracted-$v.txt"
    wasm_opt "$B/oc-$v.unopt.wasm" "$out" $v
    report_size "$out"
  done
}

# The module links no printf, scanf or strtod (9 KB of printf_core alone): numbers are written
# and read by the project's exact number code (oc_num.h; cJSON's calls through
# src/base/oc_cjson_libc.h). The linker's list of the archive members it took says which.
no_printf() {
  local hit
  hit=$(cut -f2 "$1" | grep -E '\((v?[a-z]*printf|v?[a-z]*scanf|strto(d|f|ld)(_l)?|floatscan|fmt_fp)\.o\)' || true)
  [ -z "$hit" ] || die "the module links printf/scanf/strtod: $(echo $hit) (see $1 for who wants it; use oc_num.h)"
}

build_wasm_emcc() {
  local flags=(-Os "${WASM_FEATURES[@]}" -DOC_WASM=1)
  build_deplib emcc emcc emar "${flags[@]}"
  log "building core with Emscripten"
  compile "$B/emcc/core" emcc "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" "${flags[@]}" -- $(core_srcs)
  # Emscripten 3.1.6 has no -sSTACK_FIRST; its wasm-ld takes --stack-first (as the clang build).
  emcc "${flags[@]}" --no-entry -sSTANDALONE_WASM=1 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1048576 \
    -sTOTAL_STACK=65536 -sERROR_ON_UNDEFINED_SYMBOLS=1 -Wl,--stack-first \
    -o "$B/emcc/oc.wasm" "$B/emcc/core"/*.o "$B/emcc/libdeps.a"
  report_size "$B/emcc/oc.wasm"
}

report_size() {
  local raw gz
  raw=$(stat -c %s "$1"); gz=$(gzip -9 -c "$1" | wc -c)
  log "$1: $raw bytes raw, $gz bytes gzip -9"
  printf '%s %s\n' "$raw" "$gz" > "$B/size-$(basename "$1" .wasm).txt"
}

# C tests compiled to a wasm32-wasi command, run under Node's WASI.
build_wasm_tests() {
  setup_toolchain; fetch_deps; gen_test_list
  if [ "$TOOLCHAIN" = emscripten ]; then
    local flags=(-O1 "${WASM_FEATURES[@]}" -DOC_WASM=1)
    build_deplib emcc emcc emar "${flags[@]}" -Os
    compile "$B/emcc/test" emcc "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" -I"$B/gen" -Itests/c "${flags[@]}" -- $(core_srcs) tests/c/*.c
    emcc "${flags[@]}" -sSTANDALONE_WASM=1 -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=1048576 -Wl,--stack-first -o "$B/tests.wasm" "$B/emcc/test"/*.o "$B/emcc/libdeps.a"
    return
  fi
  local flags=(--target=wasm32-wasi "${WSYS[@]}" "${WASM_FEATURES[@]}" -O1 -DOC_WASM=1)
  build_deplib wasmtest "$WCC" "$WAR" "${flags[@]}"
  compile "$B/wasmtest/core" "$WCC" "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" -I"$B/gen" -Itests/c "${flags[@]}" -- $(core_srcs) tests/c/*.c
  "$WCC" "${flags[@]}" -Wl,-z,stack-size=1048576 -Wl,--stack-first -o "$B/tests.wasm" "$B/wasmtest/core"/*.o "$B/wasmtest/libdeps.a"
}

# ---------- native ----------
NATIVE_SAN=(-fsanitize=address,undefined -fno-sanitize=function -fno-sanitize-recover=all -fno-omit-frame-pointer)
build_native_tests() {
  setup_toolchain; fetch_deps; gen_test_list
  local flags=(-g -O1 "${NATIVE_SAN[@]}" -mssse3 -mpclmul)
  build_deplib native "$CC_NATIVE" "$AR_NATIVE" "${flags[@]}"
  log "building native tests (ASan + UBSan)"
  compile "$B/native/core" "$CC_NATIVE" "${COMMON_CFLAGS[@]}" -Werror "${DEP_INC[@]}" -I"$B/gen" -Itests/c "${flags[@]}" -- $(core_srcs) tests/c/*.c
  "$CC_NATIVE" "${flags[@]}" -o "$B/tests-native" "$B/native/core"/*.o "$B/native/libdeps.a"
}

build_fuzz() {
  setup_toolchain; fetch_deps
  local flags=(-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function -fno-sanitize-recover=all -mssse3 -mpclmul)
  build_deplib fuzz "$CC_NATIVE" "$AR_NATIVE" "${flags[@]}"
  compile "$B/fuzz/core" "$CC_NATIVE" "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" "${flags[@]}" -- $(core_srcs)
  local t
  # tests/c/kv_cjson_ref.c: the cJSON record decoders fuzz_kv_scan compares the scanner with.
  for t in tests/fuzz/fuzz_*.c; do
    local n; n=$(basename "$t" .c)
    "$CC_NATIVE" "${COMMON_CFLAGS[@]}" "${DEP_INC[@]}" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize=function -fno-sanitize-recover=all -mssse3 -mpclmul \
      -o "$B/$n" "$t" tests/c/kv_cjson_ref.c "$B/fuzz/core"/*.o "$B/fuzz/libdeps.a"
  done
}

ensure_node_modules() {
  [ -x "$NODE22" ] && [ -d node_modules/miniflare ] && [ -d node_modules/@cloudflare/workers-types ] && return 0
  log "installing npm devDependencies (npm ci)"
  npm ci --no-audit --no-fund
}

serve_demo() {
  ensure_node_modules; build_wasm
  log "serving the demo Worker on http://127.0.0.1:${PORT:-8787}"
  WRANGLER_SEND_METRICS=false exec "$NODE22" node_modules/wrangler/bin/wrangler.js dev --ip 127.0.0.1 --port "${PORT:-8787}" "$@"
}

# ---------- test runners ----------
# Every runner's output passes through count(), which adds its totals to
# $B/counts so `test` can close with one "N passed, N failed" line.
count() {
  local out; out=$(mktemp); local rc=0
  "$@" 2>&1 | tee "$out" || rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1 | cut -d' ' -f1 || true)
  f=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1 | cut -d' ' -f3 || true)
  [ -n "$p" ] || p=$(grep -E '^# pass [0-9]+$' "$out" | tail -1 | cut -d' ' -f3 || true)
  [ -n "$f" ] || f=$(grep -E '^# fail [0-9]+$' "$out" | tail -1 | cut -d' ' -f3 || true)
  echo "${p:-0} ${f:-0}" >> "$B/counts"
  rm -f "$out"
  return "$rc"
}

run_native_tests() { log "C tests, native, ASan + UBSan"; count "$B/tests-native"; }

run_wasm_tests() {
  log "C tests, wasm32 under Node ($TOOLCHAIN)"
  count node --no-warnings tests/run-wasm-tests.mjs "$B/tests.wasm"
}

run_fuzz() {
  local t n corpus
  for t in tests/fuzz/fuzz_*.c; do
    n=$(basename "$t" .c); corpus=tests/fuzz/corpus/${n#fuzz_}
    log "fuzzing $n for ${FUZZ_SECONDS}s"
    mkdir -p "$B/corpus/$n"
    # the fuzzer's own status (under pipefail, "|| true" would leave PIPESTATUS its own)
    local rc=0
    "$B/$n" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 -close_fd_mask=3 \
      -artifact_prefix="$B/$n-" "$B/corpus/$n" "$corpus" > "$B/$n.log" 2>&1 || rc=$?
    tail -n 3 "$B/$n.log"
    [ "$rc" = 0 ] || die "fuzzer $n found a failure, status $rc (artifact in $B, log $B/$n.log)"
    echo "1 0" >> "$B/counts"
  done
}

run_js_tests() {
  log "JS tests in workerd and Node; sample Workers' types (tsc --strict)"
  count "$NODE22" --test --test-concurrency=1 tests/js/*.test.mjs tests/compat/*.test.mjs tests/types/*.test.mjs
}

# The demo's consent page in Debian's chromium (playwright-core drives it).
run_browser_tests() {
  need_pkgs chromium
  log "browser tests (chromium)"
  count "$NODE22" --test --test-concurrency=1 tests/browser/*.test.mjs
}

# The package through its "node" export condition, on the machine's Node (20+) and on Node 22.
run_node_package_tests() {
  log "package under Node $(node --version) and $("$NODE22" --version)"
  count node --test tests/node/*.test.mjs
  count "$NODE22" --test tests/node/*.test.mjs
}

# The package as a user installs it (npm pack), in a sample Worker with its own
# tests under @cloudflare/vitest-pool-workers (tests/worker-project/).
run_worker_project() {
  log "sample Worker on the npm-packed package (vitest-pool-workers)"
  count tests/worker-project/run.sh
}

# The Emscripten build of the module, through the same core tests under Node.
run_emcc_module_tests() {
  log "JS core tests on the Emscripten-built module"
  OC_WASM_PATH="$B/emcc/oc.wasm" count "$NODE22" --test tests/js/core.test.mjs
}

case "${1:-all}" in
  deps) setup_toolchain; fetch_deps ;;
  wasm) build_wasm ;;
  native) build_native_tests ;;
  ctest) build_native_tests; run_native_tests ;;
  wasmtest) build_wasm_tests; run_wasm_tests ;;
  fuzz) build_fuzz; run_fuzz ;;
  timing) build_wasm; log "dudect timing test, wasm under Node 22"; tests/timing/run.sh ;;
  jstest) ensure_node_modules; build_wasm; run_js_tests ;;
  browser) ensure_node_modules; build_wasm; run_browser_tests ;;
  workerproject) ensure_node_modules; build_wasm; run_worker_project ;;
  demo) shift; serve_demo "$@" ;;
  sizes)
    build_wasm >/dev/null 2>&1
    echo "| module | raw bytes | gzip -9 bytes |"; echo "|---|---:|---:|"
    for f in dist/oc.wasm dist/oc-simd128.wasm; do
      echo "| \`$f\` | $(stat -c %s "$f") | $(gzip -9 -c "$f" | wc -c) |"
    done ;;
  emcc) TOOLCHAIN=emscripten; build_wasm; build_wasm_tests; run_wasm_tests; run_emcc_module_tests ;;
  all) build_wasm; build_wasm_tests ;;
  test)
    mkdir -p "$B"; : > "$B/counts"
    ensure_node_modules
    build_wasm
    build_native_tests; run_native_tests
    build_wasm_tests; run_wasm_tests
    build_fuzz; run_fuzz
    log "dudect timing test, wasm under Node 22"; count tests/timing/run.sh
    run_js_tests
    run_node_package_tests
    run_worker_project
    run_browser_tests
    log "emscripten toolchain: wasm-level tests"
    TOOLCHAIN=emscripten "$0" emcc
    awk '{p += $1; f += $2} END {printf "total: %d passed, %d failed\n", p, f; exit f > 0}' "$B/counts"
    ;;
  *) die "unknown step: $1" ;;
esac
