#include "cli.h"

#include "terminal.h"

#include "cache/auditlog.h"
#include "cache/database.h"
#include "cache/demohost.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"
#include "connection/connectionmanager.h"
#include "connection/credentialstore.h"
#include "connection/sshprompt.h"
#include "connection/sshtransport.h"
#include "console/consolefactory.h"
#include "console/libvirtgraphicssource.h"
#include "model/filterquery.h"
#include "model/jsonformat.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace Virtumancer::Cli {

namespace {

const char usageText[] = R"(Usage: virtumancer-cli [--data-dir DIR] [--json] COMMAND

Hosts
  host add URI [--name ID] [--no-autoconnect]   add a libvirt host (not contacted)
  host list                                      hosts with state and last sync time
  host remove HOST                               forget a host and its mirror
  sync [HOST...]                                 connect, full sync, print counts and seconds
  watch [HOST...]                                stay connected; one JSON line per change

Virtual machines (VM = uuid, name, or HOST/name)
  vm list [--host HOST] [--filter QUERY]         from the local mirror, works offline
  vm show VM
  vm tag VM add|remove TAG...                    the user's tags (kept across re-mirroring)
  vm start|shutdown|reboot|reset|destroy|suspend|resume|delete VM
  vm set VM [--vcpus N] [--memory SIZE] [--max-memory SIZE] [--autostart on|off]
         [--title T] [--description D] [--boot hd,cdrom,network,fd]
                                                 into the config and the running VM; what it
                                                 cannot take live applies after restart
  vm eject VM TARGET                             empty a cdrom drive (e.g. hdc)
  vm insert VM TARGET VOLUME                     put an image into a cdrom drive

Inventory (POOL, NET = HOST/name, uuid, or a name only one host has;
           VOLUME = its path or HOST/pool/name)
  net list [--host HOST]
  net create HOST NAME --mode nat|route|isolated|open --ipv4 ADDR/PREFIX [--dhcp START-END]
             [--bridge NAME]
  net start|stop|delete NET                      delete refuses while a running VM uses it
  net autostart NET on|off
  pool list [--host HOST]
  pool create HOST NAME --type TYPE OPTIONS     define, build and start a pool; by TYPE:
    dir      --path DIR
    logical  [--vg VG] [--source-device DEV]... [--path /dev/VG]   devices: build creates VG
    netfs    --source-host HOST --source-path EXPORT --path DIR
             [--source-format auto|nfs|cifs|glusterfs]
    iscsi    --source-host HOST --target IQN [--source-port 3260] [--path /dev/disk/by-path]
    disk     --source-device DEV [--source-format dos|gpt|mac|bsd|pc98|sun|dvh|lvm2]
             [--write-label] [--path /dev]        --write-label: new table on a blank disk
  pool start|stop|refresh|delete POOL            delete refuses while a volume is attached
  pool autostart POOL on|off
  volume list [--host HOST] [--filter QUERY]
  volume create POOL NAME --format qcow2|raw --capacity SIZE [--backing VOLUME]
  volume resize VOLUME SIZE                      grow only (SIZE: 10G, 512MiB, bytes)
  volume wipe VOLUME
  volume delete VOLUME                           refuses unless the volume is available
  volume attach VOLUME VM [--device disk|cdrom] [--bus virtio|sata|scsi|ide|usb] [--target DEV]
                [--format raw|qcow2]           the format is needed for an image in no pool
                                                 live when the VM runs, and in its config;
                                                 DEV: the first free name for the bus
  volume detach VOLUME VM
  volume upload VOLUME FILE                      copy a local file into the volume (raw: it
                                                 must fit; qcow2: a qcow2 image); Ctrl-C cancels
  volume download VOLUME FILE [--overwrite] [--force]
                                                 copy the volume into a local file (sparse);
                                                 --force: even while a running VM uses it
  audit [--object ID] [--host HOST] [--since ISO8601] [--limit N]

Consoles
  console screenshot VM FILE.png [--timeout SECONDS]
                                                 save the VM's screen (VNC or SPICE, through
                                                 the host's libvirt connection); default 30 s

Options
  --data-dir DIR      cache location (default: $VIRTUMANCER_DATA_DIR or ~/.local/share/virtumancer)
  --json              print one JSON document instead of text
  --username NAME     user name for hosts that ask for one
  --password-stdin    read the host password from standard input (first line); also
                      answers an ssh password or key passphrase question
  --accept-new-host-key
                      accept an SSH host key not yet in known_hosts and add it there
                      (a changed key is always refused); without it, a terminal asks
                      (fingerprint shown), and without a terminal the host is refused

SSH hosts (qemu+ssh://user@host[:port]/system?keyfile=KEY) run the system ssh: keys from
  ~/.ssh, the agent and ssh_config apply; questions from ssh (new host key, passphrase,
  password) are asked on the terminal. $VIRTUMANCER_SSH_KNOWN_HOSTS: use that known_hosts
  file instead of ssh's own.

Filter queries: words match names; host: state: tag: pool: format: status: type: arch:
  vcpus:>2 mem:>=4GiB size:>10GB; "quoted values"; -term negates.
Exit codes: 0 ok, 1 usage, not found or refused, 2 host/libvirt error, 3 cache error.
)";

int s_signalPipe[2] = {-1, -1};

/// An unknown SSH host key: the message says how to accept it from a script.
QString withHostKeyHint(const Error &error)
{
    if (error.code != ErrorCode::HostKeyUnknown
        || error.message.contains(QLatin1String("--accept-new-host-key"))
        || error.message.contains(QLatin1String("(qemu+libssh)"))) // libvirt's own client: no
        return error.message;                                       // prompt to accept with
    return error.message
           + QStringLiteral(" (check the host's key fingerprint, then run again interactively "
                            "or with --accept-new-host-key)");
}

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(s_signalPipe[1], &c, 1);
}

QString humanBytes(qint64 bytes)
{
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                  : QStringLiteral("%1 %2")
                        .arg(v, 0, 'f', v < 10 ? 1 : 0)
                        .arg(QLatin1String(units[u]));
}

/// Left-aligned text table: the widths follow the content.
QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths.append(h.size());
    for (const QStringList &r : rows) {
        for (qsizetype i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], r[i].size());
    }
    auto line = [&widths](const QStringList &cells) -> QString {
        QString s;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i + 1 == cells.size())
                s += cells[i];
            else
                s += cells[i].leftJustified(widths[i] + 2);
        }
        return s + QLatin1Char('\n');
    };
    QString text = line(header);
    for (const QStringList &r : rows)
        text += line(r);
    return text;
}

/// Splits "--opt value" and "--opt=value" options from positional arguments.
struct ParsedArgs
{
    QStringList positional;
    QHash<QString, QString> options;
    QSet<QString> flags;
    QString error;
};

ParsedArgs parseArgs(const QStringList &args, const QSet<QString> &valueOptions,
                     const QSet<QString> &flagOptions)
{
    ParsedArgs p;
    bool onlyPositional = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (onlyPositional || !a.startsWith(QLatin1String("--"))) {
            p.positional.append(a);
            continue;
        }
        if (a == QLatin1String("--")) {
            onlyPositional = true;
            continue;
        }
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const QString name = a.mid(2, eq < 0 ? -1 : eq - 2);
        if (valueOptions.contains(name)) {
            if (eq >= 0) {
                p.options.insert(name, a.mid(eq + 1));
            } else if (i + 1 < args.size()) {
                p.options.insert(name, args[++i]);
            } else {
                p.error = QStringLiteral("option --%1 needs a value").arg(name);
                return p;
            }
        } else if (flagOptions.contains(name) && eq < 0) {
            p.flags.insert(name);
        } else {
            p.error = QStringLiteral("unknown option %1").arg(a);
            return p;
        }
    }
    return p;
}

} // namespace

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None:
        return Ok;
    case ErrorCode::InvalidArgument:
    case ErrorCode::NotFound:
    case ErrorCode::Ambiguous:
        return Usage;
    case ErrorCode::Cache:
    case ErrorCode::CacheNewer:
    case ErrorCode::CacheCorrupt:
        return CacheError;
    case ErrorCode::HostKeyUnknown: // SSH host-key refusals are host errors (DESIGN §8)
    case ErrorCode::HostKeyChanged:
    default:
        return HostError;
    }
}

Application::Application()
    : Application(stdout, stderr)
{}

Application::Application(FILE *out, FILE *err)
    : m_out(out)
    , m_err(err)
{}

int Application::usage(const QString &problem)
{
    if (!problem.isEmpty()) {
        m_err << "virtumancer-cli: " << problem << "\n\n";
        m_err << QString::fromUtf8(usageText);
        m_err.flush();
        return Usage;
    }
    m_out << QString::fromUtf8(usageText);
    m_out.flush();
    return Ok;
}

int Application::fail(int code, const QString &message)
{
    m_err << "virtumancer-cli: " << message << '\n';
    m_err.flush();
    return code;
}

int Application::fail(const Error &error)
{
    return fail(exitCodeFor(error.code), withHostKeyHint(error));
}

void Application::printJson(const QJsonValue &value)
{
    const QJsonDocument doc
        = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    m_out.flush();
}

int Application::run(const QStringList &arguments)
{
    // Global options may stand before the command (as documented) or anywhere after it.
    QStringList rest;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a == QLatin1String("--json")) {
            m_json = true;
        } else if (a == QLatin1String("--password-stdin")) {
            m_passwordStdin = true;
        } else if (a == QLatin1String("--accept-new-host-key")) {
            m_acceptNewHostKey = true;
        } else if (a == QLatin1String("--data-dir") || a == QLatin1String("--username")) {
            if (i + 1 >= arguments.size())
                return usage(QStringLiteral("option %1 needs a value").arg(a));
            (a == QLatin1String("--data-dir") ? m_dataDir : m_username) = arguments[++i];
        } else if (a.startsWith(QLatin1String("--data-dir="))) {
            m_dataDir = a.mid(11);
        } else if (a.startsWith(QLatin1String("--username="))) {
            m_username = a.mid(11);
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            return usage();
        } else if (a == QLatin1String("--version")) {
            m_out << "virtumancer-cli " << VIRTUMANCER_VERSION << '\n';
            return Ok;
        } else {
            rest.append(a);
        }
    }
    if (rest.isEmpty())
        return usage(QStringLiteral("no command given"));
    if (m_passwordStdin && !readStdinLine(&m_stdinPassword))
        return usage(QStringLiteral("--password-stdin: nothing on standard input"));

    auto dir = Database::resolveDataDir(m_dataDir);
    if (!dir)
        return fail(dir.error());
    m_dataDir = *dir;
    auto report = Database::initialize(m_dataDir);
    if (!report)
        return fail(report.error());
    if (!report->message.isEmpty())
        m_err << "virtumancer-cli: " << report->message << '\n';
    if (auto demo = DemoHost::addOnFirstUse(Database::connection(m_dataDir), *report); !demo)
        m_err << "virtumancer-cli: demo host not added: " << demo.error().message << '\n';
    m_err.flush();

    const QString command = rest.takeFirst();
    if (command == QLatin1String("host"))
        return cmdHost(rest);
    if (command == QLatin1String("sync"))
        return cmdSync(rest);
    if (command == QLatin1String("vm"))
        return cmdVm(rest);
    if (command == QLatin1String("net"))
        return cmdNet(rest);
    if (command == QLatin1String("pool"))
        return cmdPool(rest);
    if (command == QLatin1String("volume"))
        return cmdVolume(rest);
    if (command == QLatin1String("audit"))
        return cmdAudit(rest);
    if (command == QLatin1String("watch"))
        return cmdWatch(rest);
    if (command == QLatin1String("console"))
        return cmdConsole(rest);
    return usage(QStringLiteral("unknown command \"%1\"").arg(command));
}

