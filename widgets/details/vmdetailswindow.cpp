#include "vmdetailswindow.h"

#include "connection/connectionmanager.h"
#include "connection/credentialstore.h"
#include "console/consolepane.h"
#include "details/vmsettingspage.h"
#include "dialogs/addhardwaredialog.h"
#include "dialogs/preferencesdialog.h"
#include "graphs/timeseriesgraph.h"
#include "mainwindow/rowdelegates.h"
#include "model/domainlistmodel.h"
#include "model/mirrorreader.h"
#include "sync/devicelist.h"
#include "sync/statsstore.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QSyntaxHighlighter>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QXmlStreamReader>

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

/// Device kinds the hardware editor may remove (the rest are implicit or structural: the
/// emulator, controllers, the memory balloon).
bool isRemovable(const QString &kind)
{
    static const QStringList kinds{
        QStringLiteral("disk"),    QStringLiteral("interface"), QStringLiteral("graphics"),
        QStringLiteral("video"),   QStringLiteral("sound"),     QStringLiteral("serial"),
        QStringLiteral("console"), QStringLiteral("redirdev"),  QStringLiteral("hostdev"),
        QStringLiteral("channel"), QStringLiteral("rng"),       QStringLiteral("watchdog"),
        QStringLiteral("filesystem"), QStringLiteral("smartcard"), QStringLiteral("tpm")};
    return kinds.contains(kind);
}

/// A <disk> element's device attribute (disk, cdrom, floppy, lun) and whether it has media.
std::pair<QString, bool> diskDevice(const QString &xml)
{
    QXmlStreamReader reader(xml);
    QString device;
    bool media = false;
    int depth = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement())
            --depth;
        if (!reader.isStartElement())
            continue;
        ++depth;
        if (depth == 1)
            device = reader.attributes().value(QLatin1String("device")).toString();
        else if (depth == 2 && reader.name() == u"source")
            media = true;
    }
    return {device, media};
}

QString localTime(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat)
                  : QString();
}

} // namespace

