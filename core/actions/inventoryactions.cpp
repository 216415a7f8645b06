#include "inventoryactions_p.h"

#include <QXmlStreamReader>

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
    // Build creates a dir or netfs pool's directory (harmless when it exists), a logical
    // pool's volume group on its devices, a disk pool's partition table (only when asked:
    // libvirt labels only blank disks, and refuses a labelled one).
    const char *step = "building pool";
    int rc = InventorySpecs::needsBuild(spec) ? virStoragePoolBuild(pool.get(), 0) : 0;
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
    case InventoryRequest::Op::Resize:
    case InventoryRequest::Op::Wipe:
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("pools have no %1 operation").arg(request.actionName()));
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
    case InventoryRequest::Op::Resize:
    case InventoryRequest::Op::Wipe:
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("networks have no %1 operation").arg(request.actionName()));
    }
    if (rc < 0)
        return std::unexpected(lastError());
    return request.uuid;
}

QString volumePath(virStorageVolPtr vol)
{
    char *path = virStorageVolGetPath(vol);
    const QString result = QString::fromUtf8(path);
    free(path);
    return result;
}

/// The <target><format type=...> of a volume, read from its XML.
QString volumeFormat(virStorageVolPtr vol)
{
    char *xml = virStorageVolGetXMLDesc(vol, 0);
    if (!xml) {
        virResetLastError();
        return {};
    }
    const QByteArray bytes(xml);
    free(xml);
    QXmlStreamReader r(bytes);
    QStringList stack;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::StartElement) {
            stack.append(r.name().toString());
            if (stack == QStringList{QStringLiteral("volume"), QStringLiteral("target"),
                                     QStringLiteral("format")})
                return r.attributes().value(QStringLiteral("type")).toString();
        } else if (token == QXmlStreamReader::EndElement && !stack.isEmpty()) {
            stack.removeLast();
        }
    }
    return {};
}

Result<QString> createVolume(virConnectPtr conn, const VolumeSpec &spec)
{
    if (auto valid = InventorySpecs::validate(spec); !valid)
        return std::unexpected(valid.error());
    PoolHandle pool(virStoragePoolLookupByUUIDString(conn, spec.poolUuid.toLatin1().constData()));
    if (!pool)
        return failure(QStringLiteral("looking up pool %1").arg(spec.poolUuid));
    if (virStoragePoolIsActive(pool.get()) != 1)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("pool %1 is not active; start it first")
                             .arg(QString::fromUtf8(virStoragePoolGetName(pool.get()))));
    QString backingFormat;
    if (!spec.backingPath.isEmpty()) {
        VolumeHandle backing(
            virStorageVolLookupByPath(conn, spec.backingPath.toUtf8().constData()));
        if (!backing)
            return failure(QStringLiteral("looking up backing volume %1").arg(spec.backingPath));
        backingFormat = volumeFormat(backing.get());
    }
    const QByteArray xml = InventorySpecs::volumeXml(spec, backingFormat).toUtf8();
    VolumeHandle vol(virStorageVolCreateXML(pool.get(), xml.constData(), 0));
    if (!vol)
        return failure(QStringLiteral("creating volume"));
    return volumePath(vol.get());
}

Result<QString> volumeOp(virConnectPtr conn, const InventoryRequest &request)
{
    VolumeHandle vol(virStorageVolLookupByPath(conn, request.uuid.toUtf8().constData()));
    if (!vol)
        return failure(QStringLiteral("looking up volume %1").arg(request.uuid));
    int rc = 0;
    switch (request.op) {
    case InventoryRequest::Op::Resize: {
        virStorageVolInfo info;
        if (virStorageVolGetInfo(vol.get(), &info) < 0)
            return failure(QStringLiteral("reading volume %1").arg(request.uuid));
        const qint64 current = qint64(info.capacity);
        if (request.capacityBytes <= 0)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("volume capacity must be greater than zero (got %1 "
                                            "bytes)")
                                 .arg(request.capacityBytes));
        if (request.capacityBytes < current)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("refusing to shrink volume %1 from %2 to %3 bytes: "
                                            "only growing is supported (shrinking loses data)")
                                 .arg(request.uuid)
                                 .arg(current)
                                 .arg(request.capacityBytes));
        rc = virStorageVolResize(vol.get(), quint64(request.capacityBytes), 0);
        break;
    }
    case InventoryRequest::Op::Wipe:
        rc = virStorageVolWipe(vol.get(), 0);
        break;
    case InventoryRequest::Op::Delete:
        rc = virStorageVolDelete(vol.get(), 0);
        break;
    case InventoryRequest::Op::Create:
    case InventoryRequest::Op::Start:
    case InventoryRequest::Op::Stop:
    case InventoryRequest::Op::Refresh:
    case InventoryRequest::Op::SetAutostart:
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("volumes have no %1 operation").arg(request.actionName()));
    }
    if (rc < 0)
        return std::unexpected(lastError());
    return request.uuid;
}

} // namespace

Result<QString> volumePoolUuid(virConnectPtr conn, const QString &path)
{
    VolumeHandle vol(virStorageVolLookupByPath(conn, path.toUtf8().constData()));
    if (!vol)
        return failure(QStringLiteral("looking up volume %1").arg(path));
    PoolHandle pool(virStoragePoolLookupByVolume(vol.get()));
    if (!pool)
        return failure(QStringLiteral("looking up the pool of volume %1").arg(path));
    return poolUuid(pool.get());
}

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
    if (request.kind == InventoryRequest::Kind::Volume)
        return request.op == InventoryRequest::Op::Create ? createVolume(conn, request.volume)
                                                          : volumeOp(conn, request);
    const bool pool = request.kind == InventoryRequest::Kind::Pool;
    if (request.op == InventoryRequest::Op::Create)
        return pool ? createPool(conn, request.pool) : createNetwork(conn, request.network);
    return pool ? poolOp(conn, request) : networkOp(conn, request);
}

} // namespace Virtumancer::Actions
