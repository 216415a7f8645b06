#include "demohost.h"

#include "cache/hostrepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Virtumancer::DemoHost {

QString nodePath()
{
    const QString relative = QStringLiteral("demo/demo-node.xml");
    QStringList candidates;
    if (qEnvironmentVariableIsSet("VIRTUMANCER_DEMO_NODE"))
        candidates.append(qEnvironmentVariable("VIRTUMANCER_DEMO_NODE"));
    if (QCoreApplication::instance()) {
        candidates.append(QCoreApplication::applicationDirPath()
                          + QStringLiteral("/../share/virtumancer/") + relative);
    }
    candidates.append(QStringLiteral(VIRTUMANCER_DATADIR "/") + relative);
    candidates.append(QStringLiteral(VIRTUMANCER_SOURCE_RESOURCES "/") + relative);
    for (const QString &c : std::as_const(candidates)) {
        const QFileInfo info(c);
        if (info.isFile())
            return info.canonicalFilePath();
    }
    return {};
}

QString uri()
{
    const QString path = nodePath();
    return path.isEmpty() ? QString() : QStringLiteral("test://") + path;
}

Result<bool> addOnFirstUse(QSqlDatabase db, const Database::OpenReport &report)
{
    if (report.fromVersion != 0 || !report.corruptMovedTo.isEmpty()
        || qEnvironmentVariableIsSet("VIRTUMANCER_NO_DEMO"))
        return false;
    HostRepository hosts(db);
    auto existing = hosts.list();
    if (!existing)
        return std::unexpected(existing.error());
    if (!existing->isEmpty())
        return false;
    const QString demoUri = uri();
    if (demoUri.isEmpty())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("the demo node file is not installed"));
    auto added = hosts.add(id(), demoUri, QStringLiteral("Demo host (libvirt test driver)"), true);
    if (!added)
        return std::unexpected(added.error());
    return true;
}

} // namespace Virtumancer::DemoHost
