#pragma once

#include "actions/inventoryaction.h"
#include "actions/volumetransfer.h"
#include "model/types.h"

#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QProgressDialog;
class QLineEdit;
class QProgressBar;
class QTabWidget;
class QTreeView;
class QTreeWidget;

namespace Virtumancer {

class ConnectionManager;
class DomainListModel;
class VolumeFeed;
class VolumeFilterProxy;
class VolumeListModel;

/// The volume registry: every mirrored volume of every host in one table (disks outside any
/// pool included), searched with the shared filter query, sortable by every column, with a
/// column chooser in the header's menu kept across restarts. Its Orphans tab lists the volumes
/// attached to no VM with their total size per host, for a bulk delete.
///
/// Create, resize, wipe and delete run as inventory jobs on the hosts' workers (audited there);
/// delete and wipe are refused before any job while a volume is attached, naming its VMs. The
/// rows come from the mirror, read on a thread of their own (VolumeFeed): nothing here waits on
/// a host or on SQLite.
class VolumeRegistryWindow : public QWidget
{
    Q_OBJECT
public:
    explicit VolumeRegistryWindow(ConnectionManager *manager, QWidget *parent = nullptr);
    ~VolumeRegistryWindow() override;

    VolumeListModel *model() const { return m_model; }
    VolumeFeed *feed() const { return m_feed; }
    VolumeFilterProxy *proxy() const { return m_proxy; }
    VolumeFilterProxy *orphanProxy() const { return m_orphanProxy; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *volumeView() const { return m_view; }
    QTreeView *orphanView() const { return m_orphanView; }
    /// One row per host with orphans (host, count, capacity, allocation), then the total.
    QTreeWidget *orphanSummary() const { return m_summary; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *searchError() const { return m_searchError; }
    QLabel *statusLabel() const { return m_status; }
    QProgressBar *progressBar() const { return m_progress; }
    QAction *createAction() const { return m_create; }
    QAction *resizeAction() const { return m_resize; }
    QAction *wipeAction() const { return m_wipe; }
    QAction *deleteAction() const { return m_delete; }
    QAction *deleteOrphansAction() const { return m_deleteOrphans; }
    QAction *attachAction() const { return m_attach; }
    QAction *detachAction() const { return m_detach; }
    QAction *uploadAction() const { return m_upload; }
    QAction *downloadAction() const { return m_download; }
    /// The progress of the running upload or download (null when none runs).
    QProgressDialog *transferProgress() const { return m_transferDialog; }
    /// The header's show/hide toggles, one per column after Name.
    QList<QAction *> columnActions() const { return m_columnActions; }
    /// The VMs to attach volumes to (the main window's model); without it, attach and detach
    /// are unavailable.
    void setVmModel(DomainListModel *vms);
    /// Jobs started from this window and not answered yet.
    int pendingJobs() const { return int(m_jobs.size()); }

public Q_SLOTS:
    /// Opens the create dialog; accepted, it runs a volume.create job.
    void createVolume();
    /// Asks for a new capacity of the selected volume; runs a volume.resize job.
    void resizeSelected();
    /// Refuses if a selected volume is attached; otherwise asks, then wipes each.
    void wipeSelected();
    /// Refuses if a selected volume is attached (naming its VMs); otherwise asks, then deletes.
    void deleteSelected();
    /// Deletes the selected orphans, or every listed one when none is selected, after a
    /// confirmation with their count and total size; one job per volume.
    void deleteOrphans();
    /// Attaches the selected volume as a disk to the VM of that host named vmUuid (the Attach
    /// action asks which). Runs a vm.attach job; the status follows from the re-read VM.
    void attachTo(const QString &vmUuid);
    /// Detaches the selected volume from the VM vmUuid (asked when several use it).
    void detachFrom(const QString &vmUuid);
    /// Uploads localPath into the selected volume (the Upload… action asks for the file),
    /// with a progress dialog whose Cancel stops the stream.
    void uploadTo(const QString &localPath);
    /// Downloads the selected volume into localPath (the Download… action asks; replacing an
    /// existing file was confirmed there). A volume a running VM uses asks first.
    void downloadTo(const QString &localPath);

Q_SIGNALS:
    /// Every job of the last batch has answered (failures, if any, are being shown).
    void jobsFinished(int done, int failed);
    /// An attach or detach started here ended.
    void editFinished(const Virtumancer::Error &error);
    /// An upload or download started here ended (error.code None: complete).
    void transferFinished(const Virtumancer::Error &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct Target
    {
        QString hostId;
        QString path;
        QString name;
        QString status;
        QStringList attachedTo;
        QStringList attachedUuids;
        qint64 capacity = 0;
        qint64 allocation = 0;
        QString format; ///< of an image in no pool (a pool volume's is libvirt's to tell)
    };
    QList<Target> selectedTargets(QTreeView *view, bool allWhenNoneSelected = false) const;
    /// Whether every target is available; if not, shows the refusal naming the VMs.
    bool refuseAttached(const QList<Target> &targets, const QString &what);
    void runJobs(const QList<Target> &targets, InventoryRequest::Op op, qint64 capacity = 0);
    void startTransfer(const Target &target, const VolumeTransferRequest &request);
    void handleJobFinished(quint64 job, const QString &objectId, const QString &action,
                           const Error &error);
    void applySearch(const QString &text);
    void scheduleSummary();
    void updateSummary();
    void updateActions();
    void updateStatus();
    QTreeView *currentView() const;

    ConnectionManager *m_manager;
    VolumeListModel *m_model;
    VolumeFeed *m_feed;
    VolumeFilterProxy *m_proxy;
    VolumeFilterProxy *m_orphanProxy;
    QTabWidget *m_tabs;
    QTreeView *m_view;
    QTreeView *m_orphanView;
    QTreeWidget *m_summary;
    QLineEdit *m_search;
    QLabel *m_searchError;
    QLabel *m_status;
    QProgressBar *m_progress;
    QAction *m_create = nullptr;
    QAction *m_resize = nullptr;
    QAction *m_wipe = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_deleteOrphans = nullptr;
    QAction *m_attach = nullptr;
    QAction *m_detach = nullptr;
    QAction *m_upload = nullptr;
    QAction *m_download = nullptr;
    DomainListModel *m_vms = nullptr;
    QHash<quint64, QString> m_edits; ///< attach/detach job → what, for the status line
    QProgressDialog *m_transferDialog = nullptr;
    quint64 m_transferJob = 0;
    QString m_transferHost;
    QList<QAction *> m_columnActions;
    QHash<quint64, QString> m_jobs; ///< job → volume (host: path) for the report
    QStringList m_failures;
    int m_batchSize = 0;
    QString m_lastResult;
    bool m_summaryPending = false;
};

} // namespace Virtumancer