VmDetailsWindow::VmDetailsWindow(DomainListModel *model, ConnectionManager *manager,
                                 const QString &dataDir, const QString &hostId,
                                 const QString &uuid, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_model(model)
    , m_manager(manager)
    , m_hostId(hostId)
    , m_uuid(uuid)
    , m_tabs(new QTabWidget(this))
    , m_form(new QFormLayout)
    , m_hardware(new QListWidget(this))
    , m_deviceXml(codeView(this))
    , m_xml(codeView(this))
    , m_settings(new VmSettingsPage(this))
    , m_hardwareStatus(new QLabel(this))
    , m_xmlEdit(new QPushButton(tr("&Edit"), this))
    , m_xmlApply(new QPushButton(tr("A&pply XML"), this))
    , m_xmlCancel(new QPushButton(tr("&Cancel"), this))
    , m_xmlStatus(new QLabel(this))
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
    auto *devices = new QSplitter(this);
    devices->addWidget(m_hardware);
    devices->addWidget(m_deviceXml);
    devices->setStretchFactor(1, 2);
    auto *hardware = new QWidget(this);
    auto *hardwareLayout = new QVBoxLayout(hardware);
    hardwareLayout->setContentsMargins(0, 0, 0, 0);
    hardwareLayout->addWidget(devices, 1);
    auto *hardwareButtons = new QHBoxLayout;
    m_hardwareStatus->setWordWrap(true);
    m_hardwareStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    hardwareButtons->addWidget(m_hardwareStatus, 1);
    for (const auto &[name, text] : {std::pair{"add", tr("&Add Hardware…")},
                                     std::pair{"remove", tr("&Remove")},
                                     std::pair{"eject", tr("E&ject")},
                                     std::pair{"insert", tr("&Insert Media…")}}) {
        auto *button = new QPushButton(text, hardware);
        button->setObjectName(QLatin1String(name));
        hardwareButtons->addWidget(button);
        m_hardwareButtons.insert(QLatin1String(name), button);
    }
    hardwareLayout->addLayout(hardwareButtons);
    connect(m_hardwareButtons.value(QStringLiteral("add")), &QPushButton::clicked, this,
            &VmDetailsWindow::addHardware);
    connect(m_hardwareButtons.value(QStringLiteral("remove")), &QPushButton::clicked, this,
            &VmDetailsWindow::removeSelectedDevice);
    connect(m_hardwareButtons.value(QStringLiteral("eject")), &QPushButton::clicked, this,
            [this] { changeMedia(true); });
    connect(m_hardwareButtons.value(QStringLiteral("insert")), &QPushButton::clicked, this,
            [this] { changeMedia(false); });
    connect(m_reader, &MirrorReader::hostLoaded, this,
            [this](const HostRecord &host, const QList<NetworkInfo> &networks) {
                if (host.id == m_hostId && m_addDialog)
                    m_addDialog->setNetworks(networks);
            });
    connect(m_reader, &MirrorReader::volumesLoaded, this,
            [this](const QString &hostId, const QList<InventoryStore::VolumeRow> &volumes) {
                if (hostId != m_hostId)
                    return;
                m_volumes = volumes;
                if (m_addDialog)
                    m_addDialog->setVolumes(volumes);
            });
    m_settings->setEditable(m_manager != nullptr);
    connect(m_settings, &VmSettingsPage::applyRequested, this,
            [this](const DomainEditRequest &request) { runEdit(request, tr("settings")); });
    if (m_manager)
        connect(m_manager, &ConnectionManager::domainEditFinished, this,
                &VmDetailsWindow::handleEditFinished);
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
    m_tabs->addTab(m_settings, tr("&Settings"));
    m_tabs->addTab(hardware, tr("&Hardware"));
    auto *xmlPage = new QWidget(this);
    auto *xmlLayout = new QVBoxLayout(xmlPage);
    xmlLayout->setContentsMargins(0, 0, 0, 0);
    xmlLayout->addWidget(m_xml, 1);
    auto *xmlButtons = new QHBoxLayout;
    m_xmlStatus->setWordWrap(true);
    m_xmlStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    xmlButtons->addWidget(m_xmlStatus, 1);
    for (const auto &[button, name] : {std::pair{m_xmlEdit, "edit"}, std::pair{m_xmlApply, "apply"},
                                       std::pair{m_xmlCancel, "cancel"}}) {
        button->setObjectName(QLatin1String(name));
        xmlButtons->addWidget(button);
    }
    xmlLayout->addLayout(xmlButtons);
    connect(m_xmlEdit, &QPushButton::clicked, this, [this] {
        DomainEditRequest read;
        read.op = DomainEditRequest::Op::ReadConfig;
        read.uuid = m_uuid;
        runEdit(read, tr("Reading the configuration"));
    });
    connect(m_xmlApply, &QPushButton::clicked, this, [this] {
        DomainEditRequest define;
        define.op = DomainEditRequest::Op::DefineXml;
        define.uuid = m_uuid;
        define.domainXml = m_xml->toPlainText();
        runEdit(define, tr("Applying the XML"));
    });
    connect(m_xmlCancel, &QPushButton::clicked, this, [this] {
        setXmlEditing(false);
        m_xmlStatus->clear();
    });
    m_tabs->addTab(xmlPage, tr("&XML"));
    // The console connects only when its tab is first shown: most visits are for the rest.
    m_consoleTab = new QWidget(this);
    auto *consoleLayout = new QVBoxLayout(m_consoleTab);
    consoleLayout->setContentsMargins(0, 0, 0, 0);
    m_tabs->addTab(m_consoleTab, tr("Conso&le"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, consoleLayout] {
        if (m_console || m_tabs->currentWidget() != m_consoleTab)
            return;
        m_console = new ConsolePane(m_manager, m_model, m_hostId, m_uuid, {}, m_consoleTab);
        consoleLayout->addWidget(m_console);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    auto *events = new QPushButton(tr("Eve&nts…"), this);
    events->setToolTip(tr("What Virtumancer did to this VM, and what changed outside it"));
    connect(events, &QPushButton::clicked, this, [this] { Q_EMIT eventsRequested(m_uuid); });
    layout->addWidget(events, 0, Qt::AlignRight);
    resize(760, 520);

    connect(m_hardware, &QListWidget::currentRowChanged, this, [this](int row) {
        m_deviceXml->setPlainText(row >= 0 ? m_hardware->item(row)->data(Qt::UserRole).toString()
                                           : QString());
        updateHardwareButtons();
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
    updateHardwareButtons();
    updateXmlButtons();
    if (m_manager) // for the Insert Media and Add Hardware choices
        QMetaObject::invokeMethod(m_reader, "loadVolumes", Qt::QueuedConnection,
                                  Q_ARG(QString, m_hostId));
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
        m_settings->setEditable(false);
        updateHardwareButtons();
        return;
    }
    const DomainInfo &d = row->domain;
    m_settings->load(d, m_bootOrder);
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
    if (m_liveXml == xml)
        return; // configuration unchanged: keep the hardware selection and scroll positions
    m_liveXml = xml;
    if (!m_xmlEditing) // never under the user's edits
        m_xml->setPlainText(xml);
    m_bootOrder = bootOrder(xml.toUtf8());
    if (const InventoryStore::DomainRow *row = m_model->rowAt(m_model->rowOf(m_hostId, m_uuid)))
        m_settings->load(row->domain, m_bootOrder);
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
        item->setData(Qt::UserRole + 1, device.kind);
    }
    m_hardware->setCurrentRow(qBound(0, current, m_hardware->count() - 1));
    Q_EMIT xmlShown();
}

QPushButton *VmDetailsWindow::hardwareButton(const QString &objectName) const
{
    return m_hardwareButtons.value(objectName);
}

QString VmDetailsWindow::hardwareStatus() const
{
    return m_hardwareStatus->text();
}

void VmDetailsWindow::updateHardwareButtons()
{
    const bool present = m_model->rowOf(m_hostId, m_uuid) >= 0;
    const QListWidgetItem *item = m_hardware->currentItem();
    const QString kind = item ? item->data(Qt::UserRole + 1).toString() : QString();
    const auto [device, media] = kind == QLatin1String("disk")
                                     ? diskDevice(item->data(Qt::UserRole).toString())
                                     : std::pair<QString, bool>{};
    const bool removable = device == QLatin1String("cdrom") || device == QLatin1String("floppy");
    const bool editable = m_manager && present;
    m_hardwareButtons.value(QStringLiteral("add"))->setEnabled(editable);
    m_hardwareButtons.value(QStringLiteral("remove"))->setEnabled(editable && isRemovable(kind));
    m_hardwareButtons.value(QStringLiteral("eject"))->setEnabled(editable && removable && media);
    m_hardwareButtons.value(QStringLiteral("insert"))->setEnabled(editable && removable);
}

void VmDetailsWindow::runEdit(const DomainEditRequest &request, const QString &what,
                              const QByteArray &consolePassword)
{
    if (!m_manager)
        return;
    const quint64 job = m_manager->runDomainEdit(m_hostId, request);
    m_jobs.insert(job, PendingEdit{what, request.op, consolePassword});
    switch (request.op) {
    case DomainEditRequest::Op::Set:
        m_settings->setBusy(true);
        break;
    case DomainEditRequest::Op::ReadConfig:
    case DomainEditRequest::Op::DefineXml:
        m_xmlStatus->setText(tr("%1…").arg(what));
        break;
    default:
        m_hardwareStatus->setText(tr("%1…").arg(what));
    }
    updateXmlButtons();
}

void VmDetailsWindow::handleEditFinished(quint64 jobId, const QString &, const QString &,
                                         const QString &, const DomainEditResult &result,
                                         const Error &error)
{
    auto it = m_jobs.find(jobId);
    if (it == m_jobs.end())
        return; // another window's, or the CLI's
    PendingEdit pending = it.value();
    m_jobs.erase(it);
    const bool ok = error.code == ErrorCode::None;
    if (pending.op == DomainEditRequest::Op::Set) {
        m_settings->setBusy(false);
        m_settings->showResult(result, error);
    } else if (pending.op == DomainEditRequest::Op::ReadConfig) {
        if (ok)
            setXmlEditing(true, result.configXml);
        m_xmlStatus->setText(ok ? tr("Editing the persistent configuration; libvirt checks it "
                                     "when applied.")
                                : tr("The configuration could not be read: %1").arg(error.message));
    } else if (pending.op == DomainEditRequest::Op::DefineXml) {
        if (ok)
            setXmlEditing(false);
        m_xmlStatus->setText(!ok ? tr("Not applied: %1").arg(error.message)
                             : result.appliesAfterRestart
                                 ? tr("Saved; the running VM takes it when it restarts.")
                                 : tr("Saved."));
    } else {
        QString text = !ok ? tr("%1 failed: %2").arg(pending.what, error.message)
                       : result.appliesAfterRestart
                           ? tr("%1: saved; applies after the VM restarts.").arg(pending.what)
                           : tr("%1: done.").arg(pending.what);
        if (ok && !result.note.isEmpty())
            text += QLatin1Char(' ') + result.note;
        m_hardwareStatus->setText(text);
    }
    if (ok && !pending.consolePassword.isEmpty() && m_manager->credentialStore())
        m_manager->credentialStore()->writeConsolePassword(m_hostId, m_uuid,
                                                           pending.consolePassword);
    pending.consolePassword.fill('\0');
    updateXmlButtons();
    Q_EMIT editFinished(result, error);
}

void VmDetailsWindow::closeEvent(QCloseEvent *event)
{
    if (m_console)
        m_console->disconnectConsole();
    QWidget::closeEvent(event);
}

void VmDetailsWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        updateXmlButtons();
    QWidget::changeEvent(event);
}

QPushButton *VmDetailsWindow::xmlButton(const QString &objectName) const
{
    for (QPushButton *b : {m_xmlEdit, m_xmlApply, m_xmlCancel})
        if (b->objectName() == objectName)
            return b;
    return nullptr;
}

QString VmDetailsWindow::xmlStatus() const
{
    return m_xmlStatus->text();
}

void VmDetailsWindow::setXmlEditing(bool editing, const QString &text)
{
    m_xmlEditing = editing;
    m_xml->setReadOnly(!editing);
    // Leaving the editor drops its text (it held the definition's secrets) for the mirror's.
    m_xml->setPlainText(editing ? text : m_liveXml);
    updateXmlButtons();
}

void VmDetailsWindow::updateXmlButtons()
{
    bool busy = false;
    for (const PendingEdit &p : std::as_const(m_jobs))
        busy = busy || p.op == DomainEditRequest::Op::ReadConfig
               || p.op == DomainEditRequest::Op::DefineXml;
    const bool allowed = PreferencesDialog::xmlEditingEnabled();
    const bool present = m_model->rowOf(m_hostId, m_uuid) >= 0;
    m_xmlEdit->setVisible(!m_xmlEditing);
    m_xmlApply->setVisible(m_xmlEditing);
    m_xmlCancel->setVisible(m_xmlEditing);
    m_xmlEdit->setEnabled(m_manager && allowed && present && !busy);
    m_xmlEdit->setToolTip(allowed ? tr("Edit the VM's persistent configuration as XML")
                                  : tr("Turn on XML editing in Preferences first"));
    m_xmlApply->setEnabled(!busy && present);
    m_xmlCancel->setEnabled(!busy);
}

AddHardwareDialog *VmDetailsWindow::addHardware()
{
    const InventoryStore::DomainRow *row = m_model->rowAt(m_model->rowOf(m_hostId, m_uuid));
    if (!m_manager || !row)
        return nullptr;
    if (m_addDialog) {
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return m_addDialog;
    }
    // Every NIC of the host's mirrored VMs, to warn about a duplicate MAC address.
    QSet<QString> macs;
    for (int i = 0; i < m_model->rowCount(); ++i)
        if (const InventoryStore::DomainRow *other = m_model->rowAt(i);
            other && other->hostId == m_hostId)
            for (const PortInfo &port : other->domain.ports)
                macs.insert(port.macAddress.toLower());
    auto *dialog = new AddHardwareDialog(row->domain, macs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setVolumes(m_volumes);
    m_addDialog = dialog;
    QMetaObject::invokeMethod(m_reader, "loadHost", Qt::QueuedConnection, Q_ARG(QString, m_hostId));
    QMetaObject::invokeMethod(m_reader, "loadVolumes", Qt::QueuedConnection,
                              Q_ARG(QString, m_hostId));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QByteArray password = dialog->passwordToRemember();
        runEdit(dialog->request(), tr("Adding hardware"), password);
        password.fill('\0');
    });
    dialog->show();
    return dialog;
}

