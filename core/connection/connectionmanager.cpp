#include "connectionmanager.h"

#include "cache/auditlog.h"
#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"
#include "connection/credentialstore.h"
#include "console/consolesession.h"
#include "connection/eventloop.h"
#include "connection/sshprompt.h"
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
    qRegisterMetaType<InventoryRequest>();
    qRegisterMetaType<DomainEditRequest>();
    qRegisterMetaType<DomainEditResult>();
    qRegisterMetaType<VolumeTransferRequest>();
    qRegisterMetaType<VolumeTransferReport>();
    qRegisterMetaType<Credentials>();
    qRegisterMetaType<CredentialPrompt>();
    qRegisterMetaType<QList<CredentialPrompt>>();
    qRegisterMetaType<SyncReport>();
    qRegisterMetaType<ChangeRecord>();
    qRegisterMetaType<QList<ChangeRecord>>();
    qRegisterMetaType<DomainInfo>();
    qRegisterMetaType<HostRecord>();
    qRegisterMetaType<QList<NetworkInfo>>();
    qRegisterMetaType<QList<PoolInfo>>();
    qRegisterMetaType<ConsoleState>();
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
    // The askpass socket (main thread): ssh's questions for any host reach this process.
    SshPromptBroker::instance();
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
    connect(session, &HostSession::inventoryJobFinished, this,
            &ConnectionManager::inventoryJobFinished);
    connect(session, &HostSession::domainEditFinished, this,
            &ConnectionManager::domainEditFinished);
    connect(session, &HostSession::statsSampled, this, &ConnectionManager::statsSampled);
    connect(session, &HostSession::volumeTransferProgress, this,
            &ConnectionManager::volumeTransferProgress);
    connect(session, &HostSession::volumeTransferFinished, this,
            &ConnectionManager::volumeTransferFinished);
    entry.thread->start();
    m_sessions.insert(host.id, entry);
}

void ConnectionManager::runLocal(std::function<void(const QString &dataDir)> work,
                                 std::function<void()> done)
{
    std::thread([guard = m_guard, dataDir = m_dataDir, work = std::move(work),
                 done = std::move(done)] {
        work(dataDir);
        Database::closeThreadConnection(dataDir);
        QMutexLocker lock(&guard->mutex);
        if (ConnectionManager *manager = guard->manager)
            QMetaObject::invokeMethod(manager, done, Qt::QueuedConnection);
    }).detach();
}

void ConnectionManager::createHost(const QString &id, const QString &uri,
                                   const QString &displayName, bool autoconnect)
{
    auto result = std::make_shared<Result<HostRecord>>();
    runLocal(
        [result, id, uri, displayName, autoconnect](const QString &dataDir) {
            *result = HostRepository(Database::connection(dataDir))
                          .add(id, uri, displayName, autoconnect);
        },
        [this, result] {
            if (*result)
                addHost(**result);
            Q_EMIT hostAdded(result->value_or(HostRecord{}),
                             *result ? Error{} : result->error());
        });
}

namespace {

/// Records a change the user made through the app (component "app") or the CLI ("cli").
void audit(const QString &dataDir, const QString &component, const QString &hostId,
           const QString &action, const QString &message, QList<AuditObject> objects)
{
    AuditEvent e;
    e.component = component;
    e.hostId = hostId;
    e.action = action;
    e.message = message;
    e.objects = std::move(objects);
    if (auto r = AuditLog(Database::connection(dataDir)).write(e); !r)
        qCWarning(lcManager) << "cannot audit" << action << r.error().message;
}

} // namespace

Result<> ConnectionManager::forgetHostRecord(const QString &dataDir, const QString &hostId,
                                             const QString &component)
{
    auto removed = HostRepository(Database::connection(dataDir)).remove(hostId);
    if (!removed)
        return removed;
    audit(dataDir, component, hostId, QStringLiteral("host.remove"),
          QStringLiteral("removed host %1 and its mirror").arg(hostId),
          {AuditObject{QStringLiteral("host"), hostId}});
    return {};
}

void ConnectionManager::forgetHost(const QString &hostId)
{
    removeHost(hostId);
    auto result = std::make_shared<Result<>>();
    runLocal([result, hostId](const QString &dataDir) {
                 *result = forgetHostRecord(dataDir, hostId, QStringLiteral("app"));
             },
             [this, result, hostId] {
                 if (*result)
                     m_credentials->remove(hostId); // a forgotten host keeps no secrets behind
                 Q_EMIT hostForgotten(hostId, *result ? Error{} : result->error());
             });
}

