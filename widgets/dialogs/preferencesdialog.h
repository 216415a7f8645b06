#pragma once

#include <QDialog>

class QCheckBox;

namespace Virtumancer {

/// The application's preferences (kept with QSettings). Today: whether the VM details window
/// lets the domain XML be edited (off by default: a typo there can break a VM, and the forms
/// cover the common changes).
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    /// Whether XML editing is enabled (the "details/xmlEditing" setting).
    static bool xmlEditingEnabled();
    static void setXmlEditingEnabled(bool enabled);

    QCheckBox *xmlEditing() const { return m_xmlEditing; }

private:
    QCheckBox *m_xmlEditing;
};

} // namespace Virtumancer
