#include "auditview.h"

#include "model/auditmodel.h"
#include "model/mirrorreader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace Virtumancer {

AuditView::AuditView(const QString &dataDir, const QString &objectId, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_model(new AuditModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_host(new QLineEdit(this))
    , m_object(new QLineEdit(objectId, this))
    , m_level(new QComboBox(this))
    , m_sinceEnabled(new QCheckBox(tr("Since:"), this))
    , m_since(new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this))
    , m_count(new QLabel(this))
    , m_thread(new QThread(this))
    , m_reader(new MirrorReader(dataDir))
{
    qRegisterMetaType<AuditQuery>();
    qRegisterMetaType<QList<AuditEvent>>();
    setWindowTitle(objectId.isEmpty() ? tr("Audit Log") : tr("Audit Log: %1").arg(objectId));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(AuditModel::LevelColumn);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    m_host->setPlaceholderText(tr("host"));
    m_object->setPlaceholderText(tr("object (VM uuid, volume path, host…)"));
    m_level->addItem(tr("All levels"), QString());
    for (const char *level : {"AUDIT", "INFO", "WARN", "ERROR"})
        m_level->addItem(QLatin1String(level), QLatin1String(level));
    m_since->setCalendarPopup(true);
    m_since->setEnabled(false);
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_host);
    filters->addWidget(m_object, 2);
    filters->addWidget(m_level);
    filters->addWidget(m_sinceEnabled);
    filters->addWidget(m_since);
    filters->addWidget(refreshButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table);
    layout->addWidget(m_count);
    resize(960, 480);

    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &MirrorReader::auditLoaded, this,
            [this](quint64 tag, const QList<AuditEvent> &events) {
                if (tag != m_pendingTag)
                    return; // an answer to a query the user has since changed
                m_pendingTag = 0;
                m_model->setEvents(events);
                m_table->resizeColumnsToContents();
                m_count->setText(tr("%n event(s)", nullptr, m_proxy->rowCount()));
                Q_EMIT refreshed(m_proxy->rowCount());
            });
    connect(m_reader, &MirrorReader::failed, this, [this](const Error &error) {
        m_pendingTag = 0;
        m_count->setText(tr("The audit log could not be read: %1").arg(error.message));
    });
    m_thread->start();

    connect(refreshButton, &QPushButton::clicked, this, &AuditView::refresh);
    connect(m_host, &QLineEdit::editingFinished, this, &AuditView::refresh);
    connect(m_object, &QLineEdit::editingFinished, this, &AuditView::refresh);
    connect(m_sinceEnabled, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_sinceEnabled, &QCheckBox::toggled, this, &AuditView::refresh);
    connect(m_since, &QDateTimeEdit::dateTimeChanged, this, &AuditView::refresh);
    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        const QString level = m_level->currentData().toString();
        m_proxy->setFilterRegularExpression(
            level.isEmpty() ? QString() : QLatin1Char('^') + level + QLatin1Char('$'));
        m_count->setText(tr("%n event(s)", nullptr, m_proxy->rowCount()));
        Q_EMIT refreshed(m_proxy->rowCount());
    });
    refresh();
}

AuditView::~AuditView()
{
    m_thread->quit();
    m_thread->wait(); // an audit query is short and never waits on a host
}

void AuditView::refresh()
{
    AuditQuery query;
    query.hostId = m_host->text().trimmed();
    query.objectId = m_object->text().trimmed();
    query.sinceMs = m_sinceEnabled->isChecked() ? m_since->dateTime().toMSecsSinceEpoch() : 0;
    query.limit = 1000;
    m_pendingTag = m_nextTag++;
    QMetaObject::invokeMethod(m_reader, "loadAudit", Qt::QueuedConnection,
                              Q_ARG(quint64, m_pendingTag), Q_ARG(Virtumancer::AuditQuery, query));
}

} // namespace Virtumancer
