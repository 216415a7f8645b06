#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QByteArrayView>

namespace Virtumancer {

/// Parsers for libvirt XML documents (QXmlStreamReader, no regex). They fill what the XML holds;
/// facts that come from other libvirt calls (domain state, persistence, autostart, pool/network
/// active flags) are left at their defaults for the caller to set. Malformed or unexpected
/// documents give ErrorCode::ParseError with line/column, never a crash.
namespace XmlParsers {

/// <domain>: uuid (lower-case), name, title, description, vcpu count (current= if given, else
/// the <vcpu> value), memory/currentMemory in bytes (honouring unit=), os type/arch/machine, cpu
/// model + topology JSON, disks, interfaces, graphics (+ first video model/vram). domainXml is set
/// to the input.
Result<DomainInfo> parseDomain(QByteArrayView xml);
Result<NetworkInfo> parseNetwork(QByteArrayView xml);
Result<PoolInfo> parsePool(QByteArrayView xml);
/// poolUuid is not in volume XML; the caller sets it.
Result<VolumeInfo> parseVolume(QByteArrayView xml);

/// Converts a libvirt scaled integer (value + unit attribute: b, bytes, KiB/k, MiB/M, GiB/G,
/// TiB/T, KB, MB, GB, TB, ...) to bytes. Default unit when empty: defaultUnit.
bool scaledToBytes(QStringView value, QStringView unit, QStringView defaultUnit, qint64 *bytes);

} // namespace XmlParsers
} // namespace Virtumancer
