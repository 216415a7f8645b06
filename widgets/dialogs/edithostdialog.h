#pragma once

#include "model/types.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Virtumancer {

class ConnectionManager;

/// Edits a host's name, URI and autoconnect. The write runs off the GUI thread through the
/// ConnectionManager; the dialog stays open with the error shown if it is refused (an empty
/// URI, a URI another host uses) and closes when it is done.
class EditHostDialog : public QDialog
{
    Q_OBJECT
public:
    EditHostDialog(ConnectionManager *manager, const HostRecord &host, QWidget *parent = nullptr);

    QLineEdit *nameField() const { return m_name; }
    QLineEdit *uriField() const { return m_uri; }
    QCheckBox *autoconnectBox() const { return m_autoconnect; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    ConnectionManager *m_manager;
    QString m_hostId;
    QLineEdit *m_name;
    QLineEdit *m_uri;
    QCheckBox *m_autoconnect;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace Virtumancer
