// The volume registry window: the shared filter query over every host's volumes (disks outside
// any pool included), numeric sorting, the column choice across restarts, stale rows of a host
// that is not connected, the orphans view with its per-host totals and bulk delete, the create
// dialog's validation and its job, and the refusal to delete an attached volume.

#include "common/guitestutil.h"
#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "cache/auditlog.h"
#include "cache/inventorystore.h"
#include "dialogs/createvolumedialog.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"
#include "model/volumefeed.h"
#include "model/volumefilterproxy.h"
#include "model/volumelistmodel.h"
#include "volumes/volumeregistrywindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QSettings>
#include <QProgressDialog>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTreeView>
#include <QTreeWidget>
#include <QXmlStreamReader>

#include <libvirt/libvirt.h>

#include <limits>
#include <memory>
#include <optional>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

/// What libvirt itself says are the orphans of a node: pool volumes whose path is the source of
/// no domain's disk (read through libvirt's API and XML, not through our parsers). path → bytes.
QMap<QString, qint64> libvirtOrphans(const QString &uri)
{
    QMap<QString, qint64> volumes;
    virConnectPtr conn = virConnectOpen(uri.toUtf8().constData());
    if (!conn)
        return volumes;
    virStoragePoolPtr *pools = nullptr;
    const int np = virConnectListAllStoragePools(conn, &pools, 0);
    for (int p = 0; p < np; ++p) {
        virStorageVolPtr *vols = nullptr;
        const int nv = virStoragePoolListAllVolumes(pools[p], &vols, 0);
        for (int v = 0; v < nv; ++v) {
            virStorageVolInfo info;
            if (char *path = virStorageVolGetPath(vols[v])) {
                if (virStorageVolGetInfo(vols[v], &info) == 0)
                    volumes.insert(QString::fromUtf8(path), qint64(info.capacity));
                free(path);
            }
            virStorageVolFree(vols[v]);
        }
        free(vols);
        virStoragePoolFree(pools[p]);
    }
    free(pools);
    virDomainPtr *doms = nullptr;
    const int nd = virConnectListAllDomains(conn, &doms, 0);
    for (int d = 0; d < nd; ++d) {
        if (char *xml = virDomainGetXMLDesc(doms[d], 0)) {
            QXmlStreamReader reader(QString::fromUtf8(xml));
            while (!reader.atEnd()) {
                if (reader.readNext() == QXmlStreamReader::StartElement
                    && reader.name() == QLatin1String("source"))
                    volumes.remove(reader.attributes().value(QLatin1String("file")).toString());
            }
            free(xml);
        }
        virDomainFree(doms[d]);
    }
    free(doms);
    virConnectClose(conn);
    return volumes;
}

InventoryStore::VolumeRow volumeRow(const QString &host, const QString &name, qint64 gib,
                                    const QStringList &vms = {})
{
    InventoryStore::VolumeRow r;
    r.hostId = host;
    r.poolName = QStringLiteral("default");
    r.volume.poolUuid = QStringLiteral("p-") + host;
    r.volume.name = name;
    r.volume.path = QStringLiteral("/pool/") + name;
    r.volume.format = QStringLiteral("qcow2");
    r.volume.capacityBytes = gib << 30;
    r.status = vms.isEmpty() ? QStringLiteral("available") : QStringLiteral("attached");
    r.attachedTo = vms;
    return r;
}

// A host's re-read replaces only its rows: changed ones in place (one dataChanged, no reset),
// vanished ones removed, new ones appended; the other host's rows and a selection on them stay.
TEST(VolumeListModel, HostRowsAreDiffedInPlace)
{
    VolumeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRows({volumeRow(QStringLiteral("a"), QStringLiteral("one"), 1),
                   volumeRow(QStringLiteral("b"), QStringLiteral("one"), 5),
                   volumeRow(QStringLiteral("a"), QStringLiteral("two"), 2)});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QPersistentModelIndex other = model.index(1, 0);

    model.setHostRows(
        QStringLiteral("a"),
        {volumeRow(QStringLiteral("a"), QStringLiteral("two"), 2, {QStringLiteral("vm")}),
         volumeRow(QStringLiteral("a"), QStringLiteral("three"), 3)});
    EXPECT_EQ(reset.size(), 0);
    EXPECT_EQ(removed.size(), 1);  // "one" of a
    EXPECT_EQ(changed.size(), 1);  // "two" got attached
    EXPECT_EQ(inserted.size(), 1); // "three"
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(other.data(VolumeListModel::HostRole).toString(), QStringLiteral("b"));
    EXPECT_LT(model.rowOf(QStringLiteral("a"), QStringLiteral("/pool/one")), 0);
    const int two = model.rowOf(QStringLiteral("a"), QStringLiteral("/pool/two"));
    ASSERT_GE(two, 0);
    const QModelIndex attachments = model.index(two, VolumeListModel::AttachmentsColumn);
    EXPECT_EQ(attachments.data().toInt(), 1);
    EXPECT_EQ(attachments.data(Qt::ToolTipRole).toString(), QStringLiteral("Attached to vm"));
    EXPECT_EQ(model.index(two, VolumeListModel::StatusColumn).data().toString(),
              QStringLiteral("attached"));

    // The same rows again: nothing a view shows changed, so nothing is signalled.
    changed.clear();
    model.setHostRows(
        QStringLiteral("a"),
        {volumeRow(QStringLiteral("a"), QStringLiteral("two"), 2, {QStringLiteral("vm")}),
         volumeRow(QStringLiteral("a"), QStringLiteral("three"), 3)});
    EXPECT_EQ(changed.size(), 0);
    EXPECT_EQ(model.rowCount(), 3);

    // Stale until live; a stale flag is one dataChanged over the host's run of rows.
    EXPECT_TRUE(model.index(two, 0).data(VolumeListModel::StaleRole).toBool());
    model.setHostStale(QStringLiteral("a"), false, 1234);
    EXPECT_FALSE(model.index(two, 0).data(VolumeListModel::StaleRole).toBool());
    EXPECT_TRUE(other.data(VolumeListModel::StaleRole).toBool());
    model.removeHost(QStringLiteral("a"));
    EXPECT_EQ(model.rowCount(), 1);
}

