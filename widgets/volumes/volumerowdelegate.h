#pragma once

#include <QStyledItemDelegate>

namespace Virtumancer {

/// Greys the volume rows of hosts whose mirror is not confirmed (VolumeListModel::StaleRole)
/// and says why in the tooltip, as the VM table does; colours the derived status word.
class VolumeRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
};

} // namespace Virtumancer
