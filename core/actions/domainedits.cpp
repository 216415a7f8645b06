#include "domainedits_p.h"

#include "sync/xmlparsers.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

namespace Virtumancer::Actions {

using namespace Libvirt;

namespace {

// As plain flags: libvirt's flag enums are distinct types that C++ will not mix.
constexpr unsigned affectConfig = VIR_DOMAIN_AFFECT_CONFIG;
constexpr unsigned affectLive = VIR_DOMAIN_AFFECT_LIVE;
constexpr unsigned vcpuMaximum = VIR_DOMAIN_VCPU_MAXIMUM;
constexpr unsigned memoryMaximum = VIR_DOMAIN_MEM_MAXIMUM;

std::unexpected<Error> invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

std::unexpected<Error> failure(const QString &context)
{
    return std::unexpected(lastError(ErrorCode::Libvirt, context));
}

Result<QByteArray> xmlDesc(virDomainPtr dom, unsigned flags)
{
    CString xml(virDomainGetXMLDesc(dom, flags));
    if (!xml)
        return failure(QStringLiteral("reading the VM's XML"));
    return QByteArray(xml.get());
}

/// The VM as libvirt has it right now: its running definition (when active) and its persistent
/// one (when persistent). Every check of an edit is made against these, never the mirror.
struct Current
{
    DomainHandle dom;
    QString name;
    bool running = false; ///< active: running or paused
    bool persistent = false;
    QByteArray liveXml;
    QByteArray configXml;
    DomainInfo live;
    DomainInfo config;

    /// The definition a config change goes to (the running one for a transient VM).
    const DomainInfo &primary() const { return persistent ? config : live; }
    unsigned flags() const
    {
        return (persistent ? affectConfig : 0u) | (running ? affectLive : 0u);
    }
    QStringList targets() const
    {
        QStringList used;
        for (const DomainInfo *d : {&live, &config}) {
            for (const DiskInfo &disk : d->disks) {
                if (!used.contains(disk.deviceName))
                    used.append(disk.deviceName);
            }
        }
        return used;
    }
};

Result<Current> readCurrent(virConnectPtr conn, const QString &uuid)
{
    Current c;
    c.dom.reset(virDomainLookupByUUIDString(conn, uuid.toLatin1().constData()));
    if (!c.dom)
        return failure(QStringLiteral("looking up VM %1").arg(uuid));
    c.name = QString::fromUtf8(virDomainGetName(c.dom.get()));
    const int active = virDomainIsActive(c.dom.get());
    const int persistent = virDomainIsPersistent(c.dom.get());
    if (active < 0 || persistent < 0)
        return failure(QStringLiteral("reading the state of VM %1").arg(c.name));
    c.running = active == 1;
    c.persistent = persistent == 1;
    auto read = [&](unsigned flags, QByteArray *xml, DomainInfo *info) -> Result<> {
        auto bytes = xmlDesc(c.dom.get(), flags);
        if (!bytes)
            return std::unexpected(bytes.error());
        auto parsed = XmlParsers::parseDomain(*bytes);
        if (!parsed)
            return std::unexpected(parsed.error());
        *xml = *bytes;
        *info = *parsed;
        return {};
    };
    if (c.running) {
        if (auto r = read(0, &c.liveXml, &c.live); !r)
            return std::unexpected(r.error());
    }
    if (c.persistent) {
        if (auto r = read(VIR_DOMAIN_XML_INACTIVE, &c.configXml, &c.config); !r)
            return std::unexpected(r.error());
    }
    return c;
}

const DiskInfo *findDisk(const DomainInfo &d, const QString &target)
{
    for (const DiskInfo &disk : d.disks) {
        if (disk.deviceName == target)
            return &disk;
    }
    return nullptr;
}

/// Copies the element r stands on (its StartElement) with everything inside it to w; leaves r
/// on the element's EndElement.
void copyElement(QXmlStreamReader &r, QXmlStreamWriter &w)
{
    int depth = 0;
    while (!r.hasError()) {
        if (r.tokenType() == QXmlStreamReader::StartElement)
            ++depth;
        else if (r.tokenType() == QXmlStreamReader::EndElement)
            --depth;
        w.writeCurrentToken(r);
        if (depth == 0 || r.atEnd())
            return;
        r.readNext();
    }
}

/// The <disk> element of domainXml whose <target dev=...> is target, copied verbatim (with
/// its address and alias, which is how libvirt finds the device again); empty if none.
QString diskElement(const QByteArray &domainXml, const QString &target)
{
    QXmlStreamReader r(domainXml);
    QStringList path;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::StartElement) {
            path.append(r.name().toString());
            if (path.size() == 3 && path.at(1) == QLatin1String("devices")
                && path.at(2) == QLatin1String("disk")) {
                QString xml;
                QXmlStreamWriter w(&xml);
                copyElement(r, w);
                path.removeLast();
                QXmlStreamReader disk(xml);
                while (disk.readNextStartElement()) {
                    if (disk.name() == QLatin1String("disk"))
                        continue; // descend
                    if (disk.name() == QLatin1String("target")
                        && disk.attributes().value(QLatin1String("dev")) == target)
                        return xml;
                    disk.skipCurrentElement();
                }
            }
        } else if (token == QXmlStreamReader::EndElement && !path.isEmpty()) {
            path.removeLast();
        }
    }
    return {};
}

