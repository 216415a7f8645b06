// VncSession against the deterministic libvncserver test server: pixels, updates, input,
// passwords, resizes, drops and teardown.

#include "console/consolefactory.h"
#include "console/keysym.h"
#include "console/vncsession.h"
#include "console/vnctestserver.h"

#include "common/testutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>

using namespace Virtumancer;
using Virtumancer::Test::TestServerSource;
using Virtumancer::Test::VncTestServer;
using Virtumancer::Test::waitUntil;

namespace {

constexpr int timeoutMs = 10000;

/// Threads of this process named like the session's protocol thread.
int sessionThreads()
{
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    const QStringList ids = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &id : ids) {
        QFile comm(tasks.filePath(id + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "vnc-session")
            ++count;
    }
    return count;
}

/// Number of pixels whose raw 32-bit words differ (alpha included: the session must hand
/// the view opaque 0xffRRGGBB pixels).
qint64 differingPixels(const QImage &actual, const QImage &expected)
{
    if (actual.size() != expected.size())
        return -1;
    qint64 diff = 0;
    for (int y = 0; y < actual.height(); ++y) {
        const auto *a = reinterpret_cast<const quint32 *>(actual.constScanLine(y));
        const auto *e = reinterpret_cast<const quint32 *>(expected.constScanLine(y));
        for (int x = 0; x < actual.width(); ++x)
            diff += a[x] != (e[x] | 0xff000000u) ? 1 : 0;
    }
    return diff;
}

class VncSessionTest : public ::testing::Test
{
protected:
    void TearDown() override
    {
        // The session's source points at the server: the session goes first.
        session.reset();
        server.reset();
    }

    void makeSession(QSize size = QSize(320, 240), const QByteArray &password = {})
    {
        server = std::make_unique<VncTestServer>(size, password);
        auto src = std::make_unique<TestServerSource>(server.get());
        source = src.get();
        session = std::make_unique<VncSession>(std::move(src));
        states = std::make_unique<QSignalSpy>(session.get(), &ConsoleSession::stateChanged);
        resizes = std::make_unique<QSignalSpy>(session.get(), &ConsoleSession::frameResized);
        passwordRequests
            = std::make_unique<QSignalSpy>(session.get(), &ConsoleSession::passwordRequired);
        // Behave like the view: take what changed on every frameUpdated().
        QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(), [this] {
            taken += session->framebuffer()->takePending();
            ++frameSignals;
        });
    }

    QImage shownImage() const
    {
        QMutexLocker lock(&session->framebuffer()->mutex);
        return session->framebuffer()->image.copy();
    }

    bool pendingTaken() const
    {
        QMutexLocker lock(&session->framebuffer()->mutex);
        return session->framebuffer()->pending.isEmpty();
    }

    /// Waits until the session shows exactly what the server shows and the view (this test)
    /// has taken every pending change.
    bool waitForServerPicture()
    {
        return waitUntil(
            [this] {
                return differingPixels(shownImage(), server->image()) == 0 && pendingTaken();
            },
            timeoutMs);
    }

    bool connectSession()
    {
        session->start();
        return waitUntil([this] { return session->state() == ConsoleState::Connected; }, timeoutMs)
               && waitForServerPicture();
    }

    QList<ConsoleState> stateHistory() const
    {
        QList<ConsoleState> list;
        for (const QList<QVariant> &args : *states)
            list.append(args.at(0).value<ConsoleState>());
        return list;
    }

    std::unique_ptr<VncTestServer> server;
    TestServerSource *source = nullptr; // owned by session
    std::unique_ptr<VncSession> session;
    std::unique_ptr<QSignalSpy> states;
    std::unique_ptr<QSignalSpy> resizes;
    std::unique_ptr<QSignalSpy> passwordRequests;
    QRegion taken;
    int frameSignals = 0;
};