// ---- host ----------------------------------------------------------------------------------

int Application::cmdHost(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral("host: add, list or remove?"));
    const QString sub = args.first();
    const ParsedArgs p
        = parseArgs(args.mid(1), {QStringLiteral("name")}, {QStringLiteral("no-autoconnect")});
    if (!p.error.isEmpty())
        return usage(p.error);
    HostRepository hosts(Database::connection(m_dataDir));
    if (sub == QLatin1String("add")) {
        if (p.positional.size() != 1)
            return usage(QStringLiteral("host add needs exactly one URI"));
        const QString uri = p.positional.first();
        if (!uri.contains(QLatin1String(":/")))
            return fail(Usage, QStringLiteral("\"%1\" is not a libvirt URI (e.g. qemu:///system, "
                                              "qemu+ssh://user@host/system, test:///default)")
                                   .arg(uri));
        QString id = p.options.value(QStringLiteral("name"));
        if (id.isEmpty()) {
            auto suggested = hosts.suggestId(uri);
            if (!suggested)
                return fail(suggested.error());
            id = *suggested;
        }
        auto added = hosts.add(id, uri, id, !p.flags.contains(QStringLiteral("no-autoconnect")));
        if (!added)
            return fail(added.error());
        AuditEvent e;
        e.component = QStringLiteral("cli");
        e.hostId = id;
        e.action = QStringLiteral("host.add");
        e.message = QStringLiteral("added host %1 (%2)").arg(id, uri);
        e.details = QJsonObject{{QStringLiteral("uri"), uri}};
        e.objects = {AuditObject{QStringLiteral("host"), id}};
        AuditLog(Database::connection(m_dataDir)).write(e);
        if (m_json)
            printJson(Json::host(*added));
        else
            m_out << "added host " << id << " (" << uri << ")\n";
        return Ok;
    }
    if (sub == QLatin1String("list")) {
        auto list = hosts.list();
        if (!list)
            return fail(list.error());
        if (m_json) {
            QJsonArray a;
            for (const HostRecord &h : std::as_const(*list))
                a.append(Json::host(h));
            printJson(a);
            return Ok;
        }
        QList<QStringList> rows;
        for (const HostRecord &h : std::as_const(*list)) {
            rows.append({h.id, hostStateName(h.state),
                         h.lastSyncAt ? Json::isoTime(h.lastSyncAt) : QStringLiteral("never"),
                         h.uri});
        }
        m_out << table({QStringLiteral("HOST"), QStringLiteral("STATE"),
                        QStringLiteral("LAST SYNC"), QStringLiteral("URI")},
                       rows);
        return Ok;
    }
    if (sub == QLatin1String("remove")) {
        if (p.positional.size() != 1)
            return usage(QStringLiteral("host remove needs a host id"));
        const QString id = p.positional.first();
        if (auto removed = ConnectionManager::forgetHostRecord(m_dataDir, id,
                                                              QStringLiteral("cli"));
            !removed)
            return fail(removed.error());
        // The keyring entry goes too: a removed host keeps no secrets behind.
        ConnectionManager manager(m_dataDir);
        QEventLoop loop;
        manager.credentialStore()->remove(id, [&loop](Result<>) { loop.quit(); });
        loop.exec();
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("removed"), id}});
        else
            m_out << "removed host " << id << '\n';
        return Ok;
    }
    return usage(QStringLiteral("unknown host command \"%1\"").arg(sub));
}

// ---- connecting ----------------------------------------------------------------------------

void Application::wireSshPrompts(QObject *context)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    QObject::connect(broker, &SshPromptBroker::promptRequested, context, [this, broker](
                                                                             const SshPrompt &p) {
        const QString where = p.destination.isEmpty() ? p.host : p.destination;
        switch (p.kind) {
        case SshPrompt::Kind::HostKey: {
            const QString key = QStringLiteral("%1 key fingerprint %2")
                                    .arg(p.keyType.isEmpty() ? QStringLiteral("host") : p.keyType,
                                         p.fingerprint.isEmpty() ? QStringLiteral("(unknown)")
                                                                 : p.fingerprint);
            const QString host = p.host.isEmpty() ? where : p.host;
            if (m_acceptNewHostKey) {
                m_err << "virtumancer-cli: accepting the new host key of " << host << " (" << key
                      << ") and adding it to known_hosts\n";
                m_err.flush();
                broker->answer(p.id, true);
                return;
            }
            if (!stdinIsTerminal()) {
                m_err << "virtumancer-cli: the host key of " << host << " is not known (" << key
                      << "); refused, no terminal to ask. Check the fingerprint, then run again "
                         "with --accept-new-host-key to accept it\n";
                m_err.flush();
                broker->answer(p.id, false);
                return;
            }
            QByteArray line;
            const bool read = readLine(
                QStringLiteral("The host key of %1 is not known yet: %2\nAccept and remember? [y/N] ")
                    .arg(host, key),
                true, &line);
            const QByteArray word = line.trimmed().toLower();
            broker->answer(p.id, read && (word == "y" || word == "yes"));
            return;
        }
        case SshPrompt::Kind::Confirm: {
            QByteArray line;
            const bool yes = stdinIsTerminal()
                             && readLine(QStringLiteral("%1 [%2] [y/N] ").arg(p.text.trimmed(), where),
                                         true, &line)
                             && (line.trimmed().toLower() == "y" || line.trimmed().toLower() == "yes");
            broker->answer(p.id, yes);
            return;
        }
        case SshPrompt::Kind::Passphrase:
        case SshPrompt::Kind::Password:
        case SshPrompt::Kind::Other:
            break;
        }
        if (m_passwordStdin && !m_stdinPasswordUsedBySsh && p.kind != SshPrompt::Kind::Other) {
            m_stdinPasswordUsedBySsh = true; // once: a refused one must not loop
            broker->answer(p.id, true, m_stdinPassword);
            return;
        }
        QByteArray line;
        if (!stdinIsTerminal()
            || !readLine(QStringLiteral("%1 [%2] ").arg(p.text.trimmed(), where), false, &line)) {
            m_err << "virtumancer-cli: ssh asked \"" << p.text.trimmed() << "\" for " << where
                  << "; refused, no terminal to ask\n";
            m_err.flush();
            broker->answer(p.id, false);
            return;
        }
        broker->answer(p.id, true, line);
        line.fill('\0');
    });
}

void Application::wireCredentials(ConnectionManager &manager, QHash<QString, Error> &failures,
                                  const std::function<void()> &changed)
{
    wireSshPrompts(&manager);
    auto attempts = std::make_shared<QHash<QString, int>>();
    QObject::connect(
        &manager, &ConnectionManager::credentialsRequested, &manager,
        [this, &manager, &failures, changed, attempts](
            const QString &hostId, const QList<CredentialPrompt> &prompts, const Error &error) {
            const int attempt = ++(*attempts)[hostId];
            const bool authFailed = error.code == ErrorCode::AuthFailed;
            auto giveUp = [&](const QString &why) {
                failures.insert(hostId, Error{authFailed ? ErrorCode::AuthFailed
                                                         : ErrorCode::CredentialsRequired,
                                              error.libvirtCode, why});
                changed();
            };
            if (authFailed && prompts.isEmpty()) {
                // The system ssh logs in, not libvirt: its questions came through
                // wireSshPrompts, and a libvirt password would never reach it.
                const auto host = HostRepository(Database::connection(m_dataDir)).find(hostId);
                if (host && Ssh::usesSystemSsh(host->uri)) {
                    giveUp(QStringLiteral("%1: %2").arg(hostId, error.message));
                    return;
                }
            }
            if (m_passwordStdin) {
                if (attempt > 1) {
                    giveUp(QStringLiteral("%1: %2").arg(hostId, error.message));
                    return;
                }
                Credentials c{m_username, m_stdinPassword};
                manager.connectHost(hostId, c, false);
                return;
            }
            if (!stdinIsTerminal()) {
                QStringList asked;
                for (const CredentialPrompt &p : prompts)
                    asked.append(p.prompt);
                giveUp(QStringLiteral("%1: %2%3 (run interactively to be asked, or use "
                                      "--username/--password-stdin)")
                           .arg(hostId, error.message,
                                asked.isEmpty() ? QString()
                                                : QStringLiteral(" — libvirt asked for: ")
                                                      + asked.join(QStringLiteral("; "))));
                return;
            }
            if (attempt > 3) {
                giveUp(QStringLiteral("%1: %2").arg(hostId, error.message));
                return;
            }
            if (authFailed)
                m_err << hostId << ": " << error.message << '\n';
            m_err.flush();
            Credentials c;
            c.username = m_username;
            QList<CredentialPrompt> ask = prompts;
            if (ask.isEmpty()) { // a refused password: ask for both again
                ask.append(
                    {CredentialPrompt::Kind::Username, QStringLiteral("Username"), {}, true});
                ask.append(
                    {CredentialPrompt::Kind::Password, QStringLiteral("Password"), {}, false});
            }
            for (const CredentialPrompt &p : std::as_const(ask)) {
                QByteArray line;
                const QString text = QStringLiteral("%1 [%2]: ").arg(p.prompt, hostId);
                if (p.kind == CredentialPrompt::Kind::Username && !m_username.isEmpty())
                    continue;
                if (!readLine(text, p.echo, &line)) {
                    giveUp(QStringLiteral("%1: no credentials given").arg(hostId));
                    return;
                }
                if (p.kind == CredentialPrompt::Kind::Username)
                    c.username = QString::fromUtf8(line);
                else
                    c.password = line;
                line.fill('\0');
            }
            const bool remember = manager.credentialStore()->availability()
                                  != CredentialStore::Availability::Unavailable;
            if (!remember) {
                m_err << "virtumancer-cli: no keyring service is running; the credentials are used "
                         "for this connection only and not stored\n";
                m_err.flush();
            }
            manager.connectHost(hostId, c, remember);
        });
}

