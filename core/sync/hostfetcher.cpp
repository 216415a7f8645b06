#include "hostfetcher_p.h"

#include "sync/batchqueue_p.h"
#include "sync/xmlparsers.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

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

Result<PoolWithVolumes> pool(virStoragePoolPtr p)
{
    CString xml(virStoragePoolGetXMLDesc(p, 0));
    if (!xml)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("reading pool XML")));
    auto info = XmlParsers::parsePool(QByteArrayView(xml.get()));
    if (!info)
        return std::unexpected(info.error());
    PoolWithVolumes result;
    result.pool = *info;
    result.pool.active = virStoragePoolIsActive(p) == 1;
    int autostart = 0;
    if (virStoragePoolGetAutostart(p, &autostart) < 0)
        virResetLastError();
    result.pool.autostart = autostart != 0;
    if (!result.pool.active)
        return result; // an inactive pool cannot list its volumes
    virStorageVolPtr *raw = nullptr;
    const int n = virStoragePoolListAllVolumes(p, &raw, 0);
    if (n < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("listing volumes")));
    for (auto &vol : adoptArray<VolumeHandle>(raw, n)) {
        CString vxml(virStorageVolGetXMLDesc(vol.get(), 0));
        if (!vxml) {
            // A volume deleted between list and read is not an error for the sync.
            const Error e = lastError();
            if (e.code == ErrorCode::NotFound)
                continue;
            return std::unexpected(e);
        }
        auto v = XmlParsers::parseVolume(QByteArrayView(vxml.get()));
        if (!v)
            return std::unexpected(v.error());
        v->poolUuid = result.pool.uuid;
        result.volumes.append(*v);
    }
    return result;
}

Result<HostSnapshot> inventory(virConnectPtr conn, const std::atomic<bool> *cancel)
{
    HostSnapshot snap;
    auto n = node(conn);
    if (!n)
        return std::unexpected(n.error());
    snap.node = *n;

    virNetworkPtr *nets = nullptr;
    const int netCount = virConnectListAllNetworks(conn, &nets, 0);
    if (netCount < 0) {
        const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("listing networks"));
        // Hosts without a network driver (some remote set-ups) still sync their domains.
        if (e.libvirtCode != VIR_ERR_NO_SUPPORT)
            return std::unexpected(e);
    }
    for (auto &net : adoptArray<NetworkHandle>(nets, netCount)) {
        auto info = network(net.get());
        if (!info) {
            if (info.error().code == ErrorCode::NotFound)
                continue;
            return std::unexpected(info.error());
        }
        snap.networks.append(*info);
    }

    virStoragePoolPtr *pools = nullptr;
    const int poolCount = virConnectListAllStoragePools(conn, &pools, 0);
    if (poolCount < 0) {
        const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("listing storage pools"));
        if (e.libvirtCode != VIR_ERR_NO_SUPPORT)
            return std::unexpected(e);
    }
    for (auto &p : adoptArray<PoolHandle>(pools, poolCount)) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, QStringLiteral("sync cancelled"));
        auto info = pool(p.get());
        if (!info) {
            if (info.error().code == ErrorCode::NotFound)
                continue;
            return std::unexpected(info.error());
        }
        snap.pools.append(info->pool);
        snap.volumes += info->volumes;
    }
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
                    const std::function<void(QList<DomainInfo>)> &sink, double *parseSeconds)
{
    virDomainPtr *raw = nullptr;
    const int count = virConnectListAllDomains(conn, &raw, 0);
    if (count < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("listing domains")));
    auto list = adoptArray<DomainHandle>(raw, count);
    auto persistent = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
    if (!persistent)
        return std::unexpected(persistent.error());
    auto autostart = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    if (!autostart)
        return std::unexpected(autostart.error());
    const QHash<QString, StateInfo> states = bulkStates(conn);

    // Parsing runs on a second thread while this one keeps libvirt busy: on a remote host the
    // fetch is mostly round trips, on a local one both are CPU; either way they overlap.
    ParseStage parser(states, *persistent, *autostart, sink);
    int fetched = 0;
    for (int i = 0; i < count; ++i) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, QStringLiteral("sync cancelled"));
        virDomainPtr dom = list[size_t(i)].get();
        FetchedDomain item;
        item.xml.reset(virDomainGetXMLDesc(dom, 0));
        if (!item.xml) {
            const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("reading domain XML"));
            if (e.code == ErrorCode::NotFound)
                continue; // undefined while we were listing; the event will tell
            return std::unexpected(e);
        }
        if (!states.contains(domainUuid(dom))) {
            StateInfo st;
            if (virDomainGetState(dom, &st.state, &st.reason, 0) < 0) {
                const Error e = lastError();
                if (e.code == ErrorCode::NotFound)
                    continue;
                return std::unexpected(e);
            }
            item.state = st;
        }
        parser.push(std::move(item));
        ++fetched;
        if (progress)
            progress(Progress{i + 1, count});
    }
    auto parsed = parser.finish();
    if (parseSeconds)
        *parseSeconds = parser.parseNs() / 1e9;
    if (!parsed)
        return std::unexpected(parsed.error());
    return fetched;
}

} // namespace Virtumancer::Fetch
