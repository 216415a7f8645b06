#pragma once

#include "connection/credentials.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace Virtumancer {

/// Asks for the credentials libvirt wanted for a host. Non-blocking use: open(), then read
/// credentials()/remember() on accepted().
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    CredentialsDialog(const QString &hostId, const QList<CredentialPrompt> &prompts,
                      const QString &error, bool keyringAvailable, QWidget *parent = nullptr);

    Credentials credentials() const;
    bool remember() const;

private:
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
};

} // namespace Virtumancer
