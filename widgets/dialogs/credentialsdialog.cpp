#include "credentialsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace Virtumancer {

CredentialsDialog::CredentialsDialog(const QString &hostId, const QList<CredentialPrompt> &prompts,
                                     const QString &error, bool keyringAvailable, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Log in to %1").arg(hostId));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        error.isEmpty() ? tr("The host %1 asks for credentials.").arg(hostId) : error, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    bool wantsUser = prompts.isEmpty();
    bool wantsPassword = prompts.isEmpty();
    for (const CredentialPrompt &p : prompts) {
        wantsUser |= p.kind == CredentialPrompt::Kind::Username;
        wantsPassword |= p.kind == CredentialPrompt::Kind::Password;
    }
    if (wantsUser) {
        m_user = new QLineEdit(this);
        form->addRow(tr("&User name:"), m_user);
    }
    if (wantsPassword) {
        m_password = new QLineEdit(this);
        m_password->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&Password:"), m_password);
    }
    layout->addLayout(form);
    m_remember = new QCheckBox(tr("&Remember in the keyring"), this);
    m_remember->setEnabled(keyringAvailable);
    m_remember->setChecked(keyringAvailable);
    if (!keyringAvailable)
        m_remember->setToolTip(tr("No keyring service is running: credentials are not stored."));
    layout->addWidget(m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

Credentials CredentialsDialog::credentials() const
{
    Credentials c;
    if (m_user)
        c.username = m_user->text();
    if (m_password)
        c.password = m_password->text().toUtf8();
    return c;
}

bool CredentialsDialog::remember() const
{
    return m_remember->isChecked();
}

} // namespace Virtumancer
