#include "auditmodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

namespace Virtumancer {

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return QCoreApplication::translate("AuditModel", "Time");
    case LevelColumn:
        return QCoreApplication::translate("AuditModel", "Level");
    case HostColumn:
        return QCoreApplication::translate("AuditModel", "Host");
    case ActionColumn:
        return QCoreApplication::translate("AuditModel", "Action");
    case OutcomeColumn:
        return QCoreApplication::translate("AuditModel", "Outcome");
    case MessageColumn:
        return QCoreApplication::translate("AuditModel", "Message");
    default:
        return {};
    }
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent &e = m_events.at(index.row());
    if (role == EventIdRole)
        return e.id;
    if (role == ObjectsRole) {
        QStringList objects;
        for (const AuditObject &o : e.objects)
            objects.append(o.type + QLatin1Char(':') + o.id);
        return objects;
    }
    if (role == Qt::ToolTipRole) {
        QString tip = e.message;
        if (!e.error.isEmpty())
            tip += QLatin1Char('\n') + e.error;
        if (!e.details.isEmpty())
            tip += QLatin1Char('\n')
                   + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented));
        return tip;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.tsMs), QLocale::ShortFormat);
    case LevelColumn:
        return auditLevelName(e.level);
    case HostColumn:
        return e.hostId;
    case ActionColumn:
        return e.action;
    case OutcomeColumn:
        return e.ok ? QStringLiteral("ok") : QStringLiteral("failed");
    case MessageColumn:
        return e.ok ? e.message : e.message + QStringLiteral(" — ") + e.error;
    default:
        return {};
    }
}

void AuditModel::setEvents(const QList<AuditEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

const AuditEvent *AuditModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events.at(row) : nullptr;
}

} // namespace Virtumancer