int Application::cmdSync(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    ConnectionManager manager(m_dataDir, SessionSettings{.statsIntervalMs = 0});
    if (auto r = manager.loadHosts(); !r)
        return fail(r.error());
    QStringList hosts = p.positional.isEmpty() ? manager.hostIds() : p.positional;
    for (const QString &h : std::as_const(hosts)) {
        if (!manager.hasHost(h))
            return fail(Usage,
                        QStringLiteral("no host \"%1\" (see: virtumancer-cli host list)").arg(h));
    }
    if (hosts.isEmpty())
        return fail(Usage, QStringLiteral("no hosts; add one with: virtumancer-cli host add URI"));

    QEventLoop loop;
    QHash<QString, SyncReport> done;
    QHash<QString, Error> failures;
    auto check = [&] {
        if (done.size() + failures.size() >= hosts.size())
            loop.quit();
    };
    wireCredentials(manager, failures, check);
    QObject::connect(&manager, &ConnectionManager::hostStateChanged, &loop,
                     [&](const QString &id, HostState state, const Error &error) {
                         if (state == HostState::Error && hosts.contains(id) && !done.contains(id)
                             && error.code != ErrorCode::CredentialsRequired
                             && error.code != ErrorCode::AuthFailed) {
                             failures.insert(id, error);
                             check();
                         }
                     });
    QObject::connect(&manager, &ConnectionManager::syncFinished, &loop,
                     [&](const QString &id, const SyncReport &report, const Error &error) {
                         if (!hosts.contains(id))
                             return;
                         if (error.code == ErrorCode::None)
                             done.insert(id, report);
                         else
                             failures.insert(id, error);
                         check();
                     });
    for (const QString &h : std::as_const(hosts))
        manager.connectHost(h);
    loop.exec();
    manager.shutdown();

    QJsonArray json;
    QList<QStringList> rows;
    for (const QString &h : std::as_const(hosts)) {
        if (failures.contains(h)) {
            const Error e = failures.value(h);
            json.append(QJsonObject{{QStringLiteral("host"), h},
                                    {QStringLiteral("ok"), false},
                                    {QStringLiteral("error"), withHostKeyHint(e)}});
            rows.append({h, QStringLiteral("failed"), withHostKeyHint(e)});
            continue;
        }
        const SyncReport r = done.value(h);
        json.append(QJsonObject{
            {QStringLiteral("host"), h},
            {QStringLiteral("ok"), true},
            {QStringLiteral("domains"), r.domains},
            {QStringLiteral("networks"), r.networks},
            {QStringLiteral("pools"), r.pools},
            {QStringLiteral("volumes"), r.volumes},
            {QStringLiteral("rows_written"), double(r.rowsWritten)},
            {QStringLiteral("seconds"), r.seconds},
        });
        rows.append({h, QStringLiteral("ok"),
                     QStringLiteral(
                         "%1 domains, %2 networks, %3 pools, %4 volumes in %5 s (%6 rows written)")
                         .arg(r.domains)
                         .arg(r.networks)
                         .arg(r.pools)
                         .arg(r.volumes)
                         .arg(r.seconds, 0, 'f', 2)
                         .arg(r.rowsWritten)});
    }
    if (m_json)
        printJson(json);
    else
        m_out << table({QStringLiteral("HOST"), QStringLiteral("SYNC"), QStringLiteral("RESULT")},
                       rows);
    m_out.flush();
    if (!failures.isEmpty()) {
        for (auto it = failures.cbegin(); it != failures.cend(); ++it)
            m_err << "virtumancer-cli: " << it.key() << ": " << withHostKeyHint(it.value()) << '\n';
        m_err.flush();
        return HostError;
    }
    return Ok;
}

// ---- vm ------------------------------------------------------------------------------------

int Application::cmdVm(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral("vm: list, show, or an action?"));
    const QString sub = args.first();
    if (sub == QLatin1String("list"))
        return cmdVmList(args.mid(1));
    if (sub == QLatin1String("show"))
        return cmdVmShow(args.mid(1));
    if (sub == QLatin1String("tag"))
        return cmdVmTag(args.mid(1));
    if (sub == QLatin1String("set"))
        return cmdVmSet(args.mid(1));
    if (sub == QLatin1String("eject") || sub == QLatin1String("insert"))
        return cmdVmMedia(sub, args.mid(1));
    DomainAction action;
    if (domainActionFromName(sub, &action))
        return cmdVmAction(sub, args.mid(1));
    return usage(QStringLiteral("unknown vm command \"%1\"").arg(sub));
}

int Application::cmdVmList(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {QStringLiteral("host"), QStringLiteral("filter")}, {});
    if (!p.error.isEmpty() || !p.positional.isEmpty())
        return usage(p.error.isEmpty()
                         ? QStringLiteral("vm list takes no arguments besides options")
                         : p.error);
    auto query = FilterQuery::parse(p.options.value(QStringLiteral("filter")));
    if (!query)
        return fail(query.error());
    QSqlDatabase db = Database::connection(m_dataDir);
    const QString host = p.options.value(QStringLiteral("host"));
    if (!host.isEmpty()) {
        if (auto h = HostRepository(db).find(host); !h)
            return fail(h.error());
    }
    auto rows = InventoryStore(db).domainRows(host);
    if (!rows)
        return fail(rows.error());
    QJsonArray json;
    QList<QStringList> table_;
    for (const InventoryStore::DomainRow &row : std::as_const(*rows)) {
        if (!query->matches(FilterQuery::subjectFor(row.domain, row.hostId, row.tags)))
            continue;
        if (m_json) {
            json.append(Json::domain(row));
        } else {
            table_.append({row.hostId, row.domain.name, domainStateName(row.domain.state),
                           QString::number(row.domain.vcpuCount),
                           humanBytes(row.domain.memoryBytes), row.domain.uuid});
        }
    }
    if (m_json)
        printJson(json);
    else
        m_out << table({QStringLiteral("HOST"), QStringLiteral("NAME"), QStringLiteral("STATE"),
                        QStringLiteral("VCPUS"), QStringLiteral("MEMORY"), QStringLiteral("UUID")},
                       table_);
    return Ok;
}

int Application::cmdVmShow(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {}, {});
    if (!p.error.isEmpty() || p.positional.size() != 1)
        return usage(p.error.isEmpty() ? QStringLiteral("vm show needs one VM") : p.error);
    QSqlDatabase db = Database::connection(m_dataDir);
    auto row = InventoryStore(db).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());
    const QStringList &vmTags = row->tags;
    const QJsonObject obj = Json::domain(*row);
    if (m_json) {
        printJson(obj);
        return Ok;
    }
    const DomainInfo &d = row->domain;
    m_out << "Name:        " << d.name << '\n'
          << "UUID:        " << d.uuid << '\n'
          << "Host:        " << row->hostId << '\n'
          << "State:       " << domainStateName(d.state) << '\n';
    if (!d.title.isEmpty())
        m_out << "Title:       " << d.title << '\n';
    if (!d.description.isEmpty())
        m_out << "Description: " << d.description << '\n';
    m_out << "vCPUs:       " << d.vcpuCount << '\n'
          << "Memory:      " << humanBytes(d.memoryBytes) << " (current "
          << humanBytes(d.currentMemoryBytes) << ")\n"
          << "OS:          " << d.osType << ' ' << d.arch << ' ' << d.machine << '\n'
          << "Persistent:  " << (d.persistent ? "yes" : "no") << ", autostart "
          << (d.autostart ? "yes" : "no") << '\n'
          << "Mirrored:    since " << Json::isoTime(row->createdAt) << ", changed "
          << Json::isoTime(row->updatedAt) << '\n';
    for (const DiskInfo &disk : d.disks)
        m_out << "Disk:        " << disk.deviceName << " (" << disk.device << ", " << disk.busType
              << ", " << (disk.format.isEmpty() ? QStringLiteral("-") : disk.format) << ") "
              << (disk.sourcePath.isEmpty() ? QStringLiteral("(empty)") : disk.sourcePath) << '\n';
    for (const PortInfo &port : d.ports)
        m_out << "NIC:         " << port.macAddress << ' ' << port.modelName << " on "
              << port.sourceType << ' ' << port.sourceName << '\n';
    for (const GraphicsInfo &g : d.graphics)
        m_out << "Graphics:    " << g.type
              << (g.port > 0 ? QStringLiteral(" port %1").arg(g.port) : QString())
              << (g.listenAddress.isEmpty() ? QString()
                                            : QStringLiteral(" listen ") + g.listenAddress)
              << '\n';
    if (!vmTags.isEmpty())
        m_out << "Tags:        " << vmTags.join(QStringLiteral(", ")) << '\n';
    return Ok;
}

int Application::cmdVmTag(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {}, {});
    const QString how = p.positional.value(1);
    if (!p.error.isEmpty() || p.positional.size() < 3
        || (how != QLatin1String("add") && how != QLatin1String("remove")))
        return usage(p.error.isEmpty() ? QStringLiteral("usage: vm tag VM add|remove TAG...")
                                       : p.error);
    auto row = InventoryStore(Database::connection(m_dataDir)).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());
    const QStringList tags = p.positional.mid(2);
    const bool add = how == QLatin1String("add");
    auto changed = ConnectionManager::editTagsRecord(m_dataDir, row->hostId, {row->domain.uuid},
                                                     add ? tags : QStringList{},
                                                     add ? QStringList{} : tags,
                                                     QStringLiteral("cli"));
    if (!changed)
        return fail(changed.error());
    auto now = InventoryStore(Database::connection(m_dataDir))
                   .domainRows(row->hostId, {row->domain.uuid});
    if (!now || now->isEmpty())
        return fail(now ? Error{ErrorCode::NotFound, 0, QStringLiteral("the VM is gone")}
                        : now.error());
    const QStringList current = now->first().tags;
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("host"), row->hostId},
                              {QStringLiteral("uuid"), row->domain.uuid},
                              {QStringLiteral("name"), row->domain.name},
                              {QStringLiteral("tags"), QJsonArray::fromStringList(current)}});
    else
        m_out << row->hostId << '/' << row->domain.name << ": "
              << (current.isEmpty() ? QStringLiteral("(no tags)")
                                    : current.join(QStringLiteral(", ")))
              << '\n';
    return Ok;
}