bool VmDetailsWindow::removeSelectedDevice()
{
    const QListWidgetItem *item = m_hardware->currentItem();
    if (!m_manager || !item || !isRemovable(item->data(Qt::UserRole + 1).toString()))
        return false;
    // Copied before asking: the question's event loop may re-list the devices (a mirror update)
    // and delete item.
    const QString kind = item->data(Qt::UserRole + 1).toString();
    const QString xml = item->data(Qt::UserRole).toString();
    const QString text = item->text();
    item = nullptr;
    const auto answer = QMessageBox::question(
        this, tr("Remove Device"),
        tr("Remove %1 from %2?\n\nA running guest must release the device; its configuration "
           "changes too.")
            .arg(text, m_name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    DomainEditRequest request;
    request.uuid = m_uuid;
    if (kind == QLatin1String("disk")) {
        request.op = DomainEditRequest::Op::DetachDisk;
        request.targetDev = deviceTarget(xml);
    } else {
        request.op = DomainEditRequest::Op::DetachDevice;
        request.deviceXml = xml;
    }
    runEdit(request, tr("Removing %1").arg(text));
    return true;
}

void VmDetailsWindow::changeMedia(bool eject)
{
    const QListWidgetItem *item = m_hardware->currentItem();
    if (!m_manager || !item)
        return;
    DomainEditRequest request;
    request.op = DomainEditRequest::Op::ChangeMedia;
    request.uuid = m_uuid;
    request.targetDev = deviceTarget(item->data(Qt::UserRole).toString());
    if (!eject) {
        QStringList paths;
        for (const InventoryStore::VolumeRow &row : m_volumes)
            if (!row.volume.path.isEmpty())
                paths.append(row.volume.path);
        bool ok = false;
        request.mediaPath = QInputDialog::getItem(this, tr("Insert Media"),
                                                  tr("Image for %1 (a volume or a path on the "
                                                     "host):")
                                                      .arg(request.targetDev),
                                                  paths, 0, true, &ok)
                                .trimmed();
        if (!ok || request.mediaPath.isEmpty())
            return;
    }
    runEdit(request, eject ? tr("Ejecting %1").arg(request.targetDev)
                           : tr("Inserting media into %1").arg(request.targetDev));
}

} // namespace Virtumancer