/// Selects the row of path in the window's all-volumes table; false when it is not shown.
bool selectVolume(VolumeRegistryWindow &window, const QString &path)
{
    QAbstractItemModel *proxy = window.proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const QModelIndex index = proxy->index(r, 0);
        if (index.data(VolumeListModel::PathRole).toString() == path) {
            window.volumeView()->selectionModel()->select(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
    }
    return false;
}

class VolumesTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        QSettings().remove(QStringLiteral("volumes"));
    }
    void TearDown() override
    {
        m_window.reset();
        QSettings().remove(QStringLiteral("volumes"));
        HostFixture::TearDown();
    }

    /// A generated node as host id, connected and synced; returns its URI.
    QString addNode(const QString &id, int domains, int volumes)
    {
        NodeSpec spec;
        spec.domains = domains;
        spec.volumes = volumes;
        spec.awkwardNames = false;
        const QString path = m_data.filePath(id + QStringLiteral(".xml"));
        EXPECT_TRUE(writeNodeXml(path, spec));
        const QString uri = QStringLiteral("test://") + path;
        addHost(id, uri);
        connectAndSync(id);
        return uri;
    }

    void openWindow()
    {
        m_window = std::make_unique<VolumeRegistryWindow>(m_manager.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_window->proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(m_window->feed(), &VolumeFeed::loaded);
        m_window->show();
        ASSERT_TRUE(m_window->feed()->isLoaded() || loaded.wait(5000));
    }

    QStringList shownNames(QAbstractItemModel *model) const
    {
        QStringList names;
        for (int r = 0; r < model->rowCount(); ++r)
            names.append(model->index(r, VolumeListModel::NameColumn).data().toString());
        names.sort();
        return names;
    }

    int rowOf(const QString &path) const
    {
        return m_window->model()->rowOf(QStringLiteral("lab"), path);
    }

    /// Selects the row of path in the all-volumes table.
    bool select(const QString &path) { return selectVolume(*m_window, path); }

    int auditCount(const QString &action)
    {
        AuditQuery q;
        q.limit = 0;
        auto events = AuditLog(db()).query(q);
        int n = 0;
        for (const AuditEvent &e : events.value_or(QList<AuditEvent>{}))
            n += e.action == action ? 1 : 0;
        return n;
    }

    std::unique_ptr<VolumeRegistryWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

const QString poolDir = QStringLiteral("/var/lib/libvirt/default-pool/");

TEST_F(VolumesTest, QueryShowsExactlyTheMatchingVolumes)
{
    const QString uri = addNode(QStringLiteral("lab"), 12, 20);
    openWindow();
    // 20 pool volumes and the two disks outside any pool (domains 3 and 10 have one).
    ASSERT_EQ(m_window->model()->rowCount(), 22);
    EXPECT_EQ(m_window->proxy()->rowCount(), 22);

    m_window->searchField()->setText(QStringLiteral("pool:default-pool format:raw size:>50GB"));
    EXPECT_FALSE(m_window->searchError()->isVisibleTo(m_window.get()));
    // raw every fifth volume; capacities 38, 73, 17 and 52 GiB: only two pass 50 GB.
    EXPECT_EQ(shownNames(m_window->proxy()),
              (QStringList{QStringLiteral("vol-00009.raw"), QStringLiteral("vol-00019.raw")}));

    m_window->searchField()->setText(QStringLiteral("-pool:default-pool"));
    EXPECT_EQ(shownNames(m_window->proxy()),
              (QStringList{QStringLiteral("disk-00003.img"), QStringLiteral("disk-00010.img")}));
    const QModelIndex outside = m_window->proxy()->index(0, VolumeListModel::PathColumn);
    EXPECT_TRUE(outside.data().toString().startsWith(QStringLiteral("/srv/unpooled/")));
    EXPECT_TRUE(outside.siblingAtColumn(VolumeListModel::PoolColumn).data().toString().isEmpty());
    EXPECT_NE(outside.siblingAtColumn(VolumeListModel::StatusColumn).data().toString(),
              QStringLiteral("available"));

    // Status is derived from the attachments: compare with what libvirt's domains reference.
    QStringList available;
    for (const QString &path : libvirtOrphans(uri).keys()) {
        if (path.contains(QStringLiteral("vol-0001")))
            available.append(path.section(u'/', -1));
    }
    available.sort();
    ASSERT_GE(available.size(), 2); // the generator leaves the last tenth unattached
    m_window->searchField()->setText(QStringLiteral("vol-0001 status:available"));
    EXPECT_EQ(shownNames(m_window->proxy()), available);

    // A bad query is explained inline and keeps the last good filter.
    m_window->searchField()->setText(QStringLiteral("size:>lots"));
    EXPECT_TRUE(m_window->searchError()->isVisibleTo(m_window.get()));
    EXPECT_TRUE(m_window->searchError()->text().contains(QStringLiteral("lots")))
        << m_window->searchError()->text().toStdString();
    EXPECT_EQ(shownNames(m_window->proxy()), available);

    // Sizes sort as numbers, not as text ("100 GiB" < "17 GiB" as strings).
    m_window->searchField()->clear();
    m_window->volumeView()->sortByColumn(VolumeListModel::CapacityColumn, Qt::DescendingOrder);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int r = 0; r < m_window->proxy()->rowCount(); ++r) {
        const qint64 c
            = m_window->proxy()->index(r, 0).data(VolumeListModel::CapacityRole).toLongLong();
        EXPECT_LE(c, previous) << "row " << r;
        previous = c;
    }
    EXPECT_EQ(m_window->proxy()->index(0, 0).data(VolumeListModel::CapacityRole).toLongLong(),
              94LL << 30);
}

