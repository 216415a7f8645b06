#include "console/glibloop.h"

#include <QAbstractEventDispatcher>
#include <QByteArray>
#include <QCoreApplication>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <glib.h>

namespace Virtumancer {

namespace {

struct LoopState
{
    std::mutex mutex;
    std::condition_variable changed;
    GMainLoop *loop = nullptr;
    std::thread thread;
    std::thread::id threadId;
    bool running = false;  ///< the thread owns the default context and iterates it
    bool finished = false; ///< the thread left g_main_loop_run()
    bool exitHookInstalled = false;
};

// Never destroyed: the thread may outlive static destruction if stop() had to abandon it.
LoopState &loopState()
{
    static auto *state = new LoopState;
    return *state;
}

void runLoop(GMainLoop *loop)
{
    LoopState &s = loopState();
    GMainContext *context = g_main_context_default();
    // Own the context before anyone is told the loop runs: g_main_context_invoke() from another
    // thread whose thread-default is the global default would otherwise acquire it and run the
    // function right there, on the wrong thread.
    while (!g_main_context_acquire(context))
        g_usleep(1000);
    {
        std::lock_guard lock(s.mutex);
        s.running = true;
    }
    s.changed.notify_all();
    g_main_loop_run(loop);
    g_main_context_release(context);
    {
        std::lock_guard lock(s.mutex);
        s.finished = true;
    }
    s.changed.notify_all();
}

gboolean runFunction(gpointer data)
{
    (*static_cast<std::function<void()> *>(data))();
    return G_SOURCE_REMOVE;
}

void freeFunction(gpointer data)
{
    delete static_cast<std::function<void()> *>(data);
}

} // namespace

void GlibLoop::ensureRunning()
{
    LoopState &s = loopState();
    std::unique_lock lock(s.mutex);
    if (s.running)
        return;
    s.finished = false;
    s.loop = g_main_loop_new(nullptr, FALSE);
    s.thread = std::thread(runLoop, s.loop);
    s.threadId = s.thread.get_id();
    s.changed.wait(lock, [&s] { return s.running; });
    if (!s.exitHookInstalled) {
        s.exitHookInstalled = true;
        std::atexit([] { GlibLoop::stop(); });
    }
}

void GlibLoop::invoke(std::function<void()> fn)
{
    ensureRunning();
    g_main_context_invoke_full(nullptr, G_PRIORITY_DEFAULT, runFunction,
                               new std::function<void()>(std::move(fn)), freeFunction);
}

bool GlibLoop::isGlibThread()
{
    LoopState &s = loopState();
    std::lock_guard lock(s.mutex);
    return s.running && std::this_thread::get_id() == s.threadId;
}

void GlibLoop::stop(int timeoutMs)
{
    LoopState &s = loopState();
    std::unique_lock lock(s.mutex);
    if (!s.running)
        return;
    if (std::this_thread::get_id() == s.threadId) {
        // exit() from inside a GLib callback: the loop ends after it returns; nobody joins.
        g_main_loop_quit(s.loop);
        return;
    }
    g_main_loop_quit(s.loop);
    const bool done = s.changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                         [&s] { return s.finished; });
    s.running = false;
    if (done) {
        s.thread.join();
        g_main_loop_unref(s.loop);
    } else {
        // A callback that never returns: leave the thread (and its loop) behind rather than
        // hang the process's exit.
        s.thread.detach();
    }
    s.loop = nullptr;
    s.threadId = {};
}

namespace {

/// The main thread's own GLib context (see prepareGlibForQt()), null until then.
GMainContext *s_mainContext = nullptr;

} // namespace

/// Iterates a GMainContext from the Qt event loop of the thread that owns it: before the loop
/// sleeps, GLib's prepare/query, with QSocketNotifiers on the context's fds (its wakeup fd among
/// them) and a timer for its next timeout; check/dispatch when one fires. While the context is
/// idle that is a prepare/query per event-loop turn (microseconds) and nothing else.
class MainContextPump : public QObject
{
    Q_OBJECT
public:
    MainContextPump(GMainContext *context, QObject *parent)
        : QObject(parent)
        , m_context(context)
    {
        // This thread iterates the context for good; nobody else may.
        g_main_context_acquire(m_context);
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &MainContextPump::run);
        // GLib wakes a context's fd only for sources attached from another thread; one attached
        // here (by a callback, or by libsecret called from this thread) must be seen by a
        // prepare() before this thread sleeps, as GLib's own loop does.
        connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::aboutToBlock, this,
                [this] {
                    if (!m_running)
                        arm();
                });
        arm();
    }
    ~MainContextPump() override
    {
        m_notifiers.clear();
        g_main_context_release(m_context);
    }

