#include "sync/xmlparsers.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <bit>
#include <limits>

namespace Virtumancer::XmlParsers {

namespace {

using namespace Qt::StringLiterals;

// Walks a document one start element at a time and keeps the element path from the root
// ("domain/devices/disk/source"), because libvirt reuses element names in many contexts: a
// <source> belongs to disks, interfaces, hostdevs and backing stores alike, a <model> to a cpu, an
// interface and a video card. Handlers match on the full path, so everything else falls through
// and unknown elements are skipped for free.
class Walker
{
public:
    Walker(QByteArrayView xml, QLatin1StringView root)
        : m_reader(QByteArray::fromRawData(xml.data(), xml.size()))
        , m_root(root)
    {}

    // Moves to the next start element; false at the end of the document or after an error.
    bool next()
    {
        while (!m_reader.atEnd()) {
            switch (m_reader.readNext()) {
            case QXmlStreamReader::StartElement:
                m_parentLengths.append(m_path.size());
                if (!m_path.isEmpty())
                    m_path += u'/';
                m_path += m_reader.qualifiedName();
                if (m_parentLengths.size() == 1 && m_reader.qualifiedName() != m_root) {
                    fail(u"expected <%1> as the root element, found <%2>"_s.arg(
                        m_root, m_reader.qualifiedName().toString()));
                    return false;
                }
                return true;
            case QXmlStreamReader::EndElement:
                leave();
                break;
            default:
                break;
            }
        }
        return false;
    }

    bool at(QLatin1StringView path) const { return m_path == path; }

    // Returns the path below prefix (which must end in '/'), or a null view when elsewhere.
    QStringView below(QLatin1StringView prefix) const
    {
        if (!m_path.startsWith(prefix))
            return {};
        return QStringView(m_path).sliced(prefix.size());
    }

    QString attr(QLatin1StringView name) const
    {
        return m_reader.attributes().value(name).toString();
    }
    bool hasAttr(QLatin1StringView name) const { return m_reader.attributes().hasAttribute(name); }

    // Consumes the current element, so the caller must have read its attributes already.
    QString text()
    {
        const QString t = m_reader.readElementText(QXmlStreamReader::SkipChildElements);
        if (m_reader.isEndElement())
            leave();
        return t;
    }

    // Optional integer attribute: absent keeps *out, garbage fails the document.
    void intAttr(QLatin1StringView name, int *out)
    {
        const QStringView v = m_reader.attributes().value(name);
        if (v.isNull())
            return;
        bool ok = false;
        const int n = v.trimmed().toInt(&ok);
        if (ok)
            *out = n;
        else
            fail(u"invalid integer %1='%2'"_s.arg(name, v.toString()));
    }

    // Reads a libvirt scaled integer element (<memory unit='KiB'>…</memory>) into bytes.
    void scaledText(QStringView defaultUnit, qint64 *out)
    {
        const QString unit = attr("unit"_L1);
        const QString element = m_reader.qualifiedName().toString();
        const QString value = text();
        if (!scaledToBytes(value, unit, defaultUnit, out))
            fail(u"invalid size in <%1>: '%2' unit '%3'"_s.arg(element, value.trimmed(), unit));
    }

    void fail(const QString &message)
    {
        if (!m_reader.hasError())
            m_reader.raiseError(message);
    }
    bool failed() const { return m_reader.hasError(); }

    std::unexpected<Error> error() const
    {
        return makeError(ErrorCode::ParseError,
                         u"%1 XML: line %2, column %3: %4"_s.arg(
                             m_root, QString::number(m_reader.lineNumber()),
                             QString::number(m_reader.columnNumber()), m_reader.errorString()));
    }

private:
    void leave()
    {
        if (!m_parentLengths.isEmpty())
            m_path.truncate(m_parentLengths.takeLast());
    }

