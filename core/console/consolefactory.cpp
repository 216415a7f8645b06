#include "console/consolefactory.h"
#include "console/spicesession.h"
#include "console/vncsession.h"

namespace Virtumancer {

std::unique_ptr<ConsoleSession> createConsoleSession(const QString &graphicsType,
                                                     std::unique_ptr<GraphicsSocketSource> source,
                                                     QObject *parent)
{
    if (graphicsType == QLatin1String("vnc"))
        return std::make_unique<VncSession>(std::move(source), parent);
    if (graphicsType == QLatin1String("spice"))
        return std::make_unique<SpiceSession>(std::move(source), parent);
    Q_UNUSED(source);
    Q_UNUSED(parent);
    return nullptr;
}

} // namespace Virtumancer
