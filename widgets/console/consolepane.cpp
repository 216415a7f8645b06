#include "consolepane.h"

#include "consoleview.h"
#include "serialterminal.h"

#include "connection/connectionmanager.h"
#include "connection/credentialstore.h"
#include "console/consolefactory.h"
#include "console/libvirtgraphicssource.h"
#include "console/serialconsole.h"
#include "model/domainlistmodel.h"
#include "model/mirrorreader.h"
#include "sync/devicelist.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QThread>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {

enum StackIndex { MessageIndex, ViewIndex, SerialIndex };

/// A VM whose graphics server exists (QEMU keeps it while paused or shutting down).
bool hasDisplay(DomainState state)
{
    switch (state) {
    case DomainState::Running:
    case DomainState::Blocked:
    case DomainState::Paused:
    case DomainState::Shutdown:
    case DomainState::PmSuspended:
        return true;
    case DomainState::NoState:
    case DomainState::Shutoff:
    case DomainState::Crashed:
        return false;
    }
    return false;
}

bool busy(ConsoleState state)
{
    return state == ConsoleState::Connecting || state == ConsoleState::Connected;
}

} // namespace

ConsolePane::ConsolePane(ConnectionManager *manager, DomainListModel *model, QString hostId,
                         QString uuid, SessionFactory factory, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
    , m_model(model)
    , m_hostId(std::move(hostId))
    , m_uuid(std::move(uuid))
    , m_factory(std::move(factory))
    , m_stack(new QStackedWidget(this))
    , m_messagePage(new QWidget(this))
    , m_title(new QLabel(m_messagePage))
    , m_message(new QLabel(m_messagePage))
    , m_scroll(new QScrollArea(this))
    , m_view(new ConsoleView(m_scroll))
    , m_serialPage(new QWidget(this))
    , m_serialStatus(new QLabel(m_serialPage))
    , m_serialReconnect(new QPushButton(tr("Reco&nnect"), m_serialPage))
    , m_terminal(new SerialTerminal(m_serialPage))
{
    if (!m_factory) {
        m_factory = [manager, host = m_hostId, uuid = m_uuid](const QString &type) {
            // skipAuth: libvirt hands over a socket past the VNC password check; the password
            // prompt stays for servers that ask anyway (the listen-address fallback).
            return createConsoleSession(
                type, std::make_unique<LibvirtGraphicsSource>(manager, host, uuid, 0, true));
        };
    }

    // The message page: a title, a sentence, and the buttons that apply.
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMaximumWidth(560);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    for (const auto &[name, text] :
         {std::pair{"start", tr("&Start")}, std::pair{"connect", tr("Co&nnect")},
          std::pair{"retry", tr("&Retry")}, std::pair{"connectHost", tr("Connect &Host")},
          std::pair{"serial", tr("Open Serial &Terminal")}, std::pair{"cancel", tr("Cancel")}}) {
        auto *button = new QPushButton(text, m_messagePage);
        button->setObjectName(QLatin1String(name));
        button->hide();
        buttons->addWidget(button);
        m_buttons.append(button);
    }
    buttons->addStretch();
    auto *messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->addStretch();
    messageLayout->addWidget(m_title);
    messageLayout->addWidget(m_message, 0, Qt::AlignHCenter);
    messageLayout->addSpacing(12);
    messageLayout->addLayout(buttons);
    messageLayout->addStretch();

    connect(pageButton(QStringLiteral("start")), &QPushButton::clicked, this, [this] {
        if (!m_manager || m_startJob != 0)
            return;
        m_userDisconnected = false;
        m_startJob = m_manager->runAction(m_hostId, m_uuid, DomainAction::Start);
        evaluate();
    });
    connect(pageButton(QStringLiteral("connect")), &QPushButton::clicked, this,
            &ConsolePane::connectConsole);
    connect(pageButton(QStringLiteral("retry")), &QPushButton::clicked, this, [this] {
        if (m_page == Page::AuthFailed)
            retryWithPassword();
        else
            connectConsole();
    });
    connect(pageButton(QStringLiteral("connectHost")), &QPushButton::clicked, this, [this] {
        if (m_manager)
            m_manager->connectHost(m_hostId);
    });
    connect(pageButton(QStringLiteral("serial")), &QPushButton::clicked, this,
            [this] { setSerialMode(true); });
    connect(pageButton(QStringLiteral("cancel")), &QPushButton::clicked, this,
            &ConsolePane::disconnectConsole);

    // The view scrolls in 1:1 (its minimum size is the picture's) and fills the area otherwise.
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_scroll->setBackgroundRole(QPalette::Shadow);
    QPalette dark = m_scroll->palette();
    dark.setColor(QPalette::Window, Qt::black);
    m_scroll->setPalette(dark);

    auto *serialTop = new QHBoxLayout;
    m_serialStatus->setWordWrap(true);
    serialTop->addWidget(m_serialStatus, 1);
    serialTop->addWidget(m_serialReconnect);
    auto *serialLayout = new QVBoxLayout(m_serialPage);
    serialLayout->setContentsMargins(0, 0, 0, 0);
    serialLayout->addLayout(serialTop);
    serialLayout->addWidget(m_terminal, 1);
    connect(m_serialReconnect, &QPushButton::clicked, this, &ConsolePane::connectConsole);

    m_stack->insertWidget(MessageIndex, m_messagePage);
    m_stack->insertWidget(ViewIndex, m_scroll);
    m_stack->insertWidget(SerialIndex, m_serialPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    if (m_model) {
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                    const int row = m_model->rowOf(m_hostId, m_uuid);
                    if (row < topLeft.row() || row > bottomRight.row())
                        return;
                    if (topLeft.column() == DomainListModel::CpuUsageColumn
                        && bottomRight.column() == DomainListModel::MemoryUsageColumn)
                        return; // a stats sample
                    evaluate();
                });
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConsolePane::evaluate);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ConsolePane::evaluate);
        connect(m_model, &QAbstractItemModel::modelReset, this, &ConsolePane::evaluate);
    }
    if (m_manager) {
        connect(m_manager, &ConnectionManager::hostStateChanged, this,
                [this](const QString &hostId) {
                    if (hostId == m_hostId)
                        evaluate();
                });
        connect(m_manager, &ConnectionManager::actionFinished, this,
                [this](quint64 job, const QString &, const QString &, DomainAction,
                       const Error &error) {
                    if (job == 0 || job != m_startJob)
                        return;
                    m_startJob = 0;
                    evaluate();
                    if (error.code != ErrorCode::None && m_page == Page::NotRunning) {
                        m_pageMessage = tr("The VM could not be started: %1").arg(error.message);
                        m_message->setText(m_pageMessage);
                    }
                    Q_EMIT startFinished(error);
                });
    }
    evaluate();
}