/// diskXml (one <disk>) with its medium replaced: the <source> (and the live XML's
/// <backingStore>) of the old medium dropped, a <source file=path> for the new one (none for
/// an eject), the driver's type set to format.
QString withMedia(const QString &diskXml, const QString &path, const QString &format)
{
    QXmlStreamReader r(diskXml);
    QString out;
    QXmlStreamWriter w(&out);
    int depth = 0;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::StartElement) {
            ++depth;
            if (depth == 1) {
                w.writeStartElement(r.name().toString());
                for (const QXmlStreamAttribute &a : r.attributes()) {
                    if (a.name() != QLatin1String("type"))
                        w.writeAttribute(a.name().toString(), a.value().toString());
                }
                w.writeAttribute(QStringLiteral("type"), QStringLiteral("file"));
                if (!path.isEmpty()) {
                    w.writeEmptyElement(QStringLiteral("source"));
                    w.writeAttribute(QStringLiteral("file"), path);
                }
                continue;
            }
            if (depth == 2
                && (r.name() == QLatin1String("source")
                    || r.name() == QLatin1String("backingStore"))) {
                r.skipCurrentElement();
                --depth;
                continue;
            }
            if (depth == 2 && r.name() == QLatin1String("driver") && !format.isEmpty()) {
                w.writeStartElement(QStringLiteral("driver"));
                for (const QXmlStreamAttribute &a : r.attributes()) {
                    if (a.name() != QLatin1String("type"))
                        w.writeAttribute(a.name().toString(), a.value().toString());
                }
                w.writeAttribute(QStringLiteral("type"), format);
                r.skipCurrentElement();
                w.writeEndElement();
                --depth;
                continue;
            }
            w.writeCurrentToken(r);
        } else if (token == QXmlStreamReader::EndElement) {
            --depth;
            w.writeCurrentToken(r);
        } else if (token == QXmlStreamReader::Characters) {
            w.writeCurrentToken(r);
        }
    }
    return out;
}

/// The <os><boot dev=...> list of a domain XML, in order.
QStringList bootOrderOf(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    QStringList path;
    QStringList order;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::StartElement) {
            path.append(r.name().toString());
            if (path
                == QStringList{QStringLiteral("domain"), QStringLiteral("os"),
                               QStringLiteral("boot")})
                order.append(r.attributes().value(QLatin1String("dev")).toString());
        } else if (token == QXmlStreamReader::EndElement && !path.isEmpty()) {
            path.removeLast();
        }
    }
    return order;
}

