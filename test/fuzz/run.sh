#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh SOURCE_DIR BUILD_DIR SECONDS
#
# Configures BUILD_DIR with clang 19 and BDL_FUZZ (once), builds bdl_fuzz and
# fuzzes for SECONDS from the seed corpus (test/fuzz/corpus, read only); the
# inputs it finds are kept in BUILD_DIR/corpus for the next run. A crash, an
# internal compiler error, a sanitizer report, a leak or an input running
# past 20 s exits non-zero, with the input saved in BUILD_DIR/artifacts.
# FUZZ_ARGS adds libFuzzer options (e.g. -only_ascii=1, -jobs=2).
set -eu
src=$1
build=$2
seconds=$3
cxx=${FUZZ_CXX:-clang++-19}
cc=${FUZZ_CC:-clang-19}
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz: no $cxx (make fuzz installs clang-19 and libclang-rt-19-dev)" >&2
  exit 1
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DBDL_FUZZ=ON >/dev/null
fi
cmake --build "$build" --target bdl_fuzz -j "${JOBS:-2}" | tail -1
mkdir -p "$build/corpus" "$build/artifacts"
exec "$build/bin/bdl_fuzz" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$build/artifacts/" -dict="$src/test/fuzz/bdl.dict" ${FUZZ_ARGS:-} \
  "$build/corpus" "$src/test/fuzz/corpus"
