// VM settings and device edits (issue 6, items 3, 5 and `vm set`), through the core and through
// the CLI, on libvirt's test driver: after each edit the VM's mirror row is compared field by
// field with what libvirt reports (its API, and its XML read with QtXml's DOM, not our parser);
// refused edits change neither libvirt nor the mirror (no disk or volume rows appear); every
// edit is audited.
//
// What libvirt 9.0's test driver implements (checked with a small program, and asserted below
// where it matters): virDomainSetVcpusFlags, SetMemoryFlags (LIVE and CONFIG, but not both in
// one call — the core makes two calls), SetMetadata, SetAutostart, DefineXML. It lacks
// virDomainAttachDeviceFlags, DetachDeviceFlags and UpdateDeviceFlags: a successful attach,
// detach and media change, and the volume status that follows them, are tested against a real
// libvirtd in tests/system/volumeattachtest.cpp. Here they serve as the failing attach: a
// refusal by libvirt must leave nothing behind either.
//
// test:///default is shared per process, so a second connection (ours) sees what the worker
// did; the CLI runs in-process for the same reason. Each test runs in a process of its own.

#include "common/cliinprocess.h"
#include "common/hostfixture.h"

#include "actions/devicexml.h"
#include "actions/domainedit.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDirIterator>
#include <QDomDocument>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdio>
#include <optional>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("lab");
constexpr qint64 GiB = qint64(1) << 30;

/// What libvirt says about the VM: its API, and its XML read with QtXml's DOM.
struct LiveVm
{
    int vcpus = 0;
    qint64 memory = 0, currentMemory = 0;
    QString title, description;
    bool autostart = false;
    QStringList diskTargets; ///< sorted
    QStringList bootOrder;
};

struct Answer
{
    Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
    DomainEditResult result;
};

class DomainEditTest : public HostFixture
{
protected:
    void SetUp() override
    {
        qputenv("VIRTUMANCER_NO_DEMO", "1");
        virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
        HostFixture::SetUp();
        m_conn = virConnectOpen("test:///default");
        ASSERT_NE(m_conn, nullptr);
        virDomainPtr dom = virDomainLookupByName(m_conn, "test");
        ASSERT_NE(dom, nullptr);
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(dom, uuid);
        m_uuid = QString::fromLatin1(uuid);
        virDomainFree(dom);
        addHost(hostId, QStringLiteral("test:///default"));
        connectAndSync(hostId);
    }
    void TearDown() override
    {
        if (m_conn)
            virConnectClose(m_conn);
        HostFixture::TearDown();
    }

