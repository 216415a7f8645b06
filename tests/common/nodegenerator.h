#pragma once

#include <QString>
#include <QStringList>

namespace Virtumancer::Test {

/// Writes libvirt test-driver node XML (for test:///ABS/PATH.xml).
///
/// Domain i (0-based) is running when (i + 1) % runningEvery == 0, so a node has
/// domains / runningEvery running domains; the rest are shut off. Every domain has 1-2 disks on
/// volumes of "default-pool" (the last tenth of the volumes stay unattached; every 7th domain
/// also has a disk outside any pool), 1-2 NICs on the generated networks (unique MACs) and VNC,
/// SPICE or no graphics. Networks rotate NAT (the first is "default"), isolated, routed, open.
/// The test driver reports every network and pool active and fixes each pool at 100 GiB, so
/// volume allocations are kept small enough that the pool never overflows.
struct NodeSpec
{
    int domains = 10;
    int runningEvery = 3; ///< every Nth domain is running, the rest shut off (0 = all off)
    int networks = 3;
    int volumes = 20;         ///< volumes in the default-pool
    bool awkwardNames = true; ///< quotes, unicode, spaces, semicolons, <&>, 60+ chars
    QString authUser;         ///< non-empty → <auth><user password=...>
    QString authPassword;
    int isoVolumes = 0; ///< > 0 adds a second pool "iso-pool" of .iso volumes, used as cdroms
};

/// The node XML for spec. Deterministic: the same spec gives the same XML (names, uuids, macs).
QString generateNodeXml(const NodeSpec &spec);
/// Writes it to path; returns false on I/O failure.
bool writeNodeXml(const QString &path, const NodeSpec &spec);
/// The name of the i-th generated domain (as libvirt will report it).
QString generatedDomainName(const NodeSpec &spec, int i);

} // namespace Virtumancer::Test
