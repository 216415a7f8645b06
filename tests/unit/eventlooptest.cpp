// Our libvirt event loop (virEventRegisterImpl): handles and timers reach their callbacks on the
// loop's own thread, never the caller's; disabled ones stay quiet; removal frees the opaque data
// later, from the loop.

#include "common/testutil.h"

#include "connection/eventloop.h"

#include <libvirt/libvirt.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fcntl.h>
#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

struct Probe
{
    std::atomic<int> calls{0};
    std::atomic<int> lastEvents{0};
    std::atomic<bool> onLoopThread{false};
    std::atomic<bool> freed{false};
    int fd = -1;
};

void onHandle(int, int fd, int events, void *opaque)
{
    auto *p = static_cast<Probe *>(opaque);
    char buf[16];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    p->lastEvents = events;
    p->onLoopThread = LibvirtEventLoop::isLoopThread();
    ++p->calls;
}

void onTimer(int, void *opaque)
{
    auto *p = static_cast<Probe *>(opaque);
    p->onLoopThread = LibvirtEventLoop::isLoopThread();
    ++p->calls;
}

void onFree(void *opaque)
{
    static_cast<Probe *>(opaque)->freed = true;
}

class EventLoopTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        LibvirtEventLoop::ensureStarted();
        ASSERT_TRUE(LibvirtEventLoop::isRunning());
        ASSERT_EQ(::pipe2(m_pipe, O_NONBLOCK), 0);
    }
    void TearDown() override
    {
        ::close(m_pipe[0]);
        ::close(m_pipe[1]);
    }
    int m_pipe[2] = {-1, -1};
};

TEST_F(EventLoopTest, HandlesFireOnTheLoopThreadOnlyWhileEnabled)
{
    Probe probe;
    const int watch = virEventAddHandle(m_pipe[0], VIR_EVENT_HANDLE_READABLE, onHandle, &probe,
                                        onFree);
    ASSERT_GT(watch, 0);
    EXPECT_FALSE(LibvirtEventLoop::isLoopThread());
    ASSERT_EQ(::write(m_pipe[1], "x", 1), 1);
    ASSERT_TRUE(waitUntil([&] { return probe.calls.load() == 1; }, 2000));
    EXPECT_TRUE(probe.onLoopThread.load());
    EXPECT_TRUE(probe.lastEvents.load() & VIR_EVENT_HANDLE_READABLE);

    // Disabled: data waits unread and nothing is called.
    virEventUpdateHandle(watch, 0);
    ASSERT_EQ(::write(m_pipe[1], "y", 1), 1);
    waitUntil([] { return false; }, 100);
    EXPECT_EQ(probe.calls.load(), 1);
    virEventUpdateHandle(watch, VIR_EVENT_HANDLE_READABLE);
    ASSERT_TRUE(waitUntil([&] { return probe.calls.load() == 2; }, 2000));

    EXPECT_EQ(virEventRemoveHandle(watch), 0);
    ASSERT_TRUE(waitUntil([&] { return probe.freed.load(); }, 2000)) << "ff runs, later";
    ASSERT_EQ(::write(m_pipe[1], "z", 1), 1);
    waitUntil([] { return false; }, 100);
    EXPECT_EQ(probe.calls.load(), 2) << "a removed handle is never called again";
    EXPECT_EQ(virEventRemoveHandle(watch), -1);
}

TEST_F(EventLoopTest, TimersRepeatAtTheirIntervalAndCanBeDisabled)
{
    Probe probe;
    const int timer = virEventAddTimeout(20, onTimer, &probe, onFree);
    ASSERT_GT(timer, 0);
    ASSERT_TRUE(waitUntil([&] { return probe.calls.load() >= 3; }, 2000));
    EXPECT_TRUE(probe.onLoopThread.load());
    virEventUpdateTimeout(timer, -1);
    waitUntil([] { return false; }, 30); // one that was already due may still land
    const int settled = probe.calls.load();
    waitUntil([] { return false; }, 150);
    EXPECT_EQ(probe.calls.load(), settled) << "disabled";
    virEventUpdateTimeout(timer, 0); // every iteration
    ASSERT_TRUE(waitUntil([&] { return probe.calls.load() > settled + 5; }, 2000));
    EXPECT_EQ(virEventRemoveTimeout(timer), 0);
    ASSERT_TRUE(waitUntil([&] { return probe.freed.load(); }, 2000));
}

} // namespace
