// Volume upload and download (issue 6), against libvirt's test driver. libvirt 9.0's test
// driver implements neither virStorageVolUpload nor virStorageVolDownload, so here the
// transfers end in the clear error libvirt gives, and everything before the stream is tested
// for real: the input checks (file unreadable, volume too small, qcow2/raw mismatch, an
// existing download target, a volume a running VM uses), the audit, and the CLI's arguments.
// The bytes themselves are tested against a real libvirtd (tests/system/volumetransfertest.cpp).

#include "common/clirunner.h"
#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "actions/volumetransfer.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <optional>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("lab");

// ---- the upload rules, without libvirt ------------------------------------------------------

const QByteArray qcow2Head("QFI\xfb\x00\x00\x00\x03", 8);

TEST(VolumeTransfers, RecognisesTheQcow2Header)
{
    EXPECT_TRUE(VolumeTransfers::isQcow2Image(qcow2Head));
    EXPECT_FALSE(VolumeTransfers::isQcow2Image(QByteArray("QFI")));
    EXPECT_FALSE(VolumeTransfers::isQcow2Image(QByteArray(8, '\0')));
    EXPECT_FALSE(VolumeTransfers::isQcow2Image({}));
}

TEST(VolumeTransfers, RawVolumeMustHoldTheWholeFile)
{
    const QString vol = QStringLiteral("/pool/a.img");
    const QString file = QStringLiteral("/tmp/disk.img");
    EXPECT_TRUE(VolumeTransfers::checkUpload(vol, QStringLiteral("raw"), 4096, file, 4096,
                                             QByteArray(8, 'x')));
    const auto tooBig = VolumeTransfers::checkUpload(vol, QStringLiteral("raw"), 4096, file, 4097,
                                                     QByteArray(8, 'x'));
    ASSERT_FALSE(tooBig);
    EXPECT_EQ(tooBig.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(tooBig.error().message.contains(QStringLiteral("4097 bytes")));
    EXPECT_TRUE(tooBig.error().message.contains(QStringLiteral("only 4096 bytes")));
    EXPECT_TRUE(tooBig.error().message.contains(vol));
}

TEST(VolumeTransfers, Qcow2VolumeTakesOnlyAQcow2Image)
{
    const QString vol = QStringLiteral("/pool/a.qcow2");
    const QString file = QStringLiteral("/tmp/disk.img");
    // The image's header defines the capacity: a bigger file is fine.
    EXPECT_TRUE(
        VolumeTransfers::checkUpload(vol, QStringLiteral("qcow2"), 1024, file, 1 << 20, qcow2Head));
    const auto plain = VolumeTransfers::checkUpload(vol, QStringLiteral("qcow2"), 1 << 20, file,
                                                    1024, QByteArray(8, '\0'));
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(plain.error().message.contains(QStringLiteral("not a qcow2 image")));
}

TEST(VolumeTransfers, RawVolumeRefusesAQcow2Image)
{
    const auto r
        = VolumeTransfers::checkUpload(QStringLiteral("/pool/a.img"), QStringLiteral("raw"),
                                       1 << 20, QStringLiteral("/tmp/x.qcow2"), 1024, qcow2Head);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("is a qcow2 image")));
}

TEST(VolumeTransferRequest, NamesItsAuditAction)
{
    VolumeTransferRequest r;
    EXPECT_EQ(r.actionName(), QStringLiteral("volume.upload"));
    r.direction = VolumeTransferRequest::Direction::Download;
    EXPECT_EQ(r.actionName(), QStringLiteral("volume.download"));
}

// ---- through the host's session ------------------------------------------------------------

struct TransferOutcome
{
    bool answered = false;
    Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
    VolumeTransferReport report;
    QString path;
    QString action;
};

