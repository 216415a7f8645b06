#include "domainedit.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Virtumancer {

namespace {

std::unexpected<Error> invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

bool isLowerLetters(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (const QChar c : s) {
        if (c < u'a' || c > u'z')
            return false;
    }
    return true;
}

/// A driver type such as qcow2, raw, vmdk: lower-case letters and digits.
bool isFormatName(QStringView s)
{
    if (s.isEmpty() || s.size() > 16)
        return false;
    for (const QChar c : s) {
        if (!(c >= u'a' && c <= u'z') && !(c >= u'0' && c <= u'9'))
            return false;
    }
    return true;
}

/// libvirt's disk name index: a..z are 0..25, aa is 26 (virDiskNameToIndex).
QString indexToSuffix(int index)
{
    QString suffix;
    for (int i = index; i >= 0; i = i / 26 - 1)
        suffix.prepend(QChar(u'a' + i % 26));
    return suffix;
}

} // namespace

QString DomainEditRequest::actionName() const
{
    switch (op) {
    case Op::Set:
        return QStringLiteral("vm.set");
    case Op::AttachDisk:
        return QStringLiteral("vm.attach");
    case Op::DetachDisk:
        return QStringLiteral("vm.detach");
    case Op::ChangeMedia:
        return mediaPath.isEmpty() ? QStringLiteral("vm.eject") : QStringLiteral("vm.insert");
    case Op::AttachDevice:
        return QStringLiteral("vm.attach-device");
    case Op::DetachDevice:
        return QStringLiteral("vm.detach-device");
    case Op::DefineXml:
        return QStringLiteral("vm.define");
    case Op::ReadConfig:
        return QStringLiteral("vm.read-config");
    }
    return {};
}