/// The whole domain XML with <os>'s <boot> elements replaced by order. Refuses a VM that
/// orders its boot per device (libvirt allows one scheme or the other).
Result<QString> withBootOrder(const QByteArray &xml, const QStringList &order)
{
    QXmlStreamReader r(xml);
    QString out;
    QXmlStreamWriter w(&out);
    QStringList path;
    const QStringList osPath{QStringLiteral("domain"), QStringLiteral("os")};
    while (!r.atEnd()) {
        const auto token = r.readNext();
        switch (token) {
        case QXmlStreamReader::StartDocument:
        case QXmlStreamReader::EndDocument:
        case QXmlStreamReader::DTD:
            break;
        case QXmlStreamReader::StartElement:
            path.append(r.name().toString());
            if (path.size() == 3 && path.mid(0, 2) == osPath
                && path.at(2) == QLatin1String("boot")) {
                r.skipCurrentElement();
                path.removeLast();
                break;
            }
            if (path.size() == 4 && path.at(1) == QLatin1String("devices")
                && path.at(3) == QLatin1String("boot"))
                return invalid(QStringLiteral("this VM orders its boot per device (<boot "
                                              "order=...> on a disk or NIC); change that order "
                                              "in the device instead"));
            w.writeCurrentToken(r);
            break;
        case QXmlStreamReader::EndElement:
            if (path == osPath) {
                for (const QString &dev : order) {
                    w.writeEmptyElement(QStringLiteral("boot"));
                    w.writeAttribute(QStringLiteral("dev"), dev);
                }
            }
            w.writeCurrentToken(r);
            if (!path.isEmpty())
                path.removeLast();
            break;
        default:
            w.writeCurrentToken(r);
            break;
        }
    }
    if (r.hasError())
        return makeError(ErrorCode::ParseError,
                         QStringLiteral("reading the VM's XML: %1").arg(r.errorString()));
    return out;
}

/// How a disk image is attached: its libvirt source type (file or block) and driver type.
struct Image
{
    QString sourceType = QStringLiteral("file");
    QString format;
};

/// Looks path up as a storage volume (format and type from libvirt); a path libvirt has no
/// volume for is a plain file of the given format. Media (a cdrom's) is raw data; a disk image
/// of unknown format is refused rather than guessed: a qcow2 image attached as raw would have
/// its header overwritten by the guest.
Result<Image> imageFor(virConnectPtr conn, const QString &path, const QString &wanted,
                       bool media = false)
{
    Image image;
    VolumeHandle vol(virStorageVolLookupByPath(conn, path.toUtf8().constData()));
    if (!vol) {
        virResetLastError();
        if (wanted.isEmpty() && !media)
            return invalid(QStringLiteral("%1 is in no storage pool, so libvirt cannot tell its "
                                          "format: give it (raw or qcow2)")
                               .arg(path));
        image.format = wanted.isEmpty() || wanted == QLatin1String("iso") ? QStringLiteral("raw")
                                                                          : wanted;
        return image;
    }
    virStorageVolInfo info;
    if (virStorageVolGetInfo(vol.get(), &info) < 0)
        return failure(QStringLiteral("reading volume %1").arg(path));
    if (info.type == VIR_STORAGE_VOL_BLOCK)
        image.sourceType = QStringLiteral("block");
    else if (info.type != VIR_STORAGE_VOL_FILE)
        return invalid(QStringLiteral("volume %1 is not a file or block device; it cannot be "
                                      "attached as a disk")
                           .arg(path));
    CString xml(virStorageVolGetXMLDesc(vol.get(), 0));
    if (!xml)
        return failure(QStringLiteral("reading volume %1").arg(path));
    auto parsed = XmlParsers::parseVolume(QByteArrayView(xml.get()));
    QString format = parsed ? parsed->format : QString();
    // An ISO image is read as raw data; "none" and "" are what dir pools say of plain files.
    if (format.isEmpty() || format == QLatin1String("iso") || format == QLatin1String("none"))
        format = QStringLiteral("raw");
    if (!wanted.isEmpty() && wanted != format)
        return invalid(QStringLiteral("volume %1 is %2, not %3; attaching it as %3 would "
                                      "corrupt it")
                           .arg(path, format, wanted));
    image.format = format;
    return image;
}

