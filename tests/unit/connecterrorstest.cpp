// explainConnectionError on the texts libvirt 9.0 really produced on this machine (virsh against
// a throwaway sshd, closed ports, openssl s_server as a bad TLS peer) and libvirt's libssh/SASL
// messages.
#include "connection/connecterrors.h"

#include <gtest/gtest.h>

using namespace Virtumancer;

namespace {

// VIR_ERR_SYSTEM_ERROR / VIR_ERR_AUTH_FAILED / VIR_ERR_LIBSSH as libvirt sets them.
constexpr int SystemError = 38;
constexpr int AuthFailedCode = 45;
constexpr int LibsshCode = 98;

const QString SshUri = QStringLiteral("qemu+ssh://root@127.0.0.1:2222/system");
const QString LibsshUri = QStringLiteral("qemu+libssh://root@127.0.0.1:2222/system");

Error raw(const QString &text, ErrorCode code = ErrorCode::ConnectionFailed,
          int libvirtCode = SystemError)
{
    return Error{code, libvirtCode, text};
}

/// The explanation part (before " — ").
QString sentence(const Error &e)
{
    const qsizetype dash = e.message.indexOf(QStringLiteral(" — "));
    return dash < 0 ? QString() : e.message.left(dash);
}

void expectKeepsOriginal(const Error &e, const QString &original)
{
    EXPECT_TRUE(e.message.endsWith(QStringLiteral(" — ") + original)) << e.message.toStdString();
    EXPECT_FALSE(sentence(e).isEmpty());
}

const QString ChangedBanner = QStringLiteral(
    "Cannot recv data: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n"
    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\n"
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n"
    "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\n"
    "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\r\n"
    "It is also possible that a host key has just been changed.\r\n"
    "The fingerprint for the ED25519 key sent by the remote host is\n"
    "SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE.\r\n"
    "Please contact your system administrator.\r\n"
    "Add correct host key in /tmp/ge_kh to get rid of this message.\r\n"
    "Offending ED25519 key in /tmp/ge_kh:1\r\n"
    "  remove with:\r\n"
    "  ssh-keygen -f \"/tmp/ge_kh\" -R \"[127.0.0.1]:2222\"\r\n"
    "Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.\r\n"
    "Host key verification failed.: Connection reset by peer");

} // namespace

TEST(ConnectErrors, NoErrorAndUnknownTextsComeBackUnchanged)
{
    EXPECT_EQ(explainConnectionError(SshUri, Error{}), Error{});
    const Error odd = raw(QStringLiteral("internal error: unexpected qemu URI path "
                                         "'/nonexistentdrv', try qemu:///system"),
                          ErrorCode::ConnectionFailed, 1);
    EXPECT_EQ(explainConnectionError(SshUri, odd), odd);
}

TEST(ConnectErrors, ChangedHostKeyFromOpenSsh)
{
    const Error e = explainConnectionError(SshUri, raw(ChangedBanner));
    EXPECT_EQ(e.code, ErrorCode::HostKeyChanged);
    EXPECT_EQ(e.libvirtCode, SystemError);
    const QString s = sentence(e);
    EXPECT_TRUE(s.contains(QStringLiteral("127.0.0.1 port 2222"))) << s.toStdString();
    EXPECT_TRUE(s.contains(QStringLiteral("refused for your safety"))) << s.toStdString();
    // ssh's own removal command, pointing at the file it used
    EXPECT_TRUE(
        s.contains(QStringLiteral("`ssh-keygen -f \"/tmp/ge_kh\" -R \"[127.0.0.1]:2222\"`")))
        << s.toStdString();
    // original kept (carriage returns dropped), banner included
    EXPECT_TRUE(e.message.contains(QStringLiteral("REMOTE HOST IDENTIFICATION HAS CHANGED")));
    EXPECT_FALSE(e.message.contains(QLatin1Char('\r')));
    EXPECT_TRUE(e.message.endsWith(
        QStringLiteral("Host key verification failed.: Connection reset by peer")));
}

