#include "benchreadyhook.h"

#include "mainwindow/mainwindow.h"
#include "model/domainfilterproxy.h"
#include "model/inventoryfeed.h"

#include <QAbstractItemModel>
#include <QEvent>
#include <QPointer>
#include <QTreeView>

#include <unistd.h>

namespace Virtumancer {

namespace {

class BenchReadyHook : public QObject
{
    Q_OBJECT
public:
    BenchReadyHook(int fd, int rows, QWidget *viewport, QAbstractItemModel *shown,
                   InventoryFeed *feed)
        : QObject(viewport)
        , m_fd(fd)
        , m_rows(rows)
        , m_viewport(viewport)
        , m_shown(shown)
        , m_feed(feed)
    {
        viewport->installEventFilter(this);
        // Rows that land off-screen need not repaint the view: ask for the paint that proves it.
        const auto poke = [this] {
            if (ready())
                m_viewport->update();
        };
        connect(shown, &QAbstractItemModel::rowsInserted, this, poke);
        connect(shown, &QAbstractItemModel::modelReset, this, poke);
        connect(shown, &QAbstractItemModel::layoutChanged, this, poke);
        connect(feed, &InventoryFeed::loaded, this, poke);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_viewport && event->type() == QEvent::Paint && !m_done && ready()) {
            m_done = true;
            // Queued: report once this paint has finished, not when it starts.
            QMetaObject::invokeMethod(this, &BenchReadyHook::report, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool ready() const { return m_feed && m_feed->isLoaded() && m_shown->rowCount() >= m_rows; }
    void report()
    {
        const QByteArray line = "ready rows=" + QByteArray::number(m_shown->rowCount()) + '\n';
        // A benchmark that went away has nobody to tell: the result is not checked.
        [[maybe_unused]] const ssize_t written = ::write(m_fd, line.constData(),
                                                         size_t(line.size()));
        m_viewport->removeEventFilter(this);
        deleteLater();
    }

    int m_fd;
    int m_rows;
    QWidget *m_viewport;
    QAbstractItemModel *m_shown;
    QPointer<InventoryFeed> m_feed;
    bool m_done = false;
};

} // namespace

void installBenchReadyHook(MainWindow *window, InventoryFeed *feed)
{
    bool ok = false;
    const int fd = qEnvironmentVariableIntValue("VIRTUMANCER_BENCH_READY_FD", &ok);
    if (!ok || fd < 0)
        return;
    new BenchReadyHook(fd, qEnvironmentVariableIntValue("VIRTUMANCER_BENCH_READY_ROWS"),
                       window->vmView()->viewport(), window->vmProxy(), feed);
}

} // namespace Virtumancer

#include "benchreadyhook.moc"