    Answer run(const DomainEditRequest &request)
    {
        Answer answer;
        bool done = false;
        quint64 job = 0;
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::domainEditFinished, &context,
                         [&](quint64 finished, const QString &, const QString &uuid,
                             const QString &action, const DomainEditResult &r, const Error &e) {
                             if (finished != job)
                                 return;
                             EXPECT_EQ(uuid, request.uuid);
                             EXPECT_EQ(action, request.actionName());
                             done = true;
                             answer.error = e;
                             answer.result = r;
                         });
        job = m_manager->runDomainEdit(hostId, request);
        EXPECT_TRUE(waitUntil([&] { return done; }, 30000)) << request.actionName().toStdString();
        return answer;
    }

    DomainEditRequest set() const
    {
        DomainEditRequest r;
        r.op = DomainEditRequest::Op::Set;
        r.uuid = m_uuid;
        return r;
    }

    DomainEditRequest attach(const QString &path, const QString &target,
                             const QString &bus = {}) const
    {
        DomainEditRequest r;
        r.op = DomainEditRequest::Op::AttachDisk;
        r.uuid = m_uuid;
        r.disk.sourcePath = path;
        r.disk.targetDev = target;
        r.disk.bus = bus;
        return r;
    }

    QByteArray xml(unsigned flags)
    {
        virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
        if (!dom)
            return {};
        char *text = virDomainGetXMLDesc(dom, flags);
        const QByteArray bytes(text);
        free(text);
        virDomainFree(dom);
        return bytes;
    }

    /// The running (flags 0) or persistent (VIR_DOMAIN_XML_INACTIVE) view of the VM.
    LiveVm live(unsigned flags = 0)
    {
        LiveVm vm;
        QDomDocument doc;
        doc.setContent(xml(flags));
        const QDomElement root = doc.documentElement();
        const QDomElement vcpu = root.firstChildElement(QStringLiteral("vcpu"));
        vm.vcpus = (vcpu.hasAttribute(QStringLiteral("current"))
                        ? vcpu.attribute(QStringLiteral("current"))
                        : vcpu.text())
                       .toInt();
        auto kib = [&](const char *name) {
            const QDomElement e = root.firstChildElement(QString::fromLatin1(name));
            EXPECT_EQ(e.attribute(QStringLiteral("unit"), QStringLiteral("KiB")),
                      QStringLiteral("KiB"));
            return e.text().toLongLong() * 1024;
        };
        vm.memory = kib("memory");
        vm.currentMemory = kib("currentMemory");
        vm.title = root.firstChildElement(QStringLiteral("title")).text();
        vm.description = root.firstChildElement(QStringLiteral("description")).text();
        const QDomNodeList disks = root.firstChildElement(QStringLiteral("devices"))
                                       .elementsByTagName(QStringLiteral("disk"));
        for (int i = 0; i < disks.size(); ++i)
            vm.diskTargets.append(disks.at(i)
                                      .toElement()
                                      .firstChildElement(QStringLiteral("target"))
                                      .attribute(QStringLiteral("dev")));
        vm.diskTargets.sort();
        const QDomNodeList boots = root.firstChildElement(QStringLiteral("os"))
                                       .elementsByTagName(QStringLiteral("boot"));
        for (int i = 0; i < boots.size(); ++i)
            vm.bootOrder.append(boots.at(i).toElement().attribute(QStringLiteral("dev")));
        virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
        int autostart = 0;
        virDomainGetAutostart(dom, &autostart);
        vm.autostart = autostart != 0;
        virDomainFree(dom);
        return vm;
    }

    std::optional<InventoryStore::DomainRow> mirrored()
    {
        auto rows = InventoryStore(db()).findDomains(hostId, m_uuid);
        EXPECT_TRUE(rows.has_value());
        if (!rows || rows->isEmpty())
            return std::nullopt;
        return rows->constFirst();
    }

    /// The VM's mirror row equals libvirt's running view, field by field.
    void expectMirrored()
    {
        const LiveVm vm = live();
        const auto row = mirrored();
        ASSERT_TRUE(row.has_value());
        const DomainInfo &d = row->domain;
        EXPECT_EQ(d.vcpuCount, vm.vcpus);
        EXPECT_EQ(d.memoryBytes, vm.memory);
        EXPECT_EQ(d.currentMemoryBytes, vm.currentMemory);
        EXPECT_EQ(d.title, vm.title);
        EXPECT_EQ(d.description, vm.description);
        EXPECT_EQ(d.autostart, vm.autostart);
        QStringList targets;
        for (const DiskInfo &disk : d.disks)
            targets.append(disk.deviceName);
        targets.sort();
        EXPECT_EQ(targets, vm.diskTargets);
    }

    /// The newest audit event with this action on the host.
    std::optional<AuditEvent> lastAudit(const QString &action)
    {
        AuditQuery q;
        q.hostId = hostId;
        q.limit = 0;
        auto events = AuditLog(db()).query(q);
        EXPECT_TRUE(events.has_value());
        for (const AuditEvent &e : events.value_or(QList<AuditEvent>{})) {
            if (e.action == action)
                return e;
        }
        return std::nullopt;
    }

    void expectAudited(const QString &action, bool ok)
    {
        const auto e = lastAudit(action);
        ASSERT_TRUE(e.has_value()) << action.toStdString();
        EXPECT_EQ(e->level, AuditLevel::Audit);
        EXPECT_EQ(e->ok, ok) << action.toStdString() << ' ' << e->error.toStdString();
        EXPECT_TRUE(e->objects.contains(AuditObject{QStringLiteral("vm"), m_uuid}));
        EXPECT_TRUE(e->objects.contains(AuditObject{QStringLiteral("host"), hostId}));
    }

    /// Every disk attachment and volume row of the mirror, as text (to compare before/after).
    QStringList attachmentAndVolumeRows()
    {
        QStringList rows;
        QSqlQuery q(db());
        EXPECT_TRUE(q.exec(QStringLiteral(
            "SELECT 'disk', id, vm_id, volume_id, source_path, device, device_name, bus_type, "
            "format, updated_at FROM disk_attachments ORDER BY id")));
        while (q.next()) {
            QStringList cols;
            for (int i = 0; i < 10; ++i)
                cols.append(q.value(i).toString());
            rows.append(cols.join(u'|'));
        }
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT 'volume', id, path, pool_id, updated_at FROM "
                                          "volumes ORDER BY id")));
        while (q.next()) {
            QStringList cols;
            for (int i = 0; i < 5; ++i)
                cols.append(q.value(i).toString());
            rows.append(cols.join(u'|'));
        }
        return rows;
    }

    /// Creates a raw volume in test:///default's pool and resyncs, so that the mirror has it.
    QString createMirroredVolume(const char *name)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(m_conn, "default-pool");
        EXPECT_NE(pool, nullptr);
        const QByteArray xml = QStringLiteral("<volume><name>%1</name><capacity unit='MiB'>16"
                                              "</capacity><target><format type='raw'/></target>"
                                              "</volume>")
                                   .arg(QLatin1String(name))
                                   .toUtf8();
        virStorageVolPtr vol = virStorageVolCreateXML(pool, xml.constData(), 0);
        EXPECT_NE(vol, nullptr) << virGetLastErrorMessage();
        char *path = virStorageVolGetPath(vol);
        const QString result = QString::fromUtf8(path);
        free(path);
        virStorageVolFree(vol);
        virStoragePoolFree(pool);
        waitForSync(hostId, [&] { m_manager->syncHost(hostId); });
        return result;
    }

    /// The mirror's derived status of the volume at path ("" when it has none).
    QString volumeStatus(const QString &path)
    {
        auto rows = InventoryStore(db()).volumes(hostId);
        EXPECT_TRUE(rows.has_value());
        for (const InventoryStore::VolumeRow &r : rows.value_or(QList<InventoryStore::VolumeRow>{}))
            if (r.volume.path == path)
                return r.status;
        return {};
    }

    /// Runs virtumancer-cli in this process (same test:///default instance as m_conn).
    CliResult cli(const QStringList &args) { return runCliInProcess(m_data.path(), args); }

    virConnectPtr m_conn = nullptr;
    QString m_uuid;
};

