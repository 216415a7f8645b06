#include "connectionwizard.h"

#include "connection/connectionmanager.h"
#include "connection/connectionprobe.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace Virtumancer {

namespace {
/// What a transport needs, in a sentence or two (the wizard's hint under the choice).
QString transportHintText(UriSpec::Transport transport)
{
    switch (transport) {
    case UriSpec::Transport::Local:
        return ConnectionWizard::tr("libvirt on this machine; no network involved.");
    case UriSpec::Transport::Ssh:
        return ConnectionWizard::tr(
            "Uses this computer's ssh program with your keys, ssh-agent and ~/.ssh/config; the "
            "host needs libvirt installed. An unknown host key is shown for you to confirm (and "
            "then remembered in ~/.ssh/known_hosts); a changed one is refused.");
    case UriSpec::Transport::LibSsh:
        return ConnectionWizard::tr(
            "libvirt's built-in SSH client (libssh): key or agent authentication. Host keys are "
            "checked against ~/.config/libvirt/known_hosts, which must already hold the host's "
            "key (or name another file with ?known_hosts= in a custom URI).");
    case UriSpec::Transport::Tls:
        return ConnectionWizard::tr(
            "Needs the CA certificate in /etc/pki/CA/cacert.pem and a client certificate signed "
            "by it in /etc/pki/libvirt/clientcert.pem with its key in "
            "/etc/pki/libvirt/private/clientkey.pem (as a normal user: ~/.pki/libvirt/); "
            "libvirtd must listen for TLS (port 16514).");
    case UriSpec::Transport::Tcp:
        return ConnectionWizard::tr(
            "Unencrypted: only on a network you trust. libvirtd must listen for TCP (port "
            "16509); it asks for a SASL user name and password when so configured.");
    case UriSpec::Transport::Custom:
        return ConnectionWizard::tr(
            "Any libvirt URI, with parameters such as ?keyfile=, ?known_hosts= or ?pkipath=.");
    }
    return {};
}

/// A host id from a URI: its host name, or the node file's name, or "local"; slug characters.
QString suggestedId(const UriSpec &spec)
{
    QString base;
    if (spec.transport == UriSpec::Transport::Custom)
        base = QUrl(spec.custom.trimmed()).host();
    else if (spec.transport != UriSpec::Transport::Local)
        base = spec.host.trimmed().section(QLatin1Char('.'), 0, 0);
    else if (spec.driver == QLatin1String("test"))
        base = spec.path.isEmpty()
                   ? QStringLiteral("test")
                   : spec.path.section(QLatin1Char('/'), -1).section(QLatin1Char('.'), 0, 0);
    else
        base = spec.system ? QStringLiteral("local") : QStringLiteral("local-session");
    QString id;
    for (QChar c : base) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            id += c.toLower();
        else if (!id.endsWith(QLatin1Char('-')))
            id += QLatin1Char('-');
    }
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    return id.isEmpty() ? QStringLiteral("host") : id;
}
} // namespace

ConnectionWizard::ConnectionWizard(ConnectionManager *manager, QWidget *parent)
    : QWizard(parent)
    , m_manager(manager)
    , m_probe(new ConnectionProbe(this))
{
    setWindowTitle(tr("Add Connection"));
    setOption(QWizard::NoBackButtonOnStartPage);
    addPage(connectionPage());
    addPage(namePage());
    addPage(summaryPage());
    connect(m_probe, &ConnectionProbe::finished, this,
            [this](const NodeInfo &node, int domains, const Error &error) {
                m_testProgress->setVisible(false);
                m_test->setEnabled(true);
                const bool ok = error.code == ErrorCode::None;
                const QString text
                    = ok ? tr("Connected: %1 (%2 %3, libvirt %4), %n domain(s).", nullptr, domains)
                               .arg(node.hostname, node.hypervisor, node.hypervisorVersion,
                                    node.libvirtVersion)
                         : tr("Could not connect: %1").arg(error.message);
                m_testResult->setText(text);
                Q_EMIT testFinished(ok, text);
            });
    refresh();
}

