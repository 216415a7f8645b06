#include "rowdelegates.h"

#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"

#include <QAbstractItemView>
#include <QCoreApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QToolTip>

namespace Virtumancer {

QString asOfText(qint64 ms)
{
    if (ms <= 0)
        return QCoreApplication::translate("Virtumancer", "never synced");
    return QCoreApplication::translate("Virtumancer", "as of %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat));
}

void StaleRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(DomainListModel::StaleRole).toBool())
        option->palette.setBrush(QPalette::Text,
                                 option->palette.brush(QPalette::Disabled, QPalette::Text));
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

void HostItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto state = HostState(index.data(HostListModel::StateRole).toInt());
    QString stateText;
    switch (state) {
    case HostState::Connected:
        stateText = tr("connected");
        break;
    case HostState::Connecting:
        stateText = tr("connecting…");
        break;
    case HostState::Error:
        stateText = tr("error");
        break;
    case HostState::Disconnected:
        stateText = tr("disconnected");
        break;
    }
    // The line separator (not '\n', which item views flatten) puts the state under the name.
    option->text = option->text + QChar(QChar::LineSeparator)
                   + tr("%1 · %2").arg(
                       stateText, asOfText(index.data(HostListModel::LastSyncRole).toLongLong()));
    option->features |= QStyleOptionViewItem::WrapText; // name on one line, state below
    if (state != HostState::Connected)
        option->palette.setBrush(QPalette::Text,
                                 option->palette.brush(QPalette::Disabled, QPalette::Text));
}

} // namespace Virtumancer
