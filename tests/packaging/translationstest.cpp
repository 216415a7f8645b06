// Translations: the German catalogue reaches the main window, the core's model headers and Qt's
// own dialogs; the C locale keeps the English source strings; the English catalogue supplies
// plural forms. And the .ts files cover every tr() string in the sources, so a new string
// without a translation fails here rather than showing up in English for German users.

#include "common/hostfixture.h"
#include "common/testutil.h"

#include "mainwindow/mainwindow.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "translations.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <algorithm>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

QString startText()
{
    return QCoreApplication::translate("Virtumancer::MainWindow", "&Start");
}

class TranslationsTest : public HostFixture
{
protected:
    QString actionText(DomainAction action)
    {
        MainWindow window(m_manager.get(), &m_vms, &m_hosts);
        return window.action(action)->text();
    }
    QString stateHeader() const
    {
        return m_vms.headerData(DomainListModel::StateColumn, Qt::Horizontal).toString();
    }
    static QString cancelButtonText()
    {
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        return box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&'));
    }

    DomainListModel m_vms;
    HostListModel m_hosts;
};

TEST_F(TranslationsTest, GermanLocaleTranslatesOurStringsAndQtsOwn)
{
    const Translations translations(QLocale(QLocale::German, QLocale::Germany));
    EXPECT_EQ(translations.loadedFiles(),
              QStringList({QStringLiteral(":/i18n/virtumancer_de.qm"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                               + QStringLiteral("/qtbase_de.qm")}));
    EXPECT_EQ(actionText(DomainAction::Start), QStringLiteral("&Starten"));
    EXPECT_EQ(actionText(DomainAction::Shutdown), QStringLiteral("&Herunterfahren"));
    EXPECT_EQ(stateHeader(), QStringLiteral("Zustand"));
    EXPECT_EQ(QCoreApplication::translate("Virtumancer::MainWindow", "%n VM(s) shown", nullptr, 3),
              QStringLiteral("3 VMs angezeigt"));
    EXPECT_EQ(cancelButtonText(), QStringLiteral("Abbrechen"));
}

TEST_F(TranslationsTest, CLocaleKeepsTheEnglishSourceStrings)
{
    const Translations translations(QLocale::c());
    EXPECT_TRUE(translations.loadedFiles().isEmpty())
        << translations.loadedFiles().join(u' ').toStdString();
    EXPECT_EQ(actionText(DomainAction::Start), QStringLiteral("&Start"));
    EXPECT_EQ(stateHeader(), QStringLiteral("State"));
    EXPECT_EQ(cancelButtonText(), QStringLiteral("Cancel"));
}

TEST_F(TranslationsTest, EnglishCatalogueSuppliesPluralForms)
{
    const Translations translations(QLocale(QLocale::English, QLocale::UnitedStates));
    ASSERT_FALSE(translations.loadedFiles().isEmpty());
    EXPECT_EQ(translations.loadedFiles().first(), QStringLiteral(":/i18n/virtumancer_en.qm"));
    EXPECT_EQ(QCoreApplication::translate("Virtumancer::MainWindow", "%n VM(s) shown", nullptr, 1),
              QStringLiteral("1 VM shown"));
    EXPECT_EQ(QCoreApplication::translate("Virtumancer::MainWindow", "%n VM(s) shown", nullptr, 2),
              QStringLiteral("2 VMs shown"));
}

TEST_F(TranslationsTest, GoingOutOfScopeRemovesTheCatalogues)
{
    {
        const Translations translations(QLocale(QLocale::German));
        ASSERT_EQ(startText(), QStringLiteral("&Starten"));
    }
    EXPECT_EQ(startText(), QStringLiteral("&Start"));
}

/// One message of a .ts file, as far as completeness goes.
struct TsMessage
{
    QString context;
    QString source;
    QString type;      ///< the <translation type=…>: empty when finished
    QStringList forms; ///< the translation, or each <numerusform>
};

QList<TsMessage> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<TsMessage> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            messages.append({context, {}, {}, {}});
        } else if (name == u"source" && !messages.isEmpty()) {
            messages.last().source = xml.readElementText();
        } else if (name == u"translation" && !messages.isEmpty()) {
            TsMessage &m = messages.last();
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            QString text;
            while (!xml.atEnd()
                   && (xml.readNext() != QXmlStreamReader::EndElement
                       || xml.name() != u"translation")) {
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == u"numerusform")
                    m.forms.append(xml.readElementText());
            }
            if (m.forms.isEmpty())
                m.forms.append(text);
        }
    }
    EXPECT_FALSE(xml.hasError()) << path.toStdString() << ": " << xml.errorString().toStdString();
    return messages;
}