QWizardPage *ConnectionWizard::connectionPage()
{
    auto *page = new QWizardPage(this);
    page->setTitle(tr("Hypervisor and connection"));
    page->setSubTitle(tr("Where libvirt runs and how to reach it."));
    auto *form = new QFormLayout(page);
    m_driver = new QComboBox(page);
    m_driver->addItem(tr("QEMU/KVM"), QStringLiteral("qemu"));
    m_driver->addItem(tr("libvirt test driver (node file)"), QStringLiteral("test"));
    m_driver->addItem(tr("LXC containers"), QStringLiteral("lxc"));
    m_driver->addItem(tr("Xen"), QStringLiteral("xen"));
    form->addRow(tr("&Hypervisor:"), m_driver);

    m_transport = new QButtonGroup(page);
    auto *transports = new QVBoxLayout;
    const std::pair<UriSpec::Transport, QString> choices[] = {
        {UriSpec::Transport::Local, tr("&Local (this machine)")},
        {UriSpec::Transport::Ssh, tr("&SSH (system ssh, key or password)")},
        {UriSpec::Transport::LibSsh, tr("SSH via lib&ssh")},
        {UriSpec::Transport::Tls, tr("&TLS (certificates)")},
        {UriSpec::Transport::Tcp, tr("T&CP (unencrypted, SASL)")},
        {UriSpec::Transport::Custom, tr("C&ustom URI")},
    };
    for (const auto &[transport, text] : choices) {
        auto *button = new QRadioButton(text, page);
        m_transport->addButton(button, int(transport));
        transports->addWidget(button);
    }
    m_transport->button(int(UriSpec::Transport::Local))->setChecked(true);
    form->addRow(tr("Transport:"), transports);
    m_transportHint = new QLabel(page);
    m_transportHint->setObjectName(QStringLiteral("transportHint"));
    m_transportHint->setWordWrap(true);
    m_transportHint->setTextFormat(Qt::PlainText);
    m_transportHint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_transportHint);

    m_user = new QLineEdit(page);
    m_user->setPlaceholderText(tr("optional (SSH)"));
    form->addRow(tr("&User:"), m_user);
    m_host = new QLineEdit(page);
    m_host->setPlaceholderText(tr("host name or address"));
    form->addRow(tr("H&ost:"), m_host);
    m_port = new QSpinBox(page);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    form->addRow(tr("&Port:"), m_port);
    m_session
        = new QCheckBox(tr("User session (qemu:///session) instead of the system instance"), page);
    form->addRow(QString(), m_session);
    m_path = new QLineEdit(page);
    m_path->setPlaceholderText(tr("/absolute/path/node.xml (empty: test:///default)"));
    form->addRow(tr("&Node file:"), m_path);
    m_custom = new QLineEdit(page);
    m_custom->setPlaceholderText(QStringLiteral("qemu+ssh://user@host/system?keyfile=…"));
    form->addRow(tr("URI:"), m_custom);
    m_preview = new QLabel(page);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setWordWrap(true);
    form->addRow(tr("Result:"), m_preview);

    connect(m_driver, &QComboBox::currentIndexChanged, this, &ConnectionWizard::refresh);
    connect(m_transport, &QButtonGroup::idClicked, this, &ConnectionWizard::refresh);
    for (QLineEdit *e : {m_user, m_host, m_path, m_custom})
        connect(e, &QLineEdit::textChanged, this, &ConnectionWizard::refresh);
    connect(m_port, &QSpinBox::valueChanged, this, &ConnectionWizard::refresh);
    connect(m_session, &QCheckBox::toggled, this, &ConnectionWizard::refresh);
    return page;
}

QWizardPage *ConnectionWizard::namePage()
{
    auto *page = new QWizardPage(this);
    page->setTitle(tr("Name"));
    page->setSubTitle(tr("How the host is called in Virtumancer, the CLI and the audit log."));
    auto *form = new QFormLayout(page);
    m_id = new QLineEdit(page);
    m_id->setToolTip(tr("Letters, digits, '.', '_' and '-'."));
    form->addRow(tr("&Name:"), m_id);
    m_autoconnect = new QCheckBox(tr("&Connect automatically when Virtumancer starts"), page);
    m_autoconnect->setChecked(true);
    form->addRow(QString(), m_autoconnect);
    connect(m_id, &QLineEdit::textEdited, this, [this] { m_idEdited = true; });
    return page;
}

