#pragma once

#include "actions/domainedit.h"
#include "cache/inventorystore.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QThread;

namespace Virtumancer {

class AddHardwareDialog;
class ConnectionManager;
class ConsolePane;
class DomainListModel;
class MirrorReader;
class TimeSeriesGraph;
class VmSettingsPage;

/// Details of one VM: Overview, live Performance graphs, Settings (vCPUs, memory, autostart,
/// title, description, boot order), Hardware (every device in its XML, with the device's own
/// XML; add, remove, eject and insert media) and the domain XML. Follows its row: state and
/// configuration changes mirrored while it is open show up at once; it says so if the VM
/// disappears. Changes run as DomainEditRequest jobs on the host's worker; without a manager
/// the window is read-only.
class VmDetailsWindow : public QWidget
{
    Q_OBJECT
public:
    /// dataDir: where the window reads the VM's XML (on a thread of its own).
    VmDetailsWindow(DomainListModel *model, ConnectionManager *manager, const QString &dataDir,
                    const QString &hostId, const QString &uuid, QWidget *parent = nullptr);
    ~VmDetailsWindow() override;

    QTabWidget *tabs() const { return m_tabs; }
    QString overviewValue(const QString &field) const;
    QListWidget *hardwareList() const { return m_hardware; }
    QPlainTextEdit *xmlView() const { return m_xml; }
    VmSettingsPage *settingsPage() const { return m_settings; }
    /// The Hardware tab's buttons: add, remove, eject, insert media.
    QPushButton *hardwareButton(const QString &objectName) const;
    /// The last hardware change's outcome, for the user.
    QString hardwareStatus() const;
    /// Opens the Add Hardware dialog (non-modal); returns it (for tests).
    AddHardwareDialog *addHardware();
    /// Removes the selected device after asking; false when nothing removable is selected.
    bool removeSelectedDevice();
    int pendingEdits() const { return int(m_jobs.size()); }
    /// The XML tab's buttons: "edit", "apply", "cancel" (editing needs the preference).
    QPushButton *xmlButton(const QString &objectName) const;
    QString xmlStatus() const;
    bool isEditingXml() const { return m_xmlEditing; }
    /// The Performance tab's graphs: CPU, memory, disk I/O, network.
    QList<TimeSeriesGraph *> graphs() const { return m_graphs; }
    /// The Console tab's pane; null until the tab is first shown.
    ConsolePane *consolePane() const { return m_console; }

protected:
    /// Re-reads the XML-editing preference when the window is activated again (it may have
    /// been changed in Preferences meanwhile).
    void changeEvent(QEvent *event) override;
    /// Disconnects the Console tab's session.
    void closeEvent(QCloseEvent *event) override;

Q_SIGNALS:
    /// The user asked for this VM's audit events.
    void eventsRequested(const QString &uuid);
    /// The XML tab and the hardware list show the VM's current XML.
    void xmlShown();
    /// A change this window asked for finished (after the VM was re-read).
    void editFinished(const Virtumancer::DomainEditResult &result, const Virtumancer::Error &error);

private:
    void runEdit(const DomainEditRequest &request, const QString &what,
                 const QByteArray &consolePassword = {});
    void handleEditFinished(quint64 jobId, const QString &hostId, const QString &uuid,
                            const QString &action, const DomainEditResult &result,
                            const Error &error);
    void updateHardwareButtons();
    void changeMedia(bool eject);
    void setXmlEditing(bool editing, const QString &text = {});
    void updateXmlButtons();
    void reload();
    void refreshGraphs();
    void showXml(const QString &xml);
    void setValue(const QString &field, const QString &value);

    DomainListModel *m_model;
    ConnectionManager *m_manager;
    QString m_hostId;
    QString m_uuid;
    QString m_name;
    QTabWidget *m_tabs;
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_values;
    QListWidget *m_hardware;
    QPlainTextEdit *m_deviceXml;
    QPlainTextEdit *m_xml;
    QList<TimeSeriesGraph *> m_graphs;
    QWidget *m_consoleTab = nullptr;
    ConsolePane *m_console = nullptr; ///< made when the Console tab is first shown
    VmSettingsPage *m_settings;
    QLabel *m_hardwareStatus;
    QHash<QString, QPushButton *> m_hardwareButtons;
    QPointer<AddHardwareDialog> m_addDialog;
    QList<InventoryStore::VolumeRow> m_volumes; ///< the host's, as of the last read
    QStringList m_bootOrder;                    ///< from the XML last shown
    struct PendingEdit
    {
        QString what; ///< for the status line
        DomainEditRequest::Op op = DomainEditRequest::Op::Set;
        QByteArray consolePassword; ///< to keep in the keyring once the graphics are added
    };
    QPushButton *m_xmlEdit;
    QPushButton *m_xmlApply;
    QPushButton *m_xmlCancel;
    QLabel *m_xmlStatus;
    bool m_xmlEditing = false;
    QString m_liveXml; ///< the mirror's XML, shown while not editing
    QHash<quint64, PendingEdit> m_jobs;
    QThread *m_thread;
    MirrorReader *m_reader;  ///< lives on m_thread
    qint64 m_xmlVersion = -1; ///< the row's updatedAt when its XML was last asked for
};

} // namespace Virtumancer
