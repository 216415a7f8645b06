#include "eventloop.h"

#include "libvirt_p.h"

#include <QLoggingCategory>

#include <atomic>
#include <mutex>
#include <thread>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcEventLoop, "virtumancer.core.eventloop", QtInfoMsg)

namespace Virtumancer {

namespace {

struct LoopState
{
    std::once_flag once;
    std::thread thread;
    std::atomic<bool> running{false};
    std::atomic<bool> quit{false};
    int wakeTimer = -1;
};

LoopState &state()
{
    static LoopState s;
    return s;
}

void noop(int, void *) {}

void stopAtExit()
{
    LoopState &s = state();
    if (!s.running.load())
        return;
    s.quit.store(true);
    // A zero timeout makes virEventRunDefaultImpl() return promptly so the loop sees quit.
    virEventUpdateTimeout(s.wakeTimer, 0);
    if (s.thread.joinable())
        s.thread.join();
}

} // namespace

void LibvirtEventLoop::ensureStarted()
{
    LoopState &s = state();
    std::call_once(s.once, [&s] {
        Libvirt::silenceDefaultErrorPrinting();
        if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0) {
            qCCritical(lcEventLoop)
                << "cannot register libvirt's event loop:" << Libvirt::lastError().message;
            return;
        }
        // A long idle timer keeps the loop blocked in poll(); stopAtExit() fires it at once.
        s.wakeTimer = virEventAddTimeout(-1, noop, nullptr, nullptr);
        s.running.store(true);
        s.thread = std::thread([&s] {
            while (!s.quit.load()) {
                if (virEventRunDefaultImpl() < 0)
                    qCWarning(lcEventLoop)
                        << "event loop iteration failed:" << Libvirt::lastError().message;
            }
            s.running.store(false);
        });
        std::atexit(stopAtExit);
    });
}

bool LibvirtEventLoop::isRunning()
{
    return state().running.load();
}

} // namespace Virtumancer