class VolumeTransferTest : public HostFixture
{
protected:
    void SetUp() override
    {
        qputenv("VIRTUMANCER_NO_DEMO", "1");
        virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
        HostFixture::SetUp();
        m_conn = virConnectOpen("test:///default");
        ASSERT_NE(m_conn, nullptr);
    }
    void TearDown() override
    {
        for (const QString &path : std::as_const(m_created)) {
            if (virStorageVolPtr v = virStorageVolLookupByPath(m_conn, path.toUtf8().constData())) {
                virStorageVolDelete(v, 0);
                virStorageVolFree(v);
            }
        }
        if (m_conn)
            virConnectClose(m_conn);
        HostFixture::TearDown();
    }

    /// A volume in test:///default's default-pool, made with libvirt directly; its path.
    QString makeVolume(const QString &name, const QString &format, qint64 capacity)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(m_conn, "default-pool");
        EXPECT_NE(pool, nullptr);
        if (!pool)
            return {};
        const QByteArray xml = QStringLiteral("<volume><name>%1</name><capacity unit='bytes'>%2"
                                              "</capacity><target><format type='%3'/></target>"
                                              "</volume>")
                                   .arg(name)
                                   .arg(capacity)
                                   .arg(format)
                                   .toUtf8();
        virStorageVolPtr vol = virStorageVolCreateXML(pool, xml.constData(), 0);
        virStoragePoolFree(pool);
        EXPECT_NE(vol, nullptr) << virGetLastErrorMessage();
        if (!vol)
            return {};
        char *path = virStorageVolGetPath(vol);
        const QString result = QString::fromUtf8(path);
        free(path);
        virStorageVolFree(vol);
        m_created.append(result);
        return result;
    }

    void connectDefault()
    {
        addHost(hostId, QStringLiteral("test:///default"));
        connectAndSync(hostId);
    }

    TransferOutcome transfer(const VolumeTransferRequest &request)
    {
        TransferOutcome o;
        quint64 job = 0;
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::volumeTransferFinished, &context,
                         [&](quint64 finished, const QString &, const QString &path,
                             const QString &action, const VolumeTransferReport &report,
                             const Error &error) {
                             if (finished != job)
                                 return;
                             o.answered = true;
                             o.error = error;
                             o.report = report;
                             o.path = path;
                             o.action = action;
                         });
        job = m_manager->runVolumeTransfer(hostId, request);
        EXPECT_TRUE(waitUntil([&] { return o.answered; }, 30000))
            << request.actionName().toStdString();
        return o;
    }

    static VolumeTransferRequest upload(const QString &volume, const QString &file)
    {
        return {VolumeTransferRequest::Direction::Upload, volume, file};
    }
    static VolumeTransferRequest download(const QString &volume, const QString &file,
                                          bool force = false, bool overwrite = false)
    {
        return {VolumeTransferRequest::Direction::Download, volume, file, force, overwrite};
    }

    std::optional<AuditEvent> lastAudit(const QString &objectId)
    {
        AuditQuery q;
        q.objectId = objectId;
        q.limit = 1;
        auto events = AuditLog(db()).query(q);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->first();
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_data.filePath(name);
        EXPECT_TRUE(writeAll(path, bytes));
        return path;
    }

    virConnectPtr m_conn = nullptr;
    QStringList m_created;
};

TEST_F(VolumeTransferTest, UploadEndsInTheTestDriversClearErrorAndIsAudited)
{
    const QString vol = makeVolume(QStringLiteral("up.img"), QStringLiteral("raw"), 1 << 20);
    connectDefault();
    const QString file = writeFile(QStringLiteral("data.bin"), QByteArray(4096, 'v'));

    const TransferOutcome o = transfer(upload(vol, file));
    EXPECT_EQ(o.error.code, ErrorCode::Libvirt) << o.error.message.toStdString();
    EXPECT_EQ(o.error.libvirtCode, VIR_ERR_NO_SUPPORT);
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("virStorageVolUpload")))
        << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(vol)) << o.error.message.toStdString();
    EXPECT_EQ(o.path, vol);
    EXPECT_EQ(o.action, QStringLiteral("volume.upload"));
    EXPECT_EQ(o.report.bytes, 0);
    EXPECT_FALSE(o.report.poolUuid.isEmpty()) << "the volume was looked up before the stream";

    const auto audit = lastAudit(vol);
    ASSERT_TRUE(audit.has_value());
    EXPECT_EQ(audit->action, QStringLiteral("volume.upload"));
    EXPECT_FALSE(audit->ok);
    EXPECT_EQ(audit->error, o.error.message);
    EXPECT_EQ(audit->hostId, hostId);
    EXPECT_EQ(audit->details.value(QStringLiteral("local_path")).toString(), file);
    EXPECT_EQ(audit->details.value(QStringLiteral("bytes")).toInteger(), 0);
    EXPECT_TRUE(audit->objects.contains(AuditObject{QStringLiteral("pool"), o.report.poolUuid}));
    EXPECT_TRUE(audit->objects.contains(AuditObject{QStringLiteral("host"), hostId}));
}

