// System tier (issue 5): VNC and serial consoles of a real QEMU (TCG) VM served by a real
// libvirtd started by this test (tests/system/libvirtd-env.sh; needs root, as CI runs). Sockets
// come the app's way: LibvirtGraphicsSource asks the host's worker, which asks libvirt for
// virDomainOpenGraphicsFD. The SPICE console has its own test (spiceconsoletest.cpp).

#include "common/clirunner.h"
#include "system/systemfixture.h"

#include "console/consolefactory.h"
#include "console/keysym.h"
#include "console/libvirtgraphicssource.h"
#include "console/serialconsole.h"
#include "console/vncsession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonObject>
#include <QSet>
#include <QThread>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <iostream>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("qemu");

/// DESIGN §9's tiny diskless domain with VNC; extra goes into <devices>, osExtra into <os>.
QByteArray domainXml(const QString &name, const QString &graphicsAttrs = {},
                     const QString &extra = {}, const QString &osExtra = {})
{
    return QStringLiteral(
               "<domain type='qemu'><name>%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/>%4</os><devices>"
               "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
               "<graphics type='vnc' listen='127.0.0.1' autoport='yes'%2/>"
               "<video><model type='vga'/></video><memballoon model='none'/>%3</devices>"
               "</domain>")
        .arg(name, graphicsAttrs, extra, osExtra)
        .toUtf8();
}

int distinctColours(const QImage &image, int enough = 16)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height() && colours.size() < enough; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            colours.insert(line[x] & 0xffffff);
    }
    return int(colours.size());
}

/// Share of pixels that differ (1.0 when the sizes differ).
double differingShare(const QImage &a, const QImage &b)
{
    if (a.size() != b.size() || a.isNull())
        return 1.0;
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    qint64 differing = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(row));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            differing += (p[col] & 0xffffff) != (q[col] & 0xffffff);
    }
    return double(differing) / (double(x.width()) * x.height());
}

/// A console session with what the test watches: states, password requests, frames.
struct Console
{
    std::unique_ptr<ConsoleSession> session;
    QList<ConsoleState> states;
    int passwordRequests = 0;
    int frames = 0;
    bool resized = false;
    QList<QSize> sizes; ///< every frameResized, in order

    QImage picture() const
    {
        auto fb = session->framebuffer();
        QMutexLocker lock(&fb->mutex);
        return fb->image.copy();
    }
    /// The first full frame arrived (a frameUpdated after a frameResized).
    bool hasPicture() const { return resized && frames > 0; }
};

