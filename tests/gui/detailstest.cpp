// The VM details window follows its VM: overview, hardware list from the XML, the XML itself,
// and changes made on the host while it is open.

#include "common/hostfixture.h"

#include "details/vmdetailswindow.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QListWidget>
#include <QPlainTextEdit>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class DetailsTest : public HostFixture
{
};

TEST_F(DetailsTest, ShowsTheVmAndFollowsItsChanges)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    DomainListModel vms;
    InventoryFeed feed(m_data.path(), m_manager.get(), &vms);
    feed.start();
    connectAndSync(QStringLiteral("local"));
    ASSERT_TRUE(waitUntil([&] { return vms.rowCount() == 1; }));
    const QString uuid = vms.index(0, 0).data(DomainListModel::UuidRole).toString();

    VmDetailsWindow window(&vms, QStringLiteral("local"), uuid);
    window.show();
    EXPECT_EQ(window.overviewValue(QStringLiteral("Name")), QStringLiteral("test"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("UUID")), uuid);
    EXPECT_EQ(window.overviewValue(QStringLiteral("State")), QStringLiteral("running"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Mirror")), QStringLiteral("live"));
    EXPECT_GT(window.hardwareList()->count(), 0);
    EXPECT_TRUE(window.xmlView()->toPlainText().contains(QStringLiteral("<domain")));
    EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("test")));

    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virDomainPtr dom = virDomainLookupByUUIDString(other, uuid.toLatin1().constData());
    ASSERT_EQ(virDomainSuspend(dom), 0);
    EXPECT_TRUE(waitUntil(
        [&] { return window.overviewValue(QStringLiteral("State")) == QStringLiteral("paused"); },
        1000));
    ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Renamed title", nullptr,
                                   nullptr, VIR_DOMAIN_AFFECT_LIVE),
              0);
    EXPECT_TRUE(waitUntil(
        [&] {
            return window.overviewValue(QStringLiteral("Title")) == QStringLiteral("Renamed title");
        },
        1000));
    EXPECT_TRUE(window.xmlView()->toPlainText().contains(QStringLiteral("Renamed title")));
    virDomainFree(dom);
    virConnectClose(other);
}

} // namespace
