#include "volumetransfer.h"

#include "connection/libvirt_p.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QSaveFile>
#include <QWaitCondition>
#include <QXmlStreamReader>

#include <atomic>
#include <cstring>
#include <thread>

Q_LOGGING_CATEGORY(lcTransfer, "virtumancer.core.transfer", QtInfoMsg)

namespace Virtumancer {

using namespace Libvirt;

QString VolumeTransferRequest::actionName() const
{
    return direction == Direction::Upload ? QStringLiteral("volume.upload")
                                          : QStringLiteral("volume.download");
}

namespace VolumeTransfers {

bool isQcow2Image(const QByteArray &head)
{
    return head.startsWith(QByteArrayView("QFI\xfb", 4));
}

Result<> checkUpload(const QString &volumePath, const QString &volumeFormat, qint64 capacity,
                     const QString &localPath, qint64 fileSize, const QByteArray &head)
{
    const bool qcow2File = isQcow2Image(head);
    if (volumeFormat == QLatin1String("qcow2")) {
        if (!qcow2File)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("%1 is not a qcow2 image (no qcow2 header), but volume "
                                            "%2 is qcow2: upload a qcow2 image into it, or the "
                                            "file into a raw volume")
                                 .arg(localPath, volumePath));
        return {}; // the image's own header defines the volume's capacity from now on
    }
    if (qcow2File && volumeFormat == QLatin1String("raw"))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is a qcow2 image, but volume %2 is raw: the guest "
                                        "would see the qcow2 container, not its disk; upload it "
                                        "into a qcow2 volume")
                             .arg(localPath, volumePath));
    if (fileSize > capacity)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is %2 bytes, but volume %3 holds only %4 bytes; "
                                        "resize the volume first")
                             .arg(localPath)
                             .arg(fileSize)
                             .arg(volumePath)
                             .arg(capacity));
    return {};
}

} // namespace VolumeTransfers

namespace {

struct ConnectionClose
{
    void operator()(virConnectPtr p) const { virConnectClose(p); }
};
struct StreamFree
{
    void operator()(virStreamPtr p) const { virStreamFree(p); }
};
using ConnectionHandle = std::unique_ptr<virConnect, ConnectionClose>;
using StreamHandle = std::unique_ptr<virStream, StreamFree>;

constexpr int progressIntervalMs = 100; // at most 10 progress reports a second

std::unexpected<Error> failure(const QString &context)
{
    return std::unexpected(lastError(ErrorCode::Libvirt, context));
}

/// The <target><format type=...> of a volume, read from its XML.
QString volumeFormat(virStorageVolPtr vol)
{
    CString xml(virStorageVolGetXMLDesc(vol, 0));
    if (!xml) {
        virResetLastError();
        return {};
    }
    QXmlStreamReader r(QByteArray(xml.get()));
    int depth = 0;
    bool inTarget = false;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::StartElement) {
            ++depth;
            if (depth == 2 && r.name() == QLatin1String("target"))
                inTarget = true;
            else if (depth == 3 && inTarget && r.name() == QLatin1String("format"))
                return r.attributes().value(QStringLiteral("type")).toString();
        } else if (token == QXmlStreamReader::EndElement) {
            if (depth == 2)
                inTarget = false;
            --depth;
        }
    }
    return {};
}

/// Reports progress at most every progressIntervalMs, on the transfer's thread.
class Throttle
{
public:
    explicit Throttle(const VolumeTransfer::Progress &progress)
        : m_progress(progress)
    {}
    void report(qint64 done, qint64 total, bool force = false)
    {
        if (!m_progress)
            return;
        if (!force && m_timer.isValid() && m_timer.elapsed() < progressIntervalMs)
            return;
        m_timer.start();
        m_progress(done, total);
    }

private:
    const VolumeTransfer::Progress &m_progress;
    QElapsedTimer m_timer;
};

} // namespace

struct VolumeTransfer::Shared
{
    QString uri;
    Credentials credentials;
    VolumeTransferRequest request;
    Progress progress;
    Finished finished;
    std::atomic<bool> cancelled{false};
    QMutex mutex;
    QWaitCondition doneCondition;
    bool started = false;
    bool done = false; ///< under mutex

