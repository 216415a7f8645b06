#pragma once

// Test-only: reads what libvirt itself reports through its API (and XML read with QtXml's DOM,
// a different parser from ours), to check the mirror against an independent source.

#include <QList>
#include <QString>
#include <QStringList>

namespace Virtumancer::Test {

struct TruthDomain
{
    QString uuid, name;
    int state = 0;
    int vcpus = 0;
    qint64 maxMemoryBytes = 0;
    bool persistent = false;
    bool autostart = false;
    QStringList diskTargets; ///< sorted
    QStringList macs;        ///< sorted, lower-case
    QStringList graphicsTypes;
};
struct TruthNetwork
{
    QString uuid, name, bridge;
    bool active = false, autostart = false;
};
struct TruthPool
{
    QString uuid, name;
    qint64 capacity = 0, allocation = 0, available = 0;
    bool active = false;
};
struct TruthVolume
{
    QString path, name, key;
    qint64 capacity = 0, allocation = 0;
};
struct Truth
{
    QList<TruthDomain> domains;
    QList<TruthNetwork> networks;
    QList<TruthPool> pools;
    QList<TruthVolume> volumes;
    QString error;
};

/// Opens uri (with optional credentials) and reads everything.
Truth readTruth(const QString &uri, const QString &user = {}, const QString &password = {});

} // namespace Virtumancer::Test
