#pragma once

#include "model/error.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace Virtumancer {

/// A disk image (a pool volume, or any path on the host) to attach to a VM.
struct DiskAttachSpec
{
    QString sourcePath;                      ///< absolute path on the VM's host
    QString device = QStringLiteral("disk"); ///< disk or cdrom
    QString bus;       ///< virtio, sata, scsi, ide, usb; empty: virtio (disk), ide or sata (cdrom)
    QString targetDev; ///< empty: the first name free for the bus (vda.., sda.., hda..)
    QString format;    ///< driver type; empty: the volume's format (raw when libvirt knows none)
    bool readonly = false; ///< a cdrom is always read-only
};

/// A change to one VM's settings or devices, run as a job on the host's worker
/// (HostSession::runDomainEdit) and audited as "vm.<verb>" (see actionName()).
///
/// Where a change goes: into the persistent config of a persistent VM (VIR_DOMAIN_AFFECT_CONFIG)
/// and, when the VM runs, into the running VM too (VIR_DOMAIN_AFFECT_LIVE). Settings the
/// hypervisor cannot change live (maximum memory, boot order, vCPUs above the running maximum)
/// or whose live change it refuses go into the config only, and the result says they apply
/// after a restart. Devices are different: an attach, detach or media change on a running VM
/// either lands live (and in the config) or fails as a whole; it never silently waits for a
/// restart.
struct DomainEditRequest
{
    enum class Op {
        Set,          ///< the optional settings below that are set
        AttachDisk,   ///< disk
        DetachDisk,   ///< targetDev
        ChangeMedia,  ///< targetDev (a cdrom or floppy) gets mediaPath; empty mediaPath ejects
        AttachDevice, ///< deviceXml: any libvirt <devices> child (NIC, graphics, sound, ...)
        DetachDevice, ///< deviceXml: as libvirt matches it (e.g. <interface> with its <mac>)
        DefineXml,    ///< domainXml: the whole persistent definition (the XML editor's apply)
        ReadConfig,   ///< no change: result.configXml is the persistent definition, secrets
                      ///< included (for the XML editor; neither audited nor logged)
    };

    Op op = Op::Set;
    QString uuid; ///< the VM

    // Set
    std::optional<int> vcpus;
    std::optional<qint64> memoryBytes;    ///< current memory (balloon target)
    std::optional<qint64> maxMemoryBytes; ///< config only: applies after restart when running
    std::optional<bool> autostart;
    std::optional<QString> title;         ///< empty removes it
    std::optional<QString> description;   ///< empty removes it
    std::optional<QStringList> bootOrder; ///< <os><boot dev=...> in order: hd, cdrom, network, fd

    DiskAttachSpec disk; ///< AttachDisk
    QString targetDev;   ///< DetachDisk, ChangeMedia
    QString mediaPath;   ///< ChangeMedia
    QString deviceXml;   ///< AttachDevice, DetachDevice
    QString domainXml;   ///< DefineXml: must keep the VM's uuid and name


    /// vm.set, vm.attach, vm.detach, vm.eject, vm.insert, vm.attach-device, vm.detach-device,
    /// vm.define (ReadConfig: vm.read-config, never audited).
    QString actionName() const;
};

/// What an edit did.
struct DomainEditResult
{
    /// Some of the change landed only in the persistent config of the running VM: it takes
    /// effect when the VM is next started (pendingFields says which part).
    bool appliesAfterRestart = false;
    QStringList pendingFields; ///< vcpu_count, memory_bytes, current_memory_bytes, boot_order...
    QString targetDev;         ///< the disk the edit touched (the chosen one for an attach)
    /// For the user: why a part waits for a restart (the hypervisor's refusal), or that a
    /// detached device is still held by the guest (libvirt reports its removal later).
    QString note;
    /// Field → {"from": old, "to": new} for Set and DefineXml, from the VM's config before and
    /// after.
    QVariantMap changes;
    /// ReadConfig: the persistent definition with its secrets (VIR_DOMAIN_XML_SECURE). Lives
    /// in memory only: never audited, logged or mirrored.
    QString configXml;
};

namespace DomainEdits {

/// The buses a disk may use: virtio, sata, scsi, ide, usb.
QStringList diskBuses();
/// The target name prefix of a bus: vd (virtio), sd (sata, scsi, usb), hd (ide).
QString targetPrefix(const QString &bus);
/// Whether target is a valid name for the bus: its prefix and then only letters a-z.
bool targetFitsBus(const QString &target, const QString &bus);
/// The first name for bus not in used (vda, vdb, ..., vdz, vdaa, ...); empty when the bus is
/// full (ide has four places: hda..hdd).
QString freeTarget(const QString &bus, const QStringList &used);
/// Checks what can be checked without libvirt (InvalidArgument with a message for the user).
Result<> validate(const DomainEditRequest &request);
/// <disk> XML for a validated spec; sourceType is file or block, format the driver type.
QString diskXml(const DiskAttachSpec &spec, const QString &sourceType, const QString &format);
/// The boot device names <os><boot dev=...> takes: hd, cdrom, network, fd.
QStringList bootDevices();

} // namespace DomainEdits

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::DomainEditRequest)
Q_DECLARE_METATYPE(Virtumancer::DomainEditResult)