Result<Error> Application::runJobOnHost(const QString &host, const JobStarter &start,
                                        const JobListener &listen)
{
    ConnectionManager manager(m_dataDir,
                              SessionSettings{.statsIntervalMs = 0, .syncOnConnect = false});
    if (auto r = manager.loadHosts(); !r)
        return std::unexpected(r.error());
    QEventLoop loop;
    QHash<QString, Error> failures;
    std::optional<Error> outcome;
    quint64 job = 0;
    wireCredentials(manager, failures, [&] { loop.quit(); });
    QObject::connect(&manager, &ConnectionManager::hostStateChanged, &loop,
                     [&](const QString &id, HostState state, const Error &error) {
                         if (id != host)
                             return;
                         if (state == HostState::Connected && job == 0) {
                             job = start(manager);
                         } else if (state == HostState::Error
                                    && error.code != ErrorCode::CredentialsRequired
                                    && error.code != ErrorCode::AuthFailed) {
                             failures.insert(id, error);
                             loop.quit();
                         }
                     });
    listen(manager, &loop, [&](quint64 finished, const Error &error) {
        if (finished != job)
            return false;
        outcome = error;
        loop.quit();
        return true;
    });
    manager.connectHost(host);
    loop.exec();
    manager.shutdown();
    if (!failures.isEmpty())
        return std::unexpected(failures.value(host));
    return outcome.value_or(Error{ErrorCode::Cancelled, 0, QStringLiteral("interrupted")});
}

int Application::cmdVmAction(const QString &verb, const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {}, {});
    if (!p.error.isEmpty() || p.positional.size() != 1)
        return usage(p.error.isEmpty() ? QStringLiteral("vm %1 needs one VM").arg(verb) : p.error);
    DomainAction action;
    domainActionFromName(verb, &action);
    auto row = InventoryStore(Database::connection(m_dataDir)).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());

    const QString host = row->hostId;
    const QString uuid = row->domain.uuid;
    const auto outcome = runJobOnHost(
        host, [&](ConnectionManager &manager) { return manager.runAction(host, uuid, action); },
        [](ConnectionManager &manager, QObject *context, const JobAnswered &answered) {
            QObject::connect(&manager, &ConnectionManager::actionFinished, context,
                             [answered](quint64 job, const QString &, const QString &,
                                        DomainAction, const Error &error) {
                                 answered(job, error);
                             });
        });
    if (!outcome)
        return fail(outcome.error());
    const Error error = *outcome;
    if (m_json) {
        printJson(QJsonObject{{QStringLiteral("host"), host},
                              {QStringLiteral("uuid"), uuid},
                              {QStringLiteral("name"), row->domain.name},
                              {QStringLiteral("action"), verb},
                              {QStringLiteral("ok"), error.code == ErrorCode::None},
                              {QStringLiteral("error"), error.message}});
    }
    if (error.code != ErrorCode::None)
        return fail(error.code == ErrorCode::InvalidArgument ? Usage : HostError,
                    QStringLiteral("%1 %2: %3").arg(verb, row->domain.name, error.message));
    if (!m_json)
        m_out << verb << ' ' << host << '/' << row->domain.name << ": ok\n";
    return Ok;
}

// ---- inventory -----------------------------------------------------------------------------

template<typename Item, typename Fetch, typename ToJson, typename ToRow>
int Application::listPerHost(const QString &noun, const QStringList &args, Fetch fetch,
                             ToJson toJson, ToRow toRow, const QStringList &header)
{
    if (args.value(0) != QLatin1String("list"))
        return usage(QStringLiteral("%1: only \"list\" is available").arg(noun));
    const ParsedArgs p = parseArgs(args.mid(1), {QStringLiteral("host")}, {});
    if (!p.error.isEmpty() || !p.positional.isEmpty())
        return usage(p.error.isEmpty() ? QStringLiteral("%1 list takes only options").arg(noun)
                                       : p.error);
    QSqlDatabase db = Database::connection(m_dataDir);
    auto hosts = HostRepository(db).list();
    if (!hosts)
        return fail(hosts.error());
    const QString only = p.options.value(QStringLiteral("host"));
    if (!only.isEmpty()) {
        if (auto h = HostRepository(db).find(only); !h)
            return fail(h.error());
    }
    QJsonArray json;
    QList<QStringList> rows;
    InventoryStore store(db);
    for (const HostRecord &h : std::as_const(*hosts)) {
        if (!only.isEmpty() && h.id != only)
            continue;
        Result<QList<Item>> items = fetch(store, h.id);
        if (!items)
            return fail(items.error());
        for (const Item &item : std::as_const(*items)) {
            json.append(toJson(h.id, item));
            rows.append(QStringList{h.id} + toRow(item));
        }
    }
    if (m_json)
        printJson(json);
    else
        m_out << table(QStringList{QStringLiteral("HOST")} + header, rows);
    return Ok;
}

int Application::cmdNet(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral("net: list, create, start, stop, autostart or delete?"));
    if (args.first() != QLatin1String("list"))
        return cmdInventoryJob(InventoryRequest::Kind::Network, args);
    return listPerHost<NetworkInfo>(
        QStringLiteral("net"), args,
        [](InventoryStore &store, const QString &host) { return store.networks(host); },
        Json::network,
        [](const NetworkInfo &n) {
            return QStringList{n.name, n.mode,
                               n.active ? QStringLiteral("active") : QStringLiteral("inactive"),
                               n.bridgeName, n.ipv4Address};
        },
        {QStringLiteral("NAME"), QStringLiteral("MODE"), QStringLiteral("STATE"),
         QStringLiteral("BRIDGE"), QStringLiteral("IPV4")});
}

int Application::cmdPool(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral("pool: list, create, start, stop, refresh, autostart or delete?"));
    if (args.first() != QLatin1String("list"))
        return cmdInventoryJob(InventoryRequest::Kind::Pool, args);
    return listPerHost<PoolInfo>(
        QStringLiteral("pool"), args,
        [](InventoryStore &store, const QString &host) { return store.pools(host); }, Json::pool,
        [](const PoolInfo &pool) {
            return QStringList{pool.name,
                               pool.type,
                               pool.active ? QStringLiteral("active") : QStringLiteral("inactive"),
                               humanBytes(pool.capacityBytes),
                               humanBytes(pool.availableBytes),
                               pool.targetPath};
        },
        {QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("STATE"),
         QStringLiteral("CAPACITY"), QStringLiteral("AVAILABLE"), QStringLiteral("PATH")});
}

namespace {

struct InventoryTarget
{
    QString hostId;
    QString uuid;
    QString name;
};

/// POOL / NET: HOST/name, a uuid, or a name that only one host has.
Result<InventoryTarget> resolveInventory(QSqlDatabase db, InventoryRequest::Kind kind,
                                         const QString &spec)
{
    const bool pool = kind == InventoryRequest::Kind::Pool;
    const QString noun = pool ? QStringLiteral("pool") : QStringLiteral("network");
    QString onlyHost;
    QString key = spec;
    if (const qsizetype slash = spec.indexOf(u'/'); slash >= 0) {
        onlyHost = spec.left(slash);
        key = spec.mid(slash + 1);
        if (auto h = HostRepository(db).find(onlyHost); !h)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("no host \"%1\" (see: virtumancer-cli host list)")
                                 .arg(onlyHost));
    }
    auto hosts = HostRepository(db).list();
    if (!hosts)
        return std::unexpected(hosts.error());
    InventoryStore store(db);
    QList<InventoryTarget> byUuid;
    QList<InventoryTarget> byName;
    for (const HostRecord &h : std::as_const(*hosts)) {
        if (!onlyHost.isEmpty() && h.id != onlyHost)
            continue;
        QList<InventoryTarget> objects;
        if (pool) {
            auto pools = store.pools(h.id);
            if (!pools)
                return std::unexpected(pools.error());
            for (const PoolInfo &p : std::as_const(*pools))
                objects.append({h.id, p.uuid, p.name});
        } else {
            auto nets = store.networks(h.id);
            if (!nets)
                return std::unexpected(nets.error());
            for (const NetworkInfo &n : std::as_const(*nets))
                objects.append({h.id, n.uuid, n.name});
        }
        for (const InventoryTarget &t : std::as_const(objects)) {
            if (t.uuid.compare(key, Qt::CaseInsensitive) == 0)
                byUuid.append(t);
            else if (t.name == key)
                byName.append(t);
        }
    }
    const QList<InventoryTarget> &found = byUuid.isEmpty() ? byName : byUuid;
    if (found.isEmpty())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no %1 \"%2\" in the mirror (see: virtumancer-cli %3 "
                                        "list; sync first if it is new)")
                             .arg(noun, spec, pool ? QStringLiteral("pool") : QStringLiteral("net")));
    if (found.size() > 1) {
        QStringList candidates;
        for (const InventoryTarget &t : found)
            candidates.append(QStringLiteral("%1/%2 (%3)").arg(t.hostId, t.name, t.uuid));
        return makeError(ErrorCode::Ambiguous,
                         QStringLiteral("\"%1\" matches several %2s: %3")
                             .arg(spec, noun, candidates.join(QStringLiteral(", "))));
    }
    return found.first();
}

} // namespace

