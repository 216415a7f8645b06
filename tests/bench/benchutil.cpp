#include "benchutil.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace Virtumancer::Bench {

namespace {

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

void Reporter::metric(const char *name, double value, const char *unit, double target) const
{
    QJsonObject o{{QStringLiteral("bench"), QLatin1String(m_bench)},
                  {QStringLiteral("metric"), QLatin1String(name)},
                  {QStringLiteral("value"), std::round(value * 1000) / 1000},
                  {QStringLiteral("unit"), QLatin1String(unit)}};
    if (target >= 0)
        o.insert(QStringLiteral("target"), target);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double minimum(const std::vector<double> &values)
{
    return values.empty() ? -1 : *std::min_element(values.begin(), values.end());
}

double quantile(std::vector<double> values, double q)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(q * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

int intArg(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], name) == 0)
            return QByteArray(argv[i + 1]).toInt();
    }
    return fallback;
}

QString stringArg(int argc, char **argv, const char *name, const QString &fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], name) == 0)
            return QString::fromLocal8Bit(argv[i + 1]);
    }
    return fallback;
}

bool flagArg(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

ProcSample sampleProcess(pid_t pid)
{
    ProcSample s;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!stat.open(QIODevice::ReadOnly) || !status.open(QIODevice::ReadOnly))
        return s;
    // Fields after the command name (which may hold spaces) start at field 3 (state);
    // utime and stime are fields 14 and 15.
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return s;
    const double tick = double(sysconf(_SC_CLK_TCK));
    s.cpuSeconds = (fields[11].toDouble() + fields[12].toDouble()) / tick;
    for (const QByteArray &l : status.readAll().split('\n')) {
        const auto kib = [&l] { return l.mid(6).trimmed().split(' ').value(0).toDouble(); };
        if (l.startsWith("VmRSS:"))
            s.rssMib = kib() / 1024;
        else if (l.startsWith("VmHWM:"))
            s.hwmMib = kib() / 1024;
    }
    s.ok = true;
    return s;
}

QByteArray testDomainXml(int index)
{
    const QByteArray n = QByteArray::number(index);
    const QByteArray uuid = QByteArray::number(0xbe000000u + uint(index), 16) + "-0000-4000-8000-"
                            + QByteArray::number(index, 16).rightJustified(12, '0');
    return "<domain type='test'><name>bench-vm-" + n + "</name><uuid>" + uuid
           + "</uuid><memory unit='MiB'>" + QByteArray::number(512 * (1 + index % 8))
           + "</memory><vcpu>" + QByteArray::number(1 + index % 4)
           + "</vcpu><os><type arch='x86_64'>hvm</type></os><devices>"
             "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
             "<source file='/var/lib/libvirt/images/bench-"
           + n
           + ".qcow2'/><target dev='vda' bus='virtio'/></disk>"
             "<interface type='network'><source network='default'/><model type='virtio'/>"
             "</interface><graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
             "</devices></domain>";
}

QString guiExecutable()
{
    // VIRTUMANCER_BENCH_GUI: another build of the app, for an A/B comparison in one run.
    const QString other = qEnvironmentVariable("VIRTUMANCER_BENCH_GUI");
    return other.isEmpty() ? QStringLiteral(VIRTUMANCER_GUI_PATH) : other;
}

GuiProcess::~GuiProcess()
{
    stop();
}

bool GuiProcess::start(const QStringList &args, int readyRows, const QString &logPath,
                       const QList<QByteArray> &extraEnv)
{
    // Everything exec needs is built before fork: the child only dup2()s and execs.
    QList<QByteArray> argStore{QFile::encodeName(guiExecutable())};
    for (const QString &a : args)
        argStore.append(a.toLocal8Bit());
    QList<QByteArray> envStore;
    for (char **e = environ; *e; ++e)
        envStore.append(*e);
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        envStore.append("QT_QPA_PLATFORM=offscreen");
    envStore.append("VIRTUMANCER_BENCH_READY_FD=3");
    envStore.append("VIRTUMANCER_BENCH_READY_ROWS=" + QByteArray::number(readyRows));
    envStore += extraEnv;
    std::vector<char *> argv, envp;
    for (QByteArray &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (QByteArray &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    const int logFd = ::open(QFile::encodeName(logPath).constData(),
                             O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    m_startNs = monotonicNs();
    const pid_t pid = fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        if (logFd >= 0)
            ::close(logFd);
        return false;
    }
    if (pid == 0) {
        // dup2 clears FD_CLOEXEC on the copy: fd 3 survives exec, the originals do not.
        dup2(fds[1], 3);
        if (logFd >= 0) {
            dup2(logFd, STDOUT_FILENO);
            dup2(logFd, STDERR_FILENO);
        }
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    ::close(fds[1]);
    if (logFd >= 0)
        ::close(logFd);
    m_pid = pid;
    m_readFd = fds[0];
    return true;
}

double GuiProcess::waitReady(int timeoutMs)
{
    QByteArray got;
    const qint64 deadline = monotonicNs() + qint64(timeoutMs) * 1000000;
    while (!got.contains('\n')) {
        const qint64 left = (deadline - monotonicNs()) / 1000000;
        if (left <= 0)
            return -1;
        pollfd p{m_readFd, POLLIN, 0};
        const int r = poll(&p, 1, int(left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        char buf[256];
        const ssize_t n = read(m_readFd, buf, sizeof buf);
        if (n <= 0)
            return -1; // exited without being ready
        got.append(buf, n);
    }
    return double(monotonicNs() - m_startNs) / 1e6;
}

void GuiProcess::stop()
{
    if (m_readFd >= 0) {
        ::close(m_readFd);
        m_readFd = -1;
    }
    if (m_pid <= 0)
        return;
    kill(m_pid, SIGTERM);
    // Wait up to a second for it to go (a pidfd becomes readable when the process exits),
    // then SIGKILL.
    const int pidfd = int(syscall(SYS_pidfd_open, m_pid, 0));
    if (pidfd >= 0) {
        pollfd p{pidfd, POLLIN, 0};
        poll(&p, 1, 1000);
        ::close(pidfd);
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return;
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, &status, 0);
    m_pid = -1;
}

HungListener::HungListener()
{
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (m_fd < 0 || bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0
        || listen(m_fd, 128) != 0
        || getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        std::fprintf(stderr, "hung listener: %s\n", std::strerror(errno));
        return;
    }
    m_port = ntohs(addr.sin_port);
}

HungListener::~HungListener()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString HungListener::uri() const
{
    return QStringLiteral("qemu+tcp://127.0.0.1:%1/system").arg(m_port);
}

} // namespace Virtumancer::Bench
