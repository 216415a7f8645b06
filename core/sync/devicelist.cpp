#include "devicelist.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Virtumancer {

namespace {

/// Copies the element the reader is on (start to matching end) into writer.
void copyElement(QXmlStreamReader &reader, QXmlStreamWriter &writer)
{
    int depth = 0;
    for (;;) {
        switch (reader.tokenType()) {
        case QXmlStreamReader::StartElement:
            writer.writeStartElement(reader.qualifiedName().toString());
            writer.writeAttributes(reader.attributes());
            ++depth;
            break;
        case QXmlStreamReader::EndElement:
            writer.writeEndElement();
            --depth;
            break;
        case QXmlStreamReader::Characters:
            if (!reader.isWhitespace())
                writer.writeCharacters(reader.text().toString());
            break;
        default:
            break;
        }
        if (depth == 0 || reader.atEnd() || reader.hasError())
            return;
        reader.readNext();
    }
}

QString attr(const QXmlStreamAttributes &a, const char *name)
{
    return a.value(QLatin1String(name)).toString();
}

/// Key facts of a device, from its own attributes and a few well-known children.
QString summarize(const QString &kind, const QString &xml)
{
    QXmlStreamReader r(xml);
    QStringList parts;
    int depth = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isEndElement())
            --depth;
        if (!r.isStartElement())
            continue;
        ++depth;
        const auto a = r.attributes();
        const QStringView name = r.name();
        if (depth == 1) {
            for (const char *key : {"type", "device", "model", "bus", "index"}) {
                if (a.hasAttribute(QLatin1String(key)))
                    parts.append(attr(a, key));
            }
        } else if (depth == 2) {
            if (name == u"target" && a.hasAttribute(QLatin1String("dev")))
                parts.append(attr(a, "dev"));
            else if (name == u"source") {
                for (const char *key : {"file", "dev", "network", "bridge", "path", "mode"}) {
                    if (a.hasAttribute(QLatin1String(key)))
                        parts.append(attr(a, key));
                }
            } else if (name == u"mac")
                parts.append(attr(a, "address"));
            else if (name == u"model" && a.hasAttribute(QLatin1String("type")))
                parts.append(attr(a, "type"));
        }
    }
    parts.removeAll(QString());
    parts.removeDuplicates();
    return parts.isEmpty() ? kind : parts.join(QStringLiteral(" · "));
}

} // namespace

Result<QList<DeviceEntry>> listDevices(QByteArrayView domainXml)
{
    QXmlStreamReader reader(QByteArray::fromRawData(domainXml.data(), domainXml.size()));
    QList<DeviceEntry> devices;
    int depth = 0;
    bool inDevices = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement()) {
            if (depth == 2 && reader.name() == u"devices")
                inDevices = false;
            --depth;
            continue;
        }
        if (!reader.isStartElement())
            continue;
        ++depth;
        if (depth == 2 && reader.name() == u"devices") {
            inDevices = true;
            continue;
        }
        if (inDevices && depth == 3) {
            DeviceEntry e;
            e.kind = reader.name().toString();
            QXmlStreamWriter writer(&e.xml);
            writer.setAutoFormatting(true);
            copyElement(reader, writer);
            --depth; // copyElement consumed the end element
            e.xml = e.xml.trimmed();
            e.summary = summarize(e.kind, e.xml);
            devices.append(e);
        }
    }
    if (reader.hasError())
        return makeError(ErrorCode::ParseError, QStringLiteral("domain XML, line %1, column %2: %3")
                                                    .arg(reader.lineNumber())
                                                    .arg(reader.columnNumber())
                                                    .arg(reader.errorString()));
    return devices;
}

QStringList bootOrder(QByteArrayView domainXml)
{
    QXmlStreamReader reader(QByteArray::fromRawData(domainXml.data(), domainXml.size()));
    QStringList order;
    QStringList path;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            path.append(reader.name().toString());
            if (path == QStringList{QStringLiteral("domain"), QStringLiteral("os"),
                                    QStringLiteral("boot")})
                order.append(reader.attributes().value(QLatin1String("dev")).toString());
        } else if (reader.isEndElement()) {
            path.removeLast();
        }
    }
    return reader.hasError() ? QStringList{} : order;
}

QString deviceTarget(const QString &deviceXml)
{
    QXmlStreamReader reader(deviceXml);
    int depth = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement())
            --depth;
        else if (reader.isStartElement() && ++depth == 2 && reader.name() == u"target")
            return reader.attributes().value(QLatin1String("dev")).toString();
    }
    return {};
}

} // namespace Virtumancer