int Application::cmdInventoryJob(InventoryRequest::Kind kind, const QStringList &args)
{
    const bool pool = kind == InventoryRequest::Kind::Pool;
    const QString noun = pool ? QStringLiteral("pool") : QStringLiteral("net");
    const QString verb = args.first();
    InventoryRequest request;
    request.kind = kind;
    QSqlDatabase db = Database::connection(m_dataDir);

    if (verb == QLatin1String("create")) {
        const QSet<QString> options
            = pool ? QSet<QString>{QStringLiteral("type"),          QStringLiteral("path"),
                                   QStringLiteral("source-host"),   QStringLiteral("source-port"),
                                   QStringLiteral("source-path"),   QStringLiteral("source-format"),
                                   QStringLiteral("target"),        QStringLiteral("vg")}
                   : QSet<QString>{QStringLiteral("mode"), QStringLiteral("ipv4"),
                                   QStringLiteral("dhcp"), QStringLiteral("bridge")};
        // --source-device repeats (a volume group's physical volumes); parseArgs keeps one
        // value per option, so collect it here first.
        QStringList rest;
        QStringList devices;
        const QString deviceOption = QStringLiteral("--source-device");
        for (qsizetype i = 1; i < args.size(); ++i) {
            const QString &a = args.at(i);
            if (a == QLatin1String("--")) {
                rest += args.mid(i);
                break;
            }
            if (pool && a == deviceOption) {
                if (i + 1 >= args.size())
                    return usage(QStringLiteral("option --source-device needs a value"));
                devices.append(args.at(++i));
            } else if (pool && a.startsWith(deviceOption + QLatin1Char('='))) {
                devices.append(a.mid(deviceOption.size() + 1));
            } else {
                rest.append(a);
            }
        }
        const ParsedArgs p = parseArgs(
            rest, options, pool ? QSet<QString>{QStringLiteral("write-label")} : QSet<QString>{});
        if (!p.error.isEmpty())
            return usage(p.error);
        if (p.positional.size() != 2)
            return usage(QStringLiteral("%1 create needs HOST and NAME").arg(noun));
        const QString host = p.positional.at(0);
        if (auto h = HostRepository(db).find(host); !h)
            return fail(Usage,
                        QStringLiteral("no host \"%1\" (see: virtumancer-cli host list)").arg(host));
        request.op = InventoryRequest::Op::Create;
        if (pool) {
            PoolSpec &spec = request.pool;
            spec.name = p.positional.at(1);
            spec.type = p.options.value(QStringLiteral("type"), QStringLiteral("dir"));
            if (!InventorySpecs::poolTypes().contains(spec.type))
                return usage(QStringLiteral("pool create --type must be one of %1")
                                 .arg(InventorySpecs::poolTypes().join(u'|')));
            // What each type needs (required) and takes (optional), so that a missing or
            // misplaced option is named before anything is sent to the host.
            static const QHash<QString, std::pair<QStringList, QStringList>> perType{
                {QStringLiteral("dir"), {{QStringLiteral("path")}, {}}},
                {QStringLiteral("logical"),
                 {{}, {QStringLiteral("vg"), QStringLiteral("source-device"),
                       QStringLiteral("path")}}},
                {QStringLiteral("netfs"),
                 {{QStringLiteral("source-host"), QStringLiteral("source-path"),
                   QStringLiteral("path")},
                  {QStringLiteral("source-format")}}},
                {QStringLiteral("iscsi"),
                 {{QStringLiteral("source-host"), QStringLiteral("target")},
                  {QStringLiteral("source-port"), QStringLiteral("path")}}},
                {QStringLiteral("disk"),
                 {{QStringLiteral("source-device")},
                  {QStringLiteral("source-format"), QStringLiteral("write-label"),
                   QStringLiteral("path")}}},
            };
            const auto &[required, optional] = perType.value(spec.type);
            QStringList given = p.options.keys();
            given.removeAll(QStringLiteral("type"));
            given += QStringList(p.flags.cbegin(), p.flags.cend());
            if (!devices.isEmpty())
                given.append(QStringLiteral("source-device"));
            for (const QString &option : std::as_const(given)) {
                if (!required.contains(option) && !optional.contains(option))
                    return usage(QStringLiteral("--%1 does not apply to a %2 pool")
                                     .arg(option, spec.type));
            }
            for (const QString &option : required) {
                if (!given.contains(option))
                    return usage(QStringLiteral("pool create --type %1 needs --%2")
                                     .arg(spec.type, option));
            }
            spec.targetPath = p.options.value(QStringLiteral("path"));
            spec.sourceHost = p.options.value(QStringLiteral("source-host"));
            spec.sourcePath = p.options.value(QStringLiteral("source-path"));
            spec.sourceFormat = p.options.value(QStringLiteral("source-format"));
            spec.sourceName = p.options.value(QStringLiteral("vg"));
            spec.iscsiTarget = p.options.value(QStringLiteral("target"));
            spec.sourceDevices = devices;
            spec.writeLabel = p.flags.contains(QStringLiteral("write-label"));
            if (p.options.contains(QStringLiteral("source-port"))) {
                bool ok = false;
                spec.sourcePort = p.options.value(QStringLiteral("source-port")).toInt(&ok);
                if (!ok || spec.sourcePort < 1 || spec.sourcePort > 65535)
                    return usage(QStringLiteral("--source-port needs a port number (1 to 65535)"));
            }
            // Bad values are refused by the job (validated there, and the attempt audited).
            return runInventoryJob(host, request, spec.name);
        }
        NetworkSpec &net = request.network;
        net.name = p.positional.at(1);
        net.mode = p.options.value(QStringLiteral("mode"));
        if (net.mode.isEmpty())
            return usage(QStringLiteral("net create needs --mode nat|route|isolated|open"));
        const QString ipv4 = p.options.value(QStringLiteral("ipv4"));
        const qsizetype slash = ipv4.indexOf(u'/');
        bool prefixOk = false;
        if (slash > 0)
            net.prefix = ipv4.mid(slash + 1).toInt(&prefixOk);
        if (!prefixOk)
            return usage(QStringLiteral("net create needs --ipv4 ADDR/PREFIX (e.g. "
                                        "192.168.100.1/24)"));
        net.ipv4Address = ipv4.left(slash);
        if (p.options.contains(QStringLiteral("dhcp"))) {
            const QStringList range = p.options.value(QStringLiteral("dhcp")).split(u'-');
            if (range.size() != 2 || range.at(0).isEmpty() || range.at(1).isEmpty())
                return usage(QStringLiteral("--dhcp needs START-END (e.g. "
                                            "192.168.100.10-192.168.100.200)"));
            net.dhcpStart = range.at(0);
            net.dhcpEnd = range.at(1);
        }
        net.bridgeName = p.options.value(QStringLiteral("bridge"));
        return runInventoryJob(host, request, net.name);
    }

    static const QHash<QString, InventoryRequest::Op> ops{
        {QStringLiteral("start"), InventoryRequest::Op::Start},
        {QStringLiteral("stop"), InventoryRequest::Op::Stop},
        {QStringLiteral("refresh"), InventoryRequest::Op::Refresh},
        {QStringLiteral("autostart"), InventoryRequest::Op::SetAutostart},
        {QStringLiteral("delete"), InventoryRequest::Op::Delete},
    };
    if (!ops.contains(verb) || (!pool && verb == QLatin1String("refresh")))
        return usage(QStringLiteral("unknown %1 command \"%2\"").arg(noun, verb));
    request.op = ops.value(verb);
    const ParsedArgs p = parseArgs(args.mid(1), {}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    const bool autostart = request.op == InventoryRequest::Op::SetAutostart;
    const QString object = pool ? QStringLiteral("POOL") : QStringLiteral("NET");
    if (p.positional.size() != (autostart ? 2 : 1))
        return usage(autostart ? QStringLiteral("%1 autostart needs %2 and on|off").arg(noun, object)
                               : QStringLiteral("%1 %2 needs one %3").arg(noun, verb, object));
    if (autostart) {
        const QString flag = p.positional.at(1);
        if (flag != QLatin1String("on") && flag != QLatin1String("off"))
            return usage(QStringLiteral("%1 autostart: \"%2\" is not on or off").arg(noun, flag));
        request.autostart = flag == QLatin1String("on");
    }
    auto target = resolveInventory(db, kind, p.positional.first());
    if (!target)
        return fail(target.error());
    request.uuid = target->uuid;
    return runInventoryJob(target->hostId, request, target->name);
}

int Application::runInventoryJob(const QString &host, const InventoryRequest &request,
                                 const QString &name)
{
    QString objectId = request.uuid;
    const auto outcome = runJobOnHost(
        host, [&](ConnectionManager &manager) { return manager.runInventoryJob(host, request); },
        [&objectId](ConnectionManager &manager, QObject *context, const JobAnswered &answered) {
            QObject::connect(&manager, &ConnectionManager::inventoryJobFinished, context,
                             [&objectId, answered](quint64 job, const QString &,
                                                   const QString &object, const QString &,
                                                   const Error &error) {
                                 if (answered(job, error))
                                     objectId = object;
                             });
        });
    if (!outcome)
        return fail(outcome.error());
    const Error error = *outcome;
    const QString action = request.actionName();
    const bool ok = error.code == ErrorCode::None;
    if (m_json) {
        QJsonObject o{{QStringLiteral("host"), host},
                      {QStringLiteral("uuid"), objectId},
                      {QStringLiteral("name"), name},
                      {QStringLiteral("action"), action},
                      {QStringLiteral("ok"), ok},
                      {QStringLiteral("error"), error.message}};
        // The object as the mirror now has it (re-read from libvirt by the job); absent after
        // a delete.
        InventoryStore store(Database::connection(m_dataDir));
        if (request.kind == InventoryRequest::Kind::Volume) {
            if (auto vols = store.volumes(host)) {
                for (const InventoryStore::VolumeRow &row : std::as_const(*vols)) {
                    if (row.volume.path == objectId)
                        o.insert(QStringLiteral("volume"), Json::volume(row));
                }
            }
        } else if (request.kind == InventoryRequest::Kind::Pool) {
            if (auto pools = store.pools(host)) {
                for (const PoolInfo &p : std::as_const(*pools)) {
                    if (p.uuid == objectId)
                        o.insert(QStringLiteral("pool"), Json::pool(host, p));
                }
            }
        } else if (auto nets = store.networks(host)) {
            for (const NetworkInfo &n : std::as_const(*nets)) {
                if (n.uuid == objectId)
                    o.insert(QStringLiteral("network"), Json::network(host, n));
            }
        }
        printJson(o);
    }
    if (!ok)
        return fail(exitCodeFor(error.code),
                    QStringLiteral("%1 %2/%3: %4").arg(action, host, name, error.message));
    if (!m_json)
        m_out << action << ' ' << host << '/' << name << ": ok\n";
    return Ok;
}

namespace {

/// VOLUME: its path (on the one host that has it) or HOST/pool/name.
Result<InventoryStore::VolumeRow> resolveVolume(QSqlDatabase db, const QString &spec)
{
    const bool byPath = spec.startsWith(u'/');
    const QStringList parts = spec.split(u'/');
    if (!byPath && parts.size() != 3)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("\"%1\" is not a volume: give its path or "
                                        "HOST/pool/name")
                             .arg(spec));
    if (!byPath) {
        if (auto h = HostRepository(db).find(parts.at(0)); !h)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("no host \"%1\" (see: virtumancer-cli host list)")
                                 .arg(parts.at(0)));
    }
    auto rows = InventoryStore(db).volumes(byPath ? QString() : parts.at(0));
    if (!rows)
        return std::unexpected(rows.error());
    QList<InventoryStore::VolumeRow> found;
    for (const InventoryStore::VolumeRow &row : std::as_const(*rows)) {
        if (byPath ? row.volume.path == spec
                   : row.poolName == parts.at(1) && row.volume.name == parts.at(2))
            found.append(row);
    }
    if (found.isEmpty())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no volume \"%1\" in the mirror (see: virtumancer-cli "
                                        "volume list; sync first if it is new)")
                             .arg(spec));
    if (found.size() > 1) {
        QStringList candidates;
        for (const InventoryStore::VolumeRow &row : std::as_const(found))
            candidates.append(
                QStringLiteral("%1/%2/%3").arg(row.hostId, row.poolName, row.volume.name));
        return makeError(ErrorCode::Ambiguous,
                         QStringLiteral("\"%1\" is on several hosts: %2")
                             .arg(spec, candidates.join(QStringLiteral(", "))));
    }
    if (found.first().volume.poolUuid.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 lies outside any storage pool; libvirt manages only "
                                        "pool volumes")
                             .arg(spec));
    return found.first();
}

} // namespace

