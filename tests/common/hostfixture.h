#pragma once

#include "testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <memory>

namespace Virtumancer::Test {

/// A data dir with an initialized cache and a ConnectionManager over it (stats off, fast
/// backoff), plus helpers that wait on the manager's signals.
class HostFixture : public ::testing::Test
{
protected:
    void SetUp() override;
    void TearDown() override;

    /// Inserts a host row and gives the manager its session.
    void addHost(const QString &id, const QString &uri);
    /// connectHost(id) and waits for its first syncFinished; returns the report.
    SyncReport connectAndSync(const QString &id, int timeoutMs = 30000);
    /// Waits for the next syncFinished of id after calling trigger().
    SyncReport waitForSync(const QString &id, const std::function<void()> &trigger,
                           int timeoutMs = 30000);
    /// runInventoryJob(hostId, request) and waits for its answer: the job's error (Timeout if
    /// none came), and the object it touched in *objectId.
    Error runInventoryJob(const QString &hostId, const InventoryRequest &request,
                          QString *objectId = nullptr, int timeoutMs = 30000);
    QSqlDatabase db() { return Database::connection(m_data.path()); }
    /// PRAGMA data_version: changes when another connection commits a write.
    qint64 dataVersion();

    TempDataDir m_data;
    std::unique_ptr<ConnectionManager> m_manager;
    SessionSettings m_settings{.statsIntervalMs = 0, .backoffInitialMs = 200, .backoffMaxMs = 2000};
};

/// A HostFixture whose tests look at test:///default's one VM through the GUI's model.
class DefaultHostFixture : public HostFixture
{
protected:
    void TearDown() override;
    /// Adds test:///default as host "local", feeds m_vms from the mirror, syncs, and waits for
    /// its one VM ("test") to reach the model; returns its uuid (empty on failure).
    QString mirrorDefaultHost();

    DomainListModel m_vms;
    std::unique_ptr<InventoryFeed> m_feed;
};

} // namespace Virtumancer::Test
