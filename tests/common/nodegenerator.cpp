#include "nodegenerator.h"

#include <QFile>
#include <QXmlStreamWriter>

#include <array>

namespace Virtumancer::Test {

namespace {

constexpr qint64 MiB = qint64(1024) * 1024;
constexpr qint64 GiB = MiB * 1024;
// The test driver ignores a pool's own <capacity> and reports 100 GiB; allocation is the sum of
// its volumes' allocations, and "available" underflows once that passes 100 GiB.
constexpr qint64 testDriverPoolCapacity = 100 * GiB;
constexpr qint64 poolAllocationBudget = 80 * GiB;

const QString testNamespace = QStringLiteral("http://libvirt.org/schemas/domain/test/1.0");
const QString defaultPoolName = QStringLiteral("default-pool");
const QString defaultPoolPath = QStringLiteral("/var/lib/libvirt/default-pool");
const QString isoPoolName = QStringLiteral("iso-pool");
const QString isoPoolPath = QStringLiteral("/var/lib/libvirt/iso-pool");

enum class UuidKind : quint64 { Domain = 1, Network = 2, Pool = 3 };

quint64 splitMix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Random-looking but unique: the last group carries the kind and the index verbatim.
QString uuidFor(UuidKind kind, int index)
{
    const quint64 k = quint64(kind);
    const quint64 h = splitMix64((k << 32) ^ quint64(index));
    const quint64 tail = (k << 40) | quint64(index);
    return QStringLiteral("%1-%2-4%3-8%4-%5")
        .arg(h >> 32, 8, 16, QLatin1Char('0'))
        .arg((h >> 16) & 0xffff, 4, 16, QLatin1Char('0'))
        .arg((h >> 4) & 0xfff, 3, 16, QLatin1Char('0'))
        .arg((h >> 52) & 0xfff, 3, 16, QLatin1Char('0'))
        .arg(tail & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
}

// Multiplying by an odd constant is a bijection modulo 2^24, so distinct counters give
// distinct (and scattered) MACs until 16M NICs.
QString macFor(quint32 counter)
{
    const quint32 v = (counter * 0x9e3779U) & 0xffffffU;
    return QStringLiteral("52:54:00:%1:%2:%3")
        .arg((v >> 16) & 0xff, 2, 16, QLatin1Char('0'))
        .arg((v >> 8) & 0xff, 2, 16, QLatin1Char('0'))
        .arg(v & 0xff, 2, 16, QLatin1Char('0'));
}

QString padded(int i)
{
    return QStringLiteral("%1").arg(i, 5, 10, QLatin1Char('0'));
}

// %1 is the zero-padded index, which keeps every name unique. libvirt rejects '/' in names.
// The plain pattern comes first so generatedDomainName(spec, 0) is easy to type in CLI tests.
const std::array<QString, 13> &awkwardPatterns()
{
    static const std::array<QString, 13> patterns{
        QStringLiteral("vm-%1"),
        QStringLiteral("O'Neil's VM %1"),
        QStringLiteral("\"quoted\" vm %1"),
        QStringLiteral("Ünïcödé façade %1"),
        QStringLiteral("测试虚拟机 %1"),
        QStringLiteral("rocket 🚀 vm %1"),
        QStringLiteral("semi;colon;vm;%1"),
        QStringLiteral("fish & chips <vm> %1"),
        QStringLiteral("a-deliberately-long-generated-domain-name-to-stress-list-columns-%1"),
        QStringLiteral("both 'single' and \"double\" %1"),
        QStringLiteral("100% legit %s %d not a format %1"),
        QStringLiteral("spaces   in   the   middle %1"),
        QStringLiteral("back\\slash & ampersand&amp; %1"),
    };
    return patterns;
}

enum class NetKind { Nat, Isolated, Routed, Open };

NetKind networkKind(int k)
{
    static constexpr std::array<NetKind, 4> kinds{NetKind::Nat, NetKind::Isolated, NetKind::Routed,
                                                  NetKind::Open};
    return kinds[size_t(k % 4)];
}

QString networkName(int k)
{
    if (k == 0)
        return QStringLiteral("default");
    static const std::array<QString, 4> prefixes{QStringLiteral("nat"), QStringLiteral("isolated"),
                                                 QStringLiteral("routed"), QStringLiteral("open")};
    return QStringLiteral("%1-%2").arg(prefixes[size_t(k % 4)]).arg(k, 2, 10, QLatin1Char('0'));
}

struct Volume
{
    QString name;
    QString format;
    qint64 capacity = 0;
    qint64 allocation = 0;
};

Volume defaultPoolVolume(int j, int count)
{
    Volume v;
    v.format = j % 5 == 4 ? QStringLiteral("raw") : QStringLiteral("qcow2");
    v.name = QStringLiteral("vol-%1.%2").arg(padded(j), v.format);
    v.capacity = (10 + (j * 7) % 91) * GiB;
    // Between half and all of an equal share of the budget, capped at 4 GiB, whole MiB.
    const qint64 share = qMin(4 * GiB, poolAllocationBudget / qMax(count, 1));
    v.allocation = (share * (50 + (j * 13) % 51) / 100) / MiB * MiB;
    return v;
}

Volume isoPoolVolume(int j)
{
    Volume v;
    v.format = QStringLiteral("iso");
    v.name = QStringLiteral("install-media-%1.iso").arg(padded(j));
    v.capacity = (300 + (j * 37) % 700) * MiB;
    v.allocation = v.capacity;
    return v;
}

QString volumePath(const QString &poolPath, const Volume &v)
{
    return poolPath + QLatin1Char('/') + v.name;
}

class Writer
{
public:
    Writer(const NodeSpec &spec, QString *out)
        : m_spec(spec)
        , m_xml(out)
    {
        m_xml.setAutoFormatting(true);
        m_xml.setAutoFormattingIndent(2);
    }

    void write()
    {
        m_xml.writeStartDocument();
        m_xml.writeStartElement(QStringLiteral("node"));
        writeHost();
        for (int i = 0; i < m_spec.domains; ++i)
            writeDomain(i);
        for (int k = 0; k < m_spec.networks; ++k)
            writeNetwork(k);
        writePools();
        writeAuth();
        m_xml.writeEndElement();
        m_xml.writeEndDocument();
    }

private:
    void text(const QString &name, const QString &value) { m_xml.writeTextElement(name, value); }
    void empty(const QString &name, std::initializer_list<std::pair<QString, QString>> attributes)
    {
        m_xml.writeStartElement(name);
        for (const auto &[key, value] : attributes)
            m_xml.writeAttribute(key, value);
        m_xml.writeEndElement();
    }
    void start(const QString &name, std::initializer_list<std::pair<QString, QString>> attributes)
    {
        m_xml.writeStartElement(name);
        for (const auto &[key, value] : attributes)
            m_xml.writeAttribute(key, value);
    }
    void end() { m_xml.writeEndElement(); }

    void writeHost()
    {
        start(QStringLiteral("cpu"), {});
        text(QStringLiteral("nodes"), QStringLiteral("2"));
        text(QStringLiteral("sockets"), QStringLiteral("2"));
        text(QStringLiteral("cores"), QStringLiteral("16"));
        text(QStringLiteral("threads"), QStringLiteral("2"));
        text(QStringLiteral("active"), QStringLiteral("128"));
        text(QStringLiteral("mhz"), QStringLiteral("2600"));
        text(QStringLiteral("model"), QStringLiteral("x86_64"));
        end();
        text(QStringLiteral("memory"), QString::number(512 * GiB / 1024)); // KiB
    }

    int usableVolumes() const { return m_spec.volumes - m_spec.volumes / 10; }

    void writeDomain(int i)
    {
        const bool running = m_spec.runningEvery > 0 && (i + 1) % m_spec.runningEvery == 0;
        start(QStringLiteral("domain"), {{QStringLiteral("type"), QStringLiteral("test")}});
        if (!running)
            m_xml.writeNamespace(testNamespace, QStringLiteral("test"));
        text(QStringLiteral("name"), generatedDomainName(m_spec, i));
        text(QStringLiteral("uuid"), uuidFor(UuidKind::Domain, i));
        if (i % 10 == 5)
            text(QStringLiteral("title"), QStringLiteral("Generated VM #%1").arg(i));
        if (i % 10 == 7) {
            text(QStringLiteral("description"),
                 m_spec.awkwardNames
                     ? QStringLiteral("Line one & <two>\n\"three\" 'four' — ünïcödé %1").arg(i)
                     : QStringLiteral("Generated description %1").arg(i));
        }
        m_xml.writeStartElement(QStringLiteral("memory"));
        m_xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("MiB"));
        m_xml.writeCharacters(QString::number(256 * (1 + (i * 5) % 16)));
        m_xml.writeEndElement();
        text(QStringLiteral("vcpu"), QString::number(1 << (i % 4)));
        start(QStringLiteral("os"), {});
        m_xml.writeStartElement(QStringLiteral("type"));
        m_xml.writeAttribute(QStringLiteral("arch"), QStringLiteral("x86_64"));
        m_xml.writeAttribute(QStringLiteral("machine"), QStringLiteral("pc-q35-7.2"));
        m_xml.writeCharacters(QStringLiteral("hvm"));
        m_xml.writeEndElement();
        empty(QStringLiteral("boot"), {{QStringLiteral("dev"), QStringLiteral("hd")}});
        end();

        start(QStringLiteral("devices"), {});
        writeDisks(i);
        writeNics(i);
        writeGraphics(i);
        empty(QStringLiteral("memballoon"), {{QStringLiteral("model"), QStringLiteral("virtio")}});
        end();

        if (!running)
            m_xml.writeTextElement(testNamespace, QStringLiteral("runstate"), QStringLiteral("5"));
        end();
    }

    void writeFileDisk(const QString &device, const QString &format, const QString &path,
                       const QString &target, const QString &bus)
    {
        start(QStringLiteral("disk"), {{QStringLiteral("type"), QStringLiteral("file")},
                                       {QStringLiteral("device"), device}});
        empty(QStringLiteral("driver"),
              {{QStringLiteral("name"), QStringLiteral("qemu")}, {QStringLiteral("type"), format}});
        empty(QStringLiteral("source"), {{QStringLiteral("file"), path}});
        empty(QStringLiteral("target"),
              {{QStringLiteral("dev"), target}, {QStringLiteral("bus"), bus}});
        if (device == QStringLiteral("cdrom"))
            empty(QStringLiteral("readonly"), {});
        end();
    }

    void writeDisks(int i)
    {
        int next = 0;
        const auto nextTarget = [&next]() -> QString {
            return QStringLiteral("vd") + QChar(u'a' + next++);
        };
        const int usable = usableVolumes();
        if (usable > 0) {
            const Volume first = defaultPoolVolume((2 * i) % usable, m_spec.volumes);
            writeFileDisk(QStringLiteral("disk"), first.format, volumePath(defaultPoolPath, first),
                          nextTarget(), QStringLiteral("virtio"));
            if (i % 2 == 1) {
                const Volume second = defaultPoolVolume((2 * i + 1) % usable, m_spec.volumes);
                writeFileDisk(QStringLiteral("disk"), second.format,
                              volumePath(defaultPoolPath, second), nextTarget(),
                              QStringLiteral("virtio"));
            }
        }
        if (usable <= 0 || i % 7 == 3) {
            writeFileDisk(QStringLiteral("disk"), QStringLiteral("raw"),
                          QStringLiteral("/srv/unpooled/disk-%1.img").arg(padded(i)), nextTarget(),
                          QStringLiteral("virtio"));
        }
        if (m_spec.isoVolumes > 0 && i % 4 == 2) {
            const Volume iso = isoPoolVolume((i / 4) % m_spec.isoVolumes);
            writeFileDisk(QStringLiteral("cdrom"), QStringLiteral("raw"),
                          volumePath(isoPoolPath, iso), QStringLiteral("sda"),
                          QStringLiteral("sata"));
        }
    }

    void writeNics(int i)
    {
        if (m_spec.networks <= 0)
            return;
        const int count = (i % 3 == 0 && m_spec.networks > 1) ? 2 : 1;
        for (int n = 0; n < count; ++n) {
            start(QStringLiteral("interface"),
                  {{QStringLiteral("type"), QStringLiteral("network")}});
            empty(QStringLiteral("mac"), {{QStringLiteral("address"), macFor(++m_macCounter)}});
            empty(QStringLiteral("source"),
                  {{QStringLiteral("network"), networkName((i + n) % m_spec.networks)}});
            empty(QStringLiteral("model"), {{QStringLiteral("type"), QStringLiteral("virtio")}});
            end();
        }
    }

    void writeGraphics(int i)
    {
        const int kind = i % 5; // 0-2 VNC, 3 SPICE, 4 none (serial console only)
        if (kind == 4) {
            start(QStringLiteral("serial"), {{QStringLiteral("type"), QStringLiteral("pty")}});
            empty(QStringLiteral("target"), {{QStringLiteral("port"), QStringLiteral("0")}});
            end();
            return;
        }
        const QString type = kind == 3 ? QStringLiteral("spice") : QStringLiteral("vnc");
        start(QStringLiteral("graphics"),
              {{QStringLiteral("type"), type},
               {QStringLiteral("autoport"), QStringLiteral("yes")},
               {QStringLiteral("listen"), QStringLiteral("127.0.0.1")}});
        empty(QStringLiteral("listen"), {{QStringLiteral("type"), QStringLiteral("address")},
                                         {QStringLiteral("address"), QStringLiteral("127.0.0.1")}});
        end();
        start(QStringLiteral("video"), {});
        empty(
            QStringLiteral("model"),
            {{QStringLiteral("type"), kind == 3 ? QStringLiteral("qxl") : QStringLiteral("virtio")},
             {QStringLiteral("heads"), QStringLiteral("1")},
             {QStringLiteral("primary"), QStringLiteral("yes")}});
        end();
    }

    void writeNetwork(int k)
    {
        const NetKind kind = networkKind(k);
        const QString subnet = k == 0 ? QStringLiteral("192.168.122")
                                      : QStringLiteral("10.%1.%2").arg(k / 250).arg(k % 250);
        start(QStringLiteral("network"), {});
        text(QStringLiteral("name"), networkName(k));
        text(QStringLiteral("uuid"), uuidFor(UuidKind::Network, k));
        switch (kind) {
        case NetKind::Nat:
            start(QStringLiteral("forward"), {{QStringLiteral("mode"), QStringLiteral("nat")}});
            start(QStringLiteral("nat"), {});
            empty(QStringLiteral("port"), {{QStringLiteral("start"), QStringLiteral("1024")},
                                           {QStringLiteral("end"), QStringLiteral("65535")}});
            end();
            end();
            break;
        case NetKind::Isolated:
            break;
        case NetKind::Routed:
            empty(QStringLiteral("forward"), {{QStringLiteral("mode"), QStringLiteral("route")}});
            break;
        case NetKind::Open:
            empty(QStringLiteral("forward"), {{QStringLiteral("mode"), QStringLiteral("open")}});
            break;
        }
        empty(QStringLiteral("bridge"), {{QStringLiteral("name"), QStringLiteral("virbr%1").arg(k)},
                                         {QStringLiteral("stp"), QStringLiteral("on")},
                                         {QStringLiteral("delay"), QStringLiteral("0")}});
        start(QStringLiteral("ip"), {{QStringLiteral("address"), subnet + QStringLiteral(".1")},
                                     {QStringLiteral("netmask"), QStringLiteral("255.255.255.0")}});
        if (kind == NetKind::Nat || kind == NetKind::Isolated) {
            start(QStringLiteral("dhcp"), {});
            empty(QStringLiteral("range"),
                  {{QStringLiteral("start"), subnet + QStringLiteral(".2")},
                   {QStringLiteral("end"), subnet + QStringLiteral(".254")}});
            end();
        }
        end();
        end();
    }

    void writeVolume(const QString &poolPath, const Volume &v)
    {
        start(QStringLiteral("volume"), {{QStringLiteral("type"), QStringLiteral("file")}});
        text(QStringLiteral("name"), v.name);
        m_xml.writeStartElement(QStringLiteral("capacity"));
        m_xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("bytes"));
        m_xml.writeCharacters(QString::number(v.capacity));
        m_xml.writeEndElement();
        m_xml.writeStartElement(QStringLiteral("allocation"));
        m_xml.writeAttribute(QStringLiteral("unit"), QStringLiteral("bytes"));
        m_xml.writeCharacters(QString::number(v.allocation));
        m_xml.writeEndElement();
        start(QStringLiteral("target"), {});
        text(QStringLiteral("path"), volumePath(poolPath, v));
        empty(QStringLiteral("format"), {{QStringLiteral("type"), v.format}});
        end();
        end();
    }