TEST_F(VncSessionTest, ConnectsAndShowsEveryServerPixel)
{
    makeSession(QSize(320, 240));
    EXPECT_EQ(session->protocol(), ConsoleSession::Protocol::Vnc);
    EXPECT_EQ(session->state(), ConsoleState::Idle);

    ASSERT_TRUE(connectSession());

    EXPECT_EQ(stateHistory(),
              (QList<ConsoleState>{ConsoleState::Connecting, ConsoleState::Connected}));
    ASSERT_GE(resizes->size(), 1);
    EXPECT_EQ(resizes->first().at(0).toSize(), QSize(320, 240));
    const QImage shown = shownImage();
    EXPECT_EQ(shown.format(), QImage::Format_RGB32);
    EXPECT_EQ(differingPixels(shown, VncTestServer::expectedImage(QSize(320, 240), 0)), 0);
    EXPECT_TRUE(taken.contains(QRect(0, 0, 320, 240)));
    EXPECT_EQ(passwordRequests->size(), 0);
    // A socketpair is local: raw is preferred.
    EXPECT_EQ(session->activeEncodings(), QStringLiteral("raw copyrect"));
}

TEST_F(VncSessionTest, ScriptedUpdatesMatchAndPendingCoversEveryChange)
{
    makeSession(QSize(320, 240));
    ASSERT_TRUE(connectSession());

    const auto checkStep = [this](const std::function<void()> &change) {
        const QImage before = shownImage();
        taken = QRegion();
        change();
        ASSERT_TRUE(waitForServerPicture());
        const QImage after = shownImage();
        qint64 changed = 0;
        for (int y = 0; y < after.height(); ++y) {
            for (int x = 0; x < after.width(); ++x) {
                if (before.pixel(x, y) != after.pixel(x, y)) {
                    ++changed;
                    ASSERT_TRUE(taken.contains(QPoint(x, y))) << x << "," << y;
                }
            }
        }
        EXPECT_GT(changed, 0);
    };

    checkStep([this] { server->fillRect(QRect(10, 20, 30, 40), qRgb(0x12, 0x34, 0x56)); });
    EXPECT_EQ(shownImage().pixel(10, 20), qRgb(0x12, 0x34, 0x56));
    EXPECT_EQ(shownImage().pixel(39, 59), qRgb(0x12, 0x34, 0x56));
    checkStep([this] { server->changeFullFrame(); });
    EXPECT_EQ(differingPixels(shownImage(), VncTestServer::expectedImage(QSize(320, 240), 1)), 0);
    checkStep([this] { server->fillRect(QRect(300, 230, 50, 50), qRgb(0xff, 0, 0x80)); });
    EXPECT_EQ(shownImage().pixel(319, 239), qRgb(0xff, 0, 0x80));
    // Nothing reached the view without a frameUpdated() signal, and the image was never
    // replaced for an update of unchanged size.
    EXPECT_EQ(resizes->size(), 1);
    EXPECT_GE(frameSignals, 4);
}

TEST_F(VncSessionTest, KeysArriveWithKeysymsAndDownFlags)
{
    makeSession();
    ASSERT_TRUE(connectSession());

    session->sendKey(Keysym::fromUnicode(U'a'), 0x1e, true); // scancode: falls back to keysym
    session->sendKey(Keysym::fromUnicode(U'a'), 0x1e, false);
    session->sendKeyCombination({Keysym::ControlL, Keysym::AltL, Keysym::Delete});
    session->sendKey(Keysym::fromUnicode(U'€'), 0, true);

    ASSERT_TRUE(server->waitForKeyEvents(9, timeoutMs));
    using K = VncTestServer::KeyEvent;
    EXPECT_EQ(server->keyEvents(), (QList<K>{{0x61, true},
                                             {0x61, false},
                                             {Keysym::ControlL, true},
                                             {Keysym::AltL, true},
                                             {Keysym::Delete, true},
                                             {Keysym::Delete, false},
                                             {Keysym::AltL, false},
                                             {Keysym::ControlL, false},
                                             {0x010020ac, true}}));
}

