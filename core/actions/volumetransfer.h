#pragma once

#include "connection/credentials.h"
#include "model/error.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <functional>
#include <memory>

namespace Virtumancer {

/// Copies a local file into a storage volume (virStorageVolUpload) or a volume into a local
/// file (virStorageVolDownload). Audited as volume.upload / volume.download.
struct VolumeTransferRequest
{
    enum class Direction { Upload, Download };

    Direction direction = Direction::Upload;
    QString volumePath; ///< the volume, by its path on the host
    QString localPath;  ///< the file on this machine
    /// Download: copy a volume a running VM uses (the copy may be inconsistent). Upload into
    /// such a volume is always refused: it would corrupt the guest's disk under it.
    bool force = false;
    bool overwrite = false; ///< Download: replace an existing local file
    /// Download: ask for a sparse stream (holes travel as lengths, not zeros). Either way,
    /// zero-filled stretches become holes of the local file.
    bool sparse = true;

    QString actionName() const; ///< volume.upload or volume.download
};

/// What a finished (or failed) transfer moved.
struct VolumeTransferReport
{
    qint64 bytes = 0;      ///< logical bytes copied (holes included)
    qint64 dataBytes = 0;  ///< bytes that crossed the stream (holes of a sparse stream excluded)
    qint64 totalBytes = 0; ///< what the copy was expected to be
    double seconds = 0;
    QString poolUuid; ///< the volume's pool (known once it was looked up)
};

namespace VolumeTransfers {

/// True when head (the first bytes of a file) starts with the qcow2 magic "QFI\xfb".
bool isQcow2Image(const QByteArray &head);

/// Whether a file of fileSize bytes beginning with head may be uploaded into a volume of this
/// format and capacity: a raw (or other plain) volume must hold the whole file; a qcow2 volume
/// takes only a qcow2 image (whose header then defines the capacity), and a raw volume no
/// qcow2 image (the guest would see the container, not the disk). InvalidArgument otherwise.
Result<> checkUpload(const QString &volumePath, const QString &volumeFormat, qint64 capacity,
                     const QString &localPath, qint64 fileSize, const QByteArray &head);

} // namespace VolumeTransfers

/// Runs one transfer on a thread of its own, over a libvirt connection of its own.
///
/// Why not on the host's worker (HostSession): a transfer takes as long as the bytes take
/// (minutes for a disk image over a WAN link), and the worker would answer no event, sync or
/// other job meanwhile; the mirror would go stale and every other job would queue behind it.
/// Why not the worker's connection from another thread: one thread owns a virConnectPtr
/// (DESIGN §2). So the transfer opens its own connection with the session's URI and the
/// credentials its last open used (DESIGN §3: never prompting), streams, and closes it.
///
/// The callbacks run on the transfer's thread. progress is throttled (≤ 10 calls/s, plus the
/// first and the last, which reports bytes == total); finished is called exactly once.
/// Cancellation (cancel(), thread-safe) aborts the stream (virStreamAbort); a cancelled or
/// failed download leaves no local file behind (and an existing one untouched).
class VolumeTransfer
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;
    using Finished = std::function<void(const VolumeTransferReport &, const Error &)>;

    VolumeTransfer(QString uri, Credentials credentials, VolumeTransferRequest request,
                   Progress progress, Finished finished);
    /// Cancels, without waiting: the thread keeps what it needs and ends on its own (call
    /// wait() first to know it has; one stuck in libvirt on a hung host is never waited for).
    ~VolumeTransfer();

    void start();
    void cancel(); ///< thread-safe
    bool isCancelled() const;
    /// Waits at most ms for the thread to end (its finished callback included); true when it
    /// has, or never started.
    bool wait(int ms);

private:
    struct Shared;
    std::shared_ptr<Shared> d;
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::VolumeTransferRequest)
Q_DECLARE_METATYPE(Virtumancer::VolumeTransferReport)