QWizardPage *ConnectionWizard::summaryPage()
{
    auto *page = new QWizardPage(this);
    page->setTitle(tr("Summary"));
    auto *layout = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto *row = new QHBoxLayout;
    m_test = new QPushButton(tr("&Test Connection"), page);
    m_testProgress = new QProgressBar(page);
    m_testProgress->setRange(0, 0); // busy: libvirt gives no progress for an open
    m_testProgress->setVisible(false);
    row->addWidget(m_test);
    row->addWidget(m_testProgress, 1);
    layout->addLayout(row);
    m_testResult = new QLabel(page);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_testResult);
    layout->addStretch();
    connect(m_test, &QPushButton::clicked, this, &ConnectionWizard::testConnection);
    connect(this, &QWizard::currentIdChanged, this, &ConnectionWizard::refresh);
    return page;
}

UriSpec ConnectionWizard::spec() const
{
    UriSpec s;
    s.driver = m_driver->currentData().toString();
    s.transport = UriSpec::Transport(m_transport->checkedId());
    s.user = m_user->text();
    s.host = m_host->text();
    s.port = m_port->value();
    s.system = !m_session->isChecked();
    s.path = m_path->text();
    s.custom = m_custom->text();
    return s;
}

void ConnectionWizard::setSpec(const UriSpec &s)
{
    m_driver->setCurrentIndex(qMax(0, m_driver->findData(s.driver)));
    m_transport->button(int(s.transport))->setChecked(true);
    m_user->setText(s.user);
    m_host->setText(s.host);
    m_port->setValue(s.port);
    m_session->setChecked(!s.system);
    m_path->setText(s.path);
    m_custom->setText(s.custom);
    refresh();
}

Result<QString> ConnectionWizard::uri() const
{
    return buildUri(spec());
}

QString ConnectionWizard::hostId() const
{
    return m_id->text().trimmed();
}

void ConnectionWizard::setHostId(const QString &id)
{
    m_id->setText(id);
    m_idEdited = true;
}

bool ConnectionWizard::autoconnect() const
{
    return m_autoconnect->isChecked();
}

void ConnectionWizard::refresh()
{
    const UriSpec s = spec();
    const bool local = s.transport == UriSpec::Transport::Local;
    const bool custom = s.transport == UriSpec::Transport::Custom;
    m_driver->setEnabled(!custom);
    for (QWidget *w : {static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_host),
                       static_cast<QWidget *>(m_port)})
        w->setEnabled(!local && !custom);
    m_session->setEnabled(!custom && s.driver == QLatin1String("qemu"));
    m_path->setEnabled(!custom && s.driver == QLatin1String("test"));
    m_custom->setEnabled(custom);
    m_transportHint->setText(transportHintText(s.transport));
    if (!m_idEdited)
        m_id->setText(suggestedId(s));
    const auto built = uri();
    const QString text = built ? *built : tr("⚠ %1").arg(built.error().message);
    m_preview->setText(text);
    m_summary->setText(tr("URI: %1\nName: %2\nConnect at start: %3")
                           .arg(text, hostId(), autoconnect() ? tr("yes") : tr("no")));
    m_test->setEnabled(built.has_value() && !m_probe->isRunning());
    button(QWizard::NextButton)->setEnabled(built.has_value());
    button(QWizard::FinishButton)->setEnabled(built.has_value() && !hostId().isEmpty());
    Q_EMIT uriChanged(text);
}

void ConnectionWizard::testConnection()
{
    const auto built = uri();
    if (!built)
        return;
    m_test->setEnabled(false);
    m_testProgress->setVisible(true);
    m_testResult->setText(tr("Connecting to %1…").arg(*built));
    m_probe->start(*built);
}

void ConnectionWizard::accept()
{
    const auto built = uri();
    if (!built || hostId().isEmpty())
        return;
    const QString id = hostId();
    const bool connectNow = autoconnect();
    // The answer arrives later; the wizard closes now and any error is shown then.
    ConnectionManager *manager = m_manager;
    QWidget *owner = parentWidget();
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(
        manager, &ConnectionManager::hostAdded, manager,
        [manager, owner, id, connectNow, conn](const HostRecord &host, const Error &error) {
            if (host.id != id && !(error.code != ErrorCode::None && host.id.isEmpty()))
                return;
            QObject::disconnect(*conn);
            if (error.code != ErrorCode::None) {
                QMessageBox::warning(owner, tr("Add Connection"),
                                     tr("The host could not be added: %1").arg(error.message));
                return;
            }
            if (connectNow)
                manager->connectHost(host.id);
        });
    manager->createHost(id, *built, id, connectNow);
    QWizard::accept();
}

} // namespace Virtumancer
