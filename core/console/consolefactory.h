#pragma once

#include "console/consolesession.h"
#include "model/types.h"

#include <memory>

namespace Virtumancer {

/// A session of the right protocol for a VM's graphics device (vnc or spice), reading from
/// source. Null for a type without an embedded viewer (rdp, sdl, egl-headless, ...).
std::unique_ptr<ConsoleSession> createConsoleSession(const QString &graphicsType,
                                                     std::unique_ptr<GraphicsSocketSource> source,
                                                     QObject *parent = nullptr);

} // namespace Virtumancer
