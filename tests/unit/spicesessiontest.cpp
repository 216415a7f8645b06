// SpiceSession without a SPICE server: the key codes it sends (X11 keysyms and XT scancodes
// mapped to spice-glib's form: PC XT set 1, 0xe0-prefixed keys as 0x100 | code), its failures
// and its stop() while a socket is still on its way, and the GLib thread it runs on. The real
// QEMU session is tests/system/spiceconsoletest.cpp.

#include "console/glibloop.h"
#include "console/keysym.h"
#include "console/spicesession.h"

#include "common/testutil.h"

#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>

#include <glib.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Virtumancer;

TEST(SpiceKeys, MapsLettersDigitsAndPunctuationOnAUsLayout)
{
    EXPECT_EQ(spiceScancodeForKeysym('a'), 0x1eu);
    EXPECT_EQ(spiceScancodeForKeysym('A'), 0x1eu) << "the same key, Shift is sent on its own";
    EXPECT_EQ(spiceScancodeForKeysym('z'), 0x2cu);
    EXPECT_EQ(spiceScancodeForKeysym('1'), 0x02u);
    EXPECT_EQ(spiceScancodeForKeysym('!'), 0x02u);
    EXPECT_EQ(spiceScancodeForKeysym('0'), 0x0bu);
    EXPECT_EQ(spiceScancodeForKeysym(' '), 0x39u);
    EXPECT_EQ(spiceScancodeForKeysym('/'), 0x35u);
    EXPECT_EQ(spiceScancodeForKeysym('?'), 0x35u);
    EXPECT_EQ(spiceScancodeForKeysym('`'), 0x29u);
}

TEST(SpiceKeys, MapsNamedKeysWithTheExtendedPrefix)
{
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::ControlL), 0x1du);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::ControlR), 0x11du);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::AltL), 0x38u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::AltR), 0x138u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Delete), 0x153u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Print), 0x137u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Up), 0x148u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::KpEnter), 0x11cu);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Kp0 + 7), 0x47u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::F1), 0x3bu);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::F10), 0x44u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::F12), 0x58u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Escape), 0x01u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::Return), 0x1cu);
}

TEST(SpiceKeys, UnknownKeysymsHaveNoCode)
{
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::DeadGrave), 0u);
    EXPECT_EQ(spiceScancodeForKeysym(Keysym::fromUnicode(U'€')), 0u);
    EXPECT_EQ(spiceScancodeForKeysym(0), 0u);
}

TEST(SpiceKeys, AcceptsQnumAndPrefixedScancodes)
{
    EXPECT_EQ(spiceScancodeForXt(0x1e), 0x1eu);
    EXPECT_EQ(spiceScancodeForXt(0xc8), 0x148u) << "QEMU qnum: Up";
    EXPECT_EQ(spiceScancodeForXt(0x9d), 0x11du) << "QEMU qnum: Right Ctrl";
    EXPECT_EQ(spiceScancodeForXt(0xe053), 0x153u) << "0xe0-prefixed Delete";
    EXPECT_EQ(spiceScancodeForXt(0x153), 0x153u) << "spice-glib's own form";
    // The scancode path and the keysym path agree for the keys both know.
    EXPECT_EQ(spiceScancodeForXt(xtScancodeForEvdev(103)), spiceScancodeForKeysym(Keysym::Up));
    EXPECT_EQ(spiceScancodeForXt(xtScancodeForEvdev(111)), spiceScancodeForKeysym(Keysym::Delete));
}

TEST(GlibLoop, RunsFunctionsOnItsOwnThreadInOrder)
{
    GlibLoop::ensureRunning();
    GlibLoop::ensureRunning(); // idempotent
    EXPECT_FALSE(GlibLoop::isGlibThread());
    std::atomic<int> seen = 0;
    std::atomic<bool> onGlibThread = true;
    std::atomic<bool> inOrder = true;
    for (int i = 0; i < 100; ++i) {
        GlibLoop::invoke([&, i] {
            if (!GlibLoop::isGlibThread())
                onGlibThread = false;
            if (seen.load() != i)
                inOrder = false;
            ++seen;
        });
    }
    std::promise<void> done;
    GlibLoop::invoke([&] { done.set_value(); });
    ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(seen.load(), 100);
    EXPECT_TRUE(onGlibThread.load());
    EXPECT_TRUE(inOrder.load());
}

namespace {
gboolean setFlag(gpointer flag)
{
    static_cast<std::atomic<bool> *>(flag)->store(true);
    return G_SOURCE_REMOVE;
}
} // namespace

