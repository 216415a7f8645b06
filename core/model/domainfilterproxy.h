#pragma once

#include "model/error.h"
#include "model/filterquery.h"

#include <QSortFilterProxyModel>

namespace Virtumancer {

/// Filters and sorts a DomainListModel with the shared query language (FilterQuery): the same
/// parser the CLI's --filter uses. A bad query leaves the current filter in place and returns
/// the error for the view to show inline.
class DomainFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DomainFilterProxy(QObject *parent = nullptr);

    Result<> setQuery(const QString &text);
    QString queryText() const { return m_text; }
    /// Only this host's VMs (empty: every host), on top of the query (the host list's choice).
    void setHostFilter(const QString &hostId);
    QString hostFilter() const { return m_host; }

Q_SIGNALS:
    void queryChanged(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    FilterQuery m_query;
    QString m_text;
    QString m_host;
};

} // namespace Virtumancer
