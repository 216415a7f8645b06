// The audit view reads the log off the GUI thread and filters it by object, host and level;
// a VM's details link to its events.

#include "common/hostfixture.h"

#include "audit/auditview.h"
#include "details/vmdetailswindow.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class AuditViewTest : public DefaultHostFixture
{
protected:
    /// Runs action on the built-in test domain and waits for its answer.
    void act(DomainAction action)
    {
        QSignalSpy done(m_manager.get(), &ConnectionManager::actionFinished);
        m_manager->runAction(QStringLiteral("local"), m_uuid, action);
        ASSERT_TRUE(waitUntil([&] { return !done.isEmpty(); }));
    }
    QString m_uuid;
};

TEST_F(AuditViewTest, ShowsAndFiltersTheEvents)
{
    m_uuid = mirrorDefaultHost();
    ASSERT_FALSE(m_uuid.isEmpty());
    DomainListModel &vms = m_vms;
    act(DomainAction::Suspend);
    act(DomainAction::Resume);
    act(DomainAction::Resume); // not paused any more: fails, and is audited as failed

    // From the VM's details, the link opens the log filtered to it.
    VmDetailsWindow details(&vms, m_manager.get(), m_data.path(), QStringLiteral("local"), m_uuid);
    QString requested;
    QObject::connect(&details, &VmDetailsWindow::eventsRequested,
                     [&](const QString &u) { requested = u; });
    details.findChild<QPushButton *>()->click();
    ASSERT_EQ(requested, m_uuid);

    AuditView view(m_data.path(), requested);
    QSignalSpy refreshed(&view, &AuditView::refreshed);
    ASSERT_TRUE(waitUntil([&] { return !refreshed.isEmpty(); }));
    QAbstractItemModel *rows = view.table()->model();
    ASSERT_EQ(rows->rowCount(), 3);
    EXPECT_EQ(rows->index(0, 3).data().toString(), QStringLiteral("vm.resume")) << "newest first";
    EXPECT_EQ(rows->index(0, 4).data().toString(), QStringLiteral("failed"));
    EXPECT_EQ(rows->index(2, 3).data().toString(), QStringLiteral("vm.suspend"));

    view.levelFilter()->setCurrentIndex(view.levelFilter()->findData(QStringLiteral("INFO")));
    EXPECT_EQ(rows->rowCount(), 0) << "all three were our own actions";
    view.levelFilter()->setCurrentIndex(0);
    EXPECT_EQ(rows->rowCount(), 3);

    refreshed.clear();
    view.hostFilter()->setText(QStringLiteral("elsewhere"));
    view.refresh();
    ASSERT_TRUE(waitUntil([&] { return !refreshed.isEmpty(); }));
    EXPECT_EQ(rows->rowCount(), 0);
}

} // namespace
