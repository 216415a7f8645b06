#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QStringList>

namespace Virtumancer::Test {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

/// Runs virtumancer-cli --data-dir dataDir ARGS to completion (timeoutMs), with optional stdin.
/// The demo host is not added unless withDemo.
CliResult runCli(const QString &dataDir, const QStringList &args, const QByteArray &stdinData = {},
                 bool withDemo = false, int timeoutMs = 60000);

QString cliPath();

} // namespace Virtumancer::Test
