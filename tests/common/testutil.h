#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <ostream>

/// Readable QString values in GoogleTest failure messages (found by argument-dependent lookup).
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace Virtumancer::Test {

/// A fresh data dir for one test, removed afterwards.
class TempDataDir
{
public:
    TempDataDir();
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

/// Processes events until pred() is true or timeoutMs passes; returns pred()'s last value.
/// For state that changes through queued signals; never a fixed sleep.
bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 5000);

QByteArray readAll(const QString &path);
bool writeAll(const QString &path, const QByteArray &bytes);

} // namespace Virtumancer::Test
