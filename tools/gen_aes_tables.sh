#!/bin/sh
# Regenerates src/crypto/oc_aes_tables.h; the generator checks the tables on all 256 inputs.
set -e
cd "$(dirname "$0")/.."
mkdir -p build
${CC:-clang-19} -std=c11 -O1 -Wall -Wextra -Werror -o build/gen_aes_tables tools/gen_aes_tables.c
build/gen_aes_tables > src/crypto/oc_aes_tables.h.new
mv src/crypto/oc_aes_tables.h.new src/crypto/oc_aes_tables.h
