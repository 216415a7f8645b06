// The console widgets: the view paints a session's framebuffer (1:1 and scaled) and sends it
// keys and pointer events in framebuffer coordinates; the console window shows the page that
// fits the VM's and the session's state (with working buttons), asks for passwords and sends
// key combinations; the main window opens one console window per VM; the serial terminal
// turns a guest's output into text and keys into the bytes a terminal sends.

#include "common/hostfixture.h"
#include "common/nodegenerator.h"
#include "console/vnctestserver.h"

#include "console/consolefactory.h"
#include "console/consolepane.h"
#include "console/consoleview.h"
#include "console/consolewindow.h"
#include "console/keysym.h"
#include "console/serialterminal.h"
#include "details/vmdetailswindow.h"
#include "mainwindow/mainwindow.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPaintEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include <libvirt/libvirt.h>

#include <algorithm>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

/// A session without a protocol: the test fills its framebuffer and scripts its states; it
/// records every input event it is sent.
class FakeSession : public ConsoleSession
{
public:
    struct Key
    {
        quint32 keysym;
        bool down;
        friend bool operator==(const Key &, const Key &) = default;
    };
    struct Pointer
    {
        QPoint pos;
        Qt::MouseButtons buttons;
    };
    struct Wheel
    {
        QPoint pos;
        int dx;
        int dy;
    };

    explicit FakeSession(QObject *parent = nullptr)
        : ConsoleSession(parent)
    {}

    Protocol protocol() const override { return Protocol::Vnc; }
    void start() override
    {
        ++starts;
        publishState(ConsoleState::Connecting);
        // Answers on the next loop turn, as a protocol thread would.
        QTimer::singleShot(0, this, [this] {
            if (state() != ConsoleState::Connecting)
                return;
            if (expectedPassword.isEmpty())
                publishState(ConsoleState::Connected);
            else
                Q_EMIT passwordRequired();
        });
    }
    void stop() override { publishState(ConsoleState::Disconnected); }
    void setPassword(const QString &password) override
    {
        passwords.append(password);
        if (password == expectedPassword)
            publishState(ConsoleState::Connected);
        else
            publishState(ConsoleState::AuthFailed, QStringLiteral("wrong password"));
    }
    void sendKey(quint32 keysym, quint32, bool down) override { keys.append({keysym, down}); }
    void sendPointer(QPoint pos, Qt::MouseButtons buttons) override
    {
        pointer.append({pos, buttons});
    }
    void sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons) override
    {
        wheel.append({pos, dx, dy});
    }
    bool canResizeGuest() const override { return resizable; }
    void requestGuestResize(QSize size) override { resizeRequests.append(size); }

    /// A new picture: left half red, right half blue.
    void setPicture(QSize size)
    {
        {
            QMutexLocker lock(&m_framebuffer->mutex);
            QImage image(size, QImage::Format_RGB32);
            QPainter p(&image);
            p.fillRect(0, 0, size.width() / 2, size.height(), Qt::red);
            p.fillRect(size.width() / 2, 0, size.width() - size.width() / 2, size.height(),
                       Qt::blue);
            p.end();
            m_framebuffer->image = image;
            m_framebuffer->pending = QRegion(image.rect());
        }
        Q_EMIT frameResized(size);
    }
    /// An update of one rect, signalled as the contract says (only when pending was empty).
    void paint(const QRect &rect, const QColor &color)
    {
        bool wasEmpty = false;
        {
            QMutexLocker lock(&m_framebuffer->mutex);
            QPainter p(&m_framebuffer->image);
            p.fillRect(rect, color);
            wasEmpty = m_framebuffer->addPendingLocked(rect);
        }
        if (wasEmpty)
            Q_EMIT frameUpdated();
    }
    void connectNow() { publishState(ConsoleState::Connected); }

    QString expectedPassword;
    bool resizable = false;
    int starts = 0;
    QStringList passwords;
    QList<Key> keys;
    QList<Pointer> pointer;
    QList<Wheel> wheel;
    QList<QSize> resizeRequests;
};

void PrintTo(const FakeSession::Key &key, std::ostream *os)
{
    *os << std::hex << "0x" << key.keysym << (key.down ? " down" : " up");
}

QRgb pixel(QWidget *widget, QPoint at)
{
    return widget->grab().toImage().pixel(at);
}

/// Collects the regions the widget is asked to paint.
class PaintSpy : public QObject
{
public:
    explicit PaintSpy(QWidget *widget) { widget->installEventFilter(this); }
    QList<QRegion> regions;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            regions.append(static_cast<QPaintEvent *>(event)->region());
        return false;
    }
};

