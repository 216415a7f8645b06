#include "terminal.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace Virtumancer::Cli {

bool stdinIsTerminal()
{
    return isatty(STDIN_FILENO) == 1;
}

bool readStdinLine(QByteArray *line)
{
    line->clear();
    int c = 0;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        line->append(char(c));
    if (line->endsWith('\r'))
        line->chop(1);
    return c != EOF || !line->isEmpty();
}

bool readLine(const QString &prompt, bool echo, QByteArray *line)
{
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    termios saved{};
    const bool restore = !echo && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (restore) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    const bool ok = readStdinLine(line);
    if (restore) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    return ok;
}

} // namespace Virtumancer::Cli
