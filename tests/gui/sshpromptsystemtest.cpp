// The unknown-host-key dialog end to end: the main window over a qemu+ssh:// host behind the
// tests' sshd (tests/system/sshd-env.sh, 127.0.0.1:2222) in front of the real libvirtd. ssh asks
// through virtumancer-ssh-helper → SshPromptBroker → SshPromptDialog; the test answers in the
// dialog as a user would. Accepting stores the key and connects; cancelling leaves the host in
// error, explained, without automatic retries. Root only (as the system tier).

#include "common/guitestutil.h"
#include "system/sshdtestutil.h"

#include "connection/sshprompt.h"
#include "connection/sshtransport.h"
#include "dialogs/sshpromptdialog.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/rowdelegates.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace Virtumancer::Test {

class SshPromptSystemTest : public SshdFixture
{
protected:
    void SetUp() override
    {
        SshdFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_TRUE(waitForNoControlMaster());
        addHost(QStringLiteral("ssh"), sshUri);
        m_feed = std::make_unique<InventoryFeed>(m_data.path(), m_manager.get(), &m_vms, &m_hosts);
        m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
        m_window->show();
        m_feed->start();
        ASSERT_TRUE(waitUntil([&] { return m_feed->isLoaded(); }));
    }
    void TearDown() override
    {
        m_window.reset();
        m_feed.reset();
        SshdFixture::TearDown();
        EXPECT_TRUE(waitForNoControlMaster());
    }
    SshPromptDialog *waitForDialog()
    {
        if (!waitUntil([&] { return !m_window->sshPromptDialogs().isEmpty(); }, 30000))
            return nullptr;
        return m_window->sshPromptDialogs().first();
    }

    DomainListModel m_vms;
    HostListModel m_hosts;
    std::unique_ptr<InventoryFeed> m_feed;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(SshPromptSystemTest, AcceptingTheUnknownKeyInTheDialogStoresItAndConnects)
{
    std::optional<Error> synced;
    QObject::connect(m_manager.get(), &ConnectionManager::syncFinished, m_window.get(),
                     [&](const QString &id, const SyncReport &, const Error &e) {
                         if (id == QStringLiteral("ssh"))
                             synced = e;
                     });
    m_manager->connectHost(QStringLiteral("ssh"));
    SshPromptDialog *dialog = waitForDialog();
    ASSERT_NE(dialog, nullptr) << "ssh's question reached the window";
    EXPECT_EQ(dialog->prompt().kind, SshPrompt::Kind::HostKey);
    EXPECT_EQ(dialog->windowTitle(), QStringLiteral("Unknown SSH host key"));
    const auto *fingerprint = dialog->findChild<QLabel *>(QStringLiteral("fingerprint"));
    ASSERT_NE(fingerprint, nullptr);
    const QString expected = hostFingerprint();
    ASSERT_TRUE(expected.startsWith(QStringLiteral("SHA256:")));
    EXPECT_TRUE(fingerprint->text().contains(expected)) << fingerprint->text().toStdString();
    EXPECT_TRUE(fingerprint->text().startsWith(QStringLiteral("ED25519")));
    EXPECT_FALSE(knowsTestHost(m_knownHosts)) << "nothing stored before the user decides";

    dialog->acceptButton()->click();
    ASSERT_TRUE(waitUntil([&] { return synced.has_value(); }, 60000));
    EXPECT_EQ(synced->code, ErrorCode::None) << synced->message.toStdString();
    EXPECT_TRUE(knowsTestHost(m_knownHosts)) << "accepted keys go to known_hosts";
    EXPECT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Connected);
    EXPECT_TRUE(m_window->sshPromptDialogs().isEmpty());
}

TEST_F(SshPromptSystemTest, CancellingTheDialogLeavesTheHostExplainedAndNotRetrying)
{
    QSignalSpy states(m_manager.get(), &ConnectionManager::hostStateChanged);
    std::optional<Error> failed;
    QObject::connect(m_manager.get(), &ConnectionManager::hostStateChanged, m_window.get(),
                     [&](const QString &id, HostState state, const Error &e) {
                         if (id == QStringLiteral("ssh") && state == HostState::Error)
                             failed = e;
                     });
    m_manager->connectHost(QStringLiteral("ssh"));
    SshPromptDialog *dialog = waitForDialog();
    ASSERT_NE(dialog, nullptr);
    QTest::keyClick(dialog, Qt::Key_Escape);
    ASSERT_TRUE(waitUntil([&] { return failed.has_value(); }, 60000));
    EXPECT_EQ(failed->code, ErrorCode::HostKeyUnknown) << failed->message.toStdString();
    EXPECT_TRUE(failed->message.contains(QStringLiteral("is not known and was not accepted")))
        << failed->message.toStdString();
    const QModelIndex row = m_hosts.index(m_hosts.rowOf(QStringLiteral("ssh")));
    EXPECT_EQ(row.data(HostListModel::LastErrorRole).toString(), failed->message);
    EXPECT_TRUE(hostStatusLine(row).startsWith(QStringLiteral("error")));
    EXPECT_FALSE(knowsTestHost(m_knownHosts));

    // No reconnect loop (the fixture's backoff is 200 ms), so no second question either.
    waitUntil([] { return false; }, 2000);
    int connecting = 0;
    for (const QList<QVariant> &s : std::as_const(states))
        if (s.at(1).value<HostState>() == HostState::Connecting)
            ++connecting;
    EXPECT_EQ(connecting, 1);
    EXPECT_TRUE(m_window->sshPromptDialogs().isEmpty());
    EXPECT_EQ(m_manager->state(QStringLiteral("ssh")), HostState::Error);
}

} // namespace Virtumancer::Test
