#include "tagsdialog.h"

#include "cache/inventorystore.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace Virtumancer {

TagsDialog::TagsDialog(const QList<QStringList> &tagsPerVm, QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_new(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Tags of %n VM(s)", nullptr, int(tagsPerVm.size())));
    QMap<QString, int> counts; // sorted by name
    for (const QStringList &tags : tagsPerVm) {
        for (const QString &tag : tags)
            ++counts[tag];
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        auto *item = new QListWidgetItem(it.key(), m_list);
        const bool partial = it.value() < tagsPerVm.size();
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable
                       | (partial ? Qt::ItemIsUserTristate : Qt::NoItemFlags));
        item->setCheckState(partial ? Qt::PartiallyChecked : Qt::Checked);
        if (partial)
            item->setToolTip(tr("On %1 of the %2 VMs").arg(it.value()).arg(tagsPerVm.size()));
    }
    m_list->setVisible(m_list->count() > 0);
    m_new->setPlaceholderText(tr("New tags, separated by spaces or commas"));
    m_error->setVisible(false);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(m_list->count() > 0
                                     ? tr("Uncheck a tag to take it off; type new ones below.")
                                     : tr("No tags yet. Type some, e.g. \"prod web\":"),
                                 this));
    layout->addWidget(m_list);
    layout->addWidget(m_new);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &TagsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &TagsDialog::reject);
    m_new->setFocus();
}

QStringList TagsDialog::typedTags() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    QStringList tags = m_new->text().split(separators, Qt::SkipEmptyParts);
    tags.removeDuplicates();
    return tags;
}

QStringList TagsDialog::added() const
{
    QStringList tags = typedTags();
    for (int i = 0; i < m_list->count(); ++i) {
        // A tag some VMs had, now checked: it goes on all of them.
        const QListWidgetItem *item = m_list->item(i);
        if (item->checkState() == Qt::Checked && (item->flags() & Qt::ItemIsUserTristate)
            && !tags.contains(item->text()))
            tags.append(item->text());
    }
    return tags;
}

QStringList TagsDialog::removed() const
{
    const QStringList typed = typedTags();
    QStringList tags;
    for (int i = 0; i < m_list->count(); ++i) {
        const QListWidgetItem *item = m_list->item(i);
        if (item->checkState() == Qt::Unchecked && !typed.contains(item->text()))
            tags.append(item->text());
    }
    return tags;
}

void TagsDialog::accept()
{
    for (const QString &tag : typedTags()) {
        if (auto valid = InventoryStore::validateTag(tag); !valid) {
            m_error->setText(valid.error().message);
            m_error->setVisible(true);
            return;
        }
    }
    QDialog::accept();
}

} // namespace Virtumancer