ConsolePane::~ConsolePane()
{
    // Stopping says "disconnected": nobody is left to show it.
    m_view->setSession(nullptr);
    if (m_session) {
        disconnect(m_session.get(), nullptr, this, nullptr);
        m_session->stop();
    }
    m_session.reset();
    if (m_serial) {
        disconnect(m_serial, nullptr, this, nullptr);
        m_serial->stop();
    }
    if (m_readerThread) {
        m_readerThread->quit();
        m_readerThread->wait(); // a cache read is short; nothing here waits on a host
    }
}

QString ConsolePane::pageMessage() const
{
    return m_pageMessage;
}

QPushButton *ConsolePane::pageButton(const QString &objectName) const
{
    for (QPushButton *button : m_buttons) {
        if (button->objectName() == objectName)
            return button;
    }
    return nullptr;
}

void ConsolePane::evaluate()
{
    if (m_evaluating) {
        m_evaluateAgain = true;
        return;
    }
    m_evaluating = true;
    do {
        m_evaluateAgain = false;
        evaluateOnce();
    } while (m_evaluateAgain);
    m_evaluating = false;
}

void ConsolePane::evaluateOnce()
{
    const InventoryStore::DomainRow *row
        = m_model ? m_model->rowAt(m_model->rowOf(m_hostId, m_uuid)) : nullptr;
    if (row && row->domain.name != m_name) {
        m_name = row->domain.name;
        Q_EMIT vmNameChanged(m_name);
    }
    if (row && row->updatedAt != m_xmlVersion) {
        m_xmlVersion = row->updatedAt;
        readXml(); // whether it has a serial console
    }
    const QString name = m_name.isEmpty() ? m_uuid : m_name;
    const bool hostConnected = m_manager && m_manager->state(m_hostId) == HostState::Connected;
    const bool running = row && hasDisplay(row->domain.state);
    const bool available = hostConnected && running;
    // Auto-(re)connect when the VM runs again or its host is back (and on the first look).
    const bool cameBack = available && !m_wasAvailable;
    m_wasAvailable = available;
    const QList<GraphicsInfo> graphics = row ? row->domain.graphics : QList<GraphicsInfo>{};

    if (row && graphics.isEmpty() && m_hasSerial && !m_serialChosen) {
        m_serialChosen = true; // no display but a serial console: that is the console
        m_serialMode = true;
        Q_EMIT serialModeChanged(true);
    }

    if (m_serialMode) {
        if (available && !m_userDisconnected
            && (cameBack || !m_serial || m_serial->state() == ConsoleState::Idle))
            startSerial();
        updateSerialStatus();
        setPage(Page::Serial, m_serialStatus->text());
        return;
    }

    if (m_session && m_session->state() == ConsoleState::Connected) {
        setPage(Page::Connected);
        return;
    }
    if (!row) {
        setPage(Page::Gone, tr("%1 is no longer on host %2.").arg(name, m_hostId));
        return;
    }
    if (!hostConnected) {
        const HostState state = m_manager ? m_manager->state(m_hostId) : HostState::Disconnected;
        setPage(Page::HostNotConnected,
                state == HostState::Connecting
                    ? tr("Connecting to host %1…").arg(m_hostId)
                    : tr("Host %1 is not connected. The console opens once it is.").arg(m_hostId));
        return;
    }
    if (!running) {
        setPage(Page::NotRunning, m_startJob != 0 ? tr("Starting %1…").arg(name)
                                                  : tr("Its console opens as soon as it runs."));
        return;
    }
    if (graphics.isEmpty()) {
        setPage(
            Page::NoGraphics,
            tr("%1 has no graphical display. Add a VNC or SPICE display in the VM's details "
               "(Hardware tab, Add Hardware…), then restart the VM.")
                    .arg(name)
                + (m_hasSerial ? QLatin1Char(' ') + tr("It has a serial console.") : QString()));
        return;
    }
    const QString type = graphics.constFirst().type;
    ensureSession(type);
    if (!m_session) {
        setPage(Page::NoViewer,
                tr("%1's display is of type \"%2\", which has no embedded viewer here. Change it "
                   "to VNC or SPICE in the VM's details (Hardware tab), or use a %2 client.")
                    .arg(name, type));
        return;
    }
    if (!m_userDisconnected && !busy(m_session->state())
        && (cameBack || m_session->state() == ConsoleState::Idle))
        startSession();

    switch (m_session->state()) {
    case ConsoleState::Idle:
        setPage(Page::Disconnected, tr("The console of %1 is not connected.").arg(name));
        break;
    case ConsoleState::Connecting:
        setPage(Page::Connecting, tr("Connecting to the console of %1…").arg(name));
        break;
    case ConsoleState::Connected:
        setPage(Page::Connected);
        break;
    case ConsoleState::AuthFailed:
        setPage(Page::AuthFailed, m_session->stateMessage().isEmpty()
                                      ? tr("The console of %1 refused the password.").arg(name)
                                      : m_session->stateMessage());
        break;
    case ConsoleState::Disconnected:
        setPage(Page::Disconnected, m_session->stateMessage().isEmpty()
                                        ? tr("The console of %1 was disconnected.").arg(name)
                                        : tr("The console of %1 was disconnected: %2")
                                              .arg(name, m_session->stateMessage()));
        break;
    case ConsoleState::Failed:
        setPage(Page::Failed, m_session->stateMessage().isEmpty()
                                  ? tr("The console of %1 could not be opened.").arg(name)
                                  : m_session->stateMessage());
        break;
    }
}

