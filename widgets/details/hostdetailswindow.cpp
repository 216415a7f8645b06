#include "hostdetailswindow.h"

#include "actions/inventoryaction.h"
#include "cache/database.h"
#include "cache/inventorystore.h"
#include "cache/inventoryusage.h"
#include "connection/connectionmanager.h"
#include "dialogs/createnetworkdialog.h"
#include "dialogs/createpooldialog.h"
#include "graphs/timeseriesgraph.h"
#include "model/mirrorreader.h"
#include "sync/statsstore.h"

#include <QApplication>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Virtumancer {

namespace {

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QTreeWidget *table(const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setSortingEnabled(true);
    tree->sortByColumn(0, Qt::AscendingOrder);
    tree->setAlternatingRowColors(true);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The last columns hold right-aligned numbers: keep them next to their neighbours.
    tree->header()->setStretchLastSection(false);
    return tree;
}

/// A row that sorts a column by its SortRole value (bytes, counts) when it has one, and by
/// its text otherwise: "9.0 GiB" must come before "10.0 GiB".
class SortableItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;

    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const QVariant mine = data(column, HostDetailsWindow::SortRole);
        const QVariant theirs = other.data(column, HostDetailsWindow::SortRole);
        if (mine.isValid() && theirs.isValid())
            return QVariant::compare(mine, theirs) == QPartialOrdering::Less;
        return QTreeWidgetItem::operator<(other);
    }
};

/// Paints a pool's usage column as a bar (allocation of capacity) with the numbers on it, in
/// the warning colour when the pool is fuller than HostDetailsWindow::warningUsage.
class UsageBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const double usage = index.data(HostDetailsWindow::UsageRole).toDouble();
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        if (usage < 0)
            return;
        const bool warn = index.data(HostDetailsWindow::WarningRole).toBool();
        const QRectF frame = QRectF(opt.rect).adjusted(2.5, 3.5, -2.5, -3.5);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(opt.palette.color(QPalette::Mid));
        painter->setBrush(opt.palette.color(QPalette::Base));
        painter->drawRoundedRect(frame, 2, 2);
        QRectF filled = frame.adjusted(1, 1, -1, -1);
        filled.setWidth(filled.width() * std::clamp(usage, 0.0, 1.0));
        painter->setPen(Qt::NoPen);
        painter->setBrush(warn ? QColor(0xf6, 0x61, 0x51) : QColor(0x1c, 0x71, 0xd8).lighter(140));
        painter->drawRoundedRect(filled, 1.5, 1.5);
        painter->setPen(opt.palette.color(QPalette::Text));
        painter->drawText(frame.adjusted(4, 0, -4, 0), Qt::AlignCenter, text);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(std::max(size.width() + 16, 180));
        // Room for the bar's frame around the text.
        size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
        return size;
    }
};

} // namespace