    void run();
    Result<> transfer(VolumeTransferReport &report);
    Result<> upload(virConnectPtr conn, virStorageVolPtr vol, const virStorageVolInfo &info,
                    VolumeTransferReport &report);
    Result<> download(virConnectPtr conn, virStorageVolPtr vol, qint64 total,
                      VolumeTransferReport &report);
    std::unexpected<Error> cancelledError(const VolumeTransferReport &report) const
    {
        return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled after %1 of %2 bytes")
                                                   .arg(report.bytes)
                                                   .arg(report.totalBytes));
    }
};

namespace {

/// State of a running upload, handed to libvirt's stream callbacks.
struct SendContext
{
    QFile *file = nullptr;
    const std::atomic<bool> *cancelled = nullptr;
    Throttle *throttle = nullptr;
    VolumeTransferReport *report = nullptr;
    bool wasCancelled = false;
    QString readError;
};

int sendChunk(virStreamPtr, char *data, size_t nbytes, void *opaque)
{
    auto *ctx = static_cast<SendContext *>(opaque);
    if (ctx->cancelled->load()) {
        ctx->wasCancelled = true;
        return -1;
    }
    // Never more than announced to virStorageVolUpload, even if the file grew since.
    const qint64 want = qMin<qint64>(qint64(nbytes), ctx->report->totalBytes - ctx->report->bytes);
    if (want <= 0)
        return 0;
    const qint64 n = ctx->file->read(data, want);
    if (n < 0) {
        ctx->readError = ctx->file->errorString();
        return -1;
    }
    ctx->report->bytes += n;
    ctx->report->dataBytes += n;
    ctx->throttle->report(ctx->report->bytes, ctx->report->totalBytes);
    return int(n);
}

/// State of a running download, handed to libvirt's stream callbacks. Zero-filled chunks and
/// the holes of a sparse stream become holes of the local file (seek, and a final resize).
struct RecvContext
{
    QSaveFile *file = nullptr;
    const std::atomic<bool> *cancelled = nullptr;
    Throttle *throttle = nullptr;
    VolumeTransferReport *report = nullptr;
    bool wasCancelled = false;
    QString writeError;
};

bool allZero(const char *data, size_t n)
{
    // Each byte equals the next and the first is zero (memcmp is vectorised; a byte loop is
    // not, and would cap a download of mostly-zero disk at well under the stream's speed).
    return n == 0 || (data[0] == 0 && std::memcmp(data, data + 1, n - 1) == 0);
}

int recvChunk(virStreamPtr, const char *data, size_t nbytes, void *opaque)
{
    auto *ctx = static_cast<RecvContext *>(opaque);
    if (ctx->cancelled->load()) {
        ctx->wasCancelled = true;
        return -1;
    }
    VolumeTransferReport &r = *ctx->report;
    if (!allZero(data, nbytes)) {
        if (ctx->file->pos() != r.bytes && !ctx->file->seek(r.bytes)) {
            ctx->writeError = ctx->file->errorString();
            return -1;
        }
        if (ctx->file->write(data, qint64(nbytes)) != qint64(nbytes)) {
            ctx->writeError = ctx->file->errorString();
            return -1;
        }
    }
    r.bytes += qint64(nbytes);
    r.dataBytes += qint64(nbytes);
    ctx->throttle->report(r.bytes, qMax(r.totalBytes, r.bytes));
    return int(nbytes);
}

int recvHole(virStreamPtr, long long length, void *opaque)
{
    auto *ctx = static_cast<RecvContext *>(opaque);
    if (ctx->cancelled->load()) {
        ctx->wasCancelled = true;
        return -1;
    }
    ctx->report->bytes += qint64(length);
    ctx->throttle->report(ctx->report->bytes, qMax(ctx->report->totalBytes, ctx->report->bytes));
    return 0;
}

} // namespace

