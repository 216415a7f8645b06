// bench_vnc: the VNC console's throughput and CPU per frame, against TigerVNC's viewer on the
// same server in the same run (DESIGN §10).
//
// The libvncserver test server (tests/console/vnctestserver.h, in this process, its own
// thread, deferUpdateTime 0) streams 1920×1080 full-frame changes as fast as a client asks for
// them, over loopback TCP. Phases, each --seconds long:
//   raw   VncSession (encodings "raw") shown in a ConsoleView (1:1, offscreen): fps = updates the
//         server sent per second (RFB is pull-based: the client asks for the next one when it
//         has handled the last), cpu_ms_per_frame = this process's CPU minus the server thread's
//         per frame (receiving, copying and painting), painted_fps = the view's paint events,
//         console_max_stall_ms = the longest gap of a 1 ms timer on the GUI thread meanwhile;
//   tight the same with "tight": tight_fps (bounded by the test server's single-threaded
//         encoder), tight_cpu_ms_per_frame;
//   ref   TigerVNC's vncviewer (raw, no auto-select) on an X display (Xvfb started here when
//         DISPLAY is unset): ref_fps counted by the server, ref_cpu_ms_per_frame from
//         /proc/PID/stat of the viewer (the X server's share of drawing is not counted:
//         ref_xvfb_cpu_ms_per_frame reports it when this bench started Xvfb).
//
//   bench_vnc [--seconds 10] [--width 1920] [--height 1080] [--no-ref]

#include "benchutil.h"

#include "common/testutil.h"
#include "console/consoleview.h"
#include "console/tcpsocketsource.h"
#include "console/vncsession.h"
#include "console/vnctestserver.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTimer>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <vector>

extern char **environ;

using namespace Virtumancer;
using namespace Virtumancer::Bench;
using namespace Virtumancer::Test;

