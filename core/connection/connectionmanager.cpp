#include "connectionmanager.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/credentialstore.h"
#include "connection/eventloop.h"
#include "sync/statsstore.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QThread>

#include <thread>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcManager, "virtumancer.core.manager", QtInfoMsg)

namespace Virtumancer {

void registerCoreMetaTypes()
{
    qRegisterMetaType<Error>();
    qRegisterMetaType<HostState>();
    qRegisterMetaType<DomainState>();
    qRegisterMetaType<DomainAction>();
    qRegisterMetaType<Credentials>();
    qRegisterMetaType<CredentialPrompt>();
    qRegisterMetaType<QList<CredentialPrompt>>();
    qRegisterMetaType<SyncReport>();
    qRegisterMetaType<ChangeRecord>();
    qRegisterMetaType<QList<ChangeRecord>>();
    qRegisterMetaType<DomainInfo>();
    qRegisterMetaType<HostRecord>();
}

ConnectionManager::ConnectionManager(QString dataDir, SessionSettings settings, QObject *parent)
    : QObject(parent)
    , m_dataDir(std::move(dataDir))
    , m_settings(settings)
    , m_stats(std::make_shared<StatsStore>())
    , m_credentials(new CredentialStore(this))
    , m_guard(std::make_shared<Guard>())
{
    m_guard->manager = this;
    registerCoreMetaTypes();
    // Must precede the first connection of the process (libvirt's rule).
    LibvirtEventLoop::ensureStarted();
}

ConnectionManager::~ConnectionManager()
{
    {
        QMutexLocker lock(&m_guard->mutex);
        m_guard->manager = nullptr;
    }
    shutdown();
}

Result<> ConnectionManager::loadHosts()
{
    auto hosts = HostRepository(Database::connection(m_dataDir)).list();
    if (!hosts)
        return std::unexpected(hosts.error());
    for (const HostRecord &h : std::as_const(*hosts)) {
        if (!m_sessions.contains(h.id))
            addHost(h);
    }
    return {};
}

void ConnectionManager::addHost(const HostRecord &host)
{
    if (m_sessions.contains(host.id))
        return;
    Entry entry;
    entry.autoconnect = host.autoconnect;
    entry.autoReconnectDisabled = host.autoReconnectDisabled;
    // The mirror is stale until the first sync confirms it, whatever the row says.
    entry.state = HostState::Disconnected;
    auto *session = new HostSession(host, m_dataDir, m_stats, m_settings);
    entry.thread = new QThread(this);
    entry.thread->setObjectName(QStringLiteral("host-") + host.id);
    session->moveToThread(entry.thread);
    connect(entry.thread, &QThread::finished, session, &QObject::deleteLater);
    entry.session = session;

    connect(session, &HostSession::stateChanged, this,
            [this](const QString &id, HostState state, const Error &error) {
                auto it = m_sessions.find(id);
                if (it != m_sessions.end())
                    it->state = state;
                Q_EMIT hostStateChanged(id, state, error);
            });
    connect(session, &HostSession::credentialsRequested, this,
            &ConnectionManager::credentialsRequested);
    connect(session, &HostSession::credentialsAccepted, this,
            [this](const QString &id, const Credentials &credentials) {
                auto it = m_sessions.find(id);
                if (it == m_sessions.end() || !it->rememberNext)
                    return;
                it->rememberNext = false;
                m_credentials->write(id, credentials, [id](Result<> r) {
                    if (!r)
                        qCInfo(lcManager)
                            << "credentials for" << id << "not stored:" << r.error().message;
                });
            });
    connect(session, &HostSession::syncProgress, this, &ConnectionManager::syncProgress);
    connect(session, &HostSession::syncFinished, this, &ConnectionManager::syncFinished);
    connect(session, &HostSession::changesApplied, this, &ConnectionManager::changesApplied);
    connect(session, &HostSession::actionFinished, this, &ConnectionManager::actionFinished);
    connect(session, &HostSession::statsSampled, this, &ConnectionManager::statsSampled);
    entry.thread->start();
    m_sessions.insert(host.id, entry);
}

void ConnectionManager::createHost(const QString &id, const QString &uri,
                                   const QString &displayName, bool autoconnect)
{
    std::thread([guard = m_guard, dataDir = m_dataDir, id, uri, displayName, autoconnect] {
        HostRecord record;
        Error error;
        {
            auto added = HostRepository(Database::connection(dataDir))
                             .add(id, uri, displayName, autoconnect);
            if (added)
                record = *added;
            else
                error = added.error();
        }
        Database::closeThreadConnection(dataDir);
        QMutexLocker lock(&guard->mutex);
        if (ConnectionManager *manager = guard->manager) {
            QMetaObject::invokeMethod(
                manager,
                [manager, record, error] {
                    if (error.code == ErrorCode::None)
                        manager->addHost(record);
                    Q_EMIT manager->hostAdded(record, error);
                },
                Qt::QueuedConnection);
        }
    }).detach();
}

void ConnectionManager::removeHost(const QString &hostId)
{
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end())
        return;
    Entry entry = *it;
    m_sessions.erase(it);
    stopEntry(entry);
    if (!entry.thread->wait(QDeadlineTimer(2000))) {
        qCWarning(lcManager) << "worker of" << hostId << "is stuck in libvirt; abandoning it";
        entry.thread->setParent(nullptr);
    }
    m_stats->clearHost(hostId);
    m_credentials->remove(hostId);
}

