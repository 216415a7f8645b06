#pragma once

#include "model/error.h"

#include <QByteArray>
#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace Virtumancer {

/// A question ssh asked (through virtumancer-ssh-helper acting as SSH_ASKPASS).
struct SshPrompt
{
    enum class Kind {
        HostKey,    ///< unknown host key: "Are you sure you want to continue connecting"; yes/no
        Passphrase, ///< "Enter passphrase for key '…'"
        Password,   ///< "user@host's password:"
        Confirm,    ///< SSH_ASKPASS_PROMPT=confirm (agent key use, FIDO touch): yes/no
        Other,      ///< anything else (keyboard-interactive, OTP): a secret answer
    };
    quint64 id = 0;
    Kind kind = Kind::Other;
    QString text;        ///< the prompt exactly as ssh wrote it
    QString host;        ///< HostKey: "[127.0.0.1]:2222" / "example.com" as ssh names it
    QString keyType;     ///< HostKey: "ED25519", "RSA", …
    QString fingerprint; ///< HostKey: "SHA256:…"
    QString destination; ///< user@host[:port] the helper was started for, when known
    bool echo = false;   ///< true when the answer may be shown while typed
};

/// Classifies ssh's prompt text. kindEnv is SSH_ASKPASS_PROMPT as ssh set it ("confirm",
/// "none" or empty). Pure; unit-tested.
SshPrompt parseSshPrompt(const QString &text, const QString &kindEnv = {});

/// The app side of virtumancer-ssh-helper: a private local socket (Ssh::askpassSocketPath of
/// this process, peer uid checked) answering the helper's two requests — "options" (the ssh
/// options this process wants: control socket, known_hosts file) and "ask" (a prompt). Lives
/// on the main thread; the libvirt call waiting for ssh runs on a host worker meanwhile, so
/// nothing blocks the GUI.
///
/// Prompts go out as promptRequested(); whoever shows them (the GUI's dialog, the CLI's
/// terminal prompt, a test) calls answer(). With nothing connected to promptRequested, every
/// prompt is refused at once (ssh then fails with an error the user can read).
class SshPromptBroker : public QObject
{
    Q_OBJECT
public:
    /// The process-wide broker (created and listening on first use; call from the main thread).
    static SshPromptBroker *instance();

    /// Why the socket could not be opened, if it could not (then ssh URIs still work for
    /// non-interactive key auth against known hosts).
    Error listenError() const { return m_listenError; }

    /// known_hosts file ssh reads and writes; empty (the default) = ssh's own
    /// (~/.ssh/known_hosts). Tests point it at a throwaway file.
    void setKnownHostsFile(const QString &path) { m_knownHosts = path; }
    QString knownHostsFile() const { return m_knownHosts; }

    /// The answer to prompt id. HostKey/Confirm: accepted → "yes", else "no". Others: text is
    /// the secret (wiped after sending); !accepted cancels. Unknown ids are ignored.
    void answer(quint64 id, bool accepted, const QByteArray &text = {});

    /// Prompts still waiting for an answer.
    int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    void promptRequested(const Virtumancer::SshPrompt &prompt);
    /// ssh went away (timeout, connection closed) before the prompt was answered.
    void promptCancelled(quint64 id);

private:
    SshPromptBroker();
    void handleConnection();
    void handleRequest(QLocalSocket *socket, const QByteArray &line);

    QLocalServer *m_server = nullptr;
    Error m_listenError;
    QString m_knownHosts;
    quint64 m_nextId = 1;
    QHash<quint64, QLocalSocket *> m_pending;
    QHash<quint64, SshPrompt::Kind> m_kinds; ///< of each pending prompt, for answer()
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::SshPrompt)
