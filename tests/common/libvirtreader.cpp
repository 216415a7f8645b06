#include "libvirtreader.h"

#include <QDomDocument>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstring>

namespace Virtumancer::Test {

namespace {
struct Creds
{
    QByteArray user, password;
};
int auth(virConnectCredentialPtr cred, unsigned int n, void *data)
{
    auto *c = static_cast<Creds *>(data);
    for (unsigned int i = 0; i < n; ++i) {
        const QByteArray v = (cred[i].type == VIR_CRED_AUTHNAME) ? c->user : c->password;
        cred[i].result = strdup(v.constData());
        cred[i].resultlen = unsigned(v.size());
    }
    return 0;
}
} // namespace

Truth readTruth(const QString &uri, const QString &user, const QString &password)
{
    Truth t;
    Creds creds{user.toUtf8(), password.toUtf8()};
    int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth a{types, 2, auth, &creds};
    virConnectPtr conn = virConnectOpenAuth(uri.toUtf8().constData(), &a, 0);
    if (!conn) {
        t.error = QString::fromUtf8(virGetLastErrorMessage());
        return t;
    }
    virDomainPtr *doms = nullptr;
    const int nd = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < nd; ++i) {
        TruthDomain d;
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(doms[i], uuid);
        d.uuid = QString::fromLatin1(uuid);
        d.name = QString::fromUtf8(virDomainGetName(doms[i]));
        int reason = 0;
        virDomainGetState(doms[i], &d.state, &reason, 0);
        virDomainInfo info;
        virDomainGetInfo(doms[i], &info);
        d.vcpus = info.nrVirtCpu;
        d.maxMemoryBytes = qint64(virDomainGetMaxMemory(doms[i])) * 1024;
        d.persistent = virDomainIsPersistent(doms[i]) == 1;
        int as = 0;
        virDomainGetAutostart(doms[i], &as);
        d.autostart = as != 0;
        char *xml = virDomainGetXMLDesc(doms[i], 0);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        const QDomNodeList disks = doc.elementsByTagName(QStringLiteral("disk"));
        for (int k = 0; k < disks.size(); ++k)
            d.diskTargets.append(disks.at(k)
                                     .firstChildElement(QStringLiteral("target"))
                                     .attribute(QStringLiteral("dev")));
        const QDomNodeList nics = doc.elementsByTagName(QStringLiteral("interface"));
        for (int k = 0; k < nics.size(); ++k)
            d.macs.append(nics.at(k)
                              .firstChildElement(QStringLiteral("mac"))
                              .attribute(QStringLiteral("address"))
                              .toLower());
        const QDomNodeList gfx = doc.elementsByTagName(QStringLiteral("graphics"));
        for (int k = 0; k < gfx.size(); ++k)
            d.graphicsTypes.append(gfx.at(k).toElement().attribute(QStringLiteral("type")));
        d.diskTargets.sort();
        d.macs.sort();
        t.domains.append(d);
        virDomainFree(doms[i]);
    }
    free(doms);

    virNetworkPtr *nets = nullptr;
    const int nn = virConnectListAllNetworks(conn, &nets, 0);
    for (int i = 0; i < nn; ++i) {
        TruthNetwork n;
        char uuid[VIR_UUID_STRING_BUFLEN];
        virNetworkGetUUIDString(nets[i], uuid);
        n.uuid = QString::fromLatin1(uuid);
        n.name = QString::fromUtf8(virNetworkGetName(nets[i]));
        if (char *b = virNetworkGetBridgeName(nets[i])) {
            n.bridge = QString::fromUtf8(b);
            free(b);
        } else {
            virResetLastError();
        }
        n.active = virNetworkIsActive(nets[i]) == 1;
        int as = 0;
        virNetworkGetAutostart(nets[i], &as);
        n.autostart = as != 0;
        t.networks.append(n);
        virNetworkFree(nets[i]);
    }
    free(nets);

    virStoragePoolPtr *pools = nullptr;
    const int np = virConnectListAllStoragePools(conn, &pools, 0);
    for (int i = 0; i < np; ++i) {
        TruthPool p;
        char uuid[VIR_UUID_STRING_BUFLEN];
        virStoragePoolGetUUIDString(pools[i], uuid);
        p.uuid = QString::fromLatin1(uuid);
        p.name = QString::fromUtf8(virStoragePoolGetName(pools[i]));
        virStoragePoolInfo info;
        virStoragePoolGetInfo(pools[i], &info);
        p.capacity = qint64(info.capacity);
        p.allocation = qint64(info.allocation);
        p.available = qint64(info.available);
        p.active = virStoragePoolIsActive(pools[i]) == 1;
        t.pools.append(p);
        if (p.active) {
            virStorageVolPtr *vols = nullptr;
            const int nv = virStoragePoolListAllVolumes(pools[i], &vols, 0);
            for (int k = 0; k < nv; ++k) {
                TruthVolume v;
                char *path = virStorageVolGetPath(vols[k]);
                v.path = QString::fromUtf8(path);
                free(path);
                v.name = QString::fromUtf8(virStorageVolGetName(vols[k]));
                v.key = QString::fromUtf8(virStorageVolGetKey(vols[k]));
                virStorageVolInfo vi;
                virStorageVolGetInfo(vols[k], &vi);
                v.capacity = qint64(vi.capacity);
                v.allocation = qint64(vi.allocation);
                t.volumes.append(v);
                virStorageVolFree(vols[k]);
            }
            free(vols);
        }
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    virConnectClose(conn);
    return t;
}

} // namespace Virtumancer::Test
