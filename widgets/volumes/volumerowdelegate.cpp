#include "volumerowdelegate.h"

#include "mainwindow/rowdelegates.h"
#include "model/volumelistmodel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace Virtumancer {

void VolumeRowDelegate::initStyleOption(QStyleOptionViewItem *option,
                                        const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(VolumeListModel::StaleRole).toBool()) {
        option->palette.setBrush(QPalette::Text,
                                 option->palette.brush(QPalette::Disabled, QPalette::Text));
        return;
    }
    if (index.column() == VolumeListModel::StatusColumn
        && index.data(VolumeListModel::StatusRole).toString() == QLatin1String("in-use")) {
        option->font.setBold(true); // a running VM uses it: the one state that blocks most
    }
}

bool VolumeRowDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && index.data(VolumeListModel::StaleRole).toBool()) {
        QString text = tr("Host %1 is not connected; showing the mirror %2.")
                           .arg(index.data(VolumeListModel::HostRole).toString(),
                                asOfText(index.data(VolumeListModel::AsOfRole).toLongLong()));
        const QString own = index.data(Qt::ToolTipRole).toString();
        if (!own.isEmpty())
            text = own + QLatin1Char('\n') + text;
        QToolTip::showText(event->globalPos(), text, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace Virtumancer
