#include "inventoryfeed.h"

#include "connection/connectionmanager.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/mirrorreader.h"

#include <QDateTime>
#include <QThread>

namespace Virtumancer {

InventoryFeed::InventoryFeed(const QString &dataDir, ConnectionManager *manager,
                             DomainListModel *model, HostListModel *hosts, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_model(model)
    , m_hosts(hosts)
    , m_thread(new QThread(this))
    , m_reader(new MirrorReader(dataDir))
{
    registerCoreMetaTypes();
    qRegisterMetaType<InventoryStore::DomainRow>();
    qRegisterMetaType<QList<InventoryStore::DomainRow>>();
    qRegisterMetaType<QList<HostRecord>>();
    m_thread->setObjectName(QStringLiteral("mirror-reader"));
    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);

    connect(m_reader, &MirrorReader::allLoaded, this,
            [this](const QList<HostRecord> &hosts, const QList<InventoryStore::DomainRow> &rows) {
                // Everything cached is stale until its host confirms it in this process. Flagged
                // before the rows arrive: afterwards each host's flag would be a dataChanged
                // across its rows, and the sorting proxy re-sorts every row a change touches.
                for (const HostRecord &h : hosts)
                    m_model->setHostStale(h.id, true, h.lastSyncAt);
                m_model->setRows(rows);
                if (m_hosts)
                    m_hosts->setHosts(hosts);
                m_loaded = true;
                Q_EMIT loaded(int(rows.size()));
            });
    connect(m_reader, &MirrorReader::reloaded, this,
            [this](const QString &hostId, const QList<InventoryStore::DomainRow> &rows,
                   const QStringList &removed) {
                m_model->applyRows(hostId, rows, removed);
                Q_EMIT applied(hostId);
            });
    connect(m_reader, &MirrorReader::failed, this, &InventoryFeed::failed);

    if (m_manager) {
        m_model->setStatsStore(m_manager->stats());
        connect(m_manager, &ConnectionManager::statsSampled, m_model,
                &DomainListModel::statsUpdated);
        connect(m_manager, &ConnectionManager::changesApplied, this,
                [this](const QString &hostId, const QList<ChangeRecord> &changes) {
                    QStringList uuids;
                    for (const ChangeRecord &c : changes) {
                        if (c.kind == ChangeRecord::Kind::Vm && !uuids.contains(c.id))
                            uuids.append(c.id);
                    }
                    if (uuids.isEmpty())
                        return;
                    QMetaObject::invokeMethod(m_reader, "reload", Qt::QueuedConnection,
                                              Q_ARG(QString, hostId), Q_ARG(QStringList, uuids));
                });
        connect(m_manager, &ConnectionManager::hostAdded, this,
                [this](const HostRecord &host, const Error &error) {
                    if (error.code != ErrorCode::None)
                        return;
                    if (m_hosts)
                        m_hosts->addHost(host);
                    m_model->setHostStale(host.id, true, 0);
                });
        connect(m_manager, &ConnectionManager::hostEdited, this,
                [this](const HostRecord &host, const Error &error) {
                    if (error.code == ErrorCode::None && m_hosts)
                        m_hosts->updateHost(host);
                });
        connect(m_manager, &ConnectionManager::hostForgotten, this,
                [this](const QString &hostId, const Error &error) {
                    if (error.code != ErrorCode::None)
                        return;
                    if (m_hosts)
                        m_hosts->removeHost(hostId);
                    m_model->removeHost(hostId);
                });
        connect(m_manager, &ConnectionManager::syncFinished, this,
                [this](const QString &hostId, const SyncReport &, const Error &error) {
                    if (error.code != ErrorCode::None)
                        return;
                    const qint64 now = QDateTime::currentMSecsSinceEpoch();
                    m_model->setHostStale(hostId, false, now);
                    if (m_hosts)
                        m_hosts->setLastSync(hostId, now);
                });
        connect(m_manager, &ConnectionManager::hostStateChanged, this,
                [this](const QString &hostId, HostState state, const Error &error) {
                    if (m_hosts)
                        m_hosts->setHostState(hostId, state, error.message);
                    if (state == HostState::Connected || m_model->isHostStale(hostId))
                        return; // live after its sync; a stale host keeps its "as of"
                    // A live host lost: its rows were current until now.
                    m_model->setHostStale(hostId, true, QDateTime::currentMSecsSinceEpoch());
                });
    }
    m_thread->start();
}

InventoryFeed::~InventoryFeed()
{
    m_thread->quit();
    m_thread->wait(); // a cache read is short; nothing here waits on a host
}

void InventoryFeed::start()
{
    QMetaObject::invokeMethod(m_reader, "loadAll", Qt::QueuedConnection);
}

} // namespace Virtumancer
