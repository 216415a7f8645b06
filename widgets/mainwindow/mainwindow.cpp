#include "mainwindow.h"

#include "rowdelegates.h"

#include "connection/connectionmanager.h"
#include "connection/credentialstore.h"
#include "connection/sshprompt.h"
#include "connection/sshtransport.h"
#include "audit/auditview.h"
#include "console/consolewindow.h"
#include "details/hostdetailswindow.h"
#include "details/vmdetailswindow.h"
#include "dialogs/credentialsdialog.h"
#include "dialogs/edithostdialog.h"
#include "dialogs/preferencesdialog.h"
#include "dialogs/sshpromptdialog.h"
#include "dialogs/tagsdialog.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "volumes/volumeregistrywindow.h"
#include "wizards/connectionwizard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Virtumancer {

MainWindow::MainWindow(ConnectionManager *manager, DomainListModel *vms, HostListModel *hosts,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_manager(manager)
    , m_vms(vms)
    , m_hosts(hosts)
    , m_proxy(new DomainFilterProxy(this))
    , m_hostView(new QListView(this))
    , m_vmView(new QTreeView(this))
    , m_search(new QLineEdit(this))
    , m_searchError(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setWindowTitle(tr("Virtumancer"));
    m_proxy->setSourceModel(m_vms);

    m_hostView->setModel(m_hosts);
    m_hostView->setItemDelegate(new HostItemDelegate(m_hostView));
    m_hostView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_hostView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hostView->setWordWrap(true);
    m_hostView->setUniformItemSizes(true); // every item is two lines: no re-layout of 50 per state change
    m_hostView->setSpacing(2);

    m_vmView->setModel(m_proxy);
    m_vmView->setItemDelegate(new StaleRowDelegate(m_vmView));
    auto *sparklines = new SparklineDelegate(m_vmView);
    m_vmView->setItemDelegateForColumn(DomainListModel::CpuUsageColumn, sparklines);
    m_vmView->setItemDelegateForColumn(DomainListModel::MemoryUsageColumn, sparklines);
    m_vmView->setRootIsDecorated(false);
    m_vmView->setUniformRowHeights(true); // cheap layout for tens of thousands of rows
    m_vmView->setAlternatingRowColors(true);
    m_vmView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_vmView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_vmView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_vmView->setSortingEnabled(true);
    m_vmView->sortByColumn(DomainListModel::NameColumn, Qt::AscendingOrder);
    m_vmView->header()->setSectionResizeMode(DomainListModel::NameColumn, QHeaderView::Stretch);

    m_search->setPlaceholderText(tr(
        "Search: name, state:running, host:lab, tag:prod, vcpus:>2, mem:>=4GiB, -state:shutoff"));
    m_search->setClearButtonEnabled(true);
    m_searchError->setVisible(false);
    m_searchError->setWordWrap(true);
    m_searchError->setStyleSheet(QStringLiteral("color: palette(highlight);"));

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_search);
    rightLayout->addWidget(m_searchError);
    rightLayout->addWidget(m_vmView);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_hostView);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 4);
    splitter->setSizes({260, 840});
    setCentralWidget(splitter);
    statusBar()->addWidget(m_statusLabel, 1);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);

    buildActions();

    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applySearch);
    connect(m_hostView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_proxy->setHostFilter(selectedHost());
        updateActions();
        updateStatus();
    });
    connect(m_vmView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    // Rows change state under the selection: the applicable actions change with them.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MainWindow::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_hosts, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatus);
    connect(m_hosts, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_manager, &ConnectionManager::actionFinished, this, &MainWindow::handleActionFinished);
    connect(m_manager, &ConnectionManager::credentialsRequested, this, &MainWindow::askCredentials);
    // A full sync's progress on its host's row ("syncing 812 of 2000"); the host's cached VM
    // rows stay on show meanwhile.
    connect(m_manager, &ConnectionManager::syncProgress, m_hosts, &HostListModel::setSyncProgress);
    connect(m_manager, &ConnectionManager::syncFinished, m_hosts,
            [hosts = m_hosts](const QString &hostId) { hosts->clearSyncProgress(hostId); });
    connect(m_manager, &ConnectionManager::hostStateChanged, this,
            [this](const QString &hostId, HostState state, const Error &error) {
                if (state != HostState::Connected)
                    m_hosts->clearSyncProgress(hostId);
                if (state == HostState::Error && error.code == ErrorCode::HostKeyChanged)
                    warnAboutHostKey(hostId, error);
            });
    // ssh's questions (unknown host keys, passphrases, passwords) for every host and for the
    // wizard's test connection: one dialog per prompt, never a terminal.
    SshPromptBroker *broker = SshPromptBroker::instance();
    connect(broker, &SshPromptBroker::promptRequested, this, &MainWindow::showSshPrompt);
    connect(broker, &SshPromptBroker::promptCancelled, this, [this](quint64 id) {
        if (SshPromptDialog *dialog = m_sshPrompts.take(id))
            dialog->reject(); // ssh gave up waiting; the late "no" is ignored by the broker
    });
    const auto warnIfFailed = [this](const QString &title) {
        return [this, title](const QString &hostId, const Error &error) {
            if (error.code == ErrorCode::None)
                return;
            auto *box = new QMessageBox(QMessageBox::Warning, title,
                                        tr("%1: %2").arg(hostId, error.message), QMessageBox::Ok,
                                        this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        };
    };
    connect(m_manager, &ConnectionManager::tagsEdited, this,
            warnIfFailed(tr("The tags could not be changed")));
    connect(m_manager, &ConnectionManager::hostForgotten, this,
            warnIfFailed(tr("The host could not be removed")));

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainwindow/geometry")).toByteArray());
    m_vmView->header()->restoreState(
        settings.value(QStringLiteral("mainwindow/vmHeader")).toByteArray());
    if (!settings.contains(QStringLiteral("mainwindow/geometry")))
        resize(1100, 650);
    // Column choice: the header's context menu, every column but the name.
    QHeaderView *header = m_vmView->header();
    header->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (int column = DomainListModel::NameColumn + 1; column < DomainListModel::ColumnCount;
         ++column) {
        auto *toggle = new QAction(m_vms->headerData(column, Qt::Horizontal).toString(), header);
        toggle->setCheckable(true);
        toggle->setChecked(!header->isSectionHidden(column));
        connect(toggle, &QAction::toggled, header,
                [header, column](bool shown) { header->setSectionHidden(column, !shown); });
        header->addAction(toggle);
        m_columnActions.append(toggle);
    }
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainwindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainwindow/vmHeader"), m_vmView->header()->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::buildActions()
{
    QToolBar *bar = addToolBar(tr("Actions"));
    bar->setObjectName(QStringLiteral("actions"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction *add = bar->addAction(tr("&Add Connection…"), this, [this] {
        auto *wizard = new ConnectionWizard(m_manager, this);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        wizard->open();
    });
    add->setShortcut(QKeySequence::New);
    m_connect = bar->addAction(tr("Connect"), this, [this] {
        if (const QString h = selectedHost(); !h.isEmpty())
            m_manager->connectHost(h);
    });
    m_disconnect = bar->addAction(tr("Disconnect"), this, [this] {
        if (const QString h = selectedHost(); !h.isEmpty())
            m_manager->disconnectHost(h);
    });
    auto *hostDetails = new QAction(tr("Host &Details"), this);
    hostDetails->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(hostDetails, &QAction::triggered, this, &MainWindow::showHostDetails);
    auto *editHost = new QAction(tr("&Edit Host…"), this);
    connect(editHost, &QAction::triggered, this, &MainWindow::editHost);
    auto *removeHost = new QAction(tr("&Remove Host…"), this);
    connect(removeHost, &QAction::triggered, this, &MainWindow::removeHost);
    m_hostActions = {m_connect, m_disconnect, hostDetails, editHost, removeHost};
    m_hostView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_hostView->addActions(m_hostActions);
    addAction(hostDetails);
    connect(m_hostView, &QListView::doubleClicked, this, &MainWindow::showHostDetails);
    connect(m_vmView, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        openConsole(index.data(DomainListModel::HostRole).toString(),
                    index.data(DomainListModel::UuidRole).toString());
    });
    bar->addSeparator();
    struct Spec
    {
        DomainAction action;
        QString text;
        QKeySequence key;
    };
    const Spec specs[] = {
        {DomainAction::Start, tr("&Start"), QKeySequence(Qt::CTRL | Qt::Key_R)},
        {DomainAction::Shutdown, tr("Shut &Down"), QKeySequence(Qt::CTRL | Qt::Key_D)},
        {DomainAction::Reboot, tr("Re&boot"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
        {DomainAction::Reset, tr("Rese&t"), QKeySequence()},
        {DomainAction::Destroy, tr("&Force Off"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)},
        {DomainAction::Suspend, tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P)},
        {DomainAction::Resume, tr("Res&ume"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
        {DomainAction::Delete, tr("De&lete…"), QKeySequence(QKeySequence::Delete)},
    };
    for (const Spec &spec : specs) {
        QAction *a = bar->addAction(spec.text, this,
                                    [this, action = spec.action] { runOnSelection(action); });
        a->setShortcut(spec.key);
        m_actions.insert(spec.action, a);
        if (spec.action == DomainAction::Destroy)
            bar->addSeparator();
    }
    bar->addSeparator();
    m_details = bar->addAction(tr("Deta&ils"), this, &MainWindow::showDetails);
    m_details->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_console = bar->addAction(tr("&Console"), this, &MainWindow::showConsole);
    m_console->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_console->setToolTip(tr("Opens the console of the selected VM (or double-click it)"));
    QAction *audit = bar->addAction(tr("Audit &Log"), this, [this] { showAuditLog({}); });
    audit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_volumes = bar->addAction(tr("&Volumes…"), this, &MainWindow::showVolumes);
    m_volumes->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    QAction *preferences = bar->addAction(tr("&Preferences…"), this, [this] {
        auto *dialog = new PreferencesDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_editTags = new QAction(tr("Edit &Tags…"), this);
    m_editTags->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_editTags, &QAction::triggered, this, &MainWindow::editTags);
    addAction(m_editTags);
    m_vmView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_vmView->addAction(m_console);
    m_vmView->addAction(m_details);
    m_vmView->addAction(m_editTags);
    for (const Spec &spec : specs)
        m_vmView->addAction(m_actions.value(spec.action));
}

void MainWindow::applySearch(const QString &text)
{
    auto r = m_proxy->setQuery(text);
    m_searchError->setVisible(!r.has_value());
    if (!r)
        m_searchError->setText(r.error().message);
    updateStatus();
}

namespace {
/// Whether action makes sense for a VM in this state (libvirt would refuse the others).
bool applicable(DomainAction action, DomainState state)
{
    const bool active = state == DomainState::Running || state == DomainState::Paused
                        || state == DomainState::Blocked || state == DomainState::PmSuspended;
    switch (action) {
    case DomainAction::Start:
        return !active;
    case DomainAction::Shutdown:
    case DomainAction::Reboot:
    case DomainAction::Reset:
        return state == DomainState::Running || state == DomainState::Blocked;
    case DomainAction::Destroy:
        return active || state == DomainState::Shutdown;
    case DomainAction::Suspend:
        return state == DomainState::Running;
    case DomainAction::Resume:
        return state == DomainState::Paused || state == DomainState::PmSuspended;
    case DomainAction::Delete:
        return !active;
    }
    return false;
}
} // namespace

void MainWindow::updateActions()
{
    const QModelIndexList rows = m_vmView->selectionModel()->selectedRows();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        bool any = false;
        for (const QModelIndex &index : rows) {
            any |= !index.data(DomainListModel::StaleRole).toBool()
                   && applicable(it.key(),
                                 DomainState(index.data(DomainListModel::StateRole).toInt()));
        }
        it.value()->setEnabled(any);
    }
    m_details->setEnabled(!rows.isEmpty());
    m_console->setEnabled(!rows.isEmpty());
    m_editTags->setEnabled(!rows.isEmpty());
    const bool host = !selectedHost().isEmpty();
    for (QAction *a : std::as_const(m_hostActions))
        a->setEnabled(host);
}

void MainWindow::runOnSelection(DomainAction action)
{
    struct Target
    {
        QString host, uuid, name;
    };
    QList<Target> targets;
    const QModelIndexList rows = m_vmView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        if (index.data(DomainListModel::StaleRole).toBool()
            || !applicable(action, DomainState(index.data(DomainListModel::StateRole).toInt())))
            continue;
        targets.append({index.data(DomainListModel::HostRole).toString(),
                        index.data(DomainListModel::UuidRole).toString(),
                        index.sibling(index.row(), DomainListModel::NameColumn).data().toString()});
    }
    if (targets.isEmpty())
        return;
    if (action == DomainAction::Delete) {
        QStringList names;
        for (const Target &t : std::as_const(targets))
            names.append(t.name);
        const auto answer = QMessageBox::question(
            this, tr("Delete virtual machines"),
            tr("Delete the definition of %n virtual machine(s)? Their disks are kept.\n\n%1",
               nullptr, int(targets.size()))
                .arg(names.join(QStringLiteral(", "))));
        if (answer != QMessageBox::Yes)
            return;
    }
    if (m_pending.isEmpty()) {
        m_failures.clear();
        m_batchSize = 0;
    }
    for (const Target &t : std::as_const(targets))
        m_pending.insert(m_manager->runAction(t.host, t.uuid, action), t.name);
    m_batchSize += int(targets.size());
    updateStatus();
}

void MainWindow::handleActionFinished(quint64 job, const QString &, const QString &,
                                      DomainAction action, const Error &error)
{
    const QString name = m_pending.take(job);
    if (name.isNull())
        return; // not ours
    if (error.code != ErrorCode::None)
        m_failures.append(tr("%1 (%2): %3").arg(name, domainActionName(action), error.message));
    updateStatus();
    if (m_pending.isEmpty() && !m_failures.isEmpty()) {
        // Non-modal: the window and the other hosts go on while the user reads it.
        auto *box = new QMessageBox(
            QMessageBox::Warning, tr("Some actions failed"),
            tr("%n of %1 action(s) failed.", nullptr, int(m_failures.size())).arg(m_batchSize),
            QMessageBox::Ok, this);
        box->setDetailedText(m_failures.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

QList<SshPromptDialog *> MainWindow::sshPromptDialogs() const
{
    QList<SshPromptDialog *> open;
    for (const QPointer<SshPromptDialog> &dialog : m_sshPrompts) {
        if (dialog)
            open.append(dialog);
    }
    return open;
}

void MainWindow::showSshPrompt(const SshPrompt &prompt)
{
    for (auto it = m_sshPrompts.begin(); it != m_sshPrompts.end();)
        it = it->isNull() ? m_sshPrompts.erase(it) : std::next(it);
    // Over whatever modal window is up (the wizard testing a connection), else over this one;
    // never inside another prompt's dialog, which may close first.
    QWidget *parent = QApplication::activeModalWidget();
    while (parent && qobject_cast<SshPromptDialog *>(parent))
        parent = parent->parentWidget();
    if (!parent)
        parent = this;
    auto *dialog = new SshPromptDialog(prompt, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The broker is the receiver's context: the answer goes out even while this window closes.
    SshPromptBroker *broker = SshPromptBroker::instance();
    connect(dialog, &SshPromptDialog::answered, broker,
            [broker](quint64 id, bool accepted, const QByteArray &text) {
                broker->answer(id, accepted, text); // the dialog wipes its copy afterwards
            });
    m_sshPrompts.insert(prompt.id, dialog);
    dialog->open();
}

void MainWindow::warnAboutHostKey(const QString &hostId, const Error &error)
{
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("SSH host key changed"),
        tr("The SSH host key of %1 is not the one accepted before. The connection was refused: "
           "someone could be intercepting it. Virtumancer does not retry on its own.")
            .arg(hostId),
        QMessageBox::Ok, this);
    box->setInformativeText(error.message);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::askCredentials(const QString &hostId, const QList<CredentialPrompt> &prompts,
                                const Error &error)
{
    if (prompts.isEmpty() && error.code == ErrorCode::AuthFailed
        && Ssh::usesSystemSsh(m_hosts->host(hostId).uri)) {
        // The system ssh logs in, not libvirt: a password typed here would never reach it (ssh
        // asks for its own through SshPromptDialog). Say what to fix; Retry connects again.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("SSH login refused"),
                                    tr("%1: %2").arg(hostId, error.message),
                                    QMessageBox::Retry | QMessageBox::Cancel, this);
        box->setDefaultButton(QMessageBox::Cancel);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [this, box, hostId] {
            if (box->clickedButton() == box->button(QMessageBox::Retry))
                m_manager->connectHost(hostId);
        });
        box->open();
        return;
    }
    const bool keyring = m_manager->credentialStore()->availability()
                         != CredentialStore::Availability::Unavailable;
    auto *dialog = new CredentialsDialog(
        hostId, prompts, error.code == ErrorCode::AuthFailed ? error.message : QString(), keyring,
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, hostId] {
        m_manager->connectHost(hostId, dialog->credentials(), dialog->remember());
    });
    dialog->open();
}

void MainWindow::showDetails()
{
    const QModelIndexList rows = m_vmView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows.mid(0, 10)) { // a window per VM, within reason
        auto *window = new VmDetailsWindow(m_vms, m_manager, m_manager->dataDir(),
                                           index.data(DomainListModel::HostRole).toString(),
                                           index.data(DomainListModel::UuidRole).toString(), this);
        window->setAttribute(Qt::WA_DeleteOnClose);
        connect(window, &VmDetailsWindow::eventsRequested, this, &MainWindow::showAuditLog);
        window->show();
    }
}

void MainWindow::showConsole()
{
    const QModelIndexList rows = m_vmView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows.mid(0, 10)) { // a window per VM, within reason
        openConsole(index.data(DomainListModel::HostRole).toString(),
                    index.data(DomainListModel::UuidRole).toString());
    }
}

ConsoleWindow *MainWindow::openConsole(const QString &hostId, const QString &uuid)
{
    if (hostId.isEmpty() || uuid.isEmpty())
        return nullptr;
    const QString key = hostId + QLatin1Char('/') + uuid;
    if (ConsoleWindow *open = m_consoles.value(key)) {
        if (open->isMinimized())
            open->showNormal();
        open->raise();
        open->activateWindow();
        return open;
    }
    // Closed windows leave null pointers behind: drop them as new ones come.
    m_consoles.removeIf([](const auto &it) { return it.value().isNull(); });
    auto *window = new ConsoleWindow(m_manager, m_vms, hostId, uuid, {}, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_consoles.insert(key, window);
    window->show();
    return window;
}

QList<ConsoleWindow *> MainWindow::consoleWindows() const
{
    QList<ConsoleWindow *> windows;
    for (const QPointer<ConsoleWindow> &w : m_consoles) {
        if (w)
            windows.append(w);
    }
    return windows;
}

void MainWindow::showAuditLog(const QString &objectId)
{
    auto *view = new AuditView(m_manager->dataDir(), objectId, this);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->show();
}

void MainWindow::showHostDetails()
{
    const QString hostId = selectedHost();
    if (hostId.isEmpty())
        return;
    for (HostDetailsWindow *open : findChildren<HostDetailsWindow *>()) {
        if (open->hostId() == hostId) {
            open->raise();
            open->activateWindow();
            return;
        }
    }
    auto *window = new HostDetailsWindow(m_manager, hostId, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
}

void MainWindow::showVolumes()
{
    // One registry: it reads every host's volumes, a second copy would only cost memory.
    if (VolumeRegistryWindow *open = findChild<VolumeRegistryWindow *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *window = new VolumeRegistryWindow(m_manager, this);
    window->setVmModel(m_vms);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
}

void MainWindow::editHost()
{
    const QString hostId = selectedHost();
    if (hostId.isEmpty())
        return;
    auto *dialog = new EditHostDialog(m_manager, m_hosts->host(hostId), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::removeHost()
{
    const QString hostId = selectedHost();
    if (hostId.isEmpty())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Remove host"),
        tr("Remove host %1? Its mirrored inventory and stored password are forgotten; its VMs "
           "are not touched. The audit log keeps its history.")
            .arg(hostId),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, hostId] { m_manager->forgetHost(hostId); });
    box->open();
}

void MainWindow::editTags()
{
    const QModelIndexList rows = m_vmView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    QList<QStringList> tags;
    QHash<QString, QStringList> uuidsByHost;
    for (const QModelIndex &index : rows) {
        tags.append(index.data(DomainListModel::TagsRole).toStringList());
        uuidsByHost[index.data(DomainListModel::HostRole).toString()].append(
            index.data(DomainListModel::UuidRole).toString());
    }
    auto *dialog = new TagsDialog(tags, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, uuidsByHost] {
        const QStringList add = dialog->added();
        const QStringList remove = dialog->removed();
        if (add.isEmpty() && remove.isEmpty())
            return;
        for (auto it = uuidsByHost.cbegin(); it != uuidsByHost.cend(); ++it)
            m_manager->editTags(it.key(), it.value(), add, remove);
    });
    dialog->open();
}

QString MainWindow::selectedHost() const
{
    const QModelIndexList rows = m_hostView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(HostListModel::HostIdRole).toString();
}

void MainWindow::updateStatus()
{
    QStringList parts;
    parts.append(tr("%n VM(s) shown", nullptr, m_proxy->rowCount()) + QStringLiteral(" / ")
                 + QString::number(m_vms->rowCount()));
    int connected = 0;
    for (int r = 0; r < m_hosts->rowCount(); ++r) {
        if (HostState(m_hosts->index(r).data(HostListModel::StateRole).toInt())
            == HostState::Connected)
            ++connected;
    }
    parts.append(tr("%1 of %n host(s) connected", nullptr, m_hosts->rowCount()).arg(connected));
    if (!m_pending.isEmpty())
        parts.append(tr("running %1 of %2 action(s)…")
                         .arg(m_batchSize - int(m_pending.size()) + 1)
                         .arg(m_batchSize));
    else if (m_batchSize > 0)
        parts.append(tr("%1 action(s) done, %2 failed").arg(m_batchSize).arg(m_failures.size()));
    m_statusLabel->setText(parts.join(QStringLiteral(" · ")));
    // One progress bar for the whole batch, however many hosts it spans.
    m_progress->setVisible(!m_pending.isEmpty());
    m_progress->setRange(0, qMax(1, m_batchSize));
    m_progress->setValue(m_batchSize - int(m_pending.size()));
}

} // namespace Virtumancer
