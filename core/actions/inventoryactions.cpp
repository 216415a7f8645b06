#include "inventoryactions_p.h"

namespace Virtumancer::Actions {

using namespace Libvirt;

namespace {

std::unexpected<Error> failure(const QString &context)
{
    return std::unexpected(lastError(ErrorCode::Libvirt, context));
}

QString poolUuid(virStoragePoolPtr pool)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    return virStoragePoolGetUUIDString(pool, buf) == 0 ? QString::fromLatin1(buf).toLower()
                                                       : QString();
}

QString networkUuid(virNetworkPtr net)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    return virNetworkGetUUIDString(net, buf) == 0 ? QString::fromLatin1(buf).toLower() : QString();
}

Result<QString> createPool(virConnectPtr conn, const PoolSpec &spec)
{
    if (auto valid = InventorySpecs::validate(spec); !valid)
        return std::unexpected(valid.error());
    const QByteArray xml = InventorySpecs::poolXml(spec).toUtf8();
    PoolHandle pool(virStoragePoolDefineXML(conn, xml.constData(), 0));
    if (!pool)
        return failure(QStringLiteral("defining pool"));
    const QString uuid = poolUuid(pool.get());
    // A dir pool's build creates its directory (and is harmless when it exists).
    const char *step = "building pool";
    int rc = virStoragePoolBuild(pool.get(), 0);
    if (rc == 0) {
        step = "starting pool";
        rc = virStoragePoolCreate(pool.get(), 0);
    }
    if (rc < 0) {
        const Error error = lastError(ErrorCode::Libvirt, QString::fromLatin1(step));
        virStoragePoolUndefine(pool.get());
        virResetLastError();
        return std::unexpected(error);
    }
    return uuid;
}

Result<QString> createNetwork(virConnectPtr conn, const NetworkSpec &spec)
{
    if (auto valid = InventorySpecs::validate(spec); !valid)
        return std::unexpected(valid.error());
    const QByteArray xml = InventorySpecs::networkXml(spec).toUtf8();
    NetworkHandle net(virNetworkDefineXML(conn, xml.constData()));
    if (!net)
        return failure(QStringLiteral("defining network"));
    const QString uuid = networkUuid(net.get());
    if (virNetworkCreate(net.get()) < 0) {
        const Error error = lastError(ErrorCode::Libvirt, QStringLiteral("starting network"));
        virNetworkUndefine(net.get());
        virResetLastError();
        return std::unexpected(error);
    }
    return uuid;
}

Result<QString> poolOp(virConnectPtr conn, const InventoryRequest &request)
{
    PoolHandle pool(virStoragePoolLookupByUUIDString(conn, request.uuid.toLatin1().constData()));
    if (!pool)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("looking up pool")));
    int rc = 0;
    switch (request.op) {
    case InventoryRequest::Op::Create:
        Q_ASSERT(false);
        break;
    case InventoryRequest::Op::Start:
        rc = virStoragePoolCreate(pool.get(), 0);
        break;
    case InventoryRequest::Op::Stop:
        rc = virStoragePoolDestroy(pool.get());
        break;
    case InventoryRequest::Op::Refresh:
        rc = virStoragePoolRefresh(pool.get(), 0);
        break;
    case InventoryRequest::Op::SetAutostart:
        rc = virStoragePoolSetAutostart(pool.get(), request.autostart ? 1 : 0);
        break;
    case InventoryRequest::Op::Delete:
        // The definition goes; the directory and its files stay (deleting storage is the
        // volume registry's explicit job).
        if (virStoragePoolIsActive(pool.get()) == 1 && virStoragePoolDestroy(pool.get()) < 0)
            return failure(QStringLiteral("stopping pool"));
        if (virStoragePoolIsPersistent(pool.get()) == 1)
            rc = virStoragePoolUndefine(pool.get());
        break;
    }
    if (rc < 0)
        return std::unexpected(lastError());
    return request.uuid;
}

Result<QString> networkOp(virConnectPtr conn, const InventoryRequest &request)
{
    NetworkHandle net(virNetworkLookupByUUIDString(conn, request.uuid.toLatin1().constData()));
    if (!net)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("looking up network")));
    int rc = 0;
    switch (request.op) {
    case InventoryRequest::Op::Create:
        Q_ASSERT(false);
        break;
    case InventoryRequest::Op::Start:
        rc = virNetworkCreate(net.get());
        break;
    case InventoryRequest::Op::Stop:
        rc = virNetworkDestroy(net.get());
        break;
    case InventoryRequest::Op::Refresh:
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("networks have no refresh operation"));
    case InventoryRequest::Op::SetAutostart:
        rc = virNetworkSetAutostart(net.get(), request.autostart ? 1 : 0);
        break;
    case InventoryRequest::Op::Delete:
        if (virNetworkIsActive(net.get()) == 1 && virNetworkDestroy(net.get()) < 0)
            return failure(QStringLiteral("stopping network"));
        if (virNetworkIsPersistent(net.get()) == 1)
            rc = virNetworkUndefine(net.get());
        break;
    }
    if (rc < 0)
        return std::unexpected(lastError());
    return request.uuid;
}

} // namespace

Result<QString> inventoryObjectName(virConnectPtr conn, InventoryRequest::Kind kind,
                                    const QString &uuid)
{
    const QByteArray id = uuid.toLatin1();
    if (kind == InventoryRequest::Kind::Pool) {
        PoolHandle pool(virStoragePoolLookupByUUIDString(conn, id.constData()));
        if (!pool)
            return failure(QStringLiteral("looking up pool %1").arg(uuid));
        return QString::fromUtf8(virStoragePoolGetName(pool.get()));
    }
    NetworkHandle net(virNetworkLookupByUUIDString(conn, id.constData()));
    if (!net)
        return failure(QStringLiteral("looking up network %1").arg(uuid));
    return QString::fromUtf8(virNetworkGetName(net.get()));
}

int networkPortCount(virConnectPtr conn, const QString &uuid)
{
    NetworkHandle net(virNetworkLookupByUUIDString(conn, uuid.toLatin1().constData()));
    if (!net) {
        virResetLastError();
        return -1;
    }
    virNetworkPortPtr *ports = nullptr;
    const int n = virNetworkListAllPorts(net.get(), &ports, 0);
    if (n < 0) {
        virResetLastError();
        return -1;
    }
    for (int i = 0; i < n; ++i)
        virNetworkPortFree(ports[i]);
    free(ports);
    return n;
}

Result<QString> perform(virConnectPtr conn, const InventoryRequest &request)
{
    const bool pool = request.kind == InventoryRequest::Kind::Pool;
    if (request.op == InventoryRequest::Op::Create)
        return pool ? createPool(conn, request.pool) : createNetwork(conn, request.network);
    return pool ? poolOp(conn, request) : networkOp(conn, request);
}

} // namespace Virtumancer::Actions
