// The host details window's create forms (issue 6): the storage pool dialog (fields per type,
// inline validation, OK disabled while invalid, clashes with the host's pools) and the virtual
// network dialog (DHCP range inside the subnet, in order, away from the host's address; clashes),
// each creating through a job on the host's worker and the list following the mirror; and the
// lists' data: pool usage bars (role data, not pixels) and the VMs attached to each network.

#include "common/hostfixture.h"

#include "details/hostdetailswindow.h"
#include "dialogs/createnetworkdialog.h"
#include "dialogs/createpooldialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>

#include <libvirt/libvirt.h>

#include <memory>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

using Window = HostDetailsWindow;

class HostFormsTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
        connectAndSync(QStringLiteral("local"));
        m_window = std::make_unique<HostDetailsWindow>(m_manager.get(), QStringLiteral("local"));
        QSignalSpy loaded(m_window.get(), &HostDetailsWindow::loaded);
        m_window->show();
        ASSERT_TRUE(waitUntil([&] { return !loaded.isEmpty(); }));
    }
    void TearDown() override
    {
        m_window.reset();
        HostFixture::TearDown();
    }

    QTreeWidgetItem *row(QTreeWidget *list, const QString &name) const
    {
        const auto found = list->findItems(name, Qt::MatchExactly);
        return found.isEmpty() ? nullptr : found.first();
    }
    static QPushButton *ok(QDialogButtonBox *buttons)
    {
        return buttons->button(QDialogButtonBox::Ok);
    }
    /// A second connection to the shared test:///default, as another client would use it.
    static std::unique_ptr<virConnect, int (*)(virConnectPtr)> libvirt()
    {
        return {virConnectOpen("test:///default"), virConnectClose};
    }
    static QString poolXml(virConnectPtr conn, const char *name)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(conn, name);
        if (!pool)
            return {};
        char *xml = virStoragePoolGetXMLDesc(pool, 0);
        const QString result = QString::fromUtf8(xml);
        free(xml);
        virStoragePoolFree(pool);
        return result;
    }

    std::unique_ptr<HostDetailsWindow> m_window;
};

TEST_F(HostFormsTest, PoolDialogShowsTheFieldsOfEachType)
{
    CreatePoolDialog *dialog = m_window->openCreatePoolDialog();
    QComboBox *type = dialog->typeBox();
    const auto select = [type](const char *t) {
        type->setCurrentIndex(type->findData(QString::fromLatin1(t)));
    };
    select("dir");
    EXPECT_TRUE(dialog->isRowShown(dialog->targetField()));
    EXPECT_FALSE(dialog->isRowShown(dialog->sourceHostField()));
    EXPECT_FALSE(dialog->isRowShown(dialog->devicesField()));
    select("iscsi");
    EXPECT_TRUE(dialog->isRowShown(dialog->sourceHostField()));
    EXPECT_TRUE(dialog->isRowShown(dialog->portBox()));
    EXPECT_TRUE(dialog->isRowShown(dialog->iscsiTargetField()));
    EXPECT_FALSE(dialog->isRowShown(dialog->sourcePathField()));
    EXPECT_FALSE(dialog->isRowShown(dialog->formatBox()));
    EXPECT_EQ(dialog->targetField()->placeholderText(), QStringLiteral("/dev/disk/by-path"));
    select("netfs");
    EXPECT_TRUE(dialog->isRowShown(dialog->sourcePathField()));
    EXPECT_TRUE(dialog->isRowShown(dialog->formatBox()));
    EXPECT_EQ(dialog->formatBox()->count(), 4);
    EXPECT_EQ(dialog->formatBox()->currentText(), QStringLiteral("auto"));
    select("disk");
    EXPECT_TRUE(dialog->isRowShown(dialog->writeLabelBox()));
    EXPECT_EQ(dialog->formatBox()->currentText(), QStringLiteral("dos"));
    select("logical");
    EXPECT_TRUE(dialog->isRowShown(dialog->volumeGroupField()));
    EXPECT_TRUE(dialog->isRowShown(dialog->devicesField()));
    EXPECT_FALSE(dialog->isRowShown(dialog->writeLabelBox()));
    dialog->close();
}

