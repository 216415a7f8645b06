#pragma once

#include "model/error.h"

#include <QString>
#include <QStringList>

namespace Virtumancer {

/// A virtual NIC to add to a VM: on a libvirt virtual network or a host bridge.
struct NicSpec
{
    QString sourceType = QStringLiteral("network"); ///< network or bridge
    QString source;                                 ///< the network's or bridge's name
    QString model = QStringLiteral("virtio");       ///< virtio, e1000e, e1000, rtl8139
    QString mac;                                    ///< empty: libvirt generates one
};

/// A graphical console to add: VNC or SPICE, listening on an address (or nowhere: only
/// reachable through libvirt, which is how Virtumancer opens consoles).
struct GraphicsSpec
{
    QString type = QStringLiteral("vnc");         ///< vnc or spice
    QString listen = QStringLiteral("127.0.0.1"); ///< an IP address, or "none"
    QByteArray password;                          ///< empty: none (VNC: at most 8 bytes used)
};

/// Builders of the <devices> children the hardware editor adds, written with
/// QXmlStreamWriter, and the checks their inputs need. Pure functions, any thread.
namespace DeviceXml {

QStringList nicSourceTypes(); ///< network, bridge
QStringList nicModels();      ///< virtio, e1000e, e1000, rtl8139
QStringList graphicsTypes();  ///< vnc, spice
QStringList videoModels();    ///< virtio, qxl, vga, bochs, ramfb, cirrus, none
QStringList soundModels();    ///< ich9, ich6, ac97, es1370
QStringList redirdevBuses();  ///< usb (the only one libvirt has)

/// A locally administered unicast MAC in QEMU's range, 52:54:00:xx:xx:xx, from a strong
/// random source.
QString randomMac();
/// Whether mac is six colon-separated hex octets and unicast (lower bit of the first octet 0).
bool isValidMac(const QString &mac);
/// mac in lower case (the form the mirror stores).
QString normalizedMac(const QString &mac);

/// InvalidArgument with a message for the user, or nothing.
Result<> validate(const NicSpec &spec);
Result<> validate(const GraphicsSpec &spec);

QString interfaceXml(const NicSpec &spec);
QString graphicsXml(const GraphicsSpec &spec);
QString videoXml(const QString &model);
QString soundXml(const QString &model);
/// A pty serial port (and so the guest's ttyS0 console).
QString serialXml();
/// A USB redirection channel over SPICE (needs SPICE graphics).
QString redirdevXml();

/// xml with every secret libvirt may hold in it removed (graphics passwd attributes), for the
/// audit log and messages. Unreadable XML gives an empty string, never the original.
QString withoutSecrets(const QString &xml);

} // namespace DeviceXml

} // namespace Virtumancer