Result<> VolumeTransfer::Shared::upload(virConnectPtr conn, virStorageVolPtr vol,
                                        const virStorageVolInfo &info, VolumeTransferReport &report)
{
    const QString &path = request.localPath;
    const QFileInfo fileInfo(path);
    if (!fileInfo.exists())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot read %1: no such file").arg(path));
    if (!fileInfo.isFile())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot upload %1: not a regular file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const qint64 size = file.size();
    const QByteArray head = file.peek(8);
    if (auto ok = VolumeTransfers::checkUpload(request.volumePath, volumeFormat(vol),
                                               qint64(info.capacity), path, size, head);
        !ok)
        return ok;
    report.totalBytes = size;

    StreamHandle stream(virStreamNew(conn, 0));
    if (!stream)
        return failure(QStringLiteral("creating a stream"));
    if (virStorageVolUpload(vol, stream.get(), 0, quint64(size), 0) < 0)
        return failure(QStringLiteral("cannot upload to volume %1").arg(request.volumePath));
    Throttle throttle(progress);
    throttle.report(0, size, true);
    SendContext ctx{&file, &cancelled, &throttle, &report, false, {}};
    if (virStreamSendAll(stream.get(), sendChunk, &ctx) < 0) {
        // virStreamSendAll has aborted the stream already.
        if (ctx.wasCancelled) {
            virResetLastError();
            return cancelledError(report);
        }
        if (!ctx.readError.isEmpty()) {
            virResetLastError();
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("cannot read %1: %2").arg(path, ctx.readError));
        }
        return failure(QStringLiteral("uploading to volume %1").arg(request.volumePath));
    }
    if (virStreamFinish(stream.get()) < 0)
        return failure(QStringLiteral("finishing the upload to %1").arg(request.volumePath));
    throttle.report(report.bytes, report.totalBytes, true);
    return {};
}

Result<> VolumeTransfer::Shared::download(virConnectPtr conn, virStorageVolPtr vol, qint64 total,
                                          VolumeTransferReport &report)
{
    const QString &path = request.localPath;
    const QFileInfo fileInfo(path);
    if (fileInfo.exists() && !fileInfo.isFile())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot download into %1: not a regular file").arg(path));
    if (fileInfo.exists() && !request.overwrite)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 exists; refusing to replace it (overwrite it "
                                        "explicitly, or choose another file)")
                             .arg(path));
    // The copy is written beside the target and renamed over it only when complete: a failed
    // or cancelled download leaves no partial file, and an existing file untouched.
    QSaveFile file(path);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    report.totalBytes = total;

    // A sparse stream sends holes as lengths instead of zeros. Daemons older than 3.4 refuse
    // the flag; then the plain stream is used (zero chunks still become local holes).
    bool sparse = request.sparse;
    StreamHandle stream(virStreamNew(conn, 0));
    if (!stream)
        return failure(QStringLiteral("creating a stream"));
    if (!sparse) {
        if (virStorageVolDownload(vol, stream.get(), 0, 0, 0) < 0)
            return failure(
                QStringLiteral("cannot download from volume %1").arg(request.volumePath));
    } else if (virStorageVolDownload(vol, stream.get(), 0, 0,
                                     VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM)
               < 0) {
        const Error sparseError = lastError();
        if (sparseError.libvirtCode != VIR_ERR_INVALID_ARG
            && sparseError.libvirtCode != VIR_ERR_NO_SUPPORT)
            return std::unexpected(Error{sparseError.code, sparseError.libvirtCode,
                                         QStringLiteral("cannot download from volume %1: %2")
                                             .arg(request.volumePath, sparseError.message)});
        sparse = false;
        stream.reset(virStreamNew(conn, 0));
        if (!stream)
            return failure(QStringLiteral("creating a stream"));
        if (virStorageVolDownload(vol, stream.get(), 0, 0, 0) < 0)
            return failure(
                QStringLiteral("cannot download from volume %1").arg(request.volumePath));
    }
    Throttle throttle(progress);
    throttle.report(0, total, true);
    RecvContext ctx{&file, &cancelled, &throttle, &report, false, {}};
    const int rc = sparse ? virStreamSparseRecvAll(stream.get(), recvChunk, recvHole, &ctx)
                          : virStreamRecvAll(stream.get(), recvChunk, &ctx);
    if (rc < 0) {
        if (ctx.wasCancelled) {
            virResetLastError();
            return cancelledError(report);
        }
        if (!ctx.writeError.isEmpty()) {
            virResetLastError();
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("cannot write %1: %2").arg(path, ctx.writeError));
        }
        return failure(QStringLiteral("downloading from volume %1").arg(request.volumePath));
    }
    if (virStreamFinish(stream.get()) < 0)
        return failure(QStringLiteral("finishing the download from %1").arg(request.volumePath));
    // A trailing hole: the file ends where the volume does, not at its last data byte.
    if (file.size() < report.bytes && !file.resize(report.bytes))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (!file.commit())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // The copy is as long as the stream was: that is the total the last report names.
    report.totalBytes = report.bytes;
    throttle.report(report.bytes, report.totalBytes, true);
    return {};
}

