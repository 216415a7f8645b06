#include "eventloop.h"

#include "libvirt_p.h"

#include <QLoggingCategory>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <thread>
#include <unistd.h>
#include <vector>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcEventLoop, "virtumancer.core.eventloop", QtInfoMsg)

namespace Virtumancer {

// Why not virEventRegisterDefaultImpl(): since libvirt 6 the default implementation is GLib's
// *global default* main context, and Qt's GLib event dispatcher iterates that same context on
// the GUI thread. Whichever thread polled first dispatched libvirt's callbacks, so they often
// ran on the GUI thread (seen in gdb). This loop is libvirt's documented alternative
// (virEventRegisterImpl): a poll() loop on a thread of its own, so every libvirt callback runs
// here and nowhere else, whatever iterates GLib's default context. (The applications now set
// QT_NO_GLIB=1 and run that context on GlibLoop's thread for spice-glib, core/console/glibloop.h;
// the GUI thread iterates a thread-default context of its own, for libsecret behind QtKeychain.
// Either way libvirt stays off both.)

namespace {

struct Handle
{
    int id;
    int fd;
    int events; ///< VIR_EVENT_HANDLE_* wanted; 0 = disabled
    virEventHandleCallback cb;
    void *opaque;
    virFreeCallback ff;
    bool deleted = false;
};

struct Timer
{
    int id;
    int intervalMs; ///< -1 = disabled, 0 = every iteration
    qint64 dueMs;
    virEventTimeoutCallback cb;
    void *opaque;
    virFreeCallback ff;
    bool deleted = false;
};

struct LoopState
{
    std::once_flag once;
    std::mutex mutex;
    std::vector<Handle> handles;
    std::vector<Timer> timers;
    int nextHandle = 1;
    int nextTimer = 1;
    int wake[2] = {-1, -1}; ///< self-pipe: a write makes poll() return
    std::thread thread;
    std::atomic<bool> running{false};
    std::atomic<bool> quit{false};
};

LoopState &state()
{
    static LoopState s;
    return s;
}

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Makes the loop recompute what it waits for (a handle or timer changed).
void wakeUp()
{
    const char byte = 0;
    // Non-blocking: a full pipe already means "wake up".
    [[maybe_unused]] const ssize_t n = ::write(state().wake[1], &byte, 1);
}

short toPoll(int events)
{
    short p = 0;
    if (events & VIR_EVENT_HANDLE_READABLE)
        p |= POLLIN;
    if (events & VIR_EVENT_HANDLE_WRITABLE)
        p |= POLLOUT;
    return p;
}

int fromPoll(short revents)
{
    int e = 0;
    if (revents & POLLIN)
        e |= VIR_EVENT_HANDLE_READABLE;
    if (revents & POLLOUT)
        e |= VIR_EVENT_HANDLE_WRITABLE;
    if (revents & (POLLERR | POLLNVAL))
        e |= VIR_EVENT_HANDLE_ERROR;
    if (revents & POLLHUP)
        e |= VIR_EVENT_HANDLE_HANGUP;
    return e;
}

int addHandle(int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff)
{
    LoopState &s = state();
    int id;
    {
        std::lock_guard lock(s.mutex);
        id = s.nextHandle++;
        s.handles.push_back(Handle{id, fd, events, cb, opaque, ff});
    }
    wakeUp();
    return id;
}

void updateHandle(int watch, int events)
{
    LoopState &s = state();
    {
        std::lock_guard lock(s.mutex);
        for (Handle &h : s.handles) {
            if (h.id == watch && !h.deleted)
                h.events = events;
        }
    }
    wakeUp();
}

int removeHandle(int watch)
{
    LoopState &s = state();
    int found = -1;
    {
        std::lock_guard lock(s.mutex);
        for (Handle &h : s.handles) {
            if (h.id == watch && !h.deleted) {
                // Freed by the loop after this iteration: libvirt deadlocks if ff runs from
                // inside removeHandle (its docs say so).
                h.deleted = true;
                found = 0;
            }
        }
    }
    wakeUp();
    return found;
}

int addTimeout(int intervalMs, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff)
{
    LoopState &s = state();
    int id;
    {
        std::lock_guard lock(s.mutex);
        id = s.nextTimer++;
        s.timers.push_back(Timer{id, intervalMs, nowMs() + qMax(0, intervalMs), cb, opaque, ff});
    }
    wakeUp();
    return id;
}

void updateTimeout(int timer, int intervalMs)
{
    LoopState &s = state();
    {
        std::lock_guard lock(s.mutex);
        for (Timer &t : s.timers) {
            if (t.id == timer && !t.deleted) {
                t.intervalMs = intervalMs;
                t.dueMs = nowMs() + qMax(0, intervalMs);
            }
        }
    }
    wakeUp();
}

int removeTimeout(int timer)
{
    LoopState &s = state();
    int found = -1;
    {
        std::lock_guard lock(s.mutex);
        for (Timer &t : s.timers) {
            if (t.id == timer && !t.deleted) {
                t.deleted = true;
                found = 0;
            }
        }
    }
    wakeUp();
    return found;
}

/// One turn: wait for a handle or the next timer, dispatch what is ready (without the lock:
/// callbacks add, update and remove handles and timers), then free what was removed.
void runOnce(LoopState &s)
{
    std::vector<pollfd> fds{{s.wake[0], POLLIN, 0}};
    std::vector<int> ids{0};
    int timeoutMs = -1;
    {
        std::lock_guard lock(s.mutex);
        for (const Handle &h : s.handles) {
            if (!h.deleted && h.events != 0) {
                fds.push_back({h.fd, toPoll(h.events), 0});
                ids.push_back(h.id);
            }
        }
        const qint64 now = nowMs();
        for (const Timer &t : s.timers) {
            if (t.deleted || t.intervalMs < 0)
                continue;
            const int wait = int(std::clamp<qint64>(t.dueMs - now, 0, 60 * 60 * 1000));
            timeoutMs = timeoutMs < 0 ? wait : qMin(timeoutMs, wait);
        }
    }
    int ready;
    do {
        ready = ::poll(fds.data(), nfds_t(fds.size()), timeoutMs);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        qCWarning(lcEventLoop) << "poll failed:" << strerror(errno);
        return;
    }
    if (fds[0].revents & POLLIN) {
        char drain[64];
        while (::read(s.wake[0], drain, sizeof drain) > 0) {
        }
    }

    // Timers due now, each re-checked just before its call (an earlier callback may have
    // removed or rescheduled it).
    std::vector<int> due;
    {
        std::lock_guard lock(s.mutex);
        const qint64 now = nowMs();
        for (Timer &t : s.timers) {
            if (!t.deleted && t.intervalMs >= 0 && t.dueMs <= now) {
                t.dueMs = now + t.intervalMs;
                due.push_back(t.id);
            }
        }
    }
    for (int id : due) {
        virEventTimeoutCallback cb = nullptr;
        void *opaque = nullptr;
        {
            std::lock_guard lock(s.mutex);
            for (const Timer &t : s.timers) {
                if (t.id == id && !t.deleted && t.intervalMs >= 0) {
                    cb = t.cb;
                    opaque = t.opaque;
                }
            }
        }
        if (cb)
            cb(id, opaque);
    }

    for (size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents == 0)
            continue;
        virEventHandleCallback cb = nullptr;
        void *opaque = nullptr;
        int fd = -1;
        {
            std::lock_guard lock(s.mutex);
            for (const Handle &h : s.handles) {
                if (h.id == ids[i] && !h.deleted && h.events != 0) {
                    cb = h.cb;
                    opaque = h.opaque;
                    fd = h.fd;
                }
            }
        }
        if (cb)
            cb(ids[i], fd, fromPoll(fds[i].revents), opaque);
    }

