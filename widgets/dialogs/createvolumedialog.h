#pragma once

#include "actions/inventoryaction.h"
#include "model/types.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Virtumancer {

class VolumeListModel;

/// Asks for a new storage volume: host, pool (the host's active pools), name, format (qcow2 or
/// raw), capacity with its unit, and an optional backing volume of the same host (qcow2 only).
/// Every edit is checked at once (InventorySpecs::validate, plus a name already taken in the
/// pool as the registry shows it); the reason is shown inline and OK stays disabled until the
/// input is valid. The caller runs request() on hostId() when the dialog is accepted.
class CreateVolumeDialog : public QDialog
{
    Q_OBJECT
public:
    /// pools: each host's mirrored pools (inactive ones are not offered); volumes: the
    /// registry's rows, for names in use and backing candidates. preferredHost is chosen first
    /// when it has an active pool.
    CreateVolumeDialog(const QHash<QString, QList<PoolInfo>> &pools, const VolumeListModel *volumes,
                       const QString &preferredHost = {}, QWidget *parent = nullptr);

    QString hostId() const;
    InventoryRequest request() const;
    /// Why the input cannot be created, or empty when it can.
    QString problem() const { return m_problem; }

    QComboBox *hostBox() const { return m_host; }
    QComboBox *poolBox() const { return m_pool; }
    QLineEdit *nameField() const { return m_name; }
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *capacityField() const { return m_capacity; }
    QComboBox *unitBox() const { return m_unit; }
    QComboBox *backingBox() const { return m_backing; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void fillPools();
    void fillBacking();
    void validate();
    /// The capacity in bytes, or -1 when the field does not hold a number.
    qint64 capacityBytes() const;

    QHash<QString, QList<PoolInfo>> m_pools;
    const VolumeListModel *m_volumes;
    QComboBox *m_host;
    QComboBox *m_pool;
    QLineEdit *m_name;
    QComboBox *m_format;
    QLineEdit *m_capacity;
    QComboBox *m_unit;
    QComboBox *m_backing;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_problem;
};

} // namespace Virtumancer