void ConsolePane::setPage(Page page, const QString &message)
{
    const QString name = m_name.isEmpty() ? m_uuid : m_name;
    QString title;
    QStringList shown;
    switch (page) {
    case Page::Connecting:
        title = tr("Connecting…");
        shown = {QStringLiteral("cancel")};
        break;
    case Page::Connected:
    case Page::Serial:
        break;
    case Page::NotRunning:
        title = tr("%1 is not running").arg(name);
        shown = {QStringLiteral("start")};
        break;
    case Page::NoGraphics:
        title = tr("No graphical display");
        if (m_hasSerial)
            shown = {QStringLiteral("serial")};
        break;
    case Page::NoViewer:
        title = tr("No embedded viewer");
        if (m_hasSerial)
            shown = {QStringLiteral("serial")};
        break;
    case Page::AuthFailed:
        title = tr("Authentication failed");
        shown = {QStringLiteral("retry")};
        break;
    case Page::Disconnected:
        title = tr("Disconnected");
        shown = {QStringLiteral("connect")};
        break;
    case Page::Failed:
        title = tr("The console could not be opened");
        shown = {QStringLiteral("retry")};
        break;
    case Page::HostNotConnected:
        title = tr("Host not connected");
        if (!m_manager || m_manager->state(m_hostId) != HostState::Connecting)
            shown = {QStringLiteral("connectHost")};
        break;
    case Page::Gone:
        title = tr("VM not found");
        break;
    }
    m_title->setText(title);
    m_message->setText(message);
    // A word-wrapped label asks for a narrow, tall shape: give it a line's width (up to its
    // maximum) so a sentence reads as one.
    m_message->setMinimumWidth(
        qMin(m_message->maximumWidth(), m_message->fontMetrics().horizontalAdvance(message) + 8));
    for (QPushButton *button : std::as_const(m_buttons))
        button->setVisible(shown.contains(button->objectName()));
    if (QPushButton *retry = pageButton(QStringLiteral("retry")))
        retry->setText(page == Page::AuthFailed ? tr("Enter &Password…") : tr("&Retry"));
    pageButton(QStringLiteral("start"))->setEnabled(m_startJob == 0);
    m_pageMessage = message;

    const int index = page == Page::Connected ? ViewIndex
                      : page == Page::Serial  ? SerialIndex
                                              : MessageIndex;
    const bool hadFocus = m_stack->currentWidget()->isAncestorOf(focusWidget());
    m_stack->setCurrentIndex(index);
    if (page != m_page) {
        m_page = page;
        if (hadFocus || isActiveWindow()) {
            if (page == Page::Connected)
                m_view->setFocus(Qt::OtherFocusReason);
            else if (page == Page::Serial)
                m_terminal->setFocus(Qt::OtherFocusReason);
        }
        Q_EMIT pageChanged(page);
    }
}

