#pragma once

#include "console/consolesession.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace Virtumancer::Fuzz {

/// Runs one input (see vncfuzz.cpp for its layout) through a VncSession; returns the state the
/// session ended in. Aborts when the session does not end within hangTimeoutMs().
ConsoleState runOne(const uint8_t *data, size_t size);
/// VNCFUZZ_TIMEOUT_MS, default 10000.
int hangTimeoutMs();
/// A QCoreApplication for the session's queued signals (created once, never destroyed).
void ensureApplication();

} // namespace Virtumancer::Fuzz
