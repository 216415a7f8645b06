#pragma once

#include <QLocale>
#include <QStringList>

#include <memory>

class QTranslator;

namespace Virtumancer {

/// The translations for one locale, installed on the running QCoreApplication for the lifetime of
/// this object: Virtumancer's own catalogue (embedded as :/i18n/virtumancer_<lang>.qm) and Qt's
/// (qtbase_<lang>.qm from QLibraryInfo's translations path, Debian's qt6-translations-l10n), so
/// that Qt's standard buttons and dialogs speak the same language. A locale without a catalogue
/// (C, or a language we don't ship) installs nothing, and the English source strings show.
/// Create it right after the application object, before any translated string is built.
class Translations
{
public:
    explicit Translations(const QLocale &locale = QLocale());
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    /// The .qm files that loaded and are installed, ours first.
    QStringList loadedFiles() const;

private:
    std::unique_ptr<QTranslator> m_own;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace Virtumancer
