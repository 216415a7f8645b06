#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Virtumancer {

namespace {

/// A translator for locale from directory/name_<lang>.qm, or nullptr when none fits.
std::unique_ptr<QTranslator> load(const QLocale &locale, const QString &name,
                                  const QString &directory)
{
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(locale, name, QStringLiteral("_"), directory))
        return nullptr;
    QCoreApplication::installTranslator(translator.get());
    return translator;
}

} // namespace

Translations::Translations(const QLocale &locale)
{
    Q_ASSERT(QCoreApplication::instance());
    m_own = load(locale, QStringLiteral("virtumancer"), QStringLiteral(":/i18n"));
    m_qt = load(locale, QStringLiteral("qtbase"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

Translations::~Translations()
{
    for (const auto &t : {m_qt.get(), m_own.get()}) {
        if (t)
            QCoreApplication::removeTranslator(t);
    }
}

QStringList Translations::loadedFiles() const
{
    QStringList files;
    for (const auto &t : {m_own.get(), m_qt.get()}) {
        if (t)
            files.append(t->filePath());
    }
    return files;
}

} // namespace Virtumancer
