#pragma once

#include "model/error.h"
#include "model/filterquery.h"

#include <QSortFilterProxyModel>

namespace Virtumancer {

class VolumeListModel;

/// Filters and sorts a VolumeListModel with the shared query language (FilterQuery: pool:,
/// format:, status:, size:>10GB, host:, bare words for names), the parser the CLI's
/// `volume list --filter` uses. Sizes and attachment counts sort as numbers. A bad query leaves
/// the current filter in place and returns the error for the view to show inline.
class VolumeFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit VolumeFilterProxy(QObject *parent = nullptr);

    Result<> setQuery(const QString &text);
    QString queryText() const { return m_text; }
    /// Only volumes attached to no VM (the orphans view), on top of the query.
    void setOrphansOnly(bool orphans);
    bool orphansOnly() const { return m_orphans; }
    void setSourceModel(QAbstractItemModel *model) override;

Q_SIGNALS:
    void queryChanged(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const VolumeListModel *m_volumes = nullptr; ///< the source, when it is one
    FilterQuery m_query;
    QString m_text;
    bool m_orphans = false;
};

} // namespace Virtumancer