class ConsoleSystemTest : public SystemFixture
{
protected:
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_name = QStringLiteral("console-%1")
                     .arg(::testing::UnitTest::GetInstance()->random_seed() ^ getpid());
    }
    void TearDown() override
    {
        for (auto &c : m_consoles) {
            if (c->session)
                c->session->stop();
        }
        m_consoles.clear();
        if (m_conn) {
            if (virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData())) {
                virDomainDestroy(dom);
                virDomainUndefine(dom);
                virDomainFree(dom);
            }
        }
        SystemFixture::TearDown();
    }

    /// Defines the VM (and starts it unless start is false); its uuid.
    QString define(const QByteArray &xml, bool start = true)
    {
        virDomainPtr dom = virDomainDefineXML(m_conn, xml.constData());
        EXPECT_NE(dom, nullptr) << virGetLastErrorMessage();
        if (!dom)
            return {};
        if (start) {
            EXPECT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
        }
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(dom, uuid);
        virDomainFree(dom);
        m_uuid = QString::fromLatin1(uuid);
        return m_uuid;
    }
    bool startVm(unsigned int flags = 0)
    {
        virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
        const bool ok = dom && virDomainCreateWithFlags(dom, flags) == 0;
        if (dom)
            virDomainFree(dom);
        return ok;
    }
    void connectHost()
    {
        addHost(hostId, QStringLiteral("qemu:///system"));
        connectAndSync(hostId);
    }

    /// A VNC session over LibvirtGraphicsSource, watched, not started.
    Console &open(bool skipAuth = true)
    {
        auto c = std::make_unique<Console>();
        c->session = createConsoleSession(
            QStringLiteral("vnc"),
            std::make_unique<LibvirtGraphicsSource>(m_manager.get(), hostId, m_uuid, 0, skipAuth));
        EXPECT_NE(c->session, nullptr);
        Console *raw = c.get();
        QObject::connect(raw->session.get(), &ConsoleSession::stateChanged, raw->session.get(),
                         [raw](ConsoleState s, const QString &) { raw->states.append(s); });
        QObject::connect(raw->session.get(), &ConsoleSession::passwordRequired, raw->session.get(),
                         [raw] { ++raw->passwordRequests; });
        QObject::connect(raw->session.get(), &ConsoleSession::frameResized, raw->session.get(),
                         [raw](QSize size) {
                             raw->resized = true;
                             raw->sizes.append(size);
                         });
        QObject::connect(raw->session.get(), &ConsoleSession::frameUpdated, raw->session.get(),
                         [raw] {
                             if (raw->resized)
                                 ++raw->frames;
                             raw->session->framebuffer()->takePending();
                         });
        m_consoles.push_back(std::move(c));
        return *raw;
    }

    /// A fresh session's first full frame (then stopped): what the guest shows now.
    QImage freshPicture()
    {
        Console &c = open();
        c.session->start();
        QImage picture;
        if (waitUntil([&] { return c.hasPicture(); }, 15000))
            picture = c.picture();
        c.session->stop();
        return picture;
    }

    QString m_name;
    QString m_uuid;
    std::vector<std::unique_ptr<Console>> m_consoles;
};

TEST_F(ConsoleSystemTest, FirstFrameShowsTheFirmwaresText)
{
    define(domainXml(m_name));
    connectHost();
    Console &c = open();
    QElapsedTimer timer;
    timer.start();
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.hasPicture(); }, 15000))
        << consoleStateName(c.session->state()).toStdString() << ": "
        << c.session->stateMessage().toStdString();
    std::cout << "[ measure  ] first VNC frame through the host's worker after " << timer.elapsed()
              << " ms\n";
    EXPECT_EQ(c.session->state(), ConsoleState::Connected);
    EXPECT_EQ(c.passwordRequests, 0);
    // SeaBIOS writes text: the picture has more than one colour once it has drawn.
    EXPECT_TRUE(waitUntil([&] { return distinctColours(c.picture()) > 1; }, 20000))
        << "still one colour: " << distinctColours(c.picture());
    const QImage picture = c.picture();
    EXPECT_GE(picture.width(), 640);
    EXPECT_GE(picture.height(), 400);
}

TEST_F(ConsoleSystemTest, CliScreenshotWritesAPngOfTheScreen)
{
    define(domainXml(m_name));
    connectHost();
    // Wait until the firmware has drawn, seen through a session of our own, and close it:
    // QEMU then renders the text screen only while a client watches, so the CLI's fresh
    // connection first gets a blank frame and must wait for the picture to settle.
    {
        Console &c = open();
        c.session->start();
        ASSERT_TRUE(waitUntil([&] { return distinctColours(c.picture()) > 1; }, 20000));
        c.session->stop();
    }
    const QString file = m_data.filePath(QStringLiteral("screen.png"));
    const CliResult r = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("console"),
                                               QStringLiteral("screenshot"), m_name, file,
                                               QStringLiteral("--timeout"), QStringLiteral("20")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject o = r.json().object();
    EXPECT_EQ(o.value(QStringLiteral("file")).toString(), file);
    const QImage png(file);
    ASSERT_FALSE(png.isNull()) << "QImage loads " << file.toStdString();
    EXPECT_EQ(png.width(), o.value(QStringLiteral("width")).toInt());
    EXPECT_EQ(png.height(), o.value(QStringLiteral("height")).toInt());
    EXPECT_GE(png.width(), 640);
    EXPECT_GE(png.height(), 400);
    EXPECT_GT(distinctColours(png), 1) << "the firmware's text, not a blank first frame";
}

