#pragma once

#include "console/consolesession.h"
#include "model/types.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QThread;

namespace Virtumancer {

class ConnectionManager;
class ConsoleView;
class DomainListModel;
class MirrorReader;
class SerialConsole;
class SerialTerminal;

/// One VM's console inside a window or a tab: the graphical view when connected, otherwise a
/// page that says why not and offers the way forward (Start, Connect, Retry, ...). Follows the
/// VM's row in the model and its host's state: it connects when both allow it and reconnects
/// when the VM runs again or the host comes back. Asks for a console password only when the
/// keyring has none. Never blocks: the session runs on its own thread.
class ConsolePane : public QWidget
{
    Q_OBJECT
public:
    /// What the pane shows.
    enum class Page {
        Connecting,
        Connected,        ///< the view
        NotRunning,       ///< with Start
        NoGraphics,       ///< with the hint to add a display (and Serial Console if it has one)
        NoViewer,         ///< a graphics type without an embedded viewer (rdp, sdl, ...)
        AuthFailed,       ///< with Retry, which asks for the password
        Disconnected,     ///< with Connect
        Failed,           ///< with Retry
        HostNotConnected, ///< with Connect Host
        Gone,             ///< the VM is no longer mirrored
        Serial,           ///< the serial terminal
    };
    Q_ENUM(Page)

    /// Makes the session for a graphics type (vnc, spice, ...); null when there is no
    /// embedded viewer for it. The default uses createConsoleSession() over a
    /// LibvirtGraphicsSource; tests pass their own.
    using SessionFactory
        = std::function<std::unique_ptr<ConsoleSession>(const QString &graphicsType)>;

    ConsolePane(ConnectionManager *manager, DomainListModel *model, QString hostId, QString uuid,
                SessionFactory factory = {}, QWidget *parent = nullptr);
    ~ConsolePane() override;

    QString hostId() const { return m_hostId; }
    QString uuid() const { return m_uuid; }
    /// The VM's name as last mirrored.
    QString vmName() const { return m_name; }

    Page page() const { return m_page; }
    /// The current page's explanation, as shown.
    QString pageMessage() const;
    /// A button of the message page by object name: "start", "connect", "retry",
    /// "connectHost", "serial".
    QPushButton *pageButton(const QString &objectName) const;
    ConsoleView *view() const { return m_view; }
    ConsoleSession *session() const { return m_session.get(); }
    SerialTerminal *serialTerminal() const { return m_terminal; }
    SerialConsole *serialConsole() const { return m_serial; }
    /// Whether the mirrored XML shows a serial or console device (read after construction).
    bool hasSerialDevice() const { return m_hasSerial; }

    bool isSerialMode() const { return m_serialMode; }
    /// Shows the serial terminal (connecting its console) instead of the graphics.
    void setSerialMode(bool serial);

    /// Presses the keysyms in order and releases them in reverse.
    void sendKeys(const QList<quint32> &keysyms);

public Q_SLOTS:
    /// Connects (again) the graphical console, or the serial one in serial mode.
    void connectConsole();
    /// Disconnects by hand: no automatic reconnection until connectConsole() or Start.
    void disconnectConsole();
    /// Asks for the console password, then connects with it.
    void retryWithPassword();

Q_SIGNALS:
    void pageChanged(Virtumancer::ConsolePane::Page page);
    /// The VM's name changed (or became known): window titles follow it.
    void vmNameChanged(const QString &name);
    void serialModeChanged(bool serial);
    /// The Start button's job finished (error.code None on success).
    void startFinished(const Virtumancer::Error &error);

private:
    /// Re-derives the page (and starts or stops connections) from the VM's row, the host's
    /// state and the session's state. Re-entrant calls (a session that changes state inside
    /// start()) run once more after the current one.
    void evaluate();
    void evaluateOnce();
    void setPage(Page page, const QString &message = {});
    void ensureSession(const QString &graphicsType);
    void startSession();
    void startSerial();
    void handleSessionState(ConsoleState state, const QString &message);
    void handlePasswordRequired();
    void askPassword(const QString &reason, std::function<void(const QString &, bool)> done);
    void updateSerialStatus();
    void readXml();

    ConnectionManager *m_manager;
    DomainListModel *m_model;
    QString m_hostId;
    QString m_uuid;
    QString m_name;
    SessionFactory m_factory;

    QStackedWidget *m_stack;
    QWidget *m_messagePage;
    QLabel *m_title;
    QLabel *m_message;
    QList<QPushButton *> m_buttons;
    QScrollArea *m_scroll;
    ConsoleView *m_view;
    QWidget *m_serialPage;
    QLabel *m_serialStatus;
    QPushButton *m_serialReconnect;
    SerialTerminal *m_terminal;

    std::unique_ptr<ConsoleSession> m_session;
    QString m_sessionType; ///< the graphics type m_session was made for ("" = none tried)
    bool m_noViewer = false;
    SerialConsole *m_serial = nullptr;
    Page m_page = Page::Connecting;
    QString m_pageMessage;
    bool m_serialMode = false;
    bool m_serialChosen = false; ///< the user (or the no-graphics default) chose a mode
    bool m_hasSerial = false;
    bool m_userDisconnected = false;
    bool m_wasAvailable = false; ///< host connected and VM running at the last evaluation
    bool m_evaluating = false;
    bool m_evaluateAgain = false;
    quint64 m_startJob = 0;
    /// A password the user just typed, for the next passwordRequired(); cleared after use.
    QString m_password;
    bool m_rememberPassword = false;
    QString m_passwordToRemember; ///< written to the keyring once the connection succeeds
    bool m_keyringTried = false;
    QPointer<QWidget> m_passwordDialog;
    QThread *m_readerThread = nullptr;
    MirrorReader *m_reader = nullptr; ///< lives on m_readerThread
    qint64 m_xmlVersion = -1;
};

} // namespace Virtumancer
