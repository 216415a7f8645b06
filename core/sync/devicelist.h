#pragma once

#include "model/error.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace Virtumancer {

/// One element under a domain's <devices>, for the hardware list: every device class libvirt
/// knows, including those the mirror has no table for (controllers, sound, TPM, RNG, ...).
struct DeviceEntry
{
    QString kind;    ///< the element name: disk, interface, controller, sound, tpm, ...
    QString summary; ///< a one-line description from its key attributes
    QString xml;     ///< the element itself, re-serialized
};

/// Lists the devices of a domain XML document in document order.
Result<QList<DeviceEntry>> listDevices(QByteArrayView domainXml);

/// The <os><boot dev=...> entries of a domain XML, in order (hd, cdrom, network, fd); empty when
/// it has none (no boot order, or per-device <boot order=...>) or cannot be read.
QStringList bootOrder(QByteArrayView domainXml);

/// A device element's <target dev=...> (a disk's vda, ...), or empty.
QString deviceTarget(const QString &deviceXml);

} // namespace Virtumancer