TEST_F(ConsoleSystemTest, CliScreenshotOfShutOffVmSaysNotRunning)
{
    define(domainXml(m_name), false);
    connectHost();
    const QString file = m_data.filePath(QStringLiteral("screen.png"));
    const CliResult r = runCli(
        m_data.path(), {QStringLiteral("console"), QStringLiteral("screenshot"), m_name, file});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("is not running")) << r.err.constData();
    EXPECT_FALSE(QFile::exists(file));
}

TEST_F(ConsoleSystemTest, CtrlAltDelIsSentWithoutError)
{
    define(domainXml(m_name));
    connectHost();
    Console &c = open();
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.hasPicture(); }, 15000));
    const int before = c.frames;
    c.session->sendKeyCombination({Keysym::ControlL, Keysym::AltL, Keysym::Delete});
    // SeaBIOS reboots on Ctrl+Alt+Del: the screen is redrawn, and the session stays up.
    EXPECT_TRUE(waitUntil([&] { return c.frames > before; }, 15000));
    EXPECT_EQ(c.session->state(), ConsoleState::Connected)
        << c.session->stateMessage().toStdString();
    EXPECT_FALSE(c.states.contains(ConsoleState::Failed));
    EXPECT_FALSE(c.states.contains(ConsoleState::Disconnected));
}

TEST_F(ConsoleSystemTest, SessionFollowsTheGuestsResolutionChangesDuringBoot)
{
    define(domainXml(m_name), false);
    connectHost();
    // Connected before the guest runs its first instruction (started paused, then resumed),
    // so it changes resolution while we watch (640×480 → 720×400 → ..., DESIGN §7).
    ASSERT_TRUE(startVm(VIR_DOMAIN_START_PAUSED)) << virGetLastErrorMessage();
    Console &c = open();
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.hasPicture(); }, 15000))
        << consoleStateName(c.session->state()).toStdString() << ": "
        << c.session->stateMessage().toStdString();
    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_NE(dom, nullptr);
    EXPECT_EQ(virDomainResume(dom), 0) << virGetLastErrorMessage();
    virDomainFree(dom);

    // Stable: a fresh connection sees the same size and (but for a blinking cursor) the same
    // pixels as the long-lived session.
    QImage fresh;
    double share = 1.0;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 40000) {
        fresh = freshPicture();
        // Blank: the firmware has not drawn (or switched mode) yet.
        if (fresh.isNull() || distinctColours(fresh) <= 1)
            continue;
        const auto matches = [&] {
            share = differingShare(c.picture(), fresh);
            return share < 0.01;
        };
        if (waitUntil(matches, 3000))
            break;
    }
    ASSERT_FALSE(fresh.isNull());
    EXPECT_EQ(c.session->state(), ConsoleState::Connected)
        << c.session->stateMessage().toStdString();
    EXPECT_EQ(c.picture().size(), fresh.size());
    EXPECT_LT(share, 0.01) << "share of pixels that differ from a fresh connection's";
    EXPECT_GT(distinctColours(fresh), 1);
    auto *vnc = qobject_cast<VncSession *>(c.session.get());
    ASSERT_NE(vnc, nullptr);
    QStringList sizes;
    for (QSize size : std::as_const(c.sizes))
        sizes.append(QStringLiteral("%1x%2").arg(size.width()).arg(size.height()));
    std::cout << "[ measure  ] sizes seen while connected " << sizes.join(u' ').toStdString()
              << ", " << vnc->transparentReconnects() << " transparent reconnects, stable after "
              << timer.elapsed() << " ms\n";
    EXPECT_GE(c.sizes.size(), 2) << "the guest changed resolution while connected";
    EXPECT_FALSE(c.states.contains(ConsoleState::Disconnected));
    EXPECT_FALSE(c.states.contains(ConsoleState::Failed));
}

