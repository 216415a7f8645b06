#!/usr/bin/env bash
# README command 1: install dependencies, build, and show the embedded demo host.
# The demo host is libvirt's test driver serving resources/demo/demo-node.xml in-process:
# no libvirtd is needed. Until the desktop app lands, this shows the demo through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cli=build/app/cli/virtumancer-cli
"$cli" sync demo
"$cli" vm list --host demo
