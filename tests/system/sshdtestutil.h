#pragma once

// The throwaway sshd of the SSH tests (tests/system/sshd-env.sh: 127.0.0.1:2222, keys in
// /tmp/virtumancer-sshd), their fixture and what tests ask about it. Needs
// VIRTUMANCER_SYSTEM_DIR.

#include "common/testutil.h"
#include "system/systemfixture.h"

#include "connection/sshprompt.h"
#include "connection/sshtransport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace Virtumancer::Test {

inline const QString sshdDir = QStringLiteral("/tmp/virtumancer-sshd");
/// The real libvirtd behind the test sshd, logged in as root with the authorised client key.
inline const QString sshUri
    = QStringLiteral("qemu+ssh://root@127.0.0.1:2222/system?keyfile=/tmp/virtumancer-sshd/client");

/// sshd-env.sh VERB (start, stop, rekey): its exit code, -1 if it crashed.
inline int runSshdEnv(const QString &verb)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QStringLiteral("bash"), {QStringLiteral(VIRTUMANCER_SYSTEM_DIR "/sshd-env.sh"), verb});
    p.waitForFinished(60000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// Runs program to the end; its standard output (and exit code, -1 if it crashed).
inline QByteArray runProgram(const QString &program, const QStringList &args,
                             int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

/// "SHA256:…" of the sshd's current host key, as ssh-keygen computes it.
inline QString hostFingerprint()
{
    const QList<QByteArray> fields
        = runProgram(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-lf"), sshdDir + QStringLiteral("/hostkey.pub")})
              .split(' ');
    return fields.size() > 1 ? QString::fromLatin1(fields.at(1)) : QString();
}

/// Whether known_hosts file has a key for the test sshd (ssh-keygen -F).
inline bool knowsTestHost(const QString &file)
{
    if (!QFile::exists(file))
        return false;
    int code = -1;
    runProgram(QStringLiteral("ssh-keygen"),
               {QStringLiteral("-F"), QStringLiteral("[127.0.0.1]:2222"), QStringLiteral("-f"),
                file},
               &code);
    return code == 0;
}

/// A SystemFixture with the test sshd running for the whole program, the askpass broker
/// listening, and a throwaway known_hosts file (m_knownHosts, not created) handed to ssh.
class SshdFixture : public SystemFixture
{
protected:
    static void SetUpTestSuite()
    {
        SystemFixture::SetUpTestSuite();
        if (geteuid() == 0)
            s_sshd = runSshdEnv(QStringLiteral("start")) == 0;
    }
    static void TearDownTestSuite()
    {
        if (s_sshd)
            runSshdEnv(QStringLiteral("stop"));
        SystemFixture::TearDownTestSuite();
    }
    /// Derived set-ups call this first and return on IsSkipped() || HasFatalFailure().
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_TRUE(s_sshd) << "sshd did not start (tests/system/sshd-env.sh)";
        m_broker = SshPromptBroker::instance();
        ASSERT_EQ(m_broker->listenError().code, ErrorCode::None)
            << m_broker->listenError().message.toStdString();
        m_knownHosts = m_data.filePath(QStringLiteral("known_hosts"));
        ASSERT_FALSE(QFile::exists(m_knownHosts));
        m_broker->setKnownHostsFile(m_knownHosts);
    }
    void TearDown() override
    {
        SystemFixture::TearDown();
        if (m_broker)
            m_broker->setKnownHostsFile({});
    }

    /// ssh's control sockets (DIR/cm-%C) are gone: no master connection outlives its test,
    /// and the next connection really talks to sshd (and checks its key) again.
    static bool waitForNoControlMaster()
    {
        const auto dir = Ssh::runtimeDir();
        if (!dir)
            return false;
        return waitUntil(
            [&] {
                return QDir(*dir)
                    .entryList({QStringLiteral("cm-*")}, QDir::System | QDir::Files)
                    .isEmpty();
            },
            15000);
    }

    static inline bool s_sshd = false;
    SshPromptBroker *m_broker = nullptr;
    QString m_knownHosts;
};

} // namespace Virtumancer::Test
