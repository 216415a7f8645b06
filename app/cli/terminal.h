#pragma once

#include <QByteArray>
#include <QString>

namespace Virtumancer::Cli {

/// True when standard input is an interactive terminal (prompts are possible).
bool stdinIsTerminal();
/// Prints prompt to stderr and reads one line from the terminal; echo off for secrets.
/// Returns false on EOF.
bool readLine(const QString &prompt, bool echo, QByteArray *line);
/// Reads one line from standard input (for --password-stdin), without the newline.
bool readStdinLine(QByteArray *line);

} // namespace Virtumancer::Cli
