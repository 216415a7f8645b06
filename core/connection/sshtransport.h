#pragma once

// SSH transport done right (issue 7): libvirt's driver+ssh:// transport runs the system `ssh`
// through virtumancer-ssh-helper (URI parameter command=), which asks this process for its
// options (ControlMaster socket, known_hosts file) over the askpass socket and makes ssh use
// the same helper as its SSH_ASKPASS, so host-key questions and passphrase/password prompts
// reach the user through the app (SshPromptBroker), never a terminal the GUI user cannot see.
// Host-key checking is never disabled: the helper passes StrictHostKeyChecking=ask ahead of
// anything else.

#include "model/error.h"

#include <QString>

#include <optional>

namespace Virtumancer::Ssh {

/// True for URIs whose transport runs the system ssh binary: driver+ssh://…
bool usesSystemSsh(const QString &uri);

/// The URI handed to libvirt for uri: a driver+ssh:// URI without its own command= gets
/// command=helperPath(); every other URI comes back unchanged. The stored URI never changes.
QString effectiveUri(const QString &uri);

/// virtumancer-ssh-helper: $VIRTUMANCER_SSH_HELPER if set, else the installed one
/// (<prefix>/libexec/virtumancer/ next to the running binary's <prefix>/bin), else the build
/// tree's.
QString helperPath();

/// A private per-user directory (mode 0700) for the askpass socket and ssh's control sockets:
/// $XDG_RUNTIME_DIR/virtumancer, else /tmp/virtumancer-<uid>. Created on demand; an error if it
/// exists and is not ours or is open to others.
Result<QString> runtimeDir();

/// Where the app process pid listens for the helper: runtimeDir()/askpass-<pid>. The helper,
/// started by libvirt with a scrubbed environment, finds it from its parent's pid.
QString askpassSocketPath(qint64 pid);

/// Who and where a driver+ssh:// (or +libssh) URI logs in to, for opening console tunnels.
struct Target
{
    QString user; ///< empty: ssh's default
    QString host;
    int port = 0; ///< 0: ssh's default
    QString keyfile; ///< the URI's keyfile= parameter, if any
};
std::optional<Target> target(const QString &uri);

} // namespace Virtumancer::Ssh
