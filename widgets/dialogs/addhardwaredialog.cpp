#include "addhardwaredialog.h"

#include "actions/devicexml.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {

QComboBox *comboOf(const QStringList &values, QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->addItems(values);
    return combo;
}

/// The path an editable combo holds: the chosen item's path, or what was typed.
QString pathOf(const QComboBox *combo)
{
    const int i = combo->findText(combo->currentText());
    return (i >= 0 ? combo->itemData(i).toString() : combo->currentText()).trimmed();
}

} // namespace

AddHardwareDialog::AddHardwareDialog(const DomainInfo &domain, const QSet<QString> &hostMacs,
                                     QWidget *parent)
    : QDialog(parent)
    , m_domain(domain)
    , m_hostMacs(hostMacs)
    , m_pages(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_diskSource(new QComboBox(this))
    , m_diskDevice(comboOf({QStringLiteral("disk"), QStringLiteral("cdrom")}, this))
    , m_diskBus(comboOf(DomainEdits::diskBuses(), this))
    , m_diskTarget(new QLineEdit(this))
    , m_diskFormat(new QComboBox(this))
    , m_nicSourceType(comboOf(DeviceXml::nicSourceTypes(), this))
    , m_nicSource(new QComboBox(this))
    , m_nicModel(comboOf(DeviceXml::nicModels(), this))
    , m_mac(new QLineEdit(DeviceXml::randomMac(), this))
    , m_graphicsType(comboOf(DeviceXml::graphicsTypes(), this))
    , m_listen(comboOf(
          {QStringLiteral("127.0.0.1"), QStringLiteral("0.0.0.0"), QStringLiteral("none")}, this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember the password in the keyring"), this))
    , m_video(comboOf(DeviceXml::videoModels(), this))
    , m_sound(comboOf(DeviceXml::soundModels(), this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Hardware to %1").arg(domain.name));
    m_pages->addItems({tr("Storage"), tr("Network interface"), tr("Graphics"), tr("Video"),
                       tr("Sound"), tr("Serial port"), tr("USB redirection")});
    m_pages->setMaximumWidth(m_pages->sizeHintForColumn(0) + 24);
    m_stack->addWidget(storagePage());
    m_stack->addWidget(networkPage());
    m_stack->addWidget(graphicsPage());
    m_stack->addWidget(modelPage(m_video, tr("A video adapter for the guest's display.")));
    m_stack->addWidget(modelPage(m_sound, tr("A sound card.")));
    m_stack->addWidget(textPage(tr("A serial port on a host pseudo-terminal: the guest's ttyS0, "
                                   "for a text console.")));
    m_stack->addWidget(textPage(tr("A USB redirection channel: USB devices of the computer "
                                   "showing the SPICE console can be passed to the guest.")));
    m_problem->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));

    auto *body = new QHBoxLayout;
    body->addWidget(m_pages);
    body->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_pages, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_pages, &QListWidget::currentRowChanged, this, &AddHardwareDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QComboBox *combo : {m_diskSource, m_diskDevice, m_diskBus, m_diskFormat, m_nicSourceType,
                             m_nicSource, m_nicModel, m_graphicsType, m_listen})
        connect(combo, &QComboBox::currentTextChanged, this, &AddHardwareDialog::validate);
    for (QLineEdit *edit : {m_diskTarget, m_mac, m_password})
        connect(edit, &QLineEdit::textChanged, this, &AddHardwareDialog::validate);
    connect(m_nicSourceType, &QComboBox::currentTextChanged, this,
            [this] { setNetworks(m_networks); });
    connect(m_diskDevice, &QComboBox::currentTextChanged, this, [this](const QString &device) {
        // A CD/DVD drive goes on SATA (q35) or IDE; virtio is for disks.
        if (device == QLatin1String("cdrom") && m_diskBus->currentText() == QLatin1String("virtio"))
            m_diskBus->setCurrentText(QStringLiteral("sata"));
    });
    m_pages->setCurrentRow(Storage);
    resize(620, 360);
}

QWidget *AddHardwareDialog::storagePage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_diskSource->setEditable(true);
    m_diskSource->setInsertPolicy(QComboBox::NoInsert);
    m_diskSource->setMinimumContentsLength(40);
    m_diskSource->lineEdit()->setPlaceholderText(tr("a volume, or a path on the host"));
    m_diskTarget->setPlaceholderText(tr("automatic"));
    form->addRow(tr("&Source:"), m_diskSource);
    form->addRow(tr("&Device:"), m_diskDevice);
    form->addRow(tr("&Bus:"), m_diskBus);
    form->addRow(tr("&Target:"), m_diskTarget);
    m_diskFormat->addItem(tr("the volume's"), QString());
    m_diskFormat->addItem(QStringLiteral("raw"), QStringLiteral("raw"));
    m_diskFormat->addItem(QStringLiteral("qcow2"), QStringLiteral("qcow2"));
    m_diskFormat->setToolTip(tr("libvirt knows the format of a pool's volumes; for an image in "
                                "no pool, say what it is"));
    form->addRow(tr("F&ormat:"), m_diskFormat);
    return page;
}