// ---- pure rules (no libvirt) ------------------------------------------------------------------

TEST(DomainEditRules, TargetNamesFollowTheBusPrefix)
{
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("virtio"), {QStringLiteral("vda")}),
              QStringLiteral("vdb"));
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("sata"),
                                      {QStringLiteral("vda"), QStringLiteral("sda")}),
              QStringLiteral("sdb"));
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("scsi"), {}), QStringLiteral("sda"));
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("usb"), {}), QStringLiteral("sda"));
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("ide"), {QStringLiteral("hda")}),
              QStringLiteral("hdb"));
    // IDE has four places; a full bus has no free name.
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("ide"),
                                      {QStringLiteral("hda"), QStringLiteral("hdb"),
                                       QStringLiteral("hdc"), QStringLiteral("hdd")}),
              QString());
    // After vdz comes vdaa (libvirt's disk index 26).
    QStringList used;
    for (char c = 'a'; c <= 'z'; ++c)
        used.append(QStringLiteral("vd") + QChar::fromLatin1(c));
    EXPECT_EQ(DomainEdits::freeTarget(QStringLiteral("virtio"), used), QStringLiteral("vdaa"));

    EXPECT_TRUE(DomainEdits::targetFitsBus(QStringLiteral("vdc"), QStringLiteral("virtio")));
    EXPECT_FALSE(DomainEdits::targetFitsBus(QStringLiteral("sdc"), QStringLiteral("virtio")));
    EXPECT_FALSE(DomainEdits::targetFitsBus(QStringLiteral("xyz"), QStringLiteral("virtio")));
    EXPECT_FALSE(DomainEdits::targetFitsBus(QStringLiteral("vd1"), QStringLiteral("virtio")));
    EXPECT_FALSE(DomainEdits::targetFitsBus(QStringLiteral("vd"), QStringLiteral("virtio")));
    EXPECT_FALSE(DomainEdits::targetFitsBus(QStringLiteral("hde"), QStringLiteral("ide")));
    EXPECT_TRUE(DomainEdits::targetFitsBus(QStringLiteral("sdb"), QStringLiteral("usb")));
}

TEST(DomainEditRules, ValidationNamesTheProblem)
{
    DomainEditRequest r;
    r.uuid = QStringLiteral("6695eb01-f6a4-8304-79aa-97f2502e193f");
    auto check = [&](const char *expected) {
        const auto v = DomainEdits::validate(r);
        EXPECT_FALSE(v.has_value()) << expected;
        if (!v) {
            EXPECT_EQ(v.error().code, ErrorCode::InvalidArgument);
            EXPECT_TRUE(v.error().message.contains(QLatin1String(expected)))
                << v.error().message.toStdString();
        }
    };
    check("nothing to change");
    r.vcpus = 0;
    check("at least 1 vCPU");
    r.vcpus = 2;
    r.memoryBytes = 4 * GiB;
    r.maxMemoryBytes = 2 * GiB;
    check("cannot exceed the maximum");
    r.maxMemoryBytes = 8 * GiB;
    r.bootOrder = QStringList{QStringLiteral("hd"), QStringLiteral("floppy")};
    check("boot device \"floppy\"");
    r.bootOrder = QStringList{QStringLiteral("hd"), QStringLiteral("cdrom")};
    EXPECT_TRUE(DomainEdits::validate(r).has_value());

    DomainEditRequest a;
    a.uuid = r.uuid;
    a.op = DomainEditRequest::Op::AttachDisk;
    a.disk.sourcePath = QStringLiteral("relative.qcow2");
    r = a;
    check("not absolute");
    r.disk.sourcePath = QStringLiteral("/var/lib/libvirt/images/a.qcow2");
    r.disk.bus = QStringLiteral("pci");
    check("bus \"pci\"");
    r.disk.bus = QStringLiteral("virtio");
    r.disk.device = QStringLiteral("cdrom");
    check("cannot sit on the virtio bus");
    r.disk.device = QStringLiteral("disk");
    r.disk.targetDev = QStringLiteral("xyz");
    check("does not fit bus virtio");
    r.disk.targetDev = QStringLiteral("vdb");
    EXPECT_TRUE(DomainEdits::validate(r).has_value());

    r = a;
    r.op = DomainEditRequest::Op::AttachDevice;
    r.deviceXml = QStringLiteral("<interface type='network'><source network='default'/>");
    check("not well-formed");
    r.deviceXml = QStringLiteral("<sound model='ich9'/><sound model='ac97'/>");
    check("exactly one element");
}

