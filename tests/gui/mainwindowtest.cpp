// The main window over a live test-driver host: rows appear, the search filters (with an inline
// error for a bad query), lifecycle actions change rows, and a host that never answers does not
// stall the GUI thread.

#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "mainwindow/mainwindow.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
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

} // namespace
