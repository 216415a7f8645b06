// The desktop side of an install: the hand-written icon renders as a square tile, and the GUI's
// command line answers --version and --help (in the user's language) without opening a window.

#include "common/testutil.h"

#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QSvgRenderer>

#include <gtest/gtest.h>

using namespace Virtumancer::Test;

namespace {

TEST(AppIcon, RendersAsARoundedSquareTile)
{
    QSvgRenderer svg(QStringLiteral(VIRTUMANCER_SOURCE_DIR
                                    "/resources/icons/hicolor/scalable/apps/" VIRTUMANCER_APP_ID
                                    ".svg"));
    ASSERT_TRUE(svg.isValid());
    EXPECT_EQ(svg.viewBox(), QRect(0, 0, 128, 128));

    QImage image(128, 128, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    svg.render(&painter);
    painter.end();
    // Rounded corners stay transparent; the tile itself is opaque.
    EXPECT_EQ(qAlpha(image.pixel(10, 10)), 0);
    EXPECT_EQ(qAlpha(image.pixel(64, 30)), 255);
    EXPECT_EQ(qAlpha(image.pixel(117, 117)), 0);
}

struct Output
{
    int exitCode = -1;
    QString out;
};

/// Runs the GUI binary with args under the given LANG (offscreen; no other locale variable set).
Output runGui(const QStringList &args, const QString &lang)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *var : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"})
        env.remove(QLatin1String(var));
    env.insert(QStringLiteral("LANG"), lang);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess gui;
    gui.setProcessEnvironment(env);
    gui.start(QStringLiteral(VIRTUMANCER_GUI_PATH), args);
    EXPECT_TRUE(gui.waitForFinished(30000));
    return {gui.exitCode(), QString::fromUtf8(gui.readAllStandardOutput())};
}

TEST(GuiCommandLine, VersionPrintsTheProjectVersion)
{
    const Output r = runGui({QStringLiteral("--version")}, QStringLiteral("C"));
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, QStringLiteral("virtumancer " VIRTUMANCER_VERSION "\n"));
}

TEST(GuiCommandLine, HelpListsConnectAndDataDirInEnglishUnderTheCLocale)
{
    const Output r = runGui({QStringLiteral("--help")}, QStringLiteral("C"));
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(QStringLiteral("--connect <URI>"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("--data-dir <DIR>"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("Manage many libvirt hosts.")))
        << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("Displays help on commandline options.")))
        << r.out.toStdString();
}

TEST(GuiCommandLine, HelpFollowsAGermanLocale)
{
    const Output r = runGui({QStringLiteral("--help")}, QStringLiteral("de_DE.UTF-8"));
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(QStringLiteral("--connect <URI>"))) << r.out.toStdString();
    // Ours, then Qt's own catalogue.
    EXPECT_TRUE(r.out.contains(QStringLiteral("Viele libvirt-Hosts verwalten.")))
        << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("Zeigt Hilfe zu den Kommandozeilenoptionen an.")))
        << r.out.toStdString();
}

} // namespace
