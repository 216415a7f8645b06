// System tier (issue 6): attach and detach a volume live on a running QEMU (TCG) VM, change a
// cdrom's media, and edit settings, against a real libvirtd started by this test
// (tests/system/libvirtd-env.sh; needs root, as CI runs). The mirror must follow libvirt: the
// VM's disk list and the volume's derived status (available → in-use → available) as
// `volume list --json` reports them.
//
// The tiny VM has no ACPI, so its PCI bus takes no hotplug: QEMU refuses a live virtio disk
// (which the test uses as the failing attach) and the live disks go on the USB bus, which
// hotplugs (and unplugs at once, without a guest's help). Creating a qcow2 volume needs
// qemu-img (Debian package qemu-utils).

#include "common/clirunner.h"
#include "system/systemfixture.h"

#include "actions/devicexml.h"
#include "actions/domainedit.h"
#include "actions/inventoryaction.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDomDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("qemu");


/// DESIGN §9's tiny diskless domain, plus an empty IDE cdrom drive (hdc).
QByteArray tinyDomainXml(const QString &name)
{
    return QStringLiteral(
               "<domain type='qemu'><name>%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><devices>"
               "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
               "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
               "<target dev='hdc' bus='ide'/><readonly/></disk>"
               "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
               "<video><model type='vga'/></video><memballoon model='none'/></devices></domain>")
        .arg(name)
        .toUtf8();
}

struct Disk
{
    QString target, source, bus, device;
};