HostDetailsWindow::HostDetailsWindow(ConnectionManager *manager, const QString &hostId,
                                     QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_manager(manager)
    , m_hostId(hostId)
    , m_tabs(new QTabWidget(this))
    , m_form(new QFormLayout)
    , m_networks(table({tr("Name"), tr("State"), tr("Autostart"), tr("Mode"), tr("Bridge"),
                        tr("IPv4"), tr("DHCP range"), tr("VMs")},
                       this))
    , m_pools(table({tr("Name"), tr("State"), tr("Autostart"), tr("Type"), tr("Path"),
                     tr("Usage"), tr("Capacity"), tr("Allocation"), tr("Available")},
                    this))
    , m_toolBar(new QToolBar(this))
    , m_thread(new QThread(this))
    , m_reader(new MirrorReader(manager->dataDir()))
{
    registerCoreMetaTypes();
    setWindowTitle(tr("Host %1").arg(hostId));

    auto *overview = new QWidget(this);
    auto *overviewLayout = new QHBoxLayout(overview);
    overviewLayout->addLayout(m_form, 1);
    for (const QString &field :
         {tr("Name"), tr("URI"), tr("Connection"), tr("Hostname"), tr("Hypervisor"),
          tr("libvirt"), tr("CPUs"), tr("Memory"), tr("Last connected"), tr("Last sync"),
          tr("Last error")}) {
        auto *label = new QLabel(overview);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        m_form->addRow(field + QLatin1Char(':'), label);
        m_values.insert(field, label);
    }
    auto *graphs = new QVBoxLayout;
    m_graphs.append(new TimeSeriesGraph(tr("CPU"), overview));
    m_graphs.last()->setFormatter(formatPercent);
    m_graphs.last()->setFixedMaximum(100);
    m_graphs.append(new TimeSeriesGraph(tr("Memory"), overview));
    m_graphs.last()->setFormatter([](double v) { return byteSize(qint64(v)); });
    for (TimeSeriesGraph *graph : std::as_const(m_graphs))
        graphs->addWidget(graph);
    overviewLayout->addLayout(graphs, 1);

    m_tabs->addTab(overview, tr("&Overview"));
    m_tabs->addTab(m_networks, tr("&Networks"));
    m_tabs->addTab(m_pools, tr("&Storage"));
    m_pools->setItemDelegateForColumn(PoolUsage, new UsageBarDelegate(m_pools));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(tr("New &Pool…"), this, [this] { openCreatePoolDialog(); });
    m_toolBar->addAction(tr("New Net&work…"), this, [this] { openCreateNetworkDialog(); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_tabs);
    resize(900, 480);

    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &MirrorReader::hostLoaded, this, &HostDetailsWindow::present);
    connect(m_reader, &MirrorReader::failed, this, [this](const Error &error) {
        setValue(tr("Last error"), tr("The cache could not be read: %1").arg(error.message));
        Q_EMIT loaded();
    });
    m_thread->setObjectName(QStringLiteral("host-details-reader"));
    m_thread->start();

    // Re-read when this host's mirror changes: a finished sync (versions, totals) or events
    // on its networks and pools. Its VMs are the main window's business.
    connect(m_manager, &ConnectionManager::syncFinished, this, [this](const QString &id) {
        if (id == m_hostId)
            requestLoad();
    });
    connect(m_manager, &ConnectionManager::hostStateChanged, this, [this](const QString &id) {
        if (id == m_hostId)
            requestLoad();
    });
    connect(m_manager, &ConnectionManager::changesApplied, this,
            [this](const QString &id, const QList<ChangeRecord> &changes) {
                if (id != m_hostId)
                    return;
                for (const ChangeRecord &c : changes) {
                    if (c.kind == ChangeRecord::Kind::Network || c.kind == ChangeRecord::Kind::Pool
                        || c.kind == ChangeRecord::Kind::Host) {
                        requestLoad();
                        return;
                    }
                }
            });
    connect(m_manager, &ConnectionManager::statsSampled, this, [this](const QString &id) {
        if (id == m_hostId)
            refreshGraphs();
    });
    for (QTreeWidget *list : {m_networks, m_pools}) {
        list->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(list, &QWidget::customContextMenuRequested, this, [this, list](const QPoint &at) {
            QTreeWidgetItem *item = list->itemAt(at);
            QMenu *menu = item ? objectMenu(list, item) : newObjectMenu(list);
            menu->popup(list->viewport()->mapToGlobal(at));
        });
    }
    connect(m_manager, &ConnectionManager::inventoryJobFinished, this,
            [this](quint64 job, const QString &, const QString &, const QString &action,
                   const Error &error) {
                if (!m_jobs.remove(job) || error.code == ErrorCode::None)
                    return;
                auto *box = new QMessageBox(QMessageBox::Warning, tr("Not done"),
                                            tr("%1 failed: %2").arg(action, error.message),
                                            QMessageBox::Ok, this);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            });
    requestLoad();
    refreshGraphs();
}

QMenu *HostDetailsWindow::objectMenu(QTreeWidget *list, QTreeWidgetItem *item)
{
    const bool network = list == m_networks;
    const QString uuid = item->data(0, UuidRole).toString();
    const QString name = item->text(0);
    const bool active = item->data(0, ActiveRole).toBool();
    const auto request = [network, uuid](InventoryRequest::Op op) {
        InventoryRequest r;
        r.kind = network ? InventoryRequest::Kind::Network : InventoryRequest::Kind::Pool;
        r.op = op;
        r.uuid = uuid;
        return r;
    };
    QMenu *menu = newObjectMenu(list);
    menu->addSeparator();
    menu->addAction(tr("&Start"), this, [this, request] {
        run(request(InventoryRequest::Op::Start));
    })->setEnabled(!active);
    menu->addAction(tr("S&top"), this, [this, request] {
        run(request(InventoryRequest::Op::Stop));
    })->setEnabled(active);
    if (!network) {
        menu->addAction(tr("&Refresh"), this, [this, request] {
            run(request(InventoryRequest::Op::Refresh));
        })->setEnabled(active);
    }
    QAction *autostart = menu->addAction(tr("&Autostart"));
    autostart->setCheckable(true);
    autostart->setChecked(item->data(0, AutostartRole).toBool());
    connect(autostart, &QAction::toggled, this, [this, request](bool on) {
        InventoryRequest r = request(InventoryRequest::Op::SetAutostart);
        r.autostart = on;
        run(r);
    });
    menu->addSeparator();
    menu->addAction(tr("&Delete…"), this, [this, request, network, name] {
        auto *box = new QMessageBox(
            QMessageBox::Question, network ? tr("Delete network") : tr("Delete storage pool"),
            network ? tr("Stop and delete the network %1 on %2?").arg(name, m_hostId)
                    : tr("Stop and delete the storage pool %1 on %2? Its directory and files "
                         "stay on the host.")
                          .arg(name, m_hostId),
            QMessageBox::Yes | QMessageBox::Cancel, this);
        box->setDefaultButton(QMessageBox::Cancel);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this,
                [this, request] { run(request(InventoryRequest::Op::Delete)); });
        box->open();
    });
    return menu;
}