/// Shows view 1:1 on a 200×100 picture of session, viewSize large, once it has the picture.
void showOneToOne(ConsoleView &view, FakeSession &session, QSize viewSize)
{
    view.setScaleMode(ConsoleView::ScaleMode::OneToOne);
    view.setSession(&session);
    session.setPicture(QSize(200, 100));
    view.resize(viewSize);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    ASSERT_TRUE(waitUntil([&] { return view.framebufferSize() == QSize(200, 100); }));
}

TEST(ConsoleView, PaintsThePictureOneToOneAndRepaintsOnlyWhatChanged)
{
    FakeSession session;
    ConsoleView view;
    ASSERT_NO_FATAL_FAILURE(showOneToOne(view, session, QSize(200, 100)));
    EXPECT_EQ(view.minimumSize(), QSize(200, 100)) << "1:1 asks for the whole picture";
    EXPECT_EQ(pixel(&view, {10, 10}), QColor(Qt::red).rgb());
    EXPECT_EQ(pixel(&view, {150, 50}), QColor(Qt::blue).rgb());

    PaintSpy spy(&view);
    QCoreApplication::processEvents();
    spy.regions.clear();
    session.paint(QRect(0, 0, 50, 50), Qt::green);
    ASSERT_TRUE(waitUntil([&] { return !spy.regions.isEmpty(); }));
    QRegion painted;
    for (const QRegion &r : std::as_const(spy.regions))
        painted += r;
    EXPECT_TRUE(QRect(0, 0, 50, 50).contains(painted.boundingRect().adjusted(1, 1, -1, -1)))
        << "repainted " << painted.boundingRect().width() << "x" << painted.boundingRect().height()
        << ", only the changed rect was due";
    EXPECT_EQ(pixel(&view, {10, 10}), QColor(Qt::green).rgb());
    EXPECT_EQ(pixel(&view, {60, 60}), QColor(Qt::red).rgb());
}

TEST(ConsoleView, ScalesToFitKeepingTheAspectCentred)
{
    FakeSession session;
    ConsoleView view;
    view.setSession(&session);
    session.setPicture(QSize(200, 100));
    view.resize(100, 100);
    ASSERT_TRUE(waitUntil([&] { return view.framebufferSize() == QSize(200, 100); }));
    EXPECT_EQ(view.scaleMode(), ConsoleView::ScaleMode::Fit);
    EXPECT_EQ(view.imageRect(), QRectF(0, 25, 100, 50));
    EXPECT_EQ(pixel(&view, {10, 50}), QColor(Qt::red).rgb());
    EXPECT_EQ(pixel(&view, {90, 50}), QColor(Qt::blue).rgb());
    EXPECT_EQ(pixel(&view, {50, 5}), QColor(Qt::black).rgb()) << "letterbox above";
    EXPECT_EQ(pixel(&view, {50, 95}), QColor(Qt::black).rgb()) << "letterbox below";
    session.paint(QRect(100, 0, 100, 100), Qt::green);
    EXPECT_TRUE(waitUntil([&] { return pixel(&view, {90, 50}) == QColor(Qt::green).rgb(); }));
}

TEST(ConsoleView, SendsPointerAndWheelInFramebufferCoordinates)
{
    FakeSession session;
    ConsoleView view;
    ASSERT_NO_FATAL_FAILURE(showOneToOne(view, session, QSize(200, 100)));

    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(30, 40));
    ASSERT_GE(session.pointer.size(), 2);
    EXPECT_EQ(session.pointer.at(session.pointer.size() - 2).pos, QPoint(30, 40));
    EXPECT_EQ(session.pointer.at(session.pointer.size() - 2).buttons, Qt::LeftButton);
    EXPECT_EQ(session.pointer.last().pos, QPoint(30, 40));
    EXPECT_EQ(session.pointer.last().buttons, Qt::NoButton);

    // Scaled: the picture is 100×50 at (0,25) in a 100×100 view, so positions double.
    view.setScaleMode(ConsoleView::ScaleMode::Fit);
    view.resize(100, 100);
    session.pointer.clear();
    QTest::mouseClick(&view, Qt::RightButton, {}, QPoint(50, 50));
    ASSERT_GE(session.pointer.size(), 2);
    EXPECT_EQ(session.pointer.at(session.pointer.size() - 2).pos, QPoint(100, 50));
    EXPECT_EQ(session.pointer.at(session.pointer.size() - 2).buttons, Qt::RightButton);
    session.pointer.clear();
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(99, 2));
    ASSERT_FALSE(session.pointer.isEmpty());
    EXPECT_EQ(session.pointer.last().pos, QPoint(198, 0)) << "above the picture: clamped";

    // Half notches add up to one.
    const auto wheel = [&view](int dy) {
        QWheelEvent event(QPointF(50, 50), view.mapToGlobal(QPointF(50, 50)), QPoint(),
                          QPoint(0, dy), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &event);
    };
    wheel(60);
    EXPECT_TRUE(session.wheel.isEmpty());
    wheel(60);
    ASSERT_EQ(session.wheel.size(), 1);
    EXPECT_EQ(session.wheel.first().dy, 1);
    EXPECT_EQ(session.wheel.first().dx, 0);
    EXPECT_EQ(session.wheel.first().pos, QPoint(100, 50));
    wheel(-240);
    ASSERT_EQ(session.wheel.size(), 2);
    EXPECT_EQ(session.wheel.last().dy, -2);
}