int Application::cmdVolumeJob(const QStringList &args)
{
    const QString verb = args.first();
    QSqlDatabase db = Database::connection(m_dataDir);
    InventoryRequest request;
    request.kind = InventoryRequest::Kind::Volume;

    if (verb == QLatin1String("create")) {
        const ParsedArgs p = parseArgs(
            args.mid(1),
            {QStringLiteral("format"), QStringLiteral("capacity"), QStringLiteral("backing")}, {});
        if (!p.error.isEmpty())
            return usage(p.error);
        if (p.positional.size() != 2)
            return usage(QStringLiteral("volume create needs POOL (HOST/pool) and NAME"));
        if (!p.options.contains(QStringLiteral("format")))
            return usage(QStringLiteral("volume create needs --format qcow2|raw"));
        if (!p.options.contains(QStringLiteral("capacity")))
            return usage(QStringLiteral("volume create needs --capacity SIZE (e.g. 10G)"));
        auto pool = resolveInventory(db, InventoryRequest::Kind::Pool, p.positional.at(0));
        if (!pool)
            return fail(pool.error());
        auto capacity = FilterQuery::parseSize(p.options.value(QStringLiteral("capacity")));
        if (!capacity)
            return fail(Usage, QStringLiteral("--capacity: ") + capacity.error().message);
        request.op = InventoryRequest::Op::Create;
        request.volume.poolUuid = pool->uuid;
        request.volume.name = p.positional.at(1);
        request.volume.format = p.options.value(QStringLiteral("format"));
        request.volume.capacityBytes = *capacity;
        if (p.options.contains(QStringLiteral("backing"))) {
            auto backing = resolveVolume(db, p.options.value(QStringLiteral("backing")));
            if (!backing)
                return fail(backing.error());
            if (backing->hostId != pool->hostId)
                return fail(Usage, QStringLiteral("backing volume %1 is on host %2, not on %3")
                                       .arg(backing->volume.path, backing->hostId, pool->hostId));
            request.volume.backingPath = backing->volume.path;
        }
        return runInventoryJob(pool->hostId, request, request.volume.name);
    }

    if (verb == QLatin1String("upload") || verb == QLatin1String("download"))
        return cmdVolumeTransfer(verb, args.mid(1));
    static const QHash<QString, InventoryRequest::Op> ops{
        {QStringLiteral("resize"), InventoryRequest::Op::Resize},
        {QStringLiteral("wipe"), InventoryRequest::Op::Wipe},
        {QStringLiteral("delete"), InventoryRequest::Op::Delete},
    };
    if (!ops.contains(verb))
        return usage(QStringLiteral("unknown volume command \"%1\"").arg(verb));
    request.op = ops.value(verb);
    const ParsedArgs p = parseArgs(args.mid(1), {}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    const bool resize = request.op == InventoryRequest::Op::Resize;
    if (p.positional.size() != (resize ? 2 : 1))
        return usage(resize ? QStringLiteral("volume resize needs VOLUME and SIZE")
                            : QStringLiteral("volume %1 needs one VOLUME").arg(verb));
    if (resize) {
        auto capacity = FilterQuery::parseSize(p.positional.at(1));
        if (!capacity)
            return fail(Usage, QStringLiteral("SIZE: ") + capacity.error().message);
        request.capacityBytes = *capacity;
    }
    auto target = resolveVolume(db, p.positional.first());
    if (!target)
        return fail(target.error());
    request.uuid = target->volume.path;
    return runInventoryJob(target->hostId, request, target->volume.name);
}

int Application::cmdVolumeTransfer(const QString &verb, const QStringList &args)
{
    const bool upload = verb == QLatin1String("upload");
    const ParsedArgs p
        = parseArgs(args, {},
                    upload ? QSet<QString>{}
                           : QSet<QString>{QStringLiteral("force"), QStringLiteral("overwrite")});
    if (!p.error.isEmpty())
        return usage(p.error);
    if (p.positional.size() != 2)
        return usage(QStringLiteral("volume %1 needs VOLUME and FILE").arg(verb));
    auto target = resolveVolume(Database::connection(m_dataDir), p.positional.first());
    if (!target)
        return fail(target.error());
    VolumeTransferRequest request;
    request.direction = upload ? VolumeTransferRequest::Direction::Upload
                               : VolumeTransferRequest::Direction::Download;
    request.volumePath = target->volume.path;
    request.localPath = QFileInfo(p.positional.at(1)).absoluteFilePath();
    request.force = p.flags.contains(QStringLiteral("force"));
    request.overwrite = p.flags.contains(QStringLiteral("overwrite"));
    const QString host = target->hostId;
    const QString label
        = QStringLiteral("%1/%2/%3").arg(host, target->poolName, target->volume.name);

    // Progress is for a person watching: only on a terminal, never mixed into --json output.
    auto *errFile = qobject_cast<QFile *>(m_err.device());
    const bool showProgress = !m_json && errFile && ::isatty(errFile->handle()) == 1;
    // Ctrl-C cancels a running transfer (so a partial download is removed) and waits for its
    // answer; before the transfer started, or pressed again, it ends the process as usual.
    ConnectionManager *running = nullptr;
    quint64 jobId = 0;
    std::optional<QSocketNotifier> interrupt;
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) == 0) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        interrupt.emplace(s_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(&*interrupt, &QSocketNotifier::activated, &*interrupt, [&] {
            char c = 0;
            [[maybe_unused]] auto n = ::read(s_signalPipe[0], &c, 1);
            std::signal(SIGINT, SIG_DFL);
            std::signal(SIGTERM, SIG_DFL);
            if (!running || !jobId) {
                std::raise(SIGINT);
                return;
            }
            running->cancelVolumeTransfer(host, jobId);
            m_err << "\nvirtumancer-cli: cancelling " << request.actionName() << " of " << label
                  << " (press Ctrl-C again to quit at once)\n";
            m_err.flush();
        });
    }
    VolumeTransferReport report;
    bool progressShown = false;
    const auto outcome = runJobOnHost(
        host,
        [&](ConnectionManager &manager) {
            running = &manager;
            jobId = manager.runVolumeTransfer(host, request);
            return jobId;
        },
        [&](ConnectionManager &manager, QObject *context, const JobAnswered &answered) {
            QObject::connect(&manager, &ConnectionManager::volumeTransferFinished, context,
                             [&report, answered](quint64 job, const QString &, const QString &,
                                                 const QString &, const VolumeTransferReport &r,
                                                 const Error &error) {
                                 if (answered(job, error))
                                     report = r;
                             });
            if (!showProgress)
                return;
            QObject::connect(&manager, &ConnectionManager::volumeTransferProgress, context,
                             [&](quint64 job, qint64 done, qint64 total) {
                                 if (job != jobId)
                                     return;
                                 const int percent = total > 0 ? int(done * 100 / total) : 100;
                                 m_err << '\r' << verb << ' ' << label << ": " << humanBytes(done)
                                       << " / " << humanBytes(total) << " (" << percent
                                       << "%)\x1b[K";
                                 m_err.flush();
                                 progressShown = true;
                             });
        });
    running = nullptr;
    if (interrupt) {
        interrupt.reset();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        ::close(s_signalPipe[0]);
        ::close(s_signalPipe[1]);
        s_signalPipe[0] = s_signalPipe[1] = -1;
    }
    if (progressShown) {
        m_err << '\n';
        m_err.flush();
    }
    if (!outcome)
        return fail(outcome.error());
    const Error error = *outcome;
    const bool ok = error.code == ErrorCode::None;
    if (m_json) {
        printJson(QJsonObject{{QStringLiteral("host"), host},
                              {QStringLiteral("pool"), target->poolName},
                              {QStringLiteral("name"), target->volume.name},
                              {QStringLiteral("path"), request.volumePath},
                              {QStringLiteral("file"), request.localPath},
                              {QStringLiteral("action"), request.actionName()},
                              {QStringLiteral("ok"), ok},
                              {QStringLiteral("error"), error.message},
                              {QStringLiteral("bytes"), double(report.bytes)},
                              {QStringLiteral("data_bytes"), double(report.dataBytes)},
                              {QStringLiteral("seconds"), report.seconds}});
    }
    if (!ok)
        return fail(exitCodeFor(error.code),
                    QStringLiteral("%1 %2: %3").arg(request.actionName(), label, error.message));
    if (!m_json)
        m_out << request.actionName() << ' ' << label << ": " << humanBytes(report.bytes) << " in "
              << QString::number(report.seconds, 'f', 2) << " s\n";
    return Ok;
}

int Application::cmdVolume(const QStringList &args)
{
    if (args.isEmpty())
        return usage(QStringLiteral("volume: list, create, resize, wipe, delete, upload or download?"));
    if (args.first() == QLatin1String("attach") || args.first() == QLatin1String("detach"))
        return cmdVolumeAttach(args.first(), args.mid(1));
    if (args.first() != QLatin1String("list"))
        return cmdVolumeJob(args);
    const ParsedArgs p
        = parseArgs(args.mid(1), {QStringLiteral("host"), QStringLiteral("filter")}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    auto query = FilterQuery::parse(p.options.value(QStringLiteral("filter")));
    if (!query)
        return fail(query.error());
    auto vols = InventoryStore(Database::connection(m_dataDir))
                    .volumes(p.options.value(QStringLiteral("host")));
    if (!vols)
        return fail(vols.error());
    QJsonArray json;
    QList<QStringList> rows;
    for (const InventoryStore::VolumeRow &row : std::as_const(*vols)) {
        if (!query->matches(
                FilterQuery::subjectFor(row.volume, row.hostId, row.poolName, row.status)))
            continue;
        json.append(Json::volume(row));
        rows.append({row.hostId, row.poolName.isEmpty() ? QStringLiteral("-") : row.poolName,
                     row.volume.name, row.volume.format, humanBytes(row.volume.capacityBytes),
                     row.status, row.volume.path});
    }
    if (m_json)
        printJson(json);
    else
        m_out << table({QStringLiteral("HOST"), QStringLiteral("POOL"), QStringLiteral("NAME"),
                        QStringLiteral("FORMAT"), QStringLiteral("SIZE"), QStringLiteral("STATUS"),
                        QStringLiteral("PATH")},
                       rows);
    return Ok;
}

// ---- VM settings and devices ---------------------------------------------------------------

namespace {

/// An image for attach or insert: a path (any image on the VM's host, in a pool or not) or
/// HOST/pool/name, which must be on the VM's host.
Result<QString> imagePathOnHost(QSqlDatabase db, const QString &spec, const QString &vmHost)
{
    if (spec.startsWith(u'/'))
        return spec;
    auto volume = resolveVolume(db, spec);
    if (!volume)
        return std::unexpected(volume.error());
    if (volume->hostId != vmHost)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("volume %1 is on host %2, the VM on %3")
                             .arg(spec, volume->hostId, vmHost));
    return volume->volume.path;
}

QString vmSetUsage()
{
    return QStringLiteral("vm set needs one VM and at least one of --vcpus N, --memory SIZE, "
                          "--max-memory SIZE, --autostart on|off, --title T, --description D, "
                          "--boot DEV,...");
}

} // namespace