QMenu *HostDetailsWindow::newObjectMenu(QTreeWidget *list)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (list == m_networks)
        menu->addAction(tr("&New Network…"), this, [this] { openCreateNetworkDialog(); });
    else
        menu->addAction(tr("&New Pool…"), this, [this] { openCreatePoolDialog(); });
    return menu;
}

CreatePoolDialog *HostDetailsWindow::openCreatePoolDialog()
{
    auto *dialog = new CreatePoolDialog(m_manager, m_hostId, m_poolInfos, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The new pool reaches the list through the mirror (the job re-reads it from libvirt).
    connect(dialog, &QDialog::accepted, this, [this] { m_tabs->setCurrentWidget(m_pools); });
    dialog->open();
    return dialog;
}

CreateNetworkDialog *HostDetailsWindow::openCreateNetworkDialog()
{
    auto *dialog = new CreateNetworkDialog(m_manager, m_hostId, m_networkInfos, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] { m_tabs->setCurrentWidget(m_networks); });
    dialog->open();
    return dialog;
}

void HostDetailsWindow::run(const InventoryRequest &request)
{
    m_jobs.insert(m_manager->runInventoryJob(m_hostId, request));
}

HostDetailsWindow::~HostDetailsWindow()
{
    m_thread->quit();
    m_thread->wait();
}

QString HostDetailsWindow::overviewValue(const QString &field) const
{
    const QLabel *label = m_values.value(field);
    return label ? label->text() : QString();
}

void HostDetailsWindow::setValue(const QString &field, const QString &value)
{
    if (QLabel *label = m_values.value(field))
        label->setText(value);
}

void HostDetailsWindow::requestLoad()
{
    // On the reader's thread: which VMs use each network, then the host with its networks and
    // pools. Both answers are queued to this window in that order, so present() finds the
    // users of the same load. (The window outlives the thread: its destructor waits for it.)
    QMetaObject::invokeMethod(
        m_reader,
        [this, reader = m_reader, dataDir = m_manager->dataDir(), hostId = m_hostId] {
            QSqlDatabase db = Database::connection(dataDir);
            QHash<QString, QStringList> users;
            if (auto networks = InventoryStore(db).networks(hostId)) {
                InventoryUsage usage(db);
                for (const NetworkInfo &net : std::as_const(*networks)) {
                    if (auto vms = usage.networkUsers(hostId, net.name)) {
                        QStringList names;
                        for (const InventoryUsage::VmRef &vm : std::as_const(*vms))
                            names.append(vm.name);
                        users.insert(net.name, names);
                    }
                }
            }
            QMetaObject::invokeMethod(
                this, [this, users] { m_networkUsers = users; }, Qt::QueuedConnection);
            reader->loadHost(hostId);
        },
        Qt::QueuedConnection);
}

