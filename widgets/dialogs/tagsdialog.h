#pragma once

#include <QDialog>
#include <QStringList>

class QLabel;
class QLineEdit;
class QListWidget;

namespace Virtumancer {

/// Edits the tags of one or more VMs: every tag any of them has, checked when all have it and
/// partly checked when some do (left partial, it is left alone), plus new tags typed in.
/// The caller applies added()/removed() (through ConnectionManager::editTags).
class TagsDialog : public QDialog
{
    Q_OBJECT
public:
    /// tagsPerVm: the current tags of each selected VM.
    TagsDialog(const QList<QStringList> &tagsPerVm, QWidget *parent = nullptr);

    /// Tags to put on every selected VM.
    QStringList added() const;
    /// Tags to take off every selected VM.
    QStringList removed() const;

    QListWidget *tagList() const { return m_list; }
    QLineEdit *newTagsField() const { return m_new; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    QStringList typedTags() const;

    QListWidget *m_list;
    QLineEdit *m_new;
    QLabel *m_error;
};

} // namespace Virtumancer
