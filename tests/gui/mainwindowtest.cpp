// The main window over a live test-driver host: rows appear, the search filters (with an inline
// error for a bad query), lifecycle actions change rows, and a host that never answers does not
// stall the GUI thread.

#include "common/guitestutil.h"
#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "cache/auditlog.h"
#include "dialogs/edithostdialog.h"
#include "dialogs/tagsdialog.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/rowdelegates.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QHeaderView>
#include <QProgressBar>
#include <QSettings>
#include <QTcpServer>
#include <QTest>
#include <QTreeView>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class MainWindowTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        NodeSpec spec;
        spec.domains = 40;
        spec.runningEvery = 2;
        const QString node = m_data.filePath(QStringLiteral("node.xml"));
        ASSERT_TRUE(writeNodeXml(node, spec));
        addHost(QStringLiteral("lab"), QStringLiteral("test://") + node);
        m_feed = std::make_unique<InventoryFeed>(m_data.path(), m_manager.get(), &m_vms, &m_hosts);
        m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
        m_window->show();
        m_feed->start();
        ASSERT_TRUE(waitUntil([&] { return m_feed->isLoaded(); }));
    }
    void TearDown() override
    {
        m_window.reset();
        m_feed.reset();
        HostFixture::TearDown();
    }
    int shown() const { return m_window->vmProxy()->rowCount(); }
    /// Selects the proxy rows whose name is in names.
    void select(const QStringList &names)
    {
        QTreeView *view = m_window->vmView();
        view->clearSelection();
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const QModelIndex index = view->model()->index(r, DomainListModel::NameColumn);
            if (names.contains(index.data().toString()))
                view->selectionModel()->select(index, QItemSelectionModel::Select
                                                          | QItemSelectionModel::Rows);
        }
    }
    QStringList namesWhere(const QString &query)
    {
        EXPECT_TRUE(m_window->vmProxy()->setQuery(query).has_value());
        QStringList names;
        for (int r = 0; r < shown(); ++r)
            names.append(
                m_window->vmProxy()->index(r, DomainListModel::NameColumn).data().toString());
        return names;
    }

    QStringList tagsOf(const QString &name)
    {
        for (int r = 0; r < m_vms.rowCount(); ++r) {
            if (m_vms.index(r, DomainListModel::NameColumn).data().toString() == name)
                return m_vms.index(r, 0).data(DomainListModel::TagsRole).toStringList();
        }
        return {QStringLiteral("<no such VM>")};
    }
    int hostRow(const QString &id)
    {
        for (int r = 0; r < m_hosts.rowCount(); ++r) {
            if (m_hosts.index(r).data(HostListModel::HostIdRole).toString() == id)
                return r;
        }
        return -1;
    }
    void selectHost(const QString &id)
    {
        m_window->hostView()->setCurrentIndex(m_hosts.index(hostRow(id)));
    }

    DomainListModel m_vms;
    HostListModel m_hosts;
    std::unique_ptr<InventoryFeed> m_feed;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(MainWindowTest, RowsAppearAndTheSearchFiltersThem)
{
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    QTest::keyClicks(m_window->searchField(), QStringLiteral("state:running"));
    EXPECT_EQ(m_window->vmProxy()->queryText(), QStringLiteral("state:running"))
        << m_window->searchError()->text().toStdString();
    EXPECT_EQ(shown(), 20);
    EXPECT_FALSE(m_window->searchError()->isVisible());

    // Pasted in one go (typed key by key, each prefix would be a query of its own).
    m_window->searchField()->setText(QStringLiteral("state:running vcpus:>>"));
    EXPECT_TRUE(m_window->searchError()->isVisible());
    EXPECT_FALSE(m_window->searchError()->text().isEmpty());
    EXPECT_EQ(shown(), 20) << "a bad query keeps the last good filter";

    m_window->searchField()->clear();
    EXPECT_FALSE(m_window->searchError()->isVisible());
    EXPECT_EQ(shown(), 40);
}

