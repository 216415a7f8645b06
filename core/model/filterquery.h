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
///                     keys are case-insensitive; aliases cpu/cpus = vcpus, memory = mem.
///                     name: substring; uuid: prefix; name:=x / uuid:=x exact; all other text
///                     keys are exact (case-insensitive); tag: holds if any tag is equal.
///                     state: takes running paused shutoff crashed pmsuspended blocked shutdown
///                     nostate (and the synonyms off, stopped, suspended); status: takes
///                     available attached in-use. Other words are a parse error.
///   comparisons       vcpus:>2  mem:>=4GiB  size:>10GB  (=, >, >=, <, <=; no operator means =;
///                     units B KB MB GB TB (powers of 1000), KiB MiB GiB TiB and K M G T
///                     (powers of 1024, as in libvirt), case-insensitive, decimals allowed:
///                     1.5GiB. A bare number is MiB for mem (mem:>2048) and bytes for size;
///                     vcpus takes whole numbers only.) Comparisons on text keys are errors.
///   quotes            name:"my vm"  "two words"   (backslash escapes a quote or a backslash)
///                     a quoted colon or operator is plain text: "a:b" is a bare word.
///   negation          -term  -state:running
/// A term whose field does not apply to the subject (vcpus of a volume, pool of a VM) does not
/// hold, so its negation does. The empty query matches everything.
/// Parsing errors (unknown key, bad number, unterminated quote, empty value, comparison on a
/// text key) give ErrorCode::InvalidArgument with the offending text and its 1-based position
/// in the message.
class FilterQuery
{
public:
    enum class Op { Contains, Equal, Less, LessEqual, Greater, GreaterEqual };

    struct Term
    {
        QString key;          ///< canonical, lower-case (aliases resolved); empty for a bare word
        Op op = Op::Contains; ///< Contains: substring (name, bare word) or prefix (uuid)
        QString text;         ///< for text matches (lower-cased)
        qint64 number = 0;    ///< for numeric comparisons (bytes for mem and size)
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
        qint64 vcpus = -1; ///< -1 = not applicable
        qint64 memBytes = -1;
        qint64 sizeBytes = -1;
    };

    static Result<FilterQuery> parse(const QString &text);
    /// A size as the size: key takes it (10G, 512MiB, 1.5GB; a bare number is bytes), for
    /// other inputs that want the same language (the CLI's --capacity).
    static Result<qint64> parseSize(const QString &text);

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
