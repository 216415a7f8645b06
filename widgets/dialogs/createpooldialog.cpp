#include "createpooldialog.h"

#include "connection/connectionmanager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

namespace Virtumancer {

namespace {

/// Core messages start in lower case (they also end up in CLI and audit text).
QString sentence(const QString &message)
{
    if (message.isEmpty())
        return message;
    return message.front().toUpper() + message.mid(1) + QLatin1Char('.');
}

} // namespace

CreatePoolDialog::CreatePoolDialog(ConnectionManager *manager, const QString &hostId,
                                   const QList<PoolInfo> &existing, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_hostId(hostId)
    , m_existing(existing)
    , m_form(new QFormLayout(this))
    , m_name(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_sourceHost(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_sourcePath(new QLineEdit(this))
    , m_iqn(new QLineEdit(this))
    , m_vg(new QLineEdit(this))
    , m_devices(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_writeLabel(new QCheckBox(tr("Write a new partition table (blank disks only)"), this))
    , m_target(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Storage Pool on %1").arg(hostId));
    m_type->addItem(tr("Directory"), QStringLiteral("dir"));
    m_type->addItem(tr("LVM volume group"), QStringLiteral("logical"));
    m_type->addItem(tr("Network file system"), QStringLiteral("netfs"));
    m_type->addItem(tr("iSCSI target"), QStringLiteral("iscsi"));
    m_type->addItem(tr("Physical disk"), QStringLiteral("disk"));
    m_port->setRange(1, 65535);
    m_port->setValue(3260);
    m_name->setPlaceholderText(tr("e.g. images"));
    m_name->setMinimumWidth(320);
    m_sourceHost->setPlaceholderText(tr("host name or IP address"));
    m_iqn->setPlaceholderText(tr("e.g. iqn.2024-01.com.example:storage"));
    m_devices->setPlaceholderText(tr("e.g. /dev/sdb1 /dev/sdc1"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));

    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Type:"), m_type);
    m_form->addRow(tr("Source &host:"), m_sourceHost);
    m_form->addRow(tr("&Port:"), m_port);
    m_form->addRow(tr("&Export:"), m_sourcePath);
    m_form->addRow(tr("Target &IQN:"), m_iqn);
    m_form->addRow(tr("&Volume group:"), m_vg);
    m_form->addRow(tr("&Devices:"), m_devices);
    m_form->addRow(tr("&Format:"), m_format);
    m_form->addRow(QString(), m_writeLabel);
    m_form->addRow(tr("Tar&get path:"), m_target);
    m_form->addRow(m_error);
    m_form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreatePoolDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        showTypeFields();
        validate();
    });
    for (QLineEdit *edit : {m_name, m_sourceHost, m_sourcePath, m_iqn, m_vg, m_devices, m_target})
        connect(edit, &QLineEdit::textChanged, this, &CreatePoolDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &CreatePoolDialog::validate);
    connect(m_format, &QComboBox::currentIndexChanged, this, &CreatePoolDialog::validate);
    connect(m_writeLabel, &QCheckBox::toggled, this, &CreatePoolDialog::validate);
    connect(m_manager, &ConnectionManager::inventoryJobFinished, this,
            [this](quint64 job, const QString &, const QString &objectId, const QString &,
                   const Error &error) {
                if (job == 0 || job != m_job)
                    return;
                m_job = 0;
                setBusy(false);
                if (error.code != ErrorCode::None) {
                    // Nothing is lost: the form keeps what was typed.
                    m_error->setText(tr("The pool was not created: %1").arg(error.message));
                    m_error->setVisible(true);
                    return;
                }
                m_createdUuid = objectId;
                QDialog::accept();
            });
    showTypeFields();
    validate();
}

bool CreatePoolDialog::isRowShown(QWidget *field) const
{
    return m_form->isRowVisible(field);
}

void CreatePoolDialog::showTypeFields()
{
    const QString type = m_type->currentData().toString();
    const auto is = [&type](std::initializer_list<const char *> types) {
        for (const char *t : types) {
            if (type == QLatin1String(t))
                return true;
        }
        return false;
    };
    m_form->setRowVisible(m_sourceHost, is({"netfs", "iscsi"}));
    m_form->setRowVisible(m_port, is({"iscsi"}));
    m_form->setRowVisible(m_sourcePath, is({"netfs"}));
    m_form->setRowVisible(m_iqn, is({"iscsi"}));
    m_form->setRowVisible(m_vg, is({"logical"}));
    m_form->setRowVisible(m_devices, is({"logical", "disk"}));
    m_form->setRowVisible(m_format, is({"netfs", "disk"}));
    m_form->setRowVisible(m_writeLabel, is({"disk"}));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_devices)))
        label->setText(type == QLatin1String("disk") ? tr("&Device:") : tr("&Devices:"));
    m_devices->setPlaceholderText(type == QLatin1String("disk") ? tr("e.g. /dev/sdb")
                                                                : tr("e.g. /dev/sdb1 /dev/sdc1"));
    m_vg->setPlaceholderText(tr("the pool's name"));
    m_devices->setToolTip(type == QLatin1String("logical")
                              ? tr("Physical volumes: given, the volume group is created on "
                                   "them; empty, the volume group must exist.")
                              : QString());
    const QSignalBlocker blocker(m_format);
    m_format->clear();
    m_format->addItems(InventorySpecs::poolSourceFormats(type));
    if (!is({"disk"}))
        m_writeLabel->setChecked(false);
    adjustSize();
}