int Application::cmdVmSet(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args,
                                   {QStringLiteral("vcpus"), QStringLiteral("memory"),
                                    QStringLiteral("max-memory"), QStringLiteral("autostart"),
                                    QStringLiteral("title"), QStringLiteral("description"),
                                    QStringLiteral("boot")},
                                   {});
    if (!p.error.isEmpty())
        return usage(p.error);
    if (p.positional.size() != 1 || p.options.isEmpty())
        return usage(vmSetUsage());
    DomainEditRequest request;
    request.op = DomainEditRequest::Op::Set;
    if (p.options.contains(QStringLiteral("vcpus"))) {
        bool ok = false;
        request.vcpus = p.options.value(QStringLiteral("vcpus")).toInt(&ok);
        if (!ok)
            return fail(Usage, QStringLiteral("--vcpus needs a whole number"));
    }
    const std::pair<const char *, std::optional<qint64> *> sizes[]
        = {{"memory", &request.memoryBytes}, {"max-memory", &request.maxMemoryBytes}};
    for (const auto &[option, field] : sizes) {
        const QString name = QString::fromLatin1(option);
        if (!p.options.contains(name))
            continue;
        auto bytes = FilterQuery::parseSize(p.options.value(name));
        if (!bytes)
            return fail(Usage, QStringLiteral("--%1: %2").arg(name, bytes.error().message));
        *field = *bytes;
    }
    if (p.options.contains(QStringLiteral("autostart"))) {
        const QString flag = p.options.value(QStringLiteral("autostart"));
        if (flag != QLatin1String("on") && flag != QLatin1String("off"))
            return usage(QStringLiteral("--autostart: \"%1\" is not on or off").arg(flag));
        request.autostart = flag == QLatin1String("on");
    }
    if (p.options.contains(QStringLiteral("title")))
        request.title = p.options.value(QStringLiteral("title"));
    if (p.options.contains(QStringLiteral("description")))
        request.description = p.options.value(QStringLiteral("description"));
    if (p.options.contains(QStringLiteral("boot")))
        request.bootOrder = p.options.value(QStringLiteral("boot")).split(u',', Qt::SkipEmptyParts);
    auto row = InventoryStore(Database::connection(m_dataDir)).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());
    request.uuid = row->domain.uuid;
    // Refuse bad input here, before connecting to the host.
    if (auto valid = DomainEdits::validate(request); !valid)
        return fail(valid.error());
    return runDomainEdit(row->hostId, row->domain.name, request);
}

int Application::cmdVmMedia(const QString &verb, const QStringList &args)
{
    const bool insert = verb == QLatin1String("insert");
    const ParsedArgs p = parseArgs(args, {}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    if (p.positional.size() != (insert ? 3 : 2))
        return usage(insert ? QStringLiteral("vm insert needs VM, TARGET (e.g. hdc) and VOLUME")
                            : QStringLiteral("vm eject needs VM and TARGET (e.g. hdc)"));
    QSqlDatabase db = Database::connection(m_dataDir);
    auto row = InventoryStore(db).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());
    DomainEditRequest request;
    request.op = DomainEditRequest::Op::ChangeMedia;
    request.uuid = row->domain.uuid;
    request.targetDev = p.positional.at(1);
    if (insert) {
        auto path = imagePathOnHost(db, p.positional.at(2), row->hostId);
        if (!path)
            return fail(path.error());
        request.mediaPath = *path;
    }
    if (auto valid = DomainEdits::validate(request); !valid)
        return fail(valid.error());
    return runDomainEdit(row->hostId, row->domain.name, request);
}

int Application::cmdVolumeAttach(const QString &verb, const QStringList &args)
{
    const bool attach = verb == QLatin1String("attach");
    const ParsedArgs p
        = parseArgs(args,
                    attach ? QSet<QString>{QStringLiteral("device"), QStringLiteral("bus"),
                                           QStringLiteral("target"), QStringLiteral("format")}
                           : QSet<QString>{},
                    {});
    if (!p.error.isEmpty())
        return usage(p.error);
    if (p.positional.size() != 2)
        return usage(QStringLiteral("volume %1 needs VOLUME and VM").arg(verb));
    QSqlDatabase db = Database::connection(m_dataDir);
    auto row = InventoryStore(db).resolveDomain(p.positional.at(1));
    if (!row)
        return fail(row.error());
    auto path = imagePathOnHost(db, p.positional.at(0), row->hostId);
    if (!path)
        return fail(path.error());
    DomainEditRequest request;
    request.uuid = row->domain.uuid;
    if (attach) {
        request.op = DomainEditRequest::Op::AttachDisk;
        request.disk.sourcePath = *path;
        request.disk.device = p.options.value(QStringLiteral("device"), QStringLiteral("disk"));
        request.disk.bus = p.options.value(QStringLiteral("bus"));
        request.disk.targetDev = p.options.value(QStringLiteral("target"));
        // A pool volume's format comes from libvirt; an image outside pools needs it said.
        request.disk.format = p.options.value(QStringLiteral("format"));
    } else {
        // The mirror names the drive; libvirt checks again that it is there.
        request.op = DomainEditRequest::Op::DetachDisk;
        QStringList disks;
        for (const DiskInfo &disk : std::as_const(row->domain.disks)) {
            disks.append(disk.deviceName);
            if (disk.sourcePath == *path)
                request.targetDev = disk.deviceName;
        }
        if (request.targetDev.isEmpty())
            return fail(Usage, QStringLiteral("%1 is not attached to %2 (its disks: %3)")
                                   .arg(*path, row->domain.name,
                                        disks.isEmpty() ? QStringLiteral("none")
                                                        : disks.join(QStringLiteral(", "))));
    }
    if (auto valid = DomainEdits::validate(request); !valid)
        return fail(valid.error());
    return runDomainEdit(row->hostId, row->domain.name, request);
}

int Application::runDomainEdit(const QString &host, const QString &vmName,
                               const DomainEditRequest &request)
{
    DomainEditResult result;
    const auto outcome = runJobOnHost(
        host, [&](ConnectionManager &manager) { return manager.runDomainEdit(host, request); },
        [&result](ConnectionManager &manager, QObject *context, const JobAnswered &answered) {
            QObject::connect(&manager, &ConnectionManager::domainEditFinished, context,
                             [&result, answered](quint64 job, const QString &, const QString &,
                                                 const QString &, const DomainEditResult &r,
                                                 const Error &error) {
                                 if (answered(job, error))
                                     result = r;
                             });
        });
    if (!outcome)
        return fail(outcome.error());
    const Error error = *outcome;
    const bool ok = error.code == ErrorCode::None;
    const QString action = request.actionName();
    if (m_json) {
        QJsonObject o{
            {QStringLiteral("host"), host},
            {QStringLiteral("uuid"), request.uuid},
            {QStringLiteral("name"), vmName},
            {QStringLiteral("action"), action},
            {QStringLiteral("ok"), ok},
            {QStringLiteral("error"), error.message},
            {QStringLiteral("applies_after_restart"), result.appliesAfterRestart},
            {QStringLiteral("pending_fields"), QJsonArray::fromStringList(result.pendingFields)},
            {QStringLiteral("target_dev"), result.targetDev},
            {QStringLiteral("note"), result.note},
            {QStringLiteral("changes"), QJsonObject::fromVariantMap(result.changes)}};
        // The VM as the mirror has it now: re-read from libvirt by the job.
        if (auto rows = InventoryStore(Database::connection(m_dataDir))
                            .domainRows(host, {request.uuid}, InventoryStore::Xml::Omit);
            rows && !rows->isEmpty())
            o.insert(QStringLiteral("vm"), Json::domain(rows->constFirst()));
        printJson(o);
    }
    if (!ok)
        return fail(exitCodeFor(error.code),
                    QStringLiteral("%1 %2/%3: %4").arg(action, host, vmName, error.message));
    if (!m_json) {
        m_out << action << ' ' << host << '/' << vmName;
        if (!result.targetDev.isEmpty())
            m_out << ' ' << result.targetDev;
        m_out << ": ok";
        if (result.appliesAfterRestart)
            m_out << " (applies after restart: " << result.pendingFields.join(QStringLiteral(", "))
                  << ')';
        m_out << '\n';
        if (!result.note.isEmpty())
            m_out << "note: " << result.note << '\n';
    }
    return Ok;
}

int Application::cmdAudit(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args,
                                   {QStringLiteral("object"), QStringLiteral("host"),
                                    QStringLiteral("since"), QStringLiteral("limit")},
                                   {});
    if (!p.error.isEmpty() || !p.positional.isEmpty())
        return usage(p.error.isEmpty() ? QStringLiteral("audit takes only options") : p.error);
    AuditQuery q;
    q.objectId = p.options.value(QStringLiteral("object"));
    q.hostId = p.options.value(QStringLiteral("host"));
    if (p.options.contains(QStringLiteral("since"))
        && !Json::parseIsoTime(p.options.value(QStringLiteral("since")), &q.sinceMs))
        return fail(
            Usage,
            QStringLiteral("--since: \"%1\" is not an ISO-8601 time (e.g. 2026-11-25T10:00:00Z)")
                .arg(p.options.value(QStringLiteral("since"))));
    if (p.options.contains(QStringLiteral("limit"))) {
        bool ok = false;
        q.limit = p.options.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || q.limit <= 0)
            return fail(Usage, QStringLiteral("--limit needs a positive whole number"));
    }
    // An object given as a VM name resolves to its uuid, the id audit rows carry.
    QSqlDatabase db = Database::connection(m_dataDir);
    if (!q.objectId.isEmpty()) {
        if (auto vm = InventoryStore(db).resolveDomain(q.objectId); vm)
            q.objectId = vm->domain.uuid;
    }
    auto events = AuditLog(db).query(q);
    if (!events)
        return fail(events.error());
    if (m_json) {
        QJsonArray a;
        for (const AuditEvent &e : std::as_const(*events))
            a.append(Json::auditEvent(e));
        printJson(a);
        return Ok;
    }
    QList<QStringList> rows;
    for (const AuditEvent &e : std::as_const(*events)) {
        rows.append({Json::isoTime(e.tsMs), auditLevelName(e.level), e.hostId, e.action,
                     e.ok ? QStringLiteral("ok") : QStringLiteral("failed"),
                     e.ok ? e.message : e.message + QStringLiteral(" — ") + e.error});
    }
    m_out << table({QStringLiteral("TIME"), QStringLiteral("LEVEL"), QStringLiteral("HOST"),
                    QStringLiteral("ACTION"), QStringLiteral("OUTCOME"), QStringLiteral("MESSAGE")},
                   rows);
    return Ok;
}

