#include "common/testutil.h"

#include "connection/sshaskpassprotocol.h"
#include "connection/sshprompt.h"
#include "connection/sshtransport.h"

#include <QDir>
#include <QFileInfo>
#include <QUrlQuery>
#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace Virtumancer;

namespace {

// Exactly what OpenSSH 9.2 passed to SSH_ASKPASS for an unknown host key (captured from
// `ssh -p 2222 root@127.0.0.1` against tests/system/sshd-env.sh's sshd; SSH_ASKPASS_PROMPT
// was empty).
const char hostKeyPrompt[]
    = "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
      "ED25519 key fingerprint is SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE.\n"
      "This key is not known by any other names.\n"
      "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";

QString helperOf(const QString &uri)
{
    const qsizetype q = uri.indexOf(QLatin1Char('?'));
    if (q < 0)
        return {};
    return QUrlQuery(uri.mid(q + 1)).queryItemValue(QStringLiteral("command"), QUrl::FullyDecoded);
}

} // namespace

TEST(SshPrompt, UnknownHostKeyAsOpenSshAsksIt)
{
    const SshPrompt p = parseSshPrompt(QString::fromLatin1(hostKeyPrompt), QString());
    EXPECT_EQ(p.kind, SshPrompt::Kind::HostKey);
    EXPECT_EQ(p.host, QStringLiteral("[127.0.0.1]:2222"));
    EXPECT_EQ(p.keyType, QStringLiteral("ED25519"));
    EXPECT_EQ(p.fingerprint, QStringLiteral("SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE"));
    EXPECT_EQ(p.text, QString::fromLatin1(hostKeyPrompt));
    EXPECT_TRUE(p.echo);
}

TEST(SshPrompt, HostKeyWithAddressAndOtherNames)
{
    const QString text = QStringLiteral(
        "The authenticity of host 'build.example.com (192.0.2.7)' can't be established.\n"
        "ECDSA key fingerprint is SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM.\n"
        "This host key is known by the following other names/addresses:\n"
        "    ~/.ssh/known_hosts:12: build\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? ");
    const SshPrompt p = parseSshPrompt(text);
    EXPECT_EQ(p.kind, SshPrompt::Kind::HostKey);
    EXPECT_EQ(p.host, QStringLiteral("build.example.com"));
    EXPECT_EQ(p.keyType, QStringLiteral("ECDSA"));
    EXPECT_EQ(p.fingerprint, QStringLiteral("SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM"));
}

