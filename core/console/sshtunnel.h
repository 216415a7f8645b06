#pragma once

// Console sockets for VMs on driver+ssh:// hosts (issue 7). libvirt cannot hand a graphics
// socket over an ssh stream (fd passing needs a UNIX socket), so the console goes through
// `virtumancer-ssh-helper … -W ADDR:PORT -- HOST` instead: the helper runs ssh with the same
// ControlPath as the libvirt connection, so ssh opens one more channel in that connection's
// master (no second SSH connection, no VNC port exposed). Without a master (the URI carries its
// own command=, or libssh) ssh makes a connection of its own: it still works, and is logged.

#include "model/error.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace Virtumancer::SshTunnel {

/// The address a console tunnel connects to on the remote host for a graphics listen address as
/// that host sees it: empty, 0.0.0.0 or :: → 127.0.0.1; an IPv6 address in brackets (for -W).
QString remoteAddress(const QString &listenAddress);

/// The helper's arguments for a tunnel to remoteHost:port on the host of uri (user, port and
/// keyfile from Ssh::target): `[-p PORT] [-l USER] [-i KEYFILE] -W ADDR:PORT -- HOST`.
/// InvalidArgument when uri is not an ssh URI.
Result<QStringList> arguments(const QString &uri, const QString &listenAddress, int port);

/// Starts program with args (posix_spawn, own session, default signal mask), its stdin and
/// stdout one end of a socketpair, its stderr a pipe; returns the other end, owned by the
/// caller. Closing it makes ssh -W see EOF and exit. A detached thread logs the child's stderr
/// and reaps it; nothing here ever waits for the child. label names the tunnel in logs.
Result<int> spawn(const QString &program, const QStringList &args, const QString &label);

/// spawn() of Ssh::helperPath() with arguments(uri, listenAddress, port). Logs when no ssh
/// control socket exists yet (then ssh makes its own connection).
Result<int> open(const QString &uri, const QString &listenAddress, int port);

/// For a tunnel socket (from spawn/open) whose server speaks first (VNC): waits, without
/// reading anything, until the first bytes are there (Ok), the tunnel closed first
/// (ConnectionFailed carrying ssh's last words, e.g. "channel 0: open failed: connect failed:
/// Connection refused") or timeoutMs passed (Ok: the protocol finds out itself). cancelled, if
/// set, is asked every 50 ms (true: Cancelled).
Result<> awaitFirstBytes(int fd, int timeoutMs, const std::function<bool()> &cancelled = {});

/// Tunnel children started by this process that have not been reaped yet.
int liveCount();

} // namespace Virtumancer::SshTunnel
