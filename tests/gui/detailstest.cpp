// The VM details window follows its VM: overview, hardware list from the XML, the XML itself,
// live graphs, and changes made on the host while it is open. The host details window shows
// what the host says about itself, its networks and pools, and live host graphs.

#include "common/guitestutil.h"
#include "common/hostfixture.h"

#include "details/hostdetailswindow.h"
#include "details/vmdetailswindow.h"
#include "details/vmsettingspage.h"
#include "dialogs/addhardwaredialog.h"
#include "dialogs/preferencesdialog.h"
#include "graphs/timeseriesgraph.h"
#include "sync/statsstore.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTreeWidget>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class DetailsTest : public DefaultHostFixture
{
};

TEST_F(DetailsTest, ShowsTheVmAndFollowsItsChanges)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    DomainListModel &vms = m_vms;

    VmDetailsWindow window(&vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    EXPECT_EQ(window.overviewValue(QStringLiteral("Name")), QStringLiteral("test"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("UUID")), uuid);
    EXPECT_EQ(window.overviewValue(QStringLiteral("State")), QStringLiteral("running"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Mirror")), QStringLiteral("live"));
    // The model's rows carry no XML: the window reads it from the mirror on its own thread.
    EXPECT_TRUE(vms.rowAt(0)->domain.domainXml.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
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
    EXPECT_TRUE(waitUntil(
        [&] { return window.xmlView()->toPlainText().contains(QStringLiteral("Renamed title")); },
        1000));
    virDomainFree(dom);
    virConnectClose(other);
}

TEST_F(DetailsTest, PerformanceGraphsFollowTheStatsOfTheVm)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    DomainListModel &vms = m_vms;
    VmDetailsWindow window(&vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    const QList<TimeSeriesGraph *> graphs = window.graphs();
    ASSERT_EQ(graphs.size(), 4);
    EXPECT_TRUE(graphs.at(0)->series().value(0).points.isEmpty()) << "no samples yet";

    // The test driver reports no CPU or I/O counters: feed the store as the sampler would.
    StatsStore &stats = *m_manager->stats();
    for (int i = 0; i < 3; ++i) {
        StatsSample s{1000 + i * 3000, -1, 512LL << 20, qint64(i) * 1'500'000'000};
        s.diskReadBytes = qint64(i) * 3 * 1024 * 1024; // 1 MiB/s
        s.netTxBytes = qint64(i) * 3000;                // 1000 B/s
        stats.add(QStringLiteral("local"), uuid, s, 1);
    }
    vms.statsUpdated(QStringLiteral("local"));
    const auto cpu = graphs.at(0)->series().value(0).points;
    ASSERT_EQ(cpu.size(), 3);
    EXPECT_DOUBLE_EQ(cpu.last().y(), 50.0);
    EXPECT_DOUBLE_EQ(graphs.at(0)->maximum(), 100.0);
    EXPECT_DOUBLE_EQ(graphs.at(1)->series().value(0).points.last().y(), double(512LL << 20));
    EXPECT_DOUBLE_EQ(graphs.at(2)->series().value(0).points.last().y(), 1024.0 * 1024.0);
    EXPECT_DOUBLE_EQ(graphs.at(3)->series().value(1).points.last().y(), 1000.0);
    EXPECT_TRUE(graphs.at(2)->summary().contains(QStringLiteral("1.0 MiB/s")))
        << graphs.at(2)->summary().toStdString();
    window.tabs()->setCurrentIndex(1);
    EXPECT_FALSE(graphs.at(0)->grab().isNull());
}

/// The row of the hardware list whose device is of this kind, or -1.
int deviceRow(const VmDetailsWindow &window, const QString &kind)
{
    for (int i = 0; i < window.hardwareList()->count(); ++i)
        if (window.hardwareList()->item(i)->data(Qt::UserRole + 1).toString() == kind)
            return i;
    return -1;
}

TEST_F(DetailsTest, SettingsTabAppliesOnlyWhatChangedAndSaysWhatWaitsForARestart)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    VmDetailsWindow window(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    VmSettingsPage *page = window.settingsPage();
    const DomainInfo mirrored = m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid))->domain;
    EXPECT_EQ(page->vcpus()->value(), mirrored.vcpuCount);
    EXPECT_EQ(qint64(page->maxMemory()->value()) << 20, mirrored.memoryBytes);
    EXPECT_EQ(page->bootList()->item(0)->data(Qt::UserRole).toString(), QStringLiteral("hd"));
    EXPECT_EQ(page->bootList()->item(0)->checkState(), Qt::Checked);
    EXPECT_FALSE(page->applyButton()->isEnabled()) << "nothing edited yet";

    const int vcpus = mirrored.vcpuCount == 1 ? 2 : 1;
    page->vcpus()->setValue(vcpus);
    page->title()->setText(QStringLiteral("Set in the “GUI” <&>"));
    ASSERT_TRUE(page->applyButton()->isEnabled());
    const DomainEditRequest request = page->request();
    EXPECT_EQ(request.vcpus, vcpus);
    EXPECT_FALSE(request.memoryBytes.has_value()) << "unchanged fields are not sent";
    EXPECT_FALSE(request.autostart.has_value());
    EXPECT_FALSE(request.bootOrder.has_value());

    QSignalSpy finished(&window, &VmDetailsWindow::editFinished);
    page->applyButton()->click();
    EXPECT_FALSE(page->vcpus()->isEnabled()) << "read-only while applying";
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    EXPECT_EQ(page->statusText(), QStringLiteral("Applied."));
    EXPECT_TRUE(waitUntil([&] {
        return window.overviewValue(QStringLiteral("Title")) == QStringLiteral("Set in the “GUI” <&>");
    }));
    EXPECT_EQ(window.overviewValue(QStringLiteral("vCPUs")), QString::number(vcpus));
    EXPECT_FALSE(page->applyButton()->isEnabled()) << "the form equals the VM again";

    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virDomainPtr dom = virDomainLookupByUUIDString(other, uuid.toLatin1().constData());
    char *title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr,
                                       VIR_DOMAIN_AFFECT_LIVE);
    EXPECT_EQ(QString::fromUtf8(title), QStringLiteral("Set in the “GUI” <&>"));
    free(title);

    // The maximum memory of a running VM lands in its configuration only.
    page->maxMemory()->setValue(page->maxMemory()->value() + 1024);
    page->applyButton()->click();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 2; }, 10000));
    EXPECT_TRUE(page->statusText().contains(QStringLiteral("Applies after the VM restarts")))
        << page->statusText().toStdString();
    virDomainInfo info;
    ASSERT_EQ(virDomainGetInfo(dom, &info), 0);
    EXPECT_EQ(qint64(info.maxMem) * 1024, mirrored.memoryBytes) << "the running VM kept its maximum";
    virDomainFree(dom);
    virConnectClose(other);
}

