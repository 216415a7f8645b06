#include "hostfetcher_p.h"

#include "sync/batchqueue_p.h"
#include "sync/parallelfetch_p.h"
#include "sync/xmlparsers.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QUrl>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace Virtumancer::Fetch {

using namespace Libvirt;

namespace {

QString versionString(unsigned long v)
{
    return QStringLiteral("%1.%2.%3").arg(v / 1000000).arg((v / 1000) % 1000).arg(v % 1000);
}

/// UUIDs of the domains that satisfy a virConnectListAllDomains filter flag.
Result<QSet<QString>> uuidsWith(virConnectPtr conn, unsigned int flags)
{
    virDomainPtr *raw = nullptr;
    const int n = virConnectListAllDomains(conn, &raw, flags);
    if (n < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("listing domains")));
    QSet<QString> result;
    for (auto &d : adoptArray<DomainHandle>(raw, n))
        result.insert(domainUuid(d.get()));
    return result;
}

struct StateInfo
{
    int state = 0;
    int reason = 0;
};

/// States of all domains in one call (one round trip on remote hosts instead of N).
QHash<QString, StateInfo> bulkStates(virConnectPtr conn)
{
    QHash<QString, StateInfo> result;
    virDomainStatsRecordPtr *records = nullptr;
    const int n = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &records, 0);
    if (n < 0) {
        virResetLastError();
        return result; // not supported: callers fall back to per-domain virDomainGetState
    }
    for (int i = 0; i < n; ++i) {
        StateInfo s;
        for (int j = 0; j < records[i]->nparams; ++j) {
            const virTypedParameter &p = records[i]->params[j];
            if (qstrcmp(p.field, "state.state") == 0)
                s.state = p.value.i;
            else if (qstrcmp(p.field, "state.reason") == 0)
                s.reason = p.value.i;
        }
        result.insert(domainUuid(records[i]->dom), s);
    }
    virDomainStatsRecordListFree(records);
    return result;
}

Result<DomainInfo> parseDomainXml(virDomainPtr dom)
{
    CString xml(virDomainGetXMLDesc(dom, 0));
    if (!xml)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("reading domain XML")));
    return XmlParsers::parseDomain(QByteArrayView(xml.get()));
}

} // namespace

Result<NodeInfo> node(virConnectPtr conn)
{
    NodeInfo n;
    if (CString host{virConnectGetHostname(conn)})
        n.hostname = QString::fromUtf8(host.get());
    else
        virResetLastError();
    if (const char *type = virConnectGetType(conn))
        n.hypervisor = QString::fromUtf8(type);
    unsigned long v = 0;
    if (virConnectGetVersion(conn, &v) == 0)
        n.hypervisorVersion = versionString(v);
    else
        virResetLastError();
    if (virConnectGetLibVersion(conn, &v) == 0)
        n.libvirtVersion = versionString(v);
    virNodeInfo info;
    if (virNodeGetInfo(conn, &info) == 0) {
        n.cpuCount = int(info.cpus);
        n.memoryBytes = qint64(info.memory) * 1024;
    } else {
        virResetLastError();
    }
    return n;
}

Result<DomainInfo> domain(virDomainPtr dom)
{
    auto info = parseDomainXml(dom);
    if (!info)
        return info;
    int state = 0;
    int reason = 0;
    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        return std::unexpected(
            lastError(ErrorCode::Libvirt, QStringLiteral("reading domain state")));
    info->state = static_cast<DomainState>(state);
    info->stateReason = reason;
    const int persistent = virDomainIsPersistent(dom);
    info->persistent = persistent == 1;
    int autostart = 0;
    if (virDomainGetAutostart(dom, &autostart) < 0) {
        virResetLastError(); // transient domains have no autostart
        autostart = 0;
    }
    info->autostart = autostart != 0;
    return info;
}

Result<NetworkInfo> network(virNetworkPtr net)
{
    CString xml(virNetworkGetXMLDesc(net, 0));
    if (!xml)
        return std::unexpected(
            lastError(ErrorCode::Libvirt, QStringLiteral("reading network XML")));
    auto info = XmlParsers::parseNetwork(QByteArrayView(xml.get()));
    if (!info)
        return info;
    info->active = virNetworkIsActive(net) == 1;
    info->persistent = virNetworkIsPersistent(net) == 1;
    int autostart = 0;
    if (virNetworkGetAutostart(net, &autostart) < 0)
        virResetLastError();
    info->autostart = autostart != 0;
    return info;
}