QWidget *AddHardwareDialog::networkPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_nicSource->setEditable(true);
    m_nicSource->setInsertPolicy(QComboBox::NoInsert);
    auto *generate = new QPushButton(tr("&Generate"), page);
    connect(generate, &QPushButton::clicked, this,
            [this] { m_mac->setText(DeviceXml::randomMac()); });
    auto *mac = new QHBoxLayout;
    mac->addWidget(m_mac, 1);
    mac->addWidget(generate);
    form->addRow(tr("&Connect to:"), m_nicSourceType);
    form->addRow(tr("&Name:"), m_nicSource);
    form->addRow(tr("&Model:"), m_nicModel);
    auto *macCaption = new QLabel(tr("&MAC address:"), page);
    macCaption->setBuddy(m_mac); // a row of a layout gets no buddy by itself
    form->addRow(macCaption, mac);
    return page;
}

QWidget *AddHardwareDialog::graphicsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_listen->setEditable(true);
    m_listen->setInsertPolicy(QComboBox::NoInsert);
    m_listen->setToolTip(tr("Virtumancer opens consoles through libvirt, so \"none\" or "
                            "127.0.0.1 is enough for it; other viewers need an address they can "
                            "reach"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("none"));
    m_remember->setChecked(true);
    form->addRow(tr("&Type:"), m_graphicsType);
    form->addRow(tr("&Listen on:"), m_listen);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    return page;
}

QWidget *AddHardwareDialog::modelPage(QComboBox *combo, const QString &text)
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    auto *label = new QLabel(text, page);
    label->setWordWrap(true);
    form->addRow(label);
    form->addRow(tr("M&odel:"), combo);
    return page;
}

QWidget *AddHardwareDialog::textPage(const QString &text)
{
    auto *label = new QLabel(text, this);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    return label;
}

void AddHardwareDialog::setNetworks(const QList<NetworkInfo> &networks)
{
    m_networks = networks;
    const QString typed = m_nicSource->currentText();
    const bool bridge = m_nicSourceType->currentText() == QLatin1String("bridge");
    m_nicSource->clear();
    for (const NetworkInfo &n : networks) {
        const QString name = bridge ? n.bridgeName : n.name;
        if (!name.isEmpty() && m_nicSource->findText(name) < 0)
            m_nicSource->addItem(name);
    }
    if (!typed.isEmpty())
        m_nicSource->setCurrentText(typed);
    validate();
}

void AddHardwareDialog::setVolumes(const QList<InventoryStore::VolumeRow> &volumes)
{
    const QString typed = m_diskSource->currentText();
    m_diskSource->clear();
    m_poolVolumes.clear();
    for (const InventoryStore::VolumeRow &row : volumes) {
        if (row.volume.path.isEmpty())
            continue;
        if (!row.volume.poolUuid.isEmpty())
            m_poolVolumes.insert(row.volume.path);
        const QString size
            = QLocale().formattedDataSize(row.volume.capacityBytes, 1, QLocale::DataSizeIecFormat);
        const QString where = row.poolName.isEmpty() ? tr("outside any pool") : row.poolName;
        m_diskSource->addItem(tr("%1 (%2, %3, %4, %5)")
                                  .arg(row.volume.name, where, row.volume.format, size, row.status),
                              row.volume.path);
        m_diskSource->setItemData(m_diskSource->count() - 1, row.volume.path, Qt::ToolTipRole);
    }
    m_diskSource->setCurrentText(typed);
    validate();
}

void AddHardwareDialog::setPage(Page page)
{
    m_pages->setCurrentRow(page);
}

