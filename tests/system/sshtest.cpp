// qemu+ssh:// against a real sshd (tests/system/sshd-env.sh, 127.0.0.1:2222) in front of the real
// libvirtd: unknown host key asked through SshPromptBroker (accepted → stored, refused → not),
// changed key refused without a question, a key the server does not take → AuthFailed once,
// and the CLI's --accept-new-host-key. Every test starts from a fresh known_hosts file.

#include "sshdtestutil.h"

#include "common/clirunner.h"
#include "connection/sshprompt.h"
#include "connection/sshtransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QFile>
#include <QSignalSpy>

namespace Virtumancer::Test {

namespace {

/// The base64 blob of the sshd's current host key.
QByteArray hostKeyBlob()
{
    const QList<QByteArray> fields = readAll(sshdDir + QStringLiteral("/hostkey.pub")).split(' ');
    return fields.size() > 1 ? fields.at(1).trimmed() : QByteArray();
}

} // namespace

class SshSystemTest : public SshdFixture
{
protected:

    void SetUp() override
    {
        SshdFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_TRUE(waitForNoControlMaster());
    }

    void TearDown() override
    {
        SshdFixture::TearDown();
        // The ssh behind the connection (the control master) goes with it.
        EXPECT_TRUE(waitForNoControlMaster());
    }


    /// Adds the host and connects; returns the error once the host reaches Error (None if it
    /// connected and synced).
    Error connectExpectingError(const QString &id)
    {
        Error result{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
        bool done = false;
        QObject ctx;
        QObject::connect(m_manager.get(), &ConnectionManager::hostStateChanged, &ctx,
                         [&](const QString &host, HostState state, const Error &error) {
                             if (host == id && state == HostState::Error && !done) {
                                 result = error;
                                 done = true;
                             }
                         });
        QObject::connect(m_manager.get(), &ConnectionManager::syncFinished, &ctx,
                         [&](const QString &host, const SyncReport &, const Error &error) {
                             if (host == id && !done) {
                                 result = error;
                                 done = true;
                             }
                         });
        m_manager->connectHost(id);
        waitUntil([&] { return done; }, 60000);
        return result;
    }

    /// Records every prompt and answers it with accept.
    void answerPrompts(bool accept)
    {
        QObject::connect(m_broker, &SshPromptBroker::promptRequested, m_manager.get(),
                         [this, accept](const SshPrompt &p) {
                             m_prompts.append(p);
                             m_broker->answer(p.id, accept);
                         });
    }

    void writeKnownHostsWithCurrentKey()
    {
        ASSERT_TRUE(writeAll(m_knownHosts, "[127.0.0.1]:2222 ssh-ed25519 " + hostKeyBlob() + '\n'));
    }

    QList<SshPrompt> m_prompts;
};

TEST_F(SshSystemTest, UnknownHostKeyIsAskedAcceptedAndRemembered)
{
    const QString fingerprint = hostFingerprint();
    ASSERT_TRUE(fingerprint.startsWith(QStringLiteral("SHA256:"))) << fingerprint.toStdString();
    answerPrompts(true);
    addHost(QStringLiteral("ssh"), sshUri);
    const SyncReport report = connectAndSync(QStringLiteral("ssh"), 60000);
    ASSERT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Connected);

    ASSERT_EQ(m_prompts.size(), 1);
    const SshPrompt &p = m_prompts.first();
    EXPECT_EQ(p.kind, SshPrompt::Kind::HostKey);
    EXPECT_EQ(p.fingerprint, fingerprint);
    EXPECT_EQ(p.keyType, QStringLiteral("ED25519"));
    EXPECT_EQ(p.host, QStringLiteral("[127.0.0.1]:2222"));
    EXPECT_EQ(p.destination, QStringLiteral("root@127.0.0.1:2222"));
    EXPECT_EQ(m_broker->pendingCount(), 0);

