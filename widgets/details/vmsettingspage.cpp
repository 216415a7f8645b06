#include "vmsettingspage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace Virtumancer {

namespace {

constexpr qint64 MiB = 1024 * 1024;

int toMiB(qint64 bytes)
{
    return int(std::clamp<qint64>((bytes + MiB / 2) / MiB, 0, std::numeric_limits<int>::max()));
}

QString bootLabel(const QString &dev)
{
    if (dev == QLatin1String("hd"))
        return VmSettingsPage::tr("Hard disk");
    if (dev == QLatin1String("cdrom"))
        return VmSettingsPage::tr("CD/DVD");
    if (dev == QLatin1String("network"))
        return VmSettingsPage::tr("Network (PXE)");
    if (dev == QLatin1String("fd"))
        return VmSettingsPage::tr("Floppy");
    return dev;
}

QSpinBox *mibBox(QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(1, 16 * 1024 * 1024); // 16 TiB
    box->setSuffix(VmSettingsPage::tr(" MiB"));
    box->setSingleStep(256);
    box->setAccelerated(true);
    return box;
}

} // namespace

VmSettingsPage::VmSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_vcpus(new QSpinBox(this))
    , m_memory(mibBox(this))
    , m_maxMemory(mibBox(this))
    , m_autostart(new QCheckBox(tr("Start the VM when the host starts"), this))
    , m_title(new QLineEdit(this))
    , m_description(new QPlainTextEdit(this))
    , m_boot(new QListWidget(this))
    , m_up(new QPushButton(tr("Move &up"), this))
    , m_down(new QPushButton(tr("Move do&wn"), this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_apply(new QPushButton(tr("&Apply"), this))
    , m_status(new QLabel(this))
{
    m_vcpus->setRange(1, 4096);
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(80);
    m_boot->setMaximumHeight(100);
    m_boot->setToolTip(tr("Checked devices are tried in this order"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("v&CPUs:"), m_vcpus);
    form->addRow(tr("&Memory:"), m_memory);
    form->addRow(tr("Ma&ximum memory:"), m_maxMemory);
    form->addRow(tr("Autostart:"), m_autostart);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Description:"), m_description);
    auto *bootButtons = new QVBoxLayout;
    bootButtons->addWidget(m_up);
    bootButtons->addWidget(m_down);
    bootButtons->addStretch();
    auto *boot = new QHBoxLayout;
    boot->addWidget(m_boot);
    boot->addLayout(bootButtons);
    auto *bootCaption = new QLabel(tr("&Boot order:"), this);
    bootCaption->setBuddy(m_boot); // a row of a layout gets no buddy, so no mnemonic, by itself
    form->addRow(bootCaption, boot);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addLayout(buttons);
    m_apply->setDefault(true);

    const auto edited = [this] {
        if (!m_filling)
            updateButtons();
    };
    connect(m_vcpus, &QSpinBox::valueChanged, this, edited);
    connect(m_memory, &QSpinBox::valueChanged, this, [this, edited] {
        if (m_memory->value() > m_maxMemory->value())
            m_maxMemory->setValue(m_memory->value()); // current can never exceed the maximum
        edited();
    });
    connect(m_maxMemory, &QSpinBox::valueChanged, this, [this, edited] {
        if (m_maxMemory->value() < m_memory->value())
            m_memory->setValue(m_maxMemory->value());
        edited();
    });
    connect(m_autostart, &QCheckBox::toggled, this, edited);
    connect(m_title, &QLineEdit::textChanged, this, edited);
    connect(m_description, &QPlainTextEdit::textChanged, this, edited);
    connect(m_boot, &QListWidget::itemChanged, this, edited);
    connect(m_boot, &QListWidget::currentRowChanged, this, &VmSettingsPage::updateButtons);
    connect(m_up, &QPushButton::clicked, this, [this] { moveBootEntry(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveBootEntry(1); });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        fill();
        m_status->clear();
    });
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (isDirty())
            Q_EMIT applyRequested(request());
    });
    updateButtons();
}

void VmSettingsPage::load(const DomainInfo &domain, const QStringList &bootOrder)
{
    const bool dirty = isDirty();
    m_domain = domain;
    m_bootOrder = bootOrder;
    if (!dirty && !m_busy)
        fill();
    else
        updateButtons(); // the edits may now equal the VM's values
}