void ConnectionManager::editHost(const QString &hostId, const QString &uri,
                                 const QString &displayName, bool autoconnect)
{
    auto result = std::make_shared<Result<HostRecord>>();
    auto oldUri = std::make_shared<QString>();
    runLocal(
        [result, oldUri, hostId, uri, displayName, autoconnect](const QString &dataDir) {
            HostRepository hosts(Database::connection(dataDir));
            if (auto before = hosts.find(hostId))
                *oldUri = before->uri;
            *result = hosts.edit(hostId, uri, displayName, autoconnect);
            if (*result) {
                audit(dataDir, QStringLiteral("app"), hostId, QStringLiteral("host.edit"),
                      QStringLiteral("edited host %1: uri %2, name \"%3\", autoconnect %4")
                          .arg(hostId, uri, displayName,
                               autoconnect ? QStringLiteral("on") : QStringLiteral("off")),
                      {AuditObject{QStringLiteral("host"), hostId}});
            }
        },
        [this, result, oldUri, hostId] {
            if (*result) {
                auto it = m_sessions.find(hostId);
                if (it != m_sessions.end()) {
                    it->autoconnect = (*result)->autoconnect;
                    if ((*result)->uri != *oldUri) {
                        // A new endpoint: a fresh session, reconnected if the old one was up.
                        const bool wasUp = it->state == HostState::Connected
                                           || it->state == HostState::Connecting;
                        removeHost(hostId);
                        addHost(**result);
                        if (wasUp)
                            connectHost(hostId);
                    }
                }
            }
            Q_EMIT hostEdited(result->value_or(HostRecord{}),
                              *result ? Error{} : result->error());
        });
}

Result<QList<ChangeRecord>> ConnectionManager::editTagsRecord(const QString &dataDir,
                                                           const QString &hostId,
                                                           const QStringList &uuids,
                                                           const QStringList &add,
                                                           const QStringList &remove,
                                                           const QString &component)
{
    auto changed = InventoryStore(Database::connection(dataDir)).editTags(hostId, uuids, add, remove);
    if (!changed || changed->isEmpty())
        return changed;
    QStringList what;
    if (!add.isEmpty())
        what.append(QStringLiteral("added %1").arg(add.join(QStringLiteral(", "))));
    if (!remove.isEmpty())
        what.append(QStringLiteral("removed %1").arg(remove.join(QStringLiteral(", "))));
    QList<AuditObject> objects;
    for (const ChangeRecord &c : std::as_const(*changed))
        objects.append(AuditObject{QStringLiteral("vm"), c.id});
    audit(dataDir, component, hostId, QStringLiteral("vm.tag"),
          QStringLiteral("tags on %1 VM(s): %2")
              .arg(changed->size())
              .arg(what.join(QStringLiteral("; "))),
          objects);
    return changed;
}

void ConnectionManager::editTags(const QString &hostId, const QStringList &uuids,
                                 const QStringList &add, const QStringList &remove)
{
    auto result = std::make_shared<Result<QList<ChangeRecord>>>();
    runLocal(
        [result, hostId, uuids, add, remove](const QString &dataDir) {
            *result = editTagsRecord(dataDir, hostId, uuids, add, remove, QStringLiteral("app"));
        },
        [this, result, hostId] {
            if (*result && !(*result)->isEmpty())
                Q_EMIT changesApplied(hostId, **result);
            Q_EMIT tagsEdited(hostId, *result ? Error{} : result->error());
        });
}

void ConnectionManager::removeHost(const QString &hostId)
{
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end())
        return;
    Entry entry = *it;
    m_sessions.erase(it);
    if (entry.session)
        disconnect(entry.session, nullptr, this, nullptr); // its last words are not news
    QThread *thread = entry.thread;
    m_retired.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_retired.removeOne(thread);
        thread->deleteLater();
    });
    stopEntry(entry);
    m_stats->clearHost(hostId);
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

quint64 ConnectionManager::queueJob(const QString &hostId,
                                    const std::function<void(HostSession *, quint64)> &run,
                                    const std::function<void(quint64, const Error &)> &noHost)
{
    const quint64 job = m_nextJob++;
    auto it = m_sessions.find(hostId);
    if (it == m_sessions.end() || !it->session) {
        // Answer asynchronously, like every other outcome.
        const Error error{ErrorCode::NotFound, 0, QStringLiteral("no host %1").arg(hostId)};
        QMetaObject::invokeMethod(
            this, [noHost, job, error] { noHost(job, error); }, Qt::QueuedConnection);
        return job;
    }
    run(it->session, job);
    return job;
}

quint64 ConnectionManager::runAction(const QString &hostId, const QString &uuid,
                                     DomainAction action)
{
    return queueJob(
        hostId,
        [uuid, action](HostSession *session, quint64 job) {
            QMetaObject::invokeMethod(session, "runAction", Qt::QueuedConnection,
                                      Q_ARG(quint64, job), Q_ARG(QString, uuid),
                                      Q_ARG(Virtumancer::DomainAction, action));
        },
        [this, hostId, uuid, action](quint64 job, const Error &error) {
            Q_EMIT actionFinished(job, hostId, uuid, action, error);
        });
}