TEST(ConsoleView, SendsKeysymsTabIncludedAndReleasesHeldKeysOnFocusOut)
{
    FakeSession session;
    QWidget window;
    auto *view = new ConsoleView(&window);
    auto *other = new QLineEdit(&window);
    other->move(0, 120);
    view->resize(200, 100);
    view->setSession(&session);
    session.setPicture(QSize(200, 100));
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    view->setFocus();
    ASSERT_TRUE(waitUntil([&] { return view->hasFocus(); }));

    QTest::keyClick(view, Qt::Key_A);
    QTest::keyClick(view, Qt::Key_Tab);
    QTest::keyClick(view, Qt::Key_Return);
    using K = FakeSession::Key;
    const QList<K> expected{{'a', true},          {'a', false},           {Keysym::Tab, true},
                            {Keysym::Tab, false}, {Keysym::Return, true}, {Keysym::Return, false}};
    EXPECT_EQ(session.keys, expected);
    EXPECT_TRUE(view->hasFocus()) << "Tab went to the guest, not to the next widget";

    session.keys.clear();
    QTest::keyPress(view, Qt::Key_B);
    other->setFocus();
    ASSERT_TRUE(waitUntil([&] { return other->hasFocus(); }));
    EXPECT_EQ(session.keys, (QList<K>{{'b', true}, {'b', false}}))
        << "a key held when the focus left is released";
}

TEST(ConsoleView, GrabShowsTheHintAndCtrlAltReleasesIt)
{
    FakeSession session;
    ConsoleView view;
    view.setSession(&session);
    session.setPicture(QSize(200, 100));
    view.resize(200, 100);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    QSignalSpy grabs(&view, &ConsoleView::keyboardGrabChanged);
    view.setKeyboardGrabbed(true);
    EXPECT_TRUE(view.isKeyboardGrabbed());
    EXPECT_EQ(QWidget::keyboardGrabber(), &view);
    EXPECT_TRUE(view.grabHint()->isVisible());
    EXPECT_EQ(view.grabHint()->text(), QStringLiteral("Press Ctrl+Alt to release"));

    QTest::keyPress(&view, Qt::Key_Control);
    EXPECT_TRUE(view.isKeyboardGrabbed()) << "Ctrl alone keeps the grab";
    QTest::keyPress(&view, Qt::Key_Alt, Qt::ControlModifier);
    EXPECT_FALSE(view.isKeyboardGrabbed());
    EXPECT_EQ(QWidget::keyboardGrabber(), nullptr);
    EXPECT_FALSE(view.grabHint()->isVisible());
    ASSERT_EQ(grabs.size(), 2);
    EXPECT_FALSE(grabs.last().first().toBool());
    EXPECT_TRUE(session.keys.contains(FakeSession::Key{Keysym::ControlL, true}));
    EXPECT_TRUE(session.keys.contains(FakeSession::Key{Keysym::AltL, true}));
}

TEST(ConsoleView, ARelativeGuestPointerIsCapturedOnClickAndReleasedWithCtrlAlt)
{
    FakeSession session;
    ConsoleView view;
    view.setSession(&session);
    session.setPicture(QSize(200, 100));
    view.resize(200, 100);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    Q_EMIT session.absolutePointerChanged(false);
    EXPECT_FALSE(view.isPointerAbsolute());
    EXPECT_EQ(QWidget::mouseGrabber(), nullptr) << "not before a click";
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(20, 20));
    EXPECT_EQ(QWidget::mouseGrabber(), &view);
    EXPECT_EQ(view.cursor().shape(), Qt::BlankCursor) << "the guest draws its own pointer";
    EXPECT_TRUE(view.grabHint()->isVisible());
    QTest::keyPress(&view, Qt::Key_Alt);
    QTest::keyPress(&view, Qt::Key_Control, Qt::AltModifier);
    EXPECT_EQ(QWidget::mouseGrabber(), nullptr);
    EXPECT_FALSE(view.isKeyboardGrabbed());
    EXPECT_NE(view.cursor().shape(), Qt::BlankCursor);
}

TEST(ConsoleView, ResizeGuestAsksForTheViewSizeAfterTheDragSettles)
{
    FakeSession session;
    session.resizable = true;
    ConsoleView view;
    view.setSession(&session);
    session.setPicture(QSize(200, 100));
    view.resize(300, 200);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    view.setScaleMode(ConsoleView::ScaleMode::ResizeGuest);
    view.resize(320, 240);
    view.resize(640, 480);
    const QSize device = (QSizeF(640, 480) * view.devicePixelRatioF()).toSize();
    ASSERT_TRUE(waitUntil([&] { return !session.resizeRequests.isEmpty(); }));
    EXPECT_EQ(session.resizeRequests, QList<QSize>{device}) << "one request, the last size";
}