TEST(DomainEditRules, DiskXmlIsWrittenFromTheSpec)
{
    DiskAttachSpec spec;
    spec.sourcePath = QStringLiteral("/pool/it's & <odd>.iso");
    spec.device = QStringLiteral("cdrom");
    spec.bus = QStringLiteral("sata");
    spec.targetDev = QStringLiteral("sdb");
    QDomDocument doc;
    ASSERT_TRUE(
        doc.setContent(DomainEdits::diskXml(spec, QStringLiteral("file"), QStringLiteral("raw"))));
    const QDomElement disk = doc.documentElement();
    EXPECT_EQ(disk.attribute(QStringLiteral("type")), QStringLiteral("file"));
    EXPECT_EQ(disk.attribute(QStringLiteral("device")), QStringLiteral("cdrom"));
    EXPECT_EQ(disk.firstChildElement(QStringLiteral("driver")).attribute(QStringLiteral("type")),
              QStringLiteral("raw"));
    EXPECT_EQ(disk.firstChildElement(QStringLiteral("source")).attribute(QStringLiteral("file")),
              spec.sourcePath);
    EXPECT_EQ(disk.firstChildElement(QStringLiteral("target")).attribute(QStringLiteral("dev")),
              QStringLiteral("sdb"));
    EXPECT_EQ(disk.firstChildElement(QStringLiteral("target")).attribute(QStringLiteral("bus")),
              QStringLiteral("sata"));
    EXPECT_FALSE(disk.firstChildElement(QStringLiteral("readonly")).isNull());
}

// ---- core -----------------------------------------------------------------------------------

TEST_F(DomainEditTest, SettingsLandInLibvirtAndTheMirrorFieldByField)
{
    const LiveVm before = live();
    ASSERT_TRUE(mirrored().has_value());
    DomainEditRequest r = set();
    r.vcpus = before.vcpus == 1 ? 2 : 1;
    r.memoryBytes = before.currentMemory - GiB;
    r.autostart = !before.autostart;
    r.title = QStringLiteral("Edited “title” <&>");
    r.description = QStringLiteral("two\nlines");
    const Answer a = run(r);
    ASSERT_EQ(a.error.code, ErrorCode::None) << a.error.message.toStdString();

    const LiveVm after = live();
    EXPECT_EQ(after.vcpus, *r.vcpus);
    EXPECT_EQ(after.currentMemory, *r.memoryBytes);
    EXPECT_EQ(after.autostart, *r.autostart);
    EXPECT_EQ(after.title, *r.title);
    EXPECT_EQ(after.description, *r.description);
    // The persistent config has them too (the test VM is persistent and running).
    const LiveVm config = live(VIR_DOMAIN_XML_INACTIVE);
    EXPECT_EQ(config.vcpus, *r.vcpus);
    EXPECT_EQ(config.currentMemory, *r.memoryBytes);
    EXPECT_EQ(config.title, *r.title);
    EXPECT_FALSE(a.result.appliesAfterRestart) << a.result.note.toStdString();
    EXPECT_TRUE(a.result.pendingFields.isEmpty());
    expectMirrored();

    expectAudited(QStringLiteral("vm.set"), true);
    const auto e = lastAudit(QStringLiteral("vm.set"));
    ASSERT_TRUE(e.has_value());
    const QJsonObject changes = e->details.value(QStringLiteral("changes")).toObject();
    EXPECT_EQ(changes.value(QStringLiteral("vcpu_count")).toObject().value(QStringLiteral("to")),
              *r.vcpus);
    EXPECT_EQ(changes.value(QStringLiteral("vcpu_count")).toObject().value(QStringLiteral("from")),
              before.vcpus);
    EXPECT_EQ(changes.value(QStringLiteral("title")).toObject().value(QStringLiteral("to")),
              *r.title);
    // Our own edit is audited as ours, not reported again as drift.
    EXPECT_FALSE(lastAudit(QStringLiteral("vm.drift")).has_value());

    // Empty title and description remove them.
    DomainEditRequest clear = set();
    clear.title = QString();
    clear.description = QString();
    ASSERT_EQ(run(clear).error.code, ErrorCode::None);
    EXPECT_TRUE(live().title.isEmpty());
    EXPECT_TRUE(live().description.isEmpty());
    expectMirrored();
}

TEST_F(DomainEditTest, MaximumMemoryOfARunningVmAppliesAfterRestart)
{
    const LiveVm config = live(VIR_DOMAIN_XML_INACTIVE);
    DomainEditRequest r = set();
    r.maxMemoryBytes = config.memory + GiB;
    const Answer a = run(r);
    ASSERT_EQ(a.error.code, ErrorCode::None) << a.error.message.toStdString();
    EXPECT_TRUE(a.result.appliesAfterRestart);
    EXPECT_EQ(a.result.pendingFields, QStringList{QStringLiteral("memory_bytes")});
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).memory, *r.maxMemoryBytes);
    expectMirrored();
    const auto e = lastAudit(QStringLiteral("vm.set"));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->details.value(QStringLiteral("applies_after_restart")), true);
}

