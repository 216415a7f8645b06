// Credentials through virConnectOpenAuth: the test driver's <auth> node asks for a username and
// password. A wrong password is a clear error; the right one connects; the password never
// reaches the cache file or the logs.

#include "common/clirunner.h"
#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QDirIterator>
#include <QMutex>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString secret = QStringLiteral("s3cret-Pa55word-9f1c");

QMutex s_logMutex;
QByteArray s_log;
QtMessageHandler s_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&s_logMutex);
        s_log += message.toUtf8() + '\n';
    }
    if (s_previous)
        s_previous(type, context, message);
}

class AuthTest : public HostFixture
{
protected:
    void SetUp() override
    {
        qputenv("QT_LOGGING_RULES", "virtumancer.*=true");
        s_previous = qInstallMessageHandler(captureLog);
        HostFixture::SetUp();
        NodeSpec spec;
        spec.domains = 5;
        spec.authUser = QStringLiteral("alice");
        spec.authPassword = secret;
        m_node = m_data.filePath(QStringLiteral("auth-node.xml"));
        ASSERT_TRUE(writeNodeXml(m_node, spec));
        addHost(QStringLiteral("locked"), QStringLiteral("test://") + m_node);
    }
    void TearDown() override
    {
        HostFixture::TearDown();
        qInstallMessageHandler(s_previous);
    }

    /// Every byte the app wrote into the data dir (DB, WAL, logs, backups).
    QByteArray dataDirBytes()
    {
        QByteArray all;
        QDirIterator it(m_data.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path != m_node)
                all += readAll(path);
        }
        return all;
    }

    QString m_node;
};

TEST_F(AuthTest, MissingCredentialsAreRequestedWithPrompts)
{
    QSignalSpy asked(m_manager.get(), &ConnectionManager::credentialsRequested);
    m_manager->connectHost(QStringLiteral("locked"));
    ASSERT_TRUE(waitUntil([&] { return !asked.isEmpty(); }, 10000));
    const auto prompts = asked.first().at(1).value<QList<CredentialPrompt>>();
    const Error error = asked.first().at(2).value<Error>();
    EXPECT_EQ(error.code, ErrorCode::CredentialsRequired);
    bool user = false, password = false;
    for (const CredentialPrompt &p : prompts) {
        user |= p.kind == CredentialPrompt::Kind::Username;
        password |= p.kind == CredentialPrompt::Kind::Password && !p.echo;
    }
    EXPECT_TRUE(user);
    EXPECT_TRUE(password);
}

TEST_F(AuthTest, WrongPasswordIsAClearErrorAndRightOneConnects)
{
    QSignalSpy asked(m_manager.get(), &ConnectionManager::credentialsRequested);
    m_manager->connectHost(QStringLiteral("locked"),
                           Credentials{QStringLiteral("alice"), "wrong-password"}, false);
    ASSERT_TRUE(waitUntil([&] { return !asked.isEmpty(); }, 10000));
    const Error refused = asked.first().at(2).value<Error>();
    EXPECT_EQ(refused.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(refused.message.contains(QStringLiteral("auth"), Qt::CaseInsensitive))
        << refused.message.toStdString();
    EXPECT_EQ(HostRepository(db()).find(QStringLiteral("locked"))->state, HostState::Error);

    const SyncReport report = waitForSync(QStringLiteral("locked"), [&] {
        m_manager->connectHost(QStringLiteral("locked"),
                               Credentials{QStringLiteral("alice"), secret.toUtf8()}, false);
    });
    EXPECT_EQ(report.domains, 5);
    EXPECT_EQ(HostRepository(db()).find(QStringLiteral("locked"))->state, HostState::Connected);

    m_manager->shutdown();
    Database::closeThreadConnection(m_data.path());
    const QByteArray bytes = dataDirBytes();
    EXPECT_GT(bytes.size(), 0);
    EXPECT_FALSE(bytes.contains(secret.toUtf8())) << "password found in the data dir";
    EXPECT_FALSE(bytes.contains(
        QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)));
    QMutexLocker lock(&s_logMutex);
    EXPECT_FALSE(s_log.contains(secret.toUtf8())) << "password found in the log";
}

TEST_F(AuthTest, CliReadsPasswordFromStdinAndReportsRefusal)
{
    m_manager.reset();
    const CliResult wrong = runCli(m_data.path(),
                                   {QStringLiteral("--username"), QStringLiteral("alice"),
                                    QStringLiteral("--password-stdin"), QStringLiteral("sync"),
                                    QStringLiteral("locked")},
                                   "nope\n");
    EXPECT_EQ(wrong.exitCode, 2) << wrong.err.constData();
    EXPECT_TRUE(wrong.err.toLower().contains("auth")) << wrong.err.constData();

    const CliResult noTty
        = runCli(m_data.path(), {QStringLiteral("sync"), QStringLiteral("locked")});
    EXPECT_EQ(noTty.exitCode, 2);
    EXPECT_TRUE(noTty.err.contains("credentials needed")) << noTty.err.constData();

    const CliResult right = runCli(m_data.path(),
                                   {QStringLiteral("--json"), QStringLiteral("--username"),
                                    QStringLiteral("alice"), QStringLiteral("--password-stdin"),
                                    QStringLiteral("sync"), QStringLiteral("locked")},
                                   secret.toUtf8() + '\n');
    ASSERT_EQ(right.exitCode, 0) << right.err.constData();
    EXPECT_EQ(right.json().array().at(0).toObject().value(QStringLiteral("domains")).toInt(), 5);
    EXPECT_FALSE(right.out.contains(secret.toUtf8()));
    EXPECT_FALSE(right.err.contains(secret.toUtf8()));
    EXPECT_FALSE(dataDirBytes().contains(secret.toUtf8()));
}

} // namespace