TEST(ConnectErrors, ChangedHostKeyWithoutBannerBuildsTheCommand)
{
    const Error e = explainConnectionError(
        SshUri, raw(QStringLiteral("Cannot recv data: Host key for [127.0.0.1]:2222 has changed "
                                   "and you have requested strict checking.\nHost key "
                                   "verification failed.: Connection reset by peer")));
    EXPECT_EQ(e.code, ErrorCode::HostKeyChanged);
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("`ssh-keygen -R '[127.0.0.1]:2222'`")))
        << e.message.toStdString();
    const Error def = explainConnectionError(
        QStringLiteral("qemu+ssh://admin@kvm1.example.org/system"),
        raw(QStringLiteral("Cannot recv data: Host key for kvm1.example.org has changed and you "
                           "have requested strict checking.")));
    EXPECT_EQ(def.code, ErrorCode::HostKeyChanged);
    EXPECT_TRUE(sentence(def).contains(QStringLiteral("`ssh-keygen -R 'kvm1.example.org'`")))
        << def.message.toStdString();
    EXPECT_TRUE(sentence(def).startsWith(QStringLiteral("The SSH host key of kvm1.example.org ")));
}

TEST(ConnectErrors, ChangedHostKeyFromLibssh)
{
    const QString text = QStringLiteral(
        "authentication failed: !!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host "
        "'127.0.0.1:2222' differs from stored identity. Please verify the new host key "
        "'8a:7b:b2:92:71:71:0d:a9:87:36:4d:06:b0:e7:f3:a7:ae:ee:25:55:84:f9:1b:8e:9d:4c:09:d5:b8:"
        "7c:e6:c1' to avoid possible man in the middle attack. The key is stored in "
        "'/tmp/ge_lkh'.");
    // libvirt reports it as VIR_ERR_AUTH_FAILED, which lastError() turns into AuthFailed
    const Error e
        = explainConnectionError(LibsshUri, raw(text, ErrorCode::AuthFailed, AuthFailedCode));
    EXPECT_EQ(e.code, ErrorCode::HostKeyChanged);
    EXPECT_TRUE(
        sentence(e).contains(QStringLiteral("`ssh-keygen -f '/tmp/ge_lkh' -R '[127.0.0.1]:2222'`")))
        << e.message.toStdString();
    expectKeepsOriginal(e, text);
}

TEST(ConnectErrors, UnknownHostKeyFromOpenSsh)
{
    const QString text = QStringLiteral(
        "Cannot recv data: Host key verification failed.: Connection reset by peer");
    const Error e = explainConnectionError(SshUri, raw(text));
    EXPECT_EQ(e.code, ErrorCode::HostKeyUnknown);
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("127.0.0.1 port 2222")));
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("not known and was not accepted")));
    expectKeepsOriginal(e, text);

    const QString batch = QStringLiteral(
        "Cannot recv data: No ED25519 host key is known for [127.0.0.1]:2222 and you have "
        "requested strict checking.\nHost key verification failed.: Connection reset by peer");
    EXPECT_EQ(explainConnectionError(SshUri, raw(batch)).code, ErrorCode::HostKeyUnknown);
}

TEST(ConnectErrors, UnknownHostKeyFromLibssh)
{
    for (const QString &text :
         {QStringLiteral("libssh transport error: SSH host key for '127.0.0.1' "
                         "(8a:7b:b2:92:71:71:0d:a9:87:36:4d:06:b0:e7:f3:a7:ae:ee:25:55:84:f9:1b:8e:"
                         "9d:4c:09:d5:b8:7c:e6:c1) was not accepted"),
          QStringLiteral("libssh transport error: failed to retrieve decision to accept host key"),
          QStringLiteral("libssh transport error: No user interaction callback provided: Can't "
                         "verify the session host key")}) {
        const Error e
            = explainConnectionError(LibsshUri, raw(text, ErrorCode::ConnectionFailed, LibsshCode));
        EXPECT_EQ(e.code, ErrorCode::HostKeyUnknown) << text.toStdString();
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("~/.config/libvirt/known_hosts")));
        expectKeepsOriginal(e, text);
    }
}