TEST_F(VolumeTransferTest, FailedDownloadLeavesNoFileBehind)
{
    const QString vol = makeVolume(QStringLiteral("down.img"), QStringLiteral("raw"), 1 << 20);
    connectDefault();
    const QString target = m_data.filePath(QStringLiteral("copy.img"));

    const TransferOutcome o = transfer(download(vol, target));
    EXPECT_EQ(o.error.libvirtCode, VIR_ERR_NO_SUPPORT) << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("virStorageVolDownload")))
        << o.error.message.toStdString();
    EXPECT_FALSE(QFile::exists(target));
    // Nor a temporary file beside it.
    const QStringList left = QDir(m_data.path()).entryList({QStringLiteral("copy.img*")});
    EXPECT_TRUE(left.isEmpty()) << left.join(u' ').toStdString();
    const auto audit = lastAudit(vol);
    ASSERT_TRUE(audit.has_value());
    EXPECT_EQ(audit->action, QStringLiteral("volume.download"));
    EXPECT_FALSE(audit->ok);
}

TEST_F(VolumeTransferTest, FailedOverwritingDownloadLeavesTheOldFileUntouched)
{
    const QString vol = makeVolume(QStringLiteral("keep.img"), QStringLiteral("raw"), 1 << 20);
    connectDefault();
    const QString target = writeFile(QStringLiteral("precious.img"), "precious bytes");

    const TransferOutcome refused = transfer(download(vol, target));
    EXPECT_EQ(refused.error.code, ErrorCode::InvalidArgument)
        << refused.error.message.toStdString();
    EXPECT_TRUE(refused.error.message.contains(QStringLiteral("exists")))
        << refused.error.message.toStdString();
    EXPECT_EQ(readAll(target), QByteArray("precious bytes"));

    const TransferOutcome failed = transfer(download(vol, target, false, true));
    EXPECT_EQ(failed.error.libvirtCode, VIR_ERR_NO_SUPPORT) << failed.error.message.toStdString();
    EXPECT_EQ(readAll(target), QByteArray("precious bytes"));
}

TEST_F(VolumeTransferTest, UnreadableFilesAreRefusedBeforeAnyStream)
{
    const QString vol = makeVolume(QStringLiteral("r.img"), QStringLiteral("raw"), 1 << 20);
    connectDefault();
    struct Case
    {
        QString file;
        QString expected;
    };
    const QString missing = m_data.filePath(QStringLiteral("no-such-file"));
    const QString unreadable = writeFile(QStringLiteral("locked.bin"), "x");
    QFile::setPermissions(unreadable, QFileDevice::Permissions{});
    const bool rootReadsAnyway = QFile(unreadable).open(QIODevice::ReadOnly);
    QList<Case> cases{
        {missing, QStringLiteral("cannot read %1: no such file").arg(missing)},
        {m_data.path(), QStringLiteral("not a regular file")},
    };
    if (!rootReadsAnyway)
        cases.append({unreadable, QStringLiteral("cannot read %1").arg(unreadable)});
    for (const Case &c : cases) {
        SCOPED_TRACE(c.file.toStdString());
        const TransferOutcome o = transfer(upload(vol, c.file));
        EXPECT_EQ(o.error.code, ErrorCode::InvalidArgument) << o.error.message.toStdString();
        EXPECT_TRUE(o.error.message.contains(c.expected)) << o.error.message.toStdString();
        const auto audit = lastAudit(vol);
        ASSERT_TRUE(audit.has_value());
        EXPECT_FALSE(audit->ok);
        EXPECT_EQ(audit->error, o.error.message);
    }
}

