#include "statsstore.h"

#include <QSet>

namespace Virtumancer {

StatsStore::StatsStore(int capacity)
    : m_capacity(qMax(2, capacity))
{}

void StatsStore::add(const QString &hostId, const QString &uuid, StatsSample sample, int vcpus)
{
    QWriteLocker lock(&m_lock);
    Ring &ring = m_rings[key(hostId, uuid)];
    if (!ring.samples.isEmpty() && sample.cpuTimeNs >= 0 && sample.cpuPercent < 0) {
        const StatsSample &prev = ring.samples.constLast();
        const qint64 wallNs = (sample.tsMs - prev.tsMs) * 1000000;
        if (prev.cpuTimeNs >= 0 && wallNs > 0 && sample.cpuTimeNs >= prev.cpuTimeNs) {
            const double pct = 100.0 * double(sample.cpuTimeNs - prev.cpuTimeNs)
                               / (double(wallNs) * qMax(1, vcpus));
            sample.cpuPercent = qBound(0.0, pct, 100.0);
        }
    }
    if (ring.samples.size() >= m_capacity)
        ring.samples.removeFirst();
    ring.samples.append(sample);
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
}

} // namespace Virtumancer