class VolumeAttachTest : public SystemFixture
{
protected:
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_name = QStringLiteral("attach-%1").arg(getpid());
        virDomainPtr dom = virDomainDefineXML(m_conn, tinyDomainXml(m_name).constData());
        ASSERT_NE(dom, nullptr) << virGetLastErrorMessage();
        ASSERT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(dom, uuid);
        m_uuid = QString::fromLatin1(uuid);
        virDomainFree(dom);
        addHost(hostId, QStringLiteral("qemu:///system"));
        connectAndSync(hostId);
    }
    void TearDown() override
    {
        if (m_conn) {
            if (virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData())) {
                virDomainDestroy(dom);
                virDomainUndefine(dom);
                virDomainFree(dom);
            }
            if (!m_poolUuid.isEmpty()) {
                if (virStoragePoolPtr pool
                    = virStoragePoolLookupByUUIDString(m_conn, m_poolUuid.toLatin1().constData())) {
                    virStoragePoolRefresh(pool, 0);
                    virStorageVolPtr *vols = nullptr;
                    const int count = virStoragePoolListAllVolumes(pool, &vols, 0);
                    for (int i = 0; i < count; ++i) {
                        virStorageVolDelete(vols[i], 0);
                        virStorageVolFree(vols[i]);
                    }
                    free(vols);
                    virStoragePoolDestroy(pool);
                    virStoragePoolUndefine(pool);
                    virStoragePoolFree(pool);
                }
            }
        }
        SystemFixture::TearDown();
    }

    Error runInventory(const InventoryRequest &request, QString *objectId = nullptr)
    {
        return runInventoryJob(hostId, request, objectId, 60000);
    }

    std::pair<Error, DomainEditResult> runEdit(const DomainEditRequest &request)
    {
        bool done = false;
        quint64 job = 0;
        Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
        DomainEditResult result;
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::domainEditFinished, &context,
                         [&](quint64 finished, const QString &, const QString &, const QString &,
                             const DomainEditResult &r, const Error &e) {
                             if (finished != job)
                                 return;
                             done = true;
                             error = e;
                             result = r;
                         });
        job = m_manager->runDomainEdit(hostId, request);
        EXPECT_TRUE(waitUntil([&] { return done; }, 60000)) << request.actionName().toStdString();
        return {error, result};
    }

    /// A dir pool in this test's data dir, and a volume in it; returns the volume's path.
    QString createVolume(const QString &name, const QString &format)
    {
        if (m_poolUuid.isEmpty()) {
            InventoryRequest pool;
            pool.kind = InventoryRequest::Kind::Pool;
            pool.op = InventoryRequest::Op::Create;
            pool.pool.name = QStringLiteral("attach-pool-%1").arg(getpid());
            pool.pool.type = QStringLiteral("dir");
            pool.pool.targetPath = m_data.filePath(QStringLiteral("pool"));
            const Error e = runInventory(pool, &m_poolUuid);
            EXPECT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
        }
        InventoryRequest vol;
        vol.kind = InventoryRequest::Kind::Volume;
        vol.op = InventoryRequest::Op::Create;
        vol.volume = VolumeSpec{m_poolUuid, name, format, 64 << 20, {}};
        QString path;
        const Error e = runInventory(vol, &path);
        EXPECT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
        return path;
    }

    /// The disks libvirt reports (API XML read with QtXml's DOM): running or config view.
    QList<Disk> libvirtDisks(unsigned flags = 0)
    {
        QList<Disk> disks;
        virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
        if (!dom)
            return disks;
        char *xml = virDomainGetXMLDesc(dom, flags);
        virDomainFree(dom);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        const QDomNodeList list = doc.documentElement()
                                      .firstChildElement(QStringLiteral("devices"))
                                      .elementsByTagName(QStringLiteral("disk"));
        for (int i = 0; i < list.size(); ++i) {
            const QDomElement e = list.at(i).toElement();
            const QDomElement target = e.firstChildElement(QStringLiteral("target"));
            disks.append(
                {target.attribute(QStringLiteral("dev")),
                 e.firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("file")),
                 target.attribute(QStringLiteral("bus")), e.attribute(QStringLiteral("device"))});
        }
        return disks;
    }

    QList<Disk> mirroredDisks()
    {
        QList<Disk> disks;
        auto rows = InventoryStore(db()).findDomains(hostId, m_uuid);
        if (!rows || rows->isEmpty())
            return disks;
        for (const DiskInfo &d : rows->constFirst().domain.disks)
            disks.append({d.deviceName, d.sourcePath, d.busType, d.device});
        return disks;
    }

    /// The mirror's disks equal libvirt's running view, field by field.
    void expectDisksMirrored()
    {
        const QList<Disk> live = libvirtDisks();
        const QList<Disk> mirror = mirroredDisks();
        ASSERT_EQ(mirror.size(), live.size());
        for (const Disk &l : live) {
            SCOPED_TRACE(l.target.toStdString());
            const auto it = std::find_if(mirror.cbegin(), mirror.cend(),
                                         [&](const Disk &m) { return m.target == l.target; });
            ASSERT_NE(it, mirror.cend());
            EXPECT_EQ(it->source, l.source);
            EXPECT_EQ(it->bus, l.bus);
            EXPECT_EQ(it->device, l.device);
        }
    }

    /// The status `volume list --json` gives the volume at path (another process reading the
    /// mirror), and the names it lists as attached.
    std::pair<QString, QStringList> cliStatus(const QString &path)
    {
        const CliResult r
            = runCli(m_data.path(),
                     {QStringLiteral("--json"), QStringLiteral("volume"), QStringLiteral("list")});
        EXPECT_EQ(r.exitCode, 0) << r.err.constData();
        for (const QJsonValue &v : r.json().array()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("path")) != path)
                continue;
            QStringList names;
            for (const QJsonValue &n : o.value(QStringLiteral("attached_to")).toArray())
                names.append(n.toString());
            // The same VMs with their uuids (the issue's `attachments`).
            QStringList attachments;
            for (const QJsonValue &a : o.value(QStringLiteral("attachments")).toArray()) {
                attachments.append(a[QStringLiteral("name")].toString());
                if (a[QStringLiteral("name")] == m_name) {
                    EXPECT_EQ(a[QStringLiteral("uuid")].toString(), m_uuid);
                }
            }
            EXPECT_EQ(attachments, names);
            return {o.value(QStringLiteral("status")).toString(), names};
        }
        return {};
    }

    bool mirrorHasDisk(const QString &target, const QString &source)
    {
        for (const Disk &d : mirroredDisks()) {
            if (d.target == target && d.source == source)
                return true;
        }
        return false;
    }

    QString m_name;
    QString m_uuid;
    QString m_poolUuid;
};