TEST(ConnectErrors, RefusedPublicKeyNamesTheUser)
{
    const QString text = QStringLiteral(
        "Cannot recv data: nobody@127.0.0.1: Permission denied (publickey).: Connection reset by "
        "peer");
    const Error e = explainConnectionError(
        QStringLiteral("qemu+ssh://nobody@127.0.0.1:2222/system"), raw(text));
    EXPECT_EQ(e.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("as 'nobody'"))) << e.message.toStdString();
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("~nobody/.ssh/authorized_keys")));
    EXPECT_TRUE(sentence(e).contains(QStringLiteral("ssh-agent")));
    expectKeepsOriginal(e, text);

    // a missing identity file, then the refusal; the user comes from ssh's text
    const QString missingKey = QStringLiteral(
        "Cannot recv data: Warning: Identity file /tmp/nonexistkey not accessible: No such file "
        "or directory.\nroot@127.0.0.1: Permission denied (publickey).: Connection reset by peer");
    const Error k = explainConnectionError(QStringLiteral("qemu+ssh://127.0.0.1:2222/system"),
                                           raw(missingKey));
    EXPECT_EQ(k.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(sentence(k).contains(QStringLiteral("as 'root'")));
}

TEST(ConnectErrors, RefusedLibsshAndSaslLogins)
{
    const QString libssh = QStringLiteral(
        "authentication failed: All provided authentication methods with credentials were "
        "rejected by the server");
    const Error l
        = explainConnectionError(LibsshUri, raw(libssh, ErrorCode::AuthFailed, AuthFailedCode));
    EXPECT_EQ(l.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(sentence(l).contains(QStringLiteral("as 'root'")));
    EXPECT_TRUE(sentence(l).contains(QStringLiteral("keyfile=")));
    expectKeepsOriginal(l, libssh);

    const QString sasl = QStringLiteral(
        "authentication failed: Failed to step SASL negotiation: -13 (SASL(-13): authentication "
        "failure: checkpass failed, user: 'alice' realm: 'kvm1')");
    const Error s = explainConnectionError(QStringLiteral("qemu+tcp://alice@kvm1/system"),
                                           raw(sasl, ErrorCode::AuthFailed, AuthFailedCode));
    EXPECT_EQ(s.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(sentence(s).contains(QStringLiteral("SASL login as 'alice'")));
    expectKeepsOriginal(s, sasl);

    const QString polkit = QStringLiteral(
        "authentication unavailable: no polkit agent available to authenticate action "
        "'org.libvirt.unix.manage'");
    const Error p
        = explainConnectionError(QStringLiteral("qemu+ssh://bob@kvm1/system"),
                                 raw(polkit, ErrorCode::ConnectionFailed, AuthFailedCode));
    EXPECT_EQ(p.code, ErrorCode::AuthFailed);
    EXPECT_TRUE(sentence(p).contains(QStringLiteral("libvirt group")));
}

TEST(ConnectErrors, ConnectionRefusedPerTransport)
{
    const QString ssh = QStringLiteral(
        "Cannot recv data: ssh: connect to host 127.0.0.1 port 1: Connection refused: Connection "
        "reset by peer");
    const Error e
        = explainConnectionError(QStringLiteral("qemu+ssh://root@127.0.0.1:1/system"), raw(ssh));
    EXPECT_EQ(e.code, ErrorCode::ConnectionFailed);
    EXPECT_EQ(sentence(e), QStringLiteral("127.0.0.1 port 1 refused the connection: is the SSH "
                                          "server running there, and is the port right?"));
    expectKeepsOriginal(e, ssh);

    const QString tcp
        = QStringLiteral("unable to connect to server at '127.0.0.1:1': Connection refused");
    const Error t
        = explainConnectionError(QStringLiteral("qemu+tcp://127.0.0.1:1/system"), raw(tcp));
    EXPECT_TRUE(sentence(t).contains(QStringLiteral("listen_tcp"))) << t.message.toStdString();
    EXPECT_TRUE(sentence(t).contains(QStringLiteral("port 1?")));
    const Error tls = explainConnectionError(
        QStringLiteral("qemu+tls://127.0.0.1/system"),
        raw(QStringLiteral(
            "unable to connect to server at '127.0.0.1:16514': Connection refused")));
    EXPECT_TRUE(sentence(tls).contains(QStringLiteral("listen_tls")));
    EXPECT_TRUE(sentence(tls).contains(QStringLiteral("port 16514?")));
}

TEST(ConnectErrors, NameRouteAndTimeout)
{
    const QString dns = QStringLiteral(
        "Cannot recv data: ssh: Could not resolve hostname nonexistent.invalid: Name or service "
        "not known: Connection reset by peer");
    const Error d = explainConnectionError(
        QStringLiteral("qemu+ssh://root@nonexistent.invalid/system"), raw(dns));
    EXPECT_EQ(d.code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(
        sentence(d).contains(QStringLiteral("'nonexistent.invalid' could not be resolved")));
    expectKeepsOriginal(d, dns);
    const Error tcpDns = explainConnectionError(
        QStringLiteral("qemu+tcp://nonexistent.invalid/system"),
        raw(QStringLiteral("Unable to resolve address 'nonexistent.invalid' service '16509': Name "
                           "or service not known")));
    EXPECT_TRUE(sentence(tcpDns).contains(QStringLiteral("could not be resolved")));

    const QString route = QStringLiteral(
        "Cannot recv data: ssh: connect to host 10.9.9.9 port 22: No route to host: Connection "
        "reset by peer");
    const Error r
        = explainConnectionError(QStringLiteral("qemu+ssh://root@10.9.9.9/system"), raw(route));
    EXPECT_TRUE(sentence(r).startsWith(QStringLiteral("10.9.9.9 cannot be reached")))
        << r.message.toStdString();
    const Error n = explainConnectionError(
        QStringLiteral("qemu+tcp://10.9.9.9/system"),
        raw(QStringLiteral(
            "unable to connect to server at '10.9.9.9:16509': Network is unreachable")));
    EXPECT_TRUE(sentence(n).contains(QStringLiteral("cannot be reached")));

    const QString timeout = QStringLiteral(
        "Cannot recv data: ssh: connect to host 10.255.255.1 port 22: Connection timed out: "
        "Connection reset by peer");
    const Error to = explainConnectionError(QStringLiteral("qemu+ssh://root@10.255.255.1/system"),
                                            raw(timeout));
    EXPECT_EQ(to.code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(sentence(to).contains(QStringLiteral("did not answer in time")));
    EXPECT_TRUE(sentence(to).contains(QStringLiteral("SSH server")));
}

TEST(ConnectErrors, MissingProgramsAndDaemon)
{
    const QString noSsh = QStringLiteral(
        "Cannot recv data: libvirt:  error : cannot execute binary /nonexistent/ssh: No such file "
        "or directory: Connection reset by peer");
    const Error a = explainConnectionError(SshUri, raw(noSsh));
    EXPECT_TRUE(sentence(a).contains(QStringLiteral("openssh-client"))) << a.message.toStdString();
    expectKeepsOriginal(a, noSsh);

    for (const QString &text :
         {QStringLiteral(
              "End of file while reading data: sh: 1: nc: not found: Input/output error"),
          QStringLiteral("End of file while reading data: sh: 1: virt-ssh-helper: not found: "
                         "Input/output error")}) {
        const Error e = explainConnectionError(SshUri, raw(text));
        EXPECT_EQ(e.code, ErrorCode::ConnectionFailed);
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("does not have libvirt installed")))
            << text.toStdString();
    }

    const QString noSocket = QStringLiteral(
        "End of file while reading data: nc: /nonexist/sock: No such file or directory: "
        "Input/output error");
    const Error s = explainConnectionError(SshUri, raw(noSocket));
    EXPECT_TRUE(
        sentence(s).contains(QStringLiteral("libvirt is not running on 127.0.0.1 port 2222")))
        << s.message.toStdString();
    const Error helper = explainConnectionError(
        SshUri, raw(QStringLiteral("End of file while reading data: virt-ssh-helper: cannot "
                                   "connect to 'qemu:///system': Failed to connect socket to "
                                   "'/var/run/libvirt/virtqemud-sock': No such file or "
                                   "directory: Input/output error")));
    EXPECT_TRUE(sentence(helper).contains(QStringLiteral("libvirt is not running")));
    const Error perm = explainConnectionError(
        SshUri, raw(QStringLiteral("End of file while reading data: virt-ssh-helper: cannot "
                                   "connect to 'qemu:///system': Failed to connect socket to "
                                   "'/var/run/libvirt/libvirt-sock': Permission denied: "
                                   "Input/output error")));
    EXPECT_EQ(perm.code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(sentence(perm).contains(QStringLiteral("libvirt group")));
}

TEST(ConnectErrors, TlsCertificates)
{
    const QString tlsUri = QStringLiteral("qemu+tls://127.0.0.1/system");
    for (const QString &text :
         {QStringLiteral("Cannot read CA certificate '/etc/pki/CA/cacert.pem': No such file or "
                         "directory"),
          QStringLiteral("Unable to import CA certificate list /tmp/gepki/cacert.pem"),
          QStringLiteral("Cannot access CA certificate '/etc/pki/CA/cacert.pem': No such file or "
                         "directory")}) {
        const Error e
            = explainConnectionError(tlsUri, raw(text, ErrorCode::ConnectionFailed, SystemError));
        EXPECT_EQ(e.code, ErrorCode::ConnectionFailed);
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("/etc/pki/CA/cacert.pem")));
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("/etc/pki/libvirt/clientcert.pem")));
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("/etc/pki/libvirt/private/clientkey.pem")));
        expectKeepsOriginal(e, text);
    }
    for (const QString &text :
         {QStringLiteral("authentication failed: Failed to verify peer's certificate"),
          QStringLiteral("Our own certificate /tmp/gepki/clientcert.pem failed validation against "
                         "/tmp/gepki/cacert.pem: The certificate is not trusted."),
          QStringLiteral("The server certificate /etc/pki/libvirt/servercert.pem has expired")}) {
        // libvirt says "authentication failed" (VIR_ERR_AUTH_FAILED) for a bad peer
        // certificate, but no password helps: ConnectionFailed
        const Error e
            = explainConnectionError(tlsUri, raw(text, ErrorCode::AuthFailed, AuthFailedCode));
        EXPECT_EQ(e.code, ErrorCode::ConnectionFailed) << text.toStdString();
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("did not check out")));
        EXPECT_TRUE(sentence(e).contains(QStringLiteral("/etc/pki/CA/cacert.pem")));
        expectKeepsOriginal(e, text);
    }
    const QString notTls = QStringLiteral(
        "authentication failed: TLS handshake failed An unexpected TLS packet was received.");
    const Error n = explainConnectionError(QStringLiteral("qemu+tls://127.0.0.1:2222/system"),
                                           raw(notTls, ErrorCode::AuthFailed, AuthFailedCode));
    EXPECT_EQ(n.code, ErrorCode::ConnectionFailed);
    EXPECT_TRUE(sentence(n).contains(QStringLiteral("does not speak TLS")));
}

TEST(ConnectErrors, AnyFailureCodeIsRefined)
{
    // lastError() gives Libvirt-free ConnectionFailed, AuthFailed (VIR_ERR_AUTH_FAILED), or
    // a wrapped code; the refinement does not depend on which
    const Error e = explainConnectionError(
        SshUri, raw(QStringLiteral("Host key verification failed."), ErrorCode::Libvirt, 1));
    EXPECT_EQ(e.code, ErrorCode::HostKeyUnknown);
    EXPECT_EQ(e.libvirtCode, 1);
}
