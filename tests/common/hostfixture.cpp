#include "hostfixture.h"

#include <QSqlQuery>

namespace Virtumancer::Test {

void HostFixture::SetUp()
{
    ASSERT_TRUE(Database::initialize(m_data.path()).has_value());
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
}

void HostFixture::TearDown()
{
    m_manager.reset();
    Database::closeThreadConnection(m_data.path());
}

void HostFixture::addHost(const QString &id, const QString &uri)
{
    auto host = HostRepository(db()).add(id, uri, id, true);
    ASSERT_TRUE(host.has_value()) << host.error().message.toStdString();
    m_manager->addHost(*host);
}

SyncReport HostFixture::waitForSync(const QString &id, const std::function<void()> &trigger,
                                    int timeoutMs)
{
    SyncReport result;
    Error error{ErrorCode::Timeout, 0, QStringLiteral("no syncFinished")};
    bool done = false;
    QObject context;
    QObject::connect(m_manager.get(), &ConnectionManager::syncFinished, &context,
                     [&](const QString &host, const SyncReport &r, const Error &e) {
                         if (host != id || done)
                             return;
                         result = r;
                         error = e;
                         done = true;
                     });
    trigger();
    EXPECT_TRUE(waitUntil([&] { return done; }, timeoutMs)) << "sync of " << id.toStdString();
    EXPECT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    return result;
}

Error HostFixture::runInventoryJob(const QString &hostId, const InventoryRequest &request,
                                   QString *objectId, int timeoutMs)
{
    bool done = false;
    quint64 job = 0;
    Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
    QObject context;
    QObject::connect(m_manager.get(), &ConnectionManager::inventoryJobFinished, &context,
                     [&](quint64 finished, const QString &, const QString &object,
                         const QString &, const Error &e) {
                         if (finished != job)
                             return;
                         done = true;
                         error = e;
                         if (objectId)
                             *objectId = object;
                     });
    job = m_manager->runInventoryJob(hostId, request);
    EXPECT_TRUE(waitUntil([&] { return done; }, timeoutMs)) << request.actionName().toStdString();
    return error;
}

SyncReport HostFixture::connectAndSync(const QString &id, int timeoutMs)
{
    return waitForSync(
        id, [&] { m_manager->connectHost(id); }, timeoutMs);
}

qint64 HostFixture::dataVersion()
{
    QSqlQuery q(db());
    q.exec(QStringLiteral("PRAGMA data_version"));
    return q.next() ? q.value(0).toLongLong() : -1;
}

void DefaultHostFixture::TearDown()
{
    m_feed.reset();
    HostFixture::TearDown();
}

QString DefaultHostFixture::mirrorDefaultHost()
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    m_feed = std::make_unique<InventoryFeed>(m_data.path(), m_manager.get(), &m_vms);
    m_feed->start();
    connectAndSync(QStringLiteral("local"));
    if (!waitUntil([&] { return m_vms.rowCount() == 1; }))
        return {};
    return m_vms.index(0, 0).data(DomainListModel::UuidRole).toString();
}

} // namespace Virtumancer::Test