TEST_F(VolumeAttachTest, AttachLiveMakesTheVolumeInUseAndDetachMakesItAvailable)
{
    const QString path = createVolume(QStringLiteral("data.qcow2"), QStringLiteral("qcow2"));
    ASSERT_FALSE(path.isEmpty());
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));

    // QEMU refuses a live virtio disk here (no PCI hotplug): the whole attach fails, and
    // neither the config nor the mirror gets a half of it.
    DomainEditRequest virtio;
    virtio.op = DomainEditRequest::Op::AttachDisk;
    virtio.uuid = m_uuid;
    virtio.disk.sourcePath = path;
    auto [refused, none] = runEdit(virtio);
    EXPECT_EQ(refused.code, ErrorCode::Libvirt) << refused.message.toStdString();
    EXPECT_EQ(libvirtDisks(VIR_DOMAIN_XML_INACTIVE).size(), 1) << "config untouched";
    EXPECT_EQ(mirroredDisks().size(), 1);
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));

    DomainEditRequest attach = virtio;
    attach.disk.bus = QStringLiteral("usb");
    auto [error, result] = runEdit(attach);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    EXPECT_EQ(result.targetDev, QStringLiteral("sda"));
    EXPECT_FALSE(result.appliesAfterRestart);

    bool live = false;
    for (const Disk &d : libvirtDisks())
        live = live || (d.target == QStringLiteral("sda") && d.source == path);
    EXPECT_TRUE(live) << "attached to the running VM";
    bool config = false;
    for (const Disk &d : libvirtDisks(VIR_DOMAIN_XML_INACTIVE))
        config = config || (d.target == QStringLiteral("sda") && d.source == path);
    EXPECT_TRUE(config) << "and to its persistent config";
    EXPECT_TRUE(mirrorHasDisk(QStringLiteral("sda"), path));
    expectDisksMirrored();
    const auto [status, names] = cliStatus(path);
    EXPECT_EQ(status, QStringLiteral("in-use"));
    EXPECT_EQ(names, QStringList{m_name});

    DomainEditRequest detach;
    detach.op = DomainEditRequest::Op::DetachDisk;
    detach.uuid = m_uuid;
    detach.targetDev = QStringLiteral("sda");
    auto [detachError, detached] = runEdit(detach);
    ASSERT_EQ(detachError.code, ErrorCode::None) << detachError.message.toStdString();
    EXPECT_TRUE(detached.note.isEmpty()) << detached.note.toStdString();
    EXPECT_TRUE(waitUntil([&] { return !mirrorHasDisk(QStringLiteral("sda"), path); }, 5000));
    EXPECT_EQ(libvirtDisks().size(), 1);
    EXPECT_EQ(libvirtDisks(VIR_DOMAIN_XML_INACTIVE).size(), 1);
    expectDisksMirrored();
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));

    // Audited with the VM and the volume as objects.
    AuditQuery q;
    q.objectId = path;
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    QStringList actions;
    for (const AuditEvent &e : std::as_const(*events)) {
        if (e.ok && e.objects.contains(AuditObject{QStringLiteral("vm"), m_uuid}))
            actions.append(e.action);
    }
    EXPECT_TRUE(actions.contains(QStringLiteral("vm.attach")));
    EXPECT_TRUE(actions.contains(QStringLiteral("vm.detach")));

    // Available again, so it may go.
    InventoryRequest del;
    del.kind = InventoryRequest::Kind::Volume;
    del.op = InventoryRequest::Op::Delete;
    del.uuid = path;
    const Error deleted = runInventory(del);
    ASSERT_EQ(deleted.code, ErrorCode::None) << deleted.message.toStdString();
    EXPECT_EQ(virStorageVolLookupByPath(m_conn, path.toUtf8().constData()), nullptr);
    virResetLastError();
    EXPECT_TRUE(cliStatus(path).first.isEmpty()) << "gone from the mirror";
}

