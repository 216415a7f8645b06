#include "rowdelegates.h"

#include "graphs/timeseriesgraph.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCoreApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QIcon>
#include <QHash>
#include <QToolTip>

namespace Virtumancer {

QString asOfText(qint64 ms)
{
    if (ms <= 0)
        return QCoreApplication::translate("Virtumancer", "never synced");
    return QCoreApplication::translate("Virtumancer", "as of %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat));
}

QIcon stateIcon(DomainState state)
{
    static QHash<int, QIcon> cache;
    if (auto it = cache.constFind(int(state)); it != cache.cend())
        return *it;
    // Drawn rather than taken from the icon theme: the same on every desktop, and present
    // under a bare X server.
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        QColor color;
        switch (state) {
        case DomainState::Running:
            color = QColor(0x2e, 0x9d, 0x4a);
            break;
        case DomainState::Paused:
        case DomainState::PmSuspended:
            color = QColor(0xd9, 0x8e, 0x04);
            break;
        case DomainState::Crashed:
            color = QColor(0xc0, 0x1c, 0x28);
            break;
        default:
            color = QColor(0x77, 0x76, 0x7b);
            break;
        }
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88));
        p.setBrush(Qt::white);
        switch (state) {
        case DomainState::Running:
            p.drawPolygon(QPolygonF({QPointF(s * 0.38, s * 0.28), QPointF(s * 0.74, s * 0.5),
                                     QPointF(s * 0.38, s * 0.72)}));
            break;
        case DomainState::Paused:
        case DomainState::PmSuspended:
            p.drawRect(QRectF(s * 0.33, s * 0.3, s * 0.12, s * 0.4));
            p.drawRect(QRectF(s * 0.55, s * 0.3, s * 0.12, s * 0.4));
            break;
        case DomainState::Crashed:
            p.setPen(QPen(Qt::white, s * 0.12, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(s * 0.34, s * 0.34), QPointF(s * 0.66, s * 0.66));
            p.drawLine(QPointF(s * 0.66, s * 0.34), QPointF(s * 0.34, s * 0.66));
            break;
        default:
            p.drawRect(QRectF(s * 0.34, s * 0.34, s * 0.32, s * 0.32));
            break;
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(int(state), icon);
    return icon;
}

void StaleRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == DomainListModel::StateColumn) {
        option->icon = stateIcon(DomainState(index.data(DomainListModel::StateRole).toInt()));
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
    }
    if (index.data(DomainListModel::StaleRole).toBool()) {
        option->palette.setBrush(QPalette::Text,
                                 option->palette.brush(QPalette::Disabled, QPalette::Text));
        if (!option->icon.isNull()) // the state badge greys with the row
            option->icon = QIcon(option->icon.pixmap(option->decorationSize, QIcon::Disabled));
    }
}

bool StaleRowDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                 const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && index.data(DomainListModel::StaleRole).toBool()) {
        QString text = tr("Host %1 is not connected; showing the mirror %2.")
                           .arg(index.data(DomainListModel::HostRole).toString(),
                                asOfText(index.data(DomainListModel::AsOfRole).toLongLong()));
        const QString own = index.data(Qt::ToolTipRole).toString();
        if (!own.isEmpty())
            text = own + QLatin1Char('\n') + text;
        QToolTip::showText(event->globalPos(), text, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Background and selection first, then the line, then the value on top of it.
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const QList<double> values = index.data(DomainListModel::SparklineRole).value<QList<double>>();
    const double max = index.data(DomainListModel::SparklineMaxRole).toDouble();
    const bool selected = opt.state & QStyle::State_Selected;
    QColor line = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    if (index.data(DomainListModel::StaleRole).toBool())
        line = opt.palette.color(QPalette::Disabled, QPalette::Text);
    paintSparkline(painter, QRectF(opt.rect).adjusted(2, 3, -2, -3), values, max, line);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(opt.rect.adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, text);
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = StaleRowDelegate::sizeHint(option, index);
    size.setWidth(qMax(size.width(), 110));
    return size;
}

QString hostStatusLine(const QModelIndex &index)
{
    const auto state = HostState(index.data(HostListModel::StateRole).toInt());
    const int done = index.data(HostListModel::SyncDoneRole).toInt();
    const int total = index.data(HostListModel::SyncTotalRole).toInt();
    QString stateText;
    switch (state) {
    case HostState::Connected:
        // A full sync in progress: the host's cached rows stay on show meanwhile.
        if (total > 0)
            stateText = HostItemDelegate::tr("syncing %1 of %2").arg(done).arg(total);
        else if (total == 0)
            stateText = HostItemDelegate::tr("syncing…");
        else
            stateText = HostItemDelegate::tr("connected");
        break;
    case HostState::Connecting:
        stateText = HostItemDelegate::tr("connecting…");
        break;
    case HostState::Error:
        stateText = HostItemDelegate::tr("error");
        break;
    case HostState::Disconnected:
        stateText = HostItemDelegate::tr("disconnected");
        break;
    }
    return HostItemDelegate::tr("%1 · %2").arg(
        stateText, asOfText(index.data(HostListModel::LastSyncRole).toLongLong()));
}

void HostItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto state = HostState(index.data(HostListModel::StateRole).toInt());
    // The line separator (not '\n', which item views flatten) puts the state under the name.
    option->text = option->text + QChar(QChar::LineSeparator) + hostStatusLine(index);
    option->features |= QStyleOptionViewItem::WrapText; // name on one line, state below
    if (state != HostState::Connected)
        option->palette.setBrush(QPalette::Text,
                                 option->palette.brush(QPalette::Disabled, QPalette::Text));
}

} // namespace Virtumancer
