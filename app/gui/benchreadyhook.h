#pragma once

namespace Virtumancer {

class InventoryFeed;
class MainWindow;

/// For the start-up benchmarks only (tests/bench, DESIGN §10), not a user feature: no option,
/// no UI, nothing happens unless the environment asks for it.
///
/// With VIRTUMANCER_BENCH_READY_FD=N (an inherited, open file descriptor), writes the line
/// "ready rows=R\n" to N once, after the first paint of the window's VM view that follows the
/// initial cache load (feed loaded) with the view holding at least VIRTUMANCER_BENCH_READY_ROWS
/// rows (default 0). That is the moment the user sees the window with the model fully populated.
void installBenchReadyHook(MainWindow *window, InventoryFeed *feed);

} // namespace Virtumancer