TEST_F(VolumeTransferTest, FileBiggerThanARawVolumeIsRefusedNamingBothSizes)
{
    const QString vol = makeVolume(QStringLiteral("small.img"), QStringLiteral("raw"), 4096);
    connectDefault();
    const QString file = writeFile(QStringLiteral("big.bin"), QByteArray(8192, 'b'));
    const TransferOutcome o = transfer(upload(vol, file));
    EXPECT_EQ(o.error.code, ErrorCode::InvalidArgument) << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("8192 bytes")))
        << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("only 4096 bytes")))
        << o.error.message.toStdString();
}

TEST_F(VolumeTransferTest, UnknownVolumeIsNotFound)
{
    connectDefault();
    const QString file = writeFile(QStringLiteral("f.bin"), "abc");
    const TransferOutcome o = transfer(upload(QStringLiteral("/default-pool/nothing"), file));
    EXPECT_EQ(o.error.code, ErrorCode::NotFound) << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("/default-pool/nothing")));
}

TEST_F(VolumeTransferTest, DisconnectedHostAnswersNotConnected)
{
    addHost(hostId, QStringLiteral("test:///default"));
    const TransferOutcome o = transfer(
        upload(QStringLiteral("/default-pool/x"), writeFile(QStringLiteral("f.bin"), "abc")));
    EXPECT_EQ(o.error.code, ErrorCode::NotConnected) << o.error.message.toStdString();
}

TEST_F(VolumeTransferTest, UnknownHostAnswersNotFound)
{
    const TransferOutcome o = [&] {
        TransferOutcome r;
        quint64 job = 0;
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::volumeTransferFinished, &context,
                         [&](quint64 finished, const QString &, const QString &, const QString &,
                             const VolumeTransferReport &, const Error &error) {
                             if (finished == job) {
                                 r.answered = true;
                                 r.error = error;
                             }
                         });
        job = m_manager->runVolumeTransfer(QStringLiteral("nowhere"),
                                           upload(QStringLiteral("/p/v"), QStringLiteral("/f")));
        EXPECT_TRUE(waitUntil([&] { return r.answered; }));
        return r;
    }();
    EXPECT_EQ(o.error.code, ErrorCode::NotFound);
}

// A generated node: some of default-pool's volumes are attached to running VMs.
class VolumeTransferNodeTest : public VolumeTransferTest
{
protected:
    void SetUp() override
    {
        VolumeTransferTest::SetUp();
        NodeSpec spec;
        spec.domains = 6;
        spec.volumes = 12;
        spec.awkwardNames = false;
        const QString node = m_data.filePath(QStringLiteral("node.xml"));
        ASSERT_TRUE(writeNodeXml(node, spec));
        addHost(hostId, QStringLiteral("test://") + node);
        connectAndSync(hostId);
    }
    std::optional<InventoryStore::VolumeRow> volumeWithStatus(const QString &status)
    {
        auto rows = InventoryStore(db()).volumes(hostId);
        for (const InventoryStore::VolumeRow &r :
             rows.value_or(QList<InventoryStore::VolumeRow>{})) {
            if (r.status == status && !r.volume.poolUuid.isEmpty())
                return r;
        }
        return std::nullopt;
    }
};

