#pragma once

#include "console/consolesession.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

namespace Virtumancer {

class ConnectionManager;

/// A VM's serial (or other character) console: virDomainOpenConsole on the host's worker into
/// a non-blocking libvirt stream, read as libvirt's event loop reports data. Lives on the
/// thread that created it (the GUI thread); nothing here blocks it.
class SerialConsole : public QObject
{
    Q_OBJECT
public:
    /// device: the console's alias (e.g. "serial0", "console0"); empty means the first one.
    SerialConsole(ConnectionManager *manager, QString hostId, QString uuid, QString device = {},
                  QObject *parent = nullptr);
    ~SerialConsole() override;

    /// Opens the stream (again, after Disconnected/Failed). Another client holding the
    /// console is taken over (VIR_DOMAIN_CONSOLE_FORCE), as virt-manager and virsh do.
    void start();
    /// Closes the stream. Idempotent.
    void stop();
    /// Bytes typed by the user, sent in order. Dropped while not Connected.
    void write(const QByteArray &bytes);

    ConsoleState state() const { return m_state; }
    QString stateMessage() const { return m_stateMessage; }

Q_SIGNALS:
    void stateChanged(Virtumancer::ConsoleState state, const QString &message);
    /// Output of the guest, in order, as it arrives.
    void dataReceived(const QByteArray &bytes);

private:
    // Posted (queued) by the worker and libvirt's event-loop thread through the current
    // connection's link; generation tells a stale connection's late posts apart.
    Q_INVOKABLE void handleLinkState(quint64 generation, Virtumancer::ConsoleState state,
                                     const QString &message);
    Q_INVOKABLE void handleLinkData(quint64 generation, const QByteArray &bytes);
    /// Lets go of the current connection: the loop thread closes its stream.
    void detach();
    void setState(ConsoleState state, const QString &message = {});

    struct Private;
    std::shared_ptr<Private> d; ///< the owner's side; SerialConsoleLink is what other threads see
    ConsoleState m_state = ConsoleState::Idle;
    QString m_stateMessage;
};

} // namespace Virtumancer
