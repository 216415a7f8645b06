#!/usr/bin/env bash
# README command 1: install dependencies, build, and open the desktop app on the embedded demo
# host — libvirt's test driver serving resources/demo/demo-node.xml in-process, no libvirtd.
# Without a display (a bare server), it shows the same inventory through the CLI instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/gui/virtumancer "$@"
fi
echo "demo.sh: no display found; showing the demo host through virtumancer-cli" \
     "(for the window: xvfb-run scripts/demo.sh, or run it from a desktop session)" >&2
cli=build/app/cli/virtumancer-cli
"$cli" sync demo
"$cli" vm list --host demo