TEST_F(VolumeAttachTest, StatusFollowsTheVmStateAttachedWhileStoppedInUseWhileRunning)
{
    const QString path = createVolume(QStringLiteral("cold.qcow2"), QStringLiteral("qcow2"));
    ASSERT_FALSE(path.isEmpty());
    virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainDestroy(dom), 0);
    EXPECT_TRUE(waitUntil(
        [&] {
            auto rows = InventoryStore(db()).findDomains(hostId, m_uuid);
            return rows && !rows->isEmpty()
                   && rows->constFirst().domain.state == DomainState::Shutoff;
        },
        5000));

    // A stopped VM takes any bus: only its config changes.
    DomainEditRequest attach;
    attach.op = DomainEditRequest::Op::AttachDisk;
    attach.uuid = m_uuid;
    attach.disk.sourcePath = path;
    auto [error, result] = runEdit(attach);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    EXPECT_EQ(result.targetDev, QStringLiteral("vda"));
    EXPECT_FALSE(result.appliesAfterRestart);
    EXPECT_TRUE(mirrorHasDisk(QStringLiteral("vda"), path));
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("attached"));

    // Started, the VM uses it: in-use, through the lifecycle event.
    ASSERT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
    EXPECT_TRUE(waitUntil([&] { return cliStatus(path).first == QStringLiteral("in-use"); }, 5000));
    ASSERT_EQ(virDomainDestroy(dom), 0);
    virDomainFree(dom);
    EXPECT_TRUE(
        waitUntil([&] { return cliStatus(path).first == QStringLiteral("attached"); }, 5000));

    DomainEditRequest detach;
    detach.op = DomainEditRequest::Op::DetachDisk;
    detach.uuid = m_uuid;
    detach.targetDev = QStringLiteral("vda");
    ASSERT_EQ(runEdit(detach).first.code, ErrorCode::None);
    EXPECT_FALSE(mirrorHasDisk(QStringLiteral("vda"), path));
    EXPECT_EQ(libvirtDisks(VIR_DOMAIN_XML_INACTIVE).size(), 1);
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));
}

TEST_F(VolumeAttachTest, CliAttachAndDetachReachThisSessionThroughEvents)
{
    const QString path = createVolume(QStringLiteral("cli.qcow2"), QStringLiteral("qcow2"));
    ASSERT_FALSE(path.isEmpty());
    // The CLI acts in its own process; this process's session sees the change by events.
    const CliResult attach
        = runCli(m_data.path(),
                 {QStringLiteral("--json"), QStringLiteral("volume"), QStringLiteral("attach"),
                  path, QStringLiteral("qemu/") + m_name, QStringLiteral("--bus"),
                  QStringLiteral("usb"), QStringLiteral("--target"), QStringLiteral("sdb")});
    ASSERT_EQ(attach.exitCode, 0) << attach.err.constData();
    const QJsonObject o = attach.json().object();
    EXPECT_EQ(o.value(QStringLiteral("target_dev")), QStringLiteral("sdb"));
    bool listed = false;
    for (const QJsonValue &d :
         o.value(QStringLiteral("vm")).toObject().value(QStringLiteral("disks")).toArray())
        listed = listed || d.toObject().value(QStringLiteral("source_path")).toString() == path;
    EXPECT_TRUE(listed) << "the printed VM is the re-read one";
    EXPECT_TRUE(waitUntil([&] { return mirrorHasDisk(QStringLiteral("sdb"), path); }, 5000));
    expectDisksMirrored();
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("in-use"));

    const CliResult detach
        = runCli(m_data.path(), {QStringLiteral("volume"), QStringLiteral("detach"), path, m_name});
    ASSERT_EQ(detach.exitCode, 0) << detach.err.constData();
    EXPECT_TRUE(waitUntil([&] { return !mirrorHasDisk(QStringLiteral("sdb"), path); }, 5000));
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));
}

TEST_F(VolumeAttachTest, CdromMediaIsInsertedAndEjectedLive)
{
    const QString path = createVolume(QStringLiteral("media.iso"), QStringLiteral("raw"));
    ASSERT_FALSE(path.isEmpty());
    // The booting guest's firmware probes the drive and may close the tray between libvirt
    // opening it and swapping the medium (the core retries that for a while, but a loaded CI
    // machine can boot slower than any fixed retry window). Paused, the guest cannot touch the
    // tray, and the domain is still live: the change takes the same AFFECT_LIVE path.
    virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainSuspend(dom), 0);
    const auto resume = qScopeGuard([dom] {
        virDomainResume(dom);
        virDomainFree(dom);
    });
    DomainEditRequest insert;
    insert.op = DomainEditRequest::Op::ChangeMedia;
    insert.uuid = m_uuid;
    insert.targetDev = QStringLiteral("hdc");
    insert.mediaPath = path;
    auto [error, result] = runEdit(insert);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    auto sourceOf = [&](unsigned flags) {
        for (const Disk &d : libvirtDisks(flags)) {
            if (d.target == QStringLiteral("hdc"))
                return d.source;
        }
        return QStringLiteral("(no hdc)");
    };
    EXPECT_EQ(sourceOf(0), path);
    EXPECT_EQ(sourceOf(VIR_DOMAIN_XML_INACTIVE), path);
    EXPECT_TRUE(mirrorHasDisk(QStringLiteral("hdc"), path));
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("in-use"));

    const CliResult eject = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("eject"),
                                                   m_name, QStringLiteral("hdc")});
    ASSERT_EQ(eject.exitCode, 0) << eject.err.constData();
    EXPECT_EQ(sourceOf(0), QString());
    EXPECT_EQ(sourceOf(VIR_DOMAIN_XML_INACTIVE), QString());
    EXPECT_TRUE(waitUntil([&] { return mirrorHasDisk(QStringLiteral("hdc"), QString()); }, 5000));
    EXPECT_EQ(cliStatus(path).first, QStringLiteral("available"));
}

