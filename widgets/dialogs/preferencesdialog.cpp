#include "preferencesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {
const QString xmlEditingKey = QStringLiteral("details/xmlEditing");
}

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_xmlEditing(
          new QCheckBox(tr("Allow &editing the domain XML in the VM details window"), this))
{
    setWindowTitle(tr("Preferences"));
    m_xmlEditing->setChecked(xmlEditingEnabled());
    auto *hint = new QLabel(tr("libvirt checks the edited XML when it is applied; a rejected "
                               "change leaves the VM as it was."),
                            this);
    hint->setWordWrap(true);
    auto *group = new QGroupBox(tr("Virtual machines"), this);
    auto *groupLayout = new QVBoxLayout(group);
    groupLayout->addWidget(m_xmlEditing);
    groupLayout->addWidget(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(group);
    layout->addStretch();
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        setXmlEditingEnabled(m_xmlEditing->isChecked());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool PreferencesDialog::xmlEditingEnabled()
{
    return QSettings().value(xmlEditingKey, false).toBool();
}

void PreferencesDialog::setXmlEditingEnabled(bool enabled)
{
    QSettings().setValue(xmlEditingKey, enabled);
}

} // namespace Virtumancer
