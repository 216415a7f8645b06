#include "libvirt_p.h"

#include "sshtransport.h"

#include <QList>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace Virtumancer::Libvirt {

QString domainUuid(virDomainPtr dom)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    return virDomainGetUUIDString(dom, buf) == 0 ? QString::fromLatin1(buf).toLower() : QString();
}

Error lastError(ErrorCode code, const QString &context)
{
    Error error;
    error.code = code;
    if (virErrorPtr e = virGetLastError()) {
        error.libvirtCode = e->code;
        error.message = QString::fromUtf8(e->message ? e->message : "unknown libvirt error");
        switch (e->code) {
        case VIR_ERR_AUTH_FAILED:
        case VIR_ERR_AUTH_CANCELLED:
            if (code == ErrorCode::ConnectionFailed)
                error.code = ErrorCode::AuthFailed;
            break;
        case VIR_ERR_NO_DOMAIN:
        case VIR_ERR_NO_NETWORK:
        case VIR_ERR_NO_STORAGE_POOL:
        case VIR_ERR_NO_STORAGE_VOL:
            error.code = ErrorCode::NotFound;
            break;
        default:
            break;
        }
        virResetLastError();
    } else {
        error.message = QStringLiteral("unknown libvirt error");
    }
    if (!context.isEmpty())
        error.message = context + QStringLiteral(": ") + error.message;
    return error;
}

namespace {
void ignoreError(void *, virErrorPtr) {}

struct AuthContext
{
    const Credentials *given = nullptr;
    QList<CredentialPrompt> missing;
};

/// libvirt's synchronous auth callback: answers only from credentials already in hand and
/// records what it lacks, so the worker never waits for a user.
int authCallback(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    auto *ctx = static_cast<AuthContext *>(cbdata);
    for (unsigned int i = 0; i < ncred; ++i) {
        QByteArray answer;
        CredentialPrompt prompt;
        prompt.prompt = QString::fromUtf8(cred[i].prompt ? cred[i].prompt : "");
        prompt.challenge = QString::fromUtf8(cred[i].challenge ? cred[i].challenge : "");
        switch (cred[i].type) {
        case VIR_CRED_AUTHNAME:
        case VIR_CRED_USERNAME:
            prompt.kind = CredentialPrompt::Kind::Username;
            answer = ctx->given->username.toUtf8();
            break;
        case VIR_CRED_PASSPHRASE:
        case VIR_CRED_NOECHOPROMPT:
            prompt.kind = CredentialPrompt::Kind::Password;
            prompt.echo = false;
            answer = ctx->given->password;
            break;
        default:
            prompt.kind = CredentialPrompt::Kind::Other;
            prompt.echo = cred[i].type == VIR_CRED_ECHOPROMPT;
            break;
        }
        if (answer.isEmpty()) {
            ctx->missing.append(prompt);
            continue;
        }
        cred[i].result = static_cast<char *>(malloc(answer.size() + 1));
        memcpy(cred[i].result, answer.constData(), answer.size() + 1);
        cred[i].resultlen = static_cast<unsigned int>(answer.size());
    }
    if (ctx->missing.isEmpty())
        return 0;
    // Drivers ask one credential per callback (the test driver: the user name, then in a second
    // call the password), and we stop at the first we lack. A user name is all but always
    // followed by a password, so ask the user for both at once rather than in two rounds.
    const bool wantsUser
        = std::any_of(ctx->missing.cbegin(), ctx->missing.cend(), [](const CredentialPrompt &p) {
              return p.kind == CredentialPrompt::Kind::Username;
          });
    const bool wantsPassword
        = std::any_of(ctx->missing.cbegin(), ctx->missing.cend(), [](const CredentialPrompt &p) {
              return p.kind == CredentialPrompt::Kind::Password;
          });
    if (wantsUser && !wantsPassword && ctx->given->password.isEmpty())
        ctx->missing.append(CredentialPrompt{
            CredentialPrompt::Kind::Password, QStringLiteral("Password"), {}, false});
    return -1;
}

} // namespace

virConnectPtr openAuth(const QString &uri, const Credentials &credentials,
                       QList<CredentialPrompt> *missing)
{
    AuthContext ctx;
    ctx.given = &credentials;
    int credTypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE,
                       VIR_CRED_NOECHOPROMPT, VIR_CRED_ECHOPROMPT};
    virConnectAuth auth{credTypes, int(std::size(credTypes)), authCallback, &ctx};
    virConnectPtr conn = virConnectOpenAuth(Ssh::effectiveUri(uri).toUtf8().constData(), &auth, 0);
    if (missing)
        *missing = ctx.missing;
    return conn;
}

void silenceDefaultErrorPrinting()
{
    static std::once_flag once;
    std::call_once(once, [] { virSetErrorFunc(nullptr, ignoreError); });
}

} // namespace Virtumancer::Libvirt
