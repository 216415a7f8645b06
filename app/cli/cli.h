#pragma once

#include "actions/domainedit.h"
#include "actions/inventoryaction.h"
#include "model/error.h"

#include <QByteArray>
#include <QHash>

#include <functional>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

#include <cstdio>

namespace Virtumancer {
class ConnectionManager;
}

namespace Virtumancer::Cli {

/// Exit codes of virtumancer-cli (DESIGN §8): a stable interface for scripts.
enum ExitCode { Ok = 0, Usage = 1, HostError = 2, CacheError = 3 };
int exitCodeFor(ErrorCode code);

/// virtumancer-cli: parses the command line, opens the cache, runs one command.
class Application
{
public:
    Application();
    /// Writes to these streams instead of stdout/stderr (in-process tests).
    Application(FILE *out, FILE *err);
    int run(const QStringList &arguments);

private:
    int usage(const QString &problem = {});
    int fail(const Error &error);
    int fail(int code, const QString &message);
    void printJson(const QJsonValue &value);

    int cmdHost(const QStringList &args);
    int cmdSync(const QStringList &args);
    int cmdVm(const QStringList &args);
    int cmdVmList(const QStringList &args);
    int cmdVmShow(const QStringList &args);
    int cmdVmTag(const QStringList &args);
    int cmdVmAction(const QString &verb, const QStringList &args);
    /// `vm set VM --vcpus N --memory SIZE ...`.
    int cmdVmSet(const QStringList &args);
    /// `vm eject VM TARGET`, `vm insert VM TARGET VOLUME`.
    int cmdVmMedia(const QString &verb, const QStringList &args);
    /// `volume attach VOLUME VM [--device] [--bus] [--target]`, `volume detach VOLUME VM`.
    int cmdVolumeAttach(const QString &verb, const QStringList &args);
    /// Connects to host, runs the VM edit on its worker, waits for the answer and prints it
    /// (with --json, also the VM as the mirror has it afterwards).
    int runDomainEdit(const QString &host, const QString &vmName,
                      const DomainEditRequest &request);
    /// `net list` / `pool list`: the mirrored items of every host (or --host HOST).
    template<typename Item, typename Fetch, typename ToJson, typename ToRow>
    int listPerHost(const QString &noun, const QStringList &args, Fetch fetch, ToJson toJson,
                    ToRow toRow, const QStringList &header);
    int cmdNet(const QStringList &args);
    int cmdPool(const QStringList &args);
    /// `pool create|start|stop|refresh|autostart|delete`, `net create|start|stop|autostart|delete`.
    int cmdInventoryJob(InventoryRequest::Kind kind, const QStringList &args);
    /// Connects to host, runs the job on its worker, waits for the answer and prints it.
    int runInventoryJob(const QString &host, const InventoryRequest &request,
                        const QString &name);
    int cmdVolume(const QStringList &args);
    int cmdVolumeJob(const QStringList &args);
    /// `volume upload|download VOLUME FILE`: progress on a terminal, Ctrl-C cancels.
    int cmdVolumeTransfer(const QString &verb, const QStringList &args);
    int cmdAudit(const QStringList &args);
    int cmdWatch(const QStringList &args);
    /// `console screenshot VM FILE.png [--timeout SECONDS]`: the first full frame of the VM's
    /// graphical console, through the host's libvirt connection.
    int cmdConsole(const QStringList &args);

    /// Answers the manager's credential requests from the terminal or --password-stdin;
    /// hosts that cannot be answered go into failures and changed() is called.
    void wireCredentials(ConnectionManager &manager, QHash<QString, Error> &failures,
                         const std::function<void()> &changed);
    /// Answers ssh's questions (host key, passphrase, password) while context lives: from the
    /// terminal, --accept-new-host-key or --password-stdin; refused otherwise.
    void wireSshPrompts(QObject *context);
    /// Called by a job's answer signal: true when it answers the job being waited for.
    using JobAnswered = std::function<bool(quint64 job, const Error &error)>;
    /// Queues the job once the host is connected; returns its id.
    using JobStarter = std::function<quint64(ConnectionManager &)>;
    /// Connects the job's answer signal (with context as the connection's context) to answered.
    using JobListener =
        std::function<void(ConnectionManager &, QObject *context, const JobAnswered &answered)>;
    /// Connects to host (asking for credentials like every command), starts one job on its
    /// worker and waits for its answer: the job's outcome, or the host's error (or the cache's)
    /// when it never got to run.
    Result<Error> runJobOnHost(const QString &host, const JobStarter &start,
                               const JobListener &listen);

    QString m_dataDir;
    bool m_json = false;
    bool m_passwordStdin = false;
    bool m_acceptNewHostKey = false;
    bool m_stdinPasswordUsedBySsh = false;
    QString m_username;
    QByteArray m_stdinPassword;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace Virtumancer::Cli
