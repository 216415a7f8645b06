#pragma once

// Test-only: a TCP proxy on 127.0.0.1 that forwards each connection to a target and delays
// every byte by a fixed one-way time in each direction — a slow link (RTT = 2 × delay) with no
// bandwidth cap, on loopback. stop() drops the listener and every forwarded connection at
// once (the link is lost); start() again listens on the same port (the link is back).
// Plain threads and poll(): no Qt event loop needed, so tests may block their own thread.

#include <QString>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Virtumancer::Test {

class DelayProxy
{
public:
    DelayProxy(QString targetHost, int targetPort, std::chrono::milliseconds oneWayDelay);
    ~DelayProxy();
    DelayProxy(const DelayProxy &) = delete;
    DelayProxy &operator=(const DelayProxy &) = delete;

    /// Listens on 127.0.0.1:port. port 0: the port of the previous start(), or an ephemeral
    /// one the first time. False (with errorString()) if already running or bind/listen
    /// failed.
    bool start(int port = 0);
    /// Closes the listener and every forwarded connection, both ends, without delivering what
    /// is still queued; returns once every connection thread has ended. No-op when stopped.
    void stop();

    bool isRunning() const { return m_running; }
    /// The listening port (kept after stop(), for the next start()).
    int port() const { return m_port; }
    QString errorString() const { return m_error; }
    /// Changes the delay for bytes read from now on (already queued bytes keep theirs).
    void setDelay(std::chrono::milliseconds oneWayDelay) { m_delayMs.store(oneWayDelay.count()); }
    std::chrono::milliseconds delay() const { return std::chrono::milliseconds(m_delayMs.load()); }

    /// Connections accepted since construction (forwarded or not).
    int acceptedCount() const { return m_accepted.load(); }
    /// Forwarded connections whose pump is still running.
    int openCount() const { return m_open.load(); }

private:
    struct Pump;
    void acceptLoop(int listenFd, int stopFd);
    void reapFinished();

    const QString m_targetHost;
    const int m_targetPort;
    std::atomic<qint64> m_delayMs;
    int m_port = 0;
    bool m_running = false;
    QString m_error;
    int m_listenFd = -1;
    int m_stopPipe[2] = {-1, -1}; ///< readable (never drained) once stop() began
    std::thread m_acceptThread;
    std::mutex m_pumpsMutex;
    std::vector<std::unique_ptr<Pump>> m_pumps;
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_open{0};
};

} // namespace Virtumancer::Test