void VmSettingsPage::fill()
{
    m_filling = true;
    m_vcpus->setValue(m_domain.vcpuCount);
    m_maxMemory->setValue(toMiB(m_domain.memoryBytes));
    m_memory->setValue(toMiB(m_domain.currentMemoryBytes > 0 ? m_domain.currentMemoryBytes
                                                             : m_domain.memoryBytes));
    m_autostart->setChecked(m_domain.autostart);
    m_autostart->setEnabled(m_domain.persistent);
    m_title->setText(m_domain.title);
    m_description->setPlainText(m_domain.description);
    m_boot->clear();
    QStringList devices = m_bootOrder;
    for (const QString &dev : DomainEdits::bootDevices())
        if (!devices.contains(dev))
            devices.append(dev);
    for (const QString &dev : devices) {
        auto *item = new QListWidgetItem(bootLabel(dev), m_boot);
        item->setData(Qt::UserRole, dev);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(m_bootOrder.contains(dev) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    updateButtons();
}

QStringList VmSettingsPage::formBootOrder() const
{
    QStringList order;
    for (int i = 0; i < m_boot->count(); ++i)
        if (m_boot->item(i)->checkState() == Qt::Checked)
            order.append(m_boot->item(i)->data(Qt::UserRole).toString());
    return order;
}

void VmSettingsPage::moveBootEntry(int delta)
{
    const int row = m_boot->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_boot->count())
        return;
    QListWidgetItem *item = m_boot->takeItem(row);
    m_boot->insertItem(to, item);
    m_boot->setCurrentRow(to);
    updateButtons();
}

DomainEditRequest VmSettingsPage::request() const
{
    DomainEditRequest r;
    r.op = DomainEditRequest::Op::Set;
    r.uuid = m_domain.uuid;
    if (m_vcpus->value() != m_domain.vcpuCount)
        r.vcpus = m_vcpus->value();
    if (m_maxMemory->value() != toMiB(m_domain.memoryBytes))
        r.maxMemoryBytes = qint64(m_maxMemory->value()) * MiB;
    const qint64 current
        = m_domain.currentMemoryBytes > 0 ? m_domain.currentMemoryBytes : m_domain.memoryBytes;
    if (m_memory->value() != toMiB(current))
        r.memoryBytes = qint64(m_memory->value()) * MiB;
    if (m_autostart->isChecked() != m_domain.autostart)
        r.autostart = m_autostart->isChecked();
    if (m_title->text() != m_domain.title)
        r.title = m_title->text();
    if (m_description->toPlainText() != m_domain.description)
        r.description = m_description->toPlainText();
    const QStringList boot = formBootOrder();
    if (boot != m_bootOrder && !boot.isEmpty())
        r.bootOrder = boot;
    return r;
}

bool VmSettingsPage::isDirty() const
{
    if (m_domain.uuid.isEmpty())
        return false;
    const DomainEditRequest r = request();
    return r.vcpus || r.memoryBytes || r.maxMemoryBytes || r.autostart || r.title || r.description
           || r.bootOrder;
}

void VmSettingsPage::setBusy(bool busy)
{
    m_busy = busy;
    if (busy)
        m_status->setText(tr("Applying…"));
    updateButtons();
}

void VmSettingsPage::setEditable(bool editable)
{
    m_editable = editable;
    updateButtons();
}

void VmSettingsPage::showResult(const DomainEditResult &result, const Error &error)
{
    if (error.code != ErrorCode::None) {
        m_status->setText(tr("Not changed: %1").arg(error.message));
        updateButtons(); // the edits stay, to correct and apply again
        return;
    }
    m_status->setText(
        result.appliesAfterRestart
            ? tr("Saved. Applies after the VM restarts: %1.%2")
                  .arg(result.pendingFields.join(QStringLiteral(", ")),
                       result.note.isEmpty() ? QString() : QLatin1Char(' ') + result.note)
            : tr("Applied."));
    // Applied: the form already shows the new values and the re-read VM follows through
    // load(). Saved for later: the mirror shows the running VM, so the form goes back to that.
    if (result.appliesAfterRestart)
        fill();
    else
        updateButtons();
}

QString VmSettingsPage::statusText() const
{
    return m_status->text();
}

void VmSettingsPage::updateButtons()
{
    const bool open = m_editable && !m_busy;
    for (QWidget *w : std::initializer_list<QWidget *>{m_vcpus, m_memory, m_maxMemory, m_title,
                                                       m_description, m_boot})
        w->setEnabled(open);
    m_autostart->setEnabled(open && m_domain.persistent);
    const int row = m_boot->currentRow();
    m_up->setEnabled(open && row > 0);
    m_down->setEnabled(open && row >= 0 && row + 1 < m_boot->count());
    const bool dirty = isDirty();
    m_apply->setEnabled(open && dirty);
    m_revert->setEnabled(open && dirty);
}

} // namespace Virtumancer