// prepareGlibForQt() (testmain.cpp) gives the main thread a GLib context of its own, iterated by
// Qt's event loop: libsecret's callbacks for work started here must arrive here.
TEST(GlibLoop, MainThreadContextRunsSourcesAttachedFromAnyThread)
{
    GMainContext *context = g_main_context_get_thread_default();
    ASSERT_NE(context, nullptr);
    ASSERT_NE(context, g_main_context_default());

    std::atomic<bool> idleRan = false;
    GSource *idle = g_idle_source_new();
    g_source_set_callback(idle, setFlag, &idleRan, nullptr);
    g_source_attach(idle, context);
    g_source_unref(idle);
    EXPECT_TRUE(Virtumancer::Test::waitUntil([&] { return idleRan.load(); }, 2000));

    std::atomic<bool> timeoutRan = false;
    std::thread([&] {
        GSource *timeout = g_timeout_source_new(20);
        g_source_set_callback(timeout, setFlag, &timeoutRan, nullptr);
        g_source_attach(timeout, context);
        g_source_unref(timeout);
    }).join();
    EXPECT_TRUE(Virtumancer::Test::waitUntil([&] { return timeoutRan.load(); }, 2000));
}

namespace {

/// Hands out one end of a socketpair per call (the test keeps the other), optionally only once
/// the test releases it, or an error.
class PairSource : public GraphicsSocketSource
{
public:
    struct Shared
    {
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        std::atomic<int> peer = -1;
        std::optional<Error> error;
        bool wait = false;
    };
    explicit PairSource(std::shared_ptr<Shared> shared)
        : m_shared(std::move(shared))
    {}
    Result<int> openSocket() override
    {
        if (m_shared->wait)
            m_shared->released.wait();
        if (m_shared->error)
            return std::unexpected(*m_shared->error);
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            return makeError(ErrorCode::ConnectionFailed, QStringLiteral("socketpair"));
        m_shared->peer = fds[1];
        return fds[0];
    }

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace

TEST(SpiceSession, FailsWithTheSourcesMessage)
{
    auto shared = std::make_shared<PairSource::Shared>();
    shared->error = Error{ErrorCode::ConnectionFailed, 0, QStringLiteral("no route to the VM")};
    SpiceSession session(std::make_unique<PairSource>(shared));
    EXPECT_EQ(session.protocol(), ConsoleSession::Protocol::Spice);
    session.start();
    EXPECT_EQ(session.state(), ConsoleState::Connecting);
    ASSERT_TRUE(
        Virtumancer::Test::waitUntil([&] { return session.state() == ConsoleState::Failed; }));
    EXPECT_EQ(session.stateMessage(), QStringLiteral("no route to the VM"));
}

TEST(SpiceSession, FailsWhenThePeerIsNoSpiceServer)
{
    auto shared = std::make_shared<PairSource::Shared>();
    SpiceSession session(std::make_unique<PairSource>(shared));
    session.start();
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return shared->peer.load() >= 0; }));
    // Not a SPICE link reply: the handshake fails before anything opened.
    const char garbage[] = "RFB 003.008\n";
    ASSERT_EQ(::write(shared->peer, garbage, sizeof garbage), ssize_t(sizeof garbage));
    ::close(shared->peer);
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] {
        return session.state() == ConsoleState::Failed;
    })) << consoleStateName(session.state()).toStdString();
    EXPECT_FALSE(session.stateMessage().isEmpty());
    EXPECT_TRUE(session.framebuffer()->image.isNull());
}

TEST(SpiceSession, StopDoesNotWaitForASocketStillOnItsWay)
{
    auto shared = std::make_shared<PairSource::Shared>();
    shared->wait = true;
    auto session = std::make_unique<SpiceSession>(std::make_unique<PairSource>(shared));
    session->start();
    QElapsedTimer clock;
    clock.start();
    session->stop();
    EXPECT_LT(clock.elapsed(), 500);
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
    session.reset();

    // The socket that arrives afterwards is closed, not leaked: its peer sees the end.
    shared->release.set_value();
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return shared->peer.load() >= 0; }));
    pollfd peer{shared->peer, POLLIN, 0};
    ASSERT_EQ(::poll(&peer, 1, 5000), 1);
    char byte;
    EXPECT_EQ(::read(shared->peer, &byte, 1), 0);
    ::close(shared->peer);
}

TEST(SpiceSession, InputBeforeAndAfterAConnectionIsHarmless)
{
    auto shared = std::make_shared<PairSource::Shared>();
    shared->error = Error{ErrorCode::ConnectionFailed, 0, QStringLiteral("down")};
    SpiceSession session(std::make_unique<PairSource>(shared));
    session.sendKey(Keysym::ControlL, 0, true);
    session.sendPointer(QPoint(3, 4), Qt::LeftButton);
    session.sendWheel(QPoint(3, 4), 0, 1, Qt::NoButton);
    session.setClipboardText(QStringLiteral("text"));
    session.requestGuestResize(QSize(800, 600));
    EXPECT_FALSE(session.canResizeGuest());
    session.start();
    ASSERT_TRUE(
        Virtumancer::Test::waitUntil([&] { return session.state() == ConsoleState::Failed; }));
    session.sendKey(Keysym::ControlL, 0, false);
    session.sendPointer(QPoint(5, 6), Qt::NoButton);
    EXPECT_FALSE(session.canResizeGuest());
    session.stop();
    session.stop();
    EXPECT_EQ(session.state(), ConsoleState::Disconnected);
}