void HostDetailsWindow::present(const HostRecord &host, const QList<NetworkInfo> &networks,
                             const QList<PoolInfo> &pools)
{
    const NodeInfo &n = host.node;
    const auto when = [](qint64 ms) {
        return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat)
                      : tr("never");
    };
    setWindowTitle(tr("Host %1").arg(host.displayName.isEmpty() ? host.id : host.displayName));
    setValue(tr("Name"), host.displayName.isEmpty()
                             ? host.id
                             : tr("%1 (%2)").arg(host.displayName, host.id));
    setValue(tr("URI"), host.uri);
    setValue(tr("Connection"), m_manager->hasHost(host.id)
                                   ? hostStateName(m_manager->state(host.id)).toLower()
                                   : hostStateName(host.state).toLower());
    setValue(tr("Hostname"), n.hostname);
    setValue(tr("Hypervisor"), QStringList{n.hypervisor, n.hypervisorVersion}
                                   .join(QLatin1Char(' '))
                                   .trimmed());
    setValue(tr("libvirt"), n.libvirtVersion);
    setValue(tr("CPUs"), n.cpuCount > 0 ? QString::number(n.cpuCount) : QString());
    setValue(tr("Memory"), n.memoryBytes > 0 ? byteSize(n.memoryBytes) : QString());
    setValue(tr("Last connected"), when(host.lastConnectedAt));
    setValue(tr("Last sync"), when(host.lastSyncAt));
    setValue(tr("Last error"), host.lastError);
    m_memoryBytes = n.memoryBytes;

    const auto yesNo = [](bool b) { return b ? tr("yes") : tr("no"); };
    const auto activeText = [](bool b) { return b ? tr("active") : tr("inactive"); };
    m_networkInfos = networks;
    m_poolInfos = pools;
    const auto bytesColumn = [](QTreeWidgetItem *item, int column, qint64 bytes) {
        item->setText(column, byteSize(bytes));
        item->setData(column, SortRole, bytes);
        item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    };
    m_networks->clear();
    for (const NetworkInfo &net : networks) {
        const QString dhcp = net.dhcpStart.isEmpty()
                                 ? QString()
                                 : QStringLiteral("%1 – %2").arg(net.dhcpStart, net.dhcpEnd);
        const QStringList vms = m_networkUsers.value(net.name);
        auto *item = new SortableItem(m_networks,
                                      {net.name, activeText(net.active), yesNo(net.autostart),
                                       net.mode, net.bridgeName, net.ipv4Address, dhcp,
                                       QString::number(vms.size())});
        item->setData(0, UuidRole, net.uuid);
        item->setData(0, ActiveRole, net.active);
        item->setData(0, AutostartRole, net.autostart);
        item->setData(NetVms, SortRole, int(vms.size()));
        item->setTextAlignment(NetVms, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(NetVms, vms.isEmpty() ? tr("No VM is attached to %1.").arg(net.name)
                                               : vms.join(QLatin1Char('\n')));
    }
    m_pools->clear();
    for (const PoolInfo &pool : pools) {
        auto *item = new SortableItem(m_pools, {pool.name, activeText(pool.active),
                                                yesNo(pool.autostart), pool.type,
                                                pool.targetPath});
        item->setData(0, UuidRole, pool.uuid);
        item->setData(0, ActiveRole, pool.active);
        item->setData(0, AutostartRole, pool.autostart);
        bytesColumn(item, PoolCapacity, pool.capacityBytes);
        bytesColumn(item, PoolAllocation, pool.allocationBytes);
        bytesColumn(item, PoolAvailable, pool.availableBytes);
        const double usage = pool.capacityBytes > 0
                                 ? double(pool.allocationBytes) / double(pool.capacityBytes)
                                 : -1.0;
        item->setData(PoolUsage, CapacityRole, pool.capacityBytes);
        item->setData(PoolUsage, AllocationRole, pool.allocationBytes);
        item->setData(PoolUsage, AvailableRole, pool.availableBytes);
        item->setData(PoolUsage, UsageRole, usage);
        item->setData(PoolUsage, WarningRole, usage > warningUsage);
        item->setData(PoolUsage, SortRole, usage);
        if (usage >= 0) {
            item->setText(PoolUsage, tr("%1 of %2 (%3 %)")
                                         .arg(byteSize(pool.allocationBytes),
                                              byteSize(pool.capacityBytes))
                                         .arg(qRound(usage * 100)));
            item->setToolTip(PoolUsage, tr("%1 used, %2 available of %3")
                                            .arg(byteSize(pool.allocationBytes),
                                                 byteSize(pool.availableBytes),
                                                 byteSize(pool.capacityBytes)));
        }
    }
    m_tabs->setTabText(1, tr("&Networks (%1)").arg(networks.size()));
    m_tabs->setTabText(2, tr("&Storage (%1)").arg(pools.size()));
    refreshGraphs();
    Q_EMIT loaded();
}

void HostDetailsWindow::refreshGraphs()
{
    const std::shared_ptr<StatsStore> stats = m_manager->stats();
    const QList<HostStatsSample> samples = stats ? stats->hostSamples(m_hostId)
                                                 : QList<HostStatsSample>{};
    TimeSeriesGraph::Series cpu{{}, QColor(0x1c, 0x71, 0xd8), {}};
    TimeSeriesGraph::Series memory{{}, QColor(0x1c, 0x71, 0xd8), {}};
    qint64 total = m_memoryBytes;
    for (const HostStatsSample &s : samples) {
        cpu.points.append(QPointF(double(s.tsMs), s.cpuPercent));
        memory.points.append(QPointF(double(s.tsMs), double(s.memoryUsedBytes)));
        total = qMax(total, s.memoryTotalBytes);
    }
    if (total > 0)
        m_graphs.at(1)->setFixedMaximum(double(total));
    m_graphs.at(0)->setSeries({cpu});
    m_graphs.at(1)->setSeries({memory});
}

} // namespace Virtumancer