namespace {

/// A pool's own facts, and its volumes (listed, not yet read) when it is active.
Result<PoolInfo> poolOnly(virStoragePoolPtr p, std::vector<VolumeHandle> *volumes)
{
    CString xml(virStoragePoolGetXMLDesc(p, 0));
    if (!xml)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("reading pool XML")));
    auto info = XmlParsers::parsePool(QByteArrayView(xml.get()));
    if (!info)
        return info;
    info->active = virStoragePoolIsActive(p) == 1;
    int autostart = 0;
    if (virStoragePoolGetAutostart(p, &autostart) < 0)
        virResetLastError();
    info->autostart = autostart != 0;
    if (!info->active)
        return info; // an inactive pool cannot list its volumes
    virStorageVolPtr *raw = nullptr;
    const int n = virStoragePoolListAllVolumes(p, &raw, 0);
    if (n < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("listing volumes")));
    *volumes = adoptArray<VolumeHandle>(raw, n);
    return info;
}

/// One volume; nullopt when it was deleted between list and read (not an error for a sync).
Result<std::optional<VolumeInfo>> volume(virStorageVolPtr vol, const QString &poolUuid)
{
    CString xml(virStorageVolGetXMLDesc(vol, 0));
    if (!xml) {
        const Error e = lastError();
        if (e.code == ErrorCode::NotFound)
            return std::nullopt;
        return std::unexpected(e);
    }
    auto v = XmlParsers::parseVolume(QByteArrayView(xml.get()));
    if (!v)
        return std::unexpected(v.error());
    v->poolUuid = poolUuid;
    return std::optional<VolumeInfo>(std::move(*v));
}

ParallelOptions parallel(int concurrency, const std::atomic<bool> *cancel)
{
    ParallelOptions o;
    o.concurrency = concurrency;
    o.cancel = cancel;
    return o;
}

} // namespace

Result<PoolWithVolumes> pool(virStoragePoolPtr p, int concurrency)
{
    std::vector<VolumeHandle> vols;
    auto info = poolOnly(p, &vols);
    if (!info)
        return std::unexpected(info.error());
    PoolWithVolumes result;
    result.pool = *info;
    std::vector<std::optional<VolumeInfo>> read(vols.size());
    auto ok = parallelFor(int(vols.size()), parallel(concurrency, nullptr), [&](int i) -> Result<> {
        auto v = volume(vols[size_t(i)].get(), result.pool.uuid);
        if (!v)
            return std::unexpected(v.error());
        read[size_t(i)] = std::move(*v);
        return {};
    });
    if (!ok)
        return std::unexpected(ok.error());
    for (auto &v : read) {
        if (v)
            result.volumes.append(std::move(*v));
    }
    return result;
}

int effectiveConcurrency(const QString &uri, int remote, int inProcess)
{
    const QUrl url(uri);
    const bool local = url.scheme() == QLatin1String("test") && url.host().isEmpty();
    return std::max(1, local ? inProcess : remote);
}

namespace {

QString networkUuid(virNetworkPtr net)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    return virNetworkGetUUIDString(net, buf) == 0 ? QString::fromLatin1(buf).toLower() : QString();
}

QString poolUuid(virStoragePoolPtr pool)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    return virStoragePoolGetUUIDString(pool, buf) == 0 ? QString::fromLatin1(buf).toLower()
                                                       : QString();
}

/// virConnectListAllNetworks(flags); empty when the host has no network driver (some remote
/// set-ups), which still syncs its domains.
Result<std::vector<NetworkHandle>> listNetworks(virConnectPtr conn, unsigned int flags)
{
    virNetworkPtr *raw = nullptr;
    const int n = virConnectListAllNetworks(conn, &raw, flags);
    if (n < 0) {
        const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("listing networks"));
        if (e.libvirtCode != VIR_ERR_NO_SUPPORT)
            return std::unexpected(e);
    }
    return adoptArray<NetworkHandle>(raw, n);
}

Result<std::vector<PoolHandle>> listPools(virConnectPtr conn, unsigned int flags)
{
    virStoragePoolPtr *raw = nullptr;
    const int n = virConnectListAllStoragePools(conn, &raw, flags);
    if (n < 0) {
        const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("listing storage pools"));
        if (e.libvirtCode != VIR_ERR_NO_SUPPORT)
            return std::unexpected(e);
    }
    return adoptArray<PoolHandle>(raw, n);
}

