#pragma once

#include <functional>

namespace Virtumancer {

/// The process's one thread that iterates GLib's global default GMainContext.
///
/// spice-client-glib always attaches its sources to the default context (a pushed
/// thread-default context stalls it forever). Qt's own GLib event dispatcher would iterate that
/// context on the GUI thread; the processes instead set QT_NO_GLIB=1 (prepareGlibForQt()) and
/// this thread runs g_main_loop_run() on the default context for the whole life of the
/// process, so SPICE decoding never costs the GUI thread anything. Everything that touches
/// spice-glib objects runs here, through invoke().
///
/// GLib work that a Qt thread starts itself (libsecret behind QtKeychain, from the GUI thread)
/// completes in that thread's thread-default context: for the main thread prepareGlibForQt()
/// provides one that its Qt event loop iterates, so those callbacks stay on the main thread.
/// Other Qt threads have none; GLib async calls made there complete on this thread.
class GlibLoop
{
public:
    /// Starts the thread once; later calls do nothing. Thread-safe. The thread is stopped (its
    /// loop quit and joined, bounded) at process exit.
    static void ensureRunning();
    /// Runs fn on the GLib thread (g_main_context_invoke on the default context): at once when
    /// called from that thread, otherwise queued; never blocks. Starts the thread if needed.
    static void invoke(std::function<void()> fn);
    /// True on the GLib thread.
    static bool isGlibThread();
    /// Quits the loop and joins the thread, waiting at most timeoutMs for a callback that is
    /// still running; idempotent. Called at exit; tests may call it directly.
    static void stop(int timeoutMs = 2000);
};

/// Call first thing in main(), before the Q(Core|Gui)Application is created: sets QT_NO_GLIB=1
/// (unless the environment already sets it), starts the GLib thread, and gives the main thread
/// a GLib context of its own (pushed as its thread-default), which the application's event
/// loop iterates from its creation on.
void prepareGlibForQt();

} // namespace Virtumancer
