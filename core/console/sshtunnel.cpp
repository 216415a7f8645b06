#include "console/sshtunnel.h"

#include "connection/sshtransport.h"

#include <QByteArrayList>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMutex>
#include <QUrl>
#include <QUrlQuery>
#include <QWaitCondition>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

Q_LOGGING_CATEGORY(lcSshTunnel, "virtumancer.core.console.sshtunnel", QtInfoMsg)

namespace Virtumancer {

namespace {

std::atomic<int> s_live{0};

/// What the waiter learns about one tunnel's child, for awaitFirstBytes().
struct TunnelState
{
    QMutex mutex;
    QWaitCondition exited;
    bool done = false;
    QByteArrayList lastLines; ///< ssh's last stderr lines (a few)
};

/// Tunnel states by their socket: an fd number stays ours while its holder keeps it open, and a
/// reused number replaces the entry, so the table never outgrows the process's fd range.
QMutex s_registryMutex;
QHash<int, std::shared_ptr<TunnelState>> s_registry;

std::shared_ptr<TunnelState> stateOf(int fd)
{
    QMutexLocker lock(&s_registryMutex);
    return s_registry.value(fd);
}

Error errnoError(const QString &what, int err)
{
    return Error{ErrorCode::ConnectionFailed, 0,
                 QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(err)))};
}

/// On a detached thread: logs the child's stderr line by line until it closes, then reaps it.
void watchChild(pid_t pid, int errFd, const QString &label,
                const std::shared_ptr<TunnelState> &state)
{
    const auto remember = [&state](const QByteArray &line) {
        QMutexLocker lock(&state->mutex);
        state->lastLines.append(line.left(512));
        while (state->lastLines.size() > 3)
            state->lastLines.removeFirst();
    };
    pthread_setname_np(pthread_self(), "ssh-tunnel");
    QByteArray pending;
    char buffer[1024];
    for (;;) {
        const ssize_t n = ::read(errFd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        pending.append(buffer, n);
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline).trimmed();
            pending.remove(0, newline + 1);
            if (!line.isEmpty()) {
                qCInfo(lcSshTunnel).noquote() << label << "ssh:" << QString::fromLocal8Bit(line);
                remember(line);
            }
        }
    }
    if (!pending.trimmed().isEmpty()) {
        qCInfo(lcSshTunnel).noquote()
            << label << "ssh:" << QString::fromLocal8Bit(pending.trimmed());
        remember(pending.trimmed());
    }
    ::close(errFd);
    int status = 0;
    pid_t r;
    do {
        r = ::waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r == pid && WIFEXITED(status))
        qCInfo(lcSshTunnel).noquote()
            << label << QStringLiteral("closed (ssh exit status %1)").arg(WEXITSTATUS(status));
    else if (r == pid && WIFSIGNALED(status))
        qCInfo(lcSshTunnel).noquote()
            << label << QStringLiteral("closed (ssh killed by signal %1)").arg(WTERMSIG(status));
    else
        qCWarning(lcSshTunnel).noquote() << label << "could not reap ssh pid" << pid;
    {
        QMutexLocker lock(&state->mutex);
        state->done = true;
        state->exited.wakeAll();
    }
    s_live.fetch_sub(1);
}

} // namespace

QString SshTunnel::remoteAddress(const QString &listenAddress)
{
    const QHostAddress a(listenAddress);
    if (listenAddress.isEmpty()
        || (!a.isNull()
            && (a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6)
                || a == QHostAddress(QHostAddress::Any))))
        return QStringLiteral("127.0.0.1");
    if (!a.isNull() && a.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + listenAddress + u']';
    return listenAddress;
}

Result<QStringList> SshTunnel::arguments(const QString &uri, const QString &listenAddress, int port)
{
    const std::optional<Ssh::Target> target = Ssh::target(uri);
    if (!target || target->host.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is not an ssh host URI").arg(uri));
    if (port <= 0 || port > 65535)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("no usable port for a console tunnel (%1)").arg(port));
    QStringList args;
    if (target->port > 0)
        args << QStringLiteral("-p") << QString::number(target->port);
    if (!target->user.isEmpty())
        args << QStringLiteral("-l") << target->user;
    if (!target->keyfile.isEmpty())
        args << QStringLiteral("-i") << target->keyfile;
    args << QStringLiteral("-W")
         << QStringLiteral("%1:%2").arg(remoteAddress(listenAddress)).arg(port)
         << QStringLiteral("--") << target->host;
    return args;
}