    QXmlStreamReader m_reader;
    QLatin1StringView m_root;
    QString m_path;
    QList<qsizetype> m_parentLengths;
};

// libvirt accepts only the dotted-quad form of contiguous masks; anything else is not IPv4.
bool netmaskToPrefix(QStringView netmask, int *prefix)
{
    const QList<QStringView> parts = netmask.trimmed().split(u'.');
    if (parts.size() != 4)
        return false;
    quint32 mask = 0;
    for (QStringView part : parts) {
        bool ok = false;
        const uint octet = part.toUInt(&ok);
        if (!ok || octet > 255 || part.isEmpty() || part.size() > 3)
            return false;
        mask = (mask << 8) | octet;
    }
    const quint32 hostBits = ~mask;
    if ((hostBits & (hostBits + 1)) != 0)
        return false; // ones after a zero: not a prefix mask
    *prefix = std::popcount(mask);
    return true;
}

// Only reached when a caller handed us VIR_DOMAIN_XML_SECURE output. The cache must never hold a
// console password, so the document is re-serialised without passwd=; formatting may change but
// every other value survives. This cannot fail: the caller already parsed the same bytes.
QString withoutPasswords(QByteArrayView xml)
{
    QString out;
    QXmlStreamReader reader(QByteArray::fromRawData(xml.data(), xml.size()));
    QXmlStreamWriter writer(&out);
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartDocument:
        case QXmlStreamReader::Invalid:
            break;
        case QXmlStreamReader::StartElement: {
            // Not writeCurrentToken(): it opens the element before declaring its namespaces and
            // so renames prefixes (libosinfo:os becomes n1:os).
            const QXmlStreamNamespaceDeclarations declarations = reader.namespaceDeclarations();
            for (const QXmlStreamNamespaceDeclaration &ns : declarations)
                writer.writeNamespace(ns.namespaceUri().toString(), ns.prefix().toString());
            writer.writeStartElement(reader.namespaceUri().toString(), reader.name().toString());
            const QXmlStreamAttributes attributes = reader.attributes();
            for (const QXmlStreamAttribute &a : attributes) {
                if (a.qualifiedName() != "passwd"_L1)
                    writer.writeAttribute(a);
            }
            break;
        }
        default:
            writer.writeCurrentToken(reader);
            break;
        }
    }
    return out;
}

// Per-disk state that spans child elements: a network source's URL needs its first <host>.
struct NetworkSource
{
    QString protocol;
    QString name;
    bool hostSeen = false;
};

void readDiskChild(Walker &w, QStringView sub, DiskInfo *disk, NetworkSource *net)
{
    if (sub == u"driver") {
        if (const QString type = w.attr("type"_L1); !type.isEmpty())
            disk->format = type;
    } else if (sub == u"source") {
        if (w.hasAttr("file"_L1)) {
            disk->sourcePath = w.attr("file"_L1);
        } else if (w.hasAttr("dev"_L1)) {
            disk->sourcePath = w.attr("dev"_L1);
        } else if (w.hasAttr("dir"_L1)) {
            disk->sourcePath = w.attr("dir"_L1);
        } else if (w.hasAttr("pool"_L1)) {
            disk->sourcePool = w.attr("pool"_L1);
            disk->sourceVolume = w.attr("volume"_L1);
            disk->sourcePath = disk->sourcePool + u'/' + disk->sourceVolume;
        } else if (w.hasAttr("protocol"_L1)) {
            net->protocol = w.attr("protocol"_L1);
            net->name = w.attr("name"_L1);
            disk->sourcePath = net->protocol + u':' + net->name;
        }
    } else if (sub == u"source/host") {
        if (net->protocol.isEmpty() || net->hostSeen)
            return;
        net->hostSeen = true;
        const QString host = w.attr("name"_L1);
        if (host.isEmpty())
            return; // a unix-socket host (transport='unix') has no name to put in a URL
        disk->sourcePath = net->protocol + "://"_L1 + host;
        // http/https/ftp names are absolute paths already; avoid "host//path".
        if (!net->name.isEmpty())
            disk->sourcePath += (net->name.startsWith(u'/') ? QString() : u"/"_s) + net->name;
    } else if (sub == u"target") {
        disk->deviceName = w.attr("dev"_L1);
        disk->busType = w.attr("bus"_L1);
    } else if (sub == u"readonly") {
        disk->readonly = true;
    } else if (sub == u"boot") {
        w.intAttr("order"_L1, &disk->bootOrder);
    }
}