TEST_F(HostFormsTest, PoolDialogRefusesBadInputInline)
{
    CreatePoolDialog *dialog = m_window->openCreatePoolDialog();
    QComboBox *type = dialog->typeBox();
    const auto select = [type](const char *t) {
        type->setCurrentIndex(type->findData(QString::fromLatin1(t)));
    };
    const auto expectRefused = [&](const QString &expected) {
        EXPECT_FALSE(ok(dialog->buttons())->isEnabled()) << expected.toStdString();
        EXPECT_EQ(dialog->errorLabel()->text(), expected);
        EXPECT_EQ(dialog->problem(), expected);
    };
    EXPECT_FALSE(ok(dialog->buttons())->isEnabled()) << "an empty form";
    dialog->nameField()->setText(QStringLiteral("scratch"));
    select("dir");
    expectRefused(QStringLiteral("A dir pool needs a target path."));
    dialog->targetField()->setText(QStringLiteral("srv/images"));
    expectRefused(QStringLiteral("Target path \"srv/images\" is not absolute."));
    dialog->targetField()->setText(QStringLiteral("/srv/images"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    EXPECT_TRUE(dialog->problem().isEmpty());

    // A name or a directory another pool of the host already has.
    dialog->nameField()->setText(QStringLiteral("default-pool"));
    expectRefused(QStringLiteral("Host local already has a pool named default-pool."));
    dialog->nameField()->setText(QStringLiteral("scratch"));
    dialog->targetField()->setText(QStringLiteral("/default-pool"));
    expectRefused(QStringLiteral("Pool default-pool already uses /default-pool."));

    select("netfs");
    dialog->targetField()->setText(QStringLiteral("/mnt/nas"));
    expectRefused(QStringLiteral("A netfs pool needs a source host."));
    dialog->sourceHostField()->setText(QStringLiteral("nas_1.example.com"));
    expectRefused(QStringLiteral("Source host \"nas_1.example.com\" is neither an IP address nor a "
                                 "host name."));
    dialog->sourceHostField()->setText(QStringLiteral("nas.example.com"));
    expectRefused(QStringLiteral("A netfs pool needs a source path (the export)."));
    dialog->sourcePathField()->setText(QStringLiteral("/export/vm"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();

    select("iscsi");
    dialog->targetField()->clear();
    dialog->sourceHostField()->setText(QStringLiteral("10.0.0.300"));
    expectRefused(QStringLiteral("Source host \"10.0.0.300\" is neither an IP address nor a "
                                 "host name."));
    dialog->sourceHostField()->setText(QStringLiteral("10.0.0.5"));
    dialog->iscsiTargetField()->setText(QStringLiteral("storage.disk1"));
    expectRefused(QStringLiteral("\"storage.disk1\" is not an iSCSI name (e.g. "
                                 "iqn.2024-01.com.example:storage)."));
    dialog->iscsiTargetField()->setText(QStringLiteral("iqn.2004-04.com.example:storage.disk1"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();

    select("logical");
    dialog->devicesField()->setText(QStringLiteral("/dev/sdb1 sdc1"));
    expectRefused(QStringLiteral("Source device \"sdc1\" is not absolute."));
    dialog->devicesField()->setText(QStringLiteral("/dev/sdb1, /dev/sdc1"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();

    select("disk");
    dialog->devicesField()->clear();
    expectRefused(QStringLiteral("A disk pool needs a source device (e.g. /dev/sdb)."));

    // OK while invalid does nothing: no job, the dialog stays.
    dialog->accept();
    EXPECT_FALSE(dialog->isBusy());
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_EQ(dialog->result(), QDialog::Rejected);
    dialog->close();
}

TEST_F(HostFormsTest, ValidDirPoolFromTheDialogAppearsFromTheMirror)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("images"));
    QPointer<CreatePoolDialog> dialog = m_window->openCreatePoolDialog();
    QSignalSpy accepted(dialog.data(), &QDialog::accepted);
    dialog->nameField()->setText(QStringLiteral("scratch-pool"));
    dialog->targetField()->setText(path);
    ASSERT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    ok(dialog->buttons())->click();
    EXPECT_TRUE(dialog->isBusy());
    EXPECT_FALSE(dialog->nameField()->isEnabled()) << "read-only while the job runs";
    ASSERT_TRUE(waitUntil([&] { return !accepted.isEmpty(); }, 10000))
        << dialog->errorLabel()->text().toStdString();
    ASSERT_TRUE(
        waitUntil([&] { return row(m_window->poolList(), QStringLiteral("scratch-pool")); }));
    QTreeWidgetItem *item = row(m_window->poolList(), QStringLiteral("scratch-pool"));
    EXPECT_EQ(item->text(Window::PoolPath), path);
    EXPECT_EQ(item->text(Window::PoolType), QStringLiteral("dir"));
    EXPECT_EQ(item->text(Window::PoolState), QStringLiteral("active"));
    EXPECT_FALSE(item->data(0, Window::UuidRole).toString().isEmpty());

    // libvirt has it as the form said.
    auto conn = libvirt();
    ASSERT_NE(conn.get(), nullptr);
    const QString xml = poolXml(conn.get(), "scratch-pool");
    EXPECT_TRUE(xml.contains(QStringLiteral("<path>%1</path>").arg(path))) << xml.toStdString();
    EXPECT_TRUE(waitUntil([&] { return dialog.isNull(); })) << "deleted on close";
}

TEST_F(HostFormsTest, LvmPoolFromTheDialogReachesLibvirtWithItsDevices)
{
    CreatePoolDialog *dialog = m_window->openCreatePoolDialog();
    QSignalSpy accepted(dialog, &QDialog::accepted);
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("logical")));
    dialog->nameField()->setText(QStringLiteral("lvm-pool"));
    dialog->volumeGroupField()->setText(QStringLiteral("vg_lab"));
    dialog->devicesField()->setText(QStringLiteral("/dev/sdx1 /dev/sdy1"));
    EXPECT_EQ(dialog->targetField()->placeholderText(), QStringLiteral("/dev/vg_lab"));
    ASSERT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    ok(dialog->buttons())->click();
    ASSERT_TRUE(waitUntil([&] { return !accepted.isEmpty(); }, 10000));
    ASSERT_TRUE(waitUntil([&] { return row(m_window->poolList(), QStringLiteral("lvm-pool")); }));
    EXPECT_EQ(row(m_window->poolList(), QStringLiteral("lvm-pool"))->text(Window::PoolPath),
              QStringLiteral("/dev/vg_lab"));
    auto conn = libvirt();
    const QString xml = poolXml(conn.get(), "lvm-pool");
    for (const char *part : {"<device path='/dev/sdx1'/>", "<device path='/dev/sdy1'/>",
                             "<name>vg_lab</name>", "<format type='lvm2'/>"})
        EXPECT_TRUE(xml.contains(QLatin1String(part))) << part << '\n' << xml.toStdString();
}

TEST_F(HostFormsTest, PoolDialogKeepsTheFormWhenLibvirtRefuses)
{
    CreatePoolDialog *dialog = m_window->openCreatePoolDialog();
    dialog->nameField()->setText(QStringLiteral("late-clash"));
    dialog->targetField()->setText(QStringLiteral("/srv/late-clash"));
    ASSERT_TRUE(ok(dialog->buttons())->isEnabled());
    // Another client takes the name after the form was checked against the mirror.
    auto conn = libvirt();
    virStoragePoolPtr other = virStoragePoolDefineXML(
        conn.get(),
        "<pool type='dir'><name>late-clash</name><target><path>/srv/other</path></target></pool>",
        0);
    ASSERT_NE(other, nullptr);
    virStoragePoolFree(other);
    ok(dialog->buttons())->click();
    ASSERT_TRUE(waitUntil([&] { return !dialog->isBusy(); }, 10000));
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_TRUE(
        dialog->errorLabel()->text().startsWith(QStringLiteral("The pool was not created: ")))
        << dialog->errorLabel()->text().toStdString();
    EXPECT_EQ(dialog->nameField()->text(), QStringLiteral("late-clash"));
    EXPECT_EQ(dialog->targetField()->text(), QStringLiteral("/srv/late-clash"));
    EXPECT_TRUE(dialog->nameField()->isEnabled());
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << "the user may try again";
    // libvirt still has the other client's pool, untouched.
    EXPECT_TRUE(poolXml(conn.get(), "late-clash").contains(QStringLiteral("/srv/other")));
    dialog->close();
}

TEST_F(HostFormsTest, NetworkDialogChecksTheDhcpRange)
{
    CreateNetworkDialog *dialog = m_window->openCreateNetworkDialog();
    const auto expectRefused = [&](const QString &expected) {
        EXPECT_FALSE(ok(dialog->buttons())->isEnabled()) << expected.toStdString();
        EXPECT_EQ(dialog->errorLabel()->text(), expected);
    };
    dialog->nameField()->setText(QStringLiteral("lab"));
    // The proposal follows the subnet until the range is typed by hand.
    dialog->addressField()->setText(QStringLiteral("10.50.0.1"));
    dialog->prefixBox()->setValue(24);
    EXPECT_EQ(dialog->dhcpStartField()->text(), QStringLiteral("10.50.0.128"));
    EXPECT_EQ(dialog->dhcpEndField()->text(), QStringLiteral("10.50.0.254"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    dialog->prefixBox()->setValue(16);
    EXPECT_EQ(dialog->dhcpStartField()->text(), QStringLiteral("10.50.128.0"));
    EXPECT_EQ(dialog->dhcpEndField()->text(), QStringLiteral("10.50.255.254"));
    dialog->prefixBox()->setValue(24);

    dialog->dhcpEndField()->setText(QStringLiteral("10.50.1.20"));
    expectRefused(QStringLiteral("DHCP end 10.50.1.20 is not a host address of 10.50.0.0/24."));
    dialog->dhcpStartField()->setText(QStringLiteral("10.50.0.200"));
    dialog->dhcpEndField()->setText(QStringLiteral("10.50.0.100"));
    expectRefused(QStringLiteral("DHCP start 10.50.0.200 comes after its end 10.50.0.100."));
    dialog->dhcpStartField()->setText(QStringLiteral("10.50.0.1"));
    expectRefused(QStringLiteral("DHCP range 10.50.0.1 – 10.50.0.100 holds the host's own address "
                                 "10.50.0.1."));
    dialog->dhcpStartField()->clear();
    expectRefused(QStringLiteral("Enter the first and last address DHCP hands out, or turn DHCP "
                                 "off."));
    dialog->dhcpBox()->setChecked(false);
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    EXPECT_TRUE(dialog->spec().dhcpStart.isEmpty());

    // Typed ranges stay when the address changes.
    dialog->dhcpBox()->setChecked(true);
    QTest::keyClicks(dialog->dhcpStartField(), QStringLiteral("10.50.0.10"));
    dialog->addressField()->setText(QStringLiteral("10.60.0.1"));
    EXPECT_EQ(dialog->dhcpStartField()->text(), QStringLiteral("10.50.0.10"));
    dialog->close();
}

TEST_F(HostFormsTest, NetworkDialogRefusesClashesWithTheHostsNetworks)
{
    ASSERT_NE(row(m_window->networkList(), QStringLiteral("default")), nullptr);
    const QString defaultSubnet
        = row(m_window->networkList(), QStringLiteral("default"))->text(Window::NetIpv4);
    CreateNetworkDialog *dialog = m_window->openCreateNetworkDialog();
    // The proposed subnet is a free one.
    EXPECT_FALSE(InventorySpecs::subnetsOverlap(
        dialog->addressField()->text() + QStringLiteral("/24"), defaultSubnet));
    dialog->nameField()->setText(QStringLiteral("default"));
    EXPECT_FALSE(ok(dialog->buttons())->isEnabled());
    EXPECT_EQ(dialog->errorLabel()->text(),
              QStringLiteral("Host local already has a network named default."));
    dialog->nameField()->setText(QStringLiteral("other"));
    dialog->bridgeField()->setText(QStringLiteral("virbr0"));
    EXPECT_EQ(dialog->errorLabel()->text(),
              QStringLiteral("Network default already uses the bridge virbr0."));
    dialog->bridgeField()->setText(QStringLiteral("virbr42"));
    EXPECT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    dialog->addressField()->setText(defaultSubnet.section(u'/', 0, 0));
    EXPECT_FALSE(ok(dialog->buttons())->isEnabled());
    EXPECT_EQ(dialog->errorLabel()->text(),
              QStringLiteral("The subnet overlaps %1 of network default.").arg(defaultSubnet));
    dialog->close();
}

TEST_F(HostFormsTest, ValidNatNetworkFromTheDialogAppearsFromTheMirror)
{
    CreateNetworkDialog *dialog = m_window->openCreateNetworkDialog();
    QSignalSpy accepted(dialog, &QDialog::accepted);
    dialog->nameField()->setText(QStringLiteral("nat-lab"));
    dialog->modeBox()->setCurrentIndex(dialog->modeBox()->findData(QStringLiteral("nat")));
    dialog->addressField()->setText(QStringLiteral("10.77.0.1"));
    dialog->prefixBox()->setValue(24);
    ASSERT_TRUE(ok(dialog->buttons())->isEnabled()) << dialog->problem().toStdString();
    ok(dialog->buttons())->click();
    ASSERT_TRUE(waitUntil([&] { return !accepted.isEmpty(); }, 10000))
        << dialog->errorLabel()->text().toStdString();
    ASSERT_TRUE(waitUntil([&] { return row(m_window->networkList(), QStringLiteral("nat-lab")); }));
    QTreeWidgetItem *item = row(m_window->networkList(), QStringLiteral("nat-lab"));
    EXPECT_EQ(item->text(Window::NetMode), QStringLiteral("nat"));
    EXPECT_EQ(item->text(Window::NetState), QStringLiteral("active"));
    EXPECT_EQ(item->text(Window::NetIpv4), QStringLiteral("10.77.0.1/24"));
    EXPECT_EQ(item->text(Window::NetDhcp), QStringLiteral("10.77.0.128 – 10.77.0.254"));
    EXPECT_EQ(item->text(Window::NetVms), QStringLiteral("0"));
    EXPECT_EQ(m_window->tabs()->currentWidget(), m_window->networkList());
}

TEST_F(HostFormsTest, NetworkRowsCountTheirAttachedVms)
{
    // test:///default's one VM, "test", has its NIC on the network "default".
    QTreeWidgetItem *item = row(m_window->networkList(), QStringLiteral("default"));
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->text(Window::NetVms), QStringLiteral("1"));
    EXPECT_EQ(item->toolTip(Window::NetVms), QStringLiteral("test"));
    EXPECT_EQ(item->data(Window::NetVms, Window::SortRole).toInt(), 1);
}

TEST_F(HostFormsTest, PoolUsageBarCarriesTheNumbersAndWarnsWhenFull)
{
    QTreeWidget *pools = m_window->poolList();
    QTreeWidgetItem *item = row(pools, QStringLiteral("default-pool"));
    ASSERT_NE(item, nullptr);
    const qint64 capacity = item->data(Window::PoolUsage, Window::CapacityRole).toLongLong();
    ASSERT_EQ(capacity, 100LL << 30);
    const qint64 before = item->data(Window::PoolUsage, Window::AllocationRole).toLongLong();
    EXPECT_FALSE(item->data(Window::PoolUsage, Window::WarningRole).toBool());

    // Another client fills the pool to 90 %; Refresh re-reads it.
    auto conn = libvirt();
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn.get(), "default-pool");
    ASSERT_NE(pool, nullptr);
    const qint64 fill = (90LL << 30) - before;
    const QByteArray volXml = QStringLiteral("<volume><name>filler.img</name>"
                                             "<capacity unit='bytes'>%1</capacity>"
                                             "<allocation unit='bytes'>%1</allocation></volume>")
                                  .arg(fill)
                                  .toUtf8();
    virStorageVolPtr vol = virStorageVolCreateXML(pool, volXml.constData(), 0);
    ASSERT_NE(vol, nullptr);
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    QMenu *menu = m_window->objectMenu(pools, item);
    bool refreshed = false;
    for (QAction *a : menu->actions()) {
        if (a->text() == QStringLiteral("&Refresh")) {
            a->trigger();
            refreshed = true;
        }
    }
    delete menu;
    ASSERT_TRUE(refreshed);
    ASSERT_TRUE(waitUntil([&] {
        QTreeWidgetItem *i = row(pools, QStringLiteral("default-pool"));
        return i && i->data(Window::PoolUsage, Window::AllocationRole).toLongLong() == 90LL << 30;
    }));
    item = row(pools, QStringLiteral("default-pool"));
    EXPECT_EQ(item->data(Window::PoolUsage, Window::CapacityRole).toLongLong(), 100LL << 30);
    EXPECT_EQ(item->data(Window::PoolUsage, Window::AvailableRole).toLongLong(), 10LL << 30);
    EXPECT_DOUBLE_EQ(item->data(Window::PoolUsage, Window::UsageRole).toDouble(), 0.9);
    EXPECT_TRUE(item->data(Window::PoolUsage, Window::WarningRole).toBool());
    EXPECT_EQ(item->text(Window::PoolUsage), QStringLiteral("90.0 GiB of 100.0 GiB (90 %)"));
    EXPECT_EQ(item->data(Window::PoolAvailable, Window::SortRole).toLongLong(), 10LL << 30);

    // Sorting by usage and by bytes uses the numbers, not the text.
    auto other = libvirt();
    virStoragePoolPtr empty = virStoragePoolCreateXML(
        other.get(),
        "<pool type='dir'><name>empty-pool</name><target><path>/empty</path></target></pool>", 0);
    ASSERT_NE(empty, nullptr);
    virStoragePoolFree(empty);
    ASSERT_TRUE(waitUntil([&] { return row(pools, QStringLiteral("empty-pool")) != nullptr; }));
    pools->sortByColumn(Window::PoolUsage, Qt::AscendingOrder);
    EXPECT_EQ(pools->topLevelItem(0)->text(0), QStringLiteral("empty-pool"));
    pools->sortByColumn(Window::PoolUsage, Qt::DescendingOrder);
    EXPECT_EQ(pools->topLevelItem(0)->text(0), QStringLiteral("default-pool"));
    pools->sortByColumn(Window::PoolAvailable, Qt::AscendingOrder);
    EXPECT_EQ(pools->topLevelItem(0)->text(0), QStringLiteral("default-pool"))
        << "10 GiB < 100 GiB";
}

TEST_F(HostFormsTest, ToolbarAndEmptyListMenusOfferTheCreateDialogs)
{
    QStringList texts;
    for (QAction *a : m_window->toolBar()->actions())
        texts.append(a->text());
    EXPECT_EQ(texts, (QStringList{QStringLiteral("New &Pool…"), QStringLiteral("New Net&work…")}));
    m_window->toolBar()->actions().at(0)->trigger();
    auto *dialog = m_window->findChild<CreatePoolDialog *>();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->isVisible());
    dialog->close();
    QMenu *menu = m_window->objectMenu(m_window->networkList(),
                                       row(m_window->networkList(), QStringLiteral("default")));
    EXPECT_EQ(menu->actions().first()->text(), QStringLiteral("&New Network…"));
    delete menu;
}

} // namespace
