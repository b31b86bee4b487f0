#!/usr/bin/env bash
# Builds tests/timing/dudect_aes.c to wasm32-wasi with the release flags (relaxed swizzle)
# and runs it under Node 22. Needs ./build.sh wasm to have fetched and built the deps.
set -euo pipefail
cd "$(dirname "$0")/../.."
O=build/timing
mkdir -p $O
FLAGS=(--target=wasm32-wasi --sysroot=/usr -isystem /usr/include/wasm32-wasi
  -msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext -mmutable-globals
  -mrelaxed-simd -DOC_AES_RELAXED_SWIZZLE=1 -std=c11 -Os -DOC_WASM=1 -Iinclude -Isrc)
for f in tests/timing/dudect_aes.c tests/timing/leaky_aes.c src/crypto/oc_aes.c src/crypto/oc_wipe.c; do
  clang-19 "${FLAGS[@]}" -c "$f" -o $O/"$(basename "$f" .c)".o
done
# -O0 on the link line only keeps clang from running Debian's wasm-opt (no relaxed SIMD).
clang-19 --target=wasm32-wasi --sysroot=/usr -O0 -o $O/dudect_aes.wasm $O/*.o -lm
exec node_modules/node/bin/node --no-warnings tests/run-wasm-tests.mjs $O/dudect_aes.wasm
