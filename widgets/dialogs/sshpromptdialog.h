#pragma once

#include "connection/sshprompt.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Virtumancer {

/// Shows one question ssh asked (an unknown host key, a passphrase or password, a confirmation)
/// and reports the answer with answered(). Non-blocking: open() it; the window and the other
/// hosts go on meanwhile. Cancel, Escape and closing the window answer "no".
class SshPromptDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SshPromptDialog(const SshPrompt &prompt, QWidget *parent = nullptr);
    ~SshPromptDialog() override;

    quint64 promptId() const { return m_prompt.id; }
    const SshPrompt &prompt() const { return m_prompt; }

    /// For tests: the secret field (Passphrase/Password/Other), the accept button.
    QLineEdit *secretField() const { return m_secret; }
    QPushButton *acceptButton() const { return m_accept; }

Q_SIGNALS:
    /// Emitted once, when the user decided. text is the typed secret (empty for HostKey and
    /// Confirm); the receiver should wipe its copy after use. The dialog clears its field.
    void answered(quint64 id, bool accepted, const QByteArray &text);

public Q_SLOTS:
    void done(int result) override;

private:
    SshPrompt m_prompt;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_accept = nullptr;
    bool m_answered = false;
};

} // namespace Virtumancer
