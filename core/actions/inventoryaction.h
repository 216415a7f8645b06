#pragma once

#include "model/error.h"

#include <QMetaType>
#include <QString>

namespace Virtumancer {

/// What a new storage pool is. Only "dir" is created for now (issue 6: the other types come
/// with their forms).
struct PoolSpec
{
    QString name;
    QString type = QStringLiteral("dir");
    QString targetPath; ///< absolute, clean
};

/// What a new virtual network is: one IPv4 subnet, optionally with a DHCP range.
struct NetworkSpec
{
    QString name;
    QString mode;        ///< nat, route, isolated, open
    QString ipv4Address; ///< the host's address on the network, e.g. 192.168.100.1
    int prefix = 24;     ///< 8..30
    QString dhcpStart;   ///< both empty: no DHCP
    QString dhcpEnd;
};

/// What a new storage volume is: a qcow2 or raw file in an active pool, optionally a qcow2
/// overlay on a backing volume of the same host.
struct VolumeSpec
{
    QString poolUuid;
    QString name;
    QString format = QStringLiteral("qcow2"); ///< qcow2 or raw
    qint64 capacityBytes = 0;                 ///< > 0
    QString backingPath;                      ///< qcow2 only; absolute path of a volume
};

/// A storage pool, virtual network or storage volume operation, run as a job on the host's
/// worker (HostSession::runInventoryJob) and audited as "<pool|net|volume>.<verb>".
/// A volume is named by its path (in uuid); Create names its pool in volume.poolUuid.
struct InventoryRequest
{
    enum class Kind { Pool, Network, Volume };
    enum class Op { Create, Start, Stop, Refresh, SetAutostart, Delete, Resize, Wipe };

    Kind kind = Kind::Pool;
    Op op = Op::Start;
    QString uuid;           ///< the object (every op but Create)
    bool autostart = false; ///< SetAutostart
    PoolSpec pool;          ///< Create of a pool
    NetworkSpec network;    ///< Create of a network
    VolumeSpec volume;      ///< Create of a volume
    qint64 capacityBytes = 0; ///< Resize of a volume: the new capacity (grow only)

    /// pool.create, pool.start, pool.stop, pool.refresh, pool.autostart, pool.delete,
    /// net.create, ..., volume.create, volume.resize, volume.wipe, volume.delete (Refresh is
    /// for pools only; Resize and Wipe for volumes only).
    QString actionName() const;
    QString objectType() const; ///< "pool", "network" or "volume", as audit_objects names them
};

namespace InventorySpecs {

/// Why spec cannot be created (InvalidArgument, message for the user), or nothing.
Result<> validate(const PoolSpec &spec);
Result<> validate(const NetworkSpec &spec);
Result<> validate(const VolumeSpec &spec);
/// libvirt XML for a validated spec (written with QXmlStreamWriter).
QString poolXml(const PoolSpec &spec);
QString networkXml(const NetworkSpec &spec);
/// backingFormat: the backing volume's format (libvirt wants it stated), when there is one.
QString volumeXml(const VolumeSpec &spec, const QString &backingFormat = {});
/// The volume formats create accepts: qcow2, raw.
QStringList volumeFormats();
/// The network modes create accepts: nat, route, isolated, open.
QStringList networkModes();

} // namespace InventorySpecs

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::InventoryRequest)