TEST_F(ConsoleSystemTest, WrongVncPasswordIsAuthFailed)
{
    define(domainXml(m_name, QStringLiteral(" passwd='s3cret'")));
    connectHost();
    Console &c = open(false);
    QObject::connect(c.session.get(), &ConsoleSession::passwordRequired, c.session.get(),
                     [&c] { c.session->setPassword(QStringLiteral("wrong")); });
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.session->state() == ConsoleState::AuthFailed; }, 15000))
        << consoleStateName(c.session->state()).toStdString() << ": "
        << c.session->stateMessage().toStdString();
    EXPECT_EQ(c.passwordRequests, 1);
    EXPECT_FALSE(c.hasPicture());
}

TEST_F(ConsoleSystemTest, RightVncPasswordConnects)
{
    define(domainXml(m_name, QStringLiteral(" passwd='s3cret'")));
    connectHost();
    Console &c = open(false);
    QObject::connect(c.session.get(), &ConsoleSession::passwordRequired, c.session.get(),
                     [&c] { c.session->setPassword(QStringLiteral("s3cret")); });
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.hasPicture(); }, 15000))
        << consoleStateName(c.session->state()).toStdString() << ": "
        << c.session->stateMessage().toStdString();
    EXPECT_EQ(c.session->state(), ConsoleState::Connected);
    EXPECT_EQ(c.passwordRequests, 1);
}

TEST_F(ConsoleSystemTest, SkipAuthConnectsWithoutAskingForThePassword)
{
    define(domainXml(m_name, QStringLiteral(" passwd='s3cret'")));
    connectHost();
    Console &c = open(true);
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.hasPicture(); }, 15000))
        << consoleStateName(c.session->state()).toStdString() << ": "
        << c.session->stateMessage().toStdString();
    EXPECT_EQ(c.session->state(), ConsoleState::Connected);
    EXPECT_EQ(c.passwordRequests, 0);
}

TEST_F(ConsoleSystemTest, GraphicsSocketOfShutOffVmIsNotRunning)
{
    define(domainXml(m_name), false);
    connectHost();
    Console &c = open();
    c.session->start();
    ASSERT_TRUE(waitUntil([&] { return c.session->state() == ConsoleState::Failed; }, 15000))
        << consoleStateName(c.session->state()).toStdString();
    EXPECT_TRUE(c.session->stateMessage().contains(QLatin1String("is not running")))
        << c.session->stateMessage().toStdString();
}

// SeaBIOS writes to the serial port through sgabios (<bios useserial='yes'/> gives QEMU
// "-device sga"), so the console carries the firmware's text.
TEST_F(ConsoleSystemTest, SerialConsoleReceivesTheFirmwaresOutputAndEndsWithTheVm)
{
    define(domainXml(m_name, {},
                     QStringLiteral("<serial type='pty'><target port='0'/></serial>"
                                    "<console type='pty'/>"),
                     QStringLiteral("<bios useserial='yes'/>")),
           false);
    connectHost();
    ASSERT_TRUE(startVm()) << virGetLastErrorMessage();
    SerialConsole console(m_manager.get(), hostId, m_uuid);
    QByteArray received;
    QList<ConsoleState> states;
    QObject::connect(&console, &SerialConsole::dataReceived, &console,
                     [&](const QByteArray &bytes) { received += bytes; });
    QObject::connect(&console, &SerialConsole::stateChanged, &console,
                     [&](ConsoleState s, const QString &) { states.append(s); });
    console.start();
    ASSERT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Connected; }, 10000))
        << consoleStateName(console.state()).toStdString() << ": "
        << console.stateMessage().toStdString();
    // sgabios mirrors SeaBIOS's screen text, among terminal escape sequences.
    EXPECT_TRUE(waitUntil([&] { return received.contains("SeaBIOS"); }, 20000))
        << "serial output so far: " << received.toStdString();
    std::cout << "[ measure  ] serial bytes: " << received.size() << " "
              << QByteArray(received.left(120)).replace('\x1b', '^').toStdString() << "\n";
    console.write(QByteArrayLiteral("\r"));
    // Writing is fire-and-forget; the console must stay up.
    EXPECT_EQ(console.state(), ConsoleState::Connected);

    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_NE(dom, nullptr);
    EXPECT_EQ(virDomainDestroy(dom), 0);
    virDomainFree(dom);
    EXPECT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Disconnected; }, 10000))
        << consoleStateName(console.state()).toStdString();
    EXPECT_EQ(states.first(), ConsoleState::Connecting);
    EXPECT_EQ(states.value(1), ConsoleState::Connected);
    EXPECT_FALSE(states.contains(ConsoleState::Failed));
}