// Run by the gui_console_hidpi ctest entry (QT_SCALE_FACTOR=2); skipped at other scales.
TEST(ConsoleViewHiDpi, OneGuestPixelPerDevicePixel)
{
    FakeSession session;
    ConsoleView view;
    if (view.devicePixelRatioF() != 2.0)
        GTEST_SKIP() << "needs QT_SCALE_FACTOR=2";
    ASSERT_NO_FATAL_FAILURE(showOneToOne(view, session, QSize(100, 50)));
    EXPECT_EQ(view.minimumSize(), QSize(100, 50)) << "200×100 guest pixels = 100×50 points";
    const QImage shot = view.grab().toImage();
    ASSERT_EQ(shot.size(), QSize(200, 100));
    EXPECT_EQ(shot.pixel(99, 50), QColor(Qt::red).rgb());
    EXPECT_EQ(shot.pixel(100, 50), QColor(Qt::blue).rgb()) << "the edge lands on a device pixel";
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(30, 20));
    ASSERT_FALSE(session.pointer.isEmpty());
    EXPECT_EQ(session.pointer.last().pos, QPoint(60, 40));

    session.resizable = true;
    view.setScaleMode(ConsoleView::ScaleMode::ResizeGuest);
    view.resize(320, 240);
    ASSERT_TRUE(waitUntil([&] { return !session.resizeRequests.isEmpty(); }));
    EXPECT_EQ(session.resizeRequests.last(), QSize(640, 480)) << "the guest gets device pixels";
}

// --- the console window over test:///default -------------------------------------------

class ConsoleWindowTest : public DefaultHostFixture
{
protected:
    /// A factory that hands out one FakeSession per call (kept in m_sessions).
    ConsolePane::SessionFactory fakes(const QString &password = {})
    {
        return [this, password](const QString &type) -> std::unique_ptr<ConsoleSession> {
            m_types.append(type);
            auto session = std::make_unique<FakeSession>();
            session->expectedPassword = password;
            session->setPicture(QSize(64, 48));
            m_sessions.append(session.get());
            return session;
        };
    }
    /// Defines and starts a VM with a VNC display on test:///default; waits for its row.
    QString startVncVm()
    {
        virConnectPtr conn = virConnectOpen("test:///default");
        if (!conn)
            return {};
        const char *xml = "<domain type='test'><name>gfx</name><memory>65536</memory>"
                          "<os><type>hvm</type></os><devices>"
                          "<graphics type='vnc' port='5907' listen='127.0.0.1'/>"
                          "</devices></domain>";
        virDomainPtr dom = virDomainCreateXML(conn, xml, 0);
        QString uuid;
        if (dom) {
            char buf[VIR_UUID_STRING_BUFLEN];
            if (virDomainGetUUIDString(dom, buf) == 0)
                uuid = QString::fromLatin1(buf);
            virDomainFree(dom);
        }
        virConnectClose(conn);
        if (uuid.isEmpty() || !waitUntil([&] {
                const auto *row = m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid));
                return row && !row->domain.graphics.isEmpty();
            }))
            return {};
        return uuid;
    }
    QDialog *passwordDialog(const QWidget *window)
    {
        QDialog *found = nullptr;
        waitUntil([&] {
            found = window->findChild<QDialog *>(QStringLiteral("consolePasswordDialog"));
            return found && found->isVisible();
        });
        return found;
    }
    void answer(QDialog *dialog, const QString &password)
    {
        dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(password);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    }

    QStringList m_types;
    QList<QPointer<FakeSession>> m_sessions;
};

TEST_F(ConsoleWindowTest, AVmWithoutGraphicsShowsTheHintToAddADisplay)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    ASSERT_TRUE(m_vms.rowAt(0)->domain.graphics.isEmpty());
    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid, fakes());
    window.show();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::NoGraphics);
    EXPECT_TRUE(window.pane()->pageMessage().contains(QStringLiteral("VNC or SPICE")));
    EXPECT_TRUE(window.pane()->pageMessage().contains(QStringLiteral("Hardware")));
    EXPECT_TRUE(m_types.isEmpty()) << "no session without a display";
    EXPECT_EQ(window.windowTitle(), QStringLiteral("test on local — Console"));

    // View → Serial Console shows the terminal instead (the test driver has no console to
    // open, so it says why it is not connected), and back.
    window.action(QStringLiteral("serial"))->trigger();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::Serial);
    EXPECT_TRUE(window.pane()->serialTerminal()->isVisible());
    ASSERT_NE(window.pane()->serialConsole(), nullptr);
    window.action(QStringLiteral("serial"))->trigger();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::NoGraphics);
    EXPECT_FALSE(window.pane()->serialTerminal()->isVisible());
}