TEST(SshPrompt, SecretsAndConfirmations)
{
    SshPrompt p
        = parseSshPrompt(QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519': "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Passphrase);
    EXPECT_FALSE(p.echo);
    EXPECT_TRUE(p.fingerprint.isEmpty());

    p = parseSshPrompt(QStringLiteral("admin@203.0.113.5's password: "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Password);
    EXPECT_FALSE(p.echo);
    // keyboard-interactive as OpenSSH 8.4+ shows a PAM password question
    p = parseSshPrompt(QStringLiteral("(admin@203.0.113.5) Password: "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Password);

    p = parseSshPrompt(QStringLiteral("Allow use of key /home/u/.ssh/id_ecdsa?\nKey fingerprint "
                                      "SHA256:abc."),
                       QStringLiteral("confirm"));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Confirm);
    p = parseSshPrompt(QStringLiteral("Confirm user presence for key ED25519-SK SHA256:xyz"),
                       QStringLiteral("none"));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Confirm);

    p = parseSshPrompt(QStringLiteral("Verification code: "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Other);
    EXPECT_FALSE(p.echo);
    p = parseSshPrompt(QStringLiteral("Enter PIN for ED25519-SK key /root/.ssh/id_ed25519_sk: "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Other);
}

TEST(SshPrompt, ServerTextCannotPassForALocalQuestion)
{
    // keyboard-interactive prompts are the server's words, prefixed by ssh with "(user@host) "
    SshPrompt p = parseSshPrompt(
        QStringLiteral("(root@evil) Enter passphrase for key '/root/.ssh/id_ed25519': "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Other);
    p = parseSshPrompt(QStringLiteral(
        "(root@evil) The authenticity of host 'x' can't be established.\nED25519 key fingerprint "
        "is SHA256:abc.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Other);
    // a key that differs from the one known for the address is a warning, not a new key
    p = parseSshPrompt(QStringLiteral(
        "Warning: the ED25519 host key for 'h' differs from the key for the IP address "
        "'192.0.2.1'\nOffending key for IP in /root/.ssh/known_hosts:3\nMatching host key in "
        "/root/.ssh/known_hosts:2\nAre you sure you want to continue connecting (yes/no)? "));
    EXPECT_EQ(p.kind, SshPrompt::Kind::Confirm);
    EXPECT_TRUE(p.fingerprint.isEmpty());
}

TEST(SshTransport, WhichUrisRunSystemSsh)
{
    EXPECT_TRUE(Ssh::usesSystemSsh(QStringLiteral("qemu+ssh://root@host/system")));
    EXPECT_TRUE(Ssh::usesSystemSsh(QStringLiteral("QEMU+SSH://host/system")));
    EXPECT_TRUE(Ssh::usesSystemSsh(QStringLiteral("test+ssh://u@h:2222/default")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("qemu+libssh://root@host/system")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("qemu+libssh2://root@host/system")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("qemu+tls://host/system")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("qemu+tcp://127.0.0.1:16509/system")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("qemu:///system")));
    EXPECT_FALSE(Ssh::usesSystemSsh(QStringLiteral("test:///default")));
}

TEST(SshTransport, EffectiveUriAddsTheHelperAndKeepsEverythingElse)
{
    qputenv("VIRTUMANCER_SSH_HELPER", "/opt/my tools/virtumancer-ssh-helper");
    const QString uri = QStringLiteral(
        "qemu+ssh://root@127.0.0.1:2222/system?keyfile=/tmp/k%20ey&no_verify=1&socket=/run/x");
    const QString eff = Ssh::effectiveUri(uri);
    // no_verify=1 never reaches libvirt: host keys are always checked
    EXPECT_TRUE(eff.startsWith(QStringLiteral(
        "qemu+ssh://root@127.0.0.1:2222/system?keyfile=/tmp/k%20ey&socket=/run/x&command=")))
        << eff.toStdString();
    EXPECT_EQ(helperOf(eff), QStringLiteral("/opt/my tools/virtumancer-ssh-helper"));
    const QUrlQuery q(eff.mid(eff.indexOf(QLatin1Char('?')) + 1));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("keyfile"), QUrl::FullyDecoded),
              QStringLiteral("/tmp/k ey"));
    EXPECT_FALSE(q.hasQueryItem(QStringLiteral("no_verify")));
    EXPECT_EQ(q.queryItemValue(QStringLiteral("socket")), QStringLiteral("/run/x"));
    EXPECT_EQ(Ssh::effectiveUri(QStringLiteral("qemu+tls://h/system?no_verify=1&pkipath=/p")),
              QStringLiteral("qemu+tls://h/system?pkipath=/p"));
    EXPECT_EQ(Ssh::effectiveUri(QStringLiteral("qemu+libssh://u@h/system?known_hosts_verify=ignore")),
              QStringLiteral("qemu+libssh://u@h/system"));
    EXPECT_EQ(Ssh::effectiveUri(QStringLiteral("qemu+tls://h/system?no_verify=0")),
              QStringLiteral("qemu+tls://h/system?no_verify=0"));
    // idempotent, and a URI's own command= wins
    EXPECT_EQ(Ssh::effectiveUri(eff), eff);
    const QString own = QStringLiteral("qemu+ssh://h/system?command=/usr/local/bin/myssh");
    EXPECT_EQ(Ssh::effectiveUri(own), own);
    // no query yet
    const QString bare = Ssh::effectiveUri(QStringLiteral("qemu+ssh://u@h/system"));
    EXPECT_EQ(bare, QStringLiteral("qemu+ssh://u@h/system?command=/opt/my%20tools/"
                                   "virtumancer-ssh-helper"));
    // everything that is not driver+ssh:// stays as it is
    for (const char *other :
         {"qemu+libssh://u@h/system", "qemu+tls://h/system", "qemu+tcp://127.0.0.1:16509/system",
          "qemu:///system", "test:///default"})
        EXPECT_EQ(Ssh::effectiveUri(QString::fromLatin1(other)), QString::fromLatin1(other));
    qunsetenv("VIRTUMANCER_SSH_HELPER");
}

TEST(SshTransport, HelperPathDefaultsToTheBuiltHelper)
{
    qunsetenv("VIRTUMANCER_SSH_HELPER");
    const QString path = Ssh::helperPath();
    EXPECT_TRUE(path.endsWith(QStringLiteral("/virtumancer-ssh-helper"))) << path.toStdString();
    EXPECT_TRUE(QFileInfo(path).isExecutable()) << path.toStdString();
}

TEST(SshTransport, Target)
{
    auto t = Ssh::target(
        QStringLiteral("qemu+ssh://admin@10.0.0.5:2222/system?keyfile=/home/a/.ssh/id%20x&x=1"));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->user, QStringLiteral("admin"));
    EXPECT_EQ(t->host, QStringLiteral("10.0.0.5"));
    EXPECT_EQ(t->port, 2222);
    EXPECT_EQ(t->keyfile, QStringLiteral("/home/a/.ssh/id x"));

    t = Ssh::target(QStringLiteral("qemu+libssh://kvm.example.com/system"));
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->user.isEmpty());
    EXPECT_EQ(t->host, QStringLiteral("kvm.example.com"));
    EXPECT_EQ(t->port, 0);
    EXPECT_TRUE(t->keyfile.isEmpty());

    EXPECT_FALSE(Ssh::target(QStringLiteral("qemu+tls://h/system")));
    EXPECT_FALSE(Ssh::target(QStringLiteral("qemu:///system")));
}

TEST(SshTransport, RuntimeDirIsPrivate)
{
    Virtumancer::Test::TempDataDir tmp;
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(tmp.path()));
    auto dir = Ssh::runtimeDir();
    ASSERT_TRUE(dir) << dir.error().message.toStdString();
    EXPECT_EQ(*dir, tmp.path() + QStringLiteral("/virtumancer"));
    struct stat st;
    ASSERT_EQ(::stat(QFile::encodeName(*dir).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_EQ(Ssh::askpassSocketPath(4242), *dir + QStringLiteral("/askpass-4242"));
    // opened up to others: refused, not silently used
    ::chmod(QFile::encodeName(*dir).constData(), 0755);
    EXPECT_FALSE(Ssh::runtimeDir());
    ::chmod(QFile::encodeName(*dir).constData(), 0700);
    EXPECT_TRUE(Ssh::runtimeDir());
    if (saved.isEmpty())
        qunsetenv("XDG_RUNTIME_DIR");
    else
        qputenv("XDG_RUNTIME_DIR", saved);
}

TEST(SshProtocol, AnswerLineRoundTripsAnySecret)
{
    const QByteArray secret("p\"a\\s s\x01w\xc3\xa4rd\n", 14);
    QByteArray line("{\"ok\":true,\"answer\":");
    SshProtocol::appendJsonString(line, secret);
    line.append('}');
    EXPECT_FALSE(line.contains('\n'));
    EXPECT_FALSE(line.contains('\x01'));
    QByteArray back;
    ASSERT_TRUE(SshProtocol::takeJsonStringField(line, "answer", &back));
    EXPECT_EQ(back, secret);
    EXPECT_FALSE(SshProtocol::takeJsonStringField(QByteArray("{\"ok\":false}"), "answer", &back));
}

// ---- the broker and the helper, end to end on the askpass socket (no sshd: a stand-in `ssh`
// on PATH records what the helper would run)

namespace {

QProcessEnvironment helperEnv()
{
    QProcessEnvironment env;
    // as libvirt leaves it: HOME, TERM, PATH, LC_ALL only
    env.insert(QStringLiteral("HOME"), QDir::homePath());
    env.insert(QStringLiteral("TERM"), QStringLiteral("dumb"));
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

/// Runs the helper in askpass mode with prompt, as ssh would.
void startAskpass(QProcess &p, const QString &prompt, const QString &kind = {})
{
    QProcessEnvironment env = helperEnv();
    env.insert(QStringLiteral("VIRTUMANCER_SSH_ROLE"), QStringLiteral("askpass"));
    env.insert(QStringLiteral("VIRTUMANCER_ASKPASS_SOCKET"),
               Ssh::askpassSocketPath(QCoreApplication::applicationPid()));
    env.insert(QStringLiteral("VIRTUMANCER_SSH_DEST"), QStringLiteral("root@example.test:2222"));
    if (!kind.isEmpty())
        env.insert(QStringLiteral("SSH_ASKPASS_PROMPT"), kind);
    p.setProcessEnvironment(env);
    p.start(Ssh::helperPath(), {prompt});
}

bool finished(QProcess &p)
{
    return Virtumancer::Test::waitUntil([&] { return p.state() == QProcess::NotRunning; }, 10000);
}

} // namespace

TEST(SshBroker, PromptReachesTheAppAndTheAnswerReachesSsh)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    ASSERT_EQ(broker->listenError().code, ErrorCode::None)
        << broker->listenError().message.toStdString();
    QList<SshPrompt> prompts;
    QObject ctx;
    QObject::connect(broker, &SshPromptBroker::promptRequested, &ctx,
                     [&](const SshPrompt &p) { prompts.append(p); });

    QProcess p;
    startAskpass(p, QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519': "));
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return prompts.size() == 1; }, 10000));
    EXPECT_EQ(prompts[0].kind, SshPrompt::Kind::Passphrase);
    EXPECT_EQ(prompts[0].destination, QStringLiteral("root@example.test:2222"));
    EXPECT_EQ(broker->pendingCount(), 1);
    broker->answer(prompts[0].id, true, QByteArray("s3cr\"et \\ ünï"));
    ASSERT_TRUE(finished(p));
    EXPECT_EQ(p.exitCode(), 0);
    EXPECT_EQ(p.readAllStandardOutput(), QByteArray("s3cr\"et \\ ünï\n"));
    EXPECT_EQ(broker->pendingCount(), 0);

    // a host key: the word ssh expects
    QProcess hostKey;
    startAskpass(hostKey, QString::fromLatin1(hostKeyPrompt));
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return prompts.size() == 2; }, 10000));
    EXPECT_EQ(prompts[1].kind, SshPrompt::Kind::HostKey);
    broker->answer(prompts[1].id, false);
    ASSERT_TRUE(finished(hostKey));
    EXPECT_EQ(hostKey.exitCode(), 0);
    EXPECT_EQ(hostKey.readAllStandardOutput(), QByteArray("no\n"));

    // a refused password: askpass fails, prints nothing
    QProcess password;
    startAskpass(password, QStringLiteral("root@example.test's password: "));
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return prompts.size() == 3; }, 10000));
    broker->answer(prompts[2].id, false);
    ASSERT_TRUE(finished(password));
    EXPECT_EQ(password.exitCode(), 1);
    EXPECT_TRUE(password.readAllStandardOutput().isEmpty());
}