TEST_F(DomainEditTest, WhatWaitedForTheRestartIsNotDriftWhenTheVmStops)
{
    const LiveVm config = live(VIR_DOMAIN_XML_INACTIVE);
    DomainEditRequest r = set();
    r.maxMemoryBytes = config.memory + GiB;
    ASSERT_EQ(run(r).error.code, ErrorCode::None);
    // Meanwhile someone else edits the config too: that one is drift.
    virDomainPtr dom = virDomainLookupByUUIDString(m_conn, m_uuid.toLatin1().constData());
    ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "set elsewhere", nullptr,
                                   nullptr, VIR_DOMAIN_AFFECT_CONFIG),
              0);
    ASSERT_EQ(virDomainDestroy(dom), 0); // stopped, the VM shows its config
    virDomainFree(dom);
    ASSERT_TRUE(waitUntil([&] {
        const auto row = mirrored();
        return row && row->domain.memoryBytes == *r.maxMemoryBytes;
    }));
    const auto drift = lastAudit(QStringLiteral("vm.drift"));
    ASSERT_TRUE(drift.has_value()) << "the title changed outside Virtumancer";
    EXPECT_TRUE(drift->details.contains(QStringLiteral("title")));
    EXPECT_FALSE(drift->details.contains(QStringLiteral("memory_bytes")))
        << "our own pending change is not drift";
}

TEST_F(DomainEditTest, CurrentMemoryAboveTheRunningMaximumWaitsForTheRestart)
{
    // Raise the maximum and the current memory together: the config takes both at once (the
    // maximum first); the running VM cannot go above the maximum it started with.
    const LiveVm running = live();
    DomainEditRequest r = set();
    r.maxMemoryBytes = running.memory + 2 * GiB;
    r.memoryBytes = running.memory + GiB;
    const Answer a = run(r);
    ASSERT_EQ(a.error.code, ErrorCode::None) << a.error.message.toStdString();
    EXPECT_TRUE(a.result.appliesAfterRestart);
    EXPECT_TRUE(a.result.pendingFields.contains(QStringLiteral("current_memory_bytes")));
    const LiveVm config = live(VIR_DOMAIN_XML_INACTIVE);
    EXPECT_EQ(config.memory, *r.maxMemoryBytes);
    EXPECT_EQ(config.currentMemory, *r.memoryBytes);
    expectMirrored();
}

TEST_F(DomainEditTest, BootOrderIsRewrittenInThePersistentConfig)
{
    ASSERT_EQ(live(VIR_DOMAIN_XML_INACTIVE).bootOrder, QStringList{QStringLiteral("hd")});
    DomainEditRequest r = set();
    r.bootOrder
        = QStringList{QStringLiteral("cdrom"), QStringLiteral("network"), QStringLiteral("hd")};
    const Answer a = run(r);
    ASSERT_EQ(a.error.code, ErrorCode::None) << a.error.message.toStdString();
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).bootOrder, *r.bootOrder);
    EXPECT_TRUE(a.result.appliesAfterRestart) << "the VM runs: the order counts at next boot";
    EXPECT_TRUE(a.result.pendingFields.contains(QStringLiteral("boot_order")));
    // Nothing else of the definition was lost in the rewrite.
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).diskTargets, QStringList{QStringLiteral("vda")});
    expectMirrored();
}

TEST_F(DomainEditTest, BadSettingsAreRefusedAndChangeNothing)
{
    const LiveVm before = live();
    const LiveVm configBefore = live(VIR_DOMAIN_XML_INACTIVE);
    const auto rowBefore = mirrored();
    ASSERT_TRUE(rowBefore.has_value());

    DomainEditRequest zero = set();
    zero.vcpus = 0;
    Answer a = run(zero);
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("at least 1 vCPU")));

    DomainEditRequest tooMuch = set();
    tooMuch.memoryBytes = configBefore.memory + GiB;
    a = run(tooMuch);
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("cannot exceed the maximum memory")))
        << a.error.message.toStdString();

    // Valid settings first, then one the host refuses: the earlier ones are put back.
    DomainEditRequest partly = set();
    partly.title = QStringLiteral("must not stay");
    partly.vcpus = 100000;
    a = run(partly);
    EXPECT_NE(a.error.code, ErrorCode::None);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("100000"))) << a.error.message.toStdString();

    const LiveVm after = live();
    EXPECT_EQ(after.vcpus, before.vcpus);
    EXPECT_EQ(after.currentMemory, before.currentMemory);
    EXPECT_EQ(after.title, before.title);
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).title, configBefore.title);
    const auto rowAfter = mirrored();
    ASSERT_TRUE(rowAfter.has_value());
    EXPECT_EQ(rowAfter->domain, rowBefore->domain);
    EXPECT_EQ(rowAfter->updatedAt, rowBefore->updatedAt);
    expectAudited(QStringLiteral("vm.set"), false);
    // The refusal says what was asked.
    const auto e = lastAudit(QStringLiteral("vm.set"));
    ASSERT_TRUE(e.has_value());
    const QJsonObject requested = e->details.value(QStringLiteral("requested")).toObject();
    EXPECT_EQ(requested.value(QStringLiteral("vcpu_count")), 100000);
    EXPECT_EQ(requested.value(QStringLiteral("title")), QStringLiteral("must not stay"));
}

