// virtumancer-ssh-helper: runs the system ssh for libvirt's driver+ssh:// transport (libvirt
// starts it through the URI's command= parameter) and answers ssh's questions as its
// SSH_ASKPASS by asking the app over a private socket.
//
// Wrapper mode (default): libvirt runs us as `helper -p PORT -l USER [-i KEY] -T -e none -- HOST
// sh -c '…'` with a scrubbed environment; we ask the app (our parent) for its ssh options, then
// exec ssh with host-key checking forced to "ask" ahead of every other argument (ssh keeps the
// first value of an option, so nothing after can turn the check off) and ourselves as askpass.
// Nothing reachable → ssh still runs, in batch mode: key auth to known hosts works, anything
// that needs a question fails with ssh's own message.
//
// Askpass mode (VIRTUMANCER_SSH_ROLE=askpass, set by wrapper mode): ssh runs us with the prompt
// in argv[1]; we pass it to the app and print the answer, or exit 1 when refused.
//
// Never writes a secret anywhere but ssh's pipe; buffers that held one are wiped.

#include "connection/sshaskpassprotocol.h"

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace P = Virtumancer::SshProtocol;

namespace {

void warn(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "virtumancer-ssh-helper: %s%s%s\n", what, detail.isEmpty() ? "" : ": ",
                 detail.constData());
}

qint64 nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

/// A connected socket to path whose server runs as our user, or -1.
int connectTo(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    sockaddr_un addr{};
    if (native.size() >= qsizetype(sizeof(addr.sun_path)))
        return -1;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, native.constData(), size_t(native.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return -1;
    }
    ucred cred = {};
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid()) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool sendAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n
            = ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

