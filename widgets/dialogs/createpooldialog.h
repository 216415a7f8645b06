#pragma once

#include "actions/inventoryaction.h"
#include "model/types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Virtumancer {

class ConnectionManager;

/// Asks for a new storage pool on one host: name, type (dir, logical, netfs, iscsi, disk) and
/// the fields that type needs; the type combo shows only those rows. Every edit is checked at
/// once (InventorySpecs::validate, plus a name or dir path another pool of the host already
/// has); the reason shows inline and OK stays disabled until the input is valid.
/// OK runs the create as a job on the host's worker and keeps the dialog open, its fields
/// read-only, until the job answers: success accepts it, a failure shows libvirt's reason
/// and gives the form back unchanged.
class CreatePoolDialog : public QDialog
{
    Q_OBJECT
public:
    /// Ignored while the create job runs: its outcome is shown here, never dropped.
    void reject() override;
    /// existing: the host's mirrored pools, for name clashes.
    CreatePoolDialog(ConnectionManager *manager, const QString &hostId,
                     const QList<PoolInfo> &existing, QWidget *parent = nullptr);

    PoolSpec spec() const;
    /// Why the input cannot be created, or empty when it can.
    QString problem() const { return m_problem; }
    /// The uuid of the pool the accepted dialog created.
    QString createdUuid() const { return m_createdUuid; }
    /// Whether the create job is running (the form is read-only meanwhile).
    bool isBusy() const { return m_job != 0; }

    QLineEdit *nameField() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *targetField() const { return m_target; }
    QLineEdit *sourceHostField() const { return m_sourceHost; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *sourcePathField() const { return m_sourcePath; }
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *volumeGroupField() const { return m_vg; }
    QLineEdit *devicesField() const { return m_devices; }
    QLineEdit *iscsiTargetField() const { return m_iqn; }
    QCheckBox *writeLabelBox() const { return m_writeLabel; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    /// Whether the form shows the row of field (a widget above) for the current type.
    bool isRowShown(QWidget *field) const;

public Q_SLOTS:
    void accept() override;

private:
    void showTypeFields();
    void validate();
    void setBusy(bool busy);

    ConnectionManager *m_manager;
    QString m_hostId;
    QList<PoolInfo> m_existing;
    QFormLayout *m_form;
    QLineEdit *m_name;
    QComboBox *m_type;
    QLineEdit *m_sourceHost;
    QSpinBox *m_port;
    QLineEdit *m_sourcePath;
    QLineEdit *m_iqn;
    QLineEdit *m_vg;
    QLineEdit *m_devices;
    QComboBox *m_format;
    QCheckBox *m_writeLabel;
    QLineEdit *m_target;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_problem;
    QString m_createdUuid;
    quint64 m_job = 0;
};

} // namespace Virtumancer