void ConsolePane::ensureSession(const QString &graphicsType)
{
    if (graphicsType == m_sessionType && (m_session || m_noViewer))
        return;
    // A new display type (the VM's configuration changed): a session of the right protocol.
    m_view->setSession(nullptr);
    if (m_session) {
        m_session->stop();
        m_session.reset();
    }
    m_sessionType = graphicsType;
    m_session = m_factory(graphicsType);
    m_noViewer = !m_session;
    if (!m_session)
        return;
    m_keyringTried = false;
    connect(m_session.get(), &ConsoleSession::stateChanged, this, &ConsolePane::handleSessionState);
    connect(m_session.get(), &ConsoleSession::passwordRequired, this,
            &ConsolePane::handlePasswordRequired);
    m_view->setSession(m_session.get());
}

void ConsolePane::startSession()
{
    if (!m_session || busy(m_session->state()))
        return;
    m_keyringTried = false;
    m_session->start();
}

void ConsolePane::handleSessionState(ConsoleState state, const QString &)
{
    if (state == ConsoleState::Connected) {
        m_password.clear();
        if (!m_passwordToRemember.isEmpty() && m_manager && m_manager->credentialStore()) {
            // Only a password that worked is worth keeping.
            QByteArray secret = m_passwordToRemember.toUtf8();
            m_manager->credentialStore()->writeConsolePassword(m_hostId, m_uuid, secret);
            secret.fill('\0');
        }
        m_passwordToRemember.clear();
    } else if (state == ConsoleState::AuthFailed || state == ConsoleState::Failed) {
        m_passwordToRemember.clear();
    }
    evaluate();
}

