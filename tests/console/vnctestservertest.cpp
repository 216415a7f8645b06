// The test VNC server, checked with a bare libvncclient client driven on the test's thread.

#include "console/vnctestserver.h"

#include <QElapsedTimer>

#include <rfb/rfbclient.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <functional>

using namespace Virtumancer::Test;

namespace {

const char *g_password = nullptr;
char *passwordCallback(rfbClient *)
{
    return strdup(g_password ? g_password : "");
}

/// One libvncclient connection on a socket from the server, pumped by the test itself.
class BareClient
{
public:
    explicit BareClient(int fd, bool newFbSize = true)
    {
        m_cl = rfbGetClient(8, 3, 4);
        m_cl->sock = fd;
        m_cl->listenSpecified = TRUE;
        m_cl->canHandleNewFBSize = newFbSize;
        m_cl->GetPassword = passwordCallback;
        m_cl->appData.encodingsString = "raw";
        char arg0[] = "test";
        char *argv[] = {arg0, nullptr};
        int argc = 1;
        if (!rfbInitClient(m_cl, &argc, argv))
            m_cl = nullptr; // freed by libvncclient, fd closed
    }
    ~BareClient()
    {
        if (m_cl) {
            free(m_cl->frameBuffer); // the default MallocFrameBuffer's; cleanup leaves it
            rfbClientCleanup(m_cl);
        }
    }
    bool ok() const { return m_cl != nullptr; }
    rfbClient *cl() const { return m_cl; }

    /// Handles server messages until pred() or the timeout; false if the connection ended.
    bool pumpUntil(const std::function<bool()> &pred, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (!pred()) {
            if (t.elapsed() > timeoutMs)
                return false;
            const int n = WaitForMessage(m_cl, 50000);
            if (n < 0) {
                m_closed = true;
                return false;
            }
            if (n == 0 && m_cl->buffered == 0)
                continue;
            do {
                if (!HandleRFBServerMessage(m_cl)) {
                    m_closed = true;
                    return false;
                }
            } while (m_cl->buffered > 0);
        }
        return true;
    }

    /// Handles messages until the server closes the connection; false on timeout.
    bool closedWithin(int timeoutMs)
    {
        pumpUntil([] { return false; }, timeoutMs);
        return m_closed;
    }

    QImage image() const
    {
        QImage img(reinterpret_cast<const uchar *>(m_cl->frameBuffer), m_cl->width, m_cl->height,
                   m_cl->width * 4, QImage::Format_RGBX8888);
        return img.convertToFormat(QImage::Format_RGB32);
    }

private:
    rfbClient *m_cl = nullptr;
    bool m_closed = false;
};

} // namespace

TEST(VncTestServer, ClientSeesThePattern)
{
    VncTestServer server(QSize(64, 48));
    EXPECT_EQ(server.image(), VncTestServer::expectedImage(QSize(64, 48), 0));
    QElapsedTimer t;
    t.start();
    BareClient client(server.connectClient());
    ASSERT_TRUE(client.ok());
    std::printf("handshake over a socketpair: %lld ms\n", t.elapsed());
    EXPECT_EQ(client.cl()->width, 64);
    EXPECT_EQ(client.cl()->height, 48);
    ASSERT_TRUE(server.waitForClients(1));
    ASSERT_TRUE(client.pumpUntil([&] { return client.image() == server.image(); }));
    // Counted right after the write: the client may have the frame a moment earlier.
    EXPECT_TRUE(server.waitForUpdatesSent(1));
    EXPECT_GE(server.updateRequestsReceived(), 1);
    EXPECT_EQ(server.connectionsAccepted(), 1);
}

TEST(VncTestServer, ScriptedChangesReachTheClient)
{
    VncTestServer server(QSize(80, 60));
    BareClient client(server.connectClient());
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE(client.pumpUntil([&] { return client.image() == server.image(); }));

    server.fillRect(QRect(10, 5, 20, 7), qRgb(200, 10, 30));
    QImage expected = VncTestServer::expectedImage(QSize(80, 60), 0);
    for (int y = 5; y < 12; ++y)
        for (int x = 10; x < 30; ++x)
            expected.setPixel(x, y, qRgb(200, 10, 30));
    EXPECT_EQ(server.image(), expected);
    ASSERT_TRUE(client.pumpUntil([&] { return client.image() == expected; }));

    server.changeFullFrame();
    EXPECT_EQ(server.generation(), 1);
    ASSERT_TRUE(client.pumpUntil(
        [&] { return client.image() == VncTestServer::expectedImage(QSize(80, 60), 1); }));

    server.resize(QSize(100, 30));
    EXPECT_EQ(server.size(), QSize(100, 30));
    ASSERT_TRUE(client.pumpUntil([&] {
        return client.cl()->width == 100
               && client.image() == VncTestServer::expectedImage(QSize(100, 30), 1);
    }));
}

