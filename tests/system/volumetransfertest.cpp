// System tier: volume upload and download (issue 6) against a real libvirtd (started and
// stopped by this test, tests/system/libvirtd-env.sh), in a dir pool in a temporary folder.
// The bytes are read back and compared; progress, the mirror and the audit are checked; a
// cancelled transfer stops and leaves no partial download. Needs root, as CI runs.

#include "common/clirunner.h"
#include "system/systemfixture.h"

#include "actions/volumetransfer.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("qemu");
constexpr qint64 MiB = 1024 * 1024;


/// Bytes with a position-dependent pattern (a shifted copy would not compare equal), with a
/// zero stretch in the middle (a hole for a sparse stream).
QByteArray patternBytes(qint64 size, qint64 zeroFrom, qint64 zeroTo)
{
    QByteArray bytes(size, '\0');
    for (qint64 i = 0; i < size; ++i) {
        if (i < zeroFrom || i >= zeroTo)
            bytes[i] = char((i * 131 + i / 4096) & 0xff);
    }
    return bytes;
}

struct Outcome
{
    bool answered = false;
    Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
    VolumeTransferReport report;
    QList<std::pair<qint64, qint64>> progress;
};

class VolumeTransferSystemTest : public SystemFixture
{
protected:
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_poolName = QStringLiteral("vt-%1").arg(getpid());
        m_poolDir = m_data.filePath(QStringLiteral("pool"));
        const QByteArray xml = QStringLiteral("<pool type='dir'><name>%1</name><target><path>%2"
                                              "</path></target></pool>")
                                   .arg(m_poolName, m_poolDir)
                                   .toUtf8();
        m_pool = virStoragePoolDefineXML(m_conn, xml.constData(), 0);
        ASSERT_NE(m_pool, nullptr) << virGetLastErrorMessage();
        ASSERT_EQ(virStoragePoolBuild(m_pool, 0), 0) << virGetLastErrorMessage();
        ASSERT_EQ(virStoragePoolCreate(m_pool, 0), 0) << virGetLastErrorMessage();
        addHost(hostId, QStringLiteral("qemu:///system"));
    }
    void TearDown() override
    {
        if (m_pool) {
            virStorageVolPtr *vols = nullptr;
            const int n = virStoragePoolListAllVolumes(m_pool, &vols, 0);
            for (int i = 0; i < n; ++i) {
                virStorageVolDelete(vols[i], 0);
                virStorageVolFree(vols[i]);
            }
            free(vols);
            virStoragePoolDestroy(m_pool);
            virStoragePoolUndefine(m_pool);
            virStoragePoolFree(m_pool);
        }
        SystemFixture::TearDown();
    }

    QString createVolume(const QString &name, const QString &format, qint64 capacity)
    {
        const QByteArray xml = QStringLiteral("<volume><name>%1</name><capacity unit='bytes'>%2"
                                              "</capacity><allocation>0</allocation><target>"
                                              "<format type='%3'/></target></volume>")
                                   .arg(name)
                                   .arg(capacity)
                                   .arg(format)
                                   .toUtf8();
        virStorageVolPtr vol = virStorageVolCreateXML(m_pool, xml.constData(), 0);
        EXPECT_NE(vol, nullptr) << virGetLastErrorMessage();
        if (!vol)
            return {};
        char *path = virStorageVolGetPath(vol);
        const QString result = QString::fromUtf8(path);
        free(path);
        virStorageVolFree(vol);
        return result;
    }

    /// libvirt's own view of the volume: capacity and allocation.
    std::pair<qint64, qint64> liveSizes(const QString &path)
    {
        virStorageVolPtr vol = virStorageVolLookupByPath(m_conn, path.toUtf8().constData());
        if (!vol)
            return {-1, -1};
        virStorageVolInfo info;
        virStorageVolGetInfo(vol, &info);
        virStorageVolFree(vol);
        return {qint64(info.capacity), qint64(info.allocation)};
    }

    std::optional<VolumeInfo> mirrored(const QString &path)
    {
        auto rows = InventoryStore(db()).volumes(hostId);
        for (const InventoryStore::VolumeRow &r :
             rows.value_or(QList<InventoryStore::VolumeRow>{})) {
            if (r.volume.path == path)
                return r.volume;
        }
        return std::nullopt;
    }

    /// Runs the transfer through the manager; cancelAt (when set) is asked on each progress
    /// report whether to cancel now.
    Outcome transfer(const VolumeTransferRequest &request,
                     std::function<bool(qint64 done, qint64 total)> cancelAt = {})
    {
        Outcome o;
        quint64 job = 0;
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::volumeTransferProgress, &context,
                         [&](quint64 id, qint64 done, qint64 total) {
                             if (id != job)
                                 return;
                             o.progress.append({done, total});
                             if (cancelAt && cancelAt(done, total))
                                 m_manager->cancelVolumeTransfer(hostId, job);
                         });
        QObject::connect(m_manager.get(), &ConnectionManager::volumeTransferFinished, &context,
                         [&](quint64 id, const QString &, const QString &, const QString &,
                             const VolumeTransferReport &report, const Error &error) {
                             if (id != job)
                                 return;
                             o.answered = true;
                             o.error = error;
                             o.report = report;
                         });
        job = m_manager->runVolumeTransfer(hostId, request);
        EXPECT_TRUE(waitUntil([&] { return o.answered; }, 120000))
            << request.actionName().toStdString();
        return o;
    }

    /// Progress reports only grow, keep one total, and end at it.
    static void expectProgressCompletes(const Outcome &o, qint64 total)
    {
        ASSERT_GE(o.progress.size(), 2) << "a first and a last report at least";
        EXPECT_EQ(o.progress.first().first, 0);
        for (qsizetype i = 1; i < o.progress.size(); ++i)
            EXPECT_GE(o.progress[i].first, o.progress[i - 1].first) << "report " << i;
        for (const auto &[done, reportedTotal] : o.progress)
            EXPECT_EQ(reportedTotal, total);
        EXPECT_EQ(o.progress.last(), std::make_pair(total, total));
        // Throttled to ten a second, plus the first and the last.
        EXPECT_LE(o.progress.size(), qsizetype(o.report.seconds * 10) + 3);
    }

    std::optional<AuditEvent> lastAudit(const QString &objectId, const QString &action)
    {
        AuditQuery q;
        q.objectId = objectId;
        auto events = AuditLog(db()).query(q);
        for (const AuditEvent &e : events.value_or(QList<AuditEvent>{})) {
            if (e.action == action)
                return e;
        }
        return std::nullopt;
    }

    virStoragePoolPtr m_pool = nullptr;
    QString m_poolName;
    QString m_poolDir;
};