void readInterfaceChild(Walker &w, QStringView sub, PortInfo *port)
{
    if (sub == u"mac") {
        port->macAddress = w.attr("address"_L1).toLower();
    } else if (sub == u"model") {
        port->modelName = w.attr("type"_L1);
    } else if (sub == u"source") {
        // Live XML of a type='network' interface also names the bridge; the network wins.
        for (QLatin1StringView key : {"network"_L1, "bridge"_L1, "dev"_L1}) {
            if (w.hasAttr(key)) {
                port->sourceName = w.attr(key);
                break;
            }
        }
        port->portGroup = w.attr("portgroup"_L1);
    } else if (sub == u"target") {
        port->targetDev = w.attr("dev"_L1);
    }
}

GraphicsInfo readGraphics(Walker &w, bool *sawPassword)
{
    GraphicsInfo g;
    g.type = w.attr("type"_L1);
    w.intAttr("port"_L1, &g.port);
    w.intAttr("tlsPort"_L1, &g.tlsPort);
    g.autoport = w.attr("autoport"_L1) == "yes"_L1;
    g.listenAddress = w.attr("listen"_L1);
    // Presence only: the value is never read, so it never reaches a QString of ours.
    g.hasPassword = w.hasAttr("passwd"_L1);
    *sawPassword = *sawPassword || g.hasPassword;
    return g;
}

void readTopology(Walker &w, QString *json)
{
    QJsonObject topology;
    for (QLatin1StringView key :
         {"sockets"_L1, "dies"_L1, "clusters"_L1, "cores"_L1, "threads"_L1}) {
        int n = -1;
        w.intAttr(key, &n);
        if (n >= 0)
            topology.insert(key, n);
    }
    if (!topology.isEmpty())
        *json = QString::fromUtf8(QJsonDocument(topology).toJson(QJsonDocument::Compact));
}

// Identity elements are mandatory: the cache keys rows on them.
bool require(Walker &w, const QString &value, QLatin1StringView element)
{
    if (value.isEmpty())
        w.fail(u"missing <%1>"_s.arg(element));
    return !w.failed();
}

} // namespace

Result<DomainInfo> parseDomain(QByteArrayView xml)
{
    Walker w(xml, "domain"_L1);
    DomainInfo d;
    bool haveCurrentMemory = false;
    bool sawPassword = false;
    bool haveVideo = false;
    QString videoModel;
    qint64 videoVramKib = 0;
    NetworkSource diskNetwork;

    while (w.next()) {
        if (w.at("domain/name"_L1)) {
            d.name = w.text();
        } else if (w.at("domain/uuid"_L1)) {
            d.uuid = w.text().trimmed().toLower();
        } else if (w.at("domain/title"_L1)) {
            d.title = w.text();
        } else if (w.at("domain/description"_L1)) {
            d.description = w.text();
        } else if (w.at("domain/vcpu"_L1)) {
            const QString current = w.attr("current"_L1);
            const QString maximum = w.text();
            bool ok = false;
            d.vcpuCount = (current.isEmpty() ? maximum : current).trimmed().toInt(&ok);
            if (!ok || d.vcpuCount < 0)
                w.fail(u"invalid <vcpu> count"_s);
        } else if (w.at("domain/memory"_L1)) {
            w.scaledText(u"KiB", &d.memoryBytes);
        } else if (w.at("domain/currentMemory"_L1)) {
            w.scaledText(u"KiB", &d.currentMemoryBytes);
            haveCurrentMemory = true;
        } else if (w.at("domain/os/type"_L1)) {
            d.arch = w.attr("arch"_L1);
            d.machine = w.attr("machine"_L1);
            d.osType = w.text().trimmed();
        } else if (w.at("domain/cpu/model"_L1)) {
            d.cpuModel = w.text().trimmed();
        } else if (w.at("domain/cpu/topology"_L1)) {
            readTopology(w, &d.cpuTopologyJson);
        } else if (w.at("domain/devices/disk"_L1)) {
            DiskInfo disk;
            disk.sourceType = w.hasAttr("type"_L1) ? w.attr("type"_L1) : u"file"_s;
            disk.device = w.hasAttr("device"_L1) ? w.attr("device"_L1) : u"disk"_s;
            d.disks.append(disk);
            diskNetwork = {};
        } else if (const QStringView sub = w.below("domain/devices/disk/"_L1); !sub.isNull()) {
            readDiskChild(w, sub, &d.disks.last(), &diskNetwork);
        } else if (w.at("domain/devices/interface"_L1)) {
            PortInfo port;
            port.sourceType = w.attr("type"_L1);
            d.ports.append(port);
        } else if (const QStringView sub = w.below("domain/devices/interface/"_L1); !sub.isNull()) {
            readInterfaceChild(w, sub, &d.ports.last());
        } else if (w.at("domain/devices/graphics"_L1)) {
            d.graphics.append(readGraphics(w, &sawPassword));
        } else if (w.at("domain/devices/graphics/listen"_L1)) {
            GraphicsInfo &g = d.graphics.last();
            if (g.listenAddress.isEmpty())
                g.listenAddress = w.attr("address"_L1);
        } else if (w.at("domain/devices/video/model"_L1) && !haveVideo) {
            haveVideo = true;
            videoModel = w.attr("type"_L1);
            int vram = 0;
            w.intAttr("vram"_L1, &vram);
            videoVramKib = vram;
        }
    }
    if (w.failed())
        return w.error();
    if (!require(w, d.name, "name"_L1) || !require(w, d.uuid, "uuid"_L1))
        return w.error();

    // libvirt's rule: without <currentMemory> the balloon target is the full memory size.
    if (!haveCurrentMemory)
        d.currentMemoryBytes = d.memoryBytes;
    for (GraphicsInfo &g : d.graphics) {
        g.modelName = videoModel;
        g.vramKib = videoVramKib;
    }
    d.domainXml = sawPassword ? withoutPasswords(xml) : QString::fromUtf8(xml);
    return d;
}

