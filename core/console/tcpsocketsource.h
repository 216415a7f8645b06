#pragma once

#include "console/consolesession.h"

#include <QString>

#include <atomic>
#include <functional>

namespace Virtumancer {

/// Connects a TCP socket to host:port (blocking, with a timeout). For the listen-address
/// fallback, tests and benchmarks. cancelled (optional) is asked every 50 ms while the connect
/// is under way; true ends it with Cancelled (name resolution itself is not interrupted).
Result<int> connectTcp(const QString &host, int port, int timeoutMs = 10000,
                       const std::function<bool()> &cancelled = {});

/// A GraphicsSocketSource that connects to a fixed TCP address each time.
class TcpSocketSource : public GraphicsSocketSource
{
public:
    TcpSocketSource(QString host, int port) : m_host(std::move(host)), m_port(port) {}
    Result<int> openSocket() override
    {
        const quint64 generation = m_cancels.load();
        return connectTcp(m_host, m_port, 10000,
                          [this, generation] { return m_cancels.load() != generation; });
    }
    /// Ends the connects under way (not later ones).
    void cancel() override { ++m_cancels; }

private:
    QString m_host;
    int m_port;
    std::atomic<quint64> m_cancels{0};
};

} // namespace Virtumancer
