#include "inventoryaction.h"

#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QXmlStreamWriter>

#include <algorithm>

namespace Virtumancer {

namespace {

QString opName(InventoryRequest::Op op)
{
    switch (op) {
    case InventoryRequest::Op::Create:
        return QStringLiteral("create");
    case InventoryRequest::Op::Start:
        return QStringLiteral("start");
    case InventoryRequest::Op::Stop:
        return QStringLiteral("stop");
    case InventoryRequest::Op::Refresh:
        return QStringLiteral("refresh");
    case InventoryRequest::Op::SetAutostart:
        return QStringLiteral("autostart");
    case InventoryRequest::Op::Delete:
        return QStringLiteral("delete");
    case InventoryRequest::Op::Resize:
        return QStringLiteral("resize");
    case InventoryRequest::Op::Wipe:
        return QStringLiteral("wipe");
    }
    return {};
}

std::unexpected<Error> invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

/// Pool and network names: they end up in file names (libvirt's config) and on command lines,
/// so keep them to a portable set rather than everything libvirt tolerates.
Result<> validateName(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return invalid(QStringLiteral("the %1 needs a name").arg(what));
    if (name.size() > 64)
        return invalid(
            QStringLiteral("%1 name \"%2\" is longer than 64 characters").arg(what, name));
    for (const QChar c : name) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
                        || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_' || c == u'.';
        if (!ok)
            return invalid(QStringLiteral("%1 name \"%2\" may contain only letters, digits, '-', "
                                          "'_' and '.'")
                               .arg(what, name));
    }
    if (name.front() == u'-' || name.front() == u'.')
        return invalid(
            QStringLiteral("%1 name \"%2\" must not start with '-' or '.'").arg(what, name));
    return {};
}

/// An IPv4 address in dotted form, or nothing.
std::optional<quint32> parseIpv4(const QString &text)
{
    QHostAddress a;
    if (text.isEmpty() || !a.setAddress(text) || a.protocol() != QAbstractSocket::IPv4Protocol)
        return std::nullopt;
    // QHostAddress also takes "10.1" and "10" (inet_aton forms); a network form wants four parts.
    if (text.count(u'.') != 3)
        return std::nullopt;
    return a.toIPv4Address();
}

QString ipv4Text(quint32 a)
{
    return QHostAddress(a).toString();
}

bool hasControlCharacter(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

/// An absolute path in canonical form (what libvirt stores and compares).
Result<> validateAbsolutePath(const QString &what, const QString &path)
{
    if (path.isEmpty())
        return invalid(QStringLiteral("the %1 is missing").arg(what));
    if (hasControlCharacter(path))
        return invalid(QStringLiteral("the %1 contains a control character").arg(what));
    if (!path.startsWith(u'/'))
        return invalid(QStringLiteral("%1 \"%2\" is not absolute").arg(what, path));
    if (QDir::cleanPath(path) != path)
        return invalid(QStringLiteral("%1 \"%2\" is not in canonical form (try \"%3\")")
                           .arg(what, path, QDir::cleanPath(path)));
    return {};
}

/// A block device node: an absolute path below /dev.
Result<> validateDevicePath(const QString &what, const QString &path)
{
    if (auto r = validateAbsolutePath(what, path); !r)
        return r;
    if (!path.startsWith(QLatin1String("/dev/")))
        return invalid(QStringLiteral("%1 \"%2\" is not a device path (/dev/...)").arg(what, path));
    return {};
}

bool isAsciiAlnum(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

/// Dot-separated labels of letters, digits and inner hyphens (RFC 1123), each 1..63.
bool isDomainLabels(QStringView text)
{
    if (text.isEmpty() || text.size() > 253)
        return false;
    for (QStringView label : text.split(u'.')) {
        if (label.isEmpty() || label.size() > 63 || label.front() == u'-' || label.back() == u'-')
            return false;
        for (const QChar c : label) {
            if (!isAsciiAlnum(c) && c != u'-')
                return false;
        }
    }
    return true;
}

bool isHex(QStringView text, std::initializer_list<qsizetype> lengths)
{
    if (std::find(lengths.begin(), lengths.end(), text.size()) == lengths.end())
        return false;
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

/// RFC 3720 iSCSI names: iqn.YYYY-MM.reversed.domain[:anything], eui.<16 hex>,
/// naa.<16 or 32 hex>.
bool isIscsiName(const QString &name)
{
    if (name.size() > 223 || hasControlCharacter(name) || name.contains(u' '))
        return false;
    if (name.startsWith(QLatin1String("eui.")))
        return isHex(QStringView(name).mid(4), {16});
    if (name.startsWith(QLatin1String("naa.")))
        return isHex(QStringView(name).mid(4), {16, 32});
    if (!name.startsWith(QLatin1String("iqn.")))
        return false;
    const QStringView rest = QStringView(name).mid(4);
    // YYYY-MM.
    if (rest.size() < 9 || rest.at(4) != u'-' || rest.at(7) != u'.')
        return false;
    bool yearOk = false;
    bool monthOk = false;
    const int year = rest.left(4).toInt(&yearOk);
    const int month = rest.mid(5, 2).toInt(&monthOk);
    if (!yearOk || !monthOk || year < 1900 || month < 1 || month > 12
        || !rest.left(4).front().isDigit() || !rest.mid(5, 2).front().isDigit())
        return false;
    const QStringView tail = rest.mid(8);
    const qsizetype colon = tail.indexOf(u':');
    const QStringView authority = colon < 0 ? tail : tail.left(colon);
    if (!isDomainLabels(authority))
        return false;
    return colon < 0 || colon + 1 < tail.size();
}

} // namespace

QString InventoryRequest::actionName() const
{
    switch (kind) {
    case Kind::Pool:
        return QStringLiteral("pool.") + opName(op);
    case Kind::Network:
        return QStringLiteral("net.") + opName(op);
    case Kind::Volume:
        return QStringLiteral("volume.") + opName(op);
    }
    return {};
}

QString InventoryRequest::objectType() const
{
    switch (kind) {
    case Kind::Pool:
        return QStringLiteral("pool");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Volume:
        return QStringLiteral("volume");
    }
    return {};
}

namespace InventorySpecs {

QStringList networkModes()
{
    return {QStringLiteral("nat"), QStringLiteral("route"), QStringLiteral("isolated"),
            QStringLiteral("open")};
}

QStringList poolTypes()
{
    return {QStringLiteral("dir"), QStringLiteral("logical"), QStringLiteral("netfs"),
            QStringLiteral("iscsi"), QStringLiteral("disk")};
}

QStringList poolSourceFormats(const QString &type)
{
    if (type == QLatin1String("netfs"))
        return {QStringLiteral("auto"), QStringLiteral("nfs"), QStringLiteral("cifs"),
                QStringLiteral("glusterfs")};
    // libvirt's partition table formats (virStoragePoolFormatDisk), dos being its default.
    if (type == QLatin1String("disk"))
        return {QStringLiteral("dos"), QStringLiteral("gpt"),  QStringLiteral("mac"),
                QStringLiteral("bsd"), QStringLiteral("pc98"), QStringLiteral("sun"),
                QStringLiteral("dvh"), QStringLiteral("lvm2")};
    return {};
}

QString defaultTargetPath(const PoolSpec &spec)
{
    if (spec.type == QLatin1String("logical")) {
        const QString vg = spec.sourceName.isEmpty() ? spec.name : spec.sourceName;
        return vg.isEmpty() ? QString() : QStringLiteral("/dev/") + vg;
    }
    if (spec.type == QLatin1String("iscsi"))
        return QStringLiteral("/dev/disk/by-path");
    if (spec.type == QLatin1String("disk"))
        return QStringLiteral("/dev");
    return {};
}

bool needsBuild(const PoolSpec &spec)
{
    if (spec.type == QLatin1String("dir") || spec.type == QLatin1String("netfs"))
        return true;
    if (spec.type == QLatin1String("logical"))
        return !spec.sourceDevices.isEmpty();
    if (spec.type == QLatin1String("disk"))
        return spec.writeLabel;
    return false;
}

bool isHostName(const QString &text)
{
    QHostAddress address;
    if (address.setAddress(text)) {
        // inet_aton forms ("10.1", "167772161") are not what anyone means by an address.
        return address.protocol() != QAbstractSocket::IPv4Protocol || text.count(u'.') == 3;
    }
    if (!isDomainLabels(text))
        return false;
    // A last label of digits only is a mistyped address ("10.0.0.300"), not a name.
    const QStringView last = QStringView(text).mid(text.lastIndexOf(u'.') + 1);
    return !std::all_of(last.begin(), last.end(), [](QChar c) { return c.isDigit(); });
}

std::pair<QString, QString> defaultDhcpRange(const QString &address, int prefix)
{
    const auto a = parseIpv4(address);
    if (!a || prefix < 8 || prefix > 30)
        return {};
    const quint32 mask = ~quint32(0) << (32 - prefix);
    const quint32 network = *a & mask;
    const quint32 broadcast = network | ~mask;
    if (*a == network || *a == broadcast)
        return {};
    const quint32 hosts = broadcast - network - 1;
    const quint32 lowEnd = network + hosts / 2;
    // For a /24 at .1 this is .128 – .254, as virt-manager proposes.
    if (*a <= lowEnd)
        return {ipv4Text(lowEnd + 1), ipv4Text(broadcast - 1)};
    return {ipv4Text(network + 1), ipv4Text(lowEnd)};
}

QJsonObject auditDetails(const PoolSpec &spec)
{
    QJsonObject o{{QStringLiteral("type"), spec.type},
                  {QStringLiteral("target_path"),
                   spec.targetPath.isEmpty() ? defaultTargetPath(spec) : spec.targetPath}};
    const auto text = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    text("source_host", spec.sourceHost);
    if (spec.type == QLatin1String("iscsi"))
        o.insert(QStringLiteral("source_port"), spec.sourcePort > 0 ? spec.sourcePort : 3260);
    text("source_path", spec.sourcePath);
    text("source_name", spec.sourceName);
    if (!spec.sourceDevices.isEmpty())
        o.insert(QStringLiteral("source_devices"), QJsonArray::fromStringList(spec.sourceDevices));
    text("source_format", spec.sourceFormat);
    text("iscsi_target", spec.iscsiTarget);
    if (spec.writeLabel)
        o.insert(QStringLiteral("write_label"), true);
    return o;
}

bool subnetsOverlap(const QString &a, const QString &b)
{
    const auto parse = [](const QString &cidr) -> std::optional<std::pair<quint32, int>> {
        const qsizetype slash = cidr.indexOf(u'/');
        bool ok = false;
        const int prefix = slash > 0 ? cidr.mid(slash + 1).toInt(&ok) : -1;
        const auto address = parseIpv4(cidr.left(slash));
        if (!ok || !address || prefix < 0 || prefix > 32)
            return std::nullopt;
        return std::pair{*address, prefix};
    };
    const auto x = parse(a);
    const auto y = parse(b);
    if (!x || !y)
        return false;
    // Both hold the other's network address under the wider (shorter) prefix.
    const int prefix = std::min(x->second, y->second);
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    return (x->first & mask) == (y->first & mask);
}

QStringList volumeFormats()
{
    return {QStringLiteral("qcow2"), QStringLiteral("raw")};
}

Result<> validate(const VolumeSpec &spec)
{
    if (auto r = validateName(QStringLiteral("volume"), spec.name); !r)
        return r;
    if (spec.poolUuid.isEmpty())
        return invalid(QStringLiteral("volume \"%1\" needs a pool").arg(spec.name));
    if (!volumeFormats().contains(spec.format))
        return invalid(QStringLiteral("volume format \"%1\" is not one of %2")
                           .arg(spec.format, volumeFormats().join(QStringLiteral(", "))));
    if (spec.capacityBytes <= 0)
        return invalid(QStringLiteral("volume capacity must be greater than zero (got %1 bytes)")
                           .arg(spec.capacityBytes));
    if (spec.backingPath.isEmpty())
        return {};
    if (spec.format != QLatin1String("qcow2"))
        return invalid(QStringLiteral("only a qcow2 volume can have a backing volume "
                                      "(format is \"%1\")")
                           .arg(spec.format));
    if (!spec.backingPath.startsWith(u'/'))
        return invalid(
            QStringLiteral("backing volume path \"%1\" is not absolute").arg(spec.backingPath));
    return {};
}

Result<> validate(const PoolSpec &spec)
{
    if (auto r = validateName(QStringLiteral("pool"), spec.name); !r)
        return r;
    if (!poolTypes().contains(spec.type))
        return invalid(QStringLiteral("pool type \"%1\" is not one of %2")
                           .arg(spec.type, poolTypes().join(QStringLiteral(", "))));
    const QString &type = spec.type;
    const QString target = spec.targetPath.isEmpty() ? defaultTargetPath(spec) : spec.targetPath;
    if (target.isEmpty())
        return invalid(QStringLiteral("a %1 pool needs a target path").arg(type));
    if (auto r = validateAbsolutePath(QStringLiteral("target path"), target); !r)
        return r;
    if (target == QLatin1String("/"))
        return invalid(QStringLiteral("the root directory cannot be a pool"));

    const QStringList formats = poolSourceFormats(type);
    if (!spec.sourceFormat.isEmpty() && !formats.contains(spec.sourceFormat))
        return invalid(formats.isEmpty()
                           ? QStringLiteral("a %1 pool has no source format").arg(type)
                           : QStringLiteral("source format \"%1\" is not one of %2 for a %3 pool")
                                 .arg(spec.sourceFormat, formats.join(QStringLiteral(", ")), type));
    if (type == QLatin1String("netfs") || type == QLatin1String("iscsi")) {
        if (spec.sourceHost.isEmpty())
            return invalid(QStringLiteral("a %1 pool needs a source host").arg(type));
        if (!isHostName(spec.sourceHost))
            return invalid(QStringLiteral("source host \"%1\" is neither an IP address nor a "
                                          "host name")
                               .arg(spec.sourceHost));
    }
    if (type == QLatin1String("netfs")) {
        if (spec.sourcePath.isEmpty())
            return invalid(QStringLiteral("a netfs pool needs a source path (the export)"));
        if (spec.sourceFormat == QLatin1String("cifs")) {
            // libvirt mounts //host/<share>.
            if (hasControlCharacter(spec.sourcePath) || spec.sourcePath.startsWith(u'/'))
                return invalid(QStringLiteral("CIFS share \"%1\" must be a share name, without "
                                              "a leading '/'")
                                   .arg(spec.sourcePath));
        } else if (auto r = validateAbsolutePath(QStringLiteral("source path"), spec.sourcePath);
                   !r) {
            return r;
        }
    }
    if (type == QLatin1String("iscsi")) {
        if (spec.sourcePort < 0 || spec.sourcePort > 65535)
            return invalid(
                QStringLiteral("port %1 is out of range (1 to 65535)").arg(spec.sourcePort));
        if (spec.iscsiTarget.isEmpty())
            return invalid(QStringLiteral("an iscsi pool needs a target IQN"));
        if (!isIscsiName(spec.iscsiTarget))
            return invalid(QStringLiteral("\"%1\" is not an iSCSI name (e.g. "
                                          "iqn.2024-01.com.example:storage)")
                               .arg(spec.iscsiTarget));
    }
    if (type == QLatin1String("logical") && !spec.sourceName.isEmpty()) {
        // LVM's own rule for VG names.
        const QString &vg = spec.sourceName;
        const bool ok = std::all_of(vg.cbegin(), vg.cend(), [](QChar c) {
            return isAsciiAlnum(c) || c == u'+' || c == u'_' || c == u'.' || c == u'-';
        });
        if (!ok || vg.front() == u'-' || vg == QLatin1String(".") || vg == QLatin1String(".."))
            return invalid(QStringLiteral("volume group name \"%1\" may contain only letters, "
                                          "digits, '+', '_', '.' and '-', and must not start "
                                          "with '-'")
                               .arg(vg));
    }
    if (type == QLatin1String("disk") && spec.sourceDevices.size() != 1)
        return invalid(spec.sourceDevices.isEmpty()
                           ? QStringLiteral("a disk pool needs a source device (e.g. /dev/sdb)")
                           : QStringLiteral("a disk pool takes one source device, not %1")
                                 .arg(spec.sourceDevices.size()));
    if (type == QLatin1String("logical") || type == QLatin1String("disk")) {
        for (const QString &device : spec.sourceDevices) {
            if (auto r = validateDevicePath(QStringLiteral("source device"), device); !r)
                return r;
            if (spec.sourceDevices.count(device) > 1)
                return invalid(QStringLiteral("source device %1 is listed twice").arg(device));
        }
    } else if (!spec.sourceDevices.isEmpty()) {
        return invalid(QStringLiteral("a %1 pool takes no source devices").arg(type));
    }
    if (spec.writeLabel && type != QLatin1String("disk"))
        return invalid(QStringLiteral("only a disk pool can write a partition table"));
    return {};
}

Result<> validate(const NetworkSpec &spec)
{
    if (auto r = validateName(QStringLiteral("network"), spec.name); !r)
        return r;
    if (!networkModes().contains(spec.mode))
        return invalid(QStringLiteral("network mode \"%1\" is not one of %2")
                           .arg(spec.mode, networkModes().join(QStringLiteral(", "))));
    const auto address = parseIpv4(spec.ipv4Address);
    if (!address)
        return invalid(QStringLiteral("\"%1\" is not an IPv4 address (e.g. 192.168.100.1)")
                           .arg(spec.ipv4Address));
    if (spec.prefix < 8 || spec.prefix > 30)
        return invalid(QStringLiteral("prefix /%1 is out of range (8 to 30)").arg(spec.prefix));
    const quint32 mask = ~quint32(0) << (32 - spec.prefix);
    const quint32 network = *address & mask;
    const quint32 broadcast = network | ~mask;
    const QString subnet = QStringLiteral("%1/%2").arg(ipv4Text(network)).arg(spec.prefix);
    if (*address == network || *address == broadcast)
        return invalid(
            QStringLiteral("%1 is the %2 address of %3; the host needs an address "
                           "inside the subnet")
                .arg(spec.ipv4Address,
                     *address == network ? QStringLiteral("network") : QStringLiteral("broadcast"),
                     subnet));
    if (!spec.bridgeName.isEmpty()) {
        // The kernel's interface names: at most 15 bytes, no '/', no white space.
        const QString &b = spec.bridgeName;
        const bool ok = std::all_of(b.cbegin(), b.cend(), [](QChar c) {
            return isAsciiAlnum(c) || c == u'-' || c == u'_' || c == u'.';
        });
        if (!ok || b.size() > 15 || b == QLatin1String(".") || b == QLatin1String(".."))
            return invalid(QStringLiteral("bridge name \"%1\" must be 1 to 15 letters, digits, "
                                          "'-', '_' or '.'")
                               .arg(b));
    }
    if (spec.dhcpStart.isEmpty() && spec.dhcpEnd.isEmpty())
        return {};
    if (spec.dhcpStart.isEmpty() || spec.dhcpEnd.isEmpty())
        return invalid(QStringLiteral("a DHCP range needs both a start and an end"));
    std::optional<quint32> range[2];
    const QString ends[2] = {spec.dhcpStart, spec.dhcpEnd};
    for (int i = 0; i < 2; ++i) {
        range[i] = parseIpv4(ends[i]);
        if (!range[i])
            return invalid(
                QStringLiteral("DHCP %1 \"%2\" is not an IPv4 address")
                    .arg(i == 0 ? QStringLiteral("start") : QStringLiteral("end"), ends[i]));
        if ((*range[i] & mask) != network || *range[i] == network || *range[i] == broadcast)
            return invalid(QStringLiteral("DHCP %1 %2 is not a host address of %3")
                               .arg(i == 0 ? QStringLiteral("start") : QStringLiteral("end"),
                                    ends[i], subnet));
    }
    if (*range[0] > *range[1])
        return invalid(QStringLiteral("DHCP start %1 comes after its end %2")
                           .arg(spec.dhcpStart, spec.dhcpEnd));
    if (*address >= *range[0] && *address <= *range[1])
        return invalid(QStringLiteral("DHCP range %1 – %2 holds the host's own address %3")
                           .arg(spec.dhcpStart, spec.dhcpEnd, spec.ipv4Address));
    return {};
}

QString poolXml(const PoolSpec &spec)
{
    const QString &type = spec.type;
    const QStringList formats = poolSourceFormats(type);
    const QString format = spec.sourceFormat.isEmpty() ? formats.value(0) : spec.sourceFormat;
    QString xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(QStringLiteral("pool"));
    w.writeAttribute(QStringLiteral("type"), type);
    w.writeTextElement(QStringLiteral("name"), spec.name);
    if (type != QLatin1String("dir")) {
        w.writeStartElement(QStringLiteral("source"));
        if (!spec.sourceHost.isEmpty()) {
            w.writeEmptyElement(QStringLiteral("host"));
            w.writeAttribute(QStringLiteral("name"), spec.sourceHost);
            if (type == QLatin1String("iscsi"))
                w.writeAttribute(QStringLiteral("port"),
                                 QString::number(spec.sourcePort > 0 ? spec.sourcePort : 3260));
        }
        if (type == QLatin1String("netfs")) {
            w.writeEmptyElement(QStringLiteral("dir"));
            w.writeAttribute(QStringLiteral("path"), spec.sourcePath);
        }
        if (type == QLatin1String("iscsi")) {
            w.writeEmptyElement(QStringLiteral("device"));
            w.writeAttribute(QStringLiteral("path"), spec.iscsiTarget);
        }
        for (const QString &device : spec.sourceDevices) {
            w.writeEmptyElement(QStringLiteral("device"));
            w.writeAttribute(QStringLiteral("path"), device);
        }
        if (type == QLatin1String("logical")) {
            w.writeTextElement(QStringLiteral("name"),
                               spec.sourceName.isEmpty() ? spec.name : spec.sourceName);
            w.writeEmptyElement(QStringLiteral("format"));
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("lvm2"));
        } else if (!format.isEmpty()) {
            w.writeEmptyElement(QStringLiteral("format"));
            w.writeAttribute(QStringLiteral("type"), format);
        }
        w.writeEndElement();
    }
    w.writeStartElement(QStringLiteral("target"));
    w.writeTextElement(QStringLiteral("path"),
                       spec.targetPath.isEmpty() ? defaultTargetPath(spec) : spec.targetPath);
    w.writeEndElement();
    w.writeEndElement();
    return xml;
}

QString networkXml(const NetworkSpec &spec)
{
    QString xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(QStringLiteral("network"));
    w.writeTextElement(QStringLiteral("name"), spec.name);
    if (!spec.bridgeName.isEmpty()) {
        w.writeEmptyElement(QStringLiteral("bridge"));
        w.writeAttribute(QStringLiteral("name"), spec.bridgeName);
    }
    // An isolated network is one without <forward>.
    if (spec.mode != QLatin1String("isolated")) {
        w.writeEmptyElement(QStringLiteral("forward"));
        w.writeAttribute(QStringLiteral("mode"), spec.mode);
    }
    w.writeStartElement(QStringLiteral("ip"));
    w.writeAttribute(QStringLiteral("address"), spec.ipv4Address);
    w.writeAttribute(QStringLiteral("prefix"), QString::number(spec.prefix));
    if (!spec.dhcpStart.isEmpty()) {
        w.writeStartElement(QStringLiteral("dhcp"));
        w.writeEmptyElement(QStringLiteral("range"));
        w.writeAttribute(QStringLiteral("start"), spec.dhcpStart);
        w.writeAttribute(QStringLiteral("end"), spec.dhcpEnd);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    return xml;
}

QString volumeXml(const VolumeSpec &spec, const QString &backingFormat)
{
    QString xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(QStringLiteral("volume"));
    w.writeTextElement(QStringLiteral("name"), spec.name);
    w.writeStartElement(QStringLiteral("capacity"));
    w.writeAttribute(QStringLiteral("unit"), QStringLiteral("bytes"));
    w.writeCharacters(QString::number(spec.capacityBytes));
    w.writeEndElement();
    // Sparse: the file grows as the guest writes.
    w.writeStartElement(QStringLiteral("allocation"));
    w.writeAttribute(QStringLiteral("unit"), QStringLiteral("bytes"));
    w.writeCharacters(QStringLiteral("0"));
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("target"));
    w.writeEmptyElement(QStringLiteral("format"));
    w.writeAttribute(QStringLiteral("type"), spec.format);
    w.writeEndElement();
    if (!spec.backingPath.isEmpty()) {
        w.writeStartElement(QStringLiteral("backingStore"));
        w.writeTextElement(QStringLiteral("path"), spec.backingPath);
        if (!backingFormat.isEmpty()) {
            w.writeEmptyElement(QStringLiteral("format"));
            w.writeAttribute(QStringLiteral("type"), backingFormat);
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    return xml;
}

} // namespace InventorySpecs

} // namespace Virtumancer