// The registry reads the mirror its own (faster) way: row for row it must be what the store's
// volumes() says, derived status and attachments included.
TEST_F(VolumesTest, RowsEqualTheStoresVolumesFieldByField)
{
    addNode(QStringLiteral("lab"), 12, 20);
    openWindow();
    auto expected = InventoryStore(db()).volumes();
    ASSERT_TRUE(expected.has_value());
    ASSERT_EQ(m_window->model()->rowCount(), expected->size());
    int attached = 0;
    for (const InventoryStore::VolumeRow &e : std::as_const(*expected)) {
        SCOPED_TRACE(e.volume.path.toStdString());
        const InventoryStore::VolumeRow *row
            = m_window->model()->rowAt(m_window->model()->rowOf(e.hostId, e.volume.path));
        ASSERT_NE(row, nullptr);
        EXPECT_TRUE(row->volume == e.volume);
        EXPECT_EQ(row->poolName, e.poolName);
        EXPECT_EQ(row->status, e.status);
        EXPECT_EQ(row->attachedTo, e.attachedTo);
        attached += e.attachedTo.isEmpty() ? 0 : 1;
    }
    EXPECT_GT(attached, 0);
}

TEST_F(VolumesTest, ColumnChoiceSurvivesARestartAndStaleRowsAreMarked)
{
    addNode(QStringLiteral("lab"), 4, 5);
    // A host known only from the cache: its mirrored volumes show, stale, with their as-of time.
    auto offline = HostRepository(db()).add(QStringLiteral("offline"),
                                            QStringLiteral("test:///nonexistent/offline.xml"),
                                            QStringLiteral("offline"), false);
    ASSERT_TRUE(offline.has_value());
    HostSnapshot snapshot;
    snapshot.pools.append(PoolInfo{QStringLiteral("6b7a3f36-0000-4000-8000-000000000001"),
                                   QStringLiteral("archive"), QStringLiteral("dir"),
                                   QStringLiteral("/srv/archive"), 1LL << 40, 1LL << 30,
                                   (1LL << 40) - (1LL << 30), true, false});
    snapshot.volumes.append(VolumeInfo{snapshot.pools.first().uuid,
                                       QStringLiteral("old.qcow2"),
                                       QStringLiteral("/srv/archive/old.qcow2"),
                                       QStringLiteral("/srv/archive/old.qcow2"),
                                       QStringLiteral("file"),
                                       QStringLiteral("qcow2"),
                                       20LL << 30,
                                       1LL << 30,
                                       {}});
    ASSERT_TRUE(InventoryStore(db()).applySnapshot(QStringLiteral("offline"), snapshot));

    openWindow();
    VolumeListModel *model = m_window->model();
    const int old
        = model->rowOf(QStringLiteral("offline"), QStringLiteral("/srv/archive/old.qcow2"));
    ASSERT_GE(old, 0);
    EXPECT_TRUE(model->index(old, 0).data(VolumeListModel::StaleRole).toBool());
    const int live = rowOf(poolDir + QStringLiteral("vol-00000.qcow2"));
    ASSERT_GE(live, 0);
    EXPECT_FALSE(model->index(live, 0).data(VolumeListModel::StaleRole).toBool());
    // Its volume is an orphan but cannot be deleted while its host is away.
    m_window->searchField()->setText(QStringLiteral("host:offline"));
    ASSERT_EQ(m_window->proxy()->rowCount(), 1);
    m_window->volumeView()->selectionModel()->select(m_window->proxy()->index(0, 0),
                                                     QItemSelectionModel::ClearAndSelect
                                                         | QItemSelectionModel::Rows);
    EXPECT_FALSE(m_window->deleteAction()->isEnabled());

    const QList<QAction *> toggles = m_window->columnActions();
    ASSERT_EQ(toggles.size(), VolumeListModel::ColumnCount - 1);
    QAction *path = toggles.at(VolumeListModel::PathColumn - 1);
    EXPECT_EQ(path->text(), QStringLiteral("Path"));
    path->setChecked(false);
    EXPECT_TRUE(m_window->volumeView()->header()->isSectionHidden(VolumeListModel::PathColumn));
    EXPECT_TRUE(m_window->orphanView()->header()->isSectionHidden(VolumeListModel::PathColumn));
    m_window->close(); // saves
    openWindow();
    EXPECT_TRUE(m_window->volumeView()->header()->isSectionHidden(VolumeListModel::PathColumn));
    EXPECT_FALSE(m_window->columnActions().at(VolumeListModel::PathColumn - 1)->isChecked());
    EXPECT_FALSE(m_window->volumeView()->header()->isSectionHidden(VolumeListModel::PoolColumn));
}

