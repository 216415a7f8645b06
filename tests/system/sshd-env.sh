#!/usr/bin/env bash
# A throwaway sshd on 127.0.0.1 for the SSH tests, as root: its own host key, config and a test
# user key for root, all under one directory; never the system's sshd or the user's keys.
# Usage: sshd-env.sh start|stop|rekey|status   (env: SSHD_DIR, default /tmp/virtumancer-sshd;
#        SSHD_PORT, default 2222)
#   start  generates (once) a host key and a client key (DIR/client, DIR/client.pub, the
#          latter authorised for root; DIR/wrong is a key that is not) and starts sshd
#   rekey  replaces the host key and restarts sshd: clients that know the old key must refuse
set -euo pipefail

dir=${SSHD_DIR:-/tmp/virtumancer-sshd}
port=${SSHD_PORT:-2222}
pidfile=$dir/sshd.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

stop() {
    if running; then
        pid=$(cat "$pidfile")
        kill "$pid" || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -f "$pidfile"
}

start() {
    if [ "$(id -u)" -ne 0 ]; then echo "needs root" >&2; exit 77; fi
    command -v /usr/sbin/sshd >/dev/null || { echo "openssh-server is not installed" >&2; exit 1; }
    mkdir -p "$dir" /run/sshd
    chmod 700 "$dir"
    [ -f "$dir/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -C virtumancer-test-host -f "$dir/hostkey"
    [ -f "$dir/client" ] || ssh-keygen -q -t ed25519 -N '' -C virtumancer-test-client -f "$dir/client"
    [ -f "$dir/wrong" ] || ssh-keygen -q -t ed25519 -N '' -C virtumancer-test-wrong -f "$dir/wrong"
    cp "$dir/client.pub" "$dir/authorized_keys"
    cat > "$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/hostkey
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
CONF
    if running; then return 0; fi
    /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
    for _ in $(seq 1 100); do
        running && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "sshd did not come up; see $dir/sshd.log" >&2
    return 1
}

case "${1:-}" in
start) start ;;
stop) stop ;;
rekey)
    stop
    rm -f "$dir/hostkey" "$dir/hostkey.pub"
    start
    ;;
status) running && echo running || echo stopped ;;
*) echo "usage: $0 start|stop|rekey|status" >&2; exit 2 ;;
esac