namespace DomainEdits {

QStringList diskBuses()
{
    return {QStringLiteral("virtio"), QStringLiteral("sata"), QStringLiteral("scsi"),
            QStringLiteral("ide"), QStringLiteral("usb")};
}

QStringList bootDevices()
{
    return {QStringLiteral("hd"), QStringLiteral("cdrom"), QStringLiteral("network"),
            QStringLiteral("fd")};
}

QString targetPrefix(const QString &bus)
{
    if (bus == QLatin1String("virtio"))
        return QStringLiteral("vd");
    if (bus == QLatin1String("ide"))
        return QStringLiteral("hd");
    if (bus == QLatin1String("sata") || bus == QLatin1String("scsi") || bus == QLatin1String("usb"))
        return QStringLiteral("sd");
    return {};
}

bool targetFitsBus(const QString &target, const QString &bus)
{
    const QString prefix = targetPrefix(bus);
    if (prefix.isEmpty() || !target.startsWith(prefix))
        return false;
    const QStringView suffix = QStringView(target).mid(prefix.size());
    if (!isLowerLetters(suffix) || suffix.size() > 3)
        return false;
    // IDE has two channels of two: hda..hdd.
    return bus != QLatin1String("ide") || (suffix.size() == 1 && suffix.front() <= u'd');
}

QString freeTarget(const QString &bus, const QStringList &used)
{
    const QString prefix = targetPrefix(bus);
    if (prefix.isEmpty())
        return {};
    const int limit = bus == QLatin1String("ide") ? 4 : 26 * 27;
    for (int i = 0; i < limit; ++i) {
        const QString name = prefix + indexToSuffix(i);
        if (!used.contains(name))
            return name;
    }
    return {};
}

Result<> validate(const DomainEditRequest &request)
{
    if (request.uuid.isEmpty())
        return invalid(QStringLiteral("no VM given"));
    switch (request.op) {
    case DomainEditRequest::Op::Set: {
        const DomainEditRequest &r = request;
        if (!r.vcpus && !r.memoryBytes && !r.maxMemoryBytes && !r.autostart && !r.title
            && !r.description && !r.bootOrder)
            return invalid(QStringLiteral("nothing to change: give at least one setting"));
        if (r.vcpus && *r.vcpus < 1)
            return invalid(QStringLiteral("a VM needs at least 1 vCPU (got %1)").arg(*r.vcpus));
        if (r.memoryBytes && *r.memoryBytes <= 0)
            return invalid(QStringLiteral("memory must be greater than zero (got %1 bytes)")
                               .arg(*r.memoryBytes));
        if (r.maxMemoryBytes && *r.maxMemoryBytes <= 0)
            return invalid(QStringLiteral("maximum memory must be greater than zero (got %1 "
                                          "bytes)")
                               .arg(*r.maxMemoryBytes));
        if (r.memoryBytes && r.maxMemoryBytes && *r.memoryBytes > *r.maxMemoryBytes)
            return invalid(QStringLiteral("memory (%1 bytes) cannot exceed the maximum memory "
                                          "(%2 bytes)")
                               .arg(*r.memoryBytes)
                               .arg(*r.maxMemoryBytes));
        if (r.title && r.title->contains(u'\n'))
            return invalid(QStringLiteral("a title is one line"));
        if (r.bootOrder) {
            if (r.bootOrder->isEmpty())
                return invalid(QStringLiteral("the boot order needs at least one device (%1)")
                                   .arg(bootDevices().join(QStringLiteral(", "))));
            QStringList seen;
            for (const QString &dev : *r.bootOrder) {
                if (!bootDevices().contains(dev))
                    return invalid(QStringLiteral("boot device \"%1\" is not one of %2")
                                       .arg(dev, bootDevices().join(QStringLiteral(", "))));
                if (seen.contains(dev))
                    return invalid(QStringLiteral("boot device \"%1\" is listed twice").arg(dev));
                seen.append(dev);
            }
        }
        return {};
    }
    case DomainEditRequest::Op::AttachDisk: {
        const DiskAttachSpec &d = request.disk;
        if (!d.sourcePath.startsWith(u'/'))
            return invalid(
                QStringLiteral("disk image path \"%1\" is not absolute").arg(d.sourcePath));
        if (d.device != QLatin1String("disk") && d.device != QLatin1String("cdrom"))
            return invalid(QStringLiteral("device \"%1\" is not one of disk, cdrom").arg(d.device));
        if (!d.bus.isEmpty() && !diskBuses().contains(d.bus))
            return invalid(QStringLiteral("bus \"%1\" is not one of %2")
                               .arg(d.bus, diskBuses().join(QStringLiteral(", "))));
        if (d.device == QLatin1String("cdrom") && d.bus == QLatin1String("virtio"))
            return invalid(QStringLiteral("a cdrom cannot sit on the virtio bus; use sata, "
                                          "scsi, ide or usb"));
        if (!d.bus.isEmpty() && !d.targetDev.isEmpty() && !targetFitsBus(d.targetDev, d.bus))
            return invalid(QStringLiteral("target \"%1\" does not fit bus %2 (expected %3a, "
                                          "%3b, ...)")
                               .arg(d.targetDev, d.bus, targetPrefix(d.bus)));
        if (!d.format.isEmpty() && !isFormatName(d.format))
            return invalid(
                QStringLiteral("\"%1\" is not a disk format (e.g. qcow2, raw)").arg(d.format));
        return {};
    }
    case DomainEditRequest::Op::DetachDisk:
    case DomainEditRequest::Op::ChangeMedia:
        if (request.targetDev.isEmpty())
            return invalid(QStringLiteral("no target device given (e.g. vdb, sda, hdc)"));
        if (!request.mediaPath.isEmpty() && !request.mediaPath.startsWith(u'/'))
            return invalid(
                QStringLiteral("media path \"%1\" is not absolute").arg(request.mediaPath));
        return {};
    case DomainEditRequest::Op::AttachDevice:
    case DomainEditRequest::Op::DetachDevice: {
        QXmlStreamReader r(request.deviceXml);
        int roots = 0;
        bool firstComplete = false;
        while (!r.atEnd()) {
            if (r.readNext() == QXmlStreamReader::StartElement) {
                ++roots;
                r.skipCurrentElement();
                firstComplete = firstComplete || (roots == 1 && !r.hasError());
            }
        }
        // A second element after a complete first one is what the reader calls extra content.
        if (firstComplete && (roots > 1 || r.error() == QXmlStreamReader::NotWellFormedError))
            roots = qMax(roots, 2);
        if (r.hasError() && roots < 2)
            return invalid(QStringLiteral("the device XML is not well-formed: %1 (line %2)")
                               .arg(r.errorString())
                               .arg(r.lineNumber()));
        if (roots != 1)
            return invalid(QStringLiteral("the device XML must hold exactly one element"));
        return {};
    }
    case DomainEditRequest::Op::DefineXml: {
        if (request.domainXml.trimmed().isEmpty())
            return invalid(QStringLiteral("the domain XML is empty"));
        QXmlStreamReader r(request.domainXml);
        while (!r.atEnd() && !r.isStartElement())
            r.readNext();
        if (r.isStartElement() && r.name() != u"domain")
            return invalid(QStringLiteral("the XML's root element is <%1>, not <domain>")
                               .arg(r.name().toString()));
        while (!r.atEnd())
            r.readNext();
        if (r.hasError())
            return invalid(QStringLiteral("the domain XML is not well-formed: %1 (line %2, "
                                          "column %3)")
                               .arg(r.errorString())
                               .arg(r.lineNumber())
                               .arg(r.columnNumber()));
        return {};
    }
    case DomainEditRequest::Op::ReadConfig:
        return {};
    }
    return {};
}

QString diskXml(const DiskAttachSpec &spec, const QString &sourceType, const QString &format)
{
    QString xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(QStringLiteral("disk"));
    w.writeAttribute(QStringLiteral("type"), sourceType);
    w.writeAttribute(QStringLiteral("device"), spec.device);
    w.writeEmptyElement(QStringLiteral("driver"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("qemu"));
    w.writeAttribute(QStringLiteral("type"), format);
    w.writeEmptyElement(QStringLiteral("source"));
    w.writeAttribute(sourceType == QLatin1String("block") ? QStringLiteral("dev")
                                                          : QStringLiteral("file"),
                     spec.sourcePath);
    w.writeEmptyElement(QStringLiteral("target"));
    w.writeAttribute(QStringLiteral("dev"), spec.targetDev);
    w.writeAttribute(QStringLiteral("bus"), spec.bus);
    if (spec.readonly || spec.device == QLatin1String("cdrom"))
        w.writeEmptyElement(QStringLiteral("readonly"));
    w.writeEndElement();
    return xml;
}

} // namespace DomainEdits

} // namespace Virtumancer