QVariantMap fromTo(const QVariant &from, const QVariant &to)
{
    return {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

qulonglong toKiB(qint64 bytes)
{
    return qulonglong((bytes + 1023) / 1024);
}

Result<DomainEditResult> performSet(virConnectPtr conn, Current &c, const DomainEditRequest &r)
{
    DomainEditResult result;
    virDomainPtr dom = c.dom.get();
    const DomainInfo before = c.primary();
    QList<std::function<void()>> undo;
    auto rollback = [&](Error e) -> std::unexpected<Error> {
        for (auto it = undo.crbegin(); it != undo.crend(); ++it)
            (*it)();
        virResetLastError();
        // The undo restores the persistent config only: what the running VM took, it keeps.
        if (!undo.isEmpty())
            e.message += c.running ? QStringLiteral(" (the configuration was put back; the "
                                                    "running VM keeps what it already took)")
                                   : QStringLiteral(" (the settings already changed were put back)");
        return std::unexpected(e);
    };
    auto pending = [&](const QString &field, const QString &why) {
        result.appliesAfterRestart = true;
        if (!result.pendingFields.contains(field))
            result.pendingFields.append(field);
        if (!why.isEmpty())
            result.note += (result.note.isEmpty() ? QString() : QStringLiteral("; ")) + field
                           + QStringLiteral(": ") + why;
    };
    // One setting: into the config (persistent VM), then into the running VM. When the running
    // VM refuses what its config took, the setting waits for the next start.
    auto apply = [&](const QString &field, const std::function<int(unsigned)> &call,
                     bool liveAllowed, const std::function<void()> &restore) -> Result<> {
        if (c.persistent) {
            if (call(affectConfig) < 0)
                return failure(QStringLiteral("changing %1").arg(field));
            if (restore)
                undo.append(restore);
        }
        if (!c.running)
            return {};
        if (!liveAllowed) {
            pending(field, {});
            return {};
        }
        if (call(affectLive) == 0)
            return {};
        const Error e
            = lastError(ErrorCode::Libvirt, QStringLiteral("changing %1 live").arg(field));
        if (!c.persistent)
            return std::unexpected(e);
        pending(field, e.message);
        return {};
    };

    if (r.vcpus) {
        const int n = *r.vcpus;
        const unsigned where = c.persistent ? affectConfig : affectLive;
        const int max = virDomainGetVcpusFlags(dom, where | vcpuMaximum);
        if (max < 0)
            return rollback(
                lastError(ErrorCode::Libvirt, QStringLiteral("reading the vCPU limit")));
        const int hostMax = virConnectGetMaxVcpus(conn, nullptr);
        if (hostMax < 0)
            virResetLastError(); // not every driver can say; the define below still checks
        else if (n > hostMax)
            return rollback(invalid(QStringLiteral("%1 vCPUs exceed the %2 this host's "
                                                   "hypervisor allows")
                                        .arg(n)
                                        .arg(hostMax))
                                .error());
        const int liveMax = c.running ? virDomainGetVcpusFlags(dom, affectLive | vcpuMaximum) : 0;
        if (n > max) {
            if (!c.persistent)
                return rollback(invalid(QStringLiteral("VM %1 is transient and allows at most "
                                                       "%2 vCPUs while it runs")
                                            .arg(c.name)
                                            .arg(max))
                                    .error());
            if (virDomainSetVcpusFlags(dom, unsigned(n), affectConfig | vcpuMaximum) < 0)
                return rollback(
                    lastError(ErrorCode::Libvirt, QStringLiteral("raising the vCPU maximum")));
            undo.append([dom, max] {
                virDomainSetVcpusFlags(dom, unsigned(max), affectConfig | vcpuMaximum);
            });
        }
        const int old = before.vcpuCount;
        auto a = apply(
            QStringLiteral("vcpu_count"),
            [dom, n](unsigned f) { return virDomainSetVcpusFlags(dom, unsigned(n), f); },
            n <= liveMax, [dom, old] { virDomainSetVcpusFlags(dom, unsigned(old), affectConfig); });
        if (!a)
            return rollback(a.error());
        result.changes.insert(QStringLiteral("vcpu_count"), fromTo(old, n));
    }

    if (r.memoryBytes || r.maxMemoryBytes) {
        const qint64 configMax = before.memoryBytes;
        const qint64 liveMax = c.running ? c.live.memoryBytes : 0;
        const qint64 newMax = r.maxMemoryBytes.value_or(configMax);
        if (r.memoryBytes && *r.memoryBytes > newMax)
            return rollback(invalid(QStringLiteral("memory (%1 bytes) cannot exceed the "
                                                   "maximum memory (%2 bytes); raise the "
                                                   "maximum too")
                                        .arg(*r.memoryBytes)
                                        .arg(newMax))
                                .error());
        auto setMax = [&]() -> Result<> {
            if (!c.persistent)
                return invalid(QStringLiteral("VM %1 is transient: its maximum memory cannot "
                                              "change while it runs")
                                   .arg(c.name));
            if (virDomainSetMemoryFlags(dom, toKiB(newMax), affectConfig | memoryMaximum) < 0)
                return failure(QStringLiteral("changing the maximum memory"));
            undo.append([dom, configMax] {
                virDomainSetMemoryFlags(dom, toKiB(configMax), affectConfig | memoryMaximum);
            });
            // The maximum of a running VM is fixed at its start.
            if (c.running && newMax != liveMax)
                pending(QStringLiteral("memory_bytes"), {});
            result.changes.insert(QStringLiteral("memory_bytes"), fromTo(configMax, newMax));
            return {};
        };
        auto setCurrent = [&]() -> Result<> {
            const qint64 bytes = *r.memoryBytes;
            const qint64 old = before.currentMemoryBytes;
            auto a = apply(
                QStringLiteral("current_memory_bytes"),
                [dom, bytes](unsigned f) { return virDomainSetMemoryFlags(dom, toKiB(bytes), f); },
                bytes <= liveMax,
                [dom, old] { virDomainSetMemoryFlags(dom, toKiB(old), affectConfig); });
            if (a)
                result.changes.insert(QStringLiteral("current_memory_bytes"), fromTo(old, bytes));
            return a;
        };
        // Keep current <= maximum at every step: raise the maximum first, lower it last.
        const bool maxFirst = r.maxMemoryBytes && (!r.memoryBytes || newMax >= configMax);
        if (maxFirst) {
            if (auto a = setMax(); !a)
                return rollback(a.error());
        }
        if (r.memoryBytes) {
            if (auto a = setCurrent(); !a)
                return rollback(a.error());
        }
        if (r.maxMemoryBytes && !maxFirst) {
            if (auto a = setMax(); !a)
                return rollback(a.error());
        }
    }

    if (r.autostart) {
        if (!c.persistent)
            return rollback(invalid(QStringLiteral("VM %1 is transient: only a persistent VM "
                                                   "can start with its host")
                                        .arg(c.name))
                                .error());
        int old = 0;
        if (virDomainGetAutostart(dom, &old) < 0)
            return rollback(lastError(ErrorCode::Libvirt, QStringLiteral("reading autostart")));
        if (virDomainSetAutostart(dom, *r.autostart ? 1 : 0) < 0)
            return rollback(lastError(ErrorCode::Libvirt, QStringLiteral("changing autostart")));
        undo.append([dom, old] { virDomainSetAutostart(dom, old); });
        result.changes.insert(QStringLiteral("autostart"), fromTo(old != 0, *r.autostart));
    }

    auto metadata = [&](int type, const QString &field, const QString &old,
                        const QString &value) -> Result<> {
        const QByteArray text = value.toUtf8();
        const QByteArray oldText = old.toUtf8();
        auto a = apply(
            field,
            [dom, type, text](unsigned f) {
                return virDomainSetMetadata(dom, type, text.isEmpty() ? nullptr : text.constData(),
                                            nullptr, nullptr, f);
            },
            true,
            [dom, type, oldText] {
                virDomainSetMetadata(dom, type, oldText.isEmpty() ? nullptr : oldText.constData(),
                                     nullptr, nullptr, affectConfig);
            });
        if (a)
            result.changes.insert(field, fromTo(old, value));
        return a;
    };
    if (r.title) {
        if (auto a
            = metadata(VIR_DOMAIN_METADATA_TITLE, QStringLiteral("title"), before.title, *r.title);
            !a)
            return rollback(a.error());
    }
    if (r.description) {
        if (auto a = metadata(VIR_DOMAIN_METADATA_DESCRIPTION, QStringLiteral("description"),
                              before.description, *r.description);
            !a)
            return rollback(a.error());
    }

    if (r.bootOrder) {
        // No API sets the boot order: the definition is rewritten (with its secrets, so that
        // a VNC password survives) and defined again. Config only.
        if (!c.persistent)
            return rollback(invalid(QStringLiteral("VM %1 is transient: its boot order cannot "
                                                   "change while it runs")
                                        .arg(c.name))
                                .error());
        auto original = xmlDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
        if (!original)
            return rollback(original.error());
        auto edited = withBootOrder(*original, *r.bootOrder);
        if (!edited)
            return rollback(edited.error());
        DomainHandle defined(virDomainDefineXML(conn, edited->toUtf8().constData()));
        if (!defined)
            return rollback(
                lastError(ErrorCode::Libvirt, QStringLiteral("changing the boot order")));
        const QByteArray restore = *original;
        undo.append(
            [conn, restore] { DomainHandle(virDomainDefineXML(conn, restore.constData())); });
        if (c.running)
            pending(QStringLiteral("boot_order"), {});
        result.changes.insert(QStringLiteral("boot_order"),
                              fromTo(bootOrderOf(*original), *r.bootOrder));
    }
    return result;
}

Result<DomainEditResult> attachDisk(virConnectPtr conn, Current &c, const DomainEditRequest &r)
{
    DiskAttachSpec spec = r.disk;
    for (const DomainInfo *d : {&c.live, &c.config}) {
        for (const DiskInfo &disk : d->disks) {
            if (disk.sourcePath == spec.sourcePath)
                return invalid(QStringLiteral("%1 is already attached to %2 as %3")
                                   .arg(spec.sourcePath, c.name, disk.deviceName));
        }
    }
    if (spec.bus.isEmpty()) {
        if (spec.device == QLatin1String("cdrom"))
            spec.bus = c.primary().machine.contains(QLatin1String("q35")) ? QStringLiteral("sata")
                                                                          : QStringLiteral("ide");
        else
            spec.bus = QStringLiteral("virtio");
    }
    const QStringList used = c.targets();
    if (spec.targetDev.isEmpty()) {
        spec.targetDev = DomainEdits::freeTarget(spec.bus, used);
        if (spec.targetDev.isEmpty())
            return invalid(
                QStringLiteral("bus %1 of %2 has no free place left").arg(spec.bus, c.name));
    } else if (!DomainEdits::targetFitsBus(spec.targetDev, spec.bus)) {
        return invalid(QStringLiteral("target \"%1\" does not fit bus %2 (expected %3a, %3b, ...)")
                           .arg(spec.targetDev, spec.bus, DomainEdits::targetPrefix(spec.bus)));
    } else if (used.contains(spec.targetDev)) {
        return invalid(
            QStringLiteral("target %1 is already used on %2 (free on bus %3: %4)")
                .arg(spec.targetDev, c.name, spec.bus, DomainEdits::freeTarget(spec.bus, used)));
    }
    auto image = imageFor(conn, spec.sourcePath, spec.format,
                          spec.device == QLatin1String("cdrom"));
    if (!image)
        return std::unexpected(image.error());
    const QByteArray xml = DomainEdits::diskXml(spec, image->sourceType, image->format).toUtf8();
    if (virDomainAttachDeviceFlags(c.dom.get(), xml.constData(), c.flags()) < 0)
        return failure(QStringLiteral("attaching %1 to %2 as %3")
                           .arg(spec.sourcePath, c.name, spec.targetDev));
    DomainEditResult result;
    result.targetDev = spec.targetDev;
    return result;
}

QString diskList(const Current &c)
{
    const QStringList t = c.targets();
    return t.isEmpty() ? QStringLiteral("none") : t.join(QStringLiteral(", "));
}

Result<DomainEditResult> detachDisk(Current &c, const QString &target)
{
    const DiskInfo *live = c.running ? findDisk(c.live, target) : nullptr;
    const DiskInfo *config = c.persistent ? findDisk(c.config, target) : nullptr;
    if (!live && !config)
        return invalid(
            QStringLiteral("%1 has no disk %2 (its disks: %3)").arg(c.name, target, diskList(c)));
    const unsigned flags = (live ? affectLive : 0u) | (config ? affectConfig : 0u);
    const QByteArray xml = diskElement(live ? c.liveXml : c.configXml, target).toUtf8();
    if (virDomainDetachDeviceFlags(c.dom.get(), xml.constData(), flags) < 0)
        return failure(QStringLiteral("detaching %1 from %2").arg(target, c.name));
    DomainEditResult result;
    result.targetDev = target;
    if (live) {
        // A guest must let go of some devices (PCI unplug); libvirt then reports the removal
        // with an event, which updates the mirror.
        auto now = xmlDesc(c.dom.get(), 0);
        if (now && !diskElement(*now, target).isEmpty())
            result.note = QStringLiteral("the guest has not released %1 yet; it disappears "
                                         "when the guest does")
                              .arg(target);
        virResetLastError();
    }
    return result;
}

Result<DomainEditResult> changeMedia(virConnectPtr conn, Current &c, const DomainEditRequest &r)
{
    const DiskInfo *live = c.running ? findDisk(c.live, r.targetDev) : nullptr;
    const DiskInfo *config = c.persistent ? findDisk(c.config, r.targetDev) : nullptr;
    if (!live && !config)
        return invalid(QStringLiteral("%1 has no drive %2 (its disks: %3)")
                           .arg(c.name, r.targetDev, diskList(c)));
    const DiskInfo &disk = live ? *live : *config;
    if (disk.device != QLatin1String("cdrom") && disk.device != QLatin1String("floppy"))
        return invalid(QStringLiteral("%1 of %2 is a %3, not a cdrom: only cdrom and floppy "
                                      "drives take media")
                           .arg(r.targetDev, c.name, disk.device));
    QString format;
    if (!r.mediaPath.isEmpty()) {
        auto image = imageFor(conn, r.mediaPath, {}, true);
        if (!image)
            return std::unexpected(image.error());
        if (image->sourceType != QLatin1String("file"))
            return invalid(
                QStringLiteral("%1 is not a file; a drive takes an image file").arg(r.mediaPath));
        format = image->format;
    }
    const unsigned flags = (live ? affectLive : 0u) | (config ? affectConfig : 0u);
    const QByteArray xml
        = withMedia(diskElement(live ? c.liveXml : c.configXml, r.targetDev), r.mediaPath, format)
              .toUtf8();
    // A guest's firmware probing the drive (SeaBIOS does at boot, and again on every boot
    // retry) can close the tray between QEMU opening it for libvirt and the medium swap;
    // QEMU then reports an internal error and nothing changed. A few retries, spaced so that
    // a busy host's guest gets past its probe (at most 5.5 s in all, only on that error), get
    // past that without hiding a real refusal, which fails the same way every time.
    int rc = -1;
    for (int attempt = 0; attempt < 8 && rc < 0; ++attempt) {
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(250 * std::min(attempt, 4)));
        rc = virDomainUpdateDeviceFlags(c.dom.get(), xml.constData(), flags);
        if (rc < 0 && (!live || virGetLastErrorCode() != VIR_ERR_INTERNAL_ERROR))
            break;
    }
    if (rc < 0)
        return failure(r.mediaPath.isEmpty()
                           ? QStringLiteral("ejecting %1 of %2").arg(r.targetDev, c.name)
                           : QStringLiteral("inserting %1 into %2 of %3")
                                 .arg(r.mediaPath, r.targetDev, c.name));
    DomainEditResult result;
    result.targetDev = r.targetDev;
    return result;
}

/// Replaces the persistent definition with the editor's XML, validated by libvirt against its
/// schema. The XML must keep the VM's uuid and name (a different uuid would define another VM;
/// a rename is not an edit of this one). A running VM takes it at its next start.
Result<DomainEditResult> defineXml(virConnectPtr conn, Current &c, const DomainEditRequest &r)
{
    if (!c.persistent)
        return invalid(QStringLiteral("%1 is transient: it has no persistent configuration to "
                                      "edit")
                           .arg(c.name));
    auto edited = XmlParsers::parseDomain(r.domainXml.toUtf8());
    if (!edited)
        return invalid(QStringLiteral("the domain XML cannot be read: %1")
                           .arg(edited.error().message));
    if (edited->uuid != r.uuid)
        return invalid(edited->uuid.isEmpty()
                           ? QStringLiteral("the XML has no <uuid>: keep %1").arg(r.uuid)
                           : QStringLiteral("the XML names another VM (uuid %1, not %2)")
                                 .arg(edited->uuid, r.uuid));
    if (edited->name != c.name)
        return invalid(QStringLiteral("the XML renames the VM to \"%1\": keep the name \"%2\"")
                           .arg(edited->name, c.name));
    DomainHandle defined(virDomainDefineXMLFlags(conn, r.domainXml.toUtf8().constData(),
                                                 VIR_DOMAIN_DEFINE_VALIDATE));
    if (!defined)
        return failure(QStringLiteral("defining %1 from the edited XML").arg(c.name));
    DomainEditResult result;
    auto after = readCurrent(conn, r.uuid);
    const DomainInfo &now = after ? after->config : *edited;
    const DomainInfo &was = c.config;
    const auto note = [&result](const char *field, const QVariant &from, const QVariant &to) {
        if (from != to)
            result.changes.insert(QString::fromLatin1(field), fromTo(from, to));
    };
    note("vcpu_count", was.vcpuCount, now.vcpuCount);
    note("memory_bytes", was.memoryBytes, now.memoryBytes);
    note("current_memory_bytes", was.currentMemoryBytes, now.currentMemoryBytes);
    note("title", was.title, now.title);
    note("description", was.description, now.description);
    note("disk_count", int(was.disks.size()), int(now.disks.size()));
    note("nic_count", int(was.ports.size()), int(now.ports.size()));
    note("graphics_count", int(was.graphics.size()), int(now.graphics.size()));
    if (c.running) {
        result.appliesAfterRestart = true;
        result.pendingFields = {QStringLiteral("definition")};
        result.note = QStringLiteral("the running VM keeps its current configuration until it "
                                     "is restarted");
    }
    return result;
}

} // namespace

