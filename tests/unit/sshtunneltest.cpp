// SshTunnel (issue 7): the helper's arguments for a console tunnel, and the child plumbing —
// stdin/stdout on one socket, stderr logged, reaped on EOF, ssh's words on failure — with
// stand-in programs (the real ssh path is tests/system/sshconsoletest.cpp).

#include "common/testutil.h"

#include "console/sshtunnel.h"

#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

/// Reads until n bytes or EOF (blocking socket).
QByteArray readUpTo(int fd, int n)
{
    QByteArray out;
    char buffer[4096];
    while (out.size() < n) {
        const ssize_t got = ::read(fd, buffer, sizeof(buffer));
        if (got <= 0)
            break;
        out.append(buffer, got);
    }
    return out;
}

Result<int> shell(const QString &script)
{
    return SshTunnel::spawn(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script},
                            QStringLiteral("test tunnel"));
}

} // namespace

TEST(SshTunnel, RemoteAddressIsWhatTheHostItselfReaches)
{
    EXPECT_EQ(SshTunnel::remoteAddress({}), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("0.0.0.0")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("::")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("127.0.0.1")), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("192.168.7.20")),
              QStringLiteral("192.168.7.20"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("::1")), QStringLiteral("[::1]"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("fd00::5")), QStringLiteral("[fd00::5]"));
    EXPECT_EQ(SshTunnel::remoteAddress(QStringLiteral("vmhost.lan")), QStringLiteral("vmhost.lan"));
}

TEST(SshTunnel, ArgumentsCarryTheUrisLoginAndTheStdioForward)
{
    const auto full = SshTunnel::arguments(
        QStringLiteral("qemu+ssh://alice@vmhost.example:2200/system?keyfile=/home/a/.ssh/id_vm"),
        QStringLiteral("0.0.0.0"), 5901);
    ASSERT_TRUE(full.has_value()) << full.error().message.toStdString();
    EXPECT_EQ(*full, (QStringList{QStringLiteral("-p"), QStringLiteral("2200"),
                                  QStringLiteral("-l"), QStringLiteral("alice"),
                                  QStringLiteral("-i"), QStringLiteral("/home/a/.ssh/id_vm"),
                                  QStringLiteral("-W"), QStringLiteral("127.0.0.1:5901"),
                                  QStringLiteral("--"), QStringLiteral("vmhost.example")}));

    const auto bare = SshTunnel::arguments(QStringLiteral("qemu+ssh://vmhost/system"),
                                           QStringLiteral("::1"), 5900);
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(*bare, (QStringList{QStringLiteral("-W"), QStringLiteral("[::1]:5900"),
                                  QStringLiteral("--"), QStringLiteral("vmhost")}));

    const auto local = SshTunnel::arguments(QStringLiteral("qemu:///system"), {}, 5900);
    ASSERT_FALSE(local.has_value());
    EXPECT_EQ(local.error().code, ErrorCode::InvalidArgument);
    const auto noPort = SshTunnel::arguments(QStringLiteral("qemu+ssh://vmhost/system"), {}, -1);
    ASSERT_FALSE(noPort.has_value());
    EXPECT_EQ(noPort.error().code, ErrorCode::InvalidArgument);
}

TEST(SshTunnel, ChildTalksOverTheSocketAndGoesAwayOnEof)
{
    const int before = SshTunnel::liveCount();
    Result<int> fd = SshTunnel::spawn(QStringLiteral("/bin/cat"), {}, QStringLiteral("cat"));
    ASSERT_TRUE(fd.has_value()) << fd.error().message.toStdString();
    EXPECT_EQ(SshTunnel::liveCount(), before + 1);
    ASSERT_EQ(::write(*fd, "hello tunnel", 12), 12);
    EXPECT_EQ(readUpTo(*fd, 12), QByteArray("hello tunnel"));
    ::close(*fd);
    EXPECT_TRUE(waitUntil([&] { return SshTunnel::liveCount() == before; }, 5000))
        << SshTunnel::liveCount();
}

TEST(SshTunnel, ChildGetsOnlyTheSocketAndItsStderr)
{
    // ls's own directory handle is the only fd above 2.
    Result<int> fd = shell(QStringLiteral("ls /proc/self/fd | tr '\\n' ' '"));
    ASSERT_TRUE(fd.has_value()) << fd.error().message.toStdString();
    EXPECT_EQ(readUpTo(*fd, 1000), QByteArray("0 1 2 3 "));
    ::close(*fd);
}

TEST(SshTunnel, GreetingArrivesAndFailureCarriesSshsWords)
{
    Result<int> good = shell(QStringLiteral("printf 'RFB 003.008\\n'; cat >/dev/null"));
    ASSERT_TRUE(good.has_value());
    EXPECT_TRUE(SshTunnel::awaitFirstBytes(*good, 5000).has_value());
    EXPECT_EQ(readUpTo(*good, 12), QByteArray("RFB 003.008\n")) << "peeked, not consumed";
    ::close(*good);

    Result<int> bad = shell(
        QStringLiteral("echo 'channel 0: open failed: connect failed: Connection refused' >&2; "
                       "echo 'stdio forwarding failed' >&2; exit 255"));
    ASSERT_TRUE(bad.has_value());
    const Result<> r = SshTunnel::awaitFirstBytes(*bad, 5000);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("Connection refused")))
        << r.error().message.toStdString();
    EXPECT_TRUE(r.error().message.contains(QLatin1String("stdio forwarding failed")))
        << r.error().message.toStdString();
    ::close(*bad);
}

TEST(SshTunnel, SilentServerTimesOutQuietlyOrIsCancelled)
{
    Result<int> fd = shell(QStringLiteral("cat >/dev/null"));
    ASSERT_TRUE(fd.has_value());
    QElapsedTimer clock;
    clock.start();
    EXPECT_TRUE(SshTunnel::awaitFirstBytes(*fd, 200).has_value()) << "SPICE-like: no verdict";
    EXPECT_GE(clock.elapsed(), 190);
    const Result<> cancelled = SshTunnel::awaitFirstBytes(*fd, 10000, [] { return true; });
    ASSERT_FALSE(cancelled.has_value());
    EXPECT_EQ(cancelled.error().code, ErrorCode::Cancelled);
    const int before = SshTunnel::liveCount();
    ::close(*fd);
    EXPECT_TRUE(waitUntil([&] { return SshTunnel::liveCount() == before - 1; }, 5000));
}

TEST(SshTunnel, MissingProgramIsAnError)
{
    const int before = SshTunnel::liveCount();
    const Result<int> fd = SshTunnel::spawn(QStringLiteral("/nonexistent/virtumancer-ssh-helper"),
                                            {}, QStringLiteral("missing"));
    ASSERT_FALSE(fd.has_value());
    EXPECT_EQ(fd.error().code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(fd.error().message.contains(QLatin1String("No such file")))
        << fd.error().message.toStdString();
    EXPECT_EQ(SshTunnel::liveCount(), before);
}
