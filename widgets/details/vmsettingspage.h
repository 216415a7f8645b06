#pragma once

#include "actions/domainedit.h"
#include "model/types.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace Virtumancer {

/// The editable settings of one VM (vCPUs, memory, autostart, title, description, boot order)
/// in the VM details window. Shows the mirrored values until the user edits; Apply asks for a
/// DomainEditRequest::Op::Set with only the fields that differ, Revert drops the edits.
class VmSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit VmSettingsPage(QWidget *parent = nullptr);

    /// The VM's current values (from the mirror). Ignored while the user has unapplied edits.
    void load(const DomainInfo &domain, const QStringList &bootOrder);
    /// The change the form holds: Set with only what differs from the loaded values.
    DomainEditRequest request() const;
    bool isDirty() const;
    /// While a change is being applied the form is read-only.
    void setBusy(bool busy);
    /// The outcome of the last Apply, for the user.
    void showResult(const DomainEditResult &result, const Error &error);
    QString statusText() const;
    void setEditable(bool editable);

    QSpinBox *vcpus() const { return m_vcpus; }
    QSpinBox *memory() const { return m_memory; }
    QSpinBox *maxMemory() const { return m_maxMemory; }
    QCheckBox *autostart() const { return m_autostart; }
    QLineEdit *title() const { return m_title; }
    QListWidget *bootList() const { return m_boot; }
    QPushButton *applyButton() const { return m_apply; }

Q_SIGNALS:
    void applyRequested(const Virtumancer::DomainEditRequest &request);

private:
    void fill();
    void updateButtons();
    QStringList formBootOrder() const;
    void moveBootEntry(int delta);

    DomainInfo m_domain;
    QStringList m_bootOrder;
    bool m_busy = false;
    bool m_editable = true;
    bool m_filling = false;
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QSpinBox *m_maxMemory;
    QCheckBox *m_autostart;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QListWidget *m_boot;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_revert;
    QPushButton *m_apply;
    QLabel *m_status;
};

} // namespace Virtumancer