TEST_F(DomainEditTest, AFailingAttachLeavesNoRowsAndNoChange)
{
    const QString path = createMirroredVolume("spare.img");
    ASSERT_EQ(volumeStatus(path), QStringLiteral("available"));
    const QStringList rowsBefore = attachmentAndVolumeRows();
    const QByteArray xmlBefore = xml(0);
    const QByteArray configBefore = xml(VIR_DOMAIN_XML_INACTIVE);

    Answer a = run(attach(path, QStringLiteral("xyz")));
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("\"xyz\" does not fit bus virtio")))
        << a.error.message.toStdString();

    a = run(attach(path, QStringLiteral("vda")));
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("vda is already used")))
        << a.error.message.toStdString();

    a = run(attach(QStringLiteral("/guest/diskimage1"), {}));
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("already attached to test as vda")))
        << a.error.message.toStdString();

    a = run(attach(path, QStringLiteral("sdb"), QStringLiteral("virtio")));
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);

    // A valid request libvirt refuses (this driver cannot attach at all).
    a = run(attach(path, {}, QStringLiteral("sata")));
    EXPECT_EQ(a.error.code, ErrorCode::Libvirt);
    EXPECT_EQ(a.error.libvirtCode, VIR_ERR_NO_SUPPORT) << a.error.message.toStdString();
    EXPECT_TRUE(a.error.message.contains(QLatin1String("as sda"))) << "the chosen free target";

    EXPECT_EQ(xml(0), xmlBefore);
    EXPECT_EQ(xml(VIR_DOMAIN_XML_INACTIVE), configBefore);
    EXPECT_EQ(attachmentAndVolumeRows(), rowsBefore);
    EXPECT_EQ(volumeStatus(path), QStringLiteral("available"));
    expectMirrored();
    expectAudited(QStringLiteral("vm.attach"), false);
    const auto e = lastAudit(QStringLiteral("vm.attach"));
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(e->objects.contains(AuditObject{QStringLiteral("volume"), path}));
}

