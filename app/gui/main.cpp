// virtumancer: the desktop app. The window comes up from the cache at once; hosts connect in
// the background, each on its own worker thread.

#include "benchreadyhook.h"

#include "cache/database.h"
#include "cache/demohost.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"
#include "console/glibloop.h"
#include "connection/connectionmanager.h"
#include "mainwindow/mainwindow.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

using namespace Virtumancer;

int main(int argc, char **argv)
{
    // Before the application object: GLib's default context (spice-glib) runs on a thread of its
    // own, so SPICE decoding never costs the GUI thread.
    Virtumancer::prepareGlibForQt();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("virtumancer"));
    QApplication::setOrganizationName(QStringLiteral("virtumancer"));
    QApplication::setApplicationDisplayName(QStringLiteral("Virtumancer"));
    QApplication::setApplicationVersion(QStringLiteral(VIRTUMANCER_VERSION));
    // Lets Wayland and the task bar match windows to the installed .desktop file and its icon.
    QApplication::setDesktopFileName(QStringLiteral(VIRTUMANCER_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/virtumancer.svg")));
    // Before the first tr(): the --help text is translated too.
    const Translations translations;

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Manage many libvirt hosts."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QApplication::translate("main", "Cache location."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QApplication::translate("main", "Add (if new) and connect this libvirt URI; repeatable."),
        QStringLiteral("URI"));
    const QCommandLineOption consoleOption(
        QStringLiteral("console"),
        QApplication::translate("main",
                                "Open the console of this VM (uuid, name or HOST/name) at start."),
        QStringLiteral("VM"));
    parser.addOption(dataDirOption);
    parser.addOption(connectOption);
    parser.addOption(consoleOption);
    parser.process(app);

    auto dir = Database::resolveDataDir(parser.value(dataDirOption));
    auto report = dir ? Database::initialize(*dir)
                      : Result<Database::OpenReport>(std::unexpected(dir.error()));
    if (!report) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Virtumancer"),
                              QApplication::translate("main", "The cache cannot be opened:\n%1")
                                  .arg(report.error().message));
        return 3;
    }
    if (!report->message.isEmpty())
        QMessageBox::information(nullptr, QApplication::translate("main", "Virtumancer"),
                                 report->message);
    DemoHost::addOnFirstUse(Database::connection(*dir), *report);

    // --connect: the host rows are the user's data, so adding one is a deliberate, small write
    // before anything is shown; the window itself never writes.
    QStringList connectIds;
    {
        HostRepository hosts(Database::connection(*dir));
        for (const QString &uri : parser.values(connectOption)) {
            auto existing = hosts.list();
            QString id;
            for (const HostRecord &h : existing.value_or(QList<HostRecord>{})) {
                if (h.uri == uri)
                    id = h.id;
            }
            if (id.isEmpty()) {
                auto suggested = hosts.suggestId(uri);
                auto added = suggested ? hosts.add(*suggested, uri, *suggested, true)
                                       : std::unexpected(suggested.error());
                if (!added) {
                    QMessageBox::warning(nullptr, QApplication::translate("main", "Virtumancer"),
                                         added.error().message);
                    continue;
                }
                id = added->id;
            }
            connectIds.append(id);
        }
    }

    // --console: resolved like the CLI's VM argument, from the cache as it is now.
    QString consoleHost, consoleUuid, consoleError;
    if (parser.isSet(consoleOption)) {
        auto vm
            = InventoryStore(Database::connection(*dir)).resolveDomain(parser.value(consoleOption));
        if (vm) {
            consoleHost = vm->hostId;
            consoleUuid = vm->domain.uuid;
        } else {
            consoleError = QApplication::translate("main", "No console to open for \"%1\": %2")
                               .arg(parser.value(consoleOption), vm.error().message);
        }
    }

    ConnectionManager manager(*dir);
    if (auto r = manager.loadHosts(); !r) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Virtumancer"),
                              r.error().message);
        return 3;
    }
    DomainListModel vms;
    HostListModel hosts;
    InventoryFeed feed(*dir, &manager, &vms, &hosts);
    // The cache is read on the reader's thread while the window is built; its rows arrive
    // through the event loop, so only after everything below is set up.
    feed.start();
    MainWindow window(&manager, &vms, &hosts);
    window.show();
    installBenchReadyHook(&window, &feed); // benchmarks only; see the header
    // Connect only once the cache is on screen, so the window never waits for a host.
    QObject::connect(&feed, &InventoryFeed::loaded, &manager, [&manager, connectIds] {
        manager.connectAutoconnectHosts();
        for (const QString &id : connectIds)
            manager.connectHost(id);
    });
    // The console window follows the VM's row, so it opens once the mirror is in the model.
    const auto openConsole = [&window, consoleHost, consoleUuid, consoleError] {
        if (!consoleError.isEmpty()) {
            auto *box = new QMessageBox(QMessageBox::Warning,
                                        QApplication::translate("main", "Virtumancer"),
                                        consoleError, QMessageBox::Ok, &window);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        } else if (!consoleUuid.isEmpty()) {
            window.openConsole(consoleHost, consoleUuid);
        }
    };
    QObject::connect(&feed, &InventoryFeed::loaded, &window, openConsole);
    const int rc = app.exec();
    manager.shutdown();
    return rc;
}
