#pragma once

#include "connection/uribuilder.h"

#include <QWizard>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace Virtumancer {

class ConnectionManager;
class ConnectionProbe;

/// Adds a host: hypervisor and transport → user, host, port → name and autoconnect → summary
/// with the URI and a background "Test connection". Finishing inserts the host off the GUI
/// thread (ConnectionManager::createHost) and connects it if asked.
class ConnectionWizard : public QWizard
{
    Q_OBJECT
public:
    explicit ConnectionWizard(ConnectionManager *manager, QWidget *parent = nullptr);

    /// The URI the current answers make, or the reason there is none.
    Result<QString> uri() const;
    UriSpec spec() const;
    QString hostId() const;
    bool autoconnect() const;

    // For tests and scripted use: fill the answers.
    void setSpec(const UriSpec &spec);
    void setHostId(const QString &id);
    void testConnection();
    /// What the chosen transport needs (under the transport choice); the last test's result.
    QLabel *transportHint() const { return m_transportHint; }
    QLabel *testResult() const { return m_testResult; }

    /// Finish: adds the host (asynchronously) and closes.
    void accept() override;

Q_SIGNALS:
    void uriChanged(const QString &uriOrError);
    void testFinished(bool ok, const QString &message);

private:
    void refresh();
    QWizardPage *connectionPage();
    QWizardPage *namePage();
    QWizardPage *summaryPage();

    ConnectionManager *m_manager;
    ConnectionProbe *m_probe;
    QComboBox *m_driver = nullptr;
    QButtonGroup *m_transport = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_session = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_custom = nullptr;
    QLabel *m_transportHint = nullptr;
    QLabel *m_preview = nullptr;
    QLineEdit *m_id = nullptr;
    QCheckBox *m_autoconnect = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_test = nullptr;
    QProgressBar *m_testProgress = nullptr;
    QLabel *m_testResult = nullptr;
    bool m_idEdited = false;
};

} // namespace Virtumancer
