#include "volumeregistrywindow.h"

#include "volumerowdelegate.h"

#include "connection/connectionmanager.h"
#include "dialogs/createvolumedialog.h"
#include "model/domainlistmodel.h"
#include "model/filterquery.h"
#include "model/volumefeed.h"
#include "model/volumefilterproxy.h"
#include "model/volumelistmodel.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Virtumancer {

namespace {

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

void setUpView(QTreeView *view, QAbstractItemModel *model)
{
    view->setModel(model);
    view->setItemDelegate(new VolumeRowDelegate(view));
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true); // cheap layout for tens of thousands of rows
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSortingEnabled(true);
    view->sortByColumn(VolumeListModel::NameColumn, Qt::AscendingOrder);
    view->header()->resizeSection(VolumeListModel::NameColumn, 260);
    view->header()->resizeSection(VolumeListModel::AttachmentsColumn, 90);
    view->header()->setSectionResizeMode(VolumeListModel::PathColumn, QHeaderView::Stretch);
    view->header()->setStretchLastSection(false);
}

const QString settingsGroup = QStringLiteral("volumes");

} // namespace

VolumeRegistryWindow::VolumeRegistryWindow(ConnectionManager *manager, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_manager(manager)
    , m_model(new VolumeListModel(this))
    , m_feed(new VolumeFeed(manager->dataDir(), manager, m_model, this))
    , m_proxy(new VolumeFilterProxy(this))
    , m_orphanProxy(new VolumeFilterProxy(this))
    , m_tabs(new QTabWidget(this))
    , m_view(new QTreeView(this))
    , m_orphanView(new QTreeView(this))
    , m_summary(new QTreeWidget(this))
    , m_search(new QLineEdit(this))
    , m_searchError(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setWindowTitle(tr("Volumes"));
    m_proxy->setSourceModel(m_model);
    m_orphanProxy->setSourceModel(m_model);
    m_orphanProxy->setOrphansOnly(true);
    setUpView(m_view, m_proxy);
    setUpView(m_orphanView, m_orphanProxy);

    m_search->setPlaceholderText(
        tr("Search: name, pool:default, format:qcow2, status:available, size:>10GB, host:lab"));
    m_search->setClearButtonEnabled(true);
    m_searchError->setVisible(false);
    m_searchError->setWordWrap(true);
    m_searchError->setStyleSheet(QStringLiteral("color: palette(highlight);"));

    m_summary->setHeaderLabels({tr("Host"), tr("Orphans"), tr("Capacity"), tr("Allocation")});
    m_summary->setRootIsDecorated(false);
    m_summary->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->header()->setStretchLastSection(false);
    m_summary->setMaximumHeight(160);
    auto *orphans = new QSplitter(Qt::Vertical, this);
    orphans->addWidget(m_summary);
    orphans->addWidget(m_orphanView);
    orphans->setStretchFactor(1, 4);
    m_tabs->addTab(m_view, tr("&All Volumes"));
    m_tabs->addTab(orphans, tr("&Orphans"));

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_create = bar->addAction(tr("&Create…"), this, &VolumeRegistryWindow::createVolume);
    m_create->setShortcut(QKeySequence::New);
    m_resize = bar->addAction(tr("&Resize…"), this, &VolumeRegistryWindow::resizeSelected);
    m_wipe = bar->addAction(tr("&Wipe…"), this, &VolumeRegistryWindow::wipeSelected);
    m_delete = bar->addAction(tr("&Delete…"), this, &VolumeRegistryWindow::deleteSelected);
    m_delete->setShortcut(QKeySequence::Delete);
    bar->addSeparator();
    m_attach = bar->addAction(tr("Attach to &VM…"), this, [this] {
        const QList<Target> targets = selectedTargets(currentView());
        if (targets.size() != 1 || !m_vms)
            return;
        QStringList names, uuids;
        for (int i = 0; i < m_vms->rowCount(); ++i) {
            const InventoryStore::DomainRow *row = m_vms->rowAt(i);
            if (row && row->hostId == targets.first().hostId
                && !targets.first().attachedTo.contains(row->domain.name)) {
                names.append(
                    tr("%1 (%2)").arg(row->domain.name, domainStateName(row->domain.state)));
                uuids.append(row->domain.uuid);
            }
        }
        if (names.isEmpty())
            return;
        auto *input = new QInputDialog(this);
        input->setAttribute(Qt::WA_DeleteOnClose);
        input->setWindowTitle(tr("Attach %1").arg(targets.first().name));
        input->setLabelText(tr("Attach as a disk of (a running VM gets it live):"));
        input->setComboBoxItems(names);
        connect(input, &QInputDialog::textValueSelected, this,
                [this, names, uuids](const QString &name) {
                    if (const qsizetype i = names.indexOf(name); i >= 0)
                        attachTo(uuids.at(i));
                });
        input->open();
    });
    m_detach = bar->addAction(tr("D&etach…"), this, [this] {
        const QList<Target> targets = selectedTargets(currentView());
        if (targets.size() != 1 || targets.first().attachedTo.isEmpty())
            return;
        const Target t = targets.first();
        auto *input = new QInputDialog(this);
        input->setAttribute(Qt::WA_DeleteOnClose);
        input->setWindowTitle(tr("Detach %1").arg(t.name));
        input->setLabelText(tr("Detach %1 from:").arg(t.name));
        input->setComboBoxItems(t.attachedTo);
        connect(input, &QInputDialog::textValueSelected, this, [this, t](const QString &name) {
            if (const qsizetype i = t.attachedTo.indexOf(name); i >= 0)
                detachFrom(t.attachedUuids.value(i));
        });
        input->open();
    });
    bar->addSeparator();
    m_upload = bar->addAction(tr("&Upload…"), this, [this] {
        const QList<Target> targets = selectedTargets(currentView());
        if (targets.size() != 1)
            return;
        auto *dialog = new QFileDialog(this, tr("Upload into %1").arg(targets.first().name));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this, &VolumeRegistryWindow::uploadTo);
        dialog->open();
    });
    m_download = bar->addAction(tr("Dow&nload…"), this, [this] {
        const QList<Target> targets = selectedTargets(currentView());
        if (targets.size() != 1)
            return;
        auto *dialog = new QFileDialog(this, tr("Download %1").arg(targets.first().name));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->selectFile(targets.first().name);
        connect(dialog, &QFileDialog::fileSelected, this, &VolumeRegistryWindow::downloadTo);
        dialog->open();
    });
    bar->addSeparator();
    m_deleteOrphans
        = bar->addAction(tr("Delete Orp&hans…"), this, &VolumeRegistryWindow::deleteOrphans);
    for (QTreeView *view : {m_view, m_orphanView}) {
        view->setContextMenuPolicy(Qt::ActionsContextMenu);
        view->addActions({m_resize, m_wipe, m_delete, m_attach, m_detach, m_upload, m_download});
    }
    m_orphanView->addAction(m_deleteOrphans);

    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(m_search);
    layout->addWidget(m_searchError);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(statusRow);

    connect(m_search, &QLineEdit::textChanged, this, &VolumeRegistryWindow::applySearch);
    connect(m_tabs, &QTabWidget::currentChanged, this, &VolumeRegistryWindow::updateActions);
    for (QTreeView *view : {m_view, m_orphanView}) {
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &VolumeRegistryWindow::updateActions);
    }
    for (VolumeFilterProxy *proxy : {m_proxy, m_orphanProxy}) {
        connect(proxy, &QAbstractItemModel::dataChanged, this, [this] {
            updateActions();
            scheduleSummary();
        });
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(proxy, signal, this, &VolumeRegistryWindow::scheduleSummary);
        connect(proxy, &QAbstractItemModel::modelReset, this,
                &VolumeRegistryWindow::scheduleSummary);
        connect(proxy, &QAbstractItemModel::layoutChanged, this,
                &VolumeRegistryWindow::scheduleSummary);
    }
    connect(m_feed, &VolumeFeed::failed, this, [this](const Error &error) {
        m_lastResult = tr("The cache could not be read: %1").arg(error.message);
        updateStatus();
    });
    connect(m_manager, &ConnectionManager::domainEditFinished, this,
            [this](quint64 job, const QString &, const QString &, const QString &,
                   const DomainEditResult &result, const Error &error) {
                const QString what = m_edits.take(job);
                if (what.isNull())
                    return; // not ours
                m_lastResult = error.code != ErrorCode::None
                                   ? tr("%1 failed: %2").arg(what, error.message)
                               : result.targetDev.isEmpty()
                                   ? tr("%1: done").arg(what)
                                   : tr("%1: done (%2)").arg(what, result.targetDev);
                updateStatus();
                Q_EMIT editFinished(error);
            });
    connect(m_manager, &ConnectionManager::inventoryJobFinished, this,
            [this](quint64 job, const QString &, const QString &objectId, const QString &action,
                   const Error &error) { handleJobFinished(job, objectId, action, error); });
    // Hosts come and go from connected: the actions on their rows follow.
    connect(m_manager, &ConnectionManager::hostStateChanged, this,
            &VolumeRegistryWindow::updateActions);

    // Column choice: the header's context menu, every column but the name; one choice for
    // both tables.
    QSettings settings;
    restoreGeometry(settings.value(settingsGroup + QStringLiteral("/geometry")).toByteArray());
    if (!settings.contains(settingsGroup + QStringLiteral("/geometry")))
        resize(1100, 600);
    m_view->header()->restoreState(
        settings.value(settingsGroup + QStringLiteral("/header")).toByteArray());
    m_orphanView->header()->restoreState(
        settings.value(settingsGroup + QStringLiteral("/orphanHeader")).toByteArray());
    for (QTreeView *view : {m_view, m_orphanView})
        view->header()->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (int column = VolumeListModel::NameColumn + 1; column < VolumeListModel::ColumnCount;
         ++column) {
        auto *toggle
            = new QAction(m_model->headerData(column, Qt::Horizontal).toString(), m_view->header());
        toggle->setCheckable(true);
        toggle->setChecked(!m_view->header()->isSectionHidden(column));
        m_orphanView->header()->setSectionHidden(column, !toggle->isChecked());
        connect(toggle, &QAction::toggled, this, [this, column](bool shown) {
            m_view->header()->setSectionHidden(column, !shown);
            m_orphanView->header()->setSectionHidden(column, !shown);
        });
        m_view->header()->addAction(toggle);
        m_orphanView->header()->addAction(toggle);
        m_columnActions.append(toggle);
    }

    updateActions();
    updateSummary();
    m_feed->start();
}

