#include "devicexml.h"

#include <QHostAddress>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Virtumancer::DeviceXml {

namespace {

Result<> invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

/// Runs body with a writer over a fresh string and returns the string.
template<typename Body> QString written(Body body)
{
    QString xml;
    QXmlStreamWriter w(&xml);
    body(w);
    w.writeEndDocument(); // closes a top-level empty element, which the writer keeps open
    return xml.trimmed();
}

} // namespace

QStringList nicSourceTypes()
{
    return {QStringLiteral("network"), QStringLiteral("bridge")};
}

QStringList nicModels()
{
    return {QStringLiteral("virtio"), QStringLiteral("e1000e"), QStringLiteral("e1000"),
            QStringLiteral("rtl8139")};
}

QStringList graphicsTypes()
{
    return {QStringLiteral("vnc"), QStringLiteral("spice")};
}

QStringList videoModels()
{
    return {QStringLiteral("virtio"), QStringLiteral("qxl"),   QStringLiteral("vga"),
            QStringLiteral("bochs"),  QStringLiteral("ramfb"), QStringLiteral("cirrus"),
            QStringLiteral("none")};
}

QStringList soundModels()
{
    return {QStringLiteral("ich9"), QStringLiteral("ich6"), QStringLiteral("ac97"),
            QStringLiteral("es1370")};
}

QStringList redirdevBuses()
{
    return {QStringLiteral("usb")};
}

QString randomMac()
{
    quint32 tail = QRandomGenerator::system()->generate() & 0xffffff;
    return QStringLiteral("52:54:00:%1:%2:%3")
        .arg(tail >> 16, 2, 16, QLatin1Char('0'))
        .arg((tail >> 8) & 0xff, 2, 16, QLatin1Char('0'))
        .arg(tail & 0xff, 2, 16, QLatin1Char('0'));
}

bool isValidMac(const QString &mac)
{
    const QStringList octets = mac.split(QLatin1Char(':'));
    if (octets.size() != 6)
        return false;
    for (const QString &octet : octets) {
        bool ok = false;
        if (octet.size() != 2 || (octet.toUInt(&ok, 16), !ok))
            return false;
    }
    return (octets.first().toUInt(nullptr, 16) & 1) == 0; // multicast addresses cannot be a NIC's
}

QString normalizedMac(const QString &mac)
{
    return mac.trimmed().toLower();
}

Result<> validate(const NicSpec &spec)
{
    if (!nicSourceTypes().contains(spec.sourceType))
        return invalid(QStringLiteral("a NIC connects to a network or a bridge, not \"%1\"")
                           .arg(spec.sourceType));
    if (spec.source.trimmed().isEmpty())
        return invalid(spec.sourceType == QLatin1String("network")
                           ? QStringLiteral("choose the virtual network the NIC connects to")
                           : QStringLiteral("give the name of the host bridge (e.g. br0)"));
    // Linux interface names: at most 15 bytes, no whitespace or slashes.
    if (spec.sourceType == QLatin1String("bridge")
        && (spec.source.toUtf8().size() > 15 || spec.source.contains(QLatin1Char('/'))
            || spec.source.contains(QRegularExpression(QStringLiteral("\\s")))))
        return invalid(QStringLiteral("\"%1\" is not a bridge name (at most 15 characters, no "
                                      "spaces or slashes)")
                           .arg(spec.source));
    if (!nicModels().contains(spec.model))
        return invalid(QStringLiteral("unknown NIC model \"%1\" (use one of: %2)")
                           .arg(spec.model, nicModels().join(QStringLiteral(", "))));
    if (!spec.mac.isEmpty() && !isValidMac(spec.mac))
        return invalid(
            QStringLiteral("\"%1\" is not a unicast MAC address (like 52:54:00:12:34:56)")
                .arg(spec.mac));
    return {};
}

