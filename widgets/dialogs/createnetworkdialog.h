#pragma once

#include "actions/inventoryaction.h"
#include "model/types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Virtumancer {

class ConnectionManager;

/// Asks for a new virtual network on one host: name, mode (NAT, routed, isolated, open), an
/// optional bridge name, the host's IPv4 address with its prefix, and DHCP on/off with a range
/// that follows the subnet until the user edits it. Every edit is checked at once
/// (InventorySpecs::validate: range inside the subnet, start before end, not holding the
/// host's address; plus a name, bridge or subnet another network of the host already has);
/// the reason shows inline and OK stays disabled until the input is valid.
/// OK runs the create (define + start) as a job on the host's worker; the dialog stays open
/// until the job answers and keeps the form on failure.
class CreateNetworkDialog : public QDialog
{
    Q_OBJECT
public:
    /// Ignored while the create job runs: its outcome is shown here, never dropped.
    void reject() override;
    /// existing: the host's mirrored networks, for clashes and a free default subnet.
    CreateNetworkDialog(ConnectionManager *manager, const QString &hostId,
                        const QList<NetworkInfo> &existing, QWidget *parent = nullptr);

    NetworkSpec spec() const;
    /// Why the input cannot be created, or empty when it can.
    QString problem() const { return m_problem; }
    QString createdUuid() const { return m_createdUuid; }
    bool isBusy() const { return m_job != 0; }

    QLineEdit *nameField() const { return m_name; }
    QComboBox *modeBox() const { return m_mode; }
    QLineEdit *bridgeField() const { return m_bridge; }
    QLineEdit *addressField() const { return m_address; }
    QSpinBox *prefixBox() const { return m_prefix; }
    QCheckBox *dhcpBox() const { return m_dhcp; }
    QLineEdit *dhcpStartField() const { return m_dhcpStart; }
    QLineEdit *dhcpEndField() const { return m_dhcpEnd; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }

public Q_SLOTS:
    void accept() override;

private:
    void proposeDhcpRange();
    void validate();
    void setBusy(bool busy);

    ConnectionManager *m_manager;
    QString m_hostId;
    QList<NetworkInfo> m_existing;
    QLineEdit *m_name;
    QComboBox *m_mode;
    QLineEdit *m_bridge;
    QLineEdit *m_address;
    QSpinBox *m_prefix;
    QCheckBox *m_dhcp;
    QLineEdit *m_dhcpStart;
    QLineEdit *m_dhcpEnd;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_problem;
    QString m_createdUuid;
    quint64 m_job = 0;
    bool m_rangeEdited = false; ///< the user typed a range: stop proposing one
};

} // namespace Virtumancer
