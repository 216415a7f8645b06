#pragma once

#include "connection/credentials.h"
#include "model/error.h"
#include "model/types.h"

#include <QObject>

#include <memory>

namespace Virtumancer {

/// "Test connection": opens a URI on a thread of its own, reads what the host says about itself
/// and closes again; the answer is finished(). A host that never answers only keeps that thread;
/// destroying the probe abandons it (the answer is then dropped), so nothing ever waits.
class ConnectionProbe : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionProbe(QObject *parent = nullptr);
    ~ConnectionProbe() override;

    void start(const QString &uri, const Credentials &credentials = {});
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /// domains is the number of domains the host reported; error.code None on success.
    void finished(const Virtumancer::NodeInfo &node, int domains, const Virtumancer::Error &error);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    bool m_running = false;
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::NodeInfo)