TEST_F(DomainEditTest, AGraphicsPasswordNeverReachesTheAuditLogOrTheCacheFile)
{
    const QByteArray password = "Pw-7e21q"; // 8 characters: what VNC takes
    DomainEditRequest r;
    r.op = DomainEditRequest::Op::AttachDevice;
    r.uuid = m_uuid;
    r.deviceXml = DeviceXml::graphicsXml(
        GraphicsSpec{QStringLiteral("vnc"), QStringLiteral("127.0.0.1"), password});
    ASSERT_TRUE(r.deviceXml.contains(QString::fromLatin1(password)));
    const Answer a = run(r); // the test driver cannot attach: audited as a failure
    EXPECT_EQ(a.error.code, ErrorCode::Libvirt);
    const auto e = lastAudit(QStringLiteral("vm.attach-device"));
    ASSERT_TRUE(e.has_value());
    const QString logged = e->details.value(QStringLiteral("device_xml")).toString();
    EXPECT_TRUE(logged.contains(QLatin1String("<graphics type=\"vnc\""))) << logged.toStdString();
    EXPECT_FALSE(logged.contains(QLatin1String("passwd"))) << logged.toStdString();

    // Nothing in the cache's files holds it (the database, its WAL and shared memory).
    QSqlQuery(db()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    QDirIterator it(m_data.path(), QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << f.fileName().toStdString();
        EXPECT_FALSE(f.readAll().contains(password)) << f.fileName().toStdString();
        ++files;
    }
    EXPECT_GT(files, 0);
}

TEST_F(DomainEditTest, TheXmlEditorReadsAndDefinesThePersistentConfiguration)
{
    DomainEditRequest read;
    read.op = DomainEditRequest::Op::ReadConfig;
    read.uuid = m_uuid;
    const Answer r = run(read);
    ASSERT_EQ(r.error.code, ErrorCode::None) << r.error.message.toStdString();
    EXPECT_EQ(r.result.configXml.toUtf8(), xml(VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE));
    EXPECT_FALSE(lastAudit(QStringLiteral("vm.read-config")).has_value()) << "a read: no audit";

    const QByteArray configBefore = xml(VIR_DOMAIN_XML_INACTIVE);
    DomainEditRequest define;
    define.op = DomainEditRequest::Op::DefineXml;
    define.uuid = m_uuid;
    const auto refused = [&](const QString &text, ErrorCode code, const char *expected) {
        define.domainXml = text;
        const Answer a = run(define);
        EXPECT_EQ(a.error.code, code) << expected << ": " << a.error.message.toStdString();
        EXPECT_TRUE(a.error.message.contains(QLatin1String(expected)))
            << a.error.message.toStdString();
        EXPECT_EQ(xml(VIR_DOMAIN_XML_INACTIVE), configBefore) << "nothing defined";
    };
    QString text = r.result.configXml;
    refused(text.left(text.size() / 2), ErrorCode::InvalidArgument, "not well-formed");
    refused(QStringLiteral("<network><name>x</name></network>"), ErrorCode::InvalidArgument,
            "not <domain>");
    QString other = text;
    other.replace(m_uuid, QStringLiteral("11111111-2222-3333-4444-555555555555"));
    refused(other, ErrorCode::InvalidArgument, "names another VM");
    QString renamed = text;
    renamed.replace(QStringLiteral("<name>test</name>"), QStringLiteral("<name>test2</name>"));
    refused(renamed, ErrorCode::InvalidArgument, "renames the VM");
    // Well-formed, ours, but not libvirt's schema: libvirt refuses it on validation.
    QString bogus = text;
    bogus.replace(QStringLiteral("</devices>"), QStringLiteral("<bogus/></devices>"));
    refused(bogus, ErrorCode::Libvirt, "");
    expectAudited(QStringLiteral("vm.define"), false);

    QString edited = text;
    edited.replace(QStringLiteral("</name>"),
                   QStringLiteral("</name><description>from the XML editor</description>"));
    define.domainXml = edited;
    const Answer a = run(define);
    ASSERT_EQ(a.error.code, ErrorCode::None) << a.error.message.toStdString();
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).description, QStringLiteral("from the XML editor"));
    EXPECT_TRUE(a.result.appliesAfterRestart) << "the test VM runs";
    EXPECT_TRUE(live().description.isEmpty()) << "the running VM is untouched";
    expectAudited(QStringLiteral("vm.define"), true);
    const auto e = lastAudit(QStringLiteral("vm.define"));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->details.value(QStringLiteral("changes"))[QStringLiteral("description")]
                                                          [QStringLiteral("to")],
              QStringLiteral("from the XML editor"));
    EXPECT_FALSE(QJsonDocument(e->details).toJson().contains("<domain")) << "no XML in the log";
    expectMirrored();
}

TEST_F(DomainEditTest, DriveOperationsCheckTheTarget)
{
    const QStringList rowsBefore = attachmentAndVolumeRows();
    DomainEditRequest eject;
    eject.op = DomainEditRequest::Op::ChangeMedia;
    eject.uuid = m_uuid;
    eject.targetDev = QStringLiteral("vda");
    Answer a = run(eject);
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("is a disk, not a cdrom")))
        << a.error.message.toStdString();
    expectAudited(QStringLiteral("vm.eject"), false);

    DomainEditRequest insert = eject;
    insert.targetDev = QStringLiteral("hdc");
    insert.mediaPath = QStringLiteral("/isos/debian.iso");
    a = run(insert);
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("no drive hdc (its disks: vda)")))
        << a.error.message.toStdString();

    DomainEditRequest detach;
    detach.op = DomainEditRequest::Op::DetachDisk;
    detach.uuid = m_uuid;
    detach.targetDev = QStringLiteral("vdz");
    a = run(detach);
    EXPECT_EQ(a.error.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(a.error.message.contains(QLatin1String("no disk vdz")));

    // An existing disk: libvirt is asked, and this driver refuses; the disk stays.
    detach.targetDev = QStringLiteral("vda");
    a = run(detach);
    EXPECT_EQ(a.error.code, ErrorCode::Libvirt);
    EXPECT_EQ(live().diskTargets, QStringList{QStringLiteral("vda")});
    EXPECT_EQ(attachmentAndVolumeRows(), rowsBefore);
    expectMirrored();
}

TEST_F(DomainEditTest, UnknownVmIsNotFound)
{
    DomainEditRequest r = set();
    r.uuid = QStringLiteral("00000000-0000-0000-0000-000000000001");
    r.vcpus = 1;
    const Answer a = run(r);
    EXPECT_EQ(a.error.code, ErrorCode::NotFound) << a.error.message.toStdString();
}

// ---- CLI ------------------------------------------------------------------------------------