TEST_F(VolumesTest, OrphansShowTotalsPerHostAndBulkDeleteRemovesThem)
{
    const QString labUri = addNode(QStringLiteral("lab"), 12, 20);
    const QString lab2Uri = addNode(QStringLiteral("lab2"), 4, 30);
    const QMap<QString, qint64> labOrphans = libvirtOrphans(labUri);
    const QMap<QString, qint64> lab2Orphans = libvirtOrphans(lab2Uri);
    ASSERT_FALSE(labOrphans.isEmpty());
    ASSERT_GT(lab2Orphans.size(), labOrphans.size());
    const auto sum = [](const QMap<QString, qint64> &m) {
        qint64 s = 0;
        for (qint64 v : m)
            s += v;
        return s;
    };

    openWindow();
    m_tester.reset();
    QAbstractItemModelTester orphanTester(m_window->orphanProxy(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_window->tabs()->setCurrentIndex(1);
    ASSERT_TRUE(waitUntil([&] { return m_window->orphanSummary()->topLevelItemCount() == 3; }));
    QStringList orphanPaths;
    for (int r = 0; r < m_window->orphanProxy()->rowCount(); ++r) {
        const QModelIndex i = m_window->orphanProxy()->index(r, 0);
        if (i.data(VolumeListModel::HostRole).toString() == QStringLiteral("lab"))
            orphanPaths.append(i.data(VolumeListModel::PathRole).toString());
    }
    orphanPaths.sort();
    EXPECT_EQ(orphanPaths, QStringList(labOrphans.keys()));

    QTreeWidget *summary = m_window->orphanSummary();
    const auto expectRow = [&](int row, const QString &host, int count, qint64 bytes) {
        QTreeWidgetItem *item = summary->topLevelItem(row);
        ASSERT_NE(item, nullptr);
        EXPECT_EQ(item->text(0), host);
        EXPECT_EQ(item->text(1), QString::number(count));
        EXPECT_EQ(item->text(2), byteSize(bytes));
    };
    expectRow(0, QStringLiteral("lab"), int(labOrphans.size()), sum(labOrphans));
    expectRow(1, QStringLiteral("lab2"), int(lab2Orphans.size()), sum(lab2Orphans));
    expectRow(2, QStringLiteral("All hosts"), int(labOrphans.size() + lab2Orphans.size()),
              sum(labOrphans) + sum(lab2Orphans));

    // The summary follows the search: only lab's orphans.
    m_window->searchField()->setText(QStringLiteral("host:lab"));
    ASSERT_TRUE(waitUntil([&] { return summary->topLevelItemCount() == 2; }));
    expectRow(0, QStringLiteral("lab"), int(labOrphans.size()), sum(labOrphans));

    // Bulk delete of every listed orphan (nothing selected): asks with count and size first.
    const int before = m_window->model()->rowCount();
    QString question;
    answerNextMessageBox(QMessageBox::Yes, &question);
    QSignalSpy finished(m_window.get(), &VolumeRegistryWindow::jobsFinished);
    m_window->deleteOrphansAction()->trigger();
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_TRUE(question.contains(QString::number(labOrphans.size()))) << question.toStdString();
    EXPECT_TRUE(question.contains(byteSize(sum(labOrphans)))) << question.toStdString();
    EXPECT_EQ(finished.first().at(0).toInt(), labOrphans.size());
    EXPECT_EQ(finished.first().at(1).toInt(), 0);
    ASSERT_TRUE(
        waitUntil([&] { return m_window->model()->rowCount() == before - labOrphans.size(); }));
    for (const QString &path : labOrphans.keys())
        EXPECT_LT(rowOf(path), 0) << path.toStdString();
    EXPECT_EQ(auditCount(QStringLiteral("volume.delete")), labOrphans.size());
    ASSERT_TRUE(waitUntil([&] { return summary->topLevelItemCount() == 1; }));
    EXPECT_EQ(summary->topLevelItem(0)->text(1), QStringLiteral("0"));
    m_window->searchField()->clear();
    ASSERT_TRUE(waitUntil([&] { return summary->topLevelItemCount() == 2; }));
    EXPECT_EQ(summary->topLevelItem(0)->text(0), QStringLiteral("lab2")) << "lab2's orphans stay";
}

TEST_F(VolumesTest, CreateDialogValidatesInlineAndCreatesTheVolume)
{
    addNode(QStringLiteral("lab"), 6, 10);
    openWindow();
    m_window->createAction()->trigger();
    auto *dialog = m_window->findChild<CreateVolumeDialog *>();
    ASSERT_NE(dialog, nullptr);
    QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
    EXPECT_EQ(dialog->hostBox()->currentText(), QStringLiteral("lab"));
    EXPECT_EQ(dialog->poolBox()->currentText(), QStringLiteral("default-pool"));
    const auto expectRefused = [&](const QString &fragment) {
        EXPECT_FALSE(ok->isEnabled()) << fragment.toStdString();
        EXPECT_TRUE(dialog->errorLabel()->isVisibleTo(dialog));
        EXPECT_TRUE(dialog->errorLabel()->text().contains(fragment))
            << dialog->errorLabel()->text().toStdString();
    };

    expectRefused(QStringLiteral("name")); // empty name
    dialog->nameField()->setText(QStringLiteral("fresh.qcow2"));
    dialog->capacityField()->setText(QStringLiteral("ten"));
    expectRefused(QStringLiteral("\"ten\" is not a number"));
    dialog->capacityField()->setText(QStringLiteral("0"));
    expectRefused(QStringLiteral("greater than zero"));
    dialog->capacityField()->setText(QStringLiteral("2"));
    dialog->unitBox()->setCurrentText(QStringLiteral("GiB"));
    dialog->formatBox()->setCurrentText(QStringLiteral("raw"));
    const int backing
        = dialog->backingBox()->findData(QString(poolDir + QStringLiteral("vol-00000.qcow2")));
    ASSERT_GT(backing, 0);
    dialog->backingBox()->setCurrentIndex(backing);
    expectRefused(QStringLiteral("only a qcow2 volume can have a backing volume"));
    dialog->backingBox()->setCurrentIndex(0);
    dialog->formatBox()->setCurrentText(QStringLiteral("qcow2"));
    dialog->nameField()->setText(QStringLiteral("vol-00001.qcow2"));
    expectRefused(QStringLiteral("already has a volume named vol-00001.qcow2"));

    dialog->nameField()->setText(QStringLiteral("fresh.qcow2"));
    EXPECT_TRUE(ok->isEnabled()) << dialog->errorLabel()->text().toStdString();
    EXPECT_FALSE(dialog->errorLabel()->isVisibleTo(dialog));
    QSignalSpy finished(m_window.get(), &VolumeRegistryWindow::jobsFinished);
    ok->click();
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_EQ(finished.first().at(1).toInt(), 0) << m_window->statusLabel()->text().toStdString();
    const QString path = poolDir + QStringLiteral("fresh.qcow2");
    ASSERT_TRUE(waitUntil([&] { return rowOf(path) >= 0; }));
    const QModelIndex row = m_window->model()->index(rowOf(path), 0);
    EXPECT_EQ(row.data(VolumeListModel::CapacityRole).toLongLong(), 2LL << 30);
    EXPECT_EQ(row.data(VolumeListModel::FormatRole).toString(), QStringLiteral("qcow2"));
    EXPECT_EQ(row.data(VolumeListModel::StatusRole).toString(), QStringLiteral("available"));
    EXPECT_EQ(auditCount(QStringLiteral("volume.create")), 1);
}

TEST_F(VolumesTest, DeletingAnAttachedVolumeIsRefusedNamingTheVmAndChangesNothing)
{
    addNode(QStringLiteral("lab"), 6, 10);
    openWindow();
    const QString path = poolDir + QStringLiteral("vol-00000.qcow2");
    ASSERT_TRUE(select(path));
    const int rows = m_window->model()->rowCount();
    QString text;
    answerNextMessageBox(QMessageBox::Ok, &text);
    m_window->deleteAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return !text.isEmpty(); }));
    EXPECT_TRUE(text.contains(QStringLiteral("vm-00000"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("vol-00000.qcow2"))) << text.toStdString();
    EXPECT_EQ(m_window->pendingJobs(), 0);
    EXPECT_EQ(auditCount(QStringLiteral("volume.delete")), 0) << "no job ran";
    EXPECT_EQ(m_window->model()->rowCount(), rows);
    EXPECT_GE(rowOf(path), 0);
}

