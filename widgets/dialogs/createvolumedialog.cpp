#include "createvolumedialog.h"

#include "model/volumelistmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

#include <cmath>
#include <limits>

namespace Virtumancer {

namespace {

constexpr qint64 MiB = 1LL << 20;

} // namespace

CreateVolumeDialog::CreateVolumeDialog(const QHash<QString, QList<PoolInfo>> &pools,
                                       const VolumeListModel *volumes, const QString &preferredHost,
                                       QWidget *parent)
    : QDialog(parent)
    , m_pools(pools)
    , m_volumes(volumes)
    , m_host(new QComboBox(this))
    , m_pool(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_capacity(new QLineEdit(QStringLiteral("10"), this))
    , m_unit(new QComboBox(this))
    , m_backing(new QComboBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Create Volume"));
    QStringList hosts;
    for (auto it = m_pools.cbegin(); it != m_pools.cend(); ++it) {
        for (const PoolInfo &p : it.value()) {
            if (p.active) {
                hosts.append(it.key());
                break;
            }
        }
    }
    hosts.sort();
    m_host->addItems(hosts);
    if (hosts.contains(preferredHost))
        m_host->setCurrentText(preferredHost);
    m_format->addItems(InventorySpecs::volumeFormats());
    m_unit->addItem(tr("MiB"), MiB);
    m_unit->addItem(tr("GiB"), 1024 * MiB);
    m_unit->addItem(tr("TiB"), 1024 * 1024 * MiB);
    m_unit->setCurrentIndex(1);
    m_name->setPlaceholderText(tr("e.g. data.qcow2"));
    m_name->setMinimumWidth(280);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));

    auto *capacity = new QHBoxLayout;
    capacity->addWidget(m_capacity, 1);
    capacity->addWidget(m_unit);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Pool:"), m_pool);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Format:"), m_format);
    auto *capacityCaption = new QLabel(tr("&Capacity:"), this);
    capacityCaption->setBuddy(m_capacity); // a row of a layout gets no buddy by itself
    form->addRow(capacityCaption, capacity);
    form->addRow(tr("&Backing volume:"), m_backing);
    form->addRow(m_error);
    form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QComboBox::currentTextChanged, this, [this] {
        fillPools();
        fillBacking();
        validate();
    });
    connect(m_pool, &QComboBox::currentIndexChanged, this, &CreateVolumeDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &CreateVolumeDialog::validate);
    connect(m_format, &QComboBox::currentTextChanged, this, &CreateVolumeDialog::validate);
    connect(m_capacity, &QLineEdit::textChanged, this, &CreateVolumeDialog::validate);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &CreateVolumeDialog::validate);
    connect(m_backing, &QComboBox::currentIndexChanged, this, &CreateVolumeDialog::validate);
    fillPools();
    fillBacking();
    validate();
}

void CreateVolumeDialog::fillPools()
{
    const QSignalBlocker blocker(m_pool);
    m_pool->clear();
    QList<PoolInfo> active;
    for (const PoolInfo &p : m_pools.value(hostId())) {
        if (p.active)
            active.append(p);
    }
    std::sort(active.begin(), active.end(),
              [](const PoolInfo &a, const PoolInfo &b) { return a.name < b.name; });
    for (const PoolInfo &p : std::as_const(active))
        m_pool->addItem(p.name, p.uuid);
}

void CreateVolumeDialog::fillBacking()
{
    const QSignalBlocker blocker(m_backing);
    m_backing->clear();
    m_backing->addItem(tr("(none)"), QString());
    // Volumes of pools on the same host: libvirt resolves a backing path only there.
    QStringList paths;
    const QString host = hostId();
    for (int r = 0; m_volumes && r < m_volumes->rowCount(); ++r) {
        const InventoryStore::VolumeRow *row = m_volumes->rowAt(r);
        if (row->hostId == host && !row->volume.poolUuid.isEmpty())
            paths.append(row->volume.path);
    }
    paths.sort();
    for (const QString &path : std::as_const(paths))
        m_backing->addItem(path, path);
}

QString CreateVolumeDialog::hostId() const
{
    return m_host->currentText();
}

qint64 CreateVolumeDialog::capacityBytes() const
{
    const QString text = m_capacity->text().trimmed();
    bool ok = false;
    double value = QLocale().toDouble(text, &ok);
    if (!ok)
        value = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return -1;
    const double bytes = value * double(m_unit->currentData().toLongLong());
    if (bytes >= double(std::numeric_limits<qint64>::max()))
        return -1;
    return qint64(std::llround(bytes));
}

InventoryRequest CreateVolumeDialog::request() const
{
    InventoryRequest r;
    r.kind = InventoryRequest::Kind::Volume;
    r.op = InventoryRequest::Op::Create;
    r.volume.poolUuid = m_pool->currentData().toString();
    r.volume.name = m_name->text().trimmed();
    r.volume.format = m_format->currentText();
    r.volume.capacityBytes = capacityBytes();
    r.volume.backingPath = m_backing->currentData().toString();
    return r;
}

void CreateVolumeDialog::validate()
{
    const InventoryRequest r = request();
    QString problem;
    if (m_host->count() == 0)
        problem = tr("No connected host has an active storage pool.");
    else if (r.volume.poolUuid.isEmpty())
        problem = tr("Host %1 has no active storage pool.").arg(hostId());
    else if (r.volume.name.isEmpty())
        problem = tr("Enter a name for the volume.");
    else if (r.volume.capacityBytes < 0)
        problem = tr("The capacity \"%1\" is not a number.").arg(m_capacity->text());
    else if (auto valid = InventorySpecs::validate(r.volume); !valid)
        problem = valid.error().message;
    if (problem.isEmpty() && m_volumes) {
        for (int row = 0; row < m_volumes->rowCount(); ++row) {
            const InventoryStore::VolumeRow *v = m_volumes->rowAt(row);
            if (v->hostId == hostId() && v->volume.poolUuid == r.volume.poolUuid
                && v->volume.name == r.volume.name) {
                problem = tr("Pool %1 already has a volume named %2.")
                              .arg(m_pool->currentText(), r.volume.name);
                break;
            }
        }
    }
    m_problem = problem;
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace Virtumancer
