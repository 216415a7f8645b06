#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Virtumancer {

/// The one search language of GUI and CLI (DESIGN §6):
///   bare words        name contains word (case-insensitive); all terms must hold (AND)
///   key:value         host: state: tag: pool: format: status: type: name: uuid: arch:
///   comparisons       vcpus:>2  mem:>=4GiB  size:>10GB  (=, >, >=, <, <=; units B KB MB GB TB
///                     KiB MiB GiB TiB, case-insensitive; bare number = bytes for sizes)
///   quotes            name:"my vm"  "two words"   (backslash escapes a quote)
///   negation          -term  -state:running
/// Parsing errors (unknown key, bad number, unterminated quote, empty value) give
/// ErrorCode::InvalidArgument with the offending position in the message.
class FilterQuery
{
public:
    enum class Op { Contains, Equal, Less, LessEqual, Greater, GreaterEqual };

    struct Term
    {
        QString key; ///< empty for a bare word (matches name)
        Op op = Op::Contains;
        QString text;    ///< for text matches (lower-cased)
        qint64 number = 0; ///< for numeric comparisons (bytes for sizes)
        bool negated = false;
        friend bool operator==(const Term &, const Term &) = default;
    };

    /// What a term can be matched against. Fields not relevant to the object are left empty.
    struct Subject
    {
        QString name;
        QString uuid;
        QString host;
        QString state; ///< word: running, shutoff, ... (VM) — or status for volumes
        QStringList tags;
        QString pool;
        QString format;
        QString status; ///< volume status: available, attached, in-use
        QString type;
        QString arch;
        qint64 vcpus = -1;  ///< -1 = not applicable
        qint64 memBytes = -1;
        qint64 sizeBytes = -1;
    };

    static Result<FilterQuery> parse(const QString &text);

    bool isEmpty() const { return m_terms.isEmpty(); }
    const QList<Term> &terms() const { return m_terms; }
    bool matches(const Subject &subject) const;

    static Subject subjectFor(const DomainInfo &domain, const QString &hostId,
                              const QStringList &tags = {});
    static Subject subjectFor(const VolumeInfo &volume, const QString &hostId,
                              const QString &poolName, const QString &status);

private:
    QList<Term> m_terms;
};

} // namespace Virtumancer
