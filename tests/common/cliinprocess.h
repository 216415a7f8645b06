#pragma once

// Runs the CLI's commands inside the test process (for tests that link virtumancer_cli): the
// libvirt test driver's state is per process, so a command run this way sees what the test's
// own connection and host worker did, and the other way round.

#include "common/clirunner.h"

#include "cli.h"

#include <cstdio>

namespace Virtumancer::Test {

/// virtumancer-cli --data-dir dataDir ARGS, in-process; its exit code, stdout and stderr.
inline CliResult runCliInProcess(const QString &dataDir, const QStringList &args)
{
    CliResult r;
    FILE *out = std::tmpfile();
    FILE *err = std::tmpfile();
    {
        Cli::Application app(out, err);
        r.exitCode = app.run(QStringList{QStringLiteral("virtumancer-cli"),
                                         QStringLiteral("--data-dir"), dataDir}
                             + args);
    }
    auto slurp = [](FILE *f) {
        QByteArray bytes;
        std::rewind(f);
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            bytes.append(buf, qsizetype(n));
        std::fclose(f);
        return bytes;
    };
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

} // namespace Virtumancer::Test
