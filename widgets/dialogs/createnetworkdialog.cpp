#include "createnetworkdialog.h"

#include "connection/connectionmanager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace Virtumancer {

namespace {

QString sentence(const QString &message)
{
    if (message.isEmpty())
        return message;
    return message.front().toUpper() + message.mid(1) + QLatin1Char('.');
}

} // namespace

CreateNetworkDialog::CreateNetworkDialog(ConnectionManager *manager, const QString &hostId,
                                         const QList<NetworkInfo> &existing, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_hostId(hostId)
    , m_existing(existing)
    , m_name(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_bridge(new QLineEdit(this))
    , m_address(new QLineEdit(this))
    , m_prefix(new QSpinBox(this))
    , m_dhcp(new QCheckBox(tr("&Enable DHCP"), this))
    , m_dhcpStart(new QLineEdit(this))
    , m_dhcpEnd(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Virtual Network on %1").arg(hostId));
    m_mode->addItem(tr("NAT"), QStringLiteral("nat"));
    m_mode->addItem(tr("Routed"), QStringLiteral("route"));
    m_mode->addItem(tr("Isolated"), QStringLiteral("isolated"));
    m_mode->addItem(tr("Open"), QStringLiteral("open"));
    m_name->setPlaceholderText(tr("e.g. lab"));
    m_name->setMinimumWidth(280);
    m_bridge->setPlaceholderText(tr("chosen by libvirt (virbrN)"));
    m_prefix->setRange(8, 30);
    m_prefix->setPrefix(QStringLiteral("/"));
    m_prefix->setValue(24);
    m_dhcp->setChecked(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));

    // A free /24 to start from: the first 192.168.N.0/24 (N from 100) no network uses.
    QString address = QStringLiteral("192.168.100.1");
    for (int n = 100; n < 255; ++n) {
        const QString candidate = QStringLiteral("192.168.%1.1").arg(n);
        const bool used = std::any_of(m_existing.cbegin(), m_existing.cend(),
                                      [&candidate](const NetworkInfo &net) {
                                          return InventorySpecs::subnetsOverlap(
                                              candidate + QStringLiteral("/24"), net.ipv4Address);
                                      });
        if (!used) {
            address = candidate;
            break;
        }
    }
    m_address->setText(address);

    auto *ipv4 = new QHBoxLayout;
    ipv4->addWidget(m_address, 1);
    ipv4->addWidget(m_prefix);
    auto *range = new QHBoxLayout;
    range->addWidget(m_dhcpStart, 1);
    range->addWidget(new QLabel(QStringLiteral("–"), this));
    range->addWidget(m_dhcpEnd, 1);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Mode:"), m_mode);
    form->addRow(tr("&Bridge:"), m_bridge);
    // A row of a layout gets no buddy by itself: give its label one for the mnemonic.
    auto *ipv4Label = new QLabel(tr("IPv4 &address:"), this);
    ipv4Label->setBuddy(m_address);
    auto *rangeLabel = new QLabel(tr("DHCP &range:"), this);
    rangeLabel->setBuddy(m_dhcpStart);
    form->addRow(ipv4Label, ipv4);
    form->addRow(QString(), m_dhcp);
    form->addRow(rangeLabel, range);
    form->addRow(m_error);
    form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateNetworkDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_name, m_bridge, m_dhcpStart, m_dhcpEnd})
        connect(edit, &QLineEdit::textChanged, this, &CreateNetworkDialog::validate);
    connect(m_address, &QLineEdit::textChanged, this, &CreateNetworkDialog::proposeDhcpRange);
    connect(m_prefix, &QSpinBox::valueChanged, this, &CreateNetworkDialog::proposeDhcpRange);
    // Only typing counts as the user's own range (textEdited is not sent for setText).
    for (QLineEdit *edit : {m_dhcpStart, m_dhcpEnd})
        connect(edit, &QLineEdit::textEdited, this, [this] { m_rangeEdited = true; });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &CreateNetworkDialog::validate);
    connect(m_dhcp, &QCheckBox::toggled, this, [this](bool on) {
        m_dhcpStart->setEnabled(on);
        m_dhcpEnd->setEnabled(on);
        validate();
    });
    connect(m_manager, &ConnectionManager::inventoryJobFinished, this,
            [this](quint64 job, const QString &, const QString &objectId, const QString &,
                   const Error &error) {
                if (job == 0 || job != m_job)
                    return;
                m_job = 0;
                setBusy(false);
                if (error.code != ErrorCode::None) {
                    m_error->setText(tr("The network was not created: %1").arg(error.message));
                    m_error->setVisible(true);
                    return;
                }
                m_createdUuid = objectId;
                QDialog::accept();
            });
    proposeDhcpRange();
}

