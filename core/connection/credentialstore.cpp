#include "credentialstore.h"

#include <QDataStream>
#include <QIODevice>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcKeyring, "virtumancer.core.keyring", QtInfoMsg)

namespace Virtumancer {

namespace {
QString keyFor(const QString &hostId)
{
    return QStringLiteral("host:") + hostId;
}

QByteArray encode(const Credentials &c)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << quint8(1) << c.username << c.password;
    return bytes;
}

Credentials decode(const QByteArray &bytes)
{
    Credentials c;
    QDataStream in(bytes);
    quint8 version = 0;
    in >> version;
    if (version == 1)
        in >> c.username >> c.password;
    return c;
}

bool isBackendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented
           || e == QKeychain::OtherError || e == QKeychain::AccessDeniedByUser
           || e == QKeychain::AccessDenied;
}
} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{}

QString CredentialStore::serviceName()
{
    return QStringLiteral("virtumancer");
}

void CredentialStore::noteUnavailable(const QString &why)
{
    if (m_availability != Availability::Unavailable)
        qCInfo(lcKeyring)
            << "no usable keyring; credentials will be asked each time and not stored:" << why;
    m_availability = Availability::Unavailable;
}

void CredentialStore::read(const QString &hostId, std::function<void(Result<Credentials>)> done)
{
    readKey(keyFor(hostId), [done](const QByteArray &bytes) {
        done(bytes.isEmpty() ? Credentials{} : decode(bytes));
    });
}

void CredentialStore::write(const QString &hostId, const Credentials &credentials,
                            std::function<void(Result<>)> done)
{
    QByteArray secret = encode(credentials);
    writeKey(keyFor(hostId), secret, std::move(done));
    secret.fill('\0');
}

void CredentialStore::remove(const QString &hostId, std::function<void(Result<>)> done)
{
    removeKey(keyFor(hostId), std::move(done));
}

QString CredentialStore::consoleKey(const QString &hostId, const QString &uuid)
{
    return QStringLiteral("console:%1/%2").arg(hostId, uuid);
}

void CredentialStore::readConsolePassword(const QString &hostId, const QString &uuid,
                                          std::function<void(QByteArray)> done)
{
    readKey(consoleKey(hostId, uuid), std::move(done));
}

void CredentialStore::writeConsolePassword(const QString &hostId, const QString &uuid,
                                           const QByteArray &password,
                                           std::function<void(Result<>)> done)
{
    if (password.isEmpty())
        removeKey(consoleKey(hostId, uuid), std::move(done));
    else
        writeKey(consoleKey(hostId, uuid), password, std::move(done));
}

void CredentialStore::readKey(const QString &key, std::function<void(QByteArray)> done)
{
    if (m_availability == Availability::Unavailable) {
        done({});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, done] {
        if (job->error() == QKeychain::NoError) {
            m_availability = Availability::Available;
            done(job->binaryData());
        } else if (job->error() == QKeychain::EntryNotFound) {
            m_availability = Availability::Available;
            done({});
        } else {
            noteUnavailable(job->errorString());
            done({});
        }
    });
    job->start();
}

void CredentialStore::writeKey(const QString &key, const QByteArray &secret,
                               std::function<void(Result<>)> done)
{
    if (m_availability == Availability::Unavailable) {
        if (done)
            done(makeError(ErrorCode::Keyring, QStringLiteral("no keyring service is available")));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, job, done] {
        if (job->error() == QKeychain::NoError) {
            m_availability = Availability::Available;
            if (done)
                done({});
            return;
        }
        if (isBackendMissing(job->error()))
            noteUnavailable(job->errorString());
        if (done)
            done(makeError(ErrorCode::Keyring, job->errorString()));
    });
    job->start();
}

void CredentialStore::removeKey(const QString &key, std::function<void(Result<>)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done] {
        if (!done)
            return;
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound)
            done({});
        else
            done(makeError(ErrorCode::Keyring, job->errorString()));
    });
    job->start();
}

} // namespace Virtumancer
