#include "connectionprobe.h"

#include "connection/connecterrors.h"
#include "connection/eventloop.h"
#include "connection/libvirt_p.h"
#include "sync/hostfetcher_p.h"

#include <QMutex>

#include <thread>

namespace Virtumancer {

// The probe may die while its thread is stuck in libvirt: the thread reaches it only through
// this, under the mutex, and finds null once it is gone.
struct ConnectionProbe::Shared
{
    QMutex mutex;
    ConnectionProbe *probe = nullptr;
};

ConnectionProbe::ConnectionProbe(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<NodeInfo>();
    qRegisterMetaType<Error>();
    m_shared->probe = this;
}

ConnectionProbe::~ConnectionProbe()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->probe = nullptr;
}

void ConnectionProbe::start(const QString &uri, const Credentials &credentials)
{
    m_running = true;
    LibvirtEventLoop::ensureStarted();
    std::thread([shared = m_shared, uri, credentials] {
        NodeInfo node;
        int domains = -1;
        Error error;
        QList<CredentialPrompt> missing;
        virConnectPtr conn = Libvirt::openAuth(uri, credentials, &missing);
        if (!conn) {
            error = explainConnectionError(uri, Libvirt::lastError(ErrorCode::ConnectionFailed));
            if (!missing.isEmpty() && error.code != ErrorCode::HostKeyUnknown) {
                error.code = ErrorCode::CredentialsRequired;
                error.message = QStringLiteral("credentials needed: ") + error.message;
            }
        } else {
            if (auto n = Fetch::node(conn))
                node = *n;
            domains = virConnectNumOfDomains(conn) + virConnectNumOfDefinedDomains(conn);
            virConnectClose(conn);
        }
        QMutexLocker lock(&shared->mutex);
        if (ConnectionProbe *probe = shared->probe) {
            QMetaObject::invokeMethod(
                probe,
                [probe, node, domains, error] {
                    probe->m_running = false;
                    Q_EMIT probe->finished(node, domains, error);
                },
                Qt::QueuedConnection);
        }
    }).detach();
}

} // namespace Virtumancer
