#pragma once

// The wire protocol between virtumancer-ssh-helper and the app's SshPromptBroker, and the
// runtime-directory rules both sides share. QtCore only: the helper links nothing else.
//
// One request per line, one JSON object per line, on a private AF_UNIX socket:
//   helper → app  {"op":"options"}
//   app → helper  {"ok":true,"controlPath":"DIR/cm-%C","knownHostsFile":"…","env":{"K":"V",…}}
//   helper → app  {"op":"ask","prompt":"…","kind":"$SSH_ASKPASS_PROMPT","dest":"user@host:port"}
//   app → helper  {"ok":true,"answer":"…"}  or  {"ok":false}
// The answer line is written and read by hand (appendJsonString / takeJsonStringField) into
// buffers that are wiped afterwards, never through QJsonDocument, so a secret leaves no copies.

#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QString>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace Virtumancer::SshProtocol {

inline constexpr char helperRoleEnv[] = "VIRTUMANCER_SSH_ROLE";
inline constexpr char askpassRole[] = "askpass";
inline constexpr char socketEnv[] = "VIRTUMANCER_ASKPASS_SOCKET";
inline constexpr char destEnv[] = "VIRTUMANCER_SSH_DEST";
/// Longest request or reply line either side accepts.
inline constexpr qsizetype maxLine = 64 * 1024;

/// The private directory for uid given $XDG_RUNTIME_DIR (empty: unset).
inline QString runtimeDirFor(const QByteArray &xdgRuntimeDir, uid_t uid)
{
    if (!xdgRuntimeDir.isEmpty() && xdgRuntimeDir.startsWith('/'))
        return QString::fromLocal8Bit(xdgRuntimeDir) + QStringLiteral("/virtumancer");
    return QStringLiteral("/tmp/virtumancer-%1").arg(uid);
}

/// True when path is a real directory (no symlink) owned by uid and closed to everybody else.
inline bool isPrivateDir(const QString &path, uid_t uid)
{
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    return S_ISDIR(st.st_mode) && st.st_uid == uid && (st.st_mode & 077) == 0;
}

inline QString askpassSocketIn(const QString &dir, qint64 pid)
{
    return dir + QStringLiteral("/askpass-%1").arg(pid);
}

/// Appends s as a JSON string literal (with quotes) to out.
inline void appendJsonString(QByteArray &out, QByteArrayView s)
{
    out.append('"');
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (u < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out.append("\\u00");
            out.append(hex[u >> 4]);
            out.append(hex[u & 15]);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

/// Finds "key":"…" in a line written by appendJsonString and unescapes the value into *value.
/// Handles exactly what appendJsonString writes (plus \n, \t, \/ and \uXXXX < 0x80).
inline bool takeJsonStringField(const QByteArray &line, QByteArrayView key, QByteArray *value)
{
    QByteArray needle;
    needle.append('"');
    needle.append(key);
    needle.append("\":\"");
    qsizetype i = line.indexOf(needle);
    if (i < 0)
        return false;
    i += needle.size();
    value->clear();
    value->reserve(line.size() - i);
    for (; i < line.size(); ++i) {
        const char c = line.at(i);
        if (c == '"')
            return true;
        if (c != '\\') {
            value->append(c);
            continue;
        }
        if (++i >= line.size())
            break;
        const char e = line.at(i);
        switch (e) {
        case 'n':
            value->append('\n');
            break;
        case 't':
            value->append('\t');
            break;
        case 'r':
            value->append('\r');
            break;
        case 'u': {
            if (i + 4 >= line.size())
                return false;
            bool ok = false;
            const uint code = QByteArray(line.constData() + i + 1, 4).toUInt(&ok, 16);
            if (!ok || code >= 0x80)
                return false;
            value->append(char(code));
            i += 4;
            break;
        }
        default:
            value->append(e);
            break;
        }
    }
    value->fill('\0');
    value->clear();
    return false;
}

/// Overwrites a buffer that held a secret.
inline void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        std::memset(bytes.data(), 0, size_t(bytes.size()));
    bytes.clear();
}

} // namespace Virtumancer::SshProtocol
