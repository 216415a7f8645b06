#include "consolewindow.h"

#include "consoleview.h"

#include "console/keysym.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCursor>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace Virtumancer {

namespace {
constexpr int edgePollMs = 150; ///< how often fullscreen looks for the pointer at the top edge
QString scaleModeKey()
{
    return QStringLiteral("console/scaleMode");
}
} // namespace

ConsoleWindow::ConsoleWindow(ConnectionManager *manager, DomainListModel *model,
                             const QString &hostId, const QString &uuid,
                             ConsolePane::SessionFactory factory, QWidget *parent)
    : QMainWindow(parent)
    , m_pane(new ConsolePane(manager, model, hostId, uuid, std::move(factory), this))
    , m_sendKeys(new QMenu(tr("Send &Key"), this))
    , m_edgeTimer(new QTimer(this))
{
    setCentralWidget(m_pane);
    m_edgeTimer->setInterval(edgePollMs);
    connect(m_edgeTimer, &QTimer::timeout, this, &ConsoleWindow::checkTopEdge);
    buildActions();
    connect(m_pane, &ConsolePane::vmNameChanged, this, &ConsoleWindow::updateTitle);
    connect(m_pane, &ConsolePane::pageChanged, this, &ConsoleWindow::updateActions);
    connect(m_pane, &ConsolePane::pageChanged, this, [this](ConsolePane::Page page) {
        // The first picture sizes the window (1:1: every picture does), once the view's area
        // has its place in the layout.
        if (page == ConsolePane::Page::Connected
            && (!m_sizedToGuest || m_pane->view()->scaleMode() == ConsoleView::ScaleMode::OneToOne))
            QTimer::singleShot(0, this, &ConsoleWindow::fitWindowToGuest);
    });
    connect(m_pane, &ConsolePane::serialModeChanged, this, &ConsoleWindow::updateActions);
    connect(m_pane->view(), &ConsoleView::keyboardGrabChanged, this, [this](bool grabbed) {
        QAction *grab = action(QStringLiteral("grab"));
        const QSignalBlocker block(grab);
        grab->setChecked(grabbed);
    });
    connect(m_pane->view(), &ConsoleView::framebufferResized, this, [this] {
        if (m_pane->view()->scaleMode() == ConsoleView::ScaleMode::OneToOne || !m_sizedToGuest)
            fitWindowToGuest();
    });
    updateTitle();
    updateActions();
    resize(1024, 768);
}

ConsoleWindow::~ConsoleWindow()
{
    // The pane outlives this part of the window (children go last): it must not call back.
    disconnect(m_pane, nullptr, this, nullptr);
    disconnect(m_pane->view(), nullptr, this, nullptr);
}

QAction *ConsoleWindow::action(const QString &objectName) const
{
    return m_actions.value(objectName);
}