    // synced the real daemon's domains through the tunnel
    const int truth = virConnectNumOfDomains(m_conn) + virConnectNumOfDefinedDomains(m_conn);
    EXPECT_EQ(report.domains, truth);
    // and the key went to the known_hosts file the broker named
    EXPECT_TRUE(knowsTestHost(m_knownHosts));
    EXPECT_TRUE(readAll(m_knownHosts).contains(hostKeyBlob()));

    // A new connection (the first one and its ssh gone) asks nothing: the key is known now.
    QSignalSpy states(m_manager.get(), &ConnectionManager::hostStateChanged);
    m_manager->disconnectHost(QStringLiteral("ssh"));
    ASSERT_TRUE(waitUntil(
        [&] { return m_manager->state(QStringLiteral("ssh")) == HostState::Disconnected; }));
    ASSERT_TRUE(waitForNoControlMaster());
    const SyncReport again = connectAndSync(QStringLiteral("ssh"), 60000);
    EXPECT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Connected);
    EXPECT_EQ(again.domains, truth);
    EXPECT_EQ(m_prompts.size(), 1);
}

TEST_F(SshSystemTest, RefusedHostKeyIsNotStored)
{
    answerPrompts(false);
    addHost(QStringLiteral("ssh"), sshUri);
    const Error error = connectExpectingError(QStringLiteral("ssh"));
    EXPECT_EQ(error.code, ErrorCode::HostKeyUnknown) << error.message.toStdString();
    EXPECT_TRUE(error.message.contains(QStringLiteral("not known"))) << error.message.toStdString();
    ASSERT_EQ(m_prompts.size(), 1);
    EXPECT_EQ(m_prompts.first().kind, SshPrompt::Kind::HostKey);
    EXPECT_EQ(m_prompts.first().fingerprint, hostFingerprint());
    EXPECT_FALSE(knowsTestHost(m_knownHosts));
    EXPECT_FALSE(readAll(m_knownHosts).contains(hostKeyBlob()));
    EXPECT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Error);
}