Result<> validate(const GraphicsSpec &spec)
{
    if (!graphicsTypes().contains(spec.type))
        return invalid(QStringLiteral("graphics are vnc or spice, not \"%1\"").arg(spec.type));
    if (spec.listen != QLatin1String("none") && QHostAddress(spec.listen).isNull())
        return invalid(QStringLiteral("\"%1\" is not an IP address to listen on (or \"none\")")
                           .arg(spec.listen));
    if (spec.type == QLatin1String("vnc") && spec.password.size() > 8)
        return invalid(QStringLiteral("a VNC password has at most 8 characters (VNC uses no "
                                      "more)"));
    return {};
}

QString interfaceXml(const NicSpec &spec)
{
    return written([&spec](QXmlStreamWriter &w) {
        w.writeStartElement(QStringLiteral("interface"));
        w.writeAttribute(QStringLiteral("type"), spec.sourceType);
        w.writeEmptyElement(QStringLiteral("source"));
        w.writeAttribute(spec.sourceType == QLatin1String("bridge") ? QStringLiteral("bridge")
                                                                    : QStringLiteral("network"),
                         spec.source.trimmed());
        if (!spec.mac.isEmpty()) {
            w.writeEmptyElement(QStringLiteral("mac"));
            w.writeAttribute(QStringLiteral("address"), normalizedMac(spec.mac));
        }
        w.writeEmptyElement(QStringLiteral("model"));
        w.writeAttribute(QStringLiteral("type"), spec.model);
        w.writeEndElement();
    });
}

QString graphicsXml(const GraphicsSpec &spec)
{
    return written([&spec](QXmlStreamWriter &w) {
        w.writeStartElement(QStringLiteral("graphics"));
        w.writeAttribute(QStringLiteral("type"), spec.type);
        w.writeAttribute(QStringLiteral("autoport"), QStringLiteral("yes"));
        if (!spec.password.isEmpty())
            w.writeAttribute(QStringLiteral("passwd"), QString::fromUtf8(spec.password));
        w.writeEmptyElement(QStringLiteral("listen"));
        if (spec.listen == QLatin1String("none")) {
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("none"));
        } else {
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("address"));
            w.writeAttribute(QStringLiteral("address"), spec.listen);
        }
        w.writeEndElement();
    });
}

QString videoXml(const QString &model)
{
    return written([&model](QXmlStreamWriter &w) {
        w.writeStartElement(QStringLiteral("video"));
        w.writeEmptyElement(QStringLiteral("model"));
        w.writeAttribute(QStringLiteral("type"), model);
        w.writeEndElement();
    });
}

QString soundXml(const QString &model)
{
    return written([&model](QXmlStreamWriter &w) {
        w.writeEmptyElement(QStringLiteral("sound"));
        w.writeAttribute(QStringLiteral("model"), model);
    });
}

QString serialXml()
{
    return written([](QXmlStreamWriter &w) {
        w.writeEmptyElement(QStringLiteral("serial"));
        w.writeAttribute(QStringLiteral("type"), QStringLiteral("pty"));
    });
}

QString redirdevXml()
{
    return written([](QXmlStreamWriter &w) {
        w.writeEmptyElement(QStringLiteral("redirdev"));
        w.writeAttribute(QStringLiteral("bus"), QStringLiteral("usb"));
        w.writeAttribute(QStringLiteral("type"), QStringLiteral("spicevmc"));
    });
}

QString withoutSecrets(const QString &xml)
{
    QXmlStreamReader reader(xml);
    QString out;
    QXmlStreamWriter w(&out);
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            w.writeStartElement(reader.name().toString());
            for (const QXmlStreamAttribute &a : reader.attributes())
                if (a.name() != u"passwd")
                    w.writeAttribute(a.qualifiedName().toString(), a.value().toString());
            break;
        }
        case QXmlStreamReader::EndElement:
            w.writeEndElement();
            break;
        case QXmlStreamReader::Characters:
            w.writeCharacters(reader.text().toString());
            break;
        default:
            break;
        }
    }
    return reader.hasError() ? QString() : out;
}

} // namespace Virtumancer::DeviceXml