TEST_F(ConsoleWindowTest, AHostThatIsNotConnectedOffersToConnectIt)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    m_manager->disconnectHost(QStringLiteral("local"));
    ASSERT_TRUE(waitUntil(
        [&] { return m_manager->state(QStringLiteral("local")) == HostState::Disconnected; }));
    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid, fakes());
    window.show();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::HostNotConnected);
    QPushButton *connectHost = window.pane()->pageButton(QStringLiteral("connectHost"));
    ASSERT_TRUE(connectHost->isVisible());
    connectHost->click();
    EXPECT_TRUE(
        waitUntil([&] { return window.pane()->page() == ConsolePane::Page::NoGraphics; }, 10000));
}

TEST_F(ConsoleWindowTest, TheDetailsWindowHasAConsoleTabMadeWhenFirstShown)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    VmDetailsWindow details(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    details.show();
    EXPECT_EQ(details.consolePane(), nullptr) << "nothing connects before the tab is shown";
    QTabWidget *tabs = details.tabs();
    int console = -1;
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i) == QStringLiteral("Conso&le"))
            console = i;
    }
    ASSERT_GE(console, 0);
    tabs->setCurrentIndex(console);
    ASSERT_NE(details.consolePane(), nullptr);
    EXPECT_EQ(details.consolePane()->page(), ConsolePane::Page::NoGraphics);
    EXPECT_EQ(details.consolePane()->uuid(), uuid);
}

TEST_F(ConsoleWindowTest, AStoppedVmOffersStartAndTheButtonStartsIt)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    virConnectPtr conn = virConnectOpen("test:///default");
    ASSERT_NE(conn, nullptr);
    virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid.toLatin1().constData());
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainDestroy(dom), 0);
    ASSERT_TRUE(waitUntil([&] {
        return DomainState(m_vms.index(0, 0).data(DomainListModel::StateRole).toInt())
               == DomainState::Shutoff;
    }));

    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid, fakes());
    window.show();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::NotRunning);
    QPushButton *start = window.pane()->pageButton(QStringLiteral("start"));
    ASSERT_NE(start, nullptr);
    EXPECT_TRUE(start->isVisible());

    QSignalSpy finished(m_manager.get(), &ConnectionManager::actionFinished);
    QSignalSpy started(window.pane(), &ConsolePane::startFinished);
    start->click();
    ASSERT_TRUE(started.wait(10000));
    ASSERT_EQ(finished.size(), 1);
    EXPECT_EQ(finished.first().at(3).value<DomainAction>(), DomainAction::Start);
    EXPECT_EQ(finished.first().at(4).value<Error>().code, ErrorCode::None);
    int state = 0;
    EXPECT_EQ(virDomainGetState(dom, &state, nullptr, 0), 0);
    EXPECT_EQ(state, VIR_DOMAIN_RUNNING);
    // Running again, and still without a display: the page follows the VM.
    EXPECT_TRUE(
        waitUntil([&] { return window.pane()->page() == ConsolePane::Page::NoGraphics; }, 5000));
    virDomainFree(dom);
    virConnectClose(conn);
}

TEST_F(ConsoleWindowTest, AuthFailureOffersRetryWhichAsksThePasswordAndConnects)
{
    ASSERT_FALSE(mirrorDefaultHost().isEmpty());
    const QString uuid = startVncVm();
    ASSERT_FALSE(uuid.isEmpty());
    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid,
                         fakes(QStringLiteral("s3cret")));
    window.show();
    EXPECT_EQ(m_types, QStringList{QStringLiteral("vnc")});
    ASSERT_EQ(m_sessions.size(), 1);
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::Connecting);

    // The keyring has nothing for this VM: the user is asked.
    QDialog *dialog = passwordDialog(&window);
    ASSERT_NE(dialog, nullptr);
    answer(dialog, QStringLiteral("wrong"));
    ASSERT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::AuthFailed; }));
    EXPECT_EQ(window.pane()->pageMessage(), QStringLiteral("wrong password"));
    QPushButton *retry = window.pane()->pageButton(QStringLiteral("retry"));
    ASSERT_TRUE(retry->isVisible());

    retry->click();
    dialog = passwordDialog(&window);
    ASSERT_NE(dialog, nullptr);
    answer(dialog, QStringLiteral("s3cret"));
    ASSERT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }));
    EXPECT_EQ(m_sessions.first()->passwords,
              (QStringList{QStringLiteral("wrong"), QStringLiteral("s3cret")}));
    EXPECT_EQ(m_sessions.first()->starts, 2);
    EXPECT_EQ(window.pane()->view()->session(), m_sessions.first().data());
}