namespace {

/// Counts the paint events a widget receives.
class PaintCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

/// CPU seconds of each thread of this process, by "tid name".
std::map<QString, double> threadCpu()
{
    std::map<QString, double> out;
    const double tick = double(sysconf(_SC_CLK_TCK));
    for (const QString &tid :
         QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
        const QList<QByteArray> f = line.mid(close + 2).split(' ');
        if (open < 0 || f.size() < 13)
            continue;
        const QString name
            = tid + QLatin1Char(' ') + QString::fromLatin1(line.mid(open + 1, close - open - 1));
        out[name] = (f[11].toDouble() + f[12].toDouble()) / tick;
    }
    return out;
}

/// Runs the GUI event loop for ms milliseconds (the measuring window).
void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

struct Phase
{
    bool ok = false;
    double fps = 0;
    double cpuMsPerFrame = 0;
    double paintedFps = 0;
    double maxStallMs = 0;
};

Phase measureSession(VncTestServer &server, int port, const QString &encodings, int seconds,
                     ConsoleView &view, PaintCounter &paints, StallMeter &meter)
{
    Phase r;
    VncSession session(std::make_unique<TcpSocketSource>(QStringLiteral("127.0.0.1"), port));
    VncSession::Options options;
    options.encodings = encodings;
    session.setOptions(options);
    view.setSession(&session);
    session.start();
    // Warm-up: connected and a few full frames through.
    const qint64 before = server.framebufferUpdatesSent();
    if (!waitUntil(
            [&] {
                return session.state() == ConsoleState::Connected
                       && server.framebufferUpdatesSent() >= before + 5;
            },
            20000)) {
        std::fprintf(stderr, "bench_vnc: %s session never streamed (%s: %s)\n",
                     qPrintable(encodings), qPrintable(consoleStateName(session.state())),
                     qPrintable(session.stateMessage()));
        view.setSession(nullptr);
        return r;
    }
    const qint64 frames0 = server.framebufferUpdatesSent();
    const double server0 = server.serverCpuSeconds();
    const double cpu0 = processCpuSeconds();
    const int paints0 = paints.count;
    const std::map<QString, double> threads0 = threadCpu();
    QElapsedTimer clock;
    clock.start();
    meter.restart();

    runFor(seconds * 1000);

    const double elapsed = clock.nsecsElapsed() / 1e9;
    r.maxStallMs = meter.maxMs();
    const qint64 frames = server.framebufferUpdatesSent() - frames0;
    const double clientCpu = (processCpuSeconds() - cpu0) - (server.serverCpuSeconds() - server0);
    r.paintedFps = (paints.count - paints0) / elapsed;
    if (frames > 0 && qEnvironmentVariableIsSet("BENCH_VNC_THREADS")) {
        // Where the time goes, per thread (stderr; the server thread is excluded above).
        for (const auto &[name, cpu] : threadCpu()) {
            const double used = cpu - (threads0.contains(name) ? threads0.at(name) : 0.0);
            if (used > 0.01)
                std::fprintf(stderr, "bench_vnc: %s thread %s: %.3f ms/frame\n",
                             qPrintable(encodings), qPrintable(name), used * 1000 / double(frames));
        }
    }
    session.stop();
    view.setSession(nullptr);
    if (frames <= 0)
        return r;
    r.fps = frames / elapsed;
    r.cpuMsPerFrame = clientCpu * 1000 / double(frames);
    r.ok = true;
    return r;
}

/// Xvfb on a free display, started when DISPLAY is unset.
class Xvfb
{
public:
    ~Xvfb()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    bool start()
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return false;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 3); // dup2 clears FD_CLOEXEC
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        char a0[] = "Xvfb", a1[] = "-displayfd", a2[] = "3", a3[] = "-screen", a4[] = "0",
             a5[] = "1920x1200x24", a6[] = "-nolisten", a7[] = "tcp";
        char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, nullptr};
        const int rc = posix_spawnp(&m_pid, "Xvfb", &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            m_pid = -1;
            ::close(fds[0]);
            return false;
        }
        // Xvfb writes its display number once it accepts connections.
        QByteArray number;
        pollfd p{fds[0], POLLIN, 0};
        while (!number.endsWith('\n') && ::poll(&p, 1, 15000) > 0) {
            char c;
            if (::read(fds[0], &c, 1) != 1)
                break;
            number.append(c);
        }
        ::close(fds[0]);
        if (number.trimmed().isEmpty())
            return false;
        m_display = ":" + number.trimmed();
        return true;
    }
    QByteArray display() const { return m_display; }
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    QByteArray m_display;
};

struct RefResult
{
    bool ok = false;
    double fps = 0;
    double cpuMsPerFrame = 0;
    double xvfbCpuMsPerFrame = -1;
};

