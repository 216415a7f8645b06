// The bounded fan-out of a full sync (core/sync/parallelfetch_p.h): every item exactly once,
// never more than N bodies at once, the first error or a cancel stops it early, progress only on
// the calling thread.

#include "sync/parallelfetch_p.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace Virtumancer;
using namespace Virtumancer::Fetch;

namespace {

ParallelOptions withConcurrency(int n)
{
    ParallelOptions o;
    o.concurrency = n;
    return o;
}

TEST(ParallelFetch, EveryItemExactlyOnce)
{
    constexpr int count = 5000;
    auto hits = std::make_unique<std::atomic<int>[]>(count);
    ParallelStats stats;
    auto ok = parallelFor(
        count, withConcurrency(8),
        [&](int i) -> Result<> {
            hits[i].fetch_add(1);
            return {};
        },
        &stats);
    ASSERT_TRUE(ok.has_value());
    for (int i = 0; i < count; ++i)
        ASSERT_EQ(hits[i].load(), 1) << "item " << i;
    EXPECT_EQ(stats.done, count);
    EXPECT_GE(stats.maxInFlight, 1);
    EXPECT_LE(stats.maxInFlight, 8);
}

TEST(ParallelFetch, ReachesButNeverExceedsTheBound)
{
    constexpr int bound = 6;
    std::mutex mutex;
    std::condition_variable wake;
    int current = 0;
    int highest = 0;
    bool reached = false;
    ParallelStats stats;
    auto ok = parallelFor(
        200, withConcurrency(bound),
        [&](int) -> Result<> {
            std::unique_lock lock(mutex);
            highest = std::max(highest, ++current);
            if (current == bound) {
                reached = true;
                wake.notify_all();
            }
            // The first bodies hold on until `bound` of them run at once: proves the pool
            // really overlaps them (a timeout rather than a hang if it does not).
            wake.wait_for(lock, std::chrono::seconds(10), [&] { return reached; });
            --current;
            return {};
        },
        &stats);
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(reached);
    EXPECT_EQ(highest, bound);
    EXPECT_EQ(stats.maxInFlight, bound);
    EXPECT_EQ(stats.done, 200);
}

TEST(ParallelFetch, FewerItemsThanThreads)
{
    std::atomic<int> calls{0};
    ParallelStats stats;
    auto ok = parallelFor(
        3, withConcurrency(32),
        [&](int) -> Result<> {
            calls.fetch_add(1);
            return {};
        },
        &stats);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(calls.load(), 3);
    EXPECT_LE(stats.maxInFlight, 3);
}

TEST(ParallelFetch, NoItemsNoCalls)
{
    bool called = false;
    bool progressed = false;
    ParallelOptions o = withConcurrency(8);
    o.progress = [&](int, int) {
        progressed = true;
    };
    ParallelStats stats;
    auto ok = parallelFor(
        0, o,
        [&](int) -> Result<> {
            called = true;
            return {};
        },
        &stats);
    EXPECT_TRUE(ok.has_value());
    EXPECT_FALSE(called);
    EXPECT_FALSE(progressed);
    EXPECT_EQ(stats.maxInFlight, 0);
}

/// A few microseconds of CPU, so that starting items is not free (as a libvirt call is not).
quint64 work(int i)
{
    quint64 h = quint64(i);
    for (int k = 0; k < 2000; ++k)
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    return h;
}

TEST(ParallelFetch, FirstErrorStopsEarly)
{
    constexpr int count = 100000;
    std::atomic<int> calls{0};
    std::atomic<bool> failed{false};
    std::atomic<int> startedAfterError{0};
    std::atomic<quint64> sink{0};
    auto ok = parallelFor(count, withConcurrency(4), [&](int i) -> Result<> {
        calls.fetch_add(1);
        if (failed.load())
            startedAfterError.fetch_add(1);
        if (i == 50) {
            failed.store(true);
            return makeError(ErrorCode::Libvirt, QStringLiteral("boom"), 38);
        }
        sink.fetch_add(work(i));
        return {};
    });
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::Libvirt);
    EXPECT_EQ(ok.error().message, QStringLiteral("boom"));
    EXPECT_EQ(ok.error().libvirtCode, 38);
    EXPECT_GE(calls.load(), 51);
    // Once the error is back, each other thread finishes at most the item it already took
    // (a few more only if the failing thread is preempted before it records the error).
    EXPECT_LT(startedAfterError.load(), 1000);
    EXPECT_LT(calls.load(), count / 2);
}