DomainEditRequest AddHardwareDialog::request() const
{
    DomainEditRequest r;
    r.uuid = m_domain.uuid;
    r.op = DomainEditRequest::Op::AttachDevice;
    switch (Page(m_pages->currentRow())) {
    case Storage:
        r.op = DomainEditRequest::Op::AttachDisk;
        r.disk.sourcePath = pathOf(m_diskSource);
        r.disk.device = m_diskDevice->currentText();
        r.disk.bus = m_diskBus->currentText();
        r.disk.targetDev = m_diskTarget->text().trimmed();
        r.disk.format = m_diskFormat->currentData().toString();
        break;
    case Network:
        r.deviceXml = DeviceXml::interfaceXml(
            NicSpec{m_nicSourceType->currentText(), m_nicSource->currentText().trimmed(),
                    m_nicModel->currentText(), m_mac->text().trimmed()});
        break;
    case Graphics:
        r.deviceXml = DeviceXml::graphicsXml(GraphicsSpec{m_graphicsType->currentText(),
                                                          m_listen->currentText().trimmed(),
                                                          m_password->text().toUtf8()});
        break;
    case Video:
        r.deviceXml = DeviceXml::videoXml(m_video->currentText());
        break;
    case Sound:
        r.deviceXml = DeviceXml::soundXml(m_sound->currentText());
        break;
    case Serial:
        r.deviceXml = DeviceXml::serialXml();
        break;
    case UsbRedirection:
        r.deviceXml = DeviceXml::redirdevXml();
        break;
    }
    return r;
}

QByteArray AddHardwareDialog::passwordToRemember() const
{
    if (m_pages->currentRow() != Graphics || !m_remember->isChecked())
        return {};
    return m_password->text().toUtf8();
}

Result<> AddHardwareDialog::check() const
{
    switch (Page(m_pages->currentRow())) {
    case Storage: {
        const DomainEditRequest r = request();
        if (r.disk.sourcePath.isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             tr("Choose a volume or give the path of an image on the host."));
        for (const DiskInfo &disk : m_domain.disks) {
            if (!r.disk.targetDev.isEmpty() && disk.deviceName == r.disk.targetDev)
                return makeError(
                    ErrorCode::InvalidArgument,
                    tr("%1 is taken by another disk of this VM.").arg(r.disk.targetDev));
            if (disk.sourcePath == r.disk.sourcePath)
                return makeError(ErrorCode::InvalidArgument,
                                 tr("This VM has %1 attached already (as %2).")
                                     .arg(r.disk.sourcePath, disk.deviceName));
        }
        if (auto valid = DomainEdits::validate(r); !valid)
            return valid;
        if (r.disk.format.isEmpty() && r.disk.device == QLatin1String("disk")
            && !m_poolVolumes.contains(r.disk.sourcePath))
            return makeError(ErrorCode::InvalidArgument,
                             tr("%1 is in no storage pool: choose its format (raw or qcow2).")
                                 .arg(r.disk.sourcePath));
        return {};
    }
    case Network:
        return DeviceXml::validate(NicSpec{m_nicSourceType->currentText(),
                                           m_nicSource->currentText(), m_nicModel->currentText(),
                                           m_mac->text().trimmed()});
    case Graphics:
        return DeviceXml::validate(GraphicsSpec{m_graphicsType->currentText(),
                                                m_listen->currentText().trimmed(),
                                                m_password->text().toUtf8()});
    case UsbRedirection: {
        const bool spice
            = std::any_of(m_domain.graphics.cbegin(), m_domain.graphics.cend(),
                          [](const GraphicsInfo &g) { return g.type == QLatin1String("spice"); });
        if (!spice)
            return makeError(ErrorCode::InvalidArgument,
                             tr("USB redirection needs SPICE graphics: add those first."));
        return {};
    }
    case Video:
    case Sound:
    case Serial:
        return {};
    }
    return {};
}

QString AddHardwareDialog::problem() const
{
    return m_problem->text();
}

void AddHardwareDialog::validate()
{
    const Result<> ok = check();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok.has_value());
    QString text = ok ? QString() : ok.error().message;
    const QString mac = DeviceXml::normalizedMac(m_mac->text());
    if (ok && m_pages->currentRow() == Network && m_hostMacs.contains(mac))
        text = tr("Warning: another NIC on this host has the MAC address %1.").arg(mac);
    m_problem->setText(text);
}

} // namespace Virtumancer