TEST_F(VolumeTransferSystemTest, RawUploadThenDownloadGivesBackTheSameBytes)
{
    const qint64 capacity = 8 * MiB;
    const QString vol = createVolume(QStringLiteral("data.img"), QStringLiteral("raw"), capacity);
    ASSERT_FALSE(vol.isEmpty());
    connectAndSync(hostId);
    ASSERT_TRUE(mirrored(vol).has_value());
    EXPECT_EQ(mirrored(vol)->allocationBytes, 0) << "created sparse";

    const QByteArray data = patternBytes(6 * MiB, 2 * MiB, 3 * MiB);
    const QString source = m_data.filePath(QStringLiteral("source.bin"));
    ASSERT_TRUE(writeAll(source, data));

    const Outcome up = transfer({VolumeTransferRequest::Direction::Upload, vol, source});
    ASSERT_EQ(up.error.code, ErrorCode::None) << up.error.message.toStdString();
    EXPECT_EQ(up.report.bytes, data.size());
    EXPECT_EQ(up.report.totalBytes, data.size());
    EXPECT_GT(up.report.seconds, 0);
    expectProgressCompletes(up, data.size());

    // The job re-read the pool: the mirror has the allocation libvirt now reports.
    const auto [liveCapacity, liveAllocation] = liveSizes(vol);
    EXPECT_GE(liveAllocation, 5 * MiB) << "the data is on disk";
    ASSERT_TRUE(mirrored(vol).has_value());
    EXPECT_EQ(mirrored(vol)->allocationBytes, liveAllocation);
    EXPECT_EQ(mirrored(vol)->capacityBytes, liveCapacity);
    EXPECT_EQ(liveCapacity, capacity);

    const auto uploadAudit = lastAudit(vol, QStringLiteral("volume.upload"));
    ASSERT_TRUE(uploadAudit.has_value());
    EXPECT_TRUE(uploadAudit->ok) << uploadAudit->error.toStdString();
    EXPECT_EQ(uploadAudit->details.value(QStringLiteral("bytes")).toInteger(), data.size());
    EXPECT_EQ(uploadAudit->details.value(QStringLiteral("local_path")).toString(), source);

    const QString copy = m_data.filePath(QStringLiteral("copy.img"));
    const Outcome down = transfer({VolumeTransferRequest::Direction::Download, vol, copy});
    ASSERT_EQ(down.error.code, ErrorCode::None) << down.error.message.toStdString();
    EXPECT_EQ(down.report.bytes, capacity) << "a raw file is as long as its capacity";
    EXPECT_LT(down.report.dataBytes, capacity) << "the sparse stream skipped the holes";
    expectProgressCompletes(down, capacity);
    const QByteArray back = readAll(copy);
    ASSERT_EQ(back.size(), capacity);
    EXPECT_TRUE(back.left(data.size()) == data) << "the uploaded bytes come back unchanged";
    EXPECT_EQ(back.mid(data.size()), QByteArray(capacity - data.size(), '\0'));

    const auto downloadAudit = lastAudit(vol, QStringLiteral("volume.download"));
    ASSERT_TRUE(downloadAudit.has_value());
    EXPECT_TRUE(downloadAudit->ok);
    EXPECT_EQ(downloadAudit->details.value(QStringLiteral("bytes")).toInteger(), capacity);
    EXPECT_EQ(downloadAudit->details.value(QStringLiteral("local_path")).toString(), copy);
}