TEST_F(VolumeAttachTest, ADeviceQemuCannotHotplugLandsInTheConfigForTheNextStart)
{
    const auto sounds = [this](unsigned flags) {
        virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
        char *xml = virDomainGetXMLDesc(dom, flags);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        virDomainFree(dom);
        return doc.elementsByTagName(QStringLiteral("sound")).size();
    };
    ASSERT_EQ(sounds(0), 0);
    DomainEditRequest add;
    add.op = DomainEditRequest::Op::AttachDevice;
    add.uuid = m_uuid;
    add.deviceXml = DeviceXml::soundXml(QStringLiteral("ich9"));
    auto [error, result] = runEdit(add);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    EXPECT_TRUE(result.appliesAfterRestart);
    EXPECT_EQ(result.pendingFields, QStringList{QStringLiteral("devices")});
    EXPECT_TRUE(result.note.contains(QStringLiteral("cannot take this change live")))
        << result.note.toStdString();
    EXPECT_EQ(sounds(VIR_DOMAIN_XML_INACTIVE), 1) << "the config has it";
    EXPECT_EQ(sounds(0), 0) << "the running VM does not";

    // Removing it again: not in the running VM, so again only the config changes.
    DomainEditRequest remove = add;
    remove.op = DomainEditRequest::Op::DetachDevice;
    auto [removeError, removed] = runEdit(remove);
    ASSERT_EQ(removeError.code, ErrorCode::None) << removeError.message.toStdString();
    EXPECT_TRUE(removed.appliesAfterRestart);
    EXPECT_EQ(sounds(VIR_DOMAIN_XML_INACTIVE), 0);
}

TEST_F(VolumeAttachTest, SettingsTheRunningVmCannotTakeApplyAfterRestart)
{
    // No balloon device: QEMU cannot change the current memory live; the config takes it.
    DomainEditRequest r;
    r.op = DomainEditRequest::Op::Set;
    r.uuid = m_uuid;
    r.memoryBytes = 48 << 20;
    r.maxMemoryBytes = 128 << 20;
    r.title = QStringLiteral("edited live");
    auto [error, result] = runEdit(r);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    EXPECT_TRUE(result.appliesAfterRestart);
    EXPECT_TRUE(result.pendingFields.contains(QStringLiteral("memory_bytes")));
    EXPECT_TRUE(result.pendingFields.contains(QStringLiteral("current_memory_bytes")))
        << result.note.toStdString();
    EXPECT_FALSE(result.pendingFields.contains(QStringLiteral("title")));

    virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
    ASSERT_NE(dom, nullptr);
    char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    QDomDocument config;
    config.setContent(QByteArray(xml));
    free(xml);
    EXPECT_EQ(config.documentElement().firstChildElement(QStringLiteral("memory")).text(),
              QStringLiteral("131072"));
    EXPECT_EQ(config.documentElement().firstChildElement(QStringLiteral("currentMemory")).text(),
              QStringLiteral("49152"));
    // After a restart the running VM has what the config had.
    ASSERT_EQ(virDomainDestroy(dom), 0);
    ASSERT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
    virDomainInfo info;
    ASSERT_EQ(virDomainGetInfo(dom, &info), 0);
    EXPECT_EQ(info.maxMem, 131072UL);
    virDomainFree(dom);
    EXPECT_TRUE(waitUntil(
        [&] {
            auto rows = InventoryStore(db()).findDomains(hostId, m_uuid);
            return rows && !rows->isEmpty()
                   && rows->constFirst().domain.memoryBytes == qint64(128) << 20
                   && rows->constFirst().domain.title == QStringLiteral("edited live");
        },
        5000));
}

} // namespace
