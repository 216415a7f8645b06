#!/usr/bin/env bash
# Starts or stops a real libvirtd + virtlogd (QEMU under TCG) without systemd, as root.
# Recipe from DESIGN §9. Usage: libvirtd-env.sh start|stop|kill-libvirtd|start-libvirtd|status
set -euo pipefail

pidfile=/var/run/libvirtd.pid
sock=/var/run/libvirt/libvirt-sock
# Besides the unix socket (qemu:///system), the daemon listens on TCP 127.0.0.1 without auth,
# so tests can reach it as a remote host (test+tcp://127.0.0.1:16509/abs/node.xml), through a
# delay proxy when they want a slow link.
conf=/etc/libvirt/virtumancer-test-libvirtd.conf
tcp_port=16509

prepare() {
    mkdir -p /var/log/libvirt /var/run/libvirt /var/lib/libvirt/qemu /var/cache/libvirt/qemu \
             /var/lib/libvirt/images /etc/libvirt
    getent group kvm >/dev/null || groupadd --system kvm
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
    getent passwd libvirt-qemu >/dev/null \
        || useradd --system --gid libvirt-qemu --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
    # The package ships no qemu.conf; without one libvirtd drops QEMU to a user that cannot
    # read our files, and the security driver needs AppArmor/SELinux we do not run.
    if ! grep -q '^security_driver = "none"' /etc/libvirt/qemu.conf 2>/dev/null; then
        cat > /etc/libvirt/qemu.conf <<'CONF'
user = "root"
group = "root"
security_driver = "none"
CONF
    fi
    cat > "$conf" <<CONF
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$tcp_port"
auth_tcp = "none"
CONF
}

# The daemons outlive this script: they must not inherit our caller's descriptors. A
# `flock LOCK cmd` caller holds its lock through one, and a libvirtd left running with it would
# keep every other holder of the lock waiting.
close_inherited_fds() {
    local fd
    for fd in $(ls "/proc/$BASHPID/fd"); do
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

libvirtd_running() {
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start_libvirtd() {
    if libvirtd_running; then return 0; fi
    rm -f "$pidfile"
    [ -f "$conf" ] || prepare
    libvirtd -d --listen -f "$conf"
    for _ in $(seq 1 100); do
        if [ -S "$sock" ] && virsh -c qemu:///system version >/dev/null 2>&1 \
            && virsh -c "test+tcp://127.0.0.1:$tcp_port/default" version >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "libvirtd did not come up" >&2
    return 1
}

close_inherited_fds

case "${1:-}" in
start)
    if [ "$(id -u)" -ne 0 ]; then echo "needs root" >&2; exit 77; fi
    prepare
    if ! [ -S /run/libvirt/virtlogd-sock ] || ! pgrep -x virtlogd >/dev/null; then
        virtlogd -d
        for _ in $(seq 1 100); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.05; done
    fi
    start_libvirtd
    ;;
start-libvirtd)
    start_libvirtd
    ;;
kill-libvirtd)
    if libvirtd_running; then
        pid=$(cat "$pidfile")
        kill -9 "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
        rm -f "$pidfile"
    fi
    ;;
stop)
    if libvirtd_running; then
        for d in $(virsh -c qemu:///system list --name 2>/dev/null); do
            virsh -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
        done
        kill "$(cat "$pidfile")" || true
        rm -f "$pidfile"
    fi
    # Wait for virtlogd to be gone, so a following start never mistakes a dying one for live.
    pkill -x virtlogd || true
    while pgrep -x virtlogd >/dev/null; do sleep 0.05; done
    rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
    ;;
status)
    libvirtd_running && echo running || echo stopped
    ;;
*)
    echo "usage: $0 start|stop|kill-libvirtd|start-libvirtd|status" >&2
    exit 2
    ;;
esac