TEST(SshBroker, SshGoingAwayCancelsThePrompt)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    QList<SshPrompt> prompts;
    QList<quint64> cancelled;
    QObject ctx;
    QObject::connect(broker, &SshPromptBroker::promptRequested, &ctx,
                     [&](const SshPrompt &p) { prompts.append(p); });
    QObject::connect(broker, &SshPromptBroker::promptCancelled, &ctx,
                     [&](quint64 id) { cancelled.append(id); });
    QProcess p;
    startAskpass(p, QStringLiteral("Verification code: "));
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return prompts.size() == 1; }, 10000));
    EXPECT_EQ(prompts[0].kind, SshPrompt::Kind::Other);
    p.kill();
    ASSERT_TRUE(Virtumancer::Test::waitUntil([&] { return cancelled.size() == 1; }, 10000));
    EXPECT_EQ(cancelled[0], prompts[0].id);
    EXPECT_EQ(broker->pendingCount(), 0);
    broker->answer(prompts[0].id, true, "late"); // ignored
}

TEST(SshBroker, NobodyListeningRefusesAtOnce)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    QProcess p;
    startAskpass(p, QStringLiteral("root@example.test's password: "));
    ASSERT_TRUE(finished(p));
    EXPECT_EQ(p.exitCode(), 1);
    EXPECT_TRUE(p.readAllStandardOutput().isEmpty());
    EXPECT_EQ(broker->pendingCount(), 0);
}

