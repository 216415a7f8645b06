#include "cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("virtumancer"));
    QCoreApplication::setOrganizationName(QStringLiteral("virtumancer"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VIRTUMANCER_VERSION));
    // stdout/stderr are the CLI's interface: the core's informational log stays out of it unless
    // asked for (QT_LOGGING_RULES="virtumancer.*=true" still overrides this).
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("virtumancer.*.info=false\nvirtumancer.*.debug=false"));
    Virtumancer::Cli::Application cli;
    return cli.run(QCoreApplication::arguments());
}
