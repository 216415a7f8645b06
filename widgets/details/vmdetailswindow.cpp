#include "vmdetailswindow.h"

#include "graphs/timeseriesgraph.h"
#include "mainwindow/rowdelegates.h"
#include "model/domainlistmodel.h"
#include "model/mirrorreader.h"
#include "sync/devicelist.h"
#include "sync/statsstore.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QSyntaxHighlighter>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {

/// Colours tags, attribute names and values. Highlighting only: nothing is parsed from it.
class XmlHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression tag(QStringLiteral("</?[A-Za-z_][\\w:.-]*|/?>"));
        static const QRegularExpression attribute(QStringLiteral("\\b[A-Za-z_][\\w:.-]*(?==)"));
        static const QRegularExpression value(QStringLiteral("\"[^\"]*\"|'[^']*'"));
        QTextCharFormat tagFormat;
        tagFormat.setForeground(QColor(0x1f, 0x5f, 0xa8));
        tagFormat.setFontWeight(QFont::Bold);
        QTextCharFormat attributeFormat;
        attributeFormat.setForeground(QColor(0x8a, 0x4b, 0x08));
        QTextCharFormat valueFormat;
        valueFormat.setForeground(QColor(0x2e, 0x7d, 0x32));
        for (const auto &[re, format] :
             {std::pair{&tag, tagFormat}, std::pair{&attribute, attributeFormat},
              std::pair{&value, valueFormat}}) {
            for (auto it = re->globalMatch(text); it.hasNext();) {
                const auto m = it.next();
                setFormat(int(m.capturedStart()), int(m.capturedLength()), format);
            }
        }
    }
};

QPlainTextEdit *codeView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    new XmlHighlighter(view->document());
    return view;
}

QString localTime(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat)
                  : QString();
}

} // namespace

VmDetailsWindow::VmDetailsWindow(DomainListModel *model, const QString &dataDir,
                                 const QString &hostId, const QString &uuid, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_model(model)
    , m_hostId(hostId)
    , m_uuid(uuid)
    , m_tabs(new QTabWidget(this))
    , m_form(new QFormLayout)
    , m_hardware(new QListWidget(this))
    , m_deviceXml(codeView(this))
    , m_xml(codeView(this))
    , m_thread(new QThread(this))
    , m_reader(new MirrorReader(dataDir))
{
    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &MirrorReader::domainXmlLoaded, this,
            [this](const QString &hostId, const QString &uuid, const QString &xml) {
                if (hostId == m_hostId && uuid == m_uuid)
                    showXml(xml);
            });
    connect(m_reader, &MirrorReader::failed, this, [this](const Error &error) {
        m_xml->setPlainText(tr("The domain XML could not be read: %1").arg(error.message));
    });
    m_thread->setObjectName(QStringLiteral("vm-details-reader"));
    m_thread->start();
    auto *overview = new QWidget(this);
    overview->setLayout(m_form);
    for (const QString &field :
         {tr("Name"), tr("UUID"), tr("Host"), tr("State"), tr("Title"), tr("Description"), tr("OS"),
          tr("vCPUs"), tr("Memory"), tr("Autostart"), tr("Persistent"), tr("Mirrored since"),
          tr("Last change"), tr("Mirror")}) {
        auto *label = new QLabel(overview);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        m_form->addRow(field + QLatin1Char(':'), label);
        m_values.insert(field, label);
    }
    auto *hardware = new QSplitter(this);
    hardware->addWidget(m_hardware);
    hardware->addWidget(m_deviceXml);
    hardware->setStretchFactor(1, 2);
    auto *performance = new QWidget(this);
    auto *grid = new QGridLayout(performance);
    const auto bytes = [](double v) {
        return QLocale().formattedDataSize(qint64(v), 1, QLocale::DataSizeIecFormat);
    };
    for (const auto &[title, formatter] :
         {std::pair<QString, TimeSeriesGraph::Formatter>{tr("CPU"), formatPercent},
          {tr("Memory"), bytes},
          {tr("Disk I/O"), formatByteRate},
          {tr("Network"), formatByteRate}}) {
        auto *graph = new TimeSeriesGraph(title, performance);
        graph->setFormatter(formatter);
        grid->addWidget(graph, int(m_graphs.size()) / 2, int(m_graphs.size()) % 2);
        m_graphs.append(graph);
    }
    m_graphs.at(0)->setFixedMaximum(100);
    m_graphs.at(2)->setMinimumScale(1024); // rates: at least 1 KiB/s tall
    m_graphs.at(3)->setMinimumScale(1024);
    m_tabs->addTab(overview, tr("&Overview"));
    m_tabs->addTab(performance, tr("&Performance"));
    m_tabs->addTab(hardware, tr("&Hardware"));
    m_tabs->addTab(m_xml, tr("&XML"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    auto *events = new QPushButton(tr("&Events…"), this);
    events->setToolTip(tr("What Virtumancer did to this VM, and what changed outside it"));
    connect(events, &QPushButton::clicked, this, [this] { Q_EMIT eventsRequested(m_uuid); });
    layout->addWidget(events, 0, Qt::AlignRight);
    resize(760, 520);

    connect(m_hardware, &QListWidget::currentRowChanged, this, [this](int row) {
        m_deviceXml->setPlainText(row >= 0 ? m_hardware->item(row)->data(Qt::UserRole).toString()
                                           : QString());
    });
    auto follow = [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        const int row = m_model->rowOf(m_hostId, m_uuid);
        if (row < topLeft.row() || row > bottomRight.row())
            return;
        if (topLeft.column() == DomainListModel::CpuUsageColumn
            && bottomRight.column() == DomainListModel::MemoryUsageColumn)
            refreshGraphs(); // a stats sample, nothing else changed
        else
            reload();
    };
    connect(m_model, &QAbstractItemModel::dataChanged, this, follow);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &VmDetailsWindow::reload);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &VmDetailsWindow::reload);
    connect(m_model, &QAbstractItemModel::modelReset, this, &VmDetailsWindow::reload);
    reload();
}