Result<int> SshTunnel::spawn(const QString &program, const QStringList &args, const QString &label)
{
    int pair[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
        return std::unexpected(errnoError(QStringLiteral("socketpair"), errno));
    int errPipe[2] = {-1, -1};
    if (::pipe2(errPipe, O_CLOEXEC) < 0) {
        const int err = errno;
        ::close(pair[0]);
        ::close(pair[1]);
        return std::unexpected(errnoError(QStringLiteral("pipe"), err));
    }

    const QByteArray path = QFile::encodeName(program);
    std::vector<QByteArray> storage;
    storage.reserve(size_t(args.size()) + 1);
    storage.push_back(path);
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pair[1], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pair[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    // Nothing else of ours reaches ssh (it would keep sockets of the app open).
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own session: no controlling terminal (prompts go through the helper's askpass), and a
    // Ctrl+C meant for the CLI does not hit ssh first. The spawning thread may block signals
    // (console threads block SIGPIPE): the child starts with none blocked and defaults.
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);

    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, path.constData(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(pair[1]);
    ::close(errPipe[1]);
    if (rc != 0) {
        ::close(pair[0]);
        ::close(errPipe[0]);
        return std::unexpected(errnoError(QStringLiteral("cannot start %1").arg(program), rc));
    }
    s_live.fetch_add(1);
    qCInfo(lcSshTunnel).noquote() << label << "opened: pid" << pid << program << args.join(u' ');
    auto state = std::make_shared<TunnelState>();
    {
        QMutexLocker lock(&s_registryMutex);
        s_registry.insert(pair[0], state);
    }
    std::thread(watchChild, pid, errPipe[0], label, state).detach();
    return pair[0];
}

Result<int> SshTunnel::open(const QString &uri, const QString &listenAddress, int port)
{
    Result<QStringList> args = arguments(uri, listenAddress, port);
    if (!args)
        return std::unexpected(args.error());
    const QString helper = Ssh::helperPath();
    if (helper.isEmpty() || !QFileInfo(helper).isExecutable())
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("cannot open a console tunnel: virtumancer-ssh-helper "
                                        "not found (%1)")
                             .arg(helper.isEmpty() ? QStringLiteral("no path") : helper));
    const QString label
        = QStringLiteral("console tunnel to %1 on %2")
              .arg(args->at(args->indexOf(QStringLiteral("-W")) + 1), QUrl(uri).host());
    // Only a libvirt connection that runs through our helper leaves a control socket behind
    // for the tunnel to share; otherwise ssh logs in once more (it works, it costs a login).
    if (QUrlQuery(QUrl(uri)).hasQueryItem(QStringLiteral("command"))) {
        qCInfo(lcSshTunnel).noquote()
            << label << "makes an SSH connection of its own: the host URI sets its own command=";
    } else if (const Result<QString> dir = Ssh::runtimeDir(); dir) {
        const QStringList sockets
            = QDir(*dir).entryList({QStringLiteral("cm-*")}, QDir::System | QDir::Hidden);
        if (sockets.isEmpty())
            qCInfo(lcSshTunnel).noquote()
                << label << "makes an SSH connection of its own: no ssh control socket in" << *dir;
    }
    return spawn(helper, *args, label);
}

Result<> SshTunnel::awaitFirstBytes(int fd, int timeoutMs, const std::function<bool()> &cancelled)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, int(qMin<qint64>(deadline.remainingTime(), 50)));
        if (ready < 0 && errno != EINTR)
            return std::unexpected(errnoError(QStringLiteral("console tunnel"), errno));
        if (ready > 0) {
            char byte;
            const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n > 0)
                return {};
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            break; // EOF or an error: the tunnel closed before the server said anything
        }
        if (cancelled && cancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("console stopped"));
        if (deadline.hasExpired())
            return {};
    }
    // ssh has closed its end; its stderr (the reason) follows as it exits.
    QString reason;
    if (const std::shared_ptr<TunnelState> state = stateOf(fd)) {
        QMutexLocker lock(&state->mutex);
        if (!state->done)
            state->exited.wait(&state->mutex, QDeadlineTimer(2000));
        QStringList lines;
        for (const QByteArray &line : std::as_const(state->lastLines))
            lines.append(QString::fromLocal8Bit(line));
        reason = lines.join(QStringLiteral("; "));
    }
    return makeError(ErrorCode::ConnectionFailed,
                     reason.isEmpty()
                         ? QStringLiteral("the ssh console tunnel closed before the display "
                                          "server answered")
                         : QStringLiteral("the ssh console tunnel closed before the display "
                                          "server answered: %1")
                               .arg(reason));
}

int SshTunnel::liveCount()
{
    return s_live.load();
}

} // namespace Virtumancer
