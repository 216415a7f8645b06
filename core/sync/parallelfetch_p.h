#pragma once

// Internal: the bounded fan-out of a full sync. libvirt's remote client multiplexes concurrent
// calls on one connection, so N threads each blocked in one call hide N round trips at once.

#include "model/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace Virtumancer::Fetch {

struct ParallelOptions
{
    int concurrency = 1; ///< most items in flight at once; <= 1 runs them on the calling thread
    const std::atomic<bool> *cancel = nullptr; ///< polled before each item (may be null)
    /// Called on the calling thread only: about every progressIntervalMs while items run, and
    /// once at the end with done == total (not after an error or a cancel).
    std::function<void(int done, int total)> progress;
    int progressIntervalMs = 100;
};

struct ParallelStats
{
    int maxInFlight = 0; ///< the most bodies that ran at the same time
    int done = 0;        ///< bodies that returned success
};

/// Calls body(i) exactly once for each i in [0, count), on at most options.concurrency threads
/// (std::thread, started here and joined before returning) that take the next index as they
/// become free; the calling thread waits and reports progress. The first error a body returns
/// wins: no new item starts after it (those in flight finish, as a blocking libvirt call cannot
/// be interrupted), and it is returned. A cancel gives ErrorCode::Cancelled the same way.
/// body must be safe to call from several threads at once.
inline Result<> parallelFor(int count, const ParallelOptions &options,
                            const std::function<Result<>(int)> &body,
                            ParallelStats *stats = nullptr)
{
    using Clock = std::chrono::steady_clock;
    ParallelStats local;
    ParallelStats &st = stats ? *stats : local;
    st = {};
    if (count <= 0)
        return {};
    const auto interval = std::chrono::milliseconds(std::max(1, options.progressIntervalMs));
    auto cancelled = [&options] {
        return options.cancel && options.cancel->load(std::memory_order_relaxed);
    };
    auto cancelError = [] {
        return Error{ErrorCode::Cancelled, 0, QStringLiteral("sync cancelled")};
    };

    const int threads = std::clamp(options.concurrency, 1, count);
    if (threads == 1) {
        // No thread at all: on an in-process driver a thread hop would only cost.
        auto lastReport = Clock::now();
        st.maxInFlight = 1;
        for (int i = 0; i < count; ++i) {
            if (cancelled())
                return std::unexpected(cancelError());
            Result<> r = body(i);
            if (!r)
                return r;
            st.done = i + 1;
            if (options.progress) {
                const auto now = Clock::now();
                if (i + 1 == count || now - lastReport >= interval) {
                    lastReport = now;
                    options.progress(i + 1, count);
                }
            }
        }
        return {};
    }

    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::atomic<int> inFlight{0};
    std::atomic<int> peak{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished;
    int running = threads;           // guarded by mutex
    std::optional<Error> firstError; // guarded by mutex

    auto fail = [&](const Error &e) {
        std::lock_guard lock(mutex);
        if (!firstError)
            firstError = e;
        stop.store(true);
    };
    auto worker = [&] {
        while (!stop.load()) {
            if (cancelled()) {
                fail(cancelError());
                break;
            }
            const int i = next.fetch_add(1);
            if (i >= count)
                break;
            const int now = inFlight.fetch_add(1) + 1;
            int seen = peak.load();
            while (now > seen && !peak.compare_exchange_weak(seen, now)) {
            }
            Result<> r = body(i);
            inFlight.fetch_sub(1);
            if (!r) {
                fail(r.error());
                break;
            }
            done.fetch_add(1);
        }
        {
            std::lock_guard lock(mutex);
            --running;
        }
        finished.notify_all();
    };

    std::vector<std::thread> pool;
    pool.reserve(size_t(threads));
    for (int t = 0; t < threads; ++t) {
        try {
            pool.emplace_back(worker);
        } catch (const std::system_error &) {
            // Out of threads (pids.max, TasksMax): go on with those that started.
            std::lock_guard lock(mutex);
            running -= threads - t;
            break;
        }
    }
    if (pool.empty()) {
        {
            std::lock_guard lock(mutex);
            running = 1;
        }
        worker(); // not one thread: the calling thread does it all
    }
    {
        std::unique_lock lock(mutex);
        auto lastReport = Clock::now();
        while (running > 0) {
            finished.wait_for(lock, interval, [&] { return running == 0; });
            const auto now = Clock::now();
            if (running > 0 && options.progress && now - lastReport >= interval) {
                lastReport = now;
                lock.unlock();
                options.progress(done.load(), count);
                lock.lock();
            }
        }
    }
    for (std::thread &t : pool)
        t.join();
    st.maxInFlight = peak.load();
    st.done = done.load();
    if (firstError)
        return std::unexpected(*firstError);
    if (options.progress)
        options.progress(count, count);
    return {};
}

} // namespace Virtumancer::Fetch