TEST_F(ConsoleWindowTest, SendKeyMenuSendsCtrlAltDelAndScreenshotsArePngs)
{
    ASSERT_FALSE(mirrorDefaultHost().isEmpty());
    const QString uuid = startVncVm();
    ASSERT_FALSE(uuid.isEmpty());
    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid, fakes());
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }));
    EXPECT_EQ(window.windowTitle(), QStringLiteral("gfx on local — Console"));

    QAction *cad = nullptr;
    for (QAction *a : window.sendKeyMenu()->actions()) {
        if (a->text() == QStringLiteral("Ctrl+Alt+&Del"))
            cad = a;
    }
    ASSERT_NE(cad, nullptr);
    EXPECT_TRUE(cad->isEnabled());
    cad->trigger();
    using K = FakeSession::Key;
    const QList<K> expected{{Keysym::ControlL, true}, {Keysym::AltL, true},
                            {Keysym::Delete, true},   {Keysym::Delete, false},
                            {Keysym::AltL, false},    {Keysym::ControlL, false}};
    EXPECT_EQ(m_sessions.first()->keys, expected);

    const QString path = m_data.filePath(QStringLiteral("shot.png"));
    QString error;
    ASSERT_TRUE(window.saveScreenshot(path, &error)) << error.toStdString();
    const QImage shot(path);
    ASSERT_EQ(shot.size(), QSize(64, 48));
    EXPECT_EQ(shot.pixel(5, 5), QColor(Qt::red).rgb());
    EXPECT_EQ(shot.pixel(60, 5), QColor(Qt::blue).rgb());

    // Fullscreen: menus and toolbar make room for the picture, and come back after.
    QAction *fullscreen = window.action(QStringLiteral("fullscreen"));
    fullscreen->trigger();
    EXPECT_TRUE(window.isFullScreen());
    EXPECT_FALSE(window.menuBar()->isVisible());
    EXPECT_FALSE(window.findChild<QToolBar *>(QStringLiteral("console"))->isVisible());
    fullscreen->trigger();
    EXPECT_FALSE(window.isFullScreen());
    EXPECT_TRUE(window.menuBar()->isVisible());
    EXPECT_TRUE(window.findChild<QToolBar *>(QStringLiteral("console"))->isVisible());

    // Disconnect by hand: no reconnection by itself; Connect brings it back.
    window.action(QStringLiteral("disconnect"))->trigger();
    EXPECT_EQ(window.pane()->page(), ConsolePane::Page::Disconnected);
    EXPECT_FALSE(cad->isEnabled());
    window.action(QStringLiteral("connect"))->trigger();
    EXPECT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }));
}

TEST_F(ConsoleWindowTest, ReconnectsWhenTheVmRunsAgain)
{
    ASSERT_FALSE(mirrorDefaultHost().isEmpty());
    // A persistent VM this time: it must survive being shut off.
    virConnectPtr conn = virConnectOpen("test:///default");
    ASSERT_NE(conn, nullptr);
    virDomainPtr dom = virDomainDefineXML(
        conn, "<domain type='test'><name>gfx2</name><memory>65536</memory><os><type>hvm</type>"
              "</os><devices><graphics type='spice' port='5908'/></devices></domain>");
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainCreate(dom), 0);
    char buf[VIR_UUID_STRING_BUFLEN];
    ASSERT_EQ(virDomainGetUUIDString(dom, buf), 0);
    const QString uuid = QString::fromLatin1(buf);
    const auto stateOf = [&] {
        const auto *row = m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid));
        return row ? row->domain.state : DomainState::NoState;
    };
    ASSERT_TRUE(waitUntil([&] { return stateOf() == DomainState::Running; }));
    ConsoleWindow window(m_manager.get(), &m_vms, QStringLiteral("local"), uuid, fakes());
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }));
    EXPECT_EQ(m_types, QStringList{QStringLiteral("spice")});

    ASSERT_EQ(virDomainDestroy(dom), 0);
    m_sessions.first()->stop(); // the server goes away with the VM
    EXPECT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::NotRunning; }));
    ASSERT_EQ(virDomainCreate(dom), 0);
    EXPECT_TRUE(waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }));
    EXPECT_EQ(m_sessions.size(), 1) << "the same session reconnects";
    EXPECT_EQ(m_sessions.first()->starts, 2);
    virDomainDestroy(dom);
    virDomainUndefine(dom);
    virDomainFree(dom);
    virConnectClose(conn);
}

