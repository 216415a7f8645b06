#include "uribuilder.h"

#include <QUrl>

#include <algorithm>

namespace Virtumancer {

namespace {
bool isDriverName(const QString &name)
{
    if (name.isEmpty() || !name.at(0).isLower())
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    });
}

QString schemeSuffix(UriSpec::Transport t)
{
    switch (t) {
    case UriSpec::Transport::Ssh:
        return QStringLiteral("+ssh");
    case UriSpec::Transport::LibSsh:
        return QStringLiteral("+libssh");
    case UriSpec::Transport::Tls:
        return QStringLiteral("+tls");
    case UriSpec::Transport::Tcp:
        return QStringLiteral("+tcp");
    default:
        return {};
    }
}
} // namespace

Result<QString> buildUri(const UriSpec &spec)
{
    if (spec.transport == UriSpec::Transport::Custom) {
        const QString uri = spec.custom.trimmed();
        // What libvirt's own parser needs: a scheme (driver[+transport]) and a path after it.
        const QUrl url(uri, QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty() || !uri.contains(QStringLiteral(":/"))
            || !isDriverName(url.scheme().section(QLatin1Char('+'), 0, 0)))
            return makeError(
                ErrorCode::InvalidArgument,
                QStringLiteral(
                    "\"%1\" is not a libvirt URI (driver[+transport]://[user@host]/path)")
                    .arg(uri));
        return uri;
    }
    if (!isDriverName(spec.driver))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("unknown hypervisor driver \"%1\"").arg(spec.driver));

    QUrl url;
    url.setScheme(spec.driver + schemeSuffix(spec.transport));
    if (spec.driver == QLatin1String("test")) {
        QString path = spec.path.trimmed();
        if (path.isEmpty())
            path = QStringLiteral("/default");
        if (!path.startsWith(QLatin1Char('/')))
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("the node file needs an absolute path"));
        url.setPath(path);
    } else if (spec.driver == QLatin1String("qemu")) {
        url.setPath(spec.system ? QStringLiteral("/system") : QStringLiteral("/session"));
    } else {
        url.setPath(QStringLiteral("/"));
    }

    if (spec.transport != UriSpec::Transport::Local) {
        const QString host = spec.host.trimmed();
        if (host.isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("a remote connection needs a host name"));
        QUrl probe;
        probe.setHost(host, QUrl::StrictMode);
        if (!probe.isValid() || probe.host().isEmpty() || host.contains(QLatin1Char('/'))
            || host.contains(QLatin1Char('@')))
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("\"%1\" is not a valid host name").arg(host));
        url.setHost(host);
        if (spec.port < 0 || spec.port > 65535)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("port %1 is out of range").arg(spec.port));
        if (spec.port > 0)
            url.setPort(spec.port);
        const QString user = spec.user.trimmed();
        if (user.contains(QLatin1Char('@')) || user.contains(QLatin1Char(':'))
            || user.contains(QLatin1Char('/')))
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("\"%1\" is not a valid user name").arg(user));
        if (!user.isEmpty()) {
            if (spec.transport == UriSpec::Transport::Tls
                || spec.transport == UriSpec::Transport::Tcp)
                return makeError(ErrorCode::InvalidArgument,
                                 QStringLiteral("TLS and TCP connections authenticate by "
                                                "certificate or SASL, not by a user in the URI"));
            url.setUserName(user);
        }
    } else if (spec.driver == QLatin1String("test") || spec.driver == QLatin1String("qemu")) {
        // Local URIs have an empty authority: qemu:///system, test:///default.
        url.setHost(QString());
    }
    QString text = url.toString(QUrl::FullyEncoded);
    // QUrl drops the empty authority ("qemu:/system"); libvirt needs it.
    if (spec.transport == UriSpec::Transport::Local && !text.contains(QStringLiteral("://")))
        text.replace(url.scheme() + QLatin1Char(':'), url.scheme() + QStringLiteral("://"));
    return text;
}

QString transportLabel(const QString &uri)
{
    const QString scheme = uri.section(QLatin1Char(':'), 0, 0);
    const QString transport = scheme.section(QLatin1Char('+'), 1);
    if (transport.isEmpty())
        return QStringLiteral("local");
    if (transport == QLatin1String("ssh") || transport == QLatin1String("libssh"))
        return QStringLiteral("SSH");
    return transport.toUpper();
}

} // namespace Virtumancer