Result<NetworkInfo> parseNetwork(QByteArrayView xml)
{
    Walker w(xml, "network"_L1);
    NetworkInfo n;
    bool haveForward = false;
    bool haveIpv4 = false;
    bool inChosenIp = false;

    while (w.next()) {
        if (w.at("network/name"_L1)) {
            n.name = w.text();
        } else if (w.at("network/uuid"_L1)) {
            n.uuid = w.text().trimmed().toLower();
        } else if (w.at("network/bridge"_L1)) {
            n.bridgeName = w.attr("name"_L1);
        } else if (w.at("network/forward"_L1)) {
            haveForward = true;
            n.mode = w.hasAttr("mode"_L1) ? w.attr("mode"_L1) : u"nat"_s;
        } else if (w.at("network/ip"_L1)) {
            const QString family = w.attr("family"_L1);
            inChosenIp = !haveIpv4 && (family.isEmpty() || family == "ipv4"_L1);
            if (!inChosenIp)
                continue;
            haveIpv4 = true;
            n.ipv4Address = w.attr("address"_L1);
            int prefix = -1;
            if (w.hasAttr("prefix"_L1)) {
                w.intAttr("prefix"_L1, &prefix);
                if (prefix < 0 || prefix > 32)
                    w.fail(u"invalid IPv4 prefix '%1'"_s.arg(w.attr("prefix"_L1)));
            } else if (w.hasAttr("netmask"_L1) && !netmaskToPrefix(w.attr("netmask"_L1), &prefix)) {
                w.fail(u"invalid netmask '%1'"_s.arg(w.attr("netmask"_L1)));
            }
            if (prefix >= 0)
                n.ipv4Address += u'/' + QString::number(prefix);
        } else if (w.at("network/ip/dhcp/range"_L1) && inChosenIp && n.dhcpStart.isEmpty()) {
            n.dhcpStart = w.attr("start"_L1);
            n.dhcpEnd = w.attr("end"_L1);
        }
    }
    if (w.failed())
        return w.error();
    if (!require(w, n.name, "name"_L1) || !require(w, n.uuid, "uuid"_L1))
        return w.error();
    if (!haveForward)
        n.mode = u"isolated"_s;
    return n;
}

