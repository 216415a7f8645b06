#include "inventoryaction.h"

#include <QDir>
#include <QHostAddress>
#include <QXmlStreamWriter>

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
    if (spec.type != QLatin1String("dir"))
        return invalid(
            QStringLiteral("pool type \"%1\" cannot be created yet (only \"dir\")").arg(spec.type));
    const QString &path = spec.targetPath;
    if (path.isEmpty())
        return invalid(QStringLiteral("a dir pool needs a target path"));
    if (!path.startsWith(u'/'))
        return invalid(QStringLiteral("target path \"%1\" is not absolute").arg(path));
    if (QDir::cleanPath(path) != path)
        return invalid(QStringLiteral("target path \"%1\" is not in canonical form (try \"%2\")")
                           .arg(path, QDir::cleanPath(path)));
    if (path == QLatin1String("/"))
        return invalid(QStringLiteral("the root directory cannot be a pool"));
    for (const QChar c : path) {
        if (c.category() == QChar::Other_Control)
            return invalid(QStringLiteral("target path contains a control character"));
    }
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
    return {};
}

QString poolXml(const PoolSpec &spec)
{
    QString xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(QStringLiteral("pool"));
    w.writeAttribute(QStringLiteral("type"), spec.type);
    w.writeTextElement(QStringLiteral("name"), spec.name);
    w.writeStartElement(QStringLiteral("target"));
    w.writeTextElement(QStringLiteral("path"), spec.targetPath);
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
