// System tier (issue 7): consoles of a real QEMU (TCG) VM on a qemu+ssh:// host, through a
// throwaway sshd on 127.0.0.1:2222 (tests/system/sshd-env.sh) in front of the real libvirtd
// (libvirtd-env.sh); needs root, as CI runs. libvirt cannot pass the console socket over ssh,
// so the console goes through `virtumancer-ssh-helper -W` — a channel in the libvirt
// connection's own SSH master: while the console is open exactly one SSH connection exists.

#include "system/sshdtestutil.h"

#include "connection/sshprompt.h"
#include "connection/sshtransport.h"
#include "console/consolefactory.h"
#include "console/libvirtgraphicssource.h"
#include "console/sshtunnel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMutex>
#include <QProcess>
#include <QSet>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <iostream>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("sshhost");
constexpr int sshdPort = 2222;

/// DESIGN §9's tiny diskless domain; graphics is the whole <graphics> element, video the model.
QByteArray domainXml(const QString &name, const QString &graphics, const QString &video)
{
    return QStringLiteral(
               "<domain type='qemu'><name>%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><devices>"
               "<emulator>/usr/bin/qemu-system-x86_64</emulator>%2"
               "<video><model type='%3'/></video><memballoon model='none'/></devices></domain>")
        .arg(name, graphics, video)
        .toUtf8();
}

/// Established TCP connections whose remote end is port (the client side of each connection
/// to a local server; the server's own sockets have it as their local port).
int establishedTo(int port)
{
    int count = 0;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile f(QString::fromLatin1(table));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            if (fields.size() < 4)
                continue;
            const QByteArray remote = fields.at(2); // hex address:hex port
            bool ok = false;
            const int remotePort = remote.mid(remote.lastIndexOf(':') + 1).toInt(&ok, 16);
            if (ok && remotePort == port && fields.at(3) == "01")
                ++count;
        }
    }
    return count;
}

/// Processes below this one (children, grandchildren, …) with "-W" among their arguments:
/// the console tunnels' ssh (or the helper, before it hands over to ssh).
int tunnelProcesses()
{
    QHash<qint64, qint64> parents;
    QHash<qint64, QList<QByteArray>> argv;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : pids) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        // pid (comm) state ppid …: comm may hold spaces, so start after its closing ')'.
        const QList<QByteArray> rest = s.mid(s.lastIndexOf(')') + 2).split(' ');
        if (rest.size() < 2)
            continue;
        parents.insert(pid, rest.at(1).toLongLong());
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmd.open(QIODevice::ReadOnly))
            argv.insert(pid, cmd.readAll().split('\0'));
    }
    const qint64 self = getpid();
    int count = 0;
    for (auto it = parents.cbegin(); it != parents.cend(); ++it) {
        qint64 up = it.value();
        for (int depth = 0; depth < 8 && up > 1 && up != self; ++depth)
            up = parents.value(up, 0);
        if (up == self && argv.value(it.key()).contains("-W"))
            ++count;
    }
    return count;
}

int distinctColours(const QImage &image, int enough = 16)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height() && colours.size() < enough; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            colours.insert(line[x] & 0xffffff);
    }
    return int(colours.size());
}

QImage picture(const ConsoleSession &session)
{
    auto fb = session.framebuffer();
    QMutexLocker lock(&fb->mutex);
    return fb->image.copy();
}

class SshConsoleTest : public SshdFixture
{
protected:
    void SetUp() override
    {
        SshdFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_name = QStringLiteral("sshconsole-%1")
                     .arg(::testing::UnitTest::GetInstance()->random_seed() ^ getpid());
        // The host key is known beforehand (the prompt paths have tests of their own): a
        // throwaway known_hosts the broker hands to ssh.
        QProcess scan;
        scan.start(QStringLiteral("ssh-keyscan"),
                   {QStringLiteral("-p"), QString::number(sshdPort), QStringLiteral("127.0.0.1")});
        ASSERT_TRUE(scan.waitForFinished(20000));
        const QByteArray keys = scan.readAllStandardOutput();
        ASSERT_TRUE(keys.contains("[127.0.0.1]:2222 ")) << keys.constData();
        ASSERT_TRUE(writeAll(m_knownHosts, keys));
        QObject::connect(m_broker, &SshPromptBroker::promptRequested, &m_context,
                         [this](const SshPrompt &prompt) {
                             m_prompts.append(prompt.text);
                             m_broker->answer(prompt.id, false);
                         });
        ASSERT_EQ(establishedTo(sshdPort), 0) << "another client is on the test sshd";
    }
    void TearDown() override
    {
        for (auto &s : m_sessions)
            s->stop();
        m_sessions.clear();
        if (m_conn) {
            if (virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData())) {
                virDomainDestroy(dom);
                virDomainFree(dom);
            }
        }
        SshdFixture::TearDown();
    }

    /// Starts a transient VM through the local connection; its uuid.
    QString startVm(const QByteArray &xml)
    {
        virDomainPtr dom = virDomainCreateXML(m_conn, xml.constData(), 0);
        EXPECT_NE(dom, nullptr) << virGetLastErrorMessage();
        if (!dom)
            return {};
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(dom, uuid);
        virDomainFree(dom);
        return QString::fromLatin1(uuid);
    }

    /// Adds the ssh host and syncs it: one SSH connection, libvirt's.
    void connectSshHost()
    {
        addHost(hostId, sshUri);
        connectAndSync(hostId, 60000);
        EXPECT_TRUE(m_prompts.isEmpty()) << m_prompts.join(u'|').toStdString();
        EXPECT_EQ(establishedTo(sshdPort), 1);
    }

    ConsoleSession *open(const QString &protocol, const QString &uuid)
    {
        auto session = createConsoleSession(
            protocol, std::make_unique<LibvirtGraphicsSource>(m_manager.get(), hostId, uuid));
        EXPECT_NE(session, nullptr);
        if (!session)
            return nullptr;
        QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(),
                         [s = session.get()] { s->framebuffer()->takePending(); });
        m_sessions.push_back(std::move(session));
        return m_sessions.back().get();
    }

    /// The graphics socket request the console makes, answered on this thread.
    Result<GraphicsEndpoint> requestSocket(const QString &uuid)
    {
        struct Answer
        {
            QMutex mutex;
            std::optional<Result<GraphicsEndpoint>> result;
        };
        auto answer = std::make_shared<Answer>();
        // done runs on the host's worker; this thread polls.
        m_manager->openGraphicsSocket(hostId, uuid, 0, true, [answer](Result<GraphicsEndpoint> r) {
            QMutexLocker lock(&answer->mutex);
            answer->result = std::move(r);
        });
        const auto arrived = [answer] {
            QMutexLocker lock(&answer->mutex);
            return answer->result.has_value();
        };
        if (!waitUntil(arrived, 30000))
            return makeError(ErrorCode::Timeout, QStringLiteral("no answer"));
        QMutexLocker lock(&answer->mutex);
        return std::move(*answer->result);
    }

    QString m_name;
    QObject m_context;
    QStringList m_prompts;
    std::vector<std::unique_ptr<ConsoleSession>> m_sessions;
};