QStringList ConnectionManager::hostIds() const
{
    QStringList ids = m_sessions.keys();
    ids.sort();
    return ids;
}

HostState ConnectionManager::state(const QString &hostId) const
{
    return m_sessions.value(hostId).state;
}

void ConnectionManager::connectHost(const QString &hostId)
{
    if (!m_sessions.contains(hostId))
        return;
    m_credentials->read(hostId, [this, hostId](Result<Credentials> stored) {
        auto it = m_sessions.find(hostId);
        if (it == m_sessions.end() || !it->session)
            return;
        const Credentials credentials = stored ? *stored : Credentials{};
        QMetaObject::invokeMethod(it->session, "open", Qt::QueuedConnection,
                                  Q_ARG(Virtumancer::Credentials, credentials));
    });
}

void ConnectionManager::connectHost(const QString &hostId, const Credentials &credentials,
                                    bool remember)
{
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end() || !it->session)
        return;
    it->rememberNext = remember;
    QMetaObject::invokeMethod(it->session, "open", Qt::QueuedConnection,
                              Q_ARG(Virtumancer::Credentials, credentials));
}

void ConnectionManager::connectAutoconnectHosts()
{
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (it->autoconnect && !it->autoReconnectDisabled)
            connectHost(it.key());
    }
}

void ConnectionManager::disconnectHost(const QString &hostId)
{
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end() || !it->session)
        return;
    it->autoReconnectDisabled = true;
    QMetaObject::invokeMethod(it->session, "close", Qt::QueuedConnection);
}

void ConnectionManager::syncHost(const QString &hostId)
{
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end() || !it->session)
        return;
    QMetaObject::invokeMethod(it->session, "sync", Qt::QueuedConnection);
}

quint64 ConnectionManager::runAction(const QString &hostId, const QString &uuid,
                                     DomainAction action)
{
    const quint64 job = m_nextJob++;
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end() || !it->session) {
        // Answer asynchronously, like every other outcome.
        QMetaObject::invokeMethod(
            this,
            [this, job, hostId, uuid, action] {
                Q_EMIT actionFinished(
                    job, hostId, uuid, action,
                    Error{ErrorCode::NotFound, 0, QStringLiteral("no host %1").arg(hostId)});
            },
            Qt::QueuedConnection);
        return job;
    }
    QMetaObject::invokeMethod(it->session, "runAction", Qt::QueuedConnection, Q_ARG(quint64, job),
                              Q_ARG(QString, uuid), Q_ARG(Virtumancer::DomainAction, action));
    return job;
}

void ConnectionManager::stopEntry(Entry &entry)
{
    if (!entry.session) {
        entry.thread->quit();
        return;
    }
    entry.session->requestCancel();
    // Shut down and quit from inside the worker, so the close always runs before the thread
    // ends (a quit() from here could end the loop with the shutdown still queued).
    HostSession *session = entry.session;
    QMetaObject::invokeMethod(
        session,
        [session] {
            session->shutdown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

void ConnectionManager::shutdown(int timeoutMs)
{
    if (m_sessions.isEmpty())
        return;
    for (Entry &entry : m_sessions)
        stopEntry(entry);
    QDeadlineTimer deadline(timeoutMs);
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (!it->thread->wait(deadline)) {
            // Blocked inside libvirt on a host that never answers: it cannot be interrupted.
            // Leave the thread (and its session) to the OS at exit rather than hang the app.
            qCWarning(lcManager) << "worker of" << it.key()
                                 << "did not stop in time; abandoning it";
            it->thread->setParent(nullptr);
        }
    }
    m_sessions.clear();
}

} // namespace Virtumancer
