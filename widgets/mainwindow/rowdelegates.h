#pragma once

#include "model/types.h"

#include <QIcon>
#include <QStyledItemDelegate>

namespace Virtumancer {

/// Greys the rows of hosts whose mirror is not confirmed (StaleRole) and explains why in the
/// tooltip ("as of <last sync>, local time").
class StaleRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
};

/// A usage cell (CPU, memory): a sparkline of the recent samples behind the latest value.
class SparklineDelegate : public StaleRowDelegate
{
    Q_OBJECT
public:
    using StaleRowDelegate::StaleRowDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

/// Shows each host with its connection state, greyed unless connected.
class HostItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

/// The line under a host's name: its state ("connected", "syncing 812 of 2000", "error") and
/// how current its mirror is.
QString hostStatusLine(const QModelIndex &hostIndex);

/// A round badge for a VM state (green play, amber pause, grey stop, red cross).
QIcon stateIcon(DomainState state);

/// "as of 25/11/2026 10:12" in local time, or "never synced".
QString asOfText(qint64 ms);

} // namespace Virtumancer