/// Runs the independent calls of one step at the same time (one round trip for all of them on
/// a remote host); the first error wins.
Result<> allAtOnce(const std::vector<std::function<Result<>()>> &calls, int concurrency,
                   const std::atomic<bool> *cancel, int *peak)
{
    ParallelStats stats;
    auto ok = parallelFor(
        int(calls.size()), parallel(concurrency, cancel),
        [&calls](int i) { return calls[size_t(i)](); }, &stats);
    *peak = std::max(*peak, stats.maxInFlight);
    return ok;
}

/// Joins a thread on every way out of a scope.
struct Joining
{
    std::thread thread;
    ~Joining()
    {
        if (thread.joinable())
            thread.join();
    }
};

} // namespace

Result<HostSnapshot> inventory(virConnectPtr conn, const std::atomic<bool> *cancel, int concurrency,
                               int *maxInFlight)
{
    HostSnapshot snap;
    int peak = 0;
    // Node facts take a few round trips of their own: read them alongside everything else.
    std::optional<Result<NodeInfo>> nodeInfo;
    Joining nodeReader;
    if (concurrency > 1)
        nodeReader.thread = std::thread([&] { nodeInfo = node(conn); });
    else
        nodeInfo = node(conn);

    // Each fan-out stores item i in slot i: the result keeps libvirt's order, and a slot left
    // empty is an object that vanished while we read it (its event will tell).
    auto fanOut = [&](int count, const std::function<Result<>(int)> &body) {
        ParallelStats stats;
        auto ok = parallelFor(count, parallel(concurrency, cancel), body, &stats);
        peak = std::max(peak, stats.maxInFlight);
        return ok;
    };

    // The lists, and the state flags in bulk (a list call per flag rather than three calls
    // per object).
    std::vector<NetworkHandle> netList;
    std::vector<PoolHandle> poolList;
    QSet<QString> netActive, netPersistent, netAutostart, poolActive, poolAutostart;
    auto listInto = [&](auto list, unsigned int flags, auto *out) -> std::function<Result<>()> {
        return [=]() -> Result<> {
            auto l = list(conn, flags);
            if (!l)
                return std::unexpected(l.error());
            *out = std::move(*l);
            return {};
        };
    };
    std::vector<std::vector<NetworkHandle>> netFlagged(3);
    std::vector<std::vector<PoolHandle>> poolFlagged(2);
    auto ok = allAtOnce(
        {
            listInto(listNetworks, 0, &netList),
            listInto(listNetworks, VIR_CONNECT_LIST_NETWORKS_ACTIVE, &netFlagged[0]),
            listInto(listNetworks, VIR_CONNECT_LIST_NETWORKS_PERSISTENT, &netFlagged[1]),
            listInto(listNetworks, VIR_CONNECT_LIST_NETWORKS_AUTOSTART, &netFlagged[2]),
            listInto(listPools, 0, &poolList),
            listInto(listPools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE, &poolFlagged[0]),
            listInto(listPools, VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART, &poolFlagged[1]),
        },
        concurrency, cancel, &peak);
    if (!ok)
        return std::unexpected(ok.error());
    for (const auto &[handles, set] :
         {std::pair{&netFlagged[0], &netActive}, std::pair{&netFlagged[1], &netPersistent},
          std::pair{&netFlagged[2], &netAutostart}}) {
        for (const NetworkHandle &h : *handles)
            set->insert(networkUuid(h.get()));
    }
    for (const PoolHandle &h : poolFlagged[0])
        poolActive.insert(poolUuid(h.get()));
    for (const PoolHandle &h : poolFlagged[1])
        poolAutostart.insert(poolUuid(h.get()));

    // Networks and pools in one fan-out: item i < networks is a network, the rest pools.
    const size_t netCount = netList.size();
    std::vector<std::optional<NetworkInfo>> netSlots(netCount);
    std::vector<std::optional<PoolInfo>> poolSlots(poolList.size());
    std::vector<std::vector<VolumeHandle>> poolVolumes(poolList.size());
    ok = fanOut(int(netCount + poolList.size()), [&](int index) -> Result<> {
        const size_t i = size_t(index);
        if (i < netCount) {
            virNetworkPtr net = netList[i].get();
            CString xml(virNetworkGetXMLDesc(net, 0));
            if (!xml) {
                const Error e
                    = lastError(ErrorCode::Libvirt, QStringLiteral("reading network XML"));
                return e.code == ErrorCode::NotFound ? Result<>{} : std::unexpected(e);
            }
            auto info = XmlParsers::parseNetwork(QByteArrayView(xml.get()));
            if (!info)
                return std::unexpected(info.error());
            const QString uuid = networkUuid(net);
            info->active = netActive.contains(uuid);
            info->persistent = netPersistent.contains(uuid);
            info->autostart = netAutostart.contains(uuid);
            netSlots[i] = std::move(*info);
            return {};
        }
        const size_t p = i - netCount;
        virStoragePoolPtr pool = poolList[p].get();
        CString xml(virStoragePoolGetXMLDesc(pool, 0));
        if (!xml) {
            const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("reading pool XML"));
            return e.code == ErrorCode::NotFound ? Result<>{} : std::unexpected(e);
        }
        auto info = XmlParsers::parsePool(QByteArrayView(xml.get()));
        if (!info)
            return std::unexpected(info.error());
        const QString uuid = poolUuid(pool);
        // A pool started between the list calls would be mirrored inactive and its volumes
        // dropped: one more call, for the pools the bulk list called inactive only.
        info->active = poolActive.contains(uuid) || virStoragePoolIsActive(pool) == 1;
        info->autostart = poolAutostart.contains(uuid);
        if (info->active) { // an inactive pool cannot list its volumes
            virStorageVolPtr *raw = nullptr;
            const int n = virStoragePoolListAllVolumes(pool, &raw, 0);
            if (n < 0) {
                const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("listing volumes"));
                return e.code == ErrorCode::NotFound ? Result<>{} : std::unexpected(e);
            }
            poolVolumes[p] = adoptArray<VolumeHandle>(raw, n);
        }
        poolSlots[p] = std::move(*info);
        return {};
    });
    if (!ok)
        return std::unexpected(ok.error());
    for (auto &net : netSlots) {
        if (net)
            snap.networks.append(std::move(*net));
    }

    // The volumes of all pools as one flat list: a pool of 500 volumes is not read serially.
    struct VolumeItem
    {
        size_t pool;
        virStorageVolPtr vol;
    };
    std::vector<VolumeItem> volItems;
    for (size_t p = 0; p < poolList.size(); ++p) {
        if (!poolSlots[p])
            continue;
        for (const VolumeHandle &v : poolVolumes[p])
            volItems.push_back({p, v.get()});
    }
    std::vector<std::optional<VolumeInfo>> volSlots(volItems.size());
    ok = fanOut(int(volItems.size()), [&](int i) -> Result<> {
        const VolumeItem &item = volItems[size_t(i)];
        auto v = volume(item.vol, poolSlots[item.pool]->uuid);
        if (!v)
            return std::unexpected(v.error());
        volSlots[size_t(i)] = std::move(*v);
        return {};
    });
    if (!ok)
        return std::unexpected(ok.error());
    for (auto &p : poolSlots) {
        if (p)
            snap.pools.append(std::move(*p));
    }
    for (auto &v : volSlots) {
        if (v)
            snap.volumes.append(std::move(*v));
    }
    if (nodeReader.thread.joinable())
        nodeReader.thread.join();
    if (!*nodeInfo)
        return std::unexpected(nodeInfo->error());
    snap.node = **nodeInfo;
    if (maxInFlight)
        *maxInFlight = peak;
    return snap;
}