TEST_F(VolumeTransferSystemTest, CliUploadsAQemuImgQcow2ImageAndDownloadsItBack)
{
    const QString qemuImg = QStandardPaths::findExecutable(QStringLiteral("qemu-img"));
    if (qemuImg.isEmpty())
        GTEST_SKIP() << "qemu-img is not installed";
    m_manager.reset(); // the CLI runs as its own process here
    const QString raw = m_data.filePath(QStringLiteral("disk.raw"));
    const QByteArray data = patternBytes(3 * MiB, MiB, 2 * MiB);
    ASSERT_TRUE(writeAll(raw, data));
    const QString image = m_data.filePath(QStringLiteral("disk.qcow2"));
    ASSERT_EQ(QProcess::execute(qemuImg, {QStringLiteral("convert"), QStringLiteral("-f"),
                                          QStringLiteral("raw"), QStringLiteral("-O"),
                                          QStringLiteral("qcow2"), raw, image}),
              0);
    ASSERT_EQ(QProcess::execute(qemuImg, {QStringLiteral("resize"), QStringLiteral("-q"), image,
                                          QStringLiteral("16M")}),
              0);

    ASSERT_EQ(runCli(m_data.path(), {QStringLiteral("sync")}).exitCode, 0);
    const QString poolSpec = hostId + QLatin1Char('/') + m_poolName;
    const CliResult created
        = runCli(m_data.path(),
                 {QStringLiteral("volume"), QStringLiteral("create"), poolSpec,
                  QStringLiteral("q.qcow2"), QStringLiteral("--format"), QStringLiteral("qcow2"),
                  QStringLiteral("--capacity"), QStringLiteral("1M")});
    ASSERT_EQ(created.exitCode, 0) << created.err.constData();
    const QString volSpec = poolSpec + QStringLiteral("/q.qcow2");
    const QString vol = m_poolDir + QStringLiteral("/q.qcow2");

    // A raw file is refused for a qcow2 volume, before anything is sent.
    const CliResult wrong
        = runCli(m_data.path(), {QStringLiteral("volume"), QStringLiteral("upload"), volSpec, raw});
    EXPECT_EQ(wrong.exitCode, 1) << wrong.err.constData();
    EXPECT_TRUE(wrong.err.contains("not a qcow2 image")) << wrong.err.constData();

    const CliResult up = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("volume"),
                                                QStringLiteral("upload"), volSpec, image});
    ASSERT_EQ(up.exitCode, 0) << up.err.constData();
    const QJsonObject upJson = up.json().object();
    EXPECT_TRUE(upJson.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(upJson.value(QStringLiteral("bytes")).toInteger(), QFileInfo(image).size());
    EXPECT_GE(upJson.value(QStringLiteral("seconds")).toDouble(-1), 0);
    EXPECT_TRUE(up.err.isEmpty()) << "no progress without a terminal: " << up.err.constData();

    // The image's header now defines the volume: 16 MiB, in libvirt and in the mirror.
    EXPECT_EQ(liveSizes(vol).first, 16 * MiB);
    ASSERT_TRUE(mirrored(vol).has_value());
    EXPECT_EQ(mirrored(vol)->capacityBytes, 16 * MiB);
    EXPECT_EQ(mirrored(vol)->format, QStringLiteral("qcow2"));

    const QString copy = m_data.filePath(QStringLiteral("copy.qcow2"));
    const CliResult down = runCli(
        m_data.path(), {QStringLiteral("volume"), QStringLiteral("download"), volSpec, copy});
    ASSERT_EQ(down.exitCode, 0) << down.err.constData();
    EXPECT_TRUE(
        down.out.startsWith(QByteArray(QByteArray("volume.download ") + volSpec.toUtf8() + ": ")))
        << down.out.constData();
    EXPECT_EQ(
        QProcess::execute(qemuImg, {QStringLiteral("compare"), QStringLiteral("-q"), raw, copy}), 0)
        << "the downloaded image holds the original disk's bytes";
    EXPECT_EQ(readAll(copy).left(QFileInfo(image).size()), readAll(image));

    // A second download onto the copy needs --overwrite.
    const CliResult again = runCli(
        m_data.path(), {QStringLiteral("volume"), QStringLiteral("download"), volSpec, copy});
    EXPECT_EQ(again.exitCode, 1) << again.err.constData();
    EXPECT_TRUE(again.err.contains("exists")) << again.err.constData();
    const CliResult overwrite
        = runCli(m_data.path(), {QStringLiteral("volume"), QStringLiteral("download"), volSpec,
                                 copy, QStringLiteral("--overwrite")});
    EXPECT_EQ(overwrite.exitCode, 0) << overwrite.err.constData();

    const auto audit = lastAudit(vol, QStringLiteral("volume.upload"));
    ASSERT_TRUE(audit.has_value());
    EXPECT_TRUE(audit->ok);
    EXPECT_EQ(audit->details.value(QStringLiteral("bytes")).toInteger(), QFileInfo(image).size());
}

