#pragma once

#include "model/error.h"

#include <QString>

namespace Virtumancer {

/// What the connection wizard collects, turned into a libvirt URI (DESIGN §3):
///   local   qemu:///system, qemu:///session
///   remote  qemu+ssh://user@host:port/system, qemu+libssh://…, qemu+tls://host/system,
///           qemu+tcp://host:port/system
///   test    test:///default or test:///ABS/PATH/node.xml
///   custom  anything libvirt accepts, checked only for the shape driver[+transport]:/…
struct UriSpec
{
    enum class Transport { Local, Ssh, LibSsh, Tls, Tcp, Custom };
    QString driver = QStringLiteral("qemu"); ///< qemu, test, lxc, xen, ch, …
    Transport transport = Transport::Local;
    QString user;
    QString host;
    int port = 0;       ///< 0 = the transport's default
    bool system = true; ///< qemu: /system or /session
    QString path;       ///< test driver: a node XML file (empty = /default)
    QString custom;     ///< Transport::Custom
};

/// The URI for spec, or InvalidArgument naming the field at fault.
Result<QString> buildUri(const UriSpec &spec);

/// A short, human label for a URI's transport ("local", "SSH", "TLS", ...), for lists.
QString transportLabel(const QString &uri);

} // namespace Virtumancer
