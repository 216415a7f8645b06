#include "hostfetcher_p.h"

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

QString uuidOf(virDomainPtr d)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    if (virDomainGetUUIDString(d, buf) < 0)
        return {};
    return QString::fromLatin1(buf).toLower();
}

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
        result.insert(uuidOf(d.get()));
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
        result.insert(uuidOf(records[i]->dom), s);
    }
    virDomainStatsRecordListFree(records);
    return result;
}

/// Parses domain XML on its own thread, fed by the thread making the libvirt calls.
class ParsePipeline
{
public:
    explicit ParsePipeline(int count)
        : m_results(size_t(qMax(0, count)))
        , m_thread([this] { run(); })
    {}
    ~ParsePipeline() { finish(nullptr); }

    void push(int index, CString xml)
    {
        {
            std::lock_guard lock(m_mutex);
            m_queue.emplace_back(index, std::move(xml));
        }
        m_wake.notify_one();
    }

    /// Waits for every pushed document; slot i holds nothing if i was never pushed.
    std::vector<std::optional<Result<DomainInfo>>> finish(qint64 *parseNs)
    {
        if (m_thread.joinable()) {
            {
                std::lock_guard lock(m_mutex);
                m_done = true;
            }
            m_wake.notify_one();
            m_thread.join();
        }
        if (parseNs)
            *parseNs += m_parseNs;
        return std::move(m_results);
    }

private:
    void run()
    {
        QElapsedTimer busy;
        for (;;) {
            std::vector<std::pair<int, CString>> batch;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return !m_queue.empty() || m_done; });
                if (m_queue.empty())
                    return;
                batch.swap(m_queue);
            }
            busy.start();
            for (auto &[index, xml] : batch)
                m_results[size_t(index)] = XmlParsers::parseDomain(QByteArrayView(xml.get()));
            m_parseNs += busy.nsecsElapsed();
        }
    }

    std::vector<std::optional<Result<DomainInfo>>> m_results; // written only by the thread
    qint64 m_parseNs = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::pair<int, CString>> m_queue;
    bool m_done = false;
    std::thread m_thread; // last: starts after everything it uses is constructed
};

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

Result<HostSnapshot> all(virConnectPtr conn, const std::atomic<bool> *cancel,
                         const std::function<void(Progress)> &progress, double *parseSeconds)
{
    qint64 parseNs = 0;
    auto cancelled = [cancel] {
        return cancel && cancel->load();
    };
    HostSnapshot snap;
    auto n = node(conn);
    if (!n)
        return std::unexpected(n.error());
    snap.node = *n;

    virDomainPtr *raw = nullptr;
    const int count = virConnectListAllDomains(conn, &raw, 0);
    if (count < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("listing domains")));
    auto domains = adoptArray<DomainHandle>(raw, count);
    auto persistent = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
    if (!persistent)
        return std::unexpected(persistent.error());
    auto autostart = uuidsWith(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    if (!autostart)
        return std::unexpected(autostart.error());
    const QHash<QString, StateInfo> states = bulkStates(conn);

    // Parsing runs on a second thread while this one keeps libvirt busy: on a remote host the
    // fetch is mostly round trips, on a local one both are CPU; either way they overlap.
    ParsePipeline pipeline(count);
    for (int i = 0; i < count; ++i) {
        if (cancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("sync cancelled"));
        CString xml(virDomainGetXMLDesc(domains[i].get(), 0));
        if (!xml) {
            const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("reading domain XML"));
            if (e.code == ErrorCode::NotFound)
                continue; // undefined while we were listing; the event will tell
            return std::unexpected(e);
        }
        pipeline.push(i, std::move(xml));
        if (progress)
            progress(Progress{i + 1, count});
    }
    auto parsed = pipeline.finish(&parseNs);

    snap.domains.reserve(count);
    for (int i = 0; i < count; ++i) {
        if (!parsed[i])
            continue; // vanished before its XML could be read
        Result<DomainInfo> &info = *parsed[i];
        if (!info)
            return std::unexpected(info.error());
        auto st = states.constFind(info->uuid);
        if (st != states.cend()) {
            info->state = static_cast<DomainState>(st->state);
            info->stateReason = st->reason;
        } else {
            int s = 0, r = 0;
            if (virDomainGetState(domains[i].get(), &s, &r, 0) < 0) {
                const Error e = lastError();
                if (e.code == ErrorCode::NotFound)
                    continue;
                return std::unexpected(e);
            }
            info->state = static_cast<DomainState>(s);
            info->stateReason = r;
        }
        info->persistent = persistent->contains(info->uuid);
        info->autostart = autostart->contains(info->uuid);
        snap.domains.append(std::move(*info));
    }

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
        if (cancelled())
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
    if (parseSeconds)
        *parseSeconds = parseNs / 1e9;
    return snap;
}

} // namespace Virtumancer::Fetch
