#pragma once

// Internal: a blocking hand-off between two threads of one sync pipeline.

#include <condition_variable>
#include <mutex>
#include <vector>

namespace Virtumancer {

/// Producer pushes items; the consumer takes everything queued so far in one go (fewer lock
/// round trips than item by item). close() ends the stream.
template<typename T> class BatchQueue
{
public:
    void push(T item)
    {
        {
            std::lock_guard lock(m_mutex);
            m_items.push_back(std::move(item));
        }
        m_wake.notify_one();
    }
    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_wake.notify_one();
    }
    /// Blocks until items arrive or the queue is closed; false once closed and drained.
    bool takeAll(std::vector<T> *out)
    {
        out->clear();
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return !m_items.empty() || m_closed; });
        if (m_items.empty())
            return false;
        out->swap(m_items);
        return true;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<T> m_items;
    bool m_closed = false;
};

} // namespace Virtumancer