int Application::cmdWatch(const QStringList &args)
{
    const ParsedArgs p = parseArgs(args, {}, {});
    if (!p.error.isEmpty())
        return usage(p.error);
    ConnectionManager manager(m_dataDir);
    if (auto r = manager.loadHosts(); !r)
        return fail(r.error());
    const QStringList hosts = p.positional.isEmpty() ? manager.hostIds() : p.positional;
    for (const QString &h : hosts) {
        if (!manager.hasHost(h))
            return fail(Usage, QStringLiteral("no host \"%1\"").arg(h));
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0)
        return fail(HostError, QStringLiteral("cannot set up signal handling"));
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QEventLoop loop;
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, &QEventLoop::quit);

    auto emitLine = [this](const QJsonObject &o) {
        m_out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
        m_out.flush();
    };
    QHash<QString, Error> failures;
    wireCredentials(manager, failures, [&] {
        for (auto it = failures.cbegin(); it != failures.cend(); ++it)
            m_err << "virtumancer-cli: " << it.key() << ": " << withHostKeyHint(it.value()) << '\n';
        m_err.flush();
        if (failures.size() >= hosts.size())
            loop.quit();
    });
    QObject::connect(&manager, &ConnectionManager::hostStateChanged, &loop,
                     [&](const QString &id, HostState state, const Error &error) {
                         QJsonObject o{{QStringLiteral("ts"), Json::isoTime(nowMs())},
                                       {QStringLiteral("host"), id},
                                       {QStringLiteral("kind"), QStringLiteral("host")},
                                       {QStringLiteral("action"), QStringLiteral("state")},
                                       {QStringLiteral("state"), hostStateName(state)}};
                         if (!error.message.isEmpty())
                             o.insert(QStringLiteral("error"), error.message);
                         emitLine(o);
                     });
    QObject::connect(&manager, &ConnectionManager::syncFinished, &loop,
                     [&](const QString &id, const SyncReport &r, const Error &error) {
                         emitLine(
                             QJsonObject{{QStringLiteral("ts"), Json::isoTime(nowMs())},
                                         {QStringLiteral("host"), id},
                                         {QStringLiteral("kind"), QStringLiteral("host")},
                                         {QStringLiteral("action"), QStringLiteral("synced")},
                                         {QStringLiteral("ok"), error.code == ErrorCode::None},
                                         {QStringLiteral("domains"), r.domains},
                                         {QStringLiteral("rows_written"), double(r.rowsWritten)}});
                     });
    QObject::connect(&manager, &ConnectionManager::changesApplied, &loop,
                     [&](const QString &, const QList<ChangeRecord> &changes) {
                         for (const ChangeRecord &c : changes)
                             emitLine(Json::change(c));
                     });
    for (const QString &h : hosts)
        manager.connectHost(h);
    loop.exec();
    manager.shutdown();
    ::close(s_signalPipe[0]);
    ::close(s_signalPipe[1]);
    return failures.size() >= hosts.size() && !hosts.isEmpty() ? HostError : Ok;
}

// ---- console -------------------------------------------------------------------------------

int Application::cmdConsole(const QStringList &args)
{
    if (args.value(0) != QLatin1String("screenshot"))
        return usage(QStringLiteral("console: only \"screenshot\" is available"));
    const ParsedArgs p = parseArgs(args.mid(1), {QStringLiteral("timeout")}, {});
    if (!p.error.isEmpty() || p.positional.size() != 2)
        return usage(p.error.isEmpty()
                         ? QStringLiteral("usage: console screenshot VM FILE.png [--timeout SECONDS]")
                         : p.error);
    double timeoutS = 30;
    if (p.options.contains(QStringLiteral("timeout"))) {
        bool ok = false;
        timeoutS = p.options.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || timeoutS <= 0 || timeoutS > 24 * 3600)
            return usage(QStringLiteral("--timeout needs a number of seconds"));
    }
    const int timeoutMs = int(timeoutS * 1000);
    auto row = InventoryStore(Database::connection(m_dataDir)).resolveDomain(p.positional.first());
    if (!row)
        return fail(row.error());
    const QString file = p.positional.at(1);
    // A local path problem is the caller's (exit 1, as for volume transfers), and is better
    // told before a console connection than after it.
    if (!QFileInfo(file).absoluteDir().exists())
        return fail(Usage, QStringLiteral("cannot write %1: no such directory").arg(file));
    const QString host = row->hostId;
    const QString uuid = row->domain.uuid;
    const QString name = row->domain.name;
    if (row->domain.graphics.isEmpty())
        return fail(HostError, QStringLiteral("VM %1 has no graphics device (as of the last sync)")
                                   .arg(name));
    const QString type = row->domain.graphics.first().type;

    ConnectionManager manager(m_dataDir,
                              SessionSettings{.statsIntervalMs = 0, .syncOnConnect = false});
    if (auto r = manager.loadHosts(); !r)
        return fail(r.error());
    QEventLoop loop;
    QHash<QString, Error> failures;
    std::optional<Error> outcome;
    std::unique_ptr<ConsoleSession> session;
    bool resized = false;
    QRegion covered;
    QTimer settle;
    QTimer latest;
    bool asked = false;
    QImage shot;
    auto finish = [&](const Error &error) {
        if (!outcome)
            outcome = error;
        loop.quit();
    };
    auto startSession = [&] {
        session = createConsoleSession(
            type,
            std::make_unique<LibvirtGraphicsSource>(&manager, host, uuid, 0, true, timeoutMs));
        if (!session) {
            finish(Error{ErrorCode::InvalidArgument, 0,
                         QStringLiteral("VM %1: no embedded viewer for %2 graphics")
                             .arg(name, type)});
            return;
        }
        QObject::connect(session.get(), &ConsoleSession::stateChanged, &loop,
                         [&](ConsoleState state, const QString &message) {
                             if (state == ConsoleState::Failed
                                 || state == ConsoleState::AuthFailed
                                 || state == ConsoleState::Disconnected)
                                 finish(Error{ErrorCode::ConnectionFailed, 0,
                                              QStringLiteral("VM %1: console %2%3")
                                                  .arg(name, consoleStateName(state),
                                                       message.isEmpty()
                                                           ? QString()
                                                           : QStringLiteral(": ") + message)});
                         });
        QObject::connect(session.get(), &ConsoleSession::passwordRequired, &loop, [&] {
            finish(Error{ErrorCode::AuthFailed, 0,
                         QStringLiteral("VM %1: the console asks for a password").arg(name)});
        });
        QObject::connect(session.get(), &ConsoleSession::frameResized, &loop, [&](QSize) {
            resized = true;
            covered = QRegion();
        });
        // The first full frame: updates since the last resize that together cover the whole
        // picture (a server may send the first one in pieces). Then the picture must settle:
        // QEMU renders a text-mode screen only while a client watches, so the first full frame
        // of a fresh connection can be blank with the text one refresh (tens of ms) behind.
        // Shot after 300 ms without an update, or 2 s after the first full frame at the latest.
        settle.setSingleShot(true);
        settle.setInterval(300);
        latest.setSingleShot(true);
        latest.setInterval(2000);
        auto takeShot = [&] {
            if (outcome)
                return;
            std::shared_ptr<ConsoleFramebuffer> fb = session->framebuffer();
            QMutexLocker lock(&fb->mutex);
            shot = fb->image.copy();
            lock.unlock();
            finish(Error{});
        };
        QObject::connect(&settle, &QTimer::timeout, &loop, takeShot);
        QObject::connect(&latest, &QTimer::timeout, &loop, takeShot);
        QObject::connect(session.get(), &ConsoleSession::frameUpdated, &loop, [&] {
            if (!resized || outcome)
                return;
            std::shared_ptr<ConsoleFramebuffer> fb = session->framebuffer();
            covered += fb->takePending();
            {
                QMutexLocker lock(&fb->mutex);
                if (covered.intersected(fb->image.rect()) != QRegion(fb->image.rect()))
                    return;
            }
            if (!latest.isActive())
                latest.start();
            settle.start();
        });
        session->start();
    };
    // The worker answers on its own thread, possibly after we gave up (a hung host).
    struct LoopGuard
    {
        QMutex mutex;
        QEventLoop *loop = nullptr;
    };
    auto loopGuard = std::make_shared<LoopGuard>();
    loopGuard->loop = &loop;
    wireCredentials(manager, failures, [&] { loop.quit(); });
    QObject::connect(&manager, &ConnectionManager::hostStateChanged, &loop,
                     [&](const QString &id, HostState state, const Error &error) {
                         if (id != host)
                             return;
                         if (state == HostState::Connected && !asked) {
                             asked = true;
                             // First ask the worker itself: its answer names what is wrong
                             // (not running, no graphics) before a protocol is involved.
                             manager.openGraphicsSocket(
                                 host, uuid, 0, true,
                                 [loopGuard, &finish, &startSession](Result<GraphicsEndpoint> r) {
                                     if (r && r->fd >= 0)
                                         ::close(r->fd);
                                     QMutexLocker lock(&loopGuard->mutex);
                                     if (!loopGuard->loop)
                                         return; // answered after we gave up
                                     QMetaObject::invokeMethod(
                                         loopGuard->loop,
                                         [&finish, &startSession, r] {
                                             if (r)
                                                 startSession();
                                             else
                                                 finish(r.error());
                                         },
                                         Qt::QueuedConnection);
                                 });
                         } else if (state == HostState::Error
                                    && error.code != ErrorCode::CredentialsRequired
                                    && error.code != ErrorCode::AuthFailed) {
                             failures.insert(id, error);
                             loop.quit();
                         }
                     });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        finish(Error{ErrorCode::Timeout, 0,
                     QStringLiteral("VM %1: no picture within %2 s").arg(name).arg(timeoutS)});
    });
    timer.start(timeoutMs);
    manager.connectHost(host);
    loop.exec();
    {
        QMutexLocker lock(&loopGuard->mutex);
        loopGuard->loop = nullptr;
    }
    if (session)
        session->stop();
    session.reset();
    manager.shutdown();

    if (!failures.isEmpty())
        return fail(HostError, failures.value(host).message);
    const Error error
        = outcome.value_or(Error{ErrorCode::Cancelled, 0, QStringLiteral("interrupted")});
    if (error.code != ErrorCode::None)
        return fail(HostError, error.message);
    if (shot.isNull())
        return fail(HostError, QStringLiteral("VM %1: the console gave no picture").arg(name));
    QImageWriter writer(file, "png");
    if (!writer.write(shot))
        return fail(Usage, QStringLiteral("cannot write %1: %2").arg(file, writer.errorString()));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("file"), QFileInfo(file).absoluteFilePath()},
                              {QStringLiteral("width"), shot.width()},
                              {QStringLiteral("height"), shot.height()}});
    else
        m_out << "wrote " << file << " (" << shot.width() << "x" << shot.height() << ")\n";
    return Ok;
}

} // namespace Virtumancer::Cli