VolumeRegistryWindow::~VolumeRegistryWindow() = default;

void VolumeRegistryWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(settingsGroup + QStringLiteral("/geometry"), saveGeometry());
    settings.setValue(settingsGroup + QStringLiteral("/header"), m_view->header()->saveState());
    settings.setValue(settingsGroup + QStringLiteral("/orphanHeader"),
                      m_orphanView->header()->saveState());
    QWidget::closeEvent(event);
}

void VolumeRegistryWindow::applySearch(const QString &text)
{
    auto r = m_proxy->setQuery(text);
    if (r)
        r = m_orphanProxy->setQuery(text);
    m_searchError->setVisible(!r.has_value());
    if (!r)
        m_searchError->setText(r.error().message);
    scheduleSummary();
}

QTreeView *VolumeRegistryWindow::currentView() const
{
    return m_tabs->currentIndex() == 1 ? m_orphanView : m_view;
}

QList<VolumeRegistryWindow::Target>
VolumeRegistryWindow::selectedTargets(QTreeView *view, bool allWhenNoneSelected) const
{
    QModelIndexList rows = view->selectionModel()->selectedRows();
    if (rows.isEmpty() && allWhenNoneSelected) {
        for (int r = 0; r < view->model()->rowCount(); ++r)
            rows.append(view->model()->index(r, 0));
    }
    QList<Target> targets;
    for (const QModelIndex &index : std::as_const(rows)) {
        const int row = m_model->rowOf(index.data(VolumeListModel::HostRole).toString(),
                                       index.data(VolumeListModel::PathRole).toString());
        const InventoryStore::VolumeRow *v = m_model->rowAt(row);
        if (!v)
            continue;
        targets.append({v->hostId, v->volume.path, v->volume.name, v->status, v->attachedTo,
                        v->attachedUuids, v->volume.capacityBytes, v->volume.allocationBytes,
                        v->volume.poolUuid.isEmpty() ? v->volume.format : QString()});
    }
    return targets;
}