TEST_F(MainWindowTest, ActionsFollowTheSelectionAndChangeTheRows)
{
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    const QStringList off = namesWhere(QStringLiteral("state:shutoff")).mid(0, 5);
    ASSERT_EQ(off.size(), 5);
    ASSERT_TRUE(m_window->vmProxy()->setQuery({}).has_value());
    select(off);
    EXPECT_TRUE(m_window->action(DomainAction::Start)->isEnabled());
    EXPECT_FALSE(m_window->action(DomainAction::Suspend)->isEnabled())
        << "nothing running selected";

    // A bulk start: five jobs in the background, one per VM.
    m_window->action(DomainAction::Start)->trigger();
    EXPECT_EQ(m_window->pendingJobs(), 5);
    ASSERT_TRUE(waitUntil([&] { return m_window->pendingJobs() == 0; }, 10000));
    ASSERT_TRUE(waitUntil(
        [&] {
            const QStringList running = namesWhere(QStringLiteral("state:running"));
            return std::all_of(off.cbegin(), off.cend(),
                               [&](const QString &n) { return running.contains(n); });
        },
        2000));

    // The same rows now offer pause, not start.
    ASSERT_TRUE(m_window->vmProxy()->setQuery({}).has_value());
    select(off);
    EXPECT_FALSE(m_window->action(DomainAction::Start)->isEnabled());
    EXPECT_TRUE(m_window->action(DomainAction::Suspend)->isEnabled());
}

TEST_F(MainWindowTest, AHostThatNeverAnswersDoesNotStallTheWindow)
{
    // Accepts TCP connections (the kernel does, from the backlog) and never says a word.
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost));
    addHost(QStringLiteral("hung"),
            QStringLiteral("qemu+tcp://127.0.0.1:%1/system").arg(silent.serverPort()));
    m_manager->connectHost(QStringLiteral("hung"));

    // Meanwhile the other host connects, syncs and its rows show; the GUI thread is measured
    // the whole time by a 5 ms timer.
    qint64 worstGapMs = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    QTimer probe;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worstGapMs = std::max(worstGapMs, now - last);
        last = now;
    });
    probe.start(5);
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    QTest::keyClicks(m_window->searchField(), QStringLiteral("state:running"));
    EXPECT_EQ(shown(), 20);
    waitUntil([] { return false; }, 1000); // keep measuring while the hung host stays hung
    probe.stop();
    EXPECT_LT(worstGapMs, 200) << "longest GUI event-loop stall";
    EXPECT_EQ(m_manager->state(QStringLiteral("hung")), HostState::Connecting)
        << "the hung host's worker is still stuck inside libvirt";
}

TEST_F(MainWindowTest, DeleteAsksFirstAndOnlyAYesDeletes)
{
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    const QString victim = namesWhere(QStringLiteral("state:shutoff")).value(0);
    ASSERT_FALSE(victim.isEmpty());
    ASSERT_TRUE(m_window->vmProxy()->setQuery({}).has_value());
    select({victim});
    ASSERT_TRUE(m_window->action(DomainAction::Delete)->isEnabled());

    QString question;
    answerNextMessageBox(QMessageBox::No, &question);
    m_window->action(DomainAction::Delete)->trigger();
    EXPECT_TRUE(question.contains(victim)) << question.toStdString();
    EXPECT_EQ(m_window->pendingJobs(), 0) << "No queues nothing";
    EXPECT_EQ(shown(), 40);

    answerNextMessageBox(QMessageBox::Yes);
    m_window->action(DomainAction::Delete)->trigger();
    EXPECT_EQ(m_window->pendingJobs(), 1);
    ASSERT_TRUE(waitUntil([&] { return shown() == 39; }, 5000));
    EXPECT_FALSE(namesWhere({}).contains(victim));
}