private:
    void arm()
    {
        const bool ready = g_main_context_prepare(m_context, &m_priority);
        int timeout = -1;
        std::vector<GPollFD> fds(std::max<size_t>(m_fds.size(), 4));
        int n = g_main_context_query(m_context, m_priority, &timeout, fds.data(), int(fds.size()));
        if (n > int(fds.size())) {
            fds.resize(size_t(n));
            n = g_main_context_query(m_context, m_priority, &timeout, fds.data(), n);
        }
        fds.resize(size_t(n));
        const bool same = std::equal(fds.begin(), fds.end(), m_fds.begin(), m_fds.end(),
                                     [](const GPollFD &a, const GPollFD &b) {
                                         return a.fd == b.fd && a.events == b.events;
                                     });
        m_fds = std::move(fds);
        if (!same) {
            for (auto &notifier : m_notifiers) {
                notifier->setEnabled(false);
                notifier.release()->deleteLater(); // may be the one whose signal runs now
            }
            m_notifiers.clear();
            for (const GPollFD &fd : m_fds) {
                if (fd.events & (G_IO_IN | G_IO_PRI | G_IO_HUP | G_IO_ERR))
                    addNotifier(fd.fd, QSocketNotifier::Read);
                if (fd.events & G_IO_OUT)
                    addNotifier(fd.fd, QSocketNotifier::Write);
            }
        } else {
            for (auto &notifier : m_notifiers)
                notifier->setEnabled(true);
        }
        if (ready)
            m_timer.start(0);
        else if (timeout >= 0)
            m_timer.start(timeout);
        else
            m_timer.stop();
    }

    void addNotifier(int fd, QSocketNotifier::Type type)
    {
        auto notifier = std::make_unique<QSocketNotifier>(qintptr(fd), type);
        connect(notifier.get(), &QSocketNotifier::activated, this, &MainContextPump::run);
        m_notifiers.push_back(std::move(notifier));
    }

    void run()
    {
        // A callback that spins a nested Qt event loop must not re-enter GLib's dispatch.
        if (m_running)
            return;
        m_running = true;
        m_timer.stop();
        for (auto &notifier : m_notifiers)
            notifier->setEnabled(false);
        for (GPollFD &fd : m_fds)
            fd.revents = 0;
        if (!m_fds.empty())
            g_poll(m_fds.data(), guint(m_fds.size()), 0);
        if (g_main_context_check(m_context, m_priority, m_fds.data(), int(m_fds.size())))
            g_main_context_dispatch(m_context);
        m_running = false;
        arm();
    }

    GMainContext *m_context;
    std::vector<GPollFD> m_fds;
    std::vector<std::unique_ptr<QSocketNotifier>> m_notifiers;
    QTimer m_timer;
    int m_priority = 0;
    bool m_running = false;
};

namespace {

// Runs when the application object is created (Qt's event dispatcher exists by then).
void startMainContextPump()
{
    if (s_mainContext)
        new MainContextPump(s_mainContext, QCoreApplication::instance());
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(startMainContextPump)

void prepareGlibForQt()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", QByteArrayLiteral("1"));
    GlibLoop::ensureRunning();
    // Async GLib work started on the main thread (libsecret behind QtKeychain) completes in the
    // caller's thread-default context. Without one of its own that would be the global default
    // one, i.e. the GLib thread, where QtKeychain's callbacks race its jobs' lifetime on the
    // main thread (seen as a crash in Job::emitFinished). So the main thread gets a context of
    // its own, iterated by its Qt event loop once the application object exists.
    if (!s_mainContext) {
        s_mainContext = g_main_context_new();
        g_main_context_push_thread_default(s_mainContext);
    }
}

} // namespace Virtumancer

#include "glibloop.moc"
