#include "edithostdialog.h"

#include "connection/connectionmanager.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Virtumancer {

EditHostDialog::EditHostDialog(ConnectionManager *manager, const HostRecord &host,
                               QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_hostId(host.id)
    , m_name(new QLineEdit(host.displayName, this))
    , m_uri(new QLineEdit(host.uri, this))
    , m_autoconnect(new QCheckBox(tr("Connect when Virtumancer starts"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Edit Host %1").arg(host.id));
    m_autoconnect->setChecked(host.autoconnect);
    m_uri->setMinimumWidth(360);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    m_error->setVisible(false);
    auto *id = new QLabel(host.id, this);
    id->setToolTip(tr("The id keys the host's mirror and keyring entry; it cannot change."));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Id:"), id);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&URI:"), m_uri);
    form->addRow(QString(), m_autoconnect);
    form->addRow(m_error);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EditHostDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EditHostDialog::reject);
    connect(m_manager, &ConnectionManager::hostEdited, this,
            [this](const HostRecord &edited, const Error &error) {
                if (edited.id != m_hostId && error.code == ErrorCode::None)
                    return;
                m_buttons->setEnabled(true);
                if (error.code != ErrorCode::None) {
                    m_error->setText(error.message);
                    m_error->setVisible(true);
                    return;
                }
                QDialog::accept();
            });
}

void EditHostDialog::accept()
{
    if (m_uri->text().trimmed().isEmpty()) {
        m_error->setText(tr("The URI cannot be empty."));
        m_error->setVisible(true);
        return;
    }
    m_error->setVisible(false);
    m_buttons->setEnabled(false); // until the cache answers
    m_manager->editHost(m_hostId, m_uri->text().trimmed(), m_name->text().trimmed(),
                        m_autoconnect->isChecked());
}

} // namespace Virtumancer