// Upload and download from the registry: a progress dialog while the job runs, libvirt's answer
// (the test driver has no volume streams: the bytes themselves are the system tier's) in the
// status line, and a copy of a volume a running VM uses only after the user agreed.
TEST_F(VolumesTest, UploadAndDownloadShowProgressAndTheOutcome)
{
    addNode(QStringLiteral("lab"), 6, 10);
    openWindow();
    QString available, inUse;
    for (int r = 0; r < m_window->model()->rowCount(); ++r) {
        const InventoryStore::VolumeRow *row = m_window->model()->rowAt(r);
        if (row->status == QLatin1String("available") && available.isEmpty()
            && row->volume.format == QLatin1String("qcow2"))
            available = row->volume.path;
        if (row->status == QLatin1String("in-use") && inUse.isEmpty())
            inUse = row->volume.path;
    }
    ASSERT_FALSE(available.isEmpty());
    ASSERT_FALSE(inUse.isEmpty());
    QTemporaryFile file;
    ASSERT_TRUE(file.open());
    file.write(QByteArray(64 * 1024, 'x'));
    file.flush();

    ASSERT_TRUE(select(available));
    EXPECT_TRUE(m_window->uploadAction()->isEnabled());
    QSignalSpy finished(m_window.get(), &VolumeRegistryWindow::transferFinished);
    m_window->uploadTo(file.fileName());
    ASSERT_NE(m_window->transferProgress(), nullptr);
    EXPECT_TRUE(m_window->transferProgress()->isVisible());
    EXPECT_FALSE(m_window->uploadAction()->isEnabled()) << "one transfer at a time";
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    // A qcow2 volume takes only a qcow2 image: a plain file is refused before any byte is sent.
    EXPECT_EQ(finished.at(0).at(0).value<Error>().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(m_window->transferProgress(), nullptr);
    EXPECT_TRUE(m_window->statusLabel()->text().contains(QStringLiteral("is not a qcow2 image")))
        << m_window->statusLabel()->text().toStdString();
    // A qcow2 image goes to libvirt, which refuses here (the test driver has no volume streams).
    QTemporaryFile image;
    ASSERT_TRUE(image.open());
    image.write(QByteArray("QFI\xfb", 4) + QByteArray(64 * 1024, '\0'));
    image.flush();
    m_window->uploadTo(image.fileName());
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 2; }, 10000));
    EXPECT_EQ(finished.at(1).at(0).value<Error>().code, ErrorCode::Libvirt)
        << finished.at(1).at(0).value<Error>().message.toStdString();
    EXPECT_TRUE(m_window->statusLabel()->text().contains(QStringLiteral("failed")))
        << m_window->statusLabel()->text().toStdString();
    EXPECT_EQ(auditCount(QStringLiteral("volume.upload")), 2);

    // A volume in use: asked first; Cancel copies nothing.
    ASSERT_TRUE(select(inUse));
    QString question;
    answerNextMessageBox(QMessageBox::Cancel, &question);
    m_window->downloadTo(m_data.filePath(QStringLiteral("copy.img")));
    ASSERT_TRUE(waitUntil([&] { return !question.isEmpty(); }));
    EXPECT_TRUE(question.contains(QStringLiteral("running"))) << question.toStdString();
    EXPECT_EQ(m_window->transferProgress(), nullptr);
    EXPECT_EQ(auditCount(QStringLiteral("volume.download")), 0);
    // Yes: the download runs (and the test driver refuses it), leaving no file.
    answerNextMessageBox(QMessageBox::Yes);
    m_window->downloadTo(m_data.filePath(QStringLiteral("copy.img")));
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 3; }, 10000));
    EXPECT_NE(finished.at(2).at(0).value<Error>().code, ErrorCode::None);
    EXPECT_EQ(auditCount(QStringLiteral("volume.download")), 1);
    EXPECT_FALSE(QFile::exists(m_data.filePath(QStringLiteral("copy.img"))));
}