Result<PoolInfo> parsePool(QByteArrayView xml)
{
    Walker w(xml, "pool"_L1);
    PoolInfo p;
    while (w.next()) {
        if (w.at("pool"_L1)) {
            p.type = w.attr("type"_L1);
        } else if (w.at("pool/name"_L1)) {
            p.name = w.text();
        } else if (w.at("pool/uuid"_L1)) {
            p.uuid = w.text().trimmed().toLower();
        } else if (w.at("pool/capacity"_L1)) {
            w.scaledText(u"bytes", &p.capacityBytes);
        } else if (w.at("pool/allocation"_L1)) {
            w.scaledText(u"bytes", &p.allocationBytes);
        } else if (w.at("pool/available"_L1)) {
            w.scaledText(u"bytes", &p.availableBytes);
        } else if (w.at("pool/target/path"_L1)) {
            p.targetPath = w.text().trimmed();
        }
    }
    if (w.failed())
        return w.error();
    if (!require(w, p.name, "name"_L1) || !require(w, p.uuid, "uuid"_L1))
        return w.error();
    return p;
}

Result<VolumeInfo> parseVolume(QByteArrayView xml)
{
    Walker w(xml, "volume"_L1);
    VolumeInfo v;
    while (w.next()) {
        if (w.at("volume"_L1)) {
            v.type = w.hasAttr("type"_L1) ? w.attr("type"_L1) : u"file"_s;
        } else if (w.at("volume/name"_L1)) {
            v.name = w.text();
        } else if (w.at("volume/key"_L1)) {
            v.key = w.text().trimmed();
        } else if (w.at("volume/capacity"_L1)) {
            w.scaledText(u"bytes", &v.capacityBytes);
        } else if (w.at("volume/allocation"_L1)) {
            w.scaledText(u"bytes", &v.allocationBytes);
        } else if (w.at("volume/target/path"_L1)) {
            v.path = w.text().trimmed();
        } else if (w.at("volume/target/format"_L1)) {
            v.format = w.attr("type"_L1);
        }
    }
    if (w.failed())
        return w.error();
    if (!require(w, v.name, "name"_L1))
        return w.error();
    return v;
}

bool scaledToBytes(QStringView value, QStringView unit, QStringView defaultUnit, qint64 *bytes)
{
    // Mirrors libvirt's virScaleInteger(): suffixes are case-insensitive, a single letter or
    // "<letter>iB" is a power of 1024, "<letter>B" a power of 1000.
    const QStringView suffix = unit.trimmed().isEmpty() ? defaultUnit.trimmed() : unit.trimmed();
    quint64 scale = 1;
    if (!suffix.isEmpty() && suffix.compare(u"b", Qt::CaseInsensitive) != 0
        && suffix.compare(u"byte", Qt::CaseInsensitive) != 0
        && suffix.compare(u"bytes", Qt::CaseInsensitive) != 0) {
        quint64 base = 0;
        if (suffix.size() == 1 || suffix.sliced(1).compare(u"iB", Qt::CaseInsensitive) == 0)
            base = 1024;
        else if (suffix.size() == 2 && suffix.at(1).toLower() == u'b')
            base = 1000;
        else
            return false;
        static constexpr char16_t powers[] = u"kmgtpe";
        const char16_t letter = suffix.at(0).toLower().unicode();
        int exponent = 0;
        while (powers[exponent] && powers[exponent] != letter)
            ++exponent;
        if (!powers[exponent])
            return false;
        for (int i = 0; i <= exponent; ++i)
            scale *= base;
    }

    const QStringView digits = value.trimmed();
    if (digits.isEmpty())
        return false;
    constexpr quint64 limit = quint64(std::numeric_limits<qint64>::max());
    quint64 n = 0;
    for (QChar c : digits) {
        if (c < u'0' || c > u'9')
            return false; // also rejects a sign: sizes are never negative
        const quint64 digit = c.unicode() - u'0';
        if (n > (limit - digit) / 10)
            return false;
        n = n * 10 + digit;
    }
    if (n != 0 && scale > limit / n)
        return false;
    *bytes = qint64(n * scale);
    return true;
}

} // namespace Virtumancer::XmlParsers
