#pragma once

namespace Virtumancer {

/// libvirt's event loop, run on one dedicated thread for the life of the process.
///
/// ensureStarted() registers our poll() implementation with virEventRegisterImpl (it must
/// happen before the first connection is opened) and starts the thread. (Not libvirt's default
/// implementation: that one is GLib's global default context, which Qt's dispatcher iterates on
/// the GUI thread; see the .cpp.) Event callbacks run on that thread: they copy
/// what they need and post it to the owning HostSession; they never touch Qt objects directly.
/// The loop is stopped only at process exit (libvirt advises against stopping it while
/// connections may still deliver callbacks).
class LibvirtEventLoop
{
public:
    static void ensureStarted();
    static bool isRunning();
    /// Whether the caller is the loop's thread (where every libvirt callback runs).
    static bool isLoopThread();
};

} // namespace Virtumancer