Result<> VolumeTransfer::Shared::transfer(VolumeTransferReport &report)
{
    QList<CredentialPrompt> missing;
    ConnectionHandle conn(openAuth(uri, credentials, &missing));
    credentials.clear();
    if (!conn)
        return std::unexpected(lastError(ErrorCode::ConnectionFailed,
                                         QStringLiteral("opening a connection for the transfer")));
    // Keepalive turns a host that stops answering into an error rather than a stream blocked
    // forever (drivers without keepalive are not an error).
    if (virConnectSetKeepAlive(conn.get(), 5, 3) < 0)
        virResetLastError();
    if (cancelled.load())
        return cancelledError(report);

    VolumeHandle vol(
        virStorageVolLookupByPath(conn.get(), request.volumePath.toUtf8().constData()));
    if (!vol)
        return failure(QStringLiteral("looking up volume %1").arg(request.volumePath));
    if (PoolHandle pool{virStoragePoolLookupByVolume(vol.get())}) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        if (virStoragePoolGetUUIDString(pool.get(), uuid) == 0)
            report.poolUuid = QString::fromLatin1(uuid).toLower();
    } else {
        virResetLastError();
    }
    virStorageVolInfo info;
    if (virStorageVolGetInfo(vol.get(), &info) < 0)
        return failure(QStringLiteral("reading volume %1").arg(request.volumePath));
    if (request.direction == VolumeTransferRequest::Direction::Upload)
        return upload(conn.get(), vol.get(), info, report);
    // What a download streams is the file as it lies on the host: its physical size (a qcow2
    // file is shorter than its capacity; a raw one is as long).
    qint64 total = qint64(info.capacity);
    virStorageVolInfo physical;
    if (virStorageVolGetInfoFlags(vol.get(), &physical, VIR_STORAGE_VOL_GET_PHYSICAL) == 0)
        total = qint64(physical.allocation);
    else
        virResetLastError();
    return download(conn.get(), vol.get(), total, report);
}

void VolumeTransfer::Shared::run()
{
    QElapsedTimer timer;
    timer.start();
    VolumeTransferReport report;
    const Result<> result = transfer(report);
    report.seconds = timer.nsecsElapsed() / 1e9;
    if (!result) // the caller reports and audits it; this is for QT_LOGGING_RULES debugging
        qCDebug(lcTransfer) << request.actionName() << request.volumePath
                            << "failed:" << result.error().message;
    if (finished)
        finished(report, result ? Error{} : result.error());
}

VolumeTransfer::VolumeTransfer(QString uri, Credentials credentials, VolumeTransferRequest request,
                               Progress progress, Finished finished)
    : d(std::make_shared<Shared>())
{
    d->uri = std::move(uri);
    d->credentials = std::move(credentials);
    d->request = std::move(request);
    d->progress = std::move(progress);
    d->finished = std::move(finished);
}

VolumeTransfer::~VolumeTransfer()
{
    cancel();
    QMutexLocker lock(&d->mutex);
    if (!d->started)
        d->credentials.clear(); // a started transfer wipes them right after its open
}

void VolumeTransfer::start()
{
    {
        QMutexLocker lock(&d->mutex);
        if (d->started)
            return;
        d->started = true;
    }
    // Detached: the thread holds its own reference to the shared state, so an owner that
    // stops waiting (a hung host at shutdown) leaves nothing dangling behind.
    std::thread([s = d] {
        s->run();
        QMutexLocker lock(&s->mutex);
        s->done = true;
        s->doneCondition.wakeAll();
    }).detach();
}

void VolumeTransfer::cancel()
{
    d->cancelled.store(true);
}

bool VolumeTransfer::isCancelled() const
{
    return d->cancelled.load();
}

bool VolumeTransfer::wait(int ms)
{
    QMutexLocker lock(&d->mutex);
    if (!d->started)
        return true;
    QDeadlineTimer deadline(ms);
    while (!d->done) {
        if (!d->doneCondition.wait(&d->mutex, deadline))
            return d->done;
    }
    return true;
}

} // namespace Virtumancer
