#include "clirunner.h"

#include <QProcess>

namespace Virtumancer::Test {

QString cliPath()
{
    return QStringLiteral(VIRTUMANCER_CLI_PATH);
}

CliResult runCli(const QString &dataDir, const QStringList &args, const QByteArray &stdinData,
                 bool withDemo, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!withDemo)
        env.insert(QStringLiteral("VIRTUMANCER_NO_DEMO"), QStringLiteral("1"));
    else
        env.remove(QStringLiteral("VIRTUMANCER_NO_DEMO"));
    p.setProcessEnvironment(env);
    p.start(cliPath(), QStringList{QStringLiteral("--data-dir"), dataDir} + args);
    CliResult r;
    if (!p.waitForStarted())
        return r;
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace Virtumancer::Test
