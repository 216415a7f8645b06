// System tier (issue 5): the SPICE console against a real QEMU (TCG) VM served by a real
// libvirtd started by this test (tests/system/libvirtd-env.sh; needs root, as CI runs). Sockets
// come from virDomainOpenGraphicsFD, a fresh one for every channel that asks, as the app's
// LibvirtGraphicsSource hands them out.

#include "system/systemfixture.h"

#include "console/keysym.h"
#include "console/spicesession.h"

#include <QElapsedTimer>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTimer>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <iostream>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

/// DESIGN §9's tiny diskless domain with SPICE graphics and a QXL card.
QByteArray spiceDomainXml(const QString &name, const QString &password = {})
{
    const QString passwd
        = password.isEmpty() ? QString() : QStringLiteral(" passwd='%1'").arg(password);
    return QStringLiteral(
               "<domain type='qemu'><name>%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><devices>"
               "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
               "<graphics type='spice' autoport='yes' listen='127.0.0.1'%2/>"
               "<video><model type='qxl'/></video><memballoon model='none'/></devices></domain>")
        .arg(name, passwd)
        .toUtf8();
}

/// A fresh virDomainOpenGraphicsFD socket per call, on this test's own libvirt connection (the
/// app goes through the host's worker instead). Counts its calls. Holds its own reference on
/// the connection: a socket request may still be running when the session is gone.
class DomainGraphicsSource : public GraphicsSocketSource
{
public:
    DomainGraphicsSource(virConnectPtr conn, QString name, bool skipAuth,
                         std::shared_ptr<std::atomic<int>> calls)
        : m_conn(conn)
        , m_name(std::move(name))
        , m_skipAuth(skipAuth)
        , m_calls(std::move(calls))
    {
        virConnectRef(m_conn);
    }
    ~DomainGraphicsSource() override { virConnectClose(m_conn); }

    Result<int> openSocket() override
    {
        ++*m_calls;
        virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
        if (!dom)
            return makeError(ErrorCode::NotFound, QString::fromUtf8(virGetLastErrorMessage()));
        const int fd
            = virDomainOpenGraphicsFD(dom, 0, m_skipAuth ? VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH : 0);
        const QString message = QString::fromUtf8(virGetLastErrorMessage());
        virDomainFree(dom);
        if (fd < 0)
            return makeError(ErrorCode::Libvirt, message);
        return fd;
    }
    bool skipsAuth() const override { return m_skipAuth; }

private:
    virConnectPtr m_conn;
    QString m_name;
    bool m_skipAuth;
    std::shared_ptr<std::atomic<int>> m_calls;
};

/// How many pixels differ from the top-left one (the background): the text cursor alone is a
/// few dozen, a line of SeaBIOS text several hundred.
int drawnPixels(const QImage &image)
{
    if (image.isNull())
        return 0;
    const QRgb background = image.pixel(0, 0);
    int drawn = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            drawn += row[x] != background;
    }
    return drawn;
}

/// SeaBIOS has written its banner.
constexpr int textPixels = 300;

class SpiceConsoleTest : public SystemFixture
{
protected:
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_name = QStringLiteral("spicetest-%1")
                     .arg(::testing::UnitTest::GetInstance()->random_seed() ^ getpid());
    }
    void TearDown() override
    {
        if (m_conn) {
            if (virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData())) {
                virDomainDestroy(dom);
                virDomainFree(dom);
            }
        }
        SystemFixture::TearDown();
    }

    /// Starts a transient VM (gone when destroyed).
    void startVm(const QString &password = {})
    {
        virDomainPtr dom
            = virDomainCreateXML(m_conn, spiceDomainXml(m_name, password).constData(), 0);
        ASSERT_NE(dom, nullptr) << virGetLastErrorMessage();
        virDomainFree(dom);
    }

    std::unique_ptr<SpiceSession> makeSession(bool skipAuth)
    {
        auto session = std::make_unique<SpiceSession>(
            std::make_unique<DomainGraphicsSource>(m_conn, m_name, skipAuth, m_sourceCalls));
        // The view's side: take what changed on every wake-up, so the next update signals again.
        QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(),
                         [this, s = session.get()] {
                             s->framebuffer()->takePending();
                             ++m_frameUpdates;
                         });
        return session;
    }

    static QImage snapshot(const ConsoleSession &session)
    {
        auto fb = session.framebuffer();
        QMutexLocker lock(&fb->mutex);
        return fb->image.copy();
    }

    QString m_name;
    std::shared_ptr<std::atomic<int>> m_sourceCalls = std::make_shared<std::atomic<int>>(0);
    int m_frameUpdates = 0;
};