/// Runs lupdate as `update_translations` does over a copy of translations/<file>, without
/// dropping vanished strings, and returns what is unfinished, empty or no longer in the sources.
/// *messageCount gets the number of messages the refreshed copy holds.
QStringList incompleteMessages(const QString &file, const QStringList &extraOptions,
                               qsizetype *messageCount)
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(file);
    EXPECT_TRUE(QFile::copy(QStringLiteral(VIRTUMANCER_SOURCE_DIR "/translations/") + file, copy));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(VIRTUMANCER_SOURCE_DIR));
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    const QStringList args = QString::fromUtf8(VIRTUMANCER_LUPDATE_OPTIONS).split(u'|')
                             + extraOptions
                             + QString::fromUtf8(VIRTUMANCER_LUPDATE_DIRS).split(u'|')
                             + QStringList{QStringLiteral("-ts"), copy};
    lupdate.start(QStringLiteral(VIRTUMANCER_LUPDATE), args);
    EXPECT_TRUE(lupdate.waitForFinished(60000));
    EXPECT_EQ(lupdate.exitCode(), 0) << lupdate.readAll().toStdString();

    const QList<TsMessage> messages = readTs(copy);
    *messageCount = messages.size();
    QStringList problems;
    for (const TsMessage &m : messages) {
        const QString what = m.context + QStringLiteral(": \"") + m.source + u'"';
        if (m.type == u"unfinished")
            problems.append(QStringLiteral("untranslated  ") + what);
        else if (m.type == u"vanished" || m.type == u"obsolete")
            problems.append(QStringLiteral("not in the sources any more  ") + what);
        else if (std::any_of(m.forms.cbegin(), m.forms.cend(),
                             [](const QString &f) { return f.isEmpty(); }))
            problems.append(QStringLiteral("empty translation  ") + what);
    }
    return problems;
}

std::string refreshHint(const QStringList &problems)
{
    const QString hint = QString::number(problems.size())
                         + QStringLiteral(" message(s) to fix. Refresh the .ts files with `cmake "
                                          "--build <build-dir> --target update_translations`, "
                                          "translate them (linguist, or edit the XML) and commit "
                                          "translations/*.ts:\n  ")
                         + problems.join(QStringLiteral("\n  "));
    return hint.toStdString();
}

TEST(TranslationCatalogue, GermanCoversEverySourceString)
{
    qsizetype count = 0;
    const QStringList problems
        = incompleteMessages(QStringLiteral("virtumancer_de.ts"), {}, &count);
    EXPECT_TRUE(problems.isEmpty()) << refreshHint(problems);
    // The scan found the app's strings at all (the main window alone has dozens).
    EXPECT_GT(count, 100);
}

TEST(TranslationCatalogue, EnglishCoversEveryPluralString)
{
    qsizetype count = 0;
    const QStringList problems = incompleteMessages(QStringLiteral("virtumancer_en.ts"),
                                                    {QStringLiteral("-pluralonly")}, &count);
    EXPECT_TRUE(problems.isEmpty()) << refreshHint(problems);
    EXPECT_GT(count, 3);
}

} // namespace
