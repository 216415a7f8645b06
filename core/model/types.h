#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace Virtumancer {

/// libvirt's virDomainState, with the same numeric values (stored as INTEGER in the cache).
enum class DomainState : int {
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4, ///< being shut down
    Shutoff = 5,
    Crashed = 6,
    PmSuspended = 7,
};

/// The stable word the CLI prints: running, paused, shutoff, crashed, pmsuspended, blocked,
/// shutdown, nostate.
QString domainStateName(DomainState state);
/// Inverse of domainStateName(); returns false for an unknown word.
bool domainStateFromName(const QString &word, DomainState *state);

/// Connection state of a host, as written to hosts.state.
enum class HostState { Disconnected, Connecting, Connected, Error };
QString hostStateName(HostState state); // DISCONNECTED, CONNECTING, CONNECTED, ERROR
HostState hostStateFromName(const QString &name);

struct DiskInfo
{
    QString deviceName; ///< target dev, e.g. vda; unique within a domain
    QString device;     ///< disk, cdrom, floppy, lun
    QString busType;    ///< virtio, sata, scsi, ide, usb, ...
    QString sourceType; ///< file, block, dir, network, volume
    QString sourcePath; ///< file/dev/dir path, "pool/volume", or protocol://host/name
    QString sourcePool; ///< for type='volume'
    QString sourceVolume;
    QString format; ///< driver type: qcow2, raw, ...
    bool readonly = false;
    int bootOrder = 0; ///< 0 = none
    friend bool operator==(const DiskInfo &, const DiskInfo &) = default;
};

struct PortInfo ///< a vNIC
{
    QString macAddress; ///< lower-case, unique within a domain
    QString modelName;  ///< virtio, e1000, rtl8139, ...
    QString sourceType; ///< network, bridge, direct, user, ...
    QString sourceName; ///< network name, bridge name or host device
    QString portGroup;
    QString targetDev; ///< host-side tap (live XML only)
    friend bool operator==(const PortInfo &, const PortInfo &) = default;
};

struct GraphicsInfo
{
    QString type; ///< vnc, spice, rdp, sdl, egl-headless, ...
    QString modelName; ///< the (first) video model, e.g. qxl, vga, virtio
    qint64 vramKib = 0;
    QString listenAddress;
    int port = -1;    ///< -1 when unassigned (autoport and VM off)
    int tlsPort = -1; ///< SPICE
    bool autoport = false;
    bool hasPassword = false; ///< never the password itself
    friend bool operator==(const GraphicsInfo &, const GraphicsInfo &) = default;
};

struct DomainInfo
{
    QString uuid; ///< lower-case canonical form
    QString name;
    QString title;
    QString description;
    int vcpuCount = 0;
    qint64 memoryBytes = 0;        ///< maximum memory
    qint64 currentMemoryBytes = 0; ///< balloon target
    DomainState state = DomainState::NoState;
    int stateReason = 0;
    bool persistent = true;
    bool autostart = false;
    QString osType; ///< hvm, linux, exe
    QString arch;
    QString machine;
    QString cpuModel;
    QString cpuTopologyJson; ///< {"sockets":1,"dies":1,"cores":2,"threads":1} or empty
    QString domainXml;       ///< live XML without secrets (flags 0)
    QList<DiskInfo> disks;
    QList<PortInfo> ports;
    QList<GraphicsInfo> graphics;
    friend bool operator==(const DomainInfo &, const DomainInfo &) = default;
};

struct NetworkInfo
{
    QString uuid;
    QString name;
    QString bridgeName;
    QString mode; ///< nat, route, open, isolated (no <forward>), bridge, private, ...
    bool active = false;
    bool autostart = false;
    bool persistent = true;
    QString ipv4Address; ///< e.g. 192.168.122.1/24
    QString dhcpStart;
    QString dhcpEnd;
    friend bool operator==(const NetworkInfo &, const NetworkInfo &) = default;
};

struct PoolInfo
{
    QString uuid;
    QString name;
    QString type; ///< dir, logical, netfs, iscsi, disk, ...
    QString targetPath;
    qint64 capacityBytes = 0;
    qint64 allocationBytes = 0;
    qint64 availableBytes = 0;
    bool active = false;
    bool autostart = false;
    friend bool operator==(const PoolInfo &, const PoolInfo &) = default;
};

struct VolumeInfo
{
    QString poolUuid; ///< empty for a disk path outside any pool
    QString name;
    QString path; ///< identity within a host
    QString key;
    QString type;   ///< file, block, dir, network, netdir, ploop
    QString format; ///< qcow2, raw, iso, ...
    qint64 capacityBytes = 0;
    qint64 allocationBytes = 0;
    QString description;
    friend bool operator==(const VolumeInfo &, const VolumeInfo &) = default;
};

/// What the host says about itself (virNodeGetInfo, virConnectGetHostname, versions).
struct NodeInfo
{
    QString hostname;
    QString hypervisor;        ///< virConnectGetType, e.g. QEMU, TEST
    QString hypervisorVersion; ///< "7.2.0"
    QString libvirtVersion;    ///< "9.0.0"
    int cpuCount = 0;
    qint64 memoryBytes = 0;
    friend bool operator==(const NodeInfo &, const NodeInfo &) = default;
};

/// Everything a full sync fetched from one host, ready to diff against the cache.
struct HostSnapshot
{
    NodeInfo node;
    QList<DomainInfo> domains;
    QList<NetworkInfo> networks;
    QList<PoolInfo> pools;
    QList<VolumeInfo> volumes;
};

/// A row of the hosts table.
struct HostRecord
{
    QString id;
    QString displayName;
    QString uri;
    HostState state = HostState::Disconnected;
    QString taskState;
    bool autoReconnectDisabled = false;
    bool autoconnect = true;
    QString lastError;
    qint64 lastConnectedAt = 0; ///< ms since epoch, 0 = never
    qint64 lastSyncAt = 0;
    NodeInfo node;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::DomainInfo)
Q_DECLARE_METATYPE(Virtumancer::NetworkInfo)
Q_DECLARE_METATYPE(Virtumancer::PoolInfo)
Q_DECLARE_METATYPE(Virtumancer::VolumeInfo)
Q_DECLARE_METATYPE(Virtumancer::HostSnapshot)
Q_DECLARE_METATYPE(Virtumancer::HostRecord)
Q_DECLARE_METATYPE(Virtumancer::DomainState)
Q_DECLARE_METATYPE(Virtumancer::HostState)