void ConsolePane::handlePasswordRequired()
{
    QPointer<ConsoleSession> session = m_session.get();
    if (!session)
        return;
    if (!m_password.isEmpty()) { // typed for this attempt (Retry)
        const QString password = std::exchange(m_password, {});
        if (m_rememberPassword)
            m_passwordToRemember = password;
        session->setPassword(password);
        return;
    }
    const auto ask = [this, session] {
        askPassword(
            tr("The console of %1 asks for a password.").arg(m_name.isEmpty() ? m_uuid : m_name),
            [this, session](const QString &password, bool remember) {
                if (!session)
                    return;
                if (remember && !password.isEmpty())
                    m_passwordToRemember = password;
                session->setPassword(password); // empty: gives up (AuthFailed)
            });
    };
    CredentialStore *store = m_manager ? m_manager->credentialStore() : nullptr;
    if (m_keyringTried || !store) {
        ask();
        return;
    }
    m_keyringTried = true;
    store->readConsolePassword(m_hostId, m_uuid,
                               [guard = QPointer<ConsolePane>(this), session, ask](QByteArray pw) {
                                   if (!guard || !session)
                                       return;
                                   if (pw.isEmpty()) {
                                       ask();
                                       return;
                                   }
                                   session->setPassword(QString::fromUtf8(pw));
                                   pw.fill('\0');
                               });
}