TEST_F(VncSessionTest, PointerAndWheelArriveWithButtonMasks)
{
    makeSession();
    ASSERT_TRUE(connectSession());

    session->sendPointer(QPoint(5, 6), Qt::LeftButton);
    session->sendPointer(QPoint(7, 8), Qt::NoButton);
    session->sendPointer(QPoint(9, 10), Qt::RightButton | Qt::MiddleButton);
    session->sendWheel(QPoint(11, 12), 0, 1, Qt::NoButton);
    session->sendWheel(QPoint(13, 14), 0, -2, Qt::LeftButton);
    session->sendWheel(QPoint(15, 16), 1, 0, Qt::NoButton);
    session->sendWheel(QPoint(17, 18), -1, 0, Qt::NoButton);

    using P = VncTestServer::PointerEvent;
    const QList<P> expected{{QPoint(5, 6), 1},    {QPoint(7, 8), 0},    {QPoint(9, 10), 6},
                            {QPoint(11, 12), 8},  {QPoint(11, 12), 0},  {QPoint(13, 14), 17},
                            {QPoint(13, 14), 1},  {QPoint(13, 14), 17}, {QPoint(13, 14), 1},
                            {QPoint(15, 16), 64}, {QPoint(15, 16), 0},  {QPoint(17, 18), 32},
                            {QPoint(17, 18), 0}};
    ASSERT_TRUE(server->waitForPointerEvents(int(expected.size()), timeoutMs));
    EXPECT_EQ(server->pointerEvents(), expected);
}

TEST_F(VncSessionTest, PointerMotionIsCoalescedButPressesStayWhereTheyHappened)
{
    makeSession();
    ASSERT_TRUE(connectSession());

    for (int i = 0; i < 500; ++i)
        session->sendPointer(QPoint(i % 320, i % 240), Qt::NoButton);
    session->sendPointer(QPoint(100, 50), Qt::LeftButton); // press
    session->sendPointer(QPoint(110, 55), Qt::LeftButton); // drag
    session->sendPointer(QPoint(120, 60), Qt::LeftButton); // drag
    session->sendPointer(QPoint(120, 60), Qt::NoButton);   // release

    using P = VncTestServer::PointerEvent;
    ASSERT_TRUE(server->waitFor(
        [this] {
            const auto events = server->pointerEvents();
            return !events.isEmpty() && events.last() == P{QPoint(120, 60), 0};
        },
        timeoutMs));
    const auto events = server->pointerEvents();
    EXPECT_LE(events.size(), 504);
    const auto press = std::find_if(events.cbegin(), events.cend(),
                                    [](const P &e) { return e.buttonMask == 1; });
    ASSERT_NE(press, events.cend());
    EXPECT_EQ(*press, (P{QPoint(100, 50), 1}));
    EXPECT_EQ(*(press - 1), (P{QPoint(499 % 320, 499 % 240), 0})) << "last motion lost";
    EXPECT_EQ(events.at(events.size() - 2), (P{QPoint(120, 60), 1})) << "last drag lost";
}

TEST_F(VncSessionTest, RightPasswordConnects)
{
    makeSession(QSize(320, 240), "s3cret");
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    EXPECT_EQ(session->state(), ConsoleState::Connecting);
    session->setPassword(QStringLiteral("s3cret"));
    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Connected; }, timeoutMs));
    EXPECT_TRUE(waitForServerPicture());
    EXPECT_EQ(passwordRequests->size(), 1);
}

TEST_F(VncSessionTest, PasswordGivenBeforeStartIsUsedWithoutAsking)
{
    makeSession(QSize(320, 240), "s3cret");
    session->setPassword(QStringLiteral("s3cret"));
    ASSERT_TRUE(connectSession());
    EXPECT_EQ(passwordRequests->size(), 0);
}

TEST_F(VncSessionTest, WrongPasswordEndsInAuthFailed)
{
    makeSession(QSize(320, 240), "s3cret");
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    session->setPassword(QStringLiteral("wrong"));
    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::AuthFailed; }, timeoutMs));
    EXPECT_FALSE(session->stateMessage().isEmpty());
    EXPECT_FALSE(session->stateMessage().contains(QLatin1String("wrong")));
    EXPECT_FALSE(stateHistory().contains(ConsoleState::Connected));
    EXPECT_TRUE(waitUntil([] { return sessionThreads() == 0; }, timeoutMs));

    // The refused password is forgotten: a new attempt asks again.
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    session->setPassword(QStringLiteral("s3cret"));
    EXPECT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Connected; }, timeoutMs));
}