TEST_F(DetailsTest, AddHardwareChecksInputsWarnsOfDuplicateMacsAndReportsRefusals)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    VmDetailsWindow window(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    const int devices = window.hardwareList()->count();
    window.hardwareList()->setCurrentRow(deviceRow(window, QStringLiteral("disk")));
    EXPECT_FALSE(window.hardwareButton(QStringLiteral("eject"))->isEnabled()) << "not a CD/DVD";
    EXPECT_TRUE(window.hardwareButton(QStringLiteral("remove"))->isEnabled());
    window.hardwareList()->setCurrentRow(deviceRow(window, QStringLiteral("memballoon")));
    EXPECT_FALSE(window.hardwareButton(QStringLiteral("remove"))->isEnabled());

    AddHardwareDialog *dialog = window.addHardware();
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(window.addHardware(), dialog) << "a second click raises the same dialog";
    QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);

    // Storage: a relative path, and the disk the VM has already.
    dialog->setPage(AddHardwareDialog::Storage);
    dialog->diskSource()->setCurrentText(QStringLiteral("images/new.qcow2"));
    EXPECT_FALSE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("not absolute")))
        << dialog->problem().toStdString();
    dialog->diskSource()->setCurrentText(QStringLiteral("/guest/diskimage1"));
    EXPECT_FALSE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("attached already")));
    dialog->diskSource()->setCurrentText(QStringLiteral("/guest/other.img"));
    dialog->diskTarget()->setText(QStringLiteral("vda"));
    EXPECT_FALSE(ok->isEnabled()) << dialog->problem().toStdString();
    dialog->diskTarget()->clear();
    // An image in no pool: its format is asked for, never guessed.
    EXPECT_FALSE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("choose its format")))
        << dialog->problem().toStdString();
    dialog->diskFormat()->setCurrentIndex(dialog->diskFormat()->findData(QStringLiteral("qcow2")));
    EXPECT_TRUE(ok->isEnabled()) << dialog->problem().toStdString();
    EXPECT_EQ(dialog->request().disk.format, QStringLiteral("qcow2"));
    dialog->diskFormat()->setCurrentIndex(0);
    dialog->diskDevice()->setCurrentText(QStringLiteral("cdrom"));
    EXPECT_EQ(dialog->diskBus()->currentText(), QStringLiteral("sata")) << "no virtio CD/DVD";
    EXPECT_TRUE(ok->isEnabled()) << dialog->problem().toStdString();

    // Network: the host's networks are offered; a MAC another NIC has is a warning only.
    dialog->setPage(AddHardwareDialog::Network);
    EXPECT_TRUE(waitUntil([&] { return dialog->nicSource()->findText(QStringLiteral("default")) >= 0; }));
    dialog->nicSource()->setCurrentText(QStringLiteral("default"));
    EXPECT_TRUE(dialog->mac()->text().startsWith(QStringLiteral("52:54:00:")));
    EXPECT_TRUE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().isEmpty()) << dialog->problem().toStdString();
    dialog->mac()->setText(QStringLiteral("AA:BB:CC:DD:EE:FF"));
    EXPECT_TRUE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("aa:bb:cc:dd:ee:ff")))
        << dialog->problem().toStdString();
    dialog->mac()->setText(QStringLiteral("01:bb:cc:dd:ee:ff"));
    EXPECT_FALSE(ok->isEnabled());
    dialog->mac()->setText(QStringLiteral("52:54:00:00:00:42"));

    // Graphics: the listen address and VNC's 8-character password limit are checked.
    dialog->setPage(AddHardwareDialog::Graphics);
    dialog->listen()->setCurrentText(QStringLiteral("my-host"));
    EXPECT_FALSE(ok->isEnabled());
    dialog->listen()->setCurrentText(QStringLiteral("none"));
    dialog->password()->setText(QStringLiteral("123456789"));
    EXPECT_FALSE(ok->isEnabled());
    dialog->password()->setText(QStringLiteral("1234"));
    EXPECT_TRUE(ok->isEnabled());
    EXPECT_EQ(dialog->passwordToRemember(), QByteArray("1234"));
    EXPECT_TRUE(dialog->request().deviceXml.contains(QStringLiteral("passwd=\"1234\"")));

    // USB redirection needs SPICE, which the test VM lacks.
    dialog->setPage(AddHardwareDialog::UsbRedirection);
    EXPECT_FALSE(ok->isEnabled());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("SPICE")));

    // libvirt's test driver cannot attach devices: the refusal is shown and nothing changes.
    dialog->setPage(AddHardwareDialog::Network);
    QSignalSpy finished(&window, &VmDetailsWindow::editFinished);
    ok->click();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    EXPECT_TRUE(window.hardwareStatus().contains(QStringLiteral("failed")))
        << window.hardwareStatus().toStdString();
    EXPECT_NE(finished.at(0).at(1).value<Error>().code, ErrorCode::None);
    EXPECT_EQ(window.hardwareList()->count(), devices);
    EXPECT_EQ(m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid))->domain.ports.size(), 1);
}