TEST_F(VolumeTransferNodeTest, UploadIntoAVolumeARunningVmUsesIsRefusedNamingTheVms)
{
    const auto inUse = volumeWithStatus(QStringLiteral("in-use"));
    ASSERT_TRUE(inUse.has_value());
    ASSERT_FALSE(inUse->attachedTo.isEmpty());
    const QString file = writeFile(QStringLiteral("f.bin"), QByteArray(512, 'u'));

    const TransferOutcome o = transfer(upload(inUse->volume.path, file));
    EXPECT_EQ(o.error.code, ErrorCode::InvalidArgument) << o.error.message.toStdString();
    EXPECT_TRUE(o.error.message.contains(QStringLiteral("in use by a running VM")))
        << o.error.message.toStdString();
    for (const QString &vm : inUse->attachedTo)
        EXPECT_TRUE(o.error.message.contains(QLatin1Char('"') + vm + QLatin1Char('"')))
            << o.error.message.toStdString();
    const auto audit = lastAudit(inUse->volume.path);
    ASSERT_TRUE(audit.has_value());
    EXPECT_EQ(audit->action, QStringLiteral("volume.upload"));
    EXPECT_FALSE(audit->ok);
}

TEST_F(VolumeTransferNodeTest, DownloadOfAnInUseVolumeNeedsForce)
{
    const auto inUse = volumeWithStatus(QStringLiteral("in-use"));
    ASSERT_TRUE(inUse.has_value());
    const QString target = m_data.filePath(QStringLiteral("copy.img"));

    const TransferOutcome refused = transfer(download(inUse->volume.path, target));
    EXPECT_EQ(refused.error.code, ErrorCode::InvalidArgument)
        << refused.error.message.toStdString();
    EXPECT_TRUE(refused.error.message.contains(QStringLiteral("force")))
        << refused.error.message.toStdString();

    // Forced, it gets past the check to the stream (which the test driver lacks).
    const TransferOutcome forced = transfer(download(inUse->volume.path, target, true));
    EXPECT_EQ(forced.error.libvirtCode, VIR_ERR_NO_SUPPORT) << forced.error.message.toStdString();
    EXPECT_FALSE(QFile::exists(target));
}

TEST_F(VolumeTransferNodeTest, UploadIntoAVolumeOfAStoppedVmIsAllowed)
{
    const auto attached = volumeWithStatus(QStringLiteral("attached"));
    ASSERT_TRUE(attached.has_value());
    // Content that suits the volume's format, so the only obstacle left is the driver.
    const bool qcow2 = attached->volume.format == QLatin1String("qcow2");
    const QString file = writeFile(
        QStringLiteral("f.bin"), qcow2 ? qcow2Head + QByteArray(504, '\0') : QByteArray(512, 'u'));
    const TransferOutcome o = transfer(upload(attached->volume.path, file));
    EXPECT_EQ(o.error.libvirtCode, VIR_ERR_NO_SUPPORT) << o.error.message.toStdString();
}

// ---- CLI ------------------------------------------------------------------------------------

class VolumeTransferCliTest : public ::testing::Test
{
protected:
    CliResult cli(const QStringList &args) { return runCli(m_data.path(), args); }
    TempDataDir m_data;
};

TEST_F(VolumeTransferCliTest, ArgumentErrorsAreUsageErrors)
{
    struct Case
    {
        QStringList args;
        QByteArray expected;
    };
    const QList<Case> cases{
        {{QStringLiteral("volume"), QStringLiteral("upload")}, "needs VOLUME and FILE"},
        {{QStringLiteral("volume"), QStringLiteral("upload"), QStringLiteral("lab/p/v")},
         "needs VOLUME and FILE"},
        {{QStringLiteral("volume"), QStringLiteral("download"), QStringLiteral("a"),
          QStringLiteral("b"), QStringLiteral("c")},
         "needs VOLUME and FILE"},
        {{QStringLiteral("volume"), QStringLiteral("upload"), QStringLiteral("lab/p/v"),
          QStringLiteral("f"), QStringLiteral("--force")},
         "unknown option --force"},
        {{QStringLiteral("volume"), QStringLiteral("upload"), QStringLiteral("not-a-volume"),
          QStringLiteral("f")},
         "is not a volume"},
        {{QStringLiteral("volume"), QStringLiteral("download"), QStringLiteral("nohost/p/v"),
          QStringLiteral("f")},
         "no host \"nohost\""},
        {{QStringLiteral("volume"), QStringLiteral("download"), QStringLiteral("/no/such/vol"),
          QStringLiteral("f"), QStringLiteral("--overwrite")},
         "no volume \"/no/such/vol\""},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.args.join(u' ').toStdString());
        const CliResult r = cli(c.args);
        EXPECT_EQ(r.exitCode, 1) << r.err.constData();
        EXPECT_TRUE(r.err.contains(c.expected)) << r.err.constData();
        EXPECT_TRUE(r.out.isEmpty()) << r.out.constData();
    }
}