TEST(SshHelper, WrapperForcesHostKeyChecksAheadOfLibvirtsArguments)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    Virtumancer::Test::TempDataDir tmp;
    broker->setKnownHostsFile(tmp.filePath(QStringLiteral("known hosts")));
    // the stand-in ssh: its arguments, one a line, then the environment it got
    const QString fake = tmp.filePath(QStringLiteral("ssh"));
    const QString out = tmp.filePath(QStringLiteral("out"));
    ASSERT_TRUE(Virtumancer::Test::writeAll(
        fake, QStringLiteral("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '%1'\n"
                             "echo ---- >> '%1'\nenv >> '%1'\n")
                  .arg(out)
                  .toUtf8()));
    QFile::setPermissions(fake,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QStringList libvirtArgs{
        QStringLiteral("-p"),        QStringLiteral("2222"),
        QStringLiteral("-l"),        QStringLiteral("root"),
        QStringLiteral("-o"),        QStringLiteral("StrictHostKeyChecking=no"),
        QStringLiteral("-T"),        QStringLiteral("-e"),
        QStringLiteral("none"),      QStringLiteral("--"),
        QStringLiteral("127.0.0.1"), QStringLiteral("sh"),
        QStringLiteral("-c"),        QStringLiteral("'nc -U /x'")};
    QProcessEnvironment env = helperEnv();
    env.insert(QStringLiteral("PATH"),
               tmp.path() + QLatin1Char(':') + qEnvironmentVariable("PATH"));

    QProcess p;
    p.setProcessEnvironment(env);
    p.start(Ssh::helperPath(), libvirtArgs);
    ASSERT_TRUE(finished(p));
    ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    const QList<QByteArray> parts = Virtumancer::Test::readAll(out).split('\n');
    const qsizetype sep = parts.indexOf("----");
    ASSERT_GT(sep, 0);
    QStringList args;
    for (qsizetype i = 0; i < sep; ++i)
        args.append(QString::fromUtf8(parts[i]));
    const auto dir = Ssh::runtimeDir();
    ASSERT_TRUE(dir);
    const QStringList expectedHead{QStringLiteral("-o"),
                                   QStringLiteral("StrictHostKeyChecking=ask"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("BatchMode=no"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ConnectTimeout=20"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ServerAliveInterval=15"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ServerAliveCountMax=3"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ControlMaster=auto"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ControlPath=") + *dir + QStringLiteral("/cm-%C"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("ControlPersist=no"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("UserKnownHostsFile=\"")
                                       + tmp.filePath(QStringLiteral("known hosts"))
                                       + QLatin1Char('"')};
    EXPECT_EQ(args.mid(0, expectedHead.size()), expectedHead);
    // libvirt's own arguments follow unchanged (its StrictHostKeyChecking=no comes too late)
    EXPECT_EQ(args.mid(expectedHead.size()), libvirtArgs);
    const QByteArray envOut = parts.mid(sep + 1).join('\n');
    EXPECT_TRUE(envOut.contains("SSH_ASKPASS_REQUIRE=force\n"));
    EXPECT_TRUE(envOut.contains(
        QByteArray("SSH_ASKPASS="
                   + QFile::encodeName(QFileInfo(Ssh::helperPath()).canonicalFilePath()) + '\n')));
    EXPECT_TRUE(envOut.contains("VIRTUMANCER_SSH_ROLE=askpass\n"));
    EXPECT_TRUE(envOut.contains("VIRTUMANCER_SSH_DEST=root@127.0.0.1:2222\n"));
    EXPECT_TRUE(envOut.contains(QByteArray(
        "VIRTUMANCER_ASKPASS_SOCKET="
        + QFile::encodeName(Ssh::askpassSocketPath(QCoreApplication::applicationPid())) + '\n')));

    // Started by something that is not listening (here: a shell): batch mode, no askpass.
    QProcess orphan;
    orphan.setProcessEnvironment(env);
    orphan.start(QStringLiteral("/bin/sh"),
                 QStringList{QStringLiteral("-c"), QStringLiteral("\"$0\" \"$@\"; exit $?"),
                             Ssh::helperPath()}
                     + libvirtArgs);
    ASSERT_TRUE(finished(orphan));
    ASSERT_EQ(orphan.exitCode(), 0) << orphan.readAllStandardError().toStdString();
    const QByteArray batch = Virtumancer::Test::readAll(out);
    EXPECT_TRUE(batch.startsWith("-o\nStrictHostKeyChecking=ask\n-o\nBatchMode=yes\n"))
        << batch.toStdString();
    EXPECT_FALSE(batch.contains("VIRTUMANCER_SSH_ROLE"));
    EXPECT_FALSE(batch.contains("SSH_ASKPASS"));
    broker->setKnownHostsFile({});
}