namespace {

/// One domain's XML and what the worker already knows about it, on its way to the parser.
struct FetchedDomain
{
    CString xml;
    std::optional<StateInfo> state; ///< set when the bulk state call did not cover it
};

/// Parses on its own thread what the libvirt thread fetches, completes each domain with the
/// facts gathered in bulk, and hands them on in batches.
class ParseStage
{
public:
    ParseStage(const QHash<QString, StateInfo> &states, const QSet<QString> &persistent,
               const QSet<QString> &autostart, const std::function<void(QList<DomainInfo>)> &sink)
        : m_states(states)
        , m_persistent(persistent)
        , m_autostart(autostart)
        , m_sink(sink)
        , m_thread([this] { run(); })
    {}
    ~ParseStage() { finish(); }

    void push(FetchedDomain item) { m_queue.push(std::move(item)); }

    /// Waits until everything pushed was parsed and handed on; the first parse error, if any.
    Result<> finish()
    {
        if (m_thread.joinable()) {
            m_queue.close();
            m_thread.join();
        }
        return m_result;
    }
    qint64 parseNs() const { return m_parseNs; }

private:
    void run()
    {
        std::vector<FetchedDomain> batch;
        QElapsedTimer busy;
        while (m_queue.takeAll(&batch)) {
            if (!m_result)
                continue; // drain after an error
            busy.start();
            QList<DomainInfo> parsed;
            parsed.reserve(qsizetype(batch.size()));
            for (FetchedDomain &item : batch) {
                auto info = XmlParsers::parseDomain(QByteArrayView(item.xml.get()));
                if (!info) {
                    m_result = std::unexpected(info.error());
                    break;
                }
                const StateInfo st = item.state ? *item.state : m_states.value(info->uuid);
                info->state = static_cast<DomainState>(st.state);
                info->stateReason = st.reason;
                info->persistent = m_persistent.contains(info->uuid);
                info->autostart = m_autostart.contains(info->uuid);
                parsed.append(std::move(*info));
            }
            m_parseNs += busy.nsecsElapsed();
            if (m_result && !parsed.isEmpty())
                m_sink(std::move(parsed));
        }
    }

