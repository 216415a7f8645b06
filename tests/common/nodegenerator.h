#pragma once

#include <QString>
#include <QStringList>

namespace Virtumancer::Test {

/// Writes libvirt test-driver node XML (for test:///ABS/PATH.xml).
struct NodeSpec
{
    int domains = 10;
    int runningEvery = 3;    ///< every Nth domain is running, the rest shut off (0 = all off)
    int networks = 3;
    int volumes = 20;        ///< volumes in the default-pool
    bool awkwardNames = true; ///< quotes, unicode, spaces, semicolons, <&>, 60+ chars
    QString authUser;        ///< non-empty → <auth><user password=...>
    QString authPassword;
};

/// The node XML for spec. Deterministic: the same spec gives the same XML (names, uuids, macs).
QString generateNodeXml(const NodeSpec &spec);
/// Writes it to path; returns false on I/O failure.
bool writeNodeXml(const QString &path, const NodeSpec &spec);
/// The name of the i-th generated domain (as libvirt will report it).
QString generatedDomainName(const NodeSpec &spec, int i);

} // namespace Virtumancer::Test
