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

/// A storage pool or virtual network operation, run as a job on the host's worker
/// (HostSession::runInventoryJob) and audited as "<pool|net>.<verb>".
struct InventoryRequest
{
    enum class Kind { Pool, Network };
    enum class Op { Create, Start, Stop, Refresh, SetAutostart, Delete };

    Kind kind = Kind::Pool;
    Op op = Op::Start;
    QString uuid;           ///< the object (every op but Create)
    bool autostart = false; ///< SetAutostart
    PoolSpec pool;          ///< Create of a pool
    NetworkSpec network;    ///< Create of a network

    /// pool.create, pool.start, pool.stop, pool.refresh, pool.autostart, pool.delete,
    /// net.create, ... (Refresh is for pools only).
    QString actionName() const;
    QString objectType() const; ///< "pool" or "network", as audit_objects names them
};

namespace InventorySpecs {

/// Why spec cannot be created (InvalidArgument, message for the user), or nothing.
Result<> validate(const PoolSpec &spec);
Result<> validate(const NetworkSpec &spec);
/// libvirt XML for a validated spec (written with QXmlStreamWriter).
QString poolXml(const PoolSpec &spec);
QString networkXml(const NetworkSpec &spec);
/// The network modes create accepts: nat, route, isolated, open.
QStringList networkModes();

} // namespace InventorySpecs

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::InventoryRequest)