TEST_F(DetailsTest, RemovingADeviceAsksFirst)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    VmDetailsWindow window(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    window.hardwareList()->setCurrentRow(deviceRow(window, QStringLiteral("interface")));
    QString question;
    answerNextMessageBox(QMessageBox::Cancel, &question);
    EXPECT_FALSE(window.removeSelectedDevice());
    EXPECT_TRUE(question.contains(QStringLiteral("interface"))) << question.toStdString();
    EXPECT_EQ(window.pendingEdits(), 0);

    QSignalSpy finished(&window, &VmDetailsWindow::editFinished);
    answerNextMessageBox(QMessageBox::Yes);
    EXPECT_TRUE(window.removeSelectedDevice());
    EXPECT_EQ(window.pendingEdits(), 1);
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    // The test driver has no device detach: refused, reported, and the NIC is still there.
    EXPECT_TRUE(window.hardwareStatus().contains(QStringLiteral("failed")));
    EXPECT_EQ(m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid))->domain.ports.size(), 1);
}

TEST_F(DetailsTest, XmlEditingNeedsThePreferenceAndKeepsTheEditsWhenLibvirtRefuses)
{
    PreferencesDialog::setXmlEditingEnabled(false);
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    {
        VmDetailsWindow window(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"),
                               uuid);
        ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
        EXPECT_FALSE(window.xmlButton(QStringLiteral("edit"))->isEnabled()) << "off by default";
        EXPECT_TRUE(window.xmlView()->isReadOnly());
    }
    PreferencesDialog preferences;
    EXPECT_FALSE(preferences.xmlEditing()->isChecked());
    preferences.xmlEditing()->setChecked(true);
    preferences.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    EXPECT_TRUE(PreferencesDialog::xmlEditingEnabled());

    VmDetailsWindow window(&m_vms, m_manager.get(), m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    QPushButton *edit = window.xmlButton(QStringLiteral("edit"));
    ASSERT_TRUE(edit->isEnabled());
    QSignalSpy finished(&window, &VmDetailsWindow::editFinished);
    edit->click();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    ASSERT_TRUE(window.isEditingXml()) << window.xmlStatus().toStdString();
    EXPECT_FALSE(window.xmlView()->isReadOnly());
    EXPECT_FALSE(window.xmlButton(QStringLiteral("apply"))->isHidden());
    EXPECT_TRUE(window.xmlButton(QStringLiteral("edit"))->isHidden());
    const QString config = window.xmlView()->toPlainText();
    EXPECT_TRUE(config.contains(uuid));

    // Rejected by libvirt: the edits stay in the editor, the VM is unchanged.
    QString bad = config;
    bad.replace(QStringLiteral("</devices>"), QStringLiteral("<bogus/></devices>"));
    window.xmlView()->setPlainText(bad);
    window.xmlButton(QStringLiteral("apply"))->click();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 2; }, 10000));
    EXPECT_TRUE(window.xmlStatus().startsWith(QStringLiteral("Not applied:")))
        << window.xmlStatus().toStdString();
    EXPECT_TRUE(window.isEditingXml());
    EXPECT_EQ(window.xmlView()->toPlainText(), bad);

    QString good = config;
    good.replace(QStringLiteral("</name>"), QStringLiteral("</name><title>XML-edited</title>"));
    window.xmlView()->setPlainText(good);
    window.xmlButton(QStringLiteral("apply"))->click();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 3; }, 10000));
    EXPECT_EQ(window.xmlStatus(), QStringLiteral("Saved; the running VM takes it when it restarts."));
    EXPECT_FALSE(window.isEditingXml());
    EXPECT_TRUE(window.xmlView()->isReadOnly());
    EXPECT_FALSE(window.xmlView()->toPlainText().contains(QStringLiteral("XML-edited")))
        << "back to the running VM's XML";

    virConnectPtr other = virConnectOpen("test:///default");
    virDomainPtr dom = virDomainLookupByUUIDString(other, uuid.toLatin1().constData());
    char *title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr,
                                       VIR_DOMAIN_AFFECT_CONFIG);
    EXPECT_EQ(QString::fromUtf8(title), QStringLiteral("XML-edited"));
    free(title);
    virDomainFree(dom);
    virConnectClose(other);
    PreferencesDialog::setXmlEditingEnabled(false);
}

