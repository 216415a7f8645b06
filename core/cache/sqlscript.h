#pragma once

#include <QString>
#include <QStringList>

namespace Virtumancer {

/// Splits an SQL script into single statements for Qt's QSQLITE driver, which executes one
/// statement per QSqlQuery::exec().
///
/// Understands '...' strings (with '' escapes), "..." / `...` / [...] identifiers, -- line and
/// /* block */ comments, and CREATE [TEMP|TEMPORARY] TRIGGER bodies, whose inner semicolons do
/// not end the statement: like sqlite3_complete(), a trigger ends only at "; END ;". Returned
/// statements are trimmed, start at their first token (leading comments dropped) and carry no
/// terminating semicolon; statements made only of whitespace and comments are dropped.
QStringList splitSqlStatements(const QString &script);

} // namespace Virtumancer
