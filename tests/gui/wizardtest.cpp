// The connection wizard: the URI for each transport, clear errors for bad input, a background
// test connection, and finishing adds (off the GUI thread) and connects the host.

#include "common/hostfixture.h"

#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"
#include "wizards/connectionwizard.h"

#include <QAbstractButton>
#include <QLabel>

using namespace Virtumancer;
using namespace Virtumancer::Test;
using T = UriSpec::Transport;

namespace {

class WizardTest : public HostFixture
{
};

TEST_F(WizardTest, BuildsTheUriForEachTransport)
{
    ConnectionWizard wizard(m_manager.get());
    QStringList previews;
    QObject::connect(&wizard, &ConnectionWizard::uriChanged,
                     [&](const QString &u) { previews.append(u); });
    const std::pair<UriSpec, QString> cases[] = {
        {UriSpec{}, QStringLiteral("qemu:///system")},
        {UriSpec{.system = false}, QStringLiteral("qemu:///session")},
        {UriSpec{
             .transport = T::Ssh, .user = QStringLiteral("root"), .host = QStringLiteral("kvm1")},
         QStringLiteral("qemu+ssh://root@kvm1/system")},
        {UriSpec{.transport = T::LibSsh, .host = QStringLiteral("kvm1"), .port = 2222},
         QStringLiteral("qemu+libssh://kvm1:2222/system")},
        {UriSpec{.transport = T::Tls, .host = QStringLiteral("kvm2.lab")},
         QStringLiteral("qemu+tls://kvm2.lab/system")},
        {UriSpec{.transport = T::Tcp, .host = QStringLiteral("10.0.0.5"), .port = 16509},
         QStringLiteral("qemu+tcp://10.0.0.5:16509/system")},
        {UriSpec{.driver = QStringLiteral("test")}, QStringLiteral("test:///default")},
        {UriSpec{.transport = T::Custom, .custom = QStringLiteral("lxc:///")},
         QStringLiteral("lxc:///")},
    };
    for (const auto &[spec, expected] : cases) {
        wizard.setSpec(spec);
        ASSERT_TRUE(wizard.uri().has_value());
        EXPECT_EQ(*wizard.uri(), expected);
        EXPECT_EQ(previews.last(), expected) << "the live preview shows it";
    }
    // The suggested name follows the host until the user types one.
    wizard.setSpec(UriSpec{.transport = T::Ssh, .host = QStringLiteral("kvm7.example.org")});
    EXPECT_EQ(wizard.hostId(), QStringLiteral("kvm7"));
}

TEST_F(WizardTest, BadInputIsExplainedAndCannotBeFinished)
{
    ConnectionWizard wizard(m_manager.get());
    wizard.show();
    wizard.setSpec(UriSpec{.transport = T::Ssh, .host = QStringLiteral("bad host/name")});
    ASSERT_FALSE(wizard.uri().has_value());
    EXPECT_TRUE(wizard.uri().error().message.contains(QStringLiteral("bad host/name")));
    EXPECT_FALSE(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.setSpec(UriSpec{.transport = T::Ssh});
    EXPECT_TRUE(wizard.uri().error().message.contains(QStringLiteral("host name")));
}

TEST_F(WizardTest, TestConnectionRunsInTheBackgroundAndReportsLibvirtsError)
{
    ConnectionWizard wizard(m_manager.get());
    std::optional<std::pair<bool, QString>> result;
    QObject::connect(&wizard, &ConnectionWizard::testFinished, [&](bool ok, const QString &m) {
        result = {ok, m};
    });
    wizard.setSpec(UriSpec{.transport = T::Tcp, .host = QStringLiteral("127.0.0.1"), .port = 1});
    wizard.testConnection();
    EXPECT_FALSE(result.has_value()) << "answered later, not inside the click";
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 10000));
    EXPECT_FALSE(result->first);
    EXPECT_TRUE(result->second.contains(QStringLiteral("Could not connect")))
        << result->second.toStdString();
    EXPECT_TRUE(result->second.contains(QStringLiteral("127.0.0.1")))
        << "libvirt's own message names the host";

    result.reset();
    wizard.setSpec(UriSpec{.driver = QStringLiteral("test")});
    wizard.testConnection();
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 10000));
    EXPECT_TRUE(result->first) << result->second.toStdString();
}