TEST(ParallelFetch, FirstOfSeveralErrorsWins)
{
    // Every item fails; exactly one error comes back, and the run stops right away.
    std::atomic<int> calls{0};
    auto ok = parallelFor(10000, withConcurrency(8), [&](int i) -> Result<> {
        calls.fetch_add(1);
        return makeError(ErrorCode::Libvirt, QStringLiteral("item %1").arg(i));
    });
    ASSERT_FALSE(ok.has_value());
    EXPECT_TRUE(ok.error().message.startsWith(QStringLiteral("item ")));
    EXPECT_LE(calls.load(), 8);
}

TEST(ParallelFetch, SequentialStopsAtTheError)
{
    std::vector<int> seen;
    ParallelStats stats;
    auto ok = parallelFor(
        10, withConcurrency(1),
        [&](int i) -> Result<> {
            seen.push_back(i);
            if (i == 3)
                return makeError(ErrorCode::NotFound, QStringLiteral("gone"));
            return {};
        },
        &stats);
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::NotFound);
    EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(stats.maxInFlight, 1);
    EXPECT_EQ(stats.done, 3);
}

TEST(ParallelFetch, ConcurrencyOneRunsOnTheCallingThread)
{
    const auto caller = std::this_thread::get_id();
    int onCaller = 0;
    ParallelStats stats;
    auto ok = parallelFor(
        50, withConcurrency(1),
        [&](int) -> Result<> {
            if (std::this_thread::get_id() == caller)
                ++onCaller;
            return {};
        },
        &stats);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(onCaller, 50);
    EXPECT_EQ(stats.maxInFlight, 1);
    EXPECT_EQ(stats.done, 50);
}

TEST(ParallelFetch, CancelStopsEarly)
{
    for (int concurrency : {1, 4}) {
        SCOPED_TRACE(concurrency);
        std::atomic<bool> cancel{false};
        std::atomic<int> calls{0};
        std::atomic<int> startedAfterCancel{0};
        std::atomic<quint64> sink{0};
        ParallelOptions o = withConcurrency(concurrency);
        o.cancel = &cancel;
        auto ok = parallelFor(100000, o, [&](int i) -> Result<> {
            calls.fetch_add(1);
            if (cancel.load())
                startedAfterCancel.fetch_add(1);
            if (i == 20)
                cancel.store(true);
            sink.fetch_add(work(i));
            return {};
        });
        ASSERT_FALSE(ok.has_value());
        EXPECT_EQ(ok.error().code, ErrorCode::Cancelled);
        EXPECT_GE(calls.load(), 21);
        // The flag is polled before each item: a thread that polled just before it was set
        // starts one more, no thread more than that.
        EXPECT_LT(startedAfterCancel.load(), concurrency);
        if (concurrency == 1) {
            EXPECT_EQ(calls.load(), 21);
        }
    }
}

TEST(ParallelFetch, CancelledBeforeStartCallsNothing)
{
    std::atomic<bool> cancel{true};
    std::atomic<int> calls{0};
    ParallelOptions o = withConcurrency(8);
    o.cancel = &cancel;
    auto ok = parallelFor(100, o, [&](int) -> Result<> {
        calls.fetch_add(1);
        return {};
    });
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(calls.load(), 0);
}

TEST(ParallelFetch, ProgressOnlyOnTheCallingThreadAndEndsAtTotal)
{
    for (int concurrency : {1, 8}) {
        SCOPED_TRACE(concurrency);
        const auto caller = std::this_thread::get_id();
        std::vector<std::pair<int, int>> reports;
        bool otherThread = false;
        ParallelOptions o = withConcurrency(concurrency);
        o.progressIntervalMs = 1;
        o.progress = [&](int done, int total) {
            if (std::this_thread::get_id() != caller)
                otherThread = true;
            reports.emplace_back(done, total);
        };
        // Enough work per item that the 1 ms interval elapses during the run.
        std::atomic<quint64> sink{0};
        auto ok = parallelFor(4000, o, [&](int i) -> Result<> {
            quint64 h = quint64(i);
            for (int k = 0; k < 20000; ++k)
                h = h * 6364136223846793005ULL + 1442695040888963407ULL;
            sink.fetch_add(h);
            return {};
        });
        ASSERT_TRUE(ok.has_value());
        EXPECT_FALSE(otherThread);
        ASSERT_GE(reports.size(), 2u) << "expected intermediate reports as well as the last";
        EXPECT_EQ(reports.back(), std::make_pair(4000, 4000));
        for (size_t k = 1; k < reports.size(); ++k) {
            EXPECT_LE(reports[k - 1].first, reports[k].first);
            EXPECT_EQ(reports[k].second, 4000);
        }
    }
}

} // namespace