void VolumeRegistryWindow::updateActions()
{
    const QList<Target> targets = selectedTargets(currentView());
    bool live = !targets.isEmpty();
    for (const Target &t : targets)
        live &= !m_model->isHostStale(t.hostId);
    m_resize->setEnabled(live && targets.size() == 1);
    m_attach->setEnabled(live && targets.size() == 1 && m_vms);
    m_detach->setEnabled(live && targets.size() == 1 && !targets.first().attachedTo.isEmpty());
    const bool transferable = live && targets.size() == 1 && !m_transferDialog;
    m_upload->setEnabled(transferable);
    m_download->setEnabled(transferable);
    m_wipe->setEnabled(live);
    m_delete->setEnabled(live);
    m_deleteOrphans->setEnabled(m_orphanProxy->rowCount() > 0);
    updateStatus();
}

void VolumeRegistryWindow::scheduleSummary()
{
    // Coalesced: a re-read of a host is many row signals, a filter keystroke one more.
    if (m_summaryPending)
        return;
    m_summaryPending = true;
    QTimer::singleShot(0, this, [this] {
        m_summaryPending = false;
        updateSummary();
        updateActions();
    });
}

void VolumeRegistryWindow::updateSummary()
{
    struct Total
    {
        int count = 0;
        qint64 capacity = 0;
        qint64 allocation = 0;
    };
    QMap<QString, Total> perHost;
    Total all;
    for (int r = 0; r < m_orphanProxy->rowCount(); ++r) {
        const QModelIndex source = m_orphanProxy->mapToSource(m_orphanProxy->index(r, 0));
        const InventoryStore::VolumeRow *v = m_model->rowAt(source.row());
        if (!v)
            continue;
        for (Total *t : {&perHost[v->hostId], &all}) {
            ++t->count;
            t->capacity += v->volume.capacityBytes;
            t->allocation += v->volume.allocationBytes;
        }
    }
    m_summary->clear();
    const auto add = [this](const QString &label, const Total &t) {
        auto *item = new QTreeWidgetItem(m_summary, {label, QString::number(t.count),
                                                     byteSize(t.capacity), byteSize(t.allocation)});
        for (int c = 1; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (auto it = perHost.cbegin(); it != perHost.cend(); ++it)
        add(it.key(), it.value());
    QTreeWidgetItem *total = add(tr("All hosts"), all);
    QFont bold = total->font(0);
    bold.setBold(true);
    for (int c = 0; c < 4; ++c)
        total->setFont(c, bold);
    m_tabs->setTabText(1, tr("&Orphans (%1)").arg(all.count));
    m_tabs->setTabText(0, tr("&All Volumes (%1)").arg(m_proxy->rowCount()));
}

void VolumeRegistryWindow::updateStatus()
{
    QStringList parts;
    parts.append(tr("%n volume(s) shown", nullptr, m_proxy->rowCount()) + QStringLiteral(" / ")
                 + QString::number(m_model->rowCount()));
    if (!m_jobs.isEmpty())
        parts.append(tr("running %1 of %2 job(s)…")
                         .arg(m_batchSize - int(m_jobs.size()) + 1)
                         .arg(m_batchSize));
    else if (!m_lastResult.isEmpty())
        parts.append(m_lastResult);
    m_status->setText(parts.join(QStringLiteral(" · ")));
    m_progress->setVisible(!m_jobs.isEmpty());
    m_progress->setRange(0, qMax(1, m_batchSize));
    m_progress->setValue(m_batchSize - int(m_jobs.size()));
}

bool VolumeRegistryWindow::refuseAttached(const QList<Target> &targets, const QString &what)
{
    QStringList attached;
    for (const Target &t : targets) {
        if (t.status == QLatin1String("available"))
            continue;
        attached.append(
            tr("%1 (%2) is %3: attached to %4")
                .arg(t.name, t.hostId, t.status, t.attachedTo.join(QStringLiteral(", "))));
    }
    if (attached.isEmpty())
        return false;
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Volume in use"),
        tr("%1 refused: only a volume attached to no VM can be changed this way. Detach it "
           "first.\n\n%2")
            .arg(what, attached.join(QLatin1Char('\n'))),
        QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return true;
}

void VolumeRegistryWindow::createVolume()
{
    // Hosts that can take a job now; the others' pools are only a memory of the mirror.
    QHash<QString, QList<PoolInfo>> pools = m_feed->pools();
    for (auto it = pools.begin(); it != pools.end();) {
        if (m_manager->hasHost(it.key()) && m_manager->state(it.key()) == HostState::Connected)
            ++it;
        else
            it = pools.erase(it);
    }
    const QList<Target> selected = selectedTargets(currentView());
    auto *dialog = new CreateVolumeDialog(
        pools, m_model, selected.isEmpty() ? QString() : selected.first().hostId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const InventoryRequest request = dialog->request();
        if (m_jobs.isEmpty()) {
            m_failures.clear();
            m_batchSize = 0;
        }
        m_jobs.insert(m_manager->runInventoryJob(dialog->hostId(), request),
                      tr("%1: new volume %2").arg(dialog->hostId(), request.volume.name));
        ++m_batchSize;
        updateStatus();
    });
    dialog->open();
}

void VolumeRegistryWindow::resizeSelected()
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.size() != 1)
        return;
    const Target target = targets.first();
    auto *input = new QInputDialog(this);
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setWindowTitle(tr("Resize Volume"));
    input->setLabelText(tr("New capacity of %1 (now %2; it can only grow), e.g. 20GiB:")
                            .arg(target.name, byteSize(target.capacity)));
    // In the size language of the filter query, whatever the locale's decimal separator.
    constexpr qint64 MiB = 1LL << 20;
    input->setTextValue(target.capacity % (1024 * MiB) == 0
                            ? QStringLiteral("%1GiB").arg(target.capacity / (1024 * MiB))
                            : QStringLiteral("%1MiB").arg((target.capacity + MiB - 1) / MiB));
    connect(input, &QInputDialog::textValueSelected, this, [this, target](const QString &text) {
        auto bytes = FilterQuery::parseSize(text.trimmed());
        if (!bytes || *bytes <= 0) {
            auto *box = new QMessageBox(
                QMessageBox::Warning, tr("Resize Volume"),
                tr("\"%1\" is not a size: %2")
                    .arg(text, bytes ? tr("it must be more than zero") : bytes.error().message),
                QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
        runJobs({target}, InventoryRequest::Op::Resize, *bytes);
    });
    input->open();
}

void VolumeRegistryWindow::wipeSelected()
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.isEmpty() || refuseAttached(targets, tr("Wipe")))
        return;
    QStringList names;
    for (const Target &t : targets)
        names.append(t.path);
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Wipe volumes"),
        tr("Overwrite the content of %n volume(s) with zeros? This cannot be undone.", nullptr,
           int(targets.size())),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDetailedText(names.join(QLatin1Char('\n')));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this,
            [this, targets] { runJobs(targets, InventoryRequest::Op::Wipe); });
    box->open();
}