TEST_F(ConsoleWindowTest, ShowsARealVncServerAsksItsPasswordAndSendsItInput)
{
    ASSERT_FALSE(mirrorDefaultHost().isEmpty());
    const QString uuid = startVncVm();
    ASSERT_FALSE(uuid.isEmpty());
    VncTestServer server(QSize(320, 240), QByteArrayLiteral("pw123"));
    ConsoleWindow window(
        m_manager.get(), &m_vms, QStringLiteral("local"), uuid, [&server](const QString &type) {
            return createConsoleSession(type, std::make_unique<TestServerSource>(&server));
        });
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QDialog *dialog = passwordDialog(&window);
    ASSERT_NE(dialog, nullptr);
    answer(dialog, QStringLiteral("pw123"));
    ASSERT_TRUE(
        waitUntil([&] { return window.pane()->page() == ConsolePane::Page::Connected; }, 10000))
        << window.pane()->pageMessage().toStdString();
    ConsoleView *view = window.pane()->view();
    const QImage expected = VncTestServer::expectedImage(QSize(320, 240), 0);
    ASSERT_TRUE(waitUntil(
        [&] { return view->screenshot().convertToFormat(QImage::Format_RGB32) == expected; }));

    // An update reaches the screen.
    server.fillRect(QRect(10, 10, 50, 50), qRgb(0, 255, 0));
    ASSERT_TRUE(waitUntil([&] {
        return view->grab().toImage().pixel(view->toWidget(QRect(30, 30, 1, 1)).center())
               == qRgb(0, 255, 0);
    }));

    // Input reaches the server, in framebuffer coordinates.
    view->setFocus();
    server.clearEvents();
    QTest::keyClick(view, Qt::Key_A);
    using KE = VncTestServer::KeyEvent;
    EXPECT_TRUE(waitUntil([&] {
        return server.keyEvents() == QList<KE>{{'a', true}, {'a', false}};
    }));
    const QPoint at = view->toWidget(QRect(100, 50, 1, 1)).center();
    QTest::mouseClick(view, Qt::LeftButton, {}, at);
    EXPECT_TRUE(waitUntil([&] {
        const auto events = server.pointerEvents();
        return std::any_of(events.cbegin(), events.cend(), [](const auto &e) {
            return e.buttonMask == 1 && (e.pos - QPoint(100, 50)).manhattanLength() <= 2;
        });
    }));
    server.clearEvents();
    for (QAction *a : window.sendKeyMenu()->actions()) {
        if (a->text() == QStringLiteral("Ctrl+Alt+&Del"))
            a->trigger();
    }
    EXPECT_TRUE(waitUntil([&] {
        return server.keyEvents() == QList<KE>{{Keysym::ControlL, true}, {Keysym::AltL, true},
                                               {Keysym::Delete, true},   {Keysym::Delete, false},
                                               {Keysym::AltL, false},    {Keysym::ControlL, false}};
    }));
}

// --- the main window opens one console window per VM ---------------------------------