TEST_F(SshSystemTest, ChangedHostKeyIsRefusedWithoutAQuestion)
{
    // known_hosts has the current key; then the host is re-keyed. The current key is kept to
    // be restored afterwards, so other tests see the host as they found it.
    writeKnownHostsWithCurrentKey();
    const QString saved = m_data.filePath(QStringLiteral("hostkey-saved"));
    ASSERT_TRUE(QFile::copy(sshdDir + QStringLiteral("/hostkey"), saved));
    ASSERT_TRUE(
        QFile::copy(sshdDir + QStringLiteral("/hostkey.pub"), saved + QStringLiteral(".pub")));
    const QByteArray oldBlob = hostKeyBlob();
    ASSERT_EQ(runSshdEnv(QStringLiteral("rekey")), 0);
    ASSERT_NE(hostKeyBlob(), oldBlob);

    answerPrompts(true); // must not be asked at all
    addHost(QStringLiteral("ssh"), sshUri);
    const Error error = connectExpectingError(QStringLiteral("ssh"));
    EXPECT_EQ(error.code, ErrorCode::HostKeyChanged) << error.message.toStdString();
    EXPECT_TRUE(error.message.contains(QStringLiteral("has changed")))
        << error.message.toStdString();
    EXPECT_TRUE(m_prompts.isEmpty());
    // the old key stays on record, the new one is not added
    const QByteArray known = readAll(m_knownHosts);
    EXPECT_TRUE(known.contains(oldBlob));
    EXPECT_FALSE(known.contains(hostKeyBlob()));

    ASSERT_EQ(runSshdEnv(QStringLiteral("stop")), 0);
    for (const QString &suffix : {QString(), QStringLiteral(".pub")}) {
        QFile::remove(sshdDir + QStringLiteral("/hostkey") + suffix);
        ASSERT_TRUE(QFile::copy(saved + suffix, sshdDir + QStringLiteral("/hostkey") + suffix));
    }
    QFile::setPermissions(sshdDir + QStringLiteral("/hostkey"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    ASSERT_EQ(runSshdEnv(QStringLiteral("start")), 0);
    EXPECT_EQ(hostKeyBlob(), oldBlob);
}

TEST_F(SshSystemTest, WrongKeyFailsOnceWithAClearMessage)
{
    writeKnownHostsWithCurrentKey();
    answerPrompts(false);
    QString uri = sshUri;
    uri.replace(QStringLiteral("/client"), QStringLiteral("/wrong"));
    addHost(QStringLiteral("ssh"), uri);
    QSignalSpy states(m_manager.get(), &ConnectionManager::hostStateChanged);
    const Error error = connectExpectingError(QStringLiteral("ssh"));
    EXPECT_EQ(error.code, ErrorCode::AuthFailed) << error.message.toStdString();
    EXPECT_TRUE(error.message.contains(QStringLiteral("refused the login as 'root'")))
        << error.message.toStdString();
    EXPECT_TRUE(error.message.contains(QStringLiteral("Permission denied")))
        << error.message.toStdString();
    EXPECT_TRUE(m_prompts.isEmpty());
    // No reconnect loop: with a 200 ms backoff, several attempts would come in this window.
    waitUntil([] { return false; }, 2000);
    int connecting = 0;
    for (const QList<QVariant> &s : std::as_const(states))
        if (s.at(1).value<HostState>() == HostState::Connecting)
            ++connecting;
    EXPECT_EQ(connecting, 1);
    EXPECT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Error);
}

TEST_F(SshSystemTest, CliAcceptsNewHostKeyOnlyWhenTold)
{
    TempDataDir cliData;
    ASSERT_EQ(runCli(cliData.path(), {QStringLiteral("host"), QStringLiteral("add"), sshUri,
                                      QStringLiteral("--name"), QStringLiteral("ssh")})
                  .exitCode,
              0);

    // No terminal and no flag: refused, and the message says how to accept.
    const QString refusedFile = m_data.filePath(QStringLiteral("known_hosts_cli_refused"));
    qputenv("VIRTUMANCER_SSH_KNOWN_HOSTS", QFile::encodeName(refusedFile));
    const CliResult refused
        = runCli(cliData.path(), {QStringLiteral("sync"), QStringLiteral("ssh")});
    EXPECT_EQ(refused.exitCode, 2) << refused.err.toStdString();
    EXPECT_TRUE(refused.err.contains("--accept-new-host-key")) << refused.err.toStdString();
    EXPECT_TRUE(refused.err.contains(hostFingerprint().toUtf8())) << refused.err.toStdString();
    EXPECT_FALSE(knowsTestHost(refusedFile));
    ASSERT_TRUE(waitForNoControlMaster());

    // With the flag: accepted, stored, synced.
    const QString acceptedFile = m_data.filePath(QStringLiteral("known_hosts_cli"));
    qputenv("VIRTUMANCER_SSH_KNOWN_HOSTS", QFile::encodeName(acceptedFile));
    const CliResult ok
        = runCli(cliData.path(), {QStringLiteral("--accept-new-host-key"), QStringLiteral("--json"),
                                  QStringLiteral("sync"), QStringLiteral("ssh")});
    qunsetenv("VIRTUMANCER_SSH_KNOWN_HOSTS");
    ASSERT_EQ(ok.exitCode, 0) << ok.err.toStdString();
    const QJsonArray rows = ok.json().array();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_TRUE(rows.at(0).toObject().value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(rows.at(0).toObject().value(QStringLiteral("domains")).toInt(),
              virConnectNumOfDomains(m_conn) + virConnectNumOfDefinedDomains(m_conn));
    EXPECT_TRUE(ok.err.contains(hostFingerprint().toUtf8())) << ok.err.toStdString();
    EXPECT_TRUE(knowsTestHost(acceptedFile));
    EXPECT_TRUE(readAll(acceptedFile).contains(hostKeyBlob()));
}

} // namespace Virtumancer::Test