void ConsolePane::askPassword(const QString &reason,
                              std::function<void(const QString &, bool)> done)
{
    if (m_passwordDialog)
        m_passwordDialog->close();
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("consolePasswordDialog"));
    dialog->setWindowTitle(tr("Console Password"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *label = new QLabel(reason, dialog);
    label->setWordWrap(true);
    auto *edit = new QLineEdit(dialog);
    edit->setObjectName(QStringLiteral("password"));
    edit->setEchoMode(QLineEdit::Password);
    auto *remember = new QCheckBox(tr("&Remember in keyring"), dialog);
    remember->setObjectName(QStringLiteral("remember"));
    const CredentialStore *store = m_manager ? m_manager->credentialStore() : nullptr;
    const bool keyring
        = store && store->availability() != CredentialStore::Availability::Unavailable;
    remember->setEnabled(keyring);
    if (!keyring)
        remember->setToolTip(tr("No keyring service is available."));
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(label);
    layout->addWidget(edit);
    layout->addWidget(remember);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    // finished() fires once for accept, reject and close alike: done() always hears back.
    connect(dialog, &QDialog::finished, this, [edit, remember, done](int result) {
        const QString password = result == QDialog::Accepted ? edit->text() : QString();
        edit->clear();
        done(password, remember->isChecked());
    });
    m_passwordDialog = dialog;
    dialog->open();
}

void ConsolePane::retryWithPassword()
{
    askPassword(tr("Password for the console of %1:").arg(m_name.isEmpty() ? m_uuid : m_name),
                [this](const QString &password, bool remember) {
                    if (password.isEmpty())
                        return; // cancelled: stay on the page
                    m_password = password;
                    m_rememberPassword = remember;
                    m_userDisconnected = false;
                    startSession();
                    evaluate();
                });
}

void ConsolePane::connectConsole()
{
    m_userDisconnected = false;
    if (m_serialMode)
        startSerial();
    else
        startSession();
    evaluate();
}

void ConsolePane::disconnectConsole()
{
    m_userDisconnected = true;
    m_view->setKeyboardGrabbed(false);
    if (m_session)
        m_session->stop();
    if (m_serial)
        m_serial->stop();
    evaluate();
}

void ConsolePane::setSerialMode(bool serial)
{
    m_serialChosen = true;
    if (m_serialMode == serial)
        return;
    m_serialMode = serial;
    if (serial) {
        m_view->setKeyboardGrabbed(false);
    } else if (m_serial) {
        m_serial->stop(); // frees the console for others (virsh console)
    }
    Q_EMIT serialModeChanged(serial);
    evaluate();
}

void ConsolePane::startSerial()
{
    if (!m_manager)
        return;
    if (!m_serial) {
        m_serial = new SerialConsole(m_manager, m_hostId, m_uuid, {}, this);
        connect(m_serial, &SerialConsole::dataReceived, m_terminal, &SerialTerminal::feed);
        connect(m_terminal, &SerialTerminal::dataTyped, m_serial, &SerialConsole::write);
        connect(m_serial, &SerialConsole::stateChanged, this, &ConsolePane::updateSerialStatus);
    }
    if (!busy(m_serial->state()))
        m_serial->start();
    updateSerialStatus();
}

void ConsolePane::updateSerialStatus()
{
    const ConsoleState state = m_serial ? m_serial->state() : ConsoleState::Idle;
    const QString message = m_serial ? m_serial->stateMessage() : QString();
    const QString name = m_name.isEmpty() ? m_uuid : m_name;
    QString text;
    switch (state) {
    case ConsoleState::Connected:
        break;
    case ConsoleState::Connecting:
        text = tr("Connecting to the serial console of %1…").arg(name);
        break;
    case ConsoleState::Idle:
        text = m_wasAvailable ? tr("The serial console is not connected.")
                              : tr("The serial console opens when %1 runs.").arg(name);
        break;
    case ConsoleState::AuthFailed:
    case ConsoleState::Disconnected:
    case ConsoleState::Failed:
        text = message.isEmpty() ? tr("The serial console is not connected.")
                                 : tr("The serial console is not connected: %1").arg(message);
        break;
    }
    m_serialStatus->setText(text);
    m_serialStatus->setVisible(!text.isEmpty());
    m_serialReconnect->setVisible(state != ConsoleState::Connected
                                  && state != ConsoleState::Connecting && m_wasAvailable);
    if (m_page == Page::Serial)
        m_pageMessage = text;
}

void ConsolePane::sendKeys(const QList<quint32> &keysyms)
{
    if (m_session && m_session->state() == ConsoleState::Connected)
        m_session->sendKeyCombination(keysyms);
}

void ConsolePane::readXml()
{
    if (!m_manager)
        return;
    if (!m_readerThread) {
        m_readerThread = new QThread(this);
        m_readerThread->setObjectName(QStringLiteral("console-xml-reader"));
        m_reader = new MirrorReader(m_manager->dataDir());
        m_reader->moveToThread(m_readerThread);
        connect(m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
        connect(m_reader, &MirrorReader::domainXmlLoaded, this,
                [this](const QString &hostId, const QString &uuid, const QString &xml) {
                    if (hostId != m_hostId || uuid != m_uuid)
                        return;
                    bool serial = false;
                    if (const auto devices = listDevices(xml.toUtf8())) {
                        for (const DeviceEntry &device : *devices)
                            serial |= device.kind == QLatin1String("serial")
                                      || device.kind == QLatin1String("console");
                    }
                    if (serial == m_hasSerial)
                        return;
                    m_hasSerial = serial;
                    evaluate();
                });
        m_readerThread->start();
    }
    QMetaObject::invokeMethod(m_reader, "loadDomainXml", Qt::QueuedConnection,
                              Q_ARG(QString, m_hostId), Q_ARG(QString, m_uuid));
}

} // namespace Virtumancer
