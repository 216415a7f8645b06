// VncSession against a real QEMU VNC server (TCG, no disk, no libvirt): the guest's resolution
// change at boot (640×480 → 720×400) must not show as anything but a resize (DESIGN §7).
// Skipped when qemu-system-x86_64 is not installed.

#include "console/vncsession.h"

#include "common/testutil.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Virtumancer;
using Virtumancer::Test::waitUntil;

namespace {

constexpr int bootTimeoutMs = 60000; // TCG under a sanitizer is slow

int connectUnix(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const QByteArray bytes = QFile::encodeName(path);
    std::strncpy(addr.sun_path, bytes.constData(), sizeof(addr.sun_path) - 1);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

class UnixSocketSource : public GraphicsSocketSource
{
public:
    explicit UnixSocketSource(QString path)
        : m_path(std::move(path))
    {}
    Result<int> openSocket() override
    {
        const int fd = connectUnix(m_path);
        if (fd < 0)
            return makeError(ErrorCode::ConnectionFailed, QStringLiteral("no VNC socket"));
        ++m_opened;
        return fd;
    }
    int opened() const { return m_opened.load(); }

private:
    QString m_path;
    std::atomic<int> m_opened{0};
};

TEST(VncSessionQemu, BootResolutionChangeKeepsTheSessionConnected)
{
    const QString qemuPath = QStandardPaths::findExecutable(QStringLiteral("qemu-system-x86_64"));
    if (qemuPath.isEmpty())
        GTEST_SKIP() << "qemu-system-x86_64 not installed";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString vncPath = dir.filePath(QStringLiteral("vnc.sock"));
    const QString monitorPath = dir.filePath(QStringLiteral("monitor.sock"));

    // Paused (-S) so the session connects while the guest still shows 640×480.
    QProcess qemu;
    qemu.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    qemu.start(qemuPath,
               {QStringLiteral("-S"), QStringLiteral("-machine"), QStringLiteral("pc,accel=tcg"),
                QStringLiteral("-m"), QStringLiteral("64"), QStringLiteral("-display"),
                QStringLiteral("none"), QStringLiteral("-vnc"), QStringLiteral("unix:") + vncPath,
                QStringLiteral("-vga"), QStringLiteral("std"), QStringLiteral("-nic"),
                QStringLiteral("none"), QStringLiteral("-serial"), QStringLiteral("none"),
                QStringLiteral("-monitor"),
                QStringLiteral("unix:") + monitorPath + QStringLiteral(",server,nowait")});
    ASSERT_TRUE(qemu.waitForStarted(10000));
    ASSERT_TRUE(waitUntil([&] { return QFile::exists(vncPath) && QFile::exists(monitorPath); },
                          bootTimeoutMs));

    auto owned = std::make_unique<UnixSocketSource>(vncPath);
    UnixSocketSource *source = owned.get();
    auto session = std::make_unique<VncSession>(std::move(owned));
    QSignalSpy states(session.get(), &ConsoleSession::stateChanged);
    QSignalSpy resizes(session.get(), &ConsoleSession::frameResized);
    QObject::connect(session.get(), &ConsoleSession::frameUpdated, session.get(),
                     [&session] { session->framebuffer()->takePending(); });
    session->start();
    ASSERT_TRUE(waitUntil([&] { return !resizes.isEmpty(); }, bootTimeoutMs));
    EXPECT_EQ(resizes.first().at(0).toSize(), QSize(640, 480));
    EXPECT_EQ(session->state(), ConsoleState::Connected);

    const int monitor = connectUnix(monitorPath);
    ASSERT_GE(monitor, 0);
    const char cont[] = "cont\n";
    ASSERT_EQ(::write(monitor, cont, sizeof(cont) - 1), ssize_t(sizeof(cont) - 1));

    const bool resized = waitUntil([&] { return resizes.last().at(0).toSize() == QSize(720, 400); },
                                   bootTimeoutMs);
    ::close(monitor);
    ASSERT_TRUE(resized);
    EXPECT_EQ(session->state(), ConsoleState::Connected);
    QList<ConsoleState> history;
    for (const QList<QVariant> &args : states)
        history.append(args.at(0).value<ConsoleState>());
    EXPECT_EQ(history, (QList<ConsoleState>{ConsoleState::Connecting, ConsoleState::Connected}));
    // After QEMU acknowledged its key extension the session re-sent its encodings without
    // ExtendedDesktopSize, so the change came as a plain resize on the same connection; a
    // resize before that first update costs one transparent reconnect at most.
    EXPECT_LE(source->opened(), 2);
    EXPECT_LE(session->transparentReconnects(), 1);
    {
        QMutexLocker lock(&session->framebuffer()->mutex);
        EXPECT_EQ(session->framebuffer()->image.size(), QSize(720, 400));
    }

    session.reset();
    qemu.kill();
    qemu.waitForFinished(10000);
}

} // namespace