quint64 ConnectionManager::runInventoryJob(const QString &hostId, const InventoryRequest &request)
{
    return queueJob(
        hostId,
        [request](HostSession *session, quint64 job) {
            QMetaObject::invokeMethod(session, "runInventoryJob", Qt::QueuedConnection,
                                      Q_ARG(quint64, job),
                                      Q_ARG(Virtumancer::InventoryRequest, request));
        },
        [this, hostId, request](quint64 job, const Error &error) {
            Q_EMIT inventoryJobFinished(job, hostId, request.uuid, request.actionName(), error);
        });
}

quint64 ConnectionManager::runDomainEdit(const QString &hostId, const DomainEditRequest &request)
{
    return queueJob(
        hostId,
        [request](HostSession *session, quint64 job) {
            QMetaObject::invokeMethod(session, "runDomainEdit", Qt::QueuedConnection,
                                      Q_ARG(quint64, job),
                                      Q_ARG(Virtumancer::DomainEditRequest, request));
        },
        [this, hostId, request](quint64 job, const Error &error) {
            Q_EMIT domainEditFinished(job, hostId, request.uuid, request.actionName(), {}, error);
        });
}

quint64 ConnectionManager::runVolumeTransfer(const QString &hostId,
                                             const VolumeTransferRequest &request)
{
    return queueJob(
        hostId,
        [request](HostSession *session, quint64 job) {
            QMetaObject::invokeMethod(session, "runVolumeTransfer", Qt::QueuedConnection,
                                      Q_ARG(quint64, job),
                                      Q_ARG(Virtumancer::VolumeTransferRequest, request));
        },
        [this, hostId, request](quint64 job, const Error &error) {
            Q_EMIT volumeTransferFinished(job, hostId, request.volumePath, request.actionName(), {},
                                          error);
        });
}

void ConnectionManager::cancelVolumeTransfer(const QString &hostId, quint64 jobId)
{
    auto it = m_sessions.find(hostId);
    if (it != m_sessions.end() && it->session)
        it->session->cancelVolumeTransfer(jobId); // thread-safe: never waits on the worker
}

namespace {

/// Calls a callback exactly once: with the answer, or — when the job holding it is dropped
/// unrun (its worker or receiver was deleted) — with Cancelled, so no waiter hangs and no fd
/// is lost.
template<typename T> class AnswerOnce
{
public:
    explicit AnswerOnce(std::function<void(Result<T>)> done) : m_done(std::move(done)) {}
    ~AnswerOnce()
    {
        if (m_done)
            m_done(makeError(ErrorCode::Cancelled,
                             QStringLiteral("the host's worker stopped before answering")));
    }
    void operator()(Result<T> result)
    {
        if (auto done = std::exchange(m_done, {}))
            done(std::move(result));
    }

private:
    std::function<void(Result<T>)> m_done;
};

/// Runs call(session) on the host's worker and hands its result to done, exactly once.
template<typename T, typename Call>
void askWorker(HostSession *session, const QString &hostId, std::function<void(Result<T>)> done,
               Call call)
{
    auto answer = std::make_shared<AnswerOnce<T>>(std::move(done));
    if (!session) {
        (*answer)(makeError(ErrorCode::NotFound, QStringLiteral("no host %1").arg(hostId)));
        return;
    }
    QMetaObject::invokeMethod(
        session, [session, call = std::move(call), answer] { (*answer)(call(session)); },
        Qt::QueuedConnection);
}

} // namespace

void ConnectionManager::openGraphicsSocket(const QString &hostId, const QString &uuid, int index,
                                           bool skipAuth,
                                           std::function<void(Result<GraphicsEndpoint>)> done)
{
    const auto it = m_sessions.constFind(hostId);
    askWorker<GraphicsEndpoint>(it == m_sessions.cend() ? nullptr : it->session.data(), hostId,
                                std::move(done), [uuid, index, skipAuth](HostSession *session) {
                                    return session->openGraphics(uuid, index, skipAuth);
                                });
}

void ConnectionManager::openSerialConsole(const QString &hostId, const QString &uuid,
                                          const QString &device,
                                          std::shared_ptr<SerialConsoleLink> link,
                                          std::function<void(Result<>)> done)
{
    const auto it = m_sessions.constFind(hostId);
    askWorker<void>(it == m_sessions.cend() ? nullptr : it->session.data(), hostId,
                    std::move(done), [uuid, device, link = std::move(link)](HostSession *session) {
                        return session->openSerialConsole(uuid, device, link);
                    });
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
    for (Entry &entry : m_sessions)
        stopEntry(entry);
    QDeadlineTimer deadline(timeoutMs);
    for (QThread *thread : std::exchange(m_retired, {})) {
        if (!thread->wait(deadline)) {
            qCWarning(lcManager) << "worker of a removed host did not stop in time; abandoning it";
            thread->setParent(nullptr);
        }
    }
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
