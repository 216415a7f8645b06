#pragma once

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Virtumancer {

/// Hands freed heap memory back to the system. glibc keeps what a thread freed in that
/// thread's arena for reuse, so a full sync (fetch, parse pipeline, diff, write) and the big
/// re-read after it leave tens of MB free but resident; malloc_trim releases the free pages of
/// every arena. Call it off the GUI thread, after something big was freed.
inline void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

} // namespace Virtumancer
