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
};

/// In-memory ring buffers of domain stats (10 minutes at the default 3 s interval), for
/// sparklines and graphs. Never written to SQLite. Written by host workers, read by the GUI:
/// every method is thread-safe.
class StatsStore
{
public:
    explicit StatsStore(int capacity = 200);

    /// Appends a sample, deriving cpuPercent from the previous sample's cpuTimeNs.
    void add(const QString &hostId, const QString &uuid, StatsSample sample, int vcpus);
    QList<StatsSample> samples(const QString &hostId, const QString &uuid) const;
    StatsSample latest(const QString &hostId, const QString &uuid) const;
    /// Drops a host's series (host removed) or, with uuids, those not in the set (not running).
    void retain(const QString &hostId, const QList<QString> &runningUuids);
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
};

} // namespace Virtumancer
