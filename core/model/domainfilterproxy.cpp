#include "domainfilterproxy.h"

#include "model/domainlistmodel.h"

namespace Virtumancer {

DomainFilterProxy::DomainFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(DomainListModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

Result<> DomainFilterProxy::setQuery(const QString &text)
{
    if (text == m_text)
        return {};
    auto parsed = FilterQuery::parse(text);
    if (!parsed)
        return std::unexpected(parsed.error());
    m_query = *parsed;
    m_text = text;
    invalidateFilter();
    Q_EMIT queryChanged(text);
    return {};
}

void DomainFilterProxy::setHostFilter(const QString &hostId)
{
    if (hostId == m_host)
        return;
    m_host = hostId;
    invalidateFilter();
}

bool DomainFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_query.isEmpty() && m_host.isEmpty())
        return true;
    const auto *model = qobject_cast<const DomainListModel *>(sourceModel());
    const InventoryStore::DomainRow *row
        = model && !sourceParent.isValid() ? model->rowAt(sourceRow) : nullptr;
    if (!row)
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    if (!m_host.isEmpty() && row->hostId != m_host)
        return false;
    return m_query.matches(FilterQuery::subjectFor(row->domain, row->hostId, row->tags));
}

bool DomainFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Names and hosts compare the rows' own strings: going through SortRole would build two
    // lower-cased copies per comparison, and a sort of 10,000 rows makes ~140,000 comparisons
    // (so does re-sorting a host's rows when their stale flag changes).
    const auto *model = qobject_cast<const DomainListModel *>(sourceModel());
    const InventoryStore::DomainRow *a = model ? model->rowAt(left.row()) : nullptr;
    const InventoryStore::DomainRow *b = model ? model->rowAt(right.row()) : nullptr;
    if (a && b && left.column() == right.column()) {
        switch (left.column()) {
        case DomainListModel::NameColumn:
            return a->domain.name.compare(b->domain.name, Qt::CaseInsensitive) < 0;
        case DomainListModel::HostColumn:
            return a->hostId.compare(b->hostId, Qt::CaseInsensitive) < 0;
        default:
            break;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace Virtumancer