TEST_F(ConsoleSystemTest, SerialConsoleStopThenStartReconnects)
{
    define(domainXml(m_name, {},
                     QStringLiteral("<serial type='pty'><target port='0'/></serial>"
                                    "<console type='pty'/>")));
    connectHost();
    SerialConsole console(m_manager.get(), hostId, m_uuid);
    console.start();
    ASSERT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Connected; }, 10000))
        << console.stateMessage().toStdString();
    console.stop();
    EXPECT_EQ(console.state(), ConsoleState::Disconnected);
    console.start();
    ASSERT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Connected; }, 10000))
        << console.stateMessage().toStdString();
    console.write(QByteArrayLiteral("x"));
    EXPECT_EQ(console.state(), ConsoleState::Connected);
}

TEST_F(ConsoleSystemTest, SerialConsoleEndsWhenTheHostConnectionDrops)
{
    define(domainXml(m_name, {},
                     QStringLiteral("<serial type='pty'><target port='0'/></serial>"
                                    "<console type='pty'/>")));
    connectHost();
    SerialConsole console(m_manager.get(), hostId, m_uuid);
    console.start();
    ASSERT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Connected; }, 10000))
        << console.stateMessage().toStdString();
    ASSERT_EQ(runEnv(QStringLiteral("kill-libvirtd")), 0);
    EXPECT_TRUE(waitUntil([&] { return console.state() == ConsoleState::Disconnected; }, 15000))
        << consoleStateName(console.state()).toStdString();
    console.write(QByteArrayLiteral("dropped")); // ignored while not Connected, no crash
    EXPECT_EQ(console.state(), ConsoleState::Disconnected);
    ASSERT_EQ(runEnv(QStringLiteral("start-libvirtd")), 0); // TearDown cleans up through it
}

int openFdCount()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

TEST_F(ConsoleSystemTest, AnFdThatArrivesAfterTheWaiterGaveUpIsClosed)
{
    define(domainXml(m_name));
    connectHost();
    const int baseline = openFdCount();
    // A 1 ms timeout, and this thread runs no events while the console thread waits: the
    // request reaches the worker only after the waiter gave up, and its fd comes back late.
    LibvirtGraphicsSource source(m_manager.get(), hostId, m_uuid, 0, true, 1);
    Result<int> late = makeError(ErrorCode::None, QString());
    QThread *thread = QThread::create([&] { late = source.openSocket(); });
    thread->start();
    ASSERT_TRUE(thread->wait(5000));
    delete thread;
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::Timeout) << late.error().message.toStdString();
    // The worker answers in order: once a second request is answered, the first one was too.
    // Written on the worker: -2 until it answers.
    auto second = std::make_shared<std::atomic<int>>(-2);
    m_manager->openGraphicsSocket(hostId, m_uuid, 0, true, [second](Result<GraphicsEndpoint> r) {
        second->store(r ? r->fd : -1);
    });
    ASSERT_TRUE(waitUntil([&] { return second->load() != -2; }, 10000));
    ASSERT_GE(second->load(), 0) << "libvirt handed over an fd";
    ::close(second->load());
    EXPECT_EQ(openFdCount(), baseline) << "the late fd was closed, not leaked";
}

} // namespace