// The derived status follows the VMs through the host's events, not a guess: a VM defined with
// the volume as its disk makes it attached, starting that VM makes it in-use.
TEST_F(VolumesTest, StatusFollowsTheVmsThroughEvents)
{
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virStoragePoolPtr pool = virStoragePoolLookupByName(other, "default-pool");
    ASSERT_NE(pool, nullptr);
    virStorageVolPtr vol
        = virStorageVolCreateXML(pool,
                                 "<volume><name>shared.img</name><capacity unit='MiB'>64</capacity>"
                                 "<target><format type='raw'/></target></volume>",
                                 0);
    ASSERT_NE(vol, nullptr);
    virStorageVolFree(vol);
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    openWindow();
    const QString path = QStringLiteral("/default-pool/shared.img");
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        const int row = m_window->model()->rowOf(QStringLiteral("local"), path);
        return row < 0 ? QVariant() : m_window->model()->index(row, column).data(role);
    };
    ASSERT_EQ(cell(VolumeListModel::StatusColumn).toString(), QStringLiteral("available"));

    virDomainPtr dom = virDomainDefineXML(
        other, "<domain type='test'><name>user-vm</name><memory unit='MiB'>64</memory>"
               "<os><type>hvm</type></os><devices><disk type='file' device='disk'>"
               "<source file='/default-pool/shared.img'/><target dev='vda' bus='virtio'/>"
               "</disk></devices></domain>");
    ASSERT_NE(dom, nullptr);
    EXPECT_TRUE(waitUntil([&] {
        return cell(VolumeListModel::StatusColumn).toString() == QStringLiteral("attached");
    })) << cell(VolumeListModel::StatusColumn).toString().toStdString();
    EXPECT_EQ(cell(VolumeListModel::AttachmentsColumn).toInt(), 1);
    EXPECT_EQ(cell(VolumeListModel::AttachmentsColumn, Qt::ToolTipRole).toString(),
              QStringLiteral("Attached to user-vm"));
    EXPECT_EQ(m_window->orphanProxy()->rowCount(), 0);
    ASSERT_EQ(virDomainCreate(dom), 0);
    EXPECT_TRUE(waitUntil([&] {
        return cell(VolumeListModel::StatusColumn).toString() == QStringLiteral("in-use");
    })) << cell(VolumeListModel::StatusColumn).toString().toStdString();
    virDomainFree(dom);
    virStoragePoolFree(pool);
    virConnectClose(other);
}

