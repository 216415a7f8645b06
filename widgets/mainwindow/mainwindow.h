#pragma once

#include "actions/domainaction.h"
#include "connection/credentials.h"
#include "model/error.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QTreeView;

namespace Virtumancer {

class ConnectionManager;
class ConsoleWindow;
class DomainFilterProxy;
class DomainListModel;
class HostListModel;
class SshPromptDialog;
struct SshPrompt;

/// The main window: hosts on the left, every mirrored VM on the right (filtered by the search
/// field's query and the selected host), lifecycle actions on the selection. It only ever talks
/// to the ConnectionManager through queued requests and its signals: nothing here waits on a
/// host or on SQLite.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(ConnectionManager *manager, DomainListModel *vms, HostListModel *hosts,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    DomainFilterProxy *vmProxy() const { return m_proxy; }
    QTreeView *vmView() const { return m_vmView; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *searchError() const { return m_searchError; }
    QAction *action(DomainAction action) const { return m_actions.value(action); }
    QAction *editTagsAction() const { return m_editTags; }
    QAction *volumesAction() const { return m_volumes; }
    QAction *consoleAction() const { return m_console; }
    /// The open console windows (one per VM).
    QList<ConsoleWindow *> consoleWindows() const;
    /// The header's show/hide toggles, one per column after Name.
    QList<QAction *> columnActions() const { return m_columnActions; }
    QListView *hostView() const { return m_hostView; }
    QProgressBar *progressBar() const { return m_progress; }
    /// Jobs still running from the last lifecycle request.
    int pendingJobs() const { return int(m_pending.size()); }
    /// The open dialogs for ssh's questions (one per prompt, SshPromptBroker).
    QList<SshPromptDialog *> sshPromptDialogs() const;

public Q_SLOTS:
    void runOnSelection(Virtumancer::DomainAction action);
    /// Opens a details window for each selected VM.
    void showDetails();
    /// Opens (or raises) the console window of each selected VM.
    void showConsole();
    /// Opens the VM's console window, or raises it if it is open; returns it.
    ConsoleWindow *openConsole(const QString &hostId, const QString &uuid);
    /// Opens the audit log, filtered to objectId if given.
    void showAuditLog(const QString &objectId = {});
    /// Opens the details window of the selected host (one per host: raised if open).
    void showHostDetails();
    /// Opens the volume registry (one: raised if open).
    void showVolumes();
    /// Opens the tags dialog for the selected VMs.
    void editTags();
    /// Opens the edit dialog of the selected host.
    void editHost();
    /// Asks, then forgets the selected host and its mirror.
    void removeHost();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void applySearch(const QString &text);
    void updateActions();
    void updateStatus();
    void handleActionFinished(quint64 job, const QString &hostId, const QString &uuid,
                              DomainAction action, const Error &error);
    void askCredentials(const QString &hostId, const QList<CredentialPrompt> &prompts,
                        const Error &error);
    void showSshPrompt(const SshPrompt &prompt);
    void warnAboutHostKey(const QString &hostId, const Error &error);
    QString selectedHost() const;

    ConnectionManager *m_manager;
    DomainListModel *m_vms;
    HostListModel *m_hosts;
    DomainFilterProxy *m_proxy;
    QListView *m_hostView;
    QTreeView *m_vmView;
    QLineEdit *m_search;
    QLabel *m_searchError;
    QLabel *m_statusLabel;
    QProgressBar *m_progress;
    QAction *m_connect = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_details = nullptr;
    QAction *m_editTags = nullptr;
    QAction *m_volumes = nullptr;
    QAction *m_console = nullptr;
    QHash<QString, QPointer<ConsoleWindow>> m_consoles; ///< host/uuid → its console window
    QHash<quint64, QPointer<SshPromptDialog>> m_sshPrompts; ///< prompt id → its dialog
    QList<QAction *> m_hostActions; ///< enabled when a host is selected
    QList<QAction *> m_columnActions;
    QHash<DomainAction, QAction *> m_actions;
    QHash<quint64, QString> m_pending; ///< job → VM name
    QStringList m_failures;
    int m_batchSize = 0;
};

} // namespace Virtumancer