TEST_F(DetailsTest, WithoutAManagerTheWindowIsReadOnly)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    VmDetailsWindow window(&m_vms, nullptr, m_data.path(), QStringLiteral("local"), uuid);
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    window.hardwareList()->setCurrentRow(deviceRow(window, QStringLiteral("interface")));
    EXPECT_FALSE(window.hardwareButton(QStringLiteral("add"))->isEnabled());
    EXPECT_FALSE(window.hardwareButton(QStringLiteral("remove"))->isEnabled());
    EXPECT_FALSE(window.settingsPage()->vcpus()->isEnabled());
    EXPECT_EQ(window.addHardware(), nullptr);
}

class HostDetailsTest : public HostFixture
{
protected:
    void SetUp() override
    {
        m_settings.statsIntervalMs = 50;
        HostFixture::SetUp();
    }
};

TEST_F(HostDetailsTest, ShowsVersionsNetworksPoolsAndLiveMemory)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    HostDetailsWindow window(m_manager.get(), QStringLiteral("local"));
    QSignalSpy loaded(&window, &HostDetailsWindow::loaded);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return !loaded.isEmpty(); }));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Hypervisor")).section(u' ', 0, 0),
              QStringLiteral("TEST"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("URI")), QStringLiteral("test:///default"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("CPUs")), QStringLiteral("16"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Connection")), QStringLiteral("connected"));
    ASSERT_EQ(window.networkList()->topLevelItemCount(), 1);
    EXPECT_EQ(window.networkList()->topLevelItem(0)->text(0), QStringLiteral("default"));
    ASSERT_EQ(window.poolList()->topLevelItemCount(), 1);
    EXPECT_EQ(window.poolList()->topLevelItem(0)->text(0), QStringLiteral("default-pool"));

    // Live: the sampler's host memory reaches the graph, scaled to the host's 3 GiB.
    TimeSeriesGraph *memory = window.graphs().at(1);
    ASSERT_TRUE(waitUntil([&] { return memory->series().value(0).points.size() >= 2; }, 10000));
    EXPECT_GT(memory->series().value(0).points.last().y(), 0);
    EXPECT_DOUBLE_EQ(memory->maximum(), double(3LL << 30));

    // A network defined on the host shows up through its event.
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virNetworkPtr net = virNetworkDefineXML(
        other, "<network><name>lab-net</name><bridge name='virbr9'/></network>");
    ASSERT_NE(net, nullptr);
    virNetworkFree(net);
    virConnectClose(other);
    ASSERT_TRUE(waitUntil([&] { return window.networkList()->topLevelItemCount() == 2; }, 10000));

    // Its context menu runs jobs on the host's worker; the list follows the mirror.
    const auto row = [&](const QString &name) -> QTreeWidgetItem * {
        const auto found = window.networkList()->findItems(name, Qt::MatchExactly);
        return found.isEmpty() ? nullptr : found.first();
    };
    const auto trigger = [&](const QString &name, const QString &text) {
        QTreeWidgetItem *item = row(name);
        if (!item)
            return false;
        QMenu *menu = window.objectMenu(window.networkList(), item);
        bool done = false;
        for (QAction *a : menu->actions()) {
            if (a->text() == text && a->isEnabled()) {
                a->trigger();
                done = true;
            }
        }
        delete menu;
        return done;
    };
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Start")));
    ASSERT_TRUE(waitUntil([&] { return row(QStringLiteral("lab-net"))->text(1) == QStringLiteral("active"); }));
    EXPECT_FALSE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Start"))) << "already active";
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Autostart")));
    ASSERT_TRUE(waitUntil([&] { return row(QStringLiteral("lab-net"))->text(2) == QStringLiteral("yes"); }));

    // Delete asks first; Cancel keeps it, Yes stops and deletes it.
    answerNextMessageBox(QMessageBox::Cancel);
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Delete…")));
    ASSERT_TRUE(waitUntil([&] { return window.findChild<QMessageBox *>() == nullptr; }));
    EXPECT_EQ(window.pendingJobs(), 0);
    QString question;
    answerNextMessageBox(QMessageBox::Yes, &question);
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Delete…")));
    ASSERT_TRUE(waitUntil([&] { return window.networkList()->topLevelItemCount() == 1; }, 3000));
    EXPECT_TRUE(question.contains(QStringLiteral("lab-net")));
    EXPECT_EQ(window.pendingJobs(), 0);
}

} // namespace