TEST(VncTestServer, RecordsInput)
{
    VncTestServer server;
    BareClient client(server.connectClient());
    ASSERT_TRUE(client.ok());
    SendKeyEvent(client.cl(), 0x61, TRUE);
    SendKeyEvent(client.cl(), 0x61, FALSE);
    SendPointerEvent(client.cl(), 12, 34, 1);
    SendPointerEvent(client.cl(), 13, 35, 0);
    SendClientCutText(client.cl(), const_cast<char *>("hello"), 5);
    // The client must keep reading: the server thread blocks while it writes the first frame.
    ASSERT_TRUE(client.pumpUntil([&] {
        return server.keyEvents().size() == 2 && server.pointerEvents().size() == 2
               && server.cutTexts().size() == 1;
    }));
    EXPECT_TRUE(server.waitForKeyEvents(2, 0));
    EXPECT_TRUE(server.waitForPointerEvents(2, 0));
    const QList<VncTestServer::KeyEvent> keys{{0x61, true}, {0x61, false}};
    EXPECT_EQ(server.keyEvents(), keys);
    const QList<VncTestServer::PointerEvent> pointers{{QPoint(12, 34), 1}, {QPoint(13, 35), 0}};
    EXPECT_EQ(server.pointerEvents(), pointers);
    EXPECT_EQ(server.cutTexts().value(0), QByteArray("hello"));
    server.clearEvents();
    EXPECT_TRUE(server.keyEvents().isEmpty());
}

TEST(VncTestServer, PasswordIsChecked)
{
    VncTestServer server(QSize(32, 32), "s3cret");
    g_password = "wrong";
    BareClient refused(server.connectClient());
    EXPECT_FALSE(refused.ok());
    g_password = "s3cret";
    BareClient client(server.connectClient());
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE(client.pumpUntil([&] { return client.image() == server.image(); }));
    g_password = nullptr;
}

TEST(VncTestServer, DropRefuseAndStop)
{
    VncTestServer server(QSize(32, 32));
    TestServerSource source(&server);
    auto fd = source.openSocket();
    ASSERT_TRUE(fd.has_value());
    BareClient first(*fd);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(server.waitForClients(1));

    server.dropClients();
    EXPECT_EQ(server.clientCount(), 0);
    EXPECT_TRUE(first.closedWithin(5000));

    server.setAcceptingConnections(false);
    EXPECT_FALSE(source.openSocket().has_value());
    server.setAcceptingConnections(true);
    BareClient second(*source.openSocket());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(source.socketsOpened(), 3);

    server.stop();
    EXPECT_EQ(server.clientCount(), 0);
    EXPECT_TRUE(second.closedWithin(5000));
    EXPECT_EQ(server.connectClient(), -1);
    server.stop(); // idempotent
}

TEST(VncTestServer, StreamsFramesOnRequest)
{
    VncTestServer server(QSize(64, 64));
    server.setStreaming(true);
    BareClient client(server.connectClient());
    ASSERT_TRUE(client.ok());
    ASSERT_TRUE(client.pumpUntil([&] { return server.framebufferUpdatesSent() >= 20; }));
    EXPECT_GE(server.updateRequestsReceived(), 20);
    EXPECT_GT(server.serverCpuSeconds(), 0);
    // Frames alternate between the generation shown before and the next one.
    server.setStreaming(false);
    const int generation = server.generation();
    EXPECT_TRUE(generation == 0 || generation == 1) << generation;
    const QImage expected = VncTestServer::expectedImage(QSize(64, 64), generation);
    EXPECT_EQ(server.image(), expected);
    ASSERT_TRUE(client.pumpUntil([&] { return client.image() == expected; }));
}

TEST(VncTestServer, TcpListener)
{
    VncTestServer server(QSize(32, 32));
    const int port = server.listenTcp();
    ASSERT_GT(port, 0);
    EXPECT_EQ(server.listenTcp(), port);
    rfbClient *cl = rfbGetClient(8, 3, 4);
    free(cl->serverHost);
    cl->serverHost = strdup("127.0.0.1");
    cl->serverPort = port;
    char arg0[] = "test";
    char *argv[] = {arg0, nullptr};
    int argc = 1;
    ASSERT_TRUE(rfbInitClient(cl, &argc, argv));
    EXPECT_EQ(cl->width, 32);
    EXPECT_TRUE(server.waitForClients(1));
    free(cl->frameBuffer);
    rfbClientCleanup(cl);
    EXPECT_TRUE(server.waitForClients(0));
}