RefResult measureReference(VncTestServer &server, int port, int seconds)
{
    RefResult r;
    Xvfb xvfb;
    QByteArray display = qgetenv("DISPLAY");
    if (display.isEmpty()) {
        if (!xvfb.start()) {
            std::fprintf(stderr, "bench_vnc: could not start Xvfb for the reference viewer\n");
            return r;
        }
        display = xvfb.display();
    }
    QProcess viewer;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DISPLAY"), QString::fromLatin1(display));
    viewer.setProcessEnvironment(env);
    viewer.setStandardOutputFile(QProcess::nullDevice());
    viewer.setStandardErrorFile(QProcess::nullDevice());
    viewer.start(QStringLiteral("vncviewer"),
                 {QStringLiteral("127.0.0.1::%1").arg(port), QStringLiteral("-AutoSelect=0"),
                  QStringLiteral("-PreferredEncoding=raw"), QStringLiteral("-FullColor=1"),
                  QStringLiteral("-Shared=1")});
    if (!viewer.waitForStarted(10000)) {
        std::fprintf(stderr, "bench_vnc: vncviewer did not start (package tigervnc-viewer)\n");
        return r;
    }
    const pid_t pid = pid_t(viewer.processId());
    const qint64 before = server.framebufferUpdatesSent();
    if (!waitUntil([&] { return server.framebufferUpdatesSent() >= before + 5; }, 20000)) {
        std::fprintf(stderr, "bench_vnc: vncviewer never streamed\n");
        viewer.kill();
        viewer.waitForFinished(5000);
        return r;
    }
    const qint64 frames0 = server.framebufferUpdatesSent();
    const ProcSample cpu0 = sampleProcess(pid);
    const ProcSample x0 = xvfb.pid() > 0 ? sampleProcess(xvfb.pid()) : ProcSample();
    QElapsedTimer clock;
    clock.start();
    runFor(seconds * 1000);
    const double elapsed = clock.nsecsElapsed() / 1e9;
    const qint64 frames = server.framebufferUpdatesSent() - frames0;
    const ProcSample cpu1 = sampleProcess(pid);
    const ProcSample x1 = xvfb.pid() > 0 ? sampleProcess(xvfb.pid()) : ProcSample();
    viewer.terminate();
    if (!viewer.waitForFinished(5000)) {
        viewer.kill();
        viewer.waitForFinished(5000);
    }
    if (frames <= 0 || !cpu0.ok || !cpu1.ok)
        return r;
    r.fps = frames / elapsed;
    r.cpuMsPerFrame = (cpu1.cpuSeconds - cpu0.cpuSeconds) * 1000 / double(frames);
    if (x0.ok && x1.ok)
        r.xvfbCpuMsPerFrame = (x1.cpuSeconds - x0.cpuSeconds) * 1000 / double(frames);
    r.ok = true;
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int seconds = qMax(1, intArg(argc, argv, "--seconds", 10));
    const QSize size(intArg(argc, argv, "--width", 1920), intArg(argc, argv, "--height", 1080));
    const bool withRef = !flagArg(argc, argv, "--no-ref");
    const Reporter report("vnc");

    VncTestServer server(size, {}, 0);
    server.setStreaming(true);
    const int port = server.listenTcp();
    if (port <= 0) {
        std::fprintf(stderr, "bench_vnc: the test server could not listen\n");
        return 1;
    }

    ConsoleView view;
    view.setScaleMode(ConsoleView::ScaleMode::OneToOne);
    view.resize(size);
    view.show();
    PaintCounter paints;
    view.installEventFilter(&paints);
    StallMeter meter;

    const Phase raw
        = measureSession(server, port, QStringLiteral("raw"), seconds, view, paints, meter);
    const Phase tight
        = measureSession(server, port, QStringLiteral("tight"), seconds, view, paints, meter);
    const RefResult ref = withRef ? measureReference(server, port, seconds) : RefResult();

    report.metric("width", size.width(), "px");
    report.metric("height", size.height(), "px");
    report.metric("seconds", seconds, "s");
    if (raw.ok) {
        report.metric("fps", raw.fps, "fps", 120);
        report.metric("cpu_ms_per_frame", raw.cpuMsPerFrame, "ms", ref.ok ? ref.cpuMsPerFrame : -1);
        report.metric("painted_fps", raw.paintedFps, "fps");
        report.metric("console_max_stall_ms", raw.maxStallMs, "ms", 50);
    }
    if (tight.ok) {
        report.metric("tight_fps", tight.fps, "fps");
        report.metric("tight_cpu_ms_per_frame", tight.cpuMsPerFrame, "ms");
        report.metric("tight_max_stall_ms", tight.maxStallMs, "ms", 50);
    }
    if (ref.ok) {
        report.metric("ref_fps", ref.fps, "fps");
        report.metric("ref_cpu_ms_per_frame", ref.cpuMsPerFrame, "ms");
        if (ref.xvfbCpuMsPerFrame >= 0)
            report.metric("ref_xvfb_cpu_ms_per_frame", ref.xvfbCpuMsPerFrame, "ms");
    }
    server.stop();
    return raw.ok && tight.ok && (ref.ok || !withRef) ? 0 : 1;
}
