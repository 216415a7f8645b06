#include "connecterrors.h"

#include <QRegularExpression>
#include <QUrl>

namespace Virtumancer {

namespace {

/// What the URI names: transport and the endpoint, for sentences that say where.
struct Target
{
    QString transport; ///< "ssh", "libssh", "libssh2", "tls", "tcp", "" (local)
    QString user;
    QString host;
    int port = -1;

    bool isSsh() const { return transport == QLatin1String("ssh"); }
    bool isLibssh() const { return transport.startsWith(QLatin1String("libssh")); }
    bool isAnySsh() const { return isSsh() || isLibssh(); }

    int defaultPort() const
    {
        if (isAnySsh())
            return 22;
        if (transport == QLatin1String("tls"))
            return 16514;
        if (transport == QLatin1String("tcp"))
            return 16509;
        return -1;
    }
    int effectivePort() const { return port > 0 ? port : defaultPort(); }

    /// "example.com" or "example.com port 2222" (port only when not the transport's default).
    QString where() const
    {
        const QString name = host.isEmpty() ? QStringLiteral("the host") : host;
        if (port > 0 && port != defaultPort())
            return QStringLiteral("%1 port %2").arg(name).arg(port);
        return name;
    }
    /// known_hosts spelling: "host" on port 22, "[host]:port" otherwise.
    QString knownHostsName() const
    {
        if (port > 0 && port != 22)
            return QStringLiteral("[%1]:%2").arg(host).arg(port);
        return host;
    }
};

Target parseTarget(const QString &uri)
{
    Target t;
    const QUrl url(uri);
    const QString scheme = url.scheme();
    const qsizetype plus = scheme.indexOf(QLatin1Char('+'));
    if (plus >= 0)
        t.transport = scheme.mid(plus + 1).toLower();
    else if (!url.host().isEmpty())
        t.transport = QStringLiteral("tls"); // libvirt's default for a remote host
    t.user = url.userName();
    t.host = url.host();
    t.port = url.port(-1);
    return t;
}

bool has(const QString &text, QLatin1String needle)
{
    return text.contains(needle, Qt::CaseInsensitive);
}

/// ssh's own "remove with:" line from the changed-key banner, if present.
QString sshKeygenCommand(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("(ssh-keygen -f \"[^\"\\n]+\" -R \"[^\"\\n]+\")"));
    const QRegularExpressionMatch m = re.match(text);
    return m.hasMatch() ? m.captured(1) : QString();
}

/// The user ssh logged in as: "root@host: Permission denied (…)" or the URI's user.
QString sshUser(const Target &t, const QString &text)
{
    static const QRegularExpression re(QStringLiteral("([^\\s:@]+)@[^\\s:]+: Permission denied"));
    const QRegularExpressionMatch m = re.match(text);
    if (m.hasMatch())
        return m.captured(1);
    return t.user;
}

QString quoted(const QString &s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

Error explained(ErrorCode code, const Error &raw, const QString &sentence, const QString &original)
{
    Error e = raw;
    e.code = code;
    e.message = sentence + QStringLiteral(" — ") + original;
    return e;
}

} // namespace

Error explainConnectionError(const QString &uri, const Error &raw)
{
    if (raw.code == ErrorCode::None || raw.message.isEmpty())
        return raw;
    const Target t = parseTarget(uri);
    QString original = raw.message;
    original.remove(QLatin1Char('\r'));
    original = original.trimmed();
    const QString &s = original;
    const QString where = t.where();

    // ---- host keys (before authentication: libssh reports a changed key as "authentication
    // failed: !!! SSH HOST KEY VERIFICATION FAILED !!!")
    if (has(s, QLatin1String("REMOTE HOST IDENTIFICATION HAS CHANGED"))
        || (has(s, QLatin1String("Host key for")) && has(s, QLatin1String("has changed")))
        || has(s, QLatin1String("SSH HOST KEY VERIFICATION FAILED"))
        || has(s, QLatin1String("differs from stored identity"))) {
        QString fix = sshKeygenCommand(s);
        if (fix.isEmpty()) {
            static const QRegularExpression stored(
                QStringLiteral("The key is stored in '([^']+)'"));
            const QRegularExpressionMatch m = stored.match(s);
            fix = m.hasMatch() ? QStringLiteral("ssh-keygen -f %1 -R %2")
                                     .arg(quoted(m.captured(1)), quoted(t.knownHostsName()))
                               : QStringLiteral("ssh-keygen -R %1").arg(quoted(t.knownHostsName()));
        }
        return explained(
            ErrorCode::HostKeyChanged, raw,
            QStringLiteral("The SSH host key of %1 has changed since it was accepted, so the "
                           "connection was refused for your safety (someone could be "
                           "intercepting it). If the change is expected (the host was reinstalled "
                           "or re-keyed), remove the old key with `%2` and connect again to "
                           "review the new one.")
                .arg(where, fix),
            original);
    }
    if ((has(s, QLatin1String("was not accepted")) && has(s, QLatin1String("SSH host key")))
        || has(s, QLatin1String("decision to accept host key"))
        || has(s, QLatin1String("Can't verify the session host key"))
        || has(s, QLatin1String("no suitable callback for host key"))) {
        // libvirt's built-in client (qemu+libssh) keeps its own known_hosts file.
        return explained(
            ErrorCode::HostKeyUnknown, raw,
            QStringLiteral("The SSH host key of %1 is not known and was not accepted. libvirt's "
                           "built-in SSH client (qemu+libssh) reads host keys from "
                           "~/.config/libvirt/known_hosts (or the file named by known_hosts=): "
                           "add the host's key there after checking its fingerprint, or use "
                           "qemu+ssh, which asks you to confirm a new key.")
                .arg(where),
            original);
    }
    if (has(s, QLatin1String("Host key verification failed"))
        || (has(s, QLatin1String("No ")) && has(s, QLatin1String("host key is known")))
        || has(s, QLatin1String("failed to validate SSH host key"))) {
        return explained(
            ErrorCode::HostKeyUnknown, raw,
            QStringLiteral("The SSH host key of %1 is not known and was not accepted, so the "
                           "connection was not made. Connect again and accept the key only if "
                           "its fingerprint matches the host's own (ssh-keygen -lf "
                           "/etc/ssh/ssh_host_ed25519_key.pub on the host).")
                .arg(where),
            original);
    }

    // ---- TLS (before authentication: libvirt reports certificate failures as "authentication
    // failed: Failed to verify peer's certificate")
    const QString tlsFiles = QStringLiteral(
        "qemu+tls needs the CA certificate in /etc/pki/CA/cacert.pem and a client certificate "
        "signed by that CA in /etc/pki/libvirt/clientcert.pem with its key in "
        "/etc/pki/libvirt/private/clientkey.pem (as a normal user: ~/.pki/libvirt/cacert.pem, "
        "clientcert.pem, clientkey.pem)");
    if (has(s, QLatin1String("CA certificate")) || has(s, QLatin1String("client certificate"))
        || ((has(s, QLatin1String("client key")) || has(s, QLatin1String("private key")))
            && t.transport == QLatin1String("tls"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("The TLS certificates for %1 could not be read: %2.")
                             .arg(where, tlsFiles),
                         original);
    }
    if (has(s, QLatin1String("certificate")) || has(s, QLatin1String("TLS handshake"))
        || has(s, QLatin1String("gnutls"))) {
        if (has(s, QLatin1String("unexpected TLS packet"))
            || has(s, QLatin1String("TLS packet with unexpected length"))) {
            return explained(
                ErrorCode::ConnectionFailed, raw,
                QStringLiteral("%1 does not speak TLS on that port: check the port (libvirtd "
                               "listens for TLS on 16514) and that listen_tls is enabled.")
                    .arg(where),
                original);
        }
        return explained(
            ErrorCode::ConnectionFailed, raw,
            QStringLiteral("The TLS certificates did not check out for %1: the server's "
                           "certificate must be signed by your CA and name the host as you typed "
                           "it, and yours must be signed by a CA the server trusts. %2.")
                .arg(where, tlsFiles),
            original);
    }

    // ---- authentication
    if (has(s, QLatin1String("Permission denied ("))
        || has(s, QLatin1String("Too many authentication failures"))) {
        const QString user = sshUser(t, s);
        return explained(
            ErrorCode::AuthFailed, raw,
            QStringLiteral("The SSH server on %1 refused the login as %2: check that your key is "
                           "offered (loaded in ssh-agent, ssh-add -l, or named with keyfile=) and "
                           "that its public key is in ~%3/.ssh/authorized_keys on the host.")
                .arg(where, user.isEmpty() ? QStringLiteral("your user") : quoted(user),
                     user.isEmpty() ? QString() : user),
            original);
    }
    if (has(s, QLatin1String("SASL"))
        && (has(s, QLatin1String("authentication failure"))
            || has(s, QLatin1String("user not found"))
            || has(s, QLatin1String("authentication failed")))) {
        return explained(
            ErrorCode::AuthFailed, raw,
            QStringLiteral("libvirtd on %1 refused the SASL login%2: check the user name and "
                           "password (the host's SASL database, saslpasswd2 -a libvirt).")
                .arg(where, t.user.isEmpty() ? QString() : QStringLiteral(" as ") + quoted(t.user)),
            original);
    }
    if (t.isLibssh()
        && (has(s, QLatin1String("rejected by the server"))
            || has(s, QLatin1String("None of the requested authentication methods"))
            || has(s, QLatin1String("failed to authenticate"))
            || has(s, QLatin1String("private key")) || has(s, QLatin1String("public key")))) {
        const QString user = t.user;
        return explained(
            ErrorCode::AuthFailed, raw,
            QStringLiteral("The SSH server on %1 refused the login as %2: check the key given "
                           "with keyfile= (or your ssh-agent), its passphrase, and that its "
                           "public key is in ~%3/.ssh/authorized_keys on the host.")
                .arg(where, user.isEmpty() ? QStringLiteral("your user") : quoted(user),
                     user.isEmpty() ? QString() : user),
            original);
    }
    if (has(s, QLatin1String("authentication failed"))
        || has(s, QLatin1String("authentication unavailable"))) {
        if (has(s, QLatin1String("polkit"))) {
            return explained(
                ErrorCode::AuthFailed, raw,
                QStringLiteral("%1 does not let this user manage libvirt: add the user to the "
                               "libvirt group on the host (or allow it in polkit).")
                    .arg(where),
                original);
        }
        return explained(ErrorCode::AuthFailed, raw,
                         QStringLiteral("%1 refused the login: check the user name and "
                                        "credentials.")
                             .arg(where),
                         original);
    }

    // ---- reaching the host
    const QString sshLabel
        = t.isAnySsh() ? QStringLiteral("SSH server") : QStringLiteral("libvirtd");
    if (has(s, QLatin1String("Could not resolve hostname"))
        || has(s, QLatin1String("Name or service not known"))
        || has(s, QLatin1String("Temporary failure in name resolution"))
        || has(s, QLatin1String("No address associated with hostname"))
        || has(s, QLatin1String("Unable to resolve address"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("The host name %1 could not be resolved: check its "
                                        "spelling and your DNS.")
                             .arg(quoted(t.host)),
                         original);
    }
    if (has(s, QLatin1String("Connection refused"))) {
        QString hint;
        if (t.isAnySsh())
            hint = QStringLiteral("is the SSH server running there, and is the port right?");
        else if (t.transport == QLatin1String("tls"))
            hint = QStringLiteral("is libvirtd listening for TLS (listen_tls, or the "
                                  "virtproxyd-tls socket) on port %1?")
                       .arg(t.effectivePort());
        else
            hint = QStringLiteral("is libvirtd listening for TCP (listen_tcp, or the "
                                  "virtproxyd-tcp socket) on port %1?")
                       .arg(t.effectivePort());
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("%1 refused the connection: %2").arg(where, hint),
                         original);
    }
    if (has(s, QLatin1String("No route to host"))
        || has(s, QLatin1String("Network is unreachable"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("%1 cannot be reached from this computer: check the "
                                        "address, your network and VPN.")
                             .arg(where),
                         original);
    }
    if (has(s, QLatin1String("timed out"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("%1 did not answer in time: it may be down, or a "
                                        "firewall drops the connection to the %2.")
                             .arg(where, sshLabel),
                         original);
    }
    // ssh itself missing on this computer
    if ((has(s, QLatin1String("cannot execute binary")) && has(s, QLatin1String("ssh")))
        || has(s, QLatin1String("Cannot find 'ssh'"))
        || (has(s, QLatin1String("ssh: not found")) && !has(s, QLatin1String("virt-ssh-helper")))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("The ssh program could not be run on this computer: "
                                        "install the OpenSSH client (openssh-client)."),
                         original);
    }
    // the remote end lacks libvirt's tools
    if (has(s, QLatin1String("virt-ssh-helper: not found"))
        || has(s, QLatin1String("nc: not found")) || has(s, QLatin1String("nc: command not found"))
        || has(s, QLatin1String("virt-ssh-helper: command not found"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("%1 does not have libvirt installed (neither "
                                        "virt-ssh-helper nor nc was found there): install "
                                        "libvirt on the host.")
                             .arg(where),
                         original);
    }
    // the remote libvirt daemon is not running (its socket is missing)
    static const QRegularExpression socketMissing(
        QStringLiteral("(Failed to connect socket to '[^']+'|nc: [^:\\s]+sock[^:\\s]*): No such "
                       "file or directory"));
    if (socketMissing.match(s).hasMatch()) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("libvirt is not running on %1 (its socket does not "
                                        "exist): start libvirtd, or virtqemud, there.")
                             .arg(where),
                         original);
    }
    if (has(s, QLatin1String("Failed to connect socket to"))
        && has(s, QLatin1String("Permission denied"))) {
        return explained(ErrorCode::ConnectionFailed, raw,
                         QStringLiteral("%1 does not let this user use libvirt: add the user to "
                                        "the libvirt group on the host.")
                             .arg(where),
                         original);
    }
    return raw;
}

} // namespace Virtumancer
