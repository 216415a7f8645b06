#include "statsstore.h"

#include <QSet>

namespace Virtumancer {

StatsStore::StatsStore(int capacity)
    : m_capacity(qMax(2, capacity))
{}

namespace {

/// Per-second rate of a cumulative counter between two samples; -1 when either is unknown or
/// the counter went backwards (the domain restarted).
double rate(qint64 previous, qint64 current, qint64 elapsedMs)
{
    if (previous < 0 || current < previous || elapsedMs <= 0)
        return -1;
    return double(current - previous) * 1000.0 / double(elapsedMs);
}

template<typename T>
void append(QList<T> &ring, const T &sample, int capacity)
{
    if (ring.size() >= capacity)
        ring.removeFirst();
    ring.append(sample);
}

} // namespace

void StatsStore::add(const QString &hostId, const QString &uuid, StatsSample sample, int vcpus)
{
    QWriteLocker lock(&m_lock);
    Ring &ring = m_rings[key(hostId, uuid)];
    if (!ring.samples.isEmpty()) {
        const StatsSample &prev = ring.samples.constLast();
        const qint64 elapsedMs = sample.tsMs - prev.tsMs;
        if (sample.cpuPercent < 0) {
            const double perSecond = rate(prev.cpuTimeNs, sample.cpuTimeNs, elapsedMs);
            if (perSecond >= 0)
                sample.cpuPercent = qBound(0.0, perSecond / 1e7 / qMax(1, vcpus), 100.0);
        }
        sample.diskReadBps = rate(prev.diskReadBytes, sample.diskReadBytes, elapsedMs);
        sample.diskWriteBps = rate(prev.diskWriteBytes, sample.diskWriteBytes, elapsedMs);
        sample.netRxBps = rate(prev.netRxBytes, sample.netRxBytes, elapsedMs);
        sample.netTxBps = rate(prev.netTxBytes, sample.netTxBytes, elapsedMs);
    }
    append(ring.samples, sample, m_capacity);
}

void StatsStore::addHost(const QString &hostId, HostStatsSample sample)
{
    QWriteLocker lock(&m_lock);
    QList<HostStatsSample> &ring = m_hostRings[hostId];
    if (!ring.isEmpty() && sample.cpuPercent < 0) {
        const HostStatsSample &prev = ring.constLast();
        const qint64 total = sample.cpuTotalNs - prev.cpuTotalNs;
        const qint64 busy = sample.cpuBusyNs - prev.cpuBusyNs;
        if (prev.cpuTotalNs >= 0 && total > 0 && busy >= 0)
            sample.cpuPercent = qBound(0.0, 100.0 * double(busy) / double(total), 100.0);
    }
    append(ring, sample, m_capacity);
}

QList<HostStatsSample> StatsStore::hostSamples(const QString &hostId) const
{
    QReadLocker lock(&m_lock);
    return m_hostRings.value(hostId);
}

QList<StatsSample> StatsStore::samples(const QString &hostId, const QString &uuid) const
{
    QReadLocker lock(&m_lock);
    return m_rings.value(key(hostId, uuid)).samples;
}

StatsSample StatsStore::latest(const QString &hostId, const QString &uuid) const
{
    QReadLocker lock(&m_lock);
    auto it = m_rings.constFind(key(hostId, uuid));
    if (it == m_rings.cend() || it->samples.isEmpty())
        return {};
    return it->samples.constLast();
}

void StatsStore::retain(const QString &hostId, const QList<QString> &runningUuids)
{
    QSet<QString> keep;
    for (const QString &u : runningUuids)
        keep.insert(key(hostId, u));
    const QString prefix = hostId + QLatin1Char('/');
    QWriteLocker lock(&m_lock);
    for (auto it = m_rings.begin(); it != m_rings.end();) {
        if (it.key().startsWith(prefix) && !keep.contains(it.key()))
            it = m_rings.erase(it);
        else
            ++it;
    }
}

void StatsStore::clearHost(const QString &hostId)
{
    retain(hostId, {});
    QWriteLocker lock(&m_lock);
    m_hostRings.remove(hostId);
}

} // namespace Virtumancer