void ConsoleWindow::buildActions()
{
    const auto make = [this](const char *name, const QString &text) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        m_actions.insert(QLatin1String(name), a);
        return a;
    };

    // Send Key: combinations the host's own keyboard would not let through.
    struct Combination
    {
        QString text;
        QList<quint32> keysyms;
    };
    QList<Combination> combinations{
        {tr("Ctrl+Alt+&Del"), {Keysym::ControlL, Keysym::AltL, Keysym::Delete}},
        {tr("Ctrl+Alt+&Backspace"), {Keysym::ControlL, Keysym::AltL, Keysym::BackSpace}},
    };
    for (int n = 1; n <= 12; ++n)
        combinations.append(
            {tr("Ctrl+Alt+F%1").arg(n), {Keysym::ControlL, Keysym::AltL, Keysym::function(n)}});
    combinations.append({tr("&Print Screen"), {Keysym::Print}});
    for (const Combination &c : std::as_const(combinations)) {
        QAction *a = m_sendKeys->addAction(c.text);
        connect(a, &QAction::triggered, this, [this, keys = c.keysyms] { m_pane->sendKeys(keys); });
        if (c.keysyms.size() == 3 && c.keysyms.last() == Keysym::BackSpace)
            m_sendKeys->addSeparator();
        if (c.keysyms.size() == 3 && c.keysyms.last() == Keysym::F12)
            m_sendKeys->addSeparator();
    }

    QAction *connectAction = make("connect", tr("C&onnect"));
    connect(connectAction, &QAction::triggered, m_pane, &ConsolePane::connectConsole);
    QAction *disconnectAction = make("disconnect", tr("&Disconnect"));
    connect(disconnectAction, &QAction::triggered, m_pane, &ConsolePane::disconnectConsole);
    QAction *screenshot = make("screenshot", tr("Screens&hot…"));
    connect(screenshot, &QAction::triggered, this, &ConsoleWindow::askScreenshotPath);
    QAction *close = make("close", tr("&Close"));
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);

    m_scaleGroup = new QActionGroup(this);
    m_scaleGroup->setExclusive(true);
    const struct
    {
        const char *name;
        QString text;
        ConsoleView::ScaleMode mode;
    } scales[] = {
        {"fit", tr("Scale to &Fit"), ConsoleView::ScaleMode::Fit},
        {"oneToOne", tr("&1:1"), ConsoleView::ScaleMode::OneToOne},
        {"resizeGuest", tr("&Resize Guest to Window"), ConsoleView::ScaleMode::ResizeGuest},
    };
    const auto saved = ConsoleView::ScaleMode(
        QSettings().value(scaleModeKey(), int(ConsoleView::ScaleMode::Fit)).toInt());
    for (const auto &scale : scales) {
        QAction *a = make(scale.name, scale.text);
        a->setCheckable(true);
        a->setChecked(scale.mode == saved);
        m_scaleGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = scale.mode] {
            m_pane->view()->setScaleMode(mode);
            QSettings().setValue(scaleModeKey(), int(mode));
            if (mode == ConsoleView::ScaleMode::OneToOne)
                fitWindowToGuest();
        });
    }
    action(QStringLiteral("resizeGuest"))
        ->setToolTip(tr("Asks the guest to change its resolution to the window's size (SPICE "
                        "with the guest agent, some VNC servers); scales to fit otherwise."));
    m_pane->view()->setScaleMode(saved);

    QAction *fullscreen = make("fullscreen", tr("F&ullscreen"));
    fullscreen->setCheckable(true);
    fullscreen->setShortcut(QKeySequence(Qt::Key_F11)); // while the view has no focus
    connect(fullscreen, &QAction::toggled, this, &ConsoleWindow::setFullScreen);
    QAction *grab = make("grab", tr("&Grab Keyboard"));
    grab->setCheckable(true);
    grab->setToolTip(tr("Sends every key to the guest; press Ctrl+Alt to release"));
    connect(grab, &QAction::toggled, this,
            [this](bool on) { m_pane->view()->setKeyboardGrabbed(on); });
    QAction *serial = make("serial", tr("&Serial Console"));
    serial->setCheckable(true);
    connect(serial, &QAction::toggled, m_pane, &ConsolePane::setSerialMode);

    QMenu *console = menuBar()->addMenu(tr("&Console"));
    console->addAction(connectAction);
    console->addAction(disconnectAction);
    console->addSeparator();
    console->addAction(screenshot);
    console->addSeparator();
    console->addAction(close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_scaleGroup->actions());
    view->addSeparator();
    view->addAction(fullscreen);
    view->addAction(grab);
    view->addSeparator();
    view->addAction(serial);
    menuBar()->addMenu(m_sendKeys);

    m_toolbar = addToolBar(tr("Console"));
    m_toolbar->setObjectName(QStringLiteral("console"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setMovable(false);
    m_overlay = new QToolBar(this);
    m_overlay->setObjectName(QStringLiteral("fullscreenToolbar"));
    m_overlay->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_overlay->setAutoFillBackground(true);
    m_overlay->hide();
    for (QToolBar *bar : {m_toolbar, m_overlay}) {
        auto *sendKeys = new QToolButton(bar);
        sendKeys->setText(tr("Send Key"));
        sendKeys->setMenu(m_sendKeys);
        sendKeys->setPopupMode(QToolButton::InstantPopup);
        sendKeys->setFocusPolicy(Qt::NoFocus);
        sendKeys->setObjectName(QStringLiteral("sendKeys"));
        bar->addWidget(sendKeys);
        bar->addSeparator();
        bar->addActions(m_scaleGroup->actions());
        bar->addSeparator();
        bar->addAction(fullscreen);
        bar->addAction(grab);
        bar->addSeparator();
        bar->addAction(screenshot);
        bar->addAction(connectAction);
        bar->addAction(disconnectAction);
        bar->addSeparator();
        bar->addAction(serial);
        bar->setFocusPolicy(Qt::NoFocus);
    }
}

void ConsoleWindow::updateTitle()
{
    const QString name = m_pane->vmName().isEmpty() ? m_pane->uuid() : m_pane->vmName();
    setWindowTitle(tr("%1 on %2 — Console").arg(name, m_pane->hostId()));
}

void ConsoleWindow::updateActions()
{
    const ConsolePane::Page page = m_pane->page();
    const bool connected = page == ConsolePane::Page::Connected;
    const bool serial = m_pane->isSerialMode();
    m_sendKeys->setEnabled(connected);
    for (QToolButton *button : findChildren<QToolButton *>(QStringLiteral("sendKeys")))
        button->setEnabled(connected);
    for (QAction *a : m_sendKeys->actions())
        a->setEnabled(connected);
    action(QStringLiteral("screenshot"))->setEnabled(connected);
    action(QStringLiteral("grab"))->setEnabled(connected);
    const bool sessionLive = connected || page == ConsolePane::Page::Connecting;
    action(QStringLiteral("disconnect"))->setEnabled(sessionLive || serial);
    action(QStringLiteral("connect"))
        ->setEnabled(serial || page == ConsolePane::Page::Disconnected
                     || page == ConsolePane::Page::Failed || page == ConsolePane::Page::AuthFailed);
    for (QAction *a : m_scaleGroup->actions())
        a->setEnabled(!serial);
    QAction *serialAction = action(QStringLiteral("serial"));
    const QSignalBlocker block(serialAction);
    serialAction->setChecked(serial);
}

void ConsoleWindow::setFullScreen(bool on)
{
    if (on == isFullScreen())
        return;
    if (on) {
        m_stateBeforeFullScreen = windowState();
        menuBar()->hide();
        m_toolbar->hide();
        showFullScreen();
        m_edgeTimer->start();
    } else {
        m_edgeTimer->stop();
        m_overlay->hide();
        menuBar()->show();
        m_toolbar->show();
        if (m_stateBeforeFullScreen & Qt::WindowMaximized)
            showMaximized();
        else
            showNormal();
    }
}

void ConsoleWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() != QEvent::WindowStateChange)
        return;
    // The window manager may leave fullscreen by itself: the action and toolbars follow.
    QAction *fullscreen = action(QStringLiteral("fullscreen"));
    if (fullscreen && fullscreen->isChecked() != isFullScreen()) {
        const QSignalBlocker block(fullscreen);
        fullscreen->setChecked(isFullScreen());
        if (!isFullScreen()) {
            m_edgeTimer->stop();
            m_overlay->hide();
            menuBar()->show();
            m_toolbar->show();
        }
    }
}

void ConsoleWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (m_overlay->isVisible())
        m_overlay->setGeometry(0, 0, width(), m_overlay->sizeHint().height());
}

void ConsoleWindow::checkTopEdge()
{
    // Polled, not a mouse-move filter: while the view grabs the pointer nothing else sees it.
    const QPoint pos = mapFromGlobal(QCursor::pos());
    const bool inside = rect().contains(pos);
    if (!m_overlay->isVisible()) {
        if (inside && pos.y() <= 1 && !m_pane->view()->isKeyboardGrabbed()) {
            m_overlay->setGeometry(0, 0, width(), m_overlay->sizeHint().height());
            m_overlay->show();
            m_overlay->raise();
        }
    } else if (!inside || pos.y() > m_overlay->height() + 8) {
        if (!m_overlay->isAncestorOf(QApplication::activePopupWidget()) && !m_sendKeys->isVisible())
            m_overlay->hide();
    }
}

void ConsoleWindow::fitWindowToGuest()
{
    const QSize picture = m_pane->view()->sizeHint();
    if (isFullScreen() || isMaximized() || m_pane->view()->framebufferSize().isEmpty()
        || m_pane->page() != ConsolePane::Page::Connected)
        return;
    m_sizedToGuest = true;
    // The window's size minus the view's area is what the menus and toolbar take.
    const QWidget *area = m_pane->view()->parentWidget();
    const QSize chrome = size() - area->size();
    QSize wanted = picture + chrome;
    if (const QScreen *s = screen())
        wanted = wanted.boundedTo(s->availableGeometry().size() * 0.95);
    resize(wanted);
}

bool ConsoleWindow::saveScreenshot(const QString &path, QString *error) const
{
    const QImage image = m_pane->view()->screenshot();
    if (image.isNull()) {
        if (error)
            *error = tr("There is no picture to save.");
        return false;
    }
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("%1 could not be written.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

void ConsoleWindow::askScreenshotPath()
{
    // The picture as it is when asked, not when the dialog closes.
    const QImage image = m_pane->view()->screenshot();
    if (image.isNull())
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString name
        = QStringLiteral("%1-%2.png")
              .arg(m_pane->vmName().isEmpty() ? m_pane->uuid() : m_pane->vmName(),
                   QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    auto *dialog = new QFileDialog(this, tr("Save Screenshot"), QDir(dir).filePath(name),
                                   tr("PNG images (*.png)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("png"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, image](const QString &path) {
        if (image.save(path, "PNG"))
            return;
        auto *box
            = new QMessageBox(QMessageBox::Warning, tr("Screenshot"),
                              tr("%1 could not be written.").arg(QDir::toNativeSeparators(path)),
                              QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    dialog->open();
}

void ConsoleWindow::closeEvent(QCloseEvent *event)
{
    m_pane->disconnectConsole();
    QMainWindow::closeEvent(event);
}

} // namespace Virtumancer