void CreateNetworkDialog::proposeDhcpRange()
{
    if (!m_rangeEdited) {
        const auto [start, end]
            = InventorySpecs::defaultDhcpRange(m_address->text().trimmed(), m_prefix->value());
        const QSignalBlocker blockStart(m_dhcpStart);
        const QSignalBlocker blockEnd(m_dhcpEnd);
        m_dhcpStart->setText(start);
        m_dhcpEnd->setText(end);
    }
    validate();
}

NetworkSpec CreateNetworkDialog::spec() const
{
    NetworkSpec s;
    s.name = m_name->text().trimmed();
    s.mode = m_mode->currentData().toString();
    s.ipv4Address = m_address->text().trimmed();
    s.prefix = m_prefix->value();
    if (m_dhcp->isChecked()) {
        s.dhcpStart = m_dhcpStart->text().trimmed();
        s.dhcpEnd = m_dhcpEnd->text().trimmed();
    }
    s.bridgeName = m_bridge->text().trimmed();
    return s;
}

void CreateNetworkDialog::validate()
{
    const NetworkSpec s = spec();
    QString problem;
    if (s.name.isEmpty()) {
        problem = tr("Enter a name for the network.");
    } else if (m_dhcp->isChecked() && (s.dhcpStart.isEmpty() || s.dhcpEnd.isEmpty())) {
        problem = tr("Enter the first and last address DHCP hands out, or turn DHCP off.");
    } else if (auto valid = InventorySpecs::validate(s); !valid) {
        problem = sentence(valid.error().message);
    } else {
        const QString subnet = QStringLiteral("%1/%2").arg(s.ipv4Address).arg(s.prefix);
        for (const NetworkInfo &net : std::as_const(m_existing)) {
            if (net.name == s.name)
                problem = tr("Host %1 already has a network named %2.").arg(m_hostId, s.name);
            else if (!s.bridgeName.isEmpty() && net.bridgeName == s.bridgeName)
                problem = tr("Network %1 already uses the bridge %2.").arg(net.name, s.bridgeName);
            else if (InventorySpecs::subnetsOverlap(subnet, net.ipv4Address))
                problem
                    = tr("The subnet overlaps %1 of network %2.").arg(net.ipv4Address, net.name);
            if (!problem.isEmpty())
                break;
        }
    }
    m_problem = problem;
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && m_job == 0);
}

void CreateNetworkDialog::setBusy(bool busy)
{
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_mode),
                       static_cast<QWidget *>(m_bridge), static_cast<QWidget *>(m_address),
                       static_cast<QWidget *>(m_prefix), static_cast<QWidget *>(m_dhcp)})
        w->setEnabled(!busy);
    m_dhcpStart->setEnabled(!busy && m_dhcp->isChecked());
    m_dhcpEnd->setEnabled(!busy && m_dhcp->isChecked());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy); // the job's answer is awaited
    if (busy) {
        m_error->setText(tr("Creating the network on %1…").arg(m_hostId));
        m_error->setVisible(true);
    }
}

void CreateNetworkDialog::accept()
{
    validate();
    if (!m_problem.isEmpty() || m_job != 0)
        return;
    InventoryRequest request;
    request.kind = InventoryRequest::Kind::Network;
    request.op = InventoryRequest::Op::Create;
    request.network = spec();
    m_job = m_manager->runInventoryJob(m_hostId, request);
    setBusy(true);
}

void CreateNetworkDialog::reject()
{
    if (m_job == 0) // while the job runs, Esc and closing wait for its answer like Cancel
        QDialog::reject();
}

} // namespace Virtumancer
