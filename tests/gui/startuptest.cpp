// Start-up from a cache whose hosts are all unreachable: the window shows every cached VM at
// once, greyed, each with its host's "as of" time, and stays that way while the hosts fail.

#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "mainwindow/mainwindow.h"
#include "mainwindow/rowdelegates.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QTcpServer>
#include <QTreeView>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

/// The delegate's styling, as the view would paint it.
class ProbeDelegate : public StaleRowDelegate
{
public:
    using StaleRowDelegate::initStyleOption;
};

class StartupTest : public HostFixture
{
};

TEST_F(StartupTest, EveryCachedVmOfUnreachableHostsShowsGreyedWithItsAsOfTime)
{
    // Mirror two hosts, then make both unreachable: one refuses (a closed port), one is
    // never answered (accepts, says nothing).
    for (const auto &[id, count] : {std::pair{QStringLiteral("east"), 30},
                                    std::pair{QStringLiteral("west"), 20}}) {
        NodeSpec spec;
        spec.domains = count;
        spec.runningEvery = 3;
        const QString node = m_data.filePath(id + QStringLiteral(".xml"));
        ASSERT_TRUE(writeNodeXml(node, spec));
        addHost(id, QStringLiteral("test://") + node);
        connectAndSync(id);
    }
    m_manager.reset();
    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost));
    const quint16 closedPort = closed.serverPort();
    closed.close();
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost));
    HostRepository hosts(db());
    ASSERT_TRUE(hosts.edit(QStringLiteral("east"),
                           QStringLiteral("qemu+tcp://127.0.0.1:%1/system").arg(closedPort),
                           {}, true));
    ASSERT_TRUE(hosts.edit(QStringLiteral("west"),
                           QStringLiteral("qemu+tcp://127.0.0.1:%1/system")
                               .arg(silent.serverPort()),
                           {}, true));
    QHash<QString, qint64> lastSync;
    const auto all = hosts.list();
    ASSERT_TRUE(all.has_value());
    for (const HostRecord &h : *all) {
        ASSERT_GT(h.lastSyncAt, 0);
        lastSync.insert(h.id, h.lastSyncAt);
    }

    // "Start the app": a fresh manager over the same cache, window first, then autoconnect.
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
    ASSERT_TRUE(m_manager->loadHosts());
    DomainListModel vms;
    HostListModel hostList;
    InventoryFeed feed(m_data.path(), m_manager.get(), &vms, &hostList);
    MainWindow window(m_manager.get(), &vms, &hostList);
    window.show();
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.isLoaded(); }));
    EXPECT_EQ(window.vmProxy()->rowCount(), 50) << "every cached VM, before any host answers";
    m_manager->connectAutoconnectHosts();
    ASSERT_TRUE(waitUntil([&] {
        return m_manager->state(QStringLiteral("east")) == HostState::Error
               || m_manager->state(QStringLiteral("east")) == HostState::Disconnected;
    }, 10000));

    ProbeDelegate delegate;
    const QPalette palette = window.vmView()->palette();
    for (int r = 0; r < window.vmProxy()->rowCount(); ++r) {
        const QModelIndex index = window.vmProxy()->index(r, DomainListModel::NameColumn);
        const QString host = index.data(DomainListModel::HostRole).toString();
        EXPECT_TRUE(index.data(DomainListModel::StaleRole).toBool()) << r;
        EXPECT_EQ(index.data(DomainListModel::AsOfRole).toLongLong(), lastSync.value(host))
            << host.toStdString();
        QStyleOptionViewItem option;
        option.palette = palette;
        delegate.initStyleOption(&option, index);
        EXPECT_EQ(option.palette.color(QPalette::Text),
                  palette.color(QPalette::Disabled, QPalette::Text))
            << "row " << r << " is greyed";
    }
    EXPECT_EQ(window.vmProxy()->rowCount(), 50) << "a failing host loses no cached row";
    EXPECT_FALSE(asOfText(lastSync.value(QStringLiteral("east"))).isEmpty());
    EXPECT_NE(asOfText(lastSync.value(QStringLiteral("east"))), asOfText(0));
    // Nothing can be run on a VM whose state is not confirmed.
    window.vmView()->selectAll();
    EXPECT_FALSE(window.action(DomainAction::Start)->isEnabled());
    EXPECT_FALSE(window.action(DomainAction::Destroy)->isEnabled());
}

} // namespace