    const QHash<QString, StateInfo> &m_states;
    const QSet<QString> &m_persistent;
    const QSet<QString> &m_autostart;
    const std::function<void(QList<DomainInfo>)> &m_sink;
    BatchQueue<FetchedDomain> m_queue;
    Result<> m_result;
    qint64 m_parseNs = 0;
    std::thread m_thread; // last: starts after everything it uses is constructed
};

} // namespace

Result<int> domains(virConnectPtr conn, const std::atomic<bool> *cancel,
                    const std::function<void(Progress)> &progress,
                    const std::function<void(QList<DomainInfo>)> &sink, double *parseSeconds,
                    int concurrency, int *maxInFlight)
{
    // The list and the facts read in bulk are independent: one round trip for all four.
    std::vector<DomainHandle> list;
    QSet<QString> persistent, autostart;
    QHash<QString, StateInfo> states;
    int setupPeak = 0;
    auto setup = allAtOnce({
                               [&]() -> Result<> {
                                   virDomainPtr *raw = nullptr;
                                   const int n = virConnectListAllDomains(conn, &raw, 0);
                                   if (n < 0)
                                       return std::unexpected(lastError(
                                           ErrorCode::Libvirt, QStringLiteral("listing domains")));
                                   list = adoptArray<DomainHandle>(raw, n);
                                   return {};
                               },
                               [&]() -> Result<> {
                                   auto set = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
                                   if (!set)
                                       return std::unexpected(set.error());
                                   persistent = std::move(*set);
                                   return {};
                               },
                               [&]() -> Result<> {
                                   auto set = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
                                   if (!set)
                                       return std::unexpected(set.error());
                                   autostart = std::move(*set);
                                   return {};
                               },
                               [&]() -> Result<> {
                                   states = bulkStates(conn);
                                   return {};
                               },
                           },
                           concurrency, cancel, &setupPeak);
    if (!setup)
        return std::unexpected(setup.error());
    const int count = int(list.size());

    // Parsing runs on a second thread while the fetching threads keep libvirt busy: on a
    // remote host the fetch is mostly round trips, on a local one both are CPU; either way they
    // overlap.
    ParseStage parser(states, persistent, autostart, sink);
    std::atomic<int> fetched{0};
    ParallelOptions options = parallel(concurrency, cancel);
    if (progress)
        options.progress = [&progress](int done, int total) {
            progress(Progress{done, total});
        };
    ParallelStats stats;
    auto ok = parallelFor(
        count, options,
        [&](int i) -> Result<> {
            virDomainPtr dom = list[size_t(i)].get();
            FetchedDomain item;
            item.xml.reset(virDomainGetXMLDesc(dom, 0));
            if (!item.xml) {
                const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("reading domain XML"));
                if (e.code == ErrorCode::NotFound)
                    return {}; // undefined while we were listing; the event will tell
                return std::unexpected(e);
            }
            if (!states.contains(domainUuid(dom))) {
                StateInfo st;
                if (virDomainGetState(dom, &st.state, &st.reason, 0) < 0) {
                    const Error e = lastError();
                    if (e.code == ErrorCode::NotFound)
                        return {};
                    return std::unexpected(e);
                }
                item.state = st;
            }
            parser.push(std::move(item));
            fetched.fetch_add(1, std::memory_order_relaxed);
            return {};
        },
        &stats);
    if (maxInFlight)
        *maxInFlight = std::max(setupPeak, stats.maxInFlight);
    if (!ok)
        return std::unexpected(ok.error());
    auto parsed = parser.finish();
    if (parseSeconds)
        *parseSeconds = parser.parseNs() / 1e9;
    if (!parsed)
        return std::unexpected(parsed.error());
    return fetched.load();
}

} // namespace Virtumancer::Fetch