TEST_F(WizardTest, FinishingAddsTheHostAndConnectsIt)
{
    DomainListModel vms;
    HostListModel hosts;
    InventoryFeed feed(m_data.path(), m_manager.get(), &vms, &hosts);
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.isLoaded(); }));
    ConnectionWizard wizard(m_manager.get());
    wizard.setSpec(UriSpec{.driver = QStringLiteral("test")});
    wizard.setHostId(QStringLiteral("wizard-host"));
    bool synced = false;
    QObject::connect(m_manager.get(), &ConnectionManager::syncFinished,
                     [&](const QString &id, const SyncReport &, const Error &e) {
                         synced |= id == QStringLiteral("wizard-host") && e.code == ErrorCode::None;
                     });
    wizard.accept();
    ASSERT_TRUE(waitUntil([&] { return synced; }, 10000));
    EXPECT_GE(hosts.rowOf(QStringLiteral("wizard-host")), 0);
    EXPECT_EQ(HostRepository(db()).find(QStringLiteral("wizard-host"))->uri,
              QStringLiteral("test:///default"));
    EXPECT_TRUE(waitUntil([&] { return vms.rowCount() == 1; }));
}

TEST_F(WizardTest, EachTransportSaysWhatItNeeds)
{
    ConnectionWizard wizard(m_manager.get());
    wizard.show();
    QLabel *hint = wizard.transportHint();
    ASSERT_NE(hint, nullptr);
    const std::pair<T, QStringList> cases[] = {
        {T::Ssh,
         {QStringLiteral("ssh program"), QStringLiteral("ssh-agent"),
          QStringLiteral("shown for you to confirm"), QStringLiteral("changed one is refused")}},
        {T::LibSsh,
         {QStringLiteral("built-in SSH client"), QStringLiteral("~/.config/libvirt/known_hosts")}},
        {T::Tls,
         {QStringLiteral("/etc/pki/CA/cacert.pem"),
          QStringLiteral("/etc/pki/libvirt/clientcert.pem"),
          QStringLiteral("/etc/pki/libvirt/private/clientkey.pem"), QStringLiteral("16514")}},
        {T::Tcp, {QStringLiteral("Unencrypted"), QStringLiteral("SASL"), QStringLiteral("16509")}},
        {T::Local, {QStringLiteral("this machine")}},
    };
    for (const auto &[transport, needles] : cases) {
        UriSpec spec{.transport = transport};
        if (transport != T::Local)
            spec.host = QStringLiteral("kvm1");
        wizard.setSpec(spec);
        EXPECT_TRUE(hint->isVisible());
        for (const QString &needle : needles)
            EXPECT_TRUE(hint->text().contains(needle))
                << int(transport) << ": " << hint->text().toStdString();
    }
}

TEST_F(WizardTest, TheTestResultExplainsTheFailure)
{
    ConnectionWizard wizard(m_manager.get());
    std::optional<std::pair<bool, QString>> result;
    QObject::connect(&wizard, &ConnectionWizard::testFinished, [&](bool ok, const QString &m) {
        result = {ok, m};
    });
    wizard.setSpec(UriSpec{.transport = T::Tcp, .host = QStringLiteral("127.0.0.1"), .port = 1});
    wizard.testConnection();
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 10000));
    EXPECT_FALSE(result->first);
    const QString &m = result->second;
    EXPECT_TRUE(m.contains(QStringLiteral("127.0.0.1 port 1 refused the connection: is libvirtd "
                                          "listening for TCP")))
        << m.toStdString();
    EXPECT_TRUE(m.contains(QStringLiteral(" — unable to connect to server at '127.0.0.1:1': "
                                          "Connection refused")))
        << "libvirt's own words follow the explanation";
    EXPECT_EQ(wizard.testResult()->text(), m);

    // Through the system ssh: ssh's error, behind libvirt's, explained the same way.
    result.reset();
    wizard.setSpec(UriSpec{.transport = T::Ssh,
                           .user = QStringLiteral("root"),
                           .host = QStringLiteral("127.0.0.1"),
                           .port = 1});
    wizard.testConnection();
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 20000));
    EXPECT_FALSE(result->first);
    EXPECT_TRUE(result->second.contains(
        QStringLiteral("127.0.0.1 port 1 refused the connection: is the SSH server running")))
        << result->second.toStdString();
}

} // namespace
