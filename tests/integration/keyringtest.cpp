// Credentials in the OS keyring through QtKeychain, against a real Secret Service
// (gnome-keyring in a private D-Bus session: see keyring-session.sh), and the behaviour with no
// keyring at all (CI's bare environment): nothing stored, the user is asked each time.

#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "connection/credentialstore.h"

#include <QDirIterator>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QByteArray secret = "keyring-Pa55-7e21";

template<typename T> T waitFor(const std::function<void(std::function<void(T)>)> &start)
{
    std::optional<T> value;
    start([&](T v) { value = std::move(v); });
    waitUntil([&] { return value.has_value(); }, 20000);
    EXPECT_TRUE(value.has_value()) << "keyring job did not finish";
    return value.value_or(T{});
}

bool haveSessionBus()
{
    return qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS");
}

TEST(SecretService, StoresReadsAndRemovesCredentials)
{
    if (!haveSessionBus())
        GTEST_SKIP() << "needs the private D-Bus session of keyring-session.sh";
    CredentialStore store;
    auto written = waitFor<Result<>>([&](auto done) {
        store.write(QStringLiteral("kr-host"), Credentials{QStringLiteral("alice"), secret}, done);
    });
    ASSERT_TRUE(written.has_value()) << written.error().message.toStdString();
    EXPECT_EQ(store.availability(), CredentialStore::Availability::Available);

    CredentialStore fresh; // a new process would see the same
    auto read = waitFor<Result<Credentials>>(
        [&](auto done) { fresh.read(QStringLiteral("kr-host"), done); });
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->username, QStringLiteral("alice"));
    EXPECT_EQ(read->password, secret);

    auto removed
        = waitFor<Result<>>([&](auto done) { fresh.remove(QStringLiteral("kr-host"), done); });
    EXPECT_TRUE(removed.has_value());
    auto gone = waitFor<Result<Credentials>>(
        [&](auto done) { fresh.read(QStringLiteral("kr-host"), done); });
    ASSERT_TRUE(gone.has_value());
    EXPECT_TRUE(gone->isEmpty());
}

TEST(SecretService, KeepsConsolePasswordsApartFromHostCredentials)
{
    if (!haveSessionBus())
        GTEST_SKIP() << "needs the private D-Bus session of keyring-session.sh";
    const QString host = QStringLiteral("kr-console"), uuid = QStringLiteral("6695eb01-f6a4");
    CredentialStore store;
    auto written = waitFor<Result<>>([&](auto done) {
        store.writeConsolePassword(host, uuid, QByteArrayLiteral("vnc-pw"), done);
    });
    ASSERT_TRUE(written.has_value()) << written.error().message.toStdString();

    CredentialStore fresh;
    EXPECT_EQ(waitFor<QByteArray>(
                  [&](auto done) { fresh.readConsolePassword(host, uuid, done); }),
              QByteArrayLiteral("vnc-pw"));
    EXPECT_TRUE(waitFor<QByteArray>([&](auto done) {
                    fresh.readConsolePassword(host, QStringLiteral("other-vm"), done);
                }).isEmpty());
    auto hostCredentials
        = waitFor<Result<Credentials>>([&](auto done) { fresh.read(host, done); });
    ASSERT_TRUE(hostCredentials.has_value());
    EXPECT_TRUE(hostCredentials->isEmpty()); // the console password is not the host's

    // An empty password forgets the entry.
    ASSERT_TRUE(waitFor<Result<>>([&](auto done) {
                    fresh.writeConsolePassword(host, uuid, {}, done);
                }).has_value());
    EXPECT_TRUE(
        waitFor<QByteArray>([&](auto done) { fresh.readConsolePassword(host, uuid, done); })
            .isEmpty());
}

class KeyringHostTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        NodeSpec spec;
        spec.domains = 3;
        spec.authUser = QStringLiteral("alice");
        spec.authPassword = QString::fromUtf8(secret);
        const QString node = m_data.filePath(QStringLiteral("auth.xml"));
        ASSERT_TRUE(writeNodeXml(node, spec));
        addHost(QStringLiteral("locked"), QStringLiteral("test://") + node);
    }
};

TEST_F(KeyringHostTest, RememberedCredentialsConnectWithoutAsking)
{
    if (!haveSessionBus())
        GTEST_SKIP() << "needs the private D-Bus session of keyring-session.sh";
    waitForSync(QStringLiteral("locked"), [&] {
        m_manager->connectHost(QStringLiteral("locked"),
                               Credentials{QStringLiteral("alice"), secret}, true);
    });
    // The write is asynchronous: wait until the keyring has it.
    CredentialStore probe;
    ASSERT_TRUE(waitUntil(
        [&] {
            auto c = waitFor<Result<Credentials>>(
                [&](auto done) { probe.read(QStringLiteral("locked"), done); });
            return c && c->password == secret;
        },
        10000));

    // A new manager (a restarted app) connects from the keyring alone.
    m_manager.reset();
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
    ASSERT_TRUE(m_manager->loadHosts().has_value());
    QSignalSpy asked(m_manager.get(), &ConnectionManager::credentialsRequested);
    const SyncReport report = connectAndSync(QStringLiteral("locked"));
    EXPECT_EQ(report.domains, 3);
    EXPECT_TRUE(asked.isEmpty());

    m_manager->shutdown();
    Database::closeThreadConnection(m_data.path());
    QDirIterator it(m_data.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.endsWith(QStringLiteral("auth.xml"))) {
            EXPECT_FALSE(readAll(path).contains(secret)) << path.toStdString();
        }
    }
}

TEST_F(KeyringHostTest, WithoutKeyringNothingIsStoredAndTheUserIsAskedAgain)
{
    if (haveSessionBus())
        GTEST_SKIP() << "runs without a D-Bus session (the bare CI case)";
    waitForSync(QStringLiteral("locked"), [&] {
        m_manager->connectHost(QStringLiteral("locked"),
                               Credentials{QStringLiteral("alice"), secret}, true);
    });
    m_manager.reset();
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
    ASSERT_TRUE(m_manager->loadHosts().has_value());
    QSignalSpy asked(m_manager.get(), &ConnectionManager::credentialsRequested);
    m_manager->connectHost(QStringLiteral("locked"));
    ASSERT_TRUE(waitUntil([&] { return !asked.isEmpty(); }, 20000));
    EXPECT_EQ(asked.first().at(2).value<Error>().code, ErrorCode::CredentialsRequired);
    EXPECT_EQ(m_manager->credentialStore()->availability(),
              CredentialStore::Availability::Unavailable);
}

} // namespace