TEST_F(VncSessionTest, EmptyPasswordGivesUp)
{
    makeSession(QSize(320, 240), "s3cret");
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    session->setPassword(QString());
    EXPECT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::AuthFailed; }, timeoutMs));
}

TEST_F(VncSessionTest, StopWhileAskingForPasswordReturnsAndEndsTheThread)
{
    makeSession(QSize(320, 240), "s3cret");
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    EXPECT_EQ(sessionThreads(), 1);
    session->stop();
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
    EXPECT_EQ(sessionThreads(), 0);
}

TEST_F(VncSessionTest, ServerResizeGivesNewSizeAndPixels)
{
    makeSession(QSize(320, 240));
    ASSERT_TRUE(connectSession());
    const auto framebuffer = session->framebuffer();

    server->resize(QSize(400, 300));

    ASSERT_TRUE(waitUntil(
        [this] { return !resizes->isEmpty() && resizes->last().at(0).toSize() == QSize(400, 300); },
        timeoutMs));
    ASSERT_TRUE(waitForServerPicture());
    EXPECT_EQ(shownImage().size(), QSize(400, 300));
    EXPECT_EQ(session->framebuffer(), framebuffer);
    EXPECT_EQ(session->state(), ConsoleState::Connected);
    EXPECT_FALSE(stateHistory().contains(ConsoleState::Disconnected));
}

TEST_F(VncSessionTest, ServerDisappearingEndsInDisconnectedAndNoThread)
{
    makeSession();
    EXPECT_EQ(sessionThreads(), 0);
    ASSERT_TRUE(connectSession());
    EXPECT_EQ(sessionThreads(), 1);

    server->stop();

    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Disconnected; }, timeoutMs));
    EXPECT_FALSE(session->stateMessage().isEmpty());
    EXPECT_TRUE(waitUntil([] { return sessionThreads() == 0; }, timeoutMs));
    // The picture stays for the window to show under its message.
    EXPECT_EQ(shownImage().size(), QSize(320, 240));
}

TEST_F(VncSessionTest, AbruptDropReconnectsAtNewSizeWithoutLeavingConnected)
{
    makeSession(QSize(320, 240));
    ASSERT_TRUE(connectSession());
    const auto framebuffer = session->framebuffer();
    states->clear();

    // QEMU's resize trap, simulated: the resolution changes and the connection drops.
    server->resize(QSize(640, 480));
    server->dropClients();

    ASSERT_TRUE(waitUntil([this] { return source->socketsOpened() >= 2; }, timeoutMs));
    ASSERT_TRUE(waitUntil([this] { return shownImage().size() == QSize(640, 480); }, timeoutMs));
    ASSERT_TRUE(waitForServerPicture());
    EXPECT_EQ(session->state(), ConsoleState::Connected);
    EXPECT_TRUE(stateHistory().isEmpty()) << "state changed during a transparent reconnect";
    EXPECT_EQ(session->framebuffer(), framebuffer);
    EXPECT_EQ(resizes->last().at(0).toSize(), QSize(640, 480));
}

TEST_F(VncSessionTest, PlainDropReconnectsWithoutResizeOrPrompt)
{
    makeSession(QSize(320, 240), "s3cret");
    session->start();
    ASSERT_TRUE(passwordRequests->wait(timeoutMs));
    session->setPassword(QStringLiteral("s3cret"));
    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Connected; }, timeoutMs));
    ASSERT_TRUE(waitForServerPicture());
    states->clear();
    const qsizetype resizesBefore = resizes->size();

    server->dropClients();

    ASSERT_TRUE(waitUntil([this] { return session->transparentReconnects() == 1; }, timeoutMs));
    ASSERT_TRUE(server->waitForClients(1, timeoutMs));
    server->fillRect(QRect(0, 0, 8, 8), qRgb(1, 2, 3));
    ASSERT_TRUE(waitForServerPicture());
    EXPECT_EQ(passwordRequests->size(), 1) << "a transparent reconnect asked for the password";
    EXPECT_TRUE(stateHistory().isEmpty());
    EXPECT_EQ(resizes->size(), resizesBefore);
    EXPECT_EQ(session->state(), ConsoleState::Connected);
}

