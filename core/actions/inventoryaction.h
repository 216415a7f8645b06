#pragma once

#include "model/error.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <utility>

class QJsonObject;

namespace Virtumancer {

/// What a new storage pool is. Every type has a target path (where the host sees the storage;
/// logical, iscsi and disk have defaults, see InventorySpecs::defaultTargetPath) and a source
/// that only some types use:
/// - dir: targetPath only (built: the directory is created).
/// - logical: sourceName (volume group; default the pool name), sourceDevices (physical
///   volumes: given, build creates the group on them; empty, the group must exist).
/// - netfs: sourceHost, sourcePath (the export: an absolute path; for cifs the share name),
///   sourceFormat auto|nfs|cifs|glusterfs (built: the mount point is created).
/// - iscsi: sourceHost, sourcePort, iscsiTarget (the target's IQN); never built.
/// - disk: sourceDevices (exactly one whole disk), sourceFormat (partition table: dos, gpt,
///   ...); built only with writeLabel, and libvirt labels only a blank disk.
/// The fields after targetPath have initializers, so {name, type, path} stays a valid aggregate.
struct PoolSpec
{
    QString name;
    QString type = QStringLiteral("dir");
    QString targetPath;             ///< absolute, clean; empty: the type's default
    QString sourceHost = {};        ///< netfs, iscsi: host name or IP address
    int sourcePort = 0;             ///< iscsi: 0 means 3260
    QString sourcePath = {};        ///< netfs: the exported directory (or cifs share)
    QString sourceName = {};        ///< logical: the volume group (empty: the pool's name)
    QStringList sourceDevices = {}; ///< logical: physical volumes; disk: the one disk
    QString sourceFormat = {};      ///< netfs: auto|nfs|cifs|glusterfs; disk: dos|gpt|...
    QString iscsiTarget = {};       ///< iscsi: the target (iqn.YYYY-MM.domain[:x], eui., naa.)
    bool writeLabel = false;        ///< disk: write a new partition table on a blank disk
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
    QString bridgeName = {}; ///< empty: libvirt picks one (virbrN)
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
    QString uuid;             ///< the object (every op but Create)
    bool autostart = false;   ///< SetAutostart
    PoolSpec pool;            ///< Create of a pool
    NetworkSpec network;      ///< Create of a network
    VolumeSpec volume;        ///< Create of a volume
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
/// The pool types create accepts: dir, logical, netfs, iscsi, disk.
QStringList poolTypes();
/// The source formats a pool type accepts, its default first (netfs: auto, nfs, cifs,
/// glusterfs; disk: dos, gpt, ...); empty for types without one.
QStringList poolSourceFormats(const QString &type);
/// Where the host sees a pool of spec's type when targetPath is empty: /dev/VG for logical,
/// /dev/disk/by-path for iscsi, /dev for disk; empty (a path is required) for dir and netfs.
QString defaultTargetPath(const PoolSpec &spec);
/// Whether create builds the pool before starting it (see PoolSpec): dir and netfs create
/// their directory, logical with devices creates the volume group, disk only with writeLabel.
bool needsBuild(const PoolSpec &spec);
/// Whether text is an IPv4/IPv6 address or a host name (RFC 1123 labels, not all-numeric).
bool isHostName(const QString &text);
/// The DHCP range a form proposes for the subnet of address/prefix: the half of the subnet's
/// host addresses that does not hold address itself. Empty strings when address is invalid.
std::pair<QString, QString> defaultDhcpRange(const QString &address, int prefix);
/// What the audit records of a pool create: type, target_path (the default filled in) and
/// the source fields the type uses (source_host, source_port, source_path, source_name,
/// source_devices, source_format, iscsi_target, write_label), those set only.
QJsonObject auditDetails(const PoolSpec &spec);
/// Whether two IPv4 subnets given as "address/prefix" share addresses (false when either is
/// not such a subnet).
bool subnetsOverlap(const QString &a, const QString &b);

} // namespace InventorySpecs

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::InventoryRequest)
