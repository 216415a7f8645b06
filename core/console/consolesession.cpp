#include "console/consolesession.h"

#include <QMetaObject>
#include <QThread>

namespace Virtumancer {

void ConsoleSession::sendKeyCombination(const QList<quint32> &keysyms)
{
    for (quint32 keysym : keysyms)
        sendKey(keysym, 0, true);
    for (auto it = keysyms.crbegin(); it != keysyms.crend(); ++it)
        sendKey(*it, 0, false);
}

void ConsoleSession::publishState(ConsoleState state, const QString &message)
{
    auto apply = [this, state, message] {
        if (m_state == state && m_stateMessage == message)
            return;
        m_state = state;
        m_stateMessage = message;
        Q_EMIT stateChanged(state, message);
    };
    if (QThread::currentThread() == thread())
        apply();
    else
        QMetaObject::invokeMethod(this, apply, Qt::QueuedConnection);
}

QString consoleStateName(ConsoleState state)
{
    switch (state) {
    case ConsoleState::Idle:
        return QStringLiteral("idle");
    case ConsoleState::Connecting:
        return QStringLiteral("connecting");
    case ConsoleState::Connected:
        return QStringLiteral("connected");
    case ConsoleState::AuthFailed:
        return QStringLiteral("auth-failed");
    case ConsoleState::Disconnected:
        return QStringLiteral("disconnected");
    case ConsoleState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace Virtumancer