TEST_F(VncSessionTest, DropsInQuickSuccessionEndInDisconnected)
{
    makeSession();
    ASSERT_TRUE(connectSession());
    // Each drop is followed by a reconnect; more than maxQuickReconnects within the window
    // means the server is not coming back in a useful way.
    int drops = 0;
    while (drops <= VncSession::maxQuickReconnects + 1) {
        ASSERT_TRUE(waitUntil(
            [this, drops] {
                return (session->transparentReconnects() >= drops && server->clientCount() == 1)
                       || session->state() == ConsoleState::Disconnected;
            },
            timeoutMs))
            << drops;
        if (session->state() == ConsoleState::Disconnected)
            break;
        server->dropClients();
        ++drops;
    }
    EXPECT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Disconnected; }, timeoutMs));
    EXPECT_LE(drops, VncSession::maxQuickReconnects + 1);
    EXPECT_GE(session->transparentReconnects(), 1);
    EXPECT_FALSE(session->stateMessage().isEmpty());
    EXPECT_TRUE(waitUntil([] { return sessionThreads() == 0; }, timeoutMs));
}

TEST_F(VncSessionTest, ServerDyingMidStreamEndsCleanly)
{
    makeSession(QSize(1280, 720));
    ASSERT_TRUE(connectSession());
    server->setStreaming(true);
    ASSERT_TRUE(waitUntil([this] { return frameSignals >= 5; }, timeoutMs));

    server->stop();

    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Disconnected; }, timeoutMs));
    EXPECT_TRUE(waitUntil([] { return sessionThreads() == 0; }, timeoutMs));
    EXPECT_EQ(shownImage().size(), QSize(1280, 720));
}

TEST_F(VncSessionTest, DestroyingTheSessionMidStreamIsClean)
{
    makeSession(QSize(1280, 720));
    ASSERT_TRUE(connectSession());
    server->setStreaming(true);
    ASSERT_TRUE(waitUntil([this] { return frameSignals >= 5; }, timeoutMs));
    session->sendPointer(QPoint(3, 4), Qt::LeftButton);

    session.reset();

    EXPECT_EQ(sessionThreads(), 0);
    EXPECT_TRUE(server->waitFor([this] { return server->clientCount() == 0; }, timeoutMs));
}

TEST_F(VncSessionTest, StartAgainAfterDisconnectedReconnects)
{
    makeSession();
    ASSERT_TRUE(connectSession());

    server->setAcceptingConnections(false);
    server->dropClients();
    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Disconnected; }, timeoutMs));

    server->setAcceptingConnections(true);
    server->changeFullFrame();
    const auto framebuffer = session->framebuffer();
    states->clear();
    session->start();
    ASSERT_TRUE(
        waitUntil([this] { return session->state() == ConsoleState::Connected; }, timeoutMs));
    EXPECT_TRUE(waitForServerPicture());
    EXPECT_EQ(session->framebuffer(), framebuffer);
    EXPECT_EQ(stateHistory(),
              (QList<ConsoleState>{ConsoleState::Connecting, ConsoleState::Connected}));
}

TEST_F(VncSessionTest, StopIsIdempotentAndJoinsTheThread)
{
    makeSession();
    ASSERT_TRUE(connectSession());
    session->stop();
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
    EXPECT_EQ(sessionThreads(), 0);
    session->stop();
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
    // Input after stop goes nowhere and does not crash.
    session->sendKey(Keysym::Return, 0, true);
    session->sendPointer(QPoint(1, 1), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([this] { return server->clientCount() == 0; }, timeoutMs));
}

TEST_F(VncSessionTest, ServerThatIsNotThereFails)
{
    makeSession();
    server->setAcceptingConnections(false);
    session->start();
    ASSERT_TRUE(waitUntil([this] { return session->state() == ConsoleState::Failed; }, timeoutMs));
    EXPECT_FALSE(session->stateMessage().isEmpty());
    EXPECT_TRUE(waitUntil([] { return sessionThreads() == 0; }, timeoutMs));
}

