#include "sshpromptdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

SshPromptDialog::SshPromptDialog(const SshPrompt &prompt, QWidget *parent)
    : QDialog(parent)
    , m_prompt(prompt)
{
    auto *layout = new QVBoxLayout(this);
    auto *buttons = new QDialogButtonBox(this);
    const QString destination = !prompt.destination.isEmpty() ? prompt.destination : prompt.host;
    QPushButton *cancel = nullptr;

    switch (prompt.kind) {
    case SshPrompt::Kind::HostKey: {
        setWindowTitle(tr("Unknown SSH host key"));
        const QString host = prompt.host.isEmpty() ? destination : prompt.host;
        layout->addWidget(
            wrappedLabel(host.isEmpty() ? tr("The SSH host you are connecting to is not known yet.")
                                        : tr("The SSH host %1 is not known yet.").arg(host),
                         this));
        auto *key = new QLabel(this);
        key->setObjectName(QStringLiteral("fingerprint"));
        key->setTextFormat(Qt::PlainText);
        key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        key->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        key->setFrameShape(QFrame::StyledPanel);
        key->setMargin(6);
        if (!prompt.fingerprint.isEmpty()) {
            key->setText(tr("%1 key fingerprint:\n%2")
                             .arg(prompt.keyType.isEmpty() ? tr("Host") : prompt.keyType,
                                  prompt.fingerprint));
        } else {
            key->setText(prompt.text); // ssh's own words, when they could not be parsed
            key->setWordWrap(true);
        }
        layout->addWidget(key);
        layout->addWidget(wrappedLabel(
            tr("Accept the key only if this fingerprint matches the host's own, obtained in a way "
               "you trust (for example, on the host: ssh-keygen -lf "
               "/etc/ssh/ssh_host_ed25519_key.pub). An accepted key is added to your known_hosts "
               "file and checked on every later connection; if it ever changes, the connection "
               "is refused."),
            this));
        m_accept = buttons->addButton(tr("Accept and &Remember"), QDialogButtonBox::AcceptRole);
        cancel = buttons->addButton(QDialogButtonBox::Cancel);
        break;
    }
    case SshPrompt::Kind::Confirm:
        setWindowTitle(tr("Confirm SSH request"));
        if (!destination.isEmpty())
            layout->addWidget(
                wrappedLabel(tr("SSH (connecting to %1) asks:").arg(destination), this));
        layout->addWidget(wrappedLabel(prompt.text, this));
        m_accept = buttons->addButton(QDialogButtonBox::Yes);
        cancel = buttons->addButton(QDialogButtonBox::No);
        break;
    case SshPrompt::Kind::Passphrase:
    case SshPrompt::Kind::Password:
    case SshPrompt::Kind::Other: {
        setWindowTitle(prompt.kind == SshPrompt::Kind::Passphrase ? tr("SSH key passphrase")
                       : prompt.kind == SshPrompt::Kind::Password ? tr("SSH password")
                                                                  : tr("SSH question"));
        if (!destination.isEmpty())
            layout->addWidget(
                wrappedLabel(tr("SSH (connecting to %1) asks:").arg(destination), this));
        auto *form = new QFormLayout;
        m_secret = new QLineEdit(this);
        m_secret->setEchoMode(prompt.echo ? QLineEdit::Normal : QLineEdit::Password);
        auto *label = wrappedLabel(prompt.text.trimmed(), this);
        label->setBuddy(m_secret);
        form->addRow(label, m_secret);
        layout->addLayout(form);
        m_accept = buttons->addButton(QDialogButtonBox::Ok);
        cancel = buttons->addButton(QDialogButtonBox::Cancel);
        break;
    }
    }
    // Questions about trust default to "no"; Enter in a secret field sends it.
    const bool secretAsked = m_secret != nullptr;
    m_accept->setAutoDefault(secretAsked);
    m_accept->setDefault(secretAsked);
    cancel->setAutoDefault(!secretAsked);
    cancel->setDefault(!secretAsked);
    connect(m_accept, &QPushButton::clicked, this, &QDialog::accept);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (m_secret)
        m_secret->setFocus();
    else
        cancel->setFocus();
}

SshPromptDialog::~SshPromptDialog()
{
    // Gone unanswered (its parent window closed): ssh gets a "no" now rather than waiting.
    if (!m_answered) {
        m_answered = true;
        if (m_secret)
            m_secret->clear();
        Q_EMIT answered(m_prompt.id, false, {});
    }
}

void SshPromptDialog::done(int result)
{
    if (!m_answered) {
        m_answered = true;
        const bool accepted = result == QDialog::Accepted;
        QByteArray secret;
        if (accepted && m_secret)
            secret = m_secret->text().toUtf8();
        if (m_secret)
            m_secret->clear();
        Q_EMIT answered(m_prompt.id, accepted, secret);
        secret.fill('\0');
    }
    QDialog::done(result);
}

} // namespace Virtumancer
