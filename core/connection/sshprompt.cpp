#include "sshprompt.h"

#include "sshaskpassprotocol.h"
#include "sshtransport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
#include <QRegularExpression>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Virtumancer {

namespace {
Q_LOGGING_CATEGORY(lcSsh, "virtumancer.ssh")

QPointer<SshPromptBroker> s_instance;

/// The environment ssh needs from the app and libvirt scrubbed: the agent, the display (for a
/// FIDO touch notice or a user's own askpass), Kerberos.
const char *const forwardedEnv[] = {"SSH_AUTH_SOCK", "DISPLAY",    "WAYLAND_DISPLAY",
                                    "XAUTHORITY",    "KRB5CCNAME", "XDG_RUNTIME_DIR"};
} // namespace

SshPrompt parseSshPrompt(const QString &text, const QString &kindEnv)
{
    SshPrompt p;
    p.text = text;
    const QString kind = kindEnv.trimmed().toLower();
    if (kind == QLatin1String("confirm") || kind == QLatin1String("none")) {
        p.kind = SshPrompt::Kind::Confirm;
        p.echo = true;
        return p;
    }
    // Prompts are matched from their start only: a keyboard-interactive prompt is the server's
    // own text (ssh prefixes it with "(user@host) "), and a server must not be able to dress one
    // up as a local passphrase or host-key question.
    static const QRegularExpression serverRe(QStringLiteral("^\\([^)]*\\) "));
    static const QRegularExpression kbdPasswordRe(QStringLiteral("^\\([^)]*\\) Password:\\s*$"));
    if (serverRe.match(text).hasMatch()) {
        p.kind = kbdPasswordRe.match(text).hasMatch() ? SshPrompt::Kind::Password
                                                      : SshPrompt::Kind::Other;
        return p;
    }
    static const QRegularExpression hostRe(
        QStringLiteral("^The authenticity of host '([^']*)' can't be established"));
    static const QRegularExpression fingerprintRe(
        QStringLiteral("^(\\S+) key fingerprint is ((?:SHA256|MD5):\\S+?)\\.?\\s*$"),
        QRegularExpression::MultilineOption);
    const bool continueQuestion
        = text.contains(QLatin1String("Are you sure you want to continue connecting"));
    if (const auto m = hostRe.match(text); m.hasMatch() && continueQuestion) {
        p.kind = SshPrompt::Kind::HostKey;
        p.echo = true;
        QString host = m.captured(1);
        // "[127.0.0.1]:2222 ([127.0.0.1]:2222)", "example.com (192.0.2.1)": the name ssh
        // knows the host by comes first.
        if (const qsizetype paren = host.indexOf(QLatin1String(" (")); paren > 0)
            host.truncate(paren);
        p.host = host;
        if (const auto f = fingerprintRe.match(text); f.hasMatch()) {
            p.keyType = f.captured(1);
            p.fingerprint = f.captured(2);
        }
        return p;
    }
    if (continueQuestion) {
        // Any other "continue connecting?" (a key that differs from the one known for the
        // host's IP address, say) is a warning to read, never a new key to accept in passing.
        p.kind = SshPrompt::Kind::Confirm;
        p.echo = true;
        return p;
    }
    if (text.startsWith(QLatin1String("Enter passphrase for "))) {
        p.kind = SshPrompt::Kind::Passphrase;
        return p;
    }
    static const QRegularExpression passwordRe(QStringLiteral("^\\S+'s password:\\s*$"));
    if (passwordRe.match(text).hasMatch()) {
        p.kind = SshPrompt::Kind::Password;
        return p;
    }
    p.kind = SshPrompt::Kind::Other;
    return p;
}

SshPromptBroker *SshPromptBroker::instance()
{
    if (!s_instance) {
        Q_ASSERT(!QCoreApplication::instance()
                 || QThread::currentThread() == QCoreApplication::instance()->thread());
        qRegisterMetaType<SshPrompt>();
        s_instance = new SshPromptBroker;
        // Goes with the application object, closing (and removing) the socket.
        if (QCoreApplication::instance())
            s_instance->setParent(QCoreApplication::instance());
    }
    return s_instance;
}

namespace {
/// ssh's control sockets (DIR/cm-%C) whose master is gone (killed, crashed): ssh would
/// otherwise refuse to create a new master there and never multiplex to that host again.
void removeStaleControlSockets(const QString &dir)
{
    const QStringList names
        = QDir(dir).entryList({QStringLiteral("cm-*")}, QDir::System | QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const QByteArray path = QFile::encodeName(dir + QLatin1Char('/') + name);
        sockaddr_un addr{};
        if (path.size() >= qsizetype(sizeof(addr.sun_path)))
            continue;
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return;
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) != 0
            && errno == ECONNREFUSED) {
            qCInfo(lcSsh) << "removing stale ssh control socket" << name;
            ::unlink(path.constData());
        }
        ::close(fd);
    }
}
} // namespace