    std::vector<std::pair<virFreeCallback, void *>> frees;
    {
        std::lock_guard lock(s.mutex);
        std::erase_if(s.handles, [&frees](const Handle &h) {
            if (h.deleted && h.ff)
                frees.emplace_back(h.ff, h.opaque);
            return h.deleted;
        });
        std::erase_if(s.timers, [&frees](const Timer &t) {
            if (t.deleted && t.ff)
                frees.emplace_back(t.ff, t.opaque);
            return t.deleted;
        });
    }
    for (const auto &[ff, opaque] : frees)
        ff(opaque);
}

void stopAtExit()
{
    LoopState &s = state();
    if (!s.running.load())
        return;
    s.quit.store(true);
    wakeUp();
    if (s.thread.joinable())
        s.thread.join();
}

} // namespace

void LibvirtEventLoop::ensureStarted()
{
    LoopState &s = state();
    std::call_once(s.once, [&s] {
        Libvirt::silenceDefaultErrorPrinting();
        if (virInitialize() < 0) {
            qCCritical(lcEventLoop) << "cannot initialize libvirt:" << Libvirt::lastError().message;
            return;
        }
        if (::pipe2(s.wake, O_CLOEXEC | O_NONBLOCK) < 0) {
            qCCritical(lcEventLoop) << "cannot create the event loop's wake pipe:"
                                    << strerror(errno);
            return;
        }
        virEventRegisterImpl(addHandle, updateHandle, removeHandle, addTimeout, updateTimeout,
                             removeTimeout);
        s.running.store(true);
        s.thread = std::thread([&s] {
            while (!s.quit.load())
                runOnce(s);
            s.running.store(false);
        });
        std::atexit(stopAtExit);
    });
}

bool LibvirtEventLoop::isRunning()
{
    return state().running.load();
}

bool LibvirtEventLoop::isLoopThread()
{
    LoopState &s = state();
    return s.thread.joinable() && std::this_thread::get_id() == s.thread.get_id();
}

} // namespace Virtumancer
