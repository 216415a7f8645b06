#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <sys/types.h>

#include <vector>

namespace Virtumancer::Bench {

/// Prints one JSON object per metric on stdout, the format of every bench (DESIGN §10):
/// {"bench": "startup", "metric": "startup_ms", "value": 212, "unit": "ms", "target": 300}
class Reporter
{
public:
    explicit Reporter(const char *bench)
        : m_bench(bench)
    {}
    /// target < 0: none.
    void metric(const char *name, double value, const char *unit, double target = -1) const;

private:
    const char *m_bench;
};

/// The longest gap between ticks of a 1 ms timer on the thread that made it (the GUI thread),
/// per phase: how long that thread's event loop stalled.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_clock.start();
        m_timer.start();
    }
    /// Starts a new phase: the maximum and gaps so far are returned and reset.
    void restart()
    {
        m_max = 0;
        m_gaps.clear();
        m_last = m_clock.nsecsElapsed();
    }
    double maxMs() const { return m_max; }
    const std::vector<double> &gaps() const { return m_gaps; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double gap = (now - m_last) / 1e6;
        m_last = now;
        m_max = qMax(m_max, gap);
        m_gaps.push_back(gap);
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_max = 0;
    std::vector<double> m_gaps;
};

double median(std::vector<double> values);
double minimum(const std::vector<double> &values);
/// The q-quantile (0..1) by nearest rank.
double quantile(std::vector<double> values, double q);

/// The integer after "--name" in argv, else fallback.
int intArg(int argc, char **argv, const char *name, int fallback);
QString stringArg(int argc, char **argv, const char *name, const QString &fallback = {});
bool flagArg(int argc, char **argv, const char *name);

/// What /proc says about a process.
struct ProcSample
{
    bool ok = false;
    double cpuSeconds = 0; ///< utime + stime
    double rssMib = 0;     ///< VmRSS
    double hwmMib = 0;     ///< VmHWM: peak resident set
};
ProcSample sampleProcess(pid_t pid);

/// The real `virtumancer` GUI binary, started as a child with the bench-ready hook
/// (VIRTUMANCER_BENCH_READY_FD, see app/gui/benchreadyhook.h) on fd 3 and QT_QPA_PLATFORM
/// offscreen unless set. stdout/stderr go to logPath.
class GuiProcess
{
public:
    GuiProcess() = default;
    ~GuiProcess();
    GuiProcess(const GuiProcess &) = delete;
    GuiProcess &operator=(const GuiProcess &) = delete;

    /// Starts it; readyRows = VIRTUMANCER_BENCH_READY_ROWS. Returns false if fork/exec failed.
    bool start(const QStringList &args, int readyRows, const QString &logPath,
               const QList<QByteArray> &extraEnv = {});
    /// Waits for the ready line; the milliseconds since start() (fork), or -1 on timeout/exit.
    double waitReady(int timeoutMs);
    pid_t pid() const { return m_pid; }
    /// SIGTERM, then SIGKILL if it has not gone within a second; reaps it.
    void stop();

private:
    pid_t m_pid = -1;
    int m_readFd = -1;
    qint64 m_startNs = 0;
};

/// A test-driver domain to define on test:///default: one disk, one NIC on "default", VNC.
QByteArray testDomainXml(int index);

/// Path of the GUI executable built with the project ($VIRTUMANCER_BENCH_GUI overrides it).
QString guiExecutable();

/// A TCP socket on 127.0.0.1 that listens and never accepts: the kernel completes the
/// handshake, so a libvirt client connects and then waits forever for an answer — a hung host.
class HungListener
{
public:
    HungListener();
    ~HungListener();
    HungListener(const HungListener &) = delete;
    HungListener &operator=(const HungListener &) = delete;
    int port() const { return m_port; }
    QString uri() const;

private:
    int m_fd = -1;
    int m_port = 0;
};

} // namespace Virtumancer::Bench
