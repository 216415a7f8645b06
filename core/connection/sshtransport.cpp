#include "sshtransport.h"

#include "sshaskpassprotocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QLoggingCategory>
#include <QStringList>
#include <QUrlQuery>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace {
Q_LOGGING_CATEGORY(lcSshTransport, "virtumancer.ssh")
}

namespace Virtumancer::Ssh {

namespace {

/// "qemu+ssh" → "ssh"; "" for URIs without a transport.
QString transportOf(const QString &uri)
{
    const qsizetype colon = uri.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    const QString scheme = uri.left(colon);
    const qsizetype plus = scheme.indexOf(QLatin1Char('+'));
    return plus < 0 ? QString() : scheme.mid(plus + 1).toLower();
}

QString executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).absolutePath();
}

} // namespace

bool usesSystemSsh(const QString &uri)
{
    return transportOf(uri) == QLatin1String("ssh");
}

QString effectiveUri(const QString &uri)
{
    const qsizetype hash = uri.indexOf(QLatin1Char('#'));
    const QString base = hash < 0 ? uri : uri.left(hash);
    const QString fragment = hash < 0 ? QString() : uri.mid(hash);
    const qsizetype question = base.indexOf(QLatin1Char('?'));
    // Items are filtered in their raw (still encoded) form, so the rest reaches libvirt as given.
    QStringList items;
    bool hasCommand = false;
    bool dropped = false;
    if (question >= 0) {
        for (const QString &raw :
             base.mid(question + 1).split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
            const QString key
                = QUrl::fromPercentEncoding(raw.section(QLatin1Char('='), 0, 0).toUtf8()).toLower();
            const QString value
                = QUrl::fromPercentEncoding(raw.section(QLatin1Char('='), 1).toUtf8());
            // Host keys and server certificates are always checked: no_verify=1 (ssh, libssh,
            // tls) and known_hosts_verify=ignore (libssh) never reach libvirt.
            if ((key == QLatin1String("no_verify") && value != QLatin1String("0"))
                || (key == QLatin1String("known_hosts_verify")
                    && value.compare(QLatin1String("ignore"), Qt::CaseInsensitive) == 0)) {
                dropped = true;
                continue;
            }
            hasCommand = hasCommand || key == QLatin1String("command");
            items.append(raw);
        }
    }
    if (dropped)
        qCWarning(lcSshTransport) << "ignoring the URI's request to skip host verification";
    const bool addCommand = usesSystemSsh(uri) && !hasCommand;
    if (!dropped && !addCommand)
        return uri; // byte for byte what was given
    if (addCommand) {
        // libvirt unescapes query values (%XX); '/' needs no escaping.
        items.append(
            QStringLiteral("command=")
            + QString::fromLatin1(QUrl::toPercentEncoding(helperPath(), QByteArrayLiteral("/"))));
    }
    QString out = question < 0 ? base : base.left(question);
    if (!items.isEmpty())
        out += QLatin1Char('?') + items.join(QLatin1Char('&'));
    return out + fragment;
}

QString helperPath()
{
    const QString fromEnv = qEnvironmentVariable("VIRTUMANCER_SSH_HELPER");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // CMAKE_INSTALL_LIBEXECDIR: relative to the prefix (bin/..) or absolute.
    const QString libexec = QStringLiteral(VIRTUMANCER_INSTALL_LIBEXECDIR);
    const QString installed = QDir::cleanPath(
        (libexec.startsWith(QLatin1Char('/')) ? libexec
                                              : executableDir() + QStringLiteral("/../") + libexec)
        + QStringLiteral("/virtumancer/virtumancer-ssh-helper"));
    if (QFileInfo(installed).isExecutable())
        return installed;
    return QStringLiteral(VIRTUMANCER_BUILD_SSH_HELPER);
}

Result<QString> runtimeDir()
{
    const uid_t uid = geteuid();
    const QString dir = SshProtocol::runtimeDirFor(qgetenv("XDG_RUNTIME_DIR"), uid);
    const QByteArray native = QFile::encodeName(dir);
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("cannot create %1: %2")
                             .arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    if (!SshProtocol::isPrivateDir(dir, uid))
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("%1 is not a private directory of this user (it must be "
                                        "owned by uid %2 with mode 0700); remove it or fix it")
                             .arg(dir)
                             .arg(uid));
    return dir;
}

QString askpassSocketPath(qint64 pid)
{
    const auto dir = runtimeDir();
    const QString base
        = dir ? *dir : SshProtocol::runtimeDirFor(qgetenv("XDG_RUNTIME_DIR"), geteuid());
    return SshProtocol::askpassSocketIn(base, pid);
}

std::optional<Target> target(const QString &uri)
{
    const QString transport = transportOf(uri);
    if (transport != QLatin1String("ssh") && transport != QLatin1String("libssh")
        && transport != QLatin1String("libssh2"))
        return std::nullopt;
    const QUrl url(uri);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    Target t;
    t.user = url.userName();
    t.host = url.host();
    t.port = qMax(0, url.port(0));
    const QUrlQuery query(url);
    for (const auto &item : query.queryItems(QUrl::FullyDecoded))
        if (item.first == QLatin1String("keyfile"))
            t.keyfile = item.second;
    return t;
}

} // namespace Virtumancer::Ssh