// test:///default is shared by every connection of the process: a volume can vanish behind the
// window's back between the confirmation and the job, and its failure is reported by name.
TEST_F(VolumesTest, BulkDeleteReportsEachFailedVolume)
{
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virStoragePoolPtr pool = virStoragePoolLookupByName(other, "default-pool");
    ASSERT_NE(pool, nullptr);
    for (const char *name : {"orphan-a.img", "orphan-b.img"}) {
        const QByteArray xml = QStringLiteral("<volume><name>%1</name><capacity unit='MiB'>64"
                                              "</capacity><target><format type='raw'/></target>"
                                              "</volume>")
                                   .arg(QString::fromLatin1(name))
                                   .toUtf8();
        virStorageVolPtr vol = virStorageVolCreateXML(pool, xml.constData(), 0);
        ASSERT_NE(vol, nullptr);
        virStorageVolFree(vol);
    }
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    openWindow();
    m_window->tabs()->setCurrentIndex(1);
    ASSERT_EQ(m_window->orphanProxy()->rowCount(), 2);

    m_window->deleteOrphansAction()->trigger();
    auto *question = m_window->findChild<QMessageBox *>();
    ASSERT_NE(question, nullptr);
    EXPECT_TRUE(question->text().contains(QStringLiteral("Delete 2 orphan volume(s)")))
        << question->text().toStdString();
    virStorageVolPtr gone = virStorageVolLookupByName(pool, "orphan-b.img");
    ASSERT_NE(gone, nullptr);
    ASSERT_EQ(virStorageVolDelete(gone, 0), 0);
    virStorageVolFree(gone);
    QSignalSpy finished(m_window.get(), &VolumeRegistryWindow::jobsFinished);
    question->button(QMessageBox::Yes)->click();
    QString report;
    answerNextMessageBox(QMessageBox::Ok, &report);
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_EQ(finished.first().at(0).toInt(), 1);
    EXPECT_EQ(finished.first().at(1).toInt(), 1);
    ASSERT_TRUE(waitUntil([&] { return !report.isEmpty(); }));
    EXPECT_TRUE(report.contains(QStringLiteral("1 of 2"))) << report.toStdString();
    EXPECT_TRUE(report.contains(QStringLiteral("/default-pool/orphan-b.img")))
        << report.toStdString();
    EXPECT_FALSE(report.contains(QStringLiteral("orphan-a.img"))) << report.toStdString();
    EXPECT_TRUE(m_window->statusLabel()->text().contains(QStringLiteral("2 job(s) done, 1 failed")))
        << m_window->statusLabel()->text().toStdString();
    virStoragePoolFree(pool);
    virConnectClose(other);
}