TEST_F(MainWindowTest, TagsAreAddedRemovedFilteredAuditedAndSurviveAResync)
{
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    const QStringList names = namesWhere({}).mid(0, 3);
    ASSERT_TRUE(m_window->vmProxy()->setQuery({}).has_value());
    select(names.mid(0, 2));

    m_window->editTagsAction()->trigger();
    auto *dialog = m_window->findChild<TagsDialog *>();
    ASSERT_NE(dialog, nullptr);
    dialog->newTagsField()->setText(QStringLiteral("bad tag,"));
    dialog->newTagsField()->setText(QStringLiteral("prod, web"));
    dialog->accept();
    ASSERT_TRUE(waitUntil([&] {
        return tagsOf(names[0]) == QStringList{QStringLiteral("prod"), QStringLiteral("web")}
               && tagsOf(names[1]) == QStringList{QStringLiteral("prod"), QStringLiteral("web")};
    })) << tagsOf(names[0]).join(u',').toStdString();
    EXPECT_TRUE(tagsOf(names[2]).isEmpty());
    EXPECT_EQ(namesWhere(QStringLiteral("tag:prod")).size(), 2);
    select({names[0]});
    EXPECT_EQ(m_window->vmView()
                  ->selectionModel()
                  ->selectedRows(DomainListModel::TagsColumn)
                  .value(0)
                  .data()
                  .toString(),
              QStringLiteral("prod, web"));

    // A third VM joins: its dialog shows "prod" partly checked; checking it tags all three,
    // unchecking "web" takes it off the two that had it.
    ASSERT_TRUE(m_window->vmProxy()->setQuery({}).has_value());
    select(names);
    m_window->editTagsAction()->trigger();
    dialog = nullptr;
    for (TagsDialog *d : m_window->findChildren<TagsDialog *>()) {
        if (d->isVisible())
            dialog = d;
    }
    ASSERT_NE(dialog, nullptr);
    ASSERT_EQ(dialog->tagList()->count(), 2);
    QListWidgetItem *prod = dialog->tagList()->item(0);
    QListWidgetItem *web = dialog->tagList()->item(1);
    EXPECT_EQ(prod->text(), QStringLiteral("prod"));
    EXPECT_EQ(prod->checkState(), Qt::PartiallyChecked);
    prod->setCheckState(Qt::Checked);
    web->setCheckState(Qt::Unchecked);
    EXPECT_EQ(dialog->added(), QStringList{QStringLiteral("prod")});
    EXPECT_EQ(dialog->removed(), QStringList{QStringLiteral("web")});
    dialog->accept();
    ASSERT_TRUE(waitUntil([&] {
        return std::all_of(names.cbegin(), names.cend(), [&](const QString &n) {
            return tagsOf(n) == QStringList{QStringLiteral("prod")};
        });
    }));

    // Audited, with the VMs as objects.
    AuditQuery q;
    q.hostId = QStringLiteral("lab");
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    const auto tagEvents = std::count_if(events->cbegin(), events->cend(), [](const AuditEvent &e) {
        return e.action == QLatin1String("vm.tag");
    });
    EXPECT_EQ(tagEvents, 2);

    // The user's data outlives a full re-mirror.
    waitForSync(QStringLiteral("lab"), [&] { m_manager->syncHost(QStringLiteral("lab")); });
    EXPECT_EQ(namesWhere(QStringLiteral("tag:prod")).size(), 3);
}

TEST_F(MainWindowTest, HostsAreEditedAndRemovedOffTheGuiThreadAndAudited)
{
    addHost(QStringLiteral("other"), QStringLiteral("test:///default"));
    HostRecord other;
    other.id = QStringLiteral("other");
    other.uri = QStringLiteral("test:///default");
    m_hosts.addHost(other);
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));

    selectHost(QStringLiteral("lab"));
    m_window->editHost();
    auto *edit = m_window->findChild<EditHostDialog *>();
    ASSERT_NE(edit, nullptr);
    // Another host's URI is refused, with the reason, and the dialog stays open.
    edit->uriField()->setText(QStringLiteral("test:///default"));
    edit->accept();
    ASSERT_TRUE(waitUntil([&] { return edit->errorLabel()->isVisible(); }));
    EXPECT_TRUE(edit->errorLabel()->text().contains(QStringLiteral("other")))
        << edit->errorLabel()->text().toStdString();
    EXPECT_TRUE(edit->isVisible());
    const QString labUri = m_hosts.host(QStringLiteral("lab")).uri;
    edit->uriField()->setText(labUri);
    edit->nameField()->setText(QStringLiteral("Lab \"rack 3\" — ünïcode"));
    edit->autoconnectBox()->setChecked(false);
    QSignalSpy edited(m_manager.get(), &ConnectionManager::hostEdited);
    edit->accept();
    ASSERT_TRUE(waitUntil([&] { return !edited.isEmpty(); }));
    EXPECT_EQ(m_hosts.index(hostRow(QStringLiteral("lab"))).data().toString(),
              QStringLiteral("Lab \"rack 3\" — ünïcode"));
    auto stored = HostRepository(db()).find(QStringLiteral("lab"));
    ASSERT_TRUE(stored.has_value());
    EXPECT_FALSE(stored->autoconnect);
    EXPECT_EQ(stored->uri, labUri);
    EXPECT_EQ(m_manager->state(QStringLiteral("lab")), HostState::Connected)
        << "same URI: the session was left alone";

    // Remove: asked first; Cancel keeps it, Yes forgets the host, its rows and its row.
    selectHost(QStringLiteral("lab"));
    answerNextMessageBox(QMessageBox::Cancel);
    m_window->removeHost();
    ASSERT_TRUE(waitUntil([&] { return m_window->findChild<QMessageBox *>() == nullptr; }));
    EXPECT_TRUE(m_manager->hasHost(QStringLiteral("lab")));
    QString question;
    answerNextMessageBox(QMessageBox::Yes, &question);
    m_window->removeHost();
    ASSERT_TRUE(
        waitUntil([&] { return hostRow(QStringLiteral("lab")) < 0 && m_vms.rowCount() == 0; }));
    EXPECT_TRUE(question.contains(QStringLiteral("lab"))) << question.toStdString();
    EXPECT_FALSE(m_manager->hasHost(QStringLiteral("lab")));
    EXPECT_EQ(HostRepository(db()).find(QStringLiteral("lab")).error().code, ErrorCode::NotFound);
    AuditQuery q;
    q.hostId = QStringLiteral("lab");
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    QStringList actions;
    for (const AuditEvent &e : *events)
        actions.append(e.action);
    EXPECT_TRUE(actions.contains(QStringLiteral("host.edit"))) << actions.join(u',').toStdString();
    EXPECT_TRUE(actions.contains(QStringLiteral("host.remove")));
    EXPECT_GE(hostRow(QStringLiteral("other")), 0) << "the other host stays";
}