TEST_F(SpiceConsoleTest, ShowsTheVmScreenTakesKeysAndStopsPromptly)
{
    QElapsedTimer sinceCreate;
    sinceCreate.start();
    startVm();
    const qint64 createMs = sinceCreate.elapsed();
    ASSERT_FALSE(HasFatalFailure());
    auto session = makeSession(true);
    QSignalSpy states(session.get(), &ConsoleSession::stateChanged);
    QSignalSpy resized(session.get(), &ConsoleSession::frameResized);

    // The GUI thread's share: how long the calls take and the longest gap between event-loop
    // turns while the console connects and draws.
    qint64 maxGapMs = 0;
    QElapsedTimer sinceTick;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &ticker,
                     [&] { maxGapMs = std::max(maxGapMs, sinceTick.restart()); });

    QElapsedTimer clock;
    qint64 firstUpdateMs = -1;
    QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(), [&] {
        if (firstUpdateMs < 0)
            firstUpdateMs = clock.elapsed();
    });
    clock.start();
    session->start();
    const qint64 startCallMs = clock.elapsed();
    sinceTick.start();
    ticker.start(1);

    ASSERT_TRUE(waitUntil([&] { return !resized.isEmpty(); }, 30000)) << "no primary surface";
    const qint64 firstSurfaceMs = clock.elapsed();
    ASSERT_TRUE(waitUntil([&] { return drawnPixels(snapshot(*session)) >= textPixels; }, 30000))
        << "the screen stayed blank: " << drawnPixels(snapshot(*session)) << " pixels drawn";
    const qint64 firstPictureMs = clock.elapsed();
    const qint64 createToPictureMs = sinceCreate.elapsed();
    ticker.stop();
    EXPECT_EQ(session->state(), ConsoleState::Connected) << session->stateMessage().toStdString();
    // The owner hears of it once the server marks the surface ready (its whole picture sent).
    EXPECT_TRUE(waitUntil([&] { return firstUpdateMs >= 0; }, 5000));

    // Every channel that asked for its own socket got one: display and inputs at least, each
    // from a fresh virDomainOpenGraphicsFD, besides the main channel's.
    ASSERT_TRUE(waitUntil(
        [&] { return session->socketsHandedOut() == session->socketRequests().size(); }, 10000));
    const QStringList asked = session->socketRequests();
    EXPECT_TRUE(asked.contains(QStringLiteral("display"))) << asked.join(u',').toStdString();
    EXPECT_TRUE(asked.contains(QStringLiteral("inputs"))) << asked.join(u',').toStdString();
    EXPECT_EQ(asked.size(), 2) << asked.join(u',').toStdString();
    EXPECT_EQ(session->socketsHandedOut(), 2);
    EXPECT_EQ(m_sourceCalls->load(), 1 + asked.size());

    // A screenshot, as the console window saves one.
    const QImage shot = snapshot(*session);
    EXPECT_EQ(shot.format(), QImage::Format_RGB32);
    const QString png = m_data.filePath(QStringLiteral("screenshot.png"));
    ASSERT_TRUE(shot.save(png, "PNG"));
    const QImage loaded(png);
    EXPECT_EQ(loaded.size(), shot.size());
    EXPECT_EQ(drawnPixels(loaded), drawnPixels(shot));
    EXPECT_GE(drawnPixels(loaded), textPixels);

    // Ctrl+Alt+Del reaches the guest: SeaBIOS resets the machine (libvirt's reboot event) and
    // starts its screen over (a new primary surface). The diskless guest sits at "No bootable
    // device" meanwhile, so nothing else resets it.
    std::atomic<int> reboots = 0;
    const int callbackId = virConnectDomainEventRegisterAny(
        m_conn, nullptr, VIR_DOMAIN_EVENT_ID_REBOOT,
        VIR_DOMAIN_EVENT_CALLBACK(+[](virConnectPtr, virDomainPtr, void *opaque) {
            ++*static_cast<std::atomic<int> *>(opaque);
        }),
        &reboots, nullptr);
    ASSERT_GE(callbackId, 0) << virGetLastErrorMessage();
    const qsizetype resizesBefore = resized.size();
    session->sendKeyCombination({Keysym::ControlL, Keysym::AltL, Keysym::Delete});
    EXPECT_TRUE(waitUntil([&] { return reboots.load() > 0; }, 15000))
        << "no reset after Ctrl+Alt+Del";
    EXPECT_TRUE(waitUntil([&] { return resized.size() > resizesBefore; }, 15000))
        << "no new screen after the reset";
    virConnectDomainEventDeregisterAny(m_conn, callbackId);
    EXPECT_EQ(session->state(), ConsoleState::Connected) << session->stateMessage().toStdString();

    clock.restart();
    session->stop();
    const qint64 stopMs = clock.elapsed();
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
    EXPECT_LT(stopMs, 1000);
    clock.restart();
    session.reset();
    const qint64 destroyMs = clock.elapsed();
    EXPECT_LT(destroyMs, 1000);

    std::cout << "spice: virDomainCreateXML " << createMs << " ms, create to first picture "
              << createToPictureMs << " ms; start() call " << startCallMs << " ms, first surface "
              << firstSurfaceMs << " ms, first frameUpdated " << firstUpdateMs
              << " ms, SeaBIOS text in the framebuffer " << firstPictureMs
              << " ms, GUI max event-loop gap " << maxGapMs << " ms, stop() " << stopMs
              << " ms, destroy " << destroyMs << " ms, channels " << asked.join(u',').toStdString()
              << std::endl;
    RecordProperty("first_picture_ms", int(firstPictureMs));
    RecordProperty("gui_max_gap_ms", int(maxGapMs));
}