    void writePoolHeader(int index, const QString &name, const QString &path)
    {
        start(QStringLiteral("pool"), {{QStringLiteral("type"), QStringLiteral("dir")}});
        text(QStringLiteral("name"), name);
        text(QStringLiteral("uuid"), uuidFor(UuidKind::Pool, index));
        start(QStringLiteral("target"), {});
        text(QStringLiteral("path"), path);
        end();
    }

    void writePools()
    {
        writePoolHeader(0, defaultPoolName, defaultPoolPath);
        for (int j = 0; j < m_spec.volumes; ++j)
            writeVolume(defaultPoolPath, defaultPoolVolume(j, m_spec.volumes));
        end();
        if (m_spec.isoVolumes <= 0)
            return;
        writePoolHeader(1, isoPoolName, isoPoolPath);
        for (int j = 0; j < m_spec.isoVolumes; ++j)
            writeVolume(isoPoolPath, isoPoolVolume(j));
        end();
    }

    void writeAuth()
    {
        if (m_spec.authUser.isEmpty())
            return;
        start(QStringLiteral("auth"), {});
        m_xml.writeStartElement(QStringLiteral("user"));
        // Without a password attribute the test driver asks only for the username.
        if (!m_spec.authPassword.isEmpty())
            m_xml.writeAttribute(QStringLiteral("password"), m_spec.authPassword);
        m_xml.writeCharacters(m_spec.authUser);
        m_xml.writeEndElement();
        end();
    }

    const NodeSpec &m_spec;
    QXmlStreamWriter m_xml;
    quint32 m_macCounter = 0;
};

static_assert(poolAllocationBudget < testDriverPoolCapacity);

} // namespace

QString generatedDomainName(const NodeSpec &spec, int i)
{
    if (!spec.awkwardNames)
        return QStringLiteral("vm-%1").arg(padded(i));
    const auto &patterns = awkwardPatterns();
    return patterns[size_t(i) % patterns.size()].arg(padded(i));
}

QString generateNodeXml(const NodeSpec &spec)
{
    QString out;
    out.reserve(qMax(spec.domains, 0) * 1200 + 4096);
    Writer(spec, &out).write();
    return out;
}

bool writeNodeXml(const QString &path, const NodeSpec &spec)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray bytes = generateNodeXml(spec).toUtf8();
    return file.write(bytes) == bytes.size() && file.flush();
}

} // namespace Virtumancer::Test
