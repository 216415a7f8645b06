#include "sqlscript.h"

namespace Virtumancer {

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isIdentifierPart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Where a statement stands with respect to the CREATE ... TRIGGER prefix.
enum class Prefix {
    Start,      // no token yet
    Create,     // saw CREATE
    CreateTemp, // saw CREATE TEMP|TEMPORARY
    Trigger,    // inside CREATE TRIGGER: ';' ends the statement only after "; END"
    Other,      // any other statement: ';' ends it
};

} // namespace

QStringList splitSqlStatements(const QString &script)
{
    QStringList statements;
    const qsizetype n = script.size();

    qsizetype start = -1; // offset of the current statement's first token, -1 = none yet
    Prefix prefix = Prefix::Start;
    // Inside a trigger: did the last two tokens read ";" and then "END"?
    bool lastWasSemicolon = false;
    bool lastWasEndAfterSemicolon = false;

    auto finishStatement = [&](qsizetype end) {
        if (start >= 0) {
            const QString text = script.mid(start, end - start).trimmed();
            if (!text.isEmpty())
                statements.append(text);
        }
        start = -1;
        prefix = Prefix::Start;
        lastWasSemicolon = false;
        lastWasEndAfterSemicolon = false;
    };
    // Every token except ';' goes through here.
    auto token = [&](qsizetype at, const QString &word) {
        if (start < 0)
            start = at;
        switch (prefix) {
        case Prefix::Start:
            prefix = word.compare(QLatin1String("CREATE"), Qt::CaseInsensitive) == 0
                         ? Prefix::Create
                         : Prefix::Other;
            break;
        case Prefix::Create:
            if (word.compare(QLatin1String("TEMP"), Qt::CaseInsensitive) == 0
                || word.compare(QLatin1String("TEMPORARY"), Qt::CaseInsensitive) == 0)
                prefix = Prefix::CreateTemp;
            else
                prefix = word.compare(QLatin1String("TRIGGER"), Qt::CaseInsensitive) == 0
                             ? Prefix::Trigger
                             : Prefix::Other;
            break;
        case Prefix::CreateTemp:
            prefix = word.compare(QLatin1String("TRIGGER"), Qt::CaseInsensitive) == 0
                         ? Prefix::Trigger
                         : Prefix::Other;
            break;
        case Prefix::Trigger:
            lastWasEndAfterSemicolon
                = lastWasSemicolon && word.compare(QLatin1String("END"), Qt::CaseInsensitive) == 0;
            lastWasSemicolon = false;
            break;
        case Prefix::Other:
            break;
        }
    };

    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < n && script.at(i + 1) == u'-') {
            // A line comment runs to the end of the line (or the script).
            const qsizetype eol = script.indexOf(u'\n', i);
            i = eol < 0 ? n : eol + 1;
        } else if (c == u'/' && i + 1 < n && script.at(i + 1) == u'*') {
            const qsizetype close = script.indexOf(QLatin1String("*/"), i + 2);
            i = close < 0 ? n : close + 2;
        } else if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            // A string or quoted identifier; a doubled quote is an escaped quote.
            const QChar closeChar = c == u'[' ? QChar(u']') : c;
            const qsizetype at = i;
            ++i;
            while (i < n) {
                if (script.at(i) == closeChar) {
                    if (closeChar != u']' && i + 1 < n && script.at(i + 1) == closeChar) {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            token(at, QString()); // never a keyword
        } else if (c == u';') {
            if (prefix == Prefix::Trigger && !lastWasEndAfterSemicolon) {
                // A statement inside the trigger body.
                lastWasSemicolon = true;
                ++i;
                continue;
            }
            finishStatement(i);
            ++i;
        } else if (isIdentifierStart(c)) {
            const qsizetype at = i;
            while (i < n && isIdentifierPart(script.at(i)))
                ++i;
            token(at, script.mid(at, i - at));
        } else {
            token(i, QString(c));
            ++i;
        }
    }
    finishStatement(n);
    return statements;
}

} // namespace Virtumancer