SshPromptBroker::SshPromptBroker()
{
    m_knownHosts = qEnvironmentVariable("VIRTUMANCER_SSH_KNOWN_HOSTS");
    const auto dir = Ssh::runtimeDir();
    if (!dir) {
        m_listenError = dir.error();
        qCWarning(lcSsh) << "ssh prompts will not reach the user:" << m_listenError.message;
        return;
    }
    removeStaleControlSockets(*dir);
    const QString path = Ssh::askpassSocketPath(QCoreApplication::applicationPid());
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    // A socket left by an earlier process with our pid.
    QLocalServer::removeServer(path);
    if (!m_server->listen(path)) {
        m_listenError
            = Error{ErrorCode::ConnectionFailed, 0,
                    QStringLiteral("cannot listen on %1: %2").arg(path, m_server->errorString())};
        qCWarning(lcSsh) << "ssh prompts will not reach the user:" << m_listenError.message;
        delete m_server;
        m_server = nullptr;
        return;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SshPromptBroker::handleConnection);
}

void SshPromptBroker::handleConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        ucred cred = {};
        socklen_t len = sizeof(cred);
        if (getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0
            || cred.uid != geteuid()) {
            qCWarning(lcSsh) << "refused an askpass connection from uid" << cred.uid;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            while (socket->canReadLine()) {
                QByteArray line = socket->readLine(SshProtocol::maxLine);
                handleRequest(socket, line.trimmed());
                SshProtocol::wipe(line);
            }
            if (socket->bytesAvailable() > SshProtocol::maxLine)
                socket->abort();
        });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            // Forget first, then tell: a slot may answer or open a new prompt meanwhile.
            QList<quint64> gone;
            for (auto it = m_pending.begin(); it != m_pending.end();) {
                if (it.value() != socket) {
                    ++it;
                    continue;
                }
                gone.append(it.key());
                m_kinds.remove(it.key());
                it = m_pending.erase(it);
            }
            socket->deleteLater();
            for (const quint64 id : std::as_const(gone))
                Q_EMIT promptCancelled(id);
        });
    }
}

void SshPromptBroker::handleRequest(QLocalSocket *socket, const QByteArray &line)
{
    const QJsonObject request = QJsonDocument::fromJson(line).object();
    const QString op = request.value(QLatin1String("op")).toString();
    if (op == QLatin1String("options")) {
        QJsonObject env;
        for (const char *name : forwardedEnv) {
            const QByteArray value = qgetenv(name);
            if (!value.isEmpty())
                env.insert(QLatin1String(name), QString::fromLocal8Bit(value));
        }
        const auto dir = Ssh::runtimeDir();
        QJsonObject reply{{QStringLiteral("ok"), true},
                          {QStringLiteral("knownHostsFile"), m_knownHosts},
                          {QStringLiteral("env"), env}};
        if (dir)
            reply.insert(QStringLiteral("controlPath"),
                         QString(QString(*dir).replace(QLatin1Char('%'), QStringLiteral("%%"))
                                 + QStringLiteral("/cm-%C")));
        socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
        return;
    }
    if (op != QLatin1String("ask")) {
        socket->write("{\"ok\":false}\n");
        return;
    }
    SshPrompt prompt = parseSshPrompt(request.value(QLatin1String("prompt")).toString(),
                                      request.value(QLatin1String("kind")).toString());
    prompt.destination = request.value(QLatin1String("dest")).toString();
    prompt.id = m_nextId++;
    if (!isSignalConnected(QMetaMethod::fromSignal(&SshPromptBroker::promptRequested))) {
        qCInfo(lcSsh) << "nobody to ask; refused ssh prompt for" << prompt.destination;
        socket->write("{\"ok\":false}\n");
        return;
    }
    m_pending.insert(prompt.id, socket);
    m_kinds.insert(prompt.id, prompt.kind);
    qCInfo(lcSsh) << "ssh asks" << int(prompt.kind) << "for" << prompt.destination;
    Q_EMIT promptRequested(prompt);
}

void SshPromptBroker::answer(quint64 id, bool accepted, const QByteArray &text)
{
    QLocalSocket *socket = m_pending.take(id);
    const SshPrompt::Kind kind = m_kinds.take(id);
    if (!socket)
        return;
    QByteArray reply;
    if (kind == SshPrompt::Kind::HostKey) {
        // ssh reads the word; anything but yes (or the fingerprint) refuses the key.
        reply = accepted ? QByteArrayLiteral("{\"ok\":true,\"answer\":\"yes\"}\n")
                         : QByteArrayLiteral("{\"ok\":true,\"answer\":\"no\"}\n");
    } else if (kind == SshPrompt::Kind::Confirm) {
        // ssh looks only at askpass's exit status here.
        reply = accepted ? QByteArrayLiteral("{\"ok\":true,\"answer\":\"yes\"}\n")
                         : QByteArrayLiteral("{\"ok\":false}\n");
    } else if (accepted) {
        reply.reserve(text.size() * 6 + 32); // \u00XX escapes: no reallocation copies
        reply.append("{\"ok\":true,\"answer\":");
        SshProtocol::appendJsonString(reply, text);
        reply.append("}\n");
    } else {
        reply = QByteArrayLiteral("{\"ok\":false}\n");
    }
    socket->write(reply);
    socket->flush();
    SshProtocol::wipe(reply);
}

} // namespace Virtumancer