TEST_F(MainWindowTest, ColumnChoiceAndLayoutSurviveARestart)
{
    QSettings().remove(QStringLiteral("mainwindow"));
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
    m_window->show();
    const QList<QAction *> toggles = m_window->columnActions();
    ASSERT_EQ(toggles.size(), DomainListModel::ColumnCount - 1);
    QAction *tags = toggles.last();
    EXPECT_EQ(tags->text(), QStringLiteral("Tags"));
    EXPECT_TRUE(tags->isChecked());
    tags->setChecked(false);
    EXPECT_TRUE(m_window->vmView()->header()->isSectionHidden(DomainListModel::TagsColumn));
    m_window->close(); // saves
    m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
    EXPECT_TRUE(m_window->vmView()->header()->isSectionHidden(DomainListModel::TagsColumn));
    EXPECT_FALSE(m_window->columnActions().last()->isChecked());
    EXPECT_FALSE(m_window->vmView()->header()->isSectionHidden(DomainListModel::CpuUsageColumn));
    QSettings().remove(QStringLiteral("mainwindow"));
}

TEST_F(MainWindowTest, BulkForceOffOfFiftyOneVmsReportsEachResult)
{
    NodeSpec spec;
    spec.domains = 60;
    spec.runningEvery = 1; // all running
    spec.awkwardNames = false;
    const QString node = m_data.filePath(QStringLiteral("big.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    addHost(QStringLiteral("big"), QStringLiteral("test://") + node);
    addHost(QStringLiteral("gone"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("big"));
    connectAndSync(QStringLiteral("gone"));
    ASSERT_TRUE(waitUntil([&] { return m_vms.rowCount() == 60 + 1; }));
    // "gone" loses its session behind the window's back: its VM's action must fail, alone.
    m_manager->removeHost(QStringLiteral("gone"));

    QStringList targets;
    for (int i = 0; i < 50; ++i)
        targets.append(generatedDomainName(spec, i));
    targets.append(QStringLiteral("test"));
    ASSERT_TRUE(m_window->vmProxy()->setQuery(QStringLiteral("-host:lab")).has_value());
    select(targets);
    ASSERT_EQ(m_window->vmView()->selectionModel()->selectedRows().size(), 51);
    QAction *forceOff = m_window->action(DomainAction::Destroy);
    ASSERT_TRUE(forceOff->isEnabled());
    forceOff->trigger();
    EXPECT_EQ(m_window->pendingJobs(), 51) << "one background job per VM";
    EXPECT_TRUE(m_window->progressBar()->isVisibleTo(m_window.get()));
    EXPECT_EQ(m_window->progressBar()->maximum(), 51);

    ASSERT_TRUE(waitUntil([&] { return m_window->pendingJobs() == 0; }, 15000));
    EXPECT_FALSE(m_window->progressBar()->isVisibleTo(m_window.get()));
    // The failure is reported per VM, with the reason, in one non-modal box.
    QMessageBox *box = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        box = m_window->findChild<QMessageBox *>();
        return box && box->isVisible();
    }));
    EXPECT_TRUE(box->text().contains(QStringLiteral("1 of 51"))) << box->text().toStdString();
    EXPECT_TRUE(box->detailedText().contains(QStringLiteral("test (destroy)")))
        << box->detailedText().toStdString();
    EXPECT_TRUE(box->detailedText().contains(QStringLiteral("gone")));
    box->close();
    // And the 50 others are off.
    ASSERT_TRUE(waitUntil([&] {
        const QStringList off = namesWhere(QStringLiteral("host:big state:shutoff"));
        return off.size() == 50;
    }, 5000));
}

