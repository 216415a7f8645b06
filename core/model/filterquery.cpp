#include "filterquery.h"

#include <QLatin1String>

#include <array>
#include <optional>

namespace Virtumancer {

namespace {

enum class Field {
    Name,
    Uuid,
    Host,
    State,
    Tag,
    Pool,
    Format,
    Status,
    Type,
    Arch,
    Vcpus,
    Mem,
    Size
};

struct KeyInfo
{
    const char *word;
    Field field;
};

// Canonical keys first (in the order the error message lists them), then aliases.
constexpr std::array<KeyInfo, 16> keyTable = {{
    {"name", Field::Name},
    {"uuid", Field::Uuid},
    {"host", Field::Host},
    {"state", Field::State},
    {"tag", Field::Tag},
    {"pool", Field::Pool},
    {"format", Field::Format},
    {"status", Field::Status},
    {"type", Field::Type},
    {"arch", Field::Arch},
    {"vcpus", Field::Vcpus},
    {"mem", Field::Mem},
    {"size", Field::Size},
    {"cpu", Field::Vcpus},
    {"cpus", Field::Vcpus},
    {"memory", Field::Mem},
}};
constexpr size_t canonicalKeyCount = 13;

constexpr std::array<const char *, 3> statusWords = {"available", "attached", "in-use"};

// Longest quoted excerpt of user input in an error message; a pasted megabyte stays readable.
constexpr qsizetype maxExcerpt = 40;

constexpr qint64 kibi = 1024;
constexpr qint64 mebi = kibi * 1024;

std::optional<Field> fieldForKey(const QString &key)
{
    for (const KeyInfo &info : keyTable) {
        if (key.compare(QLatin1String(info.word), Qt::CaseInsensitive) == 0)
            return info.field;
    }
    return std::nullopt;
}

// Term::key holds the canonical word, so aliases compare equal after parsing.
QString canonicalKey(Field field)
{
    for (size_t i = 0; i < canonicalKeyCount; ++i) {
        if (keyTable[i].field == field)
            return QString::fromLatin1(keyTable[i].word);
    }
    return {};
}

bool isNumeric(Field field)
{
    return field == Field::Vcpus || field == Field::Mem || field == Field::Size;
}

QString validKeys()
{
    QStringList words;
    for (size_t i = 0; i < canonicalKeyCount; ++i)
        words.append(QString::fromLatin1(keyTable[i].word));
    return words.join(QLatin1String(", ")) + QLatin1String(" (aliases: cpu, cpus, memory)");
}

QString validStates()
{
    QStringList words;
    for (const DomainState s : {DomainState::Running, DomainState::Paused, DomainState::Shutoff,
                                DomainState::Crashed, DomainState::PmSuspended,
                                DomainState::Blocked, DomainState::Shutdown, DomainState::NoState})
        words.append(domainStateName(s));
    return words.join(QLatin1String(", ")) + QLatin1String(" (also: off, stopped, suspended)");
}

QString validStatuses()
{
    QStringList words;
    for (const char *w : statusWords)
        words.append(QString::fromLatin1(w));
    return words.join(QLatin1String(", "));
}

// Quotes user input for a message: elided, and control characters made visible so that a
// terminal escape typed into the search box cannot reach the CLI's stderr raw.
QString excerpt(const QString &text)
{
    QString shown = text;
    if (shown.size() > maxExcerpt) {
        qsizetype cut = maxExcerpt;
        if (shown.at(cut - 1).isHighSurrogate())
            --cut;
        shown = shown.left(cut) + QLatin1String("...");
    }
    QString out;
    out.reserve(shown.size() + 2);
    out += u'"';
    for (const QChar c : shown) {
        if (c.isPrint() || c.isSurrogate())
            out += c;
        else
            out += QLatin1String("\\u") + QString::number(c.unicode(), 16).rightJustified(4, u'0');
    }
    out += u'"';
    return out;
}

QString at(qsizetype index)
{
    return QLatin1String(" at position ") + QString::number(index + 1);
}

std::unexpected<Error> invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

/// One input character after quote removal. A quoted character never acts as syntax
/// (negation, key separator, operator).
struct Char
{
    QChar c;
    bool quoted = false;
    qsizetype pos = 0; ///< index into the query text
};

/// A whitespace-separated run of the query, quotes already resolved.
struct RawToken
{
    qsizetype pos = 0;
    qsizetype end = 0; ///< one past the last input character
    QList<Char> chars;
    bool hadQuote = false; ///< distinguishes "" (empty quoted word) from nothing
};

QString join(const QList<Char> &chars, qsizetype from, qsizetype to)
{
    QString s;
    s.reserve(to - from);
    for (qsizetype i = from; i < to; ++i)
        s += chars.at(i).c;
    return s;
}

Result<QList<RawToken>> tokenize(const QString &text)
{
    QList<RawToken> tokens;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (true) {
        while (i < n && text.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        RawToken token;
        token.pos = i;
        while (i < n && !text.at(i).isSpace()) {
            const QChar c = text.at(i);
            if (c == u'"') {
                const qsizetype open = i++;
                token.hadQuote = true;
                bool closed = false;
                while (i < n) {
                    const QChar q = text.at(i);
                    if (q == u'\\' && i + 1 < n
                        && (text.at(i + 1) == u'"' || text.at(i + 1) == u'\\')) {
                        token.chars.append({text.at(i + 1), true, i});
                        i += 2;
                    } else if (q == u'"') {
                        closed = true;
                        ++i;
                        break;
                    } else {
                        token.chars.append({q, true, i});
                        ++i;
                    }
                }
                if (!closed)
                    return invalid(QLatin1String("unterminated quote") + at(open)
                                   + QLatin1String(": ") + excerpt(text.mid(open + 1)));
            } else if (c == u'\\' && i + 1 < n && text.at(i + 1) == u'"') {
                // \" outside quotes is a literal quote, so it cannot open a quoted run.
                token.chars.append({u'"', true, i});
                i += 2;
            } else {
                token.chars.append({c, false, i});
                ++i;
            }
        }
        token.end = i;
        tokens.append(std::move(token));
    }
    return tokens;
}

Result<qint64> parseNumber(const QString &raw, Field field, qsizetype pos)
{
    const QString value = raw.trimmed();
    const QString key = canonicalKey(field);
    const auto bad = [&](const char *expected) {
        return invalid(QLatin1String("bad number ") + excerpt(raw) + QLatin1String(" for ") + key
                       + at(pos) + QLatin1String(" (expected ") + QLatin1String(expected)
                       + QLatin1Char(')'));
    };
    const char *expected = field == Field::Vcpus
                               ? "a whole number"
                               : "a number with an optional unit: B, KB, MB, GB, TB, KiB, MiB, "
                                 "GiB, TiB, K, M, G, T";

    const auto isDigit = [](QChar c) {
        return c.unicode() >= u'0' && c.unicode() <= u'9';
    };
    const qsizetype n = value.size();
    qsizetype i = 0;
    while (i < n && isDigit(value.at(i)))
        ++i;
    const QString whole = value.left(i);
    QString fraction;
    bool hasPoint = false;
    if (i < n && value.at(i) == u'.') {
        hasPoint = true;
        const qsizetype start = ++i;
        while (i < n && isDigit(value.at(i)))
            ++i;
        fraction = value.mid(start, i - start);
    }
    if ((whole.isEmpty() && fraction.isEmpty()) || (hasPoint && fraction.isEmpty()))
        return bad(expected);
    const QString unit = value.mid(i).trimmed().toLower();

    qint64 multiplier = 1;
    if (field == Field::Vcpus) {
        if (hasPoint || !unit.isEmpty())
            return bad(expected);
    } else if (unit.isEmpty()) {
        // Users type mem:>2048 meaning MiB (virsh and virt-manager show memory in MiB);
        // a disk size without a unit is bytes.
        multiplier = field == Field::Mem ? mebi : 1;
    } else {
        struct Unit
        {
            const char *word;
            qint64 factor;
        };
        // K/M/G/T are binary, as in libvirt's <memory unit='K'>.
        static constexpr std::array<Unit, 13> units = {{
            {"b", 1},
            {"kb", 1000LL},
            {"mb", 1000LL * 1000},
            {"gb", 1000LL * 1000 * 1000},
            {"tb", 1000LL * 1000 * 1000 * 1000},
            {"kib", kibi},
            {"mib", mebi},
            {"gib", mebi * kibi},
            {"tib", mebi * mebi},
            {"k", kibi},
            {"m", mebi},
            {"g", mebi * kibi},
            {"t", mebi * mebi},
        }};
        bool found = false;
        for (const Unit &u : units) {
            if (unit == QLatin1String(u.word)) {
                multiplier = u.factor;
                found = true;
                break;
            }
        }
        if (!found)
            return bad(expected);
    }

    const auto tooLarge = [&] {
        return invalid(QLatin1String("number too large ") + excerpt(raw) + QLatin1String(" for ")
                       + key + at(pos));
    };
    qint64 wholeValue = 0;
    if (!whole.isEmpty()) {
        bool ok = false;
        wholeValue = whole.toLongLong(&ok);
        if (!ok)
            return tooLarge();
    }
    qint64 result = 0;
    if (__builtin_mul_overflow(wholeValue, multiplier, &result))
        return tooLarge();
    if (!fraction.isEmpty()) {
        // multiplier <= 2^40, so the product fits a double's exact range well enough.
        const double part = QString(QLatin1String("0.") + fraction).toDouble() * double(multiplier);
        if (__builtin_add_overflow(result, qRound64(part), &result))
            return tooLarge();
    }
    return result;
}

Result<FilterQuery::Term> interpret(const RawToken &token)
{
    using Op = FilterQuery::Op;
    const QList<Char> &chars = token.chars;
    const qsizetype size = chars.size();
    FilterQuery::Term term;

    qsizetype start = 0;
    if (size > 0 && !chars.at(0).quoted && chars.at(0).c == u'-') {
        if (size == 1 && !token.hadQuote)
            return invalid(QLatin1String("\"-\"") + at(token.pos)
                           + QLatin1String(" must be followed by a term"));
        term.negated = true;
        start = 1;
    }

    // The key is the unquoted text before the first colon: "a:b" (quoted) stays a bare word.
    qsizetype colon = -1;
    for (qsizetype k = start; k < size; ++k) {
        if (chars.at(k).quoted)
            break;
        if (chars.at(k).c == u':') {
            colon = k;
            break;
        }
    }

    if (colon < 0) {
        term.text = join(chars, start, size).toLower();
        if (term.text.isEmpty())
            return invalid(QLatin1String("empty term") + at(token.pos));
        term.op = Op::Contains;
        return term;
    }

    const QString key = join(chars, start, colon);
    if (key.isEmpty())
        return invalid(QLatin1String("missing key before \":\"") + at(chars.at(colon).pos)
                       + QLatin1String("; valid keys: ") + validKeys());
    const std::optional<Field> field = fieldForKey(key);
    if (!field)
        return invalid(QLatin1String("unknown key ") + excerpt(key) + at(chars.at(start).pos)
                       + QLatin1String("; valid keys: ") + validKeys());
    term.key = canonicalKey(*field);

    qsizetype k = colon + 1;
    std::optional<Op> op;
    if (k < size && !chars.at(k).quoted) {
        const QChar c = chars.at(k).c;
        const bool nextIsEqual
            = k + 1 < size && !chars.at(k + 1).quoted && chars.at(k + 1).c == u'=';
        if (c == u'>') {
            op = nextIsEqual ? Op::GreaterEqual : Op::Greater;
            k += nextIsEqual ? 2 : 1;
        } else if (c == u'<') {
            op = nextIsEqual ? Op::LessEqual : Op::Less;
            k += nextIsEqual ? 2 : 1;
        } else if (c == u'=') {
            op = Op::Equal;
            ++k;
        }
    }
    const QString value = join(chars, k, size);
    const qsizetype valuePos = k < size ? chars.at(k).pos : token.end;
    if (value.isEmpty())
        return invalid(QLatin1String("empty value for ") + excerpt(key + QLatin1Char(':'))
                       + at(valuePos));

    if (isNumeric(*field)) {
        const Result<qint64> number = parseNumber(value, *field, valuePos);
        if (!number)
            return std::unexpected(number.error());
        term.op = op.value_or(Op::Equal);
        term.number = *number;
        return term;
    }

    if (op && *op != Op::Equal)
        return invalid(QLatin1String("comparison ") + excerpt(join(chars, start, size))
                       + at(chars.at(colon + 1).pos) + QLatin1String(": ") + term.key
                       + QLatin1String(" is a text key; only vcpus, mem and size compare with "
                                       "<, <=, >, >="));

    const QString lower = value.toLower();
    switch (*field) {
    case Field::State: {
        DomainState state;
        if (!domainStateFromName(value.trimmed(), &state))
            return invalid(QLatin1String("unknown state ") + excerpt(value) + at(valuePos)
                           + QLatin1String("; valid states: ") + validStates());
        term.op = Op::Equal;
        term.text = domainStateName(state);
        return term;
    }
    case Field::Status: {
        for (const char *w : statusWords) {
            if (lower == QLatin1String(w)) {
                term.op = Op::Equal;
                term.text = lower;
                return term;
            }
        }
        return invalid(QLatin1String("unknown status ") + excerpt(value) + at(valuePos)
                       + QLatin1String("; valid statuses: ") + validStatuses());
    }
    case Field::Name:
    case Field::Uuid:
        // Substring (name) or prefix (uuid) unless "=" asks for the exact value.
        term.op = op.value_or(Op::Contains);
        term.text = lower;
        return term;
    default:
        term.op = Op::Equal;
        term.text = lower;
        return term;
    }
}

bool sameText(const QString &field, const QString &text)
{
    return !field.isEmpty() && field.compare(text, Qt::CaseInsensitive) == 0;
}

bool compareNumber(qint64 value, FilterQuery::Op op, qint64 number)
{
    if (value < 0) // not applicable to this subject
        return false;
    switch (op) {
    case FilterQuery::Op::Less:
        return value < number;
    case FilterQuery::Op::LessEqual:
        return value <= number;
    case FilterQuery::Op::Greater:
        return value > number;
    case FilterQuery::Op::GreaterEqual:
        return value >= number;
    case FilterQuery::Op::Equal:
    case FilterQuery::Op::Contains:
        return value == number;
    }
    return false;
}

bool holds(const FilterQuery::Term &term, const FilterQuery::Subject &s)
{
    using Op = FilterQuery::Op;
    if (term.key.isEmpty())
        return s.name.contains(term.text, Qt::CaseInsensitive);
    const std::optional<Field> field = fieldForKey(term.key);
    if (!field)
        return false;
    switch (*field) {
    case Field::Name:
        return term.op == Op::Equal ? sameText(s.name, term.text)
                                    : s.name.contains(term.text, Qt::CaseInsensitive);
    case Field::Uuid:
        return term.op == Op::Equal
                   ? sameText(s.uuid, term.text)
                   : !s.uuid.isEmpty() && s.uuid.startsWith(term.text, Qt::CaseInsensitive);
    case Field::Host:
        return sameText(s.host, term.text);
    case Field::State:
        return sameText(s.state, term.text);
    case Field::Tag:
        for (const QString &tag : s.tags) {
            if (sameText(tag, term.text))
                return true;
        }
        return false;
    case Field::Pool:
        return sameText(s.pool, term.text);
    case Field::Format:
        return sameText(s.format, term.text);
    case Field::Status:
        return sameText(s.status, term.text);
    case Field::Type:
        return sameText(s.type, term.text);
    case Field::Arch:
        return sameText(s.arch, term.text);
    case Field::Vcpus:
        return compareNumber(s.vcpus, term.op, term.number);
    case Field::Mem:
        return compareNumber(s.memBytes, term.op, term.number);
    case Field::Size:
        return compareNumber(s.sizeBytes, term.op, term.number);
    }
    return false;
}

} // namespace

Result<FilterQuery> FilterQuery::parse(const QString &text)
{
    const Result<QList<RawToken>> tokens = tokenize(text);
    if (!tokens)
        return std::unexpected(tokens.error());
    FilterQuery query;
    query.m_terms.reserve(tokens->size());
    for (const RawToken &token : *tokens) {
        Result<Term> term = interpret(token);
        if (!term)
            return std::unexpected(term.error());
        query.m_terms.append(std::move(*term));
    }
    return query;
}

bool FilterQuery::matches(const Subject &subject) const
{
    for (const Term &term : m_terms) {
        if (holds(term, subject) == term.negated)
            return false;
    }
    return true;
}

FilterQuery::Subject FilterQuery::subjectFor(const DomainInfo &domain, const QString &hostId,
                                             const QStringList &tags)
{
    Subject s;
    s.name = domain.name;
    s.uuid = domain.uuid;
    s.host = hostId;
    s.state = domainStateName(domain.state);
    s.tags = tags;
    s.type = domain.osType;
    s.arch = domain.arch;
    s.vcpus = domain.vcpuCount;
    s.memBytes = domain.memoryBytes;
    return s;
}

FilterQuery::Subject FilterQuery::subjectFor(const VolumeInfo &volume, const QString &hostId,
                                             const QString &poolName, const QString &status)
{
    Subject s;
    s.name = volume.name;
    s.host = hostId;
    s.state = status;
    s.pool = poolName;
    s.format = volume.format;
    s.status = status;
    s.type = volume.type;
    s.sizeBytes = volume.capacityBytes;
    return s;
}

Result<qint64> FilterQuery::parseSize(const QString &text)
{
    return parseNumber(text, Field::Size, 0);
}

} // namespace Virtumancer