// Attach and detach from the registry: the VM is chosen among those of the volume's host, the
// drive comes from the VM's mirrored disks, and the job is the same audited vm.attach/vm.detach
// as everywhere (libvirt's test driver refuses both: the refusal is shown and nothing changes;
// the successful path runs against a real libvirtd in tests/system/volumeattachtest.cpp).
class VolumeAttachGuiTest : public DefaultHostFixture
{
protected:
    void TearDown() override
    {
        m_window.reset();
        DefaultHostFixture::TearDown();
    }
    /// Selects the row of path in the all-volumes table.
    bool select(const QString &path) { return selectVolume(*m_window, path); }
    std::optional<AuditEvent> lastAudit(const QString &action)
    {
        AuditQuery q;
        q.limit = 0;
        for (const AuditEvent &e : AuditLog(db()).query(q).value_or(QList<AuditEvent>{}))
            if (e.action == action)
                return e;
        return std::nullopt;
    }
    std::unique_ptr<VolumeRegistryWindow> m_window;
};

TEST_F(VolumeAttachGuiTest, AttachAndDetachRunAuditedJobsForTheChosenVm)
{
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virStoragePoolPtr pool = virStoragePoolLookupByName(other, "default-pool");
    ASSERT_NE(pool, nullptr);
    virStorageVolPtr vol = virStorageVolCreateXML(
        pool,
        "<volume><name>spare.img</name><capacity unit='MiB'>64</capacity>"
        "<target><format type='raw'/></target></volume>",
        0);
    ASSERT_NE(vol, nullptr);
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    // test:///default lives while a connection is open: keep this one until the end.
    const std::unique_ptr<virConnect, int (*)(virConnectPtr)> keep(other, virConnectClose);
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    m_window = std::make_unique<VolumeRegistryWindow>(m_manager.get());
    QSignalSpy loaded(m_window->feed(), &VolumeFeed::loaded);
    m_window->show();
    ASSERT_TRUE(m_window->feed()->isLoaded() || loaded.wait(5000));
    QSignalSpy finished(m_window.get(), &VolumeRegistryWindow::editFinished);

    // The test VM's own disk, in no pool: detach names its drive from the mirror.
    ASSERT_TRUE(select(QStringLiteral("/guest/diskimage1")));
    EXPECT_FALSE(m_window->attachAction()->isEnabled()) << "no VM model yet";
    m_window->setVmModel(&m_vms);
    EXPECT_TRUE(m_window->detachAction()->isEnabled());
    m_window->detachFrom(uuid);
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }, 10000));
    EXPECT_NE(finished.at(0).at(0).value<Error>().code, ErrorCode::None);
    EXPECT_TRUE(m_window->statusLabel()->text().contains(
        QStringLiteral("Detaching diskimage1 (vda of test) failed")))
        << m_window->statusLabel()->text().toStdString();
    auto detach = lastAudit(QStringLiteral("vm.detach"));
    ASSERT_TRUE(detach.has_value());
    EXPECT_EQ(detach->details.value(QStringLiteral("target_dev")), QStringLiteral("vda"));
    EXPECT_TRUE(detach->objects.contains(AuditObject{QStringLiteral("vm"), uuid}));

    // A pool volume attached to the test VM: the request reaches libvirt, which refuses here.
    ASSERT_TRUE(select(QStringLiteral("/default-pool/spare.img")));
    EXPECT_TRUE(m_window->attachAction()->isEnabled());
    EXPECT_FALSE(m_window->detachAction()->isEnabled()) << "attached to nothing";
    m_window->attachTo(uuid);
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 2; }, 10000));
    EXPECT_EQ(finished.at(1).at(0).value<Error>().code, ErrorCode::Libvirt);
    EXPECT_TRUE(m_window->statusLabel()->text().contains(QStringLiteral("Attaching spare.img failed")))
        << m_window->statusLabel()->text().toStdString();
    auto attach = lastAudit(QStringLiteral("vm.attach"));
    ASSERT_TRUE(attach.has_value());
    EXPECT_TRUE(attach->objects.contains(
        AuditObject{QStringLiteral("volume"), QStringLiteral("/default-pool/spare.img")}));
    EXPECT_EQ(m_vms.rowAt(m_vms.rowOf(QStringLiteral("local"), uuid))->domain.disks.size(), 1);
}

} // namespace
