#!/usr/bin/env bash
# README command 2: install dependencies, build, and run every test tier with ctest
# (unit, integration with the test driver, system with a real libvirtd + QEMU the tests start
# themselves — as root). With --sanitize: an ASan/UBSan build running the core tiers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ "${1:-}" = "--sanitize" ]; then
    BUILD_DIR=build-asan BUILD_TYPE=Debug scripts/build.sh -DVIRTUMANCER_SANITIZE=address,undefined
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # libvirt and glib keep process-lifetime allocations that LeakSanitizer would report.
    export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
    ctest --test-dir build-asan --output-on-failure -L 'unit|integration' -j "$(nproc)"
    exit 0
fi
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