TEST_F(VolumeTransferCliTest, UploadReportsTheHostsErrorAsJson)
{
    // A node file is private per connection, so the volume exists for the CLI's session and
    // for the transfer's own connection alike.
    NodeSpec spec;
    spec.domains = 3;
    spec.volumes = 10;
    spec.awkwardNames = false;
    const QString node = m_data.filePath(QStringLiteral("node.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    ASSERT_EQ(cli({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("test://") + node,
                   QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    ASSERT_EQ(cli({QStringLiteral("sync")}).exitCode, 0);
    auto rows = InventoryStore(Database::connection(m_data.path())).volumes(hostId);
    ASSERT_TRUE(rows.has_value());
    std::optional<InventoryStore::VolumeRow> available;
    for (const InventoryStore::VolumeRow &r : std::as_const(*rows)) {
        if (r.status == QLatin1String("available") && !r.volume.poolUuid.isEmpty())
            available = r;
    }
    ASSERT_TRUE(available.has_value());
    Database::closeThreadConnection(m_data.path());
    const QString file = m_data.filePath(QStringLiteral("f.bin"));
    const QByteArray content = available->volume.format == QLatin1String("qcow2")
                                   ? qcow2Head + QByteArray(92, 'z')
                                   : QByteArray(100, 'z');
    ASSERT_TRUE(writeAll(file, content));

    const QString spec3
        = QStringLiteral("%1/%2/%3").arg(hostId, available->poolName, available->volume.name);
    const CliResult r = cli({QStringLiteral("--json"), QStringLiteral("volume"),
                             QStringLiteral("upload"), spec3, file});
    EXPECT_EQ(r.exitCode, 2) << r.err.constData();
    EXPECT_TRUE(r.err.contains("virStorageVolUpload")) << r.err.constData();
    EXPECT_FALSE(r.err.contains('\r')) << "no progress when stderr is not a terminal";
    const QJsonObject o = r.json().object();
    EXPECT_EQ(o.value(QStringLiteral("action")).toString(), QStringLiteral("volume.upload"));
    EXPECT_EQ(o.value(QStringLiteral("path")).toString(), available->volume.path);
    EXPECT_EQ(o.value(QStringLiteral("file")).toString(), file);
    EXPECT_FALSE(o.value(QStringLiteral("ok")).toBool(true));
    EXPECT_TRUE(
        o.value(QStringLiteral("error")).toString().contains(QStringLiteral("not supported")));
    EXPECT_EQ(o.value(QStringLiteral("bytes")).toInteger(-1), 0);

    // The refusal of an existing target happens in the core, and names the file.
    const CliResult exists
        = cli({QStringLiteral("volume"), QStringLiteral("download"), available->volume.path, file});
    EXPECT_EQ(exists.exitCode, 1) << exists.err.constData();
    EXPECT_TRUE(exists.err.contains("exists")) << exists.err.constData();
    EXPECT_EQ(readAll(file), content);

    AuditQuery q;
    q.objectId = available->volume.path;
    auto events = AuditLog(Database::connection(m_data.path())).query(q);
    ASSERT_TRUE(events.has_value());
    ASSERT_EQ(events->size(), 2);
    EXPECT_EQ(events->at(0).action, QStringLiteral("volume.download"));
    EXPECT_EQ(events->at(1).action, QStringLiteral("volume.upload"));
    Database::closeThreadConnection(m_data.path());
}

} // namespace
