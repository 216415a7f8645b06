#pragma once

#include "cache/auditlog.h"

#include <QAbstractTableModel>

namespace Virtumancer {

/// Audit events as a table (newest first): time, level, host, action, outcome, message.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        LevelColumn,
        HostColumn,
        ActionColumn,
        OutcomeColumn,
        MessageColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { EventIdRole = Qt::UserRole + 1, ObjectsRole };
    Q_ENUM(Role)

    explicit AuditModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setEvents(const QList<AuditEvent> &events);
    const AuditEvent *eventAt(int row) const;

private:
    QList<AuditEvent> m_events;
};

} // namespace Virtumancer
