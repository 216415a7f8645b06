#pragma once

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>

namespace Virtumancer {

/// One stats sample of a running domain.
struct StatsSample
{
    qint64 tsMs = 0;
    double cpuPercent = -1;  ///< of the domain's vCPUs, 0..100; -1 when unknown
    qint64 memoryBytes = -1; ///< balloon current (guest-visible), -1 when unknown
    qint64 cpuTimeNs = -1;   ///< raw cumulative cpu.time
    /// Raw cumulative byte counters summed over the domain's disks and interfaces (-1 unknown).
    qint64 diskReadBytes = -1;
    qint64 diskWriteBytes = -1;
    qint64 netRxBytes = -1;
    qint64 netTxBytes = -1;
    /// Rates derived from the counters and the previous sample, bytes/s (-1 unknown).
    double diskReadBps = -1;
    double diskWriteBps = -1;
    double netRxBps = -1;
    double netTxBps = -1;
};

/// One stats sample of a host (the hypervisor's node).
struct HostStatsSample
{
    qint64 tsMs = 0;
    double cpuPercent = -1;        ///< of all host CPUs, derived from the cumulative times
    qint64 memoryUsedBytes = -1;   ///< total minus free
    qint64 memoryTotalBytes = -1;
    qint64 cpuBusyNs = -1;         ///< raw cumulative user+kernel time over all CPUs
    qint64 cpuTotalNs = -1;        ///< raw cumulative busy+idle+iowait
};

/// In-memory ring buffers of domain stats (10 minutes at the default 3 s interval), for
/// sparklines and graphs. Never written to SQLite. Written by host workers, read by the GUI:
/// every method is thread-safe.
class StatsStore
{
public:
    explicit StatsStore(int capacity = 200);

    /// Appends a sample, deriving cpuPercent and the byte rates from the previous sample.
    void add(const QString &hostId, const QString &uuid, StatsSample sample, int vcpus);
    QList<StatsSample> samples(const QString &hostId, const QString &uuid) const;
    StatsSample latest(const QString &hostId, const QString &uuid) const;
    /// The same for the host itself.
    void addHost(const QString &hostId, HostStatsSample sample);
    QList<HostStatsSample> hostSamples(const QString &hostId) const;
    /// Drops a host's domain series not in runningUuids (not running any more).
    void retain(const QString &hostId, const QList<QString> &runningUuids);
    /// Drops every series of a host, its own included (host removed or disconnected).
    void clearHost(const QString &hostId);
    int capacity() const { return m_capacity; }

private:
    struct Ring
    {
        QList<StatsSample> samples; ///< oldest first, at most capacity
    };
    static QString key(const QString &hostId, const QString &uuid)
    {
        return hostId + QLatin1Char('/') + uuid;
    }
    const int m_capacity;
    mutable QReadWriteLock m_lock;
    QHash<QString, Ring> m_rings;
    QHash<QString, QList<HostStatsSample>> m_hostRings;
};

} // namespace Virtumancer