PoolSpec CreatePoolDialog::spec() const
{
    PoolSpec s;
    s.name = m_name->text().trimmed();
    s.type = m_type->currentData().toString();
    s.targetPath = m_target->text().trimmed();
    const auto shown = [this](QWidget *w) {
        return m_form->isRowVisible(w);
    };
    if (shown(m_sourceHost))
        s.sourceHost = m_sourceHost->text().trimmed();
    if (shown(m_port))
        s.sourcePort = m_port->value();
    if (shown(m_sourcePath))
        s.sourcePath = m_sourcePath->text().trimmed();
    if (shown(m_iqn))
        s.iscsiTarget = m_iqn->text().trimmed();
    if (shown(m_vg))
        s.sourceName = m_vg->text().trimmed();
    if (shown(m_devices))
        s.sourceDevices = m_devices->text().split(QRegularExpression(QStringLiteral("[\\s,]+")),
                                                  Qt::SkipEmptyParts);
    if (shown(m_format))
        s.sourceFormat = m_format->currentText();
    s.writeLabel = shown(m_writeLabel) && m_writeLabel->isChecked();
    return s;
}

void CreatePoolDialog::validate()
{
    const PoolSpec s = spec();
    m_target->setPlaceholderText(InventorySpecs::defaultTargetPath(s).isEmpty()
                                     ? tr("e.g. /var/lib/libvirt/images")
                                     : InventorySpecs::defaultTargetPath(s));
    QString problem;
    if (s.name.isEmpty()) {
        problem = tr("Enter a name for the pool.");
    } else if (auto valid = InventorySpecs::validate(s); !valid) {
        problem = sentence(valid.error().message);
    } else {
        for (const PoolInfo &p : std::as_const(m_existing)) {
            if (p.name == s.name) {
                problem = tr("Host %1 already has a pool named %2.").arg(m_hostId, s.name);
                break;
            }
            // libvirt refuses a second dir pool on the same directory.
            if (s.type == QLatin1String("dir") && p.type == s.type
                && p.targetPath == s.targetPath) {
                problem = tr("Pool %1 already uses %2.").arg(p.name, s.targetPath);
                break;
            }
        }
    }
    m_problem = problem;
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && m_job == 0);
}

void CreatePoolDialog::setBusy(bool busy)
{
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_type),
                       static_cast<QWidget *>(m_sourceHost), static_cast<QWidget *>(m_port),
                       static_cast<QWidget *>(m_sourcePath), static_cast<QWidget *>(m_iqn),
                       static_cast<QWidget *>(m_vg), static_cast<QWidget *>(m_devices),
                       static_cast<QWidget *>(m_format), static_cast<QWidget *>(m_writeLabel),
                       static_cast<QWidget *>(m_target)})
        w->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy); // the job's answer is awaited
    if (busy) {
        m_error->setText(tr("Creating the pool on %1…").arg(m_hostId));
        m_error->setVisible(true);
    }
}

void CreatePoolDialog::accept()
{
    validate();
    if (!m_problem.isEmpty() || m_job != 0)
        return;
    InventoryRequest request;
    request.kind = InventoryRequest::Kind::Pool;
    request.op = InventoryRequest::Op::Create;
    request.pool = spec();
    m_job = m_manager->runInventoryJob(m_hostId, request);
    setBusy(true);
}

void CreatePoolDialog::reject()
{
    if (m_job == 0) // while the job runs, Esc and closing wait for its answer like Cancel
        QDialog::reject();
}

} // namespace Virtumancer