void VolumeRegistryWindow::deleteSelected()
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.isEmpty() || refuseAttached(targets, tr("Delete")))
        return;
    qint64 capacity = 0;
    QStringList names;
    for (const Target &t : targets) {
        capacity += t.capacity;
        names.append(tr("%1: %2").arg(t.hostId, t.path));
    }
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Delete volumes"),
        tr("Delete %n volume(s) (%1 in all) and their data?", nullptr, int(targets.size()))
                .arg(byteSize(capacity))
            + QStringLiteral("\n\n") + names.mid(0, 10).join(QLatin1Char('\n'))
            + (names.size() > 10 ? QStringLiteral("\n…") : QString()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this,
            [this, targets] { runJobs(targets, InventoryRequest::Op::Delete); });
    box->open();
}

void VolumeRegistryWindow::deleteOrphans()
{
    QList<Target> targets = selectedTargets(m_orphanView, true);
    QStringList skipped;
    qint64 capacity = 0;
    qint64 allocation = 0;
    QStringList names;
    for (auto it = targets.begin(); it != targets.end();) {
        if (m_model->isHostStale(it->hostId)) {
            skipped.append(it->hostId);
            it = targets.erase(it);
            continue;
        }
        capacity += it->capacity;
        allocation += it->allocation;
        names.append(tr("%1: %2 (%3)").arg(it->hostId, it->path, byteSize(it->capacity)));
        ++it;
    }
    skipped.removeDuplicates();
    if (targets.isEmpty()) {
        auto *box
            = new QMessageBox(QMessageBox::Information, tr("Delete orphans"),
                              skipped.isEmpty() ? tr("There are no orphan volumes to delete.")
                                                : tr("The orphans listed are on hosts that are not "
                                                     "connected: %1.")
                                                      .arg(skipped.join(QStringLiteral(", "))),
                              QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    QString text = tr("Delete %n orphan volume(s), %1 in all (%2 on disk)? They are attached to "
                      "no VM; their data is lost.",
                      nullptr, int(targets.size()))
                       .arg(byteSize(capacity), byteSize(allocation));
    if (!skipped.isEmpty())
        text += QStringLiteral("\n\n")
                + tr("Skipped (host not connected): %1").arg(skipped.join(QStringLiteral(", ")));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete orphans"), text,
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDetailedText(names.join(QLatin1Char('\n')));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this,
            [this, targets] { runJobs(targets, InventoryRequest::Op::Delete); });
    box->open();
}

void VolumeRegistryWindow::runJobs(const QList<Target> &targets, InventoryRequest::Op op,
                                   qint64 capacity)
{
    if (m_jobs.isEmpty()) {
        m_failures.clear();
        m_batchSize = 0;
    }
    for (const Target &t : targets) {
        InventoryRequest r;
        r.kind = InventoryRequest::Kind::Volume;
        r.op = op;
        r.uuid = t.path;
        r.capacityBytes = capacity;
        m_jobs.insert(m_manager->runInventoryJob(t.hostId, r), tr("%1: %2").arg(t.hostId, t.path));
    }
    m_batchSize += int(targets.size());
    updateStatus();
}

void VolumeRegistryWindow::handleJobFinished(quint64 job, const QString &, const QString &action,
                                             const Error &error)
{
    const QString label = m_jobs.take(job);
    if (label.isNull())
        return; // not ours
    if (error.code != ErrorCode::None)
        m_failures.append(tr("%1 (%2): %3").arg(label, action, error.message));
    if (!m_jobs.isEmpty()) {
        updateStatus();
        return;
    }
    const int failed = int(m_failures.size());
    m_lastResult = tr("%1 job(s) done, %2 failed").arg(m_batchSize).arg(failed);
    updateStatus();
    if (failed > 0) {
        // Non-modal: the window goes on while the user reads it.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Some volume jobs failed"),
                                    tr("%n of %1 job(s) failed.", nullptr, failed).arg(m_batchSize)
                                        + QStringLiteral("\n\n")
                                        + m_failures.mid(0, 5).join(QLatin1Char('\n')),
                                    QMessageBox::Ok, this);
        box->setDetailedText(m_failures.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT jobsFinished(m_batchSize - failed, failed);
}

void VolumeRegistryWindow::uploadTo(const QString &localPath)
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.size() != 1 || localPath.isEmpty())
        return;
    VolumeTransferRequest request;
    request.direction = VolumeTransferRequest::Direction::Upload;
    request.volumePath = targets.first().path;
    request.localPath = localPath;
    startTransfer(targets.first(), request);
}