class MainWindowConsoleTest : public HostFixture
{
protected:
    void TearDown() override
    {
        m_window.reset();
        m_feed.reset();
        HostFixture::TearDown();
    }
    DomainListModel m_vms;
    HostListModel m_hosts;
    std::unique_ptr<InventoryFeed> m_feed;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(MainWindowConsoleTest, DoubleClickOpensOneConsoleWindowPerVm)
{
    NodeSpec spec;
    spec.domains = 6;
    spec.runningEvery = 2;
    const QString node = m_data.filePath(QStringLiteral("node.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    addHost(QStringLiteral("lab"), QStringLiteral("test://") + node);
    m_feed = std::make_unique<InventoryFeed>(m_data.path(), m_manager.get(), &m_vms, &m_hosts);
    m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
    m_window->show();
    m_feed->start();
    ASSERT_TRUE(waitUntil([&] { return m_feed->isLoaded(); }));
    connectAndSync(QStringLiteral("lab"));
    QTreeView *view = m_window->vmView();
    ASSERT_TRUE(waitUntil([&] { return view->model()->rowCount() == 6; }));
    ASSERT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));

    const QModelIndex index = view->model()->index(1, DomainListModel::NameColumn);
    const QString uuid = index.data(DomainListModel::UuidRole).toString();
    const QPoint at = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
    ASSERT_EQ(m_window->consoleWindows().size(), 1);
    ConsoleWindow *console = m_window->consoleWindows().first();
    EXPECT_EQ(console->hostId(), QStringLiteral("lab"));
    EXPECT_EQ(console->uuid(), uuid);
    EXPECT_TRUE(console->isVisible());
    EXPECT_TRUE(console->windowTitle().contains(index.data().toString()));
    // The test driver hands out no graphics socket: whatever page it shows, it is not the view.
    EXPECT_NE(console->pane()->page(), ConsolePane::Page::Connected);

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
    ASSERT_EQ(m_window->consoleWindows().size(), 1) << "the open one is raised, not doubled";
    EXPECT_EQ(m_window->consoleWindows().first(), console);

    // The Console action opens the selected VM's console too; another VM gets its own window.
    const QModelIndex second = view->model()->index(2, DomainListModel::NameColumn);
    view->selectionModel()->select(second,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    ASSERT_TRUE(m_window->consoleAction()->isEnabled());
    m_window->consoleAction()->trigger();
    EXPECT_EQ(m_window->consoleWindows().size(), 2);

    console->close(); // deleted on close
    EXPECT_TRUE(waitUntil([&] {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        return m_window->consoleWindows().size() == 1;
    }));
}

// --- the serial terminal ----------------------------------------------------------------

TEST(SerialTerminal, ShowsTextWithoutEscapeSequences)
{
    SerialTerminal terminal;
    terminal.feed(QByteArrayLiteral("login: \x1b[1mroot\x1b[0m\r\n"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("login: root\n"));
    EXPECT_EQ(terminal.document()->firstBlock().text(), QStringLiteral("login: root"));

    terminal.feed(QByteArrayLiteral("Password: "));
    terminal.feed(QByteArrayLiteral("\r\nLast login\x1b]0;title\x07 ok\r\n"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("login: root\nPassword: \nLast login ok\n"));
}

TEST(SerialTerminal, HandlesCarriageReturnBackspaceTabBellClearAndSplitUtf8)
{
    SerialTerminal terminal;
    terminal.feed(QByteArrayLiteral("abc\rX"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("Xbc"));
    terminal.feed(QByteArrayLiteral("\r\nab\b \bc"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("Xbc\nac"));
    terminal.feed(QByteArrayLiteral("\r\na\tb\a"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("Xbc\nac\na       b"));
    EXPECT_EQ(terminal.bellCount(), 1);
    terminal.feed(QByteArrayLiteral("\x1b[H\x1b[2J$ caf\xc3"));
    terminal.feed(QByteArrayLiteral("\xa9"));
    EXPECT_EQ(terminal.toPlainText(), QString::fromUtf8("$ café"));
    terminal.feed(QByteArrayLiteral("\x1b[3D\x1b[K"));
    EXPECT_EQ(terminal.toPlainText(), QStringLiteral("$ c")) << "cursor back, erase to end";
}

TEST(SerialTerminal, KeysBecomeTheBytesATerminalSends)
{
    const auto bytes = [](int key, Qt::KeyboardModifiers mods = {}, const QString &text = {}) {
        const QKeyEvent event(QEvent::KeyPress, key, mods, text);
        return SerialTerminal::bytesForKey(event);
    };
    EXPECT_EQ(bytes(Qt::Key_Return), QByteArrayLiteral("\r"));
    EXPECT_EQ(bytes(Qt::Key_Enter, Qt::KeypadModifier), QByteArrayLiteral("\r"));
    EXPECT_EQ(bytes(Qt::Key_Backspace), QByteArrayLiteral("\x7f"));
    EXPECT_EQ(bytes(Qt::Key_Tab, {}, QStringLiteral("\t")), QByteArrayLiteral("\t"));
    EXPECT_EQ(bytes(Qt::Key_Up), QByteArrayLiteral("\x1b[A"));
    EXPECT_EQ(bytes(Qt::Key_Down), QByteArrayLiteral("\x1b[B"));
    EXPECT_EQ(bytes(Qt::Key_Right), QByteArrayLiteral("\x1b[C"));
    EXPECT_EQ(bytes(Qt::Key_Left), QByteArrayLiteral("\x1b[D"));
    EXPECT_EQ(bytes(Qt::Key_C, Qt::ControlModifier), QByteArrayLiteral("\x03"));
    EXPECT_EQ(bytes(Qt::Key_D, Qt::ControlModifier), QByteArrayLiteral("\x04"));
    EXPECT_EQ(bytes(Qt::Key_A, {}, QStringLiteral("a")), QByteArrayLiteral("a"));
    EXPECT_EQ(bytes(Qt::Key_Eacute, {}, QString::fromUtf8("é")), QByteArrayLiteral("\xc3\xa9"));
    EXPECT_EQ(bytes(Qt::Key_Escape), QByteArrayLiteral("\x1b"));
    EXPECT_EQ(bytes(Qt::Key_Shift), QByteArray());

    // Typed into the widget: Tab stays in it and goes to the guest.
    QWidget window;
    auto *terminal = new SerialTerminal(&window);
    new QLineEdit(&window);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    terminal->setFocus();
    QSignalSpy typed(terminal, &SerialTerminal::dataTyped);
    QTest::keyClicks(terminal, QStringLiteral("ls"));
    QTest::keyClick(terminal, Qt::Key_Tab);
    QTest::keyClick(terminal, Qt::Key_Return);
    QByteArray all;
    for (const QList<QVariant> &args : std::as_const(typed))
        all += args.first().toByteArray();
    EXPECT_EQ(all, QByteArrayLiteral("ls\t\r"));
    EXPECT_TRUE(terminal->hasFocus());
}

} // namespace