/// Reads one line (without the newline) within timeoutMs (< 0: no limit).
bool readLine(int fd, QByteArray *line, int timeoutMs)
{
    line->clear();
    line->reserve(P::maxLine); // grown in place: no reallocation leaves a copy of a secret
    const qint64 deadline = timeoutMs < 0 ? 0 : nowMs() + timeoutMs;
    char c = 0;
    while (line->size() < P::maxLine) {
        pollfd pfd{fd, POLLIN, 0};
        const int wait = timeoutMs < 0 ? -1 : int(qMax<qint64>(0, deadline - nowMs()));
        const int r = ::poll(&pfd, 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        if (c == '\n')
            return true;
        line->append(c);
    }
    return false;
}

/// XDG_RUNTIME_DIR as our parent (the app) has it: libvirt scrubbed ours.
QByteArray parentRuntimeDirEnv()
{
    QFile f(QStringLiteral("/proc/%1/environ").arg(getppid()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> vars = f.readAll().split('\0');
    for (const QByteArray &v : vars)
        if (v.startsWith("XDG_RUNTIME_DIR="))
            return v.mid(16);
    return {};
}

/// The private directories the app may be using, most likely first.
QStringList candidateDirs()
{
    const uid_t uid = geteuid();
    QStringList dirs;
    for (const QByteArray &xdg :
         {qgetenv("XDG_RUNTIME_DIR"), parentRuntimeDirEnv(),
          QByteArray("/run/user/" + QByteArray::number(uid)), QByteArray()}) {
        const QString dir = P::runtimeDirFor(xdg, uid);
        if (!dirs.contains(dir) && P::isPrivateDir(dir, uid))
            dirs.append(dir);
    }
    return dirs;
}

/// ssh expands % and ~ in file options, and splits unquoted values on blanks.
QByteArray sshFileOption(const char *name, QString path, bool escapePercent = true)
{
    if (escapePercent)
        path.replace(QLatin1Char('%'), QStringLiteral("%%"));
    QByteArray value = QFile::encodeName(path);
    if (value.contains(' ') || value.contains('\t'))
        value = '"' + value + '"';
    return QByteArray(name) + '=' + value;
}

/// user@host:port of the ssh command line args, for the prompt's context.
QByteArray destinationOf(const QList<QByteArray> &args)
{
    static const QByteArray withValue = "BbcDEeFIiJLlmOoPpQRSWw";
    QByteArray user;
    QByteArray port;
    QByteArray host;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QByteArray &a = args[i];
        if (a == "--") {
            if (i + 1 < args.size())
                host = args[i + 1];
            break;
        }
        if (!a.startsWith('-') || a.size() < 2) {
            host = a;
            break;
        }
        for (qsizetype j = 1; j < a.size(); ++j) {
            const char flag = a[j];
            if (!withValue.contains(flag))
                continue;
            QByteArray value = a.mid(j + 1);
            if (value.isEmpty() && i + 1 < args.size())
                value = args[++i];
            if (flag == 'l')
                user = value;
            else if (flag == 'p')
                port = value;
            break;
        }
    }
    if (host.contains('@'))
        return host + (port.isEmpty() ? QByteArray() : ':' + port);
    return (user.isEmpty() ? QByteArray() : user + '@') + host
           + (port.isEmpty() ? QByteArray() : ':' + port);
}

int wrapperMain(int argc, char **argv)
{
    QList<QByteArray> passed;
    for (int i = 1; i < argc; ++i)
        passed.append(QByteArray(argv[i]));

    const QStringList dirs = candidateDirs();
    QString socketPath;
    QJsonObject options;
    for (const QString &dir : dirs) {
        const QString path = P::askpassSocketIn(dir, getppid());
        const int fd = connectTo(path);
        if (fd < 0)
            continue;
        QByteArray line;
        if (sendAll(fd, "{\"op\":\"options\"}\n") && readLine(fd, &line, 15000)) {
            options = QJsonDocument::fromJson(line).object();
            if (options.value(QLatin1String("ok")).toBool())
                socketPath = path;
        }
        ::close(fd);
        if (!socketPath.isEmpty())
            break;
    }
    const bool interactive = !socketPath.isEmpty();

    QList<QByteArray> args{QByteArray("ssh"), QByteArray("-o"),
                           QByteArray("StrictHostKeyChecking=ask"), QByteArray("-o"),
                           interactive ? QByteArray("BatchMode=no") : QByteArray("BatchMode=yes"),
                           // A dead link ends the master (and the libvirt connection on it)
                           // instead of leaving a control socket new sessions hang on.
                           QByteArray("-o"), QByteArray("ConnectTimeout=20"), QByteArray("-o"),
                           QByteArray("ServerAliveInterval=15"), QByteArray("-o"),
                           QByteArray("ServerAliveCountMax=3")};
    QString controlPath = options.value(QLatin1String("controlPath")).toString();
    if (controlPath.isEmpty() && !dirs.isEmpty())
        controlPath = dirs.first() + QStringLiteral("/cm-%C");
    if (!controlPath.isEmpty()) {
        args << "-o"
             << "ControlMaster=auto"
             << "-o" << sshFileOption("ControlPath", controlPath, false) << "-o"
             << "ControlPersist=no";
    }
    const QString knownHosts = options.value(QLatin1String("knownHostsFile")).toString();
    if (!knownHosts.isEmpty())
        args << "-o" << sshFileOption("UserKnownHostsFile", knownHosts);
    args.append(passed);

    if (interactive) {
        const QJsonObject env = options.value(QLatin1String("env")).toObject();
        for (auto it = env.begin(); it != env.end(); ++it)
            ::setenv(it.key().toLocal8Bit().constData(),
                     it.value().toString().toLocal8Bit().constData(), 1);
        const QByteArray self
            = QFile::encodeName(QFile::symLinkTarget(QStringLiteral("/proc/self/exe")));
        ::setenv("SSH_ASKPASS", self.constData(), 1);
        ::setenv("SSH_ASKPASS_REQUIRE", "force", 1);
        ::setenv(P::socketEnv, QFile::encodeName(socketPath).constData(), 1);
        ::setenv(P::helperRoleEnv, P::askpassRole, 1);
        ::setenv(P::destEnv, destinationOf(passed).constData(), 1);
    } else {
        ::unsetenv(P::helperRoleEnv);
        ::unsetenv(P::socketEnv);
    }

    std::vector<char *> cargv;
    cargv.reserve(size_t(args.size()) + 1);
    for (QByteArray &a : args)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    ::execvp("ssh", cargv.data());
    warn("cannot run ssh", QByteArray(std::strerror(errno)));
    return 255;
}

int askpassMain(int argc, char **argv)
{
    // This process holds a secret for a moment: no core file, no ptrace by other processes.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    const QString path = QFile::decodeName(qgetenv(P::socketEnv));
    if (path.isEmpty() || !P::isPrivateDir(path.section(QLatin1Char('/'), 0, -2), geteuid())) {
        warn("no private askpass socket; the question is refused");
        return 1;
    }
    const int fd = connectTo(path);
    if (fd < 0) {
        warn("the application is not listening; the question is refused");
        return 1;
    }
    QJsonObject request{
        {QStringLiteral("op"), QStringLiteral("ask")},
        {QStringLiteral("prompt"), argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString()},
        {QStringLiteral("kind"), QString::fromLocal8Bit(qgetenv("SSH_ASKPASS_PROMPT"))},
        {QStringLiteral("dest"), QString::fromLocal8Bit(qgetenv(P::destEnv))}};
    QByteArray line;
    const bool replied = sendAll(fd, QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n')
                         && readLine(fd, &line, -1);
    ::close(fd);
    QByteArray answer;
    int status = 1;
    if (replied && line.startsWith("{\"ok\":true")) {
        status = 0;
        if (P::takeJsonStringField(line, "answer", &answer)) {
            answer.append('\n');
            qsizetype done = 0;
            while (done < answer.size()) {
                const ssize_t n = ::write(STDOUT_FILENO, answer.constData() + done,
                                          size_t(answer.size() - done));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    status = 1;
                    break;
                }
                done += n;
            }
        }
    }
    P::wipe(answer);
    P::wipe(line);
    return status;
}

} // namespace

int main(int argc, char **argv)
{
    if (qgetenv(P::helperRoleEnv) == P::askpassRole)
        return askpassMain(argc, argv);
    return wrapperMain(argc, argv);
}
