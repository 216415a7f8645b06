#include "common/testutil.h"
#include "connection/uribuilder.h"

#include <gtest/gtest.h>

using namespace Virtumancer;
using T = UriSpec::Transport;

namespace {
QString uri(UriSpec spec)
{
    auto r = buildUri(spec);
    EXPECT_TRUE(r.has_value()) << (r ? std::string() : r.error().message.toStdString());
    return r.value_or(QString());
}
Error error(UriSpec spec)
{
    auto r = buildUri(spec);
    EXPECT_FALSE(r.has_value()) << r.value_or(QString()).toStdString();
    return r ? Error{} : r.error();
}
} // namespace

TEST(UriBuilder, LocalQemuSystemAndSession)
{
    EXPECT_EQ(uri({}), QStringLiteral("qemu:///system"));
    UriSpec s;
    s.system = false;
    EXPECT_EQ(uri(s), QStringLiteral("qemu:///session"));
}

TEST(UriBuilder, EachRemoteTransport)
{
    UriSpec s;
    s.host = QStringLiteral("kvm1.example.org");
    s.user = QStringLiteral("admin");
    s.transport = T::Ssh;
    EXPECT_EQ(uri(s), QStringLiteral("qemu+ssh://admin@kvm1.example.org/system"));
    s.port = 2222;
    EXPECT_EQ(uri(s), QStringLiteral("qemu+ssh://admin@kvm1.example.org:2222/system"));
    s.transport = T::LibSsh;
    EXPECT_EQ(uri(s), QStringLiteral("qemu+libssh://admin@kvm1.example.org:2222/system"));
    s.user.clear();
    s.port = 0;
    s.transport = T::Tls;
    EXPECT_EQ(uri(s), QStringLiteral("qemu+tls://kvm1.example.org/system"));
    s.transport = T::Tcp;
    s.port = 16509;
    EXPECT_EQ(uri(s), QStringLiteral("qemu+tcp://kvm1.example.org:16509/system"));
    s.host = QStringLiteral("::1");
    EXPECT_EQ(uri(s), QStringLiteral("qemu+tcp://[::1]:16509/system"));
}

TEST(UriBuilder, TestDriverDefaultAndNodeFile)
{
    UriSpec s;
    s.driver = QStringLiteral("test");
    EXPECT_EQ(uri(s), QStringLiteral("test:///default"));
    s.path = QStringLiteral("/srv/nodes/lab node.xml");
    EXPECT_EQ(uri(s), QStringLiteral("test:///srv/nodes/lab%20node.xml"));
}

TEST(UriBuilder, CustomUrisNeedLibvirtsShape)
{
    UriSpec s;
    s.transport = T::Custom;
    s.custom = QStringLiteral("  qemu+ssh://root@h/system?keyfile=/k&no_verify=0 ");
    EXPECT_EQ(uri(s), QStringLiteral("qemu+ssh://root@h/system?keyfile=/k&no_verify=0"));
    s.custom = QStringLiteral("not a uri");
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("not a libvirt URI")));
}

TEST(UriBuilder, BadFieldsAreNamed)
{
    UriSpec s;
    s.transport = T::Ssh;
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("host name")));
    s.host = QStringLiteral("bad host/x");
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("bad host/x")));
    s.host = QStringLiteral("h");
    s.port = 70000;
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("70000")));
    s.port = 0;
    s.user = QStringLiteral("a@b");
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("user name")));
    s.user = QStringLiteral("root");
    s.transport = T::Tls;
    EXPECT_TRUE(error(s).message.contains(QStringLiteral("TLS")));
    UriSpec t;
    t.driver = QStringLiteral("test");
    t.path = QStringLiteral("relative.xml");
    EXPECT_TRUE(error(t).message.contains(QStringLiteral("absolute")));
    t.driver = QStringLiteral("Q E");
    EXPECT_EQ(error(t).code, ErrorCode::InvalidArgument);
}

TEST(UriBuilder, TransportLabels)
{
    EXPECT_EQ(transportLabel(QStringLiteral("qemu:///system")), QStringLiteral("local"));
    EXPECT_EQ(transportLabel(QStringLiteral("qemu+ssh://h/system")), QStringLiteral("SSH"));
    EXPECT_EQ(transportLabel(QStringLiteral("qemu+tls://h/system")), QStringLiteral("TLS"));
}