TEST_F(DomainEditTest, CliVmSetPrintsTheResultAndTheMirroredVm)
{
    const LiveVm before = live();
    const int vcpus = before.vcpus == 1 ? 2 : 1;
    const CliResult r = cli(
        {QStringLiteral("--json"), QStringLiteral("vm"), QStringLiteral("set"),
         QStringLiteral("lab/test"), QStringLiteral("--vcpus"), QString::number(vcpus),
         QStringLiteral("--memory"), QStringLiteral("1GiB"), QStringLiteral("--title"),
         QStringLiteral("from the CLI"), QStringLiteral("--autostart"), QStringLiteral("on")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject o = r.json().object();
    EXPECT_EQ(o.value(QStringLiteral("ok")), true);
    EXPECT_EQ(o.value(QStringLiteral("action")), QStringLiteral("vm.set"));
    EXPECT_EQ(o.value(QStringLiteral("applies_after_restart")), false);
    const QJsonObject vm = o.value(QStringLiteral("vm")).toObject();
    const LiveVm after = live();
    EXPECT_EQ(after.vcpus, vcpus);
    EXPECT_EQ(after.currentMemory, GiB);
    EXPECT_EQ(vm.value(QStringLiteral("vcpu_count")).toInt(), after.vcpus);
    EXPECT_EQ(vm.value(QStringLiteral("current_memory_bytes")).toDouble(),
              double(after.currentMemory));
    EXPECT_EQ(vm.value(QStringLiteral("title")), after.title);
    EXPECT_EQ(vm.value(QStringLiteral("autostart")), true);
    EXPECT_TRUE(after.autostart);
    expectMirrored();
    expectAudited(QStringLiteral("vm.set"), true);

    const CliResult later
        = cli({QStringLiteral("--json"), QStringLiteral("vm"), QStringLiteral("set"),
               QStringLiteral("test"), QStringLiteral("--max-memory"), QStringLiteral("12GiB")});
    ASSERT_EQ(later.exitCode, 0) << later.err.constData();
    EXPECT_EQ(later.json().object().value(QStringLiteral("applies_after_restart")), true);
    EXPECT_EQ(later.json().object().value(QStringLiteral("pending_fields")).toArray(),
              QJsonArray{QStringLiteral("memory_bytes")});
    EXPECT_EQ(live(VIR_DOMAIN_XML_INACTIVE).memory, 12 * GiB);
}

TEST_F(DomainEditTest, CliRefusalsUseTheUsageExitCodeAndChangeNothing)
{
    const QString path = createMirroredVolume("cli.img");
    const QStringList rowsBefore = attachmentAndVolumeRows();
    const LiveVm before = live();

    CliResult r = cli({QStringLiteral("vm"), QStringLiteral("set"), QStringLiteral("test")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("at least one of --vcpus")) << r.err.constData();

    r = cli({QStringLiteral("vm"), QStringLiteral("set"), QStringLiteral("test"),
             QStringLiteral("--vcpus"), QStringLiteral("two")});
    EXPECT_EQ(r.exitCode, 1);

    r = cli({QStringLiteral("vm"), QStringLiteral("set"), QStringLiteral("test"),
             QStringLiteral("--memory"), QStringLiteral("lots")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("--memory")) << r.err.constData();

    r = cli({QStringLiteral("volume"), QStringLiteral("attach"), path, QStringLiteral("test"),
             QStringLiteral("--target"), QStringLiteral("xyz")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("does not fit bus virtio")) << r.err.constData();

    r = cli({QStringLiteral("volume"), QStringLiteral("attach"),
             QStringLiteral("lab/default-pool/cli.img"), QStringLiteral("test"),
             QStringLiteral("--target"), QStringLiteral("vda")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("vda is already used")) << r.err.constData();

    r = cli({QStringLiteral("--json"), QStringLiteral("volume"), QStringLiteral("attach"), path,
             QStringLiteral("test"), QStringLiteral("--device"), QStringLiteral("cdrom")});
    EXPECT_EQ(r.exitCode, 2) << "libvirt (this driver) refuses: a host error";
    EXPECT_EQ(r.json().object().value(QStringLiteral("ok")), false);
    EXPECT_EQ(r.json().object().value(QStringLiteral("action")), QStringLiteral("vm.attach"));

    r = cli({QStringLiteral("volume"), QStringLiteral("detach"), path, QStringLiteral("test")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("is not attached to test (its disks: vda)")) << r.err.constData();

    r = cli({QStringLiteral("vm"), QStringLiteral("eject"), QStringLiteral("test"),
             QStringLiteral("vda")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("not a cdrom")) << r.err.constData();

    r = cli({QStringLiteral("vm"), QStringLiteral("insert"), QStringLiteral("test"),
             QStringLiteral("hdc")});
    EXPECT_EQ(r.exitCode, 1) << "VOLUME missing";

    EXPECT_EQ(attachmentAndVolumeRows(), rowsBefore);
    const CliResult list
        = cli({QStringLiteral("--json"), QStringLiteral("volume"), QStringLiteral("list")});
    ASSERT_EQ(list.exitCode, 0);
    bool seen = false;
    for (const QJsonValue &v : list.json().array()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("path")) != path)
            continue;
        seen = true;
        EXPECT_EQ(o.value(QStringLiteral("status")), QStringLiteral("available"));
        EXPECT_TRUE(o.value(QStringLiteral("attached_to")).toArray().isEmpty());
    }
    EXPECT_TRUE(seen);
    EXPECT_EQ(live().vcpus, before.vcpus);
    expectMirrored();
}

} // namespace
