#!/usr/bin/env bash
# Installs every Debian 12 package Virtumancer needs to build, run and test.
# Idempotent: safe to run again. Needs root (or sudo).
set -euo pipefail

packages=(
    # build
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-charts-dev libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins qtkeychain-qt6-dev
    libxkbcommon-dev
    libsqlite3-dev libvirt-dev libvncserver-dev libspice-client-glib-2.0-dev
    libgtest-dev libgmock-dev
    # packaging: cpack's DEB generator finds ELF files with file(1) and computes Depends with
    # dpkg-shlibdeps
    dpkg-dev file
    # run: the demo host uses libvirt's in-process test driver (part of libvirt0);
    # Qt's own catalogues (qtbase_de.qm, ...) for the translated GUI
    libvirt0 qt6-translations-l10n
    # remote hosts: qemu+ssh:// runs the system ssh (with our helper as its askpass)
    openssh-client
    # tests: real daemon + QEMU under TCG, keyring, GUI, cache inspection
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
    qemu-utils  # qemu-img: libvirt creates, resizes and reads qcow2 volumes with it
    xvfb xauth x11-apps sqlite3 gnome-keyring dbus dbus-x11 libsecret-tools
    tigervnc-viewer desktop-file-utils appstream imagemagick procps
    # SSH tests: a throwaway sshd on 127.0.0.1 (tests/system/sshd-env.sh); netcat-openbsd is
    # what libvirt's ssh transport falls back to on hosts without virt-ssh-helper
    openssh-server netcat-openbsd
    # tooling
    clang-format-14 libclang-rt-14-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