TEST_F(SshConsoleTest, VncConsoleRidesTheLibvirtSshConnection)
{
    const QString uuid = startVm(domainXml(
        m_name, QStringLiteral("<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"),
        QStringLiteral("vga")));
    ASSERT_FALSE(uuid.isEmpty());
    connectSshHost();
    ASSERT_FALSE(HasFailure());
    EXPECT_TRUE(QFileInfo(Ssh::helperPath()).isExecutable()) << Ssh::helperPath().toStdString();

    ConsoleSession *console = open(QStringLiteral("vnc"), uuid);
    ASSERT_NE(console, nullptr);
    QElapsedTimer clock;
    clock.start();
    console->start();
    ASSERT_TRUE(waitUntil([&] { return distinctColours(picture(*console)) > 1; }, 30000))
        << consoleStateName(console->state()).toStdString() << ": "
        << console->stateMessage().toStdString();
    std::cout << "[ measure  ] first drawn VNC frame over qemu+ssh after " << clock.elapsed()
              << " ms\n";
    EXPECT_EQ(console->state(), ConsoleState::Connected);
    const QImage shot = picture(*console);
    EXPECT_GE(shot.width(), 640);
    EXPECT_GE(shot.height(), 400);

    // The console is a channel of the libvirt connection's SSH master, not a login of its own.
    EXPECT_EQ(establishedTo(sshdPort), 1);
    EXPECT_EQ(SshTunnel::liveCount(), 1);
    EXPECT_EQ(tunnelProcesses(), 1);

    console->stop();
    EXPECT_TRUE(waitUntil([] { return SshTunnel::liveCount() == 0; }, 10000))
        << SshTunnel::liveCount() << " tunnels left";
    EXPECT_EQ(tunnelProcesses(), 0);
    // libvirt's own connection stays.
    EXPECT_EQ(establishedTo(sshdPort), 1);
    EXPECT_EQ(m_manager->state(hostId), HostState::Connected);
}

TEST_F(SshConsoleTest, SpiceChannelsEachGetATunnelInTheSameConnection)
{
    const QString uuid = startVm(domainXml(
        m_name, QStringLiteral("<graphics type='spice' autoport='yes' listen='127.0.0.1'/>"),
        QStringLiteral("qxl")));
    ASSERT_FALSE(uuid.isEmpty());
    connectSshHost();
    ASSERT_FALSE(HasFailure());

    ConsoleSession *console = open(QStringLiteral("spice"), uuid);
    ASSERT_NE(console, nullptr);
    console->start();
    ASSERT_TRUE(waitUntil([&] { return distinctColours(picture(*console)) > 1; }, 30000))
        << consoleStateName(console->state()).toStdString() << ": "
        << console->stateMessage().toStdString();
    const QImage shot = picture(*console);
    EXPECT_GE(shot.width(), 640);
    EXPECT_GE(shot.height(), 400);
    // main + display + inputs (+ cursor, …): one tunnel each, all in the one connection.
    EXPECT_GE(SshTunnel::liveCount(), 3);
    EXPECT_EQ(tunnelProcesses(), SshTunnel::liveCount());
    EXPECT_EQ(establishedTo(sshdPort), 1);

    console->stop();
    EXPECT_TRUE(waitUntil([] { return SshTunnel::liveCount() == 0; }, 10000))
        << SshTunnel::liveCount() << " tunnels left";
    EXPECT_EQ(tunnelProcesses(), 0);
    EXPECT_EQ(establishedTo(sshdPort), 1);
}

TEST_F(SshConsoleTest, DisplayOnAUnixSocketIsAClearError)
{
    const QString uuid = startVm(
        domainXml(m_name, QStringLiteral("<graphics type='vnc'><listen type='socket'/></graphics>"),
                  QStringLiteral("vga")));
    ASSERT_FALSE(uuid.isEmpty());
    connectSshHost();
    ASSERT_FALSE(HasFailure());
    const Result<GraphicsEndpoint> r = requestSocket(uuid);
    ASSERT_FALSE(r.has_value()) << "fd " << r->fd << " port " << r->port;
    EXPECT_EQ(r.error().code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("UNIX socket")))
        << r.error().message.toStdString();
    EXPECT_TRUE(r.error().message.contains(m_name)) << r.error().message.toStdString();
    EXPECT_EQ(SshTunnel::liveCount(), 0);
}

} // namespace