VmDetailsWindow::~VmDetailsWindow()
{
    m_thread->quit();
    m_thread->wait(); // a cache read is short; nothing here waits on a host
}

QString VmDetailsWindow::overviewValue(const QString &field) const
{
    const QLabel *label = m_values.value(field);
    return label ? label->text() : QString();
}

void VmDetailsWindow::setValue(const QString &field, const QString &value)
{
    if (QLabel *label = m_values.value(field))
        label->setText(value);
}

void VmDetailsWindow::refreshGraphs()
{
    const std::shared_ptr<StatsStore> stats = m_model->statsStore();
    const InventoryStore::DomainRow *row = m_model->rowAt(m_model->rowOf(m_hostId, m_uuid));
    const QList<StatsSample> samples = stats && row ? stats->samples(m_hostId, m_uuid)
                                                    : QList<StatsSample>{};
    const auto series = [&samples](const QString &name, const QColor &color, auto value) {
        TimeSeriesGraph::Series s{name, color, {}};
        s.points.reserve(samples.size());
        for (const StatsSample &sample : samples)
            s.points.append(QPointF(double(sample.tsMs), double(value(sample))));
        return s;
    };
    const QColor blue(0x1c, 0x71, 0xd8), orange(0xe6, 0x61, 0x00);
    m_graphs.at(0)->setSeries({series({}, blue, [](const StatsSample &s) { return s.cpuPercent; })});
    if (row)
        m_graphs.at(1)->setFixedMaximum(double(qMax<qint64>(row->domain.memoryBytes, 1)));
    m_graphs.at(1)->setSeries(
        {series({}, blue, [](const StatsSample &s) { return double(s.memoryBytes); })});
    m_graphs.at(2)->setSeries(
        {series(tr("read"), blue, [](const StatsSample &s) { return s.diskReadBps; }),
         series(tr("write"), orange, [](const StatsSample &s) { return s.diskWriteBps; })});
    m_graphs.at(3)->setSeries(
        {series(tr("in"), blue, [](const StatsSample &s) { return s.netRxBps; }),
         series(tr("out"), orange, [](const StatsSample &s) { return s.netTxBps; })});
}

void VmDetailsWindow::reload()
{
    refreshGraphs();
    const InventoryStore::DomainRow *row = m_model->rowAt(m_model->rowOf(m_hostId, m_uuid));
    if (!row) {
        setWindowTitle(tr("%1 on %2 (gone)").arg(m_name, m_hostId));
        setValue(tr("State"), tr("no longer on host %1").arg(m_hostId));
        return;
    }
    const DomainInfo &d = row->domain;
    const QModelIndex index = m_model->index(m_model->rowOf(m_hostId, m_uuid), 0);
    m_name = d.name;
    setWindowTitle(tr("%1 on %2").arg(d.name, m_hostId));
    setValue(tr("Name"), d.name);
    setValue(tr("UUID"), d.uuid);
    setValue(tr("Host"), m_hostId);
    setValue(tr("State"), domainStateName(d.state));
    setValue(tr("Title"), d.title);
    setValue(tr("Description"), d.description);
    setValue(tr("OS"), QStringList{d.osType, d.arch, d.machine}.join(QLatin1Char(' ')).trimmed());
    setValue(tr("vCPUs"), QString::number(d.vcpuCount));
    setValue(
        tr("Memory"),
        tr("%1 (current %2)")
            .arg(QLocale().formattedDataSize(d.memoryBytes, 1, QLocale::DataSizeIecFormat),
                 QLocale().formattedDataSize(d.currentMemoryBytes, 1, QLocale::DataSizeIecFormat)));
    setValue(tr("Autostart"), d.autostart ? tr("yes") : tr("no"));
    setValue(tr("Persistent"), d.persistent ? tr("yes") : tr("no (transient)"));
    setValue(tr("Mirrored since"), localTime(row->createdAt));
    setValue(tr("Last change"), localTime(row->updatedAt));
    setValue(tr("Mirror"),
             index.data(DomainListModel::StaleRole).toBool()
                 ? tr("host not connected; %1")
                       .arg(asOfText(index.data(DomainListModel::AsOfRole).toLongLong()))
                 : tr("live"));

    // The model's rows carry no XML: read it when the row says the VM changed.
    if (row->updatedAt != m_xmlVersion) {
        m_xmlVersion = row->updatedAt;
        QMetaObject::invokeMethod(m_reader, "loadDomainXml", Qt::QueuedConnection,
                                  Q_ARG(QString, m_hostId), Q_ARG(QString, m_uuid));
    }
}

void VmDetailsWindow::showXml(const QString &xml)
{
    if (m_xml->toPlainText() == xml)
        return; // configuration unchanged: keep the hardware selection and scroll positions
    m_xml->setPlainText(xml);
    const int current = m_hardware->currentRow();
    m_hardware->clear();
    const auto devices = listDevices(xml.toUtf8());
    if (!devices) {
        m_hardware->addItem(
            tr("The domain XML could not be read: %1").arg(devices.error().message));
        return;
    }
    for (const DeviceEntry &device : *devices) {
        auto *item = new QListWidgetItem(tr("%1: %2").arg(device.kind, device.summary), m_hardware);
        item->setData(Qt::UserRole, device.xml);
    }
    m_hardware->setCurrentRow(qBound(0, current, m_hardware->count() - 1));
    Q_EMIT xmlShown();
}

} // namespace Virtumancer