TEST_F(SpiceConsoleTest, AsksForThePasswordAndRefusesAWrongOne)
{
    const QString password = QStringLiteral("s3cret-%1").arg(getpid());
    startVm(password);
    ASSERT_FALSE(HasFatalFailure());
    auto session = makeSession(false);
    QSignalSpy asked(session.get(), &ConsoleSession::passwordRequired);

    session->start();
    ASSERT_TRUE(waitUntil([&] { return !asked.isEmpty(); }, 30000))
        << consoleStateName(session->state()).toStdString() << ' '
        << session->stateMessage().toStdString();
    EXPECT_EQ(session->state(), ConsoleState::Connecting);

    session->setPassword(QStringLiteral("wrong"));
    ASSERT_TRUE(waitUntil([&] { return session->state() == ConsoleState::AuthFailed; }, 30000))
        << consoleStateName(session->state()).toStdString();
    EXPECT_EQ(asked.size(), 1) << "a refused password is not asked for again by itself";

    session->setPassword(password);
    session->start();
    ASSERT_TRUE(waitUntil([&] { return session->state() == ConsoleState::Connected; }, 30000))
        << consoleStateName(session->state()).toStdString() << ' '
        << session->stateMessage().toStdString();
    EXPECT_TRUE(waitUntil([&] { return !snapshot(*session).isNull(); }, 30000));
    session->stop();
    EXPECT_EQ(session->state(), ConsoleState::Disconnected);
}

TEST_F(SpiceConsoleTest, ReportsDisconnectedWhenTheVmStops)
{
    startVm();
    ASSERT_FALSE(HasFatalFailure());
    auto session = makeSession(true);
    session->start();
    ASSERT_TRUE(waitUntil([&] { return session->state() == ConsoleState::Connected; }, 30000))
        << session->stateMessage().toStdString();

    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainDestroy(dom), 0) << virGetLastErrorMessage();
    virDomainFree(dom);
    EXPECT_TRUE(waitUntil([&] { return session->state() == ConsoleState::Disconnected; }, 15000))
        << consoleStateName(session->state()).toStdString() << ' '
        << session->stateMessage().toStdString();
}

} // namespace

TEST_F(SpiceConsoleTest, ReconnectsAndItsFirstFrameIsTheWholePicture)
{
    startVm();
    ASSERT_FALSE(HasFatalFailure());
    auto session = makeSession(true);
    session->start();
    ASSERT_TRUE(waitUntil([&] { return drawnPixels(snapshot(*session)) >= textPixels; }, 30000))
        << session->stateMessage().toStdString();
    session->stop();
    ASSERT_EQ(session->state(), ConsoleState::Disconnected);

    // The same object connects again with fresh sockets. The server marks the new surface
    // ready once its whole picture is sent: the first update the owner hears of is complete,
    // not the blank surface spice-glib starts from (what a one-shot screenshot relies on). (The
    // GLib thread may well have drawn the rest by the time the event is handled here, so this
    // does not catch every regression of that; the CLI's `console screenshot` showed it.)
    int firstFramePixels = -1;
    QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(), [&] {
        if (firstFramePixels < 0)
            firstFramePixels = drawnPixels(snapshot(*session));
    });
    const auto framebuffer = session->framebuffer();
    session->start();
    ASSERT_TRUE(waitUntil([&] { return firstFramePixels >= 0; }, 30000))
        << consoleStateName(session->state()).toStdString() << ' '
        << session->stateMessage().toStdString();
    EXPECT_GE(firstFramePixels, textPixels);
    EXPECT_EQ(session->state(), ConsoleState::Connected);
    EXPECT_EQ(session->framebuffer(), framebuffer);
    // The inputs channel may ask for its socket after the display's first frame.
    EXPECT_TRUE(waitUntil([&] { return session->socketsHandedOut() >= 2; }, 10000));
    EXPECT_EQ(session->socketsHandedOut(), 2);
}