Result<DomainEditResult> perform(virConnectPtr conn, const DomainEditRequest &request)
{
    if (auto valid = DomainEdits::validate(request); !valid)
        return std::unexpected(valid.error());
    auto current = readCurrent(conn, request.uuid);
    if (!current)
        return std::unexpected(current.error());
    Current &c = *current;
    switch (request.op) {
    case DomainEditRequest::Op::Set:
        return performSet(conn, c, request);
    case DomainEditRequest::Op::AttachDisk:
        return attachDisk(conn, c, request);
    case DomainEditRequest::Op::DetachDisk:
        return detachDisk(c, request.targetDev);
    case DomainEditRequest::Op::ChangeMedia:
        return changeMedia(conn, c, request);
    case DomainEditRequest::Op::DefineXml:
        return defineXml(conn, c, request);
    case DomainEditRequest::Op::ReadConfig: {
        auto xml = xmlDesc(c.dom.get(), (c.persistent ? unsigned(VIR_DOMAIN_XML_INACTIVE) : 0u)
                                            | VIR_DOMAIN_XML_SECURE);
        if (!xml)
            return std::unexpected(xml.error());
        DomainEditResult result;
        result.configXml = QString::fromUtf8(*xml);
        return result;
    }
    case DomainEditRequest::Op::AttachDevice:
    case DomainEditRequest::Op::DetachDevice: {
        const QByteArray xml = request.deviceXml.toUtf8();
        const bool attach = request.op == DomainEditRequest::Op::AttachDevice;
        const auto call = [&](unsigned flags) {
            return attach ? virDomainAttachDeviceFlags(c.dom.get(), xml.constData(), flags)
                          : virDomainDetachDeviceFlags(c.dom.get(), xml.constData(), flags);
        };
        const QString what = attach ? QStringLiteral("adding the device to %1").arg(c.name)
                                    : QStringLiteral("removing the device from %1").arg(c.name);
        if (call(c.flags()) == 0)
            return DomainEditResult{};
        // Graphics, video, sound and the like cannot be plugged into (or out of) a running QEMU
        // VM, and a device only in the config is not in the running VM: the persistent config
        // takes the change, the VM at its next start. (Disks stay all or nothing, above.)
        const int code = virGetLastErrorCode();
        const bool configOnly = code == VIR_ERR_OPERATION_UNSUPPORTED
                                || code == VIR_ERR_CONFIG_UNSUPPORTED
                                || (!attach && code == VIR_ERR_DEVICE_MISSING);
        if (!c.running || !c.persistent || !configOnly)
            return failure(what);
        const Error live = lastError(ErrorCode::Libvirt, what);
        if (call(affectConfig) < 0)
            return failure(what);
        DomainEditResult result;
        result.appliesAfterRestart = true;
        result.pendingFields = {QStringLiteral("devices")};
        result.note = QStringLiteral("the running VM cannot take this change live (%1)")
                          .arg(live.message);
        return result;
    }
    }
    return DomainEditResult{};
}

} // namespace Virtumancer::Actions
