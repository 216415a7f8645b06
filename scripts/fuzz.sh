#!/usr/bin/env bash
# Fuzzes the VNC console (VncSession over libvncclient) with libFuzzer, ASan and UBSan:
#
#   scripts/fuzz.sh [SECONDS] [libFuzzer options...]      (default 60 s)
#
# Configures a separate clang build (build-fuzz, VIRTUMANCER_FUZZ=ON) and builds only the fuzz
# target against the core sources, writes the hand-made seed corpus (tests/fuzz/fuzzdriver.cpp),
# then runs libFuzzer. Crashes, sanitizer reports and hangs are saved as
# build-fuzz/vncfuzz-artifacts/crash-*; replay one with
#   build-fuzz/tests/fuzz/vncfuzz build-fuzz/vncfuzz-artifacts/crash-...
# (or with the g++ build: build/tests/fuzz/vncfuzz_smoke FILE).
#
# Compiler: clang 16 (Debian 12's clang-16). GCC 12's libstdc++ only declares std::expected when
# __cpp_concepts >= 202002L, which no clang of Debian 12 announces although clang 16 implements
# what <expected> needs (P0848); clang 14 does not, so it cannot build the project.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
[ $# -gt 0 ] && shift
CXX_FUZZ="${CXX_FUZZ:-clang++-16}"
BUILD_DIR="${BUILD_DIR:-build-fuzz}"

# The build and test dependencies come from scripts/install-deps.sh; clang 16 is needed only
# here, so CI (which runs the same target over a fixed corpus with g++) does not install it.
if ! command -v "$CXX_FUZZ" >/dev/null; then
    scripts/install-deps.sh
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        clang-16 libclang-rt-16-dev
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$CXX_FUZZ" "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS="-D__cpp_concepts=202002L -Wno-macro-redefined -Wno-builtin-macro-redefined" \
    -DVIRTUMANCER_SANITIZE=fuzzer-no-link,address,undefined \
    -DVIRTUMANCER_FUZZ=ON -DVIRTUMANCER_BUILD_GUI=OFF >/dev/null
cmake --build "$BUILD_DIR" --target vncfuzz vncfuzz_smoke

corpus="$BUILD_DIR/vncfuzz-corpus"
seeds="$BUILD_DIR/vncfuzz-seeds"
artifacts="$BUILD_DIR/vncfuzz-artifacts"
mkdir -p "$corpus" "$artifacts"
"$BUILD_DIR/tests/fuzz/vncfuzz_smoke" --write-corpus "$seeds"

# Leak checking stays off: Qt, GLib and libvncclient keep allocations across inputs that
# libFuzzer's per-input leak check would report. The smoke test (ctest VncFuzzSmoke in the
# sanitizer job) checks leaks at exit instead.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$BUILD_DIR/tests/fuzz/vncfuzz" -max_total_time="$seconds" -timeout=30 \
    -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 -dict=tests/fuzz/vnc.dict \
    -artifact_prefix="$artifacts/" "$@" "$corpus" "$seeds"