TEST_F(VncSessionTest, AbsurdFramebufferSizeIsRefusedWithAMessage)
{
    makeSession(QSize(VncSession::maxFramebufferSide + 1, 2));
    session->start();
    ASSERT_TRUE(waitUntil([this] { return session->state() == ConsoleState::Failed; }, timeoutMs));
    EXPECT_TRUE(
        session->stateMessage().contains(QString::number(VncSession::maxFramebufferSide + 1)))
        << session->stateMessage().toStdString();
    EXPECT_TRUE(shownImage().isNull());
}

TEST_F(VncSessionTest, ForcedEncodingIsUsed)
{
    makeSession();
    VncSession::Options options;
    options.encodings = QStringLiteral("tight");
    options.qualityLevel = -1; // lossless: the pixels must still match exactly
    session->setOptions(options);
    ASSERT_TRUE(connectSession());
    EXPECT_EQ(session->activeEncodings(), QStringLiteral("tight"));
    server->changeFullFrame();
    EXPECT_TRUE(waitForServerPicture());
}

TEST_F(VncSessionTest, GuestResizeIsOfferedWhenTheServerAnnouncesItsScreen)
{
    makeSession(QSize(320, 240));
    ASSERT_TRUE(connectSession());
    // libvncserver announces its screen layout (ExtendedDesktopSize, screen id != 0) with a
    // resize; QEMU's screen id 0 is what libvncclient 0.9.14 ignores (no guest resize there).
    server->resize(QSize(400, 300));
    ASSERT_TRUE(waitForServerPicture());
    EXPECT_TRUE(session->canResizeGuest());

    // The test server refuses SetDesktopSize; the session keeps going either way.
    session->requestGuestResize(QSize(640, 480));
    server->fillRect(QRect(0, 0, 16, 16), qRgb(9, 8, 7));
    EXPECT_TRUE(waitForServerPicture());
    EXPECT_EQ(session->state(), ConsoleState::Connected);
}

/// A source whose openSocket() blocks until cancel(), like a libvirt host that is slow to
/// answer.
class BlockingSource : public GraphicsSocketSource
{
public:
    Result<int> openSocket() override
    {
        std::unique_lock lock(m_mutex);
        m_entered = true;
        m_condition.wait(lock, [this] { return m_cancelled; });
        return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
    }
    void cancel() override
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_condition.notify_all();
    }
    bool entered()
    {
        std::lock_guard lock(m_mutex);
        return m_entered;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_condition;
    bool m_entered = false;
    bool m_cancelled = false;
};

TEST(VncSessionSource, StopCancelsASocketRequestInProgress)
{
    auto owned = std::make_unique<BlockingSource>();
    BlockingSource *source = owned.get();
    VncSession session(std::move(owned));
    session.start();
    ASSERT_TRUE(waitUntil([source] { return source->entered(); }, timeoutMs));
    QElapsedTimer timer;
    timer.start();
    session.stop();
    EXPECT_LT(timer.elapsed(), 2000);
    EXPECT_EQ(session.state(), ConsoleState::Disconnected);
    EXPECT_EQ(sessionThreads(), 0);
}

TEST(VncSessionSource, StartThenStopAtOnceLeavesNoThread)
{
    for (int i = 0; i < 20; ++i) {
        auto owned = std::make_unique<BlockingSource>();
        VncSession session(std::move(owned));
        session.start();
        session.stop();
        EXPECT_EQ(session.state(), ConsoleState::Disconnected);
    }
    EXPECT_EQ(sessionThreads(), 0);
}

TEST_F(VncSessionTest, FactoryMakesVncSessions)
{
    makeSession();
    auto other = createConsoleSession(QStringLiteral("vnc"),
                                      std::make_unique<TestServerSource>(server.get()));
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(other->protocol(), ConsoleSession::Protocol::Vnc);
}

TEST_F(VncSessionTest, DestroyingAConnectedSessionEndsItsThread)
{
    makeSession();
    ASSERT_TRUE(connectSession());
    EXPECT_EQ(sessionThreads(), 1);
    session.reset();
    EXPECT_EQ(sessionThreads(), 0);
    EXPECT_TRUE(server->waitFor([this] { return server->clientCount() == 0; }, timeoutMs));
}

} // namespace
