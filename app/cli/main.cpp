#include "cli.h"

#include "console/glibloop.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char **argv)
{
    // Before the application object: GLib's default context (spice-glib, for console
    // screenshots) runs on a thread of its own, not under Qt's event dispatcher.
    Virtumancer::prepareGlibForQt();
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