TEST_F(VolumeTransferSystemTest, CancelledDownloadStopsAndLeavesNoFile)
{
    // 4 GiB of holes, streamed as zeros (no sparse stream): seconds of work, and none of it
    // lands on disk (zero chunks become local holes), so a cancel meets a running stream.
    const qint64 capacity = 4096 * MiB;
    const QString vol = createVolume(QStringLiteral("big.img"), QStringLiteral("raw"), capacity);
    ASSERT_FALSE(vol.isEmpty());
    connectAndSync(hostId);
    const QString copy = m_data.filePath(QStringLiteral("big-copy.img"));
    VolumeTransferRequest request{VolumeTransferRequest::Direction::Download, vol, copy};
    request.sparse = false;

    const Outcome o = transfer(request, [](qint64 done, qint64) { return done > 0; });
    EXPECT_EQ(o.error.code, ErrorCode::Cancelled) << o.error.message.toStdString();
    EXPECT_GT(o.report.bytes, 0);
    EXPECT_LT(o.report.bytes, capacity);
    EXPECT_FALSE(QFile::exists(copy));
    const QStringList left = QDir(m_data.path()).entryList({QStringLiteral("big-copy.img*")});
    EXPECT_TRUE(left.isEmpty()) << left.join(u' ').toStdString();
    const auto audit = lastAudit(vol, QStringLiteral("volume.download"));
    ASSERT_TRUE(audit.has_value());
    EXPECT_FALSE(audit->ok);
    EXPECT_TRUE(audit->error.startsWith(QStringLiteral("cancelled after")))
        << audit->error.toStdString();

    // The host's worker stayed usable: a later transfer on the same session works.
    const QString small = createVolume(QStringLiteral("small.img"), QStringLiteral("raw"), MiB);
    const QString file = m_data.filePath(QStringLiteral("small.bin"));
    ASSERT_TRUE(writeAll(file, patternBytes(MiB, 0, 0)));
    const Outcome up = transfer({VolumeTransferRequest::Direction::Upload, small, file});
    EXPECT_EQ(up.error.code, ErrorCode::None) << up.error.message.toStdString();
}

TEST_F(VolumeTransferSystemTest, CancelledUploadStopsTheStream)
{
    const qint64 capacity = 4096 * MiB;
    const QString vol = createVolume(QStringLiteral("target.img"), QStringLiteral("raw"), capacity);
    ASSERT_FALSE(vol.isEmpty());
    connectAndSync(hostId);
    // A sparse local file reads as zeros at memory speed: a long upload that costs no disk
    // here (the host writes what arrives before the cancel).
    const QString file = m_data.filePath(QStringLiteral("zeros.bin"));
    {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        ASSERT_TRUE(f.resize(capacity));
    }
    const Outcome o = transfer({VolumeTransferRequest::Direction::Upload, vol, file},
                               [](qint64 done, qint64) { return done > 0; });
    EXPECT_EQ(o.error.code, ErrorCode::Cancelled) << o.error.message.toStdString();
    EXPECT_GT(o.report.bytes, 0);
    EXPECT_LT(o.report.bytes, capacity);
    const auto audit = lastAudit(vol, QStringLiteral("volume.upload"));
    ASSERT_TRUE(audit.has_value());
    EXPECT_FALSE(audit->ok);
}

} // namespace