void VolumeRegistryWindow::downloadTo(const QString &localPath)
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.size() != 1 || localPath.isEmpty())
        return;
    const Target target = targets.first();
    VolumeTransferRequest request;
    request.direction = VolumeTransferRequest::Direction::Download;
    request.volumePath = target.path;
    request.localPath = localPath;
    request.overwrite = true; // the save dialog asked before replacing a file
    if (target.status == QLatin1String("in-use")) {
        auto *box = new QMessageBox(
            QMessageBox::Question, tr("Volume in use"),
            tr("%1 is in use by %2, which is running: the copy may be inconsistent. Download "
               "it anyway?")
                .arg(target.name, target.attachedTo.join(QStringLiteral(", "))),
            QMessageBox::Yes | QMessageBox::Cancel, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this, target, request]() mutable {
            request.force = true;
            startTransfer(target, request);
        });
        box->open();
        return;
    }
    startTransfer(target, request);
}

void VolumeRegistryWindow::startTransfer(const Target &target, const VolumeTransferRequest &request)
{
    if (m_transferDialog)
        return; // one at a time from this window
    const bool upload = request.direction == VolumeTransferRequest::Direction::Upload;
    m_transferHost = target.hostId;
    m_transferJob = m_manager->runVolumeTransfer(target.hostId, request);
    m_transferDialog = new QProgressDialog(
        upload ? tr("Uploading %1 into %2…").arg(request.localPath, target.name)
               : tr("Downloading %1 into %2…").arg(target.name, request.localPath),
        tr("Cancel"), 0, 0, this);
    m_transferDialog->setWindowTitle(upload ? tr("Upload") : tr("Download"));
    m_transferDialog->setMinimumDuration(0);
    m_transferDialog->setAutoClose(false);
    m_transferDialog->setAutoReset(false);
    connect(m_transferDialog, &QProgressDialog::canceled, this,
            [this] { m_manager->cancelVolumeTransfer(m_transferHost, m_transferJob); });
    const quint64 job = m_transferJob;
    const QString what
        = upload ? tr("Upload into %1").arg(target.name) : tr("Download of %1").arg(target.name);
    auto *progress = new QObject(m_transferDialog); // both connections end with the dialog
    connect(m_manager, &ConnectionManager::volumeTransferProgress, progress,
            [this, job](quint64 id, qint64 done, qint64 total) {
                if (id != job || !m_transferDialog)
                    return;
                // QProgressDialog counts in int: per mille, whatever the size.
                m_transferDialog->setMaximum(1000);
                m_transferDialog->setValue(
                    total > 0 ? int(std::clamp<qint64>(done * 1000 / total, 0, 1000)) : 0);
            });
    connect(m_manager, &ConnectionManager::volumeTransferFinished, progress,
            [this, job, what](quint64 id, const QString &, const QString &, const QString &,
                              const VolumeTransferReport &report, const Error &error) {
                if (id != job)
                    return;
                m_transferDialog->deleteLater();
                m_transferDialog = nullptr;
                m_lastResult = error.code == ErrorCode::None
                                   ? tr("%1: %2 in %3 s")
                                         .arg(what, byteSize(report.bytes))
                                         .arg(report.seconds, 0, 'f', 1)
                               : error.code == ErrorCode::Cancelled
                                   ? tr("%1: cancelled").arg(what)
                                   : tr("%1 failed: %2").arg(what, error.message);
                updateActions();
                Q_EMIT transferFinished(error);
            });
    // Removing the host stops its worker, and with it the transfer's answer: end here too.
    connect(m_manager, &ConnectionManager::hostForgotten, progress,
            [this, what](const QString &hostId, const Error &error) {
                if (hostId != m_transferHost || error.code != ErrorCode::None || !m_transferDialog)
                    return;
                m_transferDialog->deleteLater();
                m_transferDialog = nullptr;
                m_lastResult = tr("%1: cancelled, the host was removed").arg(what);
                updateActions();
                Q_EMIT transferFinished(Error{ErrorCode::Cancelled, 0, m_lastResult});
            });
    m_transferDialog->show();
    updateActions();
}