TEST_F(MainWindowTest, ASyncingHostShowsItsProgressOverItsCachedRows)
{
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return shown() == 40; }));
    const QModelIndex lab = m_hosts.index(hostRow(QStringLiteral("lab")));
    EXPECT_TRUE(hostStatusLine(lab).startsWith(QStringLiteral("connected · as of ")))
        << hostStatusLine(lab).toStdString();

    // A slow host part-way through a full sync (ConnectionManager::syncProgress, ~every 100 ms).
    Q_EMIT m_manager->syncProgress(QStringLiteral("lab"), 812, 2000);
    EXPECT_TRUE(hostStatusLine(lab).startsWith(QStringLiteral("syncing 812 of 2000 · as of ")))
        << hostStatusLine(lab).toStdString();
    EXPECT_EQ(shown(), 40) << "the cached rows stay on show while it syncs";
    EXPECT_EQ(m_window->vmView()->model()->rowCount(), 40);
    Q_EMIT m_manager->syncProgress(QStringLiteral("lab"), 1700, 2000);
    EXPECT_TRUE(hostStatusLine(lab).startsWith(QStringLiteral("syncing 1700 of 2000")));
    Q_EMIT m_manager->syncFinished(QStringLiteral("lab"), SyncReport{}, Error{});
    EXPECT_TRUE(hostStatusLine(lab).startsWith(QStringLiteral("connected · ")))
        << hostStatusLine(lab).toStdString();
    // A sync cut short by the link: the row says so, not "syncing" forever.
    Q_EMIT m_manager->syncProgress(QStringLiteral("lab"), 5, 2000);
    Q_EMIT m_manager->hostStateChanged(
        QStringLiteral("lab"), HostState::Error,
        Error{ErrorCode::ConnectionFailed, 0, QStringLiteral("gone")});
    EXPECT_TRUE(hostStatusLine(lab).startsWith(QStringLiteral("error · ")))
        << hostStatusLine(lab).toStdString();
    EXPECT_EQ(lab.data(HostListModel::SyncTotalRole).toInt(), -1);

    // The real thing: disconnected, its 40 mirrored rows stay (stale); reconnecting, the
    // session's own progress reaches the row while those rows are still there.
    m_manager->disconnectHost(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil(
        [&] { return m_manager->state(QStringLiteral("lab")) == HostState::Disconnected; }));
    ASSERT_EQ(shown(), 40);
    QStringList linesWhileSyncing;
    QList<int> rowsWhileSyncing;
    QObject::connect(&m_hosts, &QAbstractItemModel::dataChanged, m_window.get(),
                     [&](const QModelIndex &from, const QModelIndex &, const QList<int> &roles) {
                         if (from.row() == lab.row() && roles.contains(HostListModel::SyncTotalRole)
                             && lab.data(HostListModel::SyncTotalRole).toInt() > 0) {
                             linesWhileSyncing.append(hostStatusLine(lab));
                             rowsWhileSyncing.append(shown());
                         }
                     });
    connectAndSync(QStringLiteral("lab"));
    ASSERT_FALSE(linesWhileSyncing.isEmpty()) << "the sync reported its progress";
    EXPECT_TRUE(linesWhileSyncing.last().startsWith(QStringLiteral("syncing 40 of 40")))
        << linesWhileSyncing.last().toStdString();
    for (int rows : std::as_const(rowsWhileSyncing))
        EXPECT_EQ(rows, 40);
    EXPECT_TRUE(
        waitUntil([&] { return hostStatusLine(lab).startsWith(QStringLiteral("connected · ")); }));
}

} // namespace
