#pragma once

namespace Virtumancer {

/// libvirt's default event loop, run on one dedicated thread for the life of the process.
///
/// ensureStarted() registers the default implementation (it must happen before the first
/// connection is opened) and starts the thread. Event callbacks run on that thread: they copy
/// what they need and post it to the owning HostSession; they never touch Qt objects directly.
/// The loop is stopped only at process exit (libvirt advises against stopping it while
/// connections may still deliver callbacks).
class LibvirtEventLoop
{
public:
    static void ensureStarted();
    static bool isRunning();
};

} // namespace Virtumancer