void VolumeRegistryWindow::setVmModel(DomainListModel *vms)
{
    m_vms = vms;
    updateActions();
}

void VolumeRegistryWindow::attachTo(const QString &vmUuid)
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.size() != 1)
        return;
    const Target t = targets.first();
    DomainEditRequest request;
    request.op = DomainEditRequest::Op::AttachDisk;
    request.uuid = vmUuid;
    request.disk.sourcePath = t.path;
    // An ISO image goes into a CD/DVD drive; a pool volume's format comes from libvirt, that
    // of an image in no pool from the mirror (it is never guessed).
    request.disk.device
        = t.format == QLatin1String("iso") ? QStringLiteral("cdrom") : QStringLiteral("disk");
    if (request.disk.device == QLatin1String("cdrom"))
        request.disk.bus = QStringLiteral("sata");
    else
        request.disk.format = t.format;
    const quint64 job = m_manager->runDomainEdit(t.hostId, request);
    m_edits.insert(job, tr("Attaching %1").arg(t.name));
    m_lastResult = tr("Attaching %1…").arg(t.name);
    updateStatus();
}

void VolumeRegistryWindow::detachFrom(const QString &vmUuid)
{
    const QList<Target> targets = selectedTargets(currentView());
    if (targets.size() != 1 || !m_vms)
        return;
    const Target t = targets.first();
    // The drive the volume is in, as the VM's mirrored disks say (libvirt checks it again).
    const InventoryStore::DomainRow *vm = m_vms->rowAt(m_vms->rowOf(t.hostId, vmUuid));
    QString target;
    for (const DiskInfo &disk : vm ? vm->domain.disks : QList<DiskInfo>{})
        if (disk.sourcePath == t.path)
            target = disk.deviceName;
    if (target.isEmpty()) {
        m_lastResult = tr("%1 is not a disk of that VM any more").arg(t.name);
        updateStatus();
        return;
    }
    DomainEditRequest request;
    request.op = DomainEditRequest::Op::DetachDisk;
    request.uuid = vmUuid;
    request.targetDev = target;
    const quint64 job = m_manager->runDomainEdit(t.hostId, request);
    m_edits.insert(job, tr("Detaching %1 (%2 of %3)").arg(t.name, target, vm->domain.name));
    m_lastResult = tr("Detaching %1…").arg(t.name);
    updateStatus();
}

} // namespace Virtumancer
