// The Debian package as a user gets it. The packaging_deb_build fixture runs `cpack -G DEB`; these
// tests read that .deb back: what it contains, what it depends on, and that its programs run from
// where dpkg puts them — the CLI finding the demo node of the package, not of the source tree.

#include "common/testutil.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Virtumancer::Test;

namespace {

struct Finished
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Finished run(const QString &program, const QStringList &args,
             const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    EXPECT_TRUE(p.waitForFinished(60000)) << program.toStdString();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

/// The one package the fixture built.
QString debFile()
{
    const QFileInfoList debs = QDir(QStringLiteral(VIRTUMANCER_DEB_DIR))
                                   .entryInfoList({QStringLiteral("*.deb")}, QDir::Files);
    EXPECT_EQ(debs.size(), 1) << "in " VIRTUMANCER_DEB_DIR;
    return debs.isEmpty() ? QString() : debs.first().filePath();
}

QString field(const QString &name)
{
    const Finished r
        = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), debFile(), name});
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    return QString::fromUtf8(r.out).trimmed();
}

/// The package unpacked as dpkg would install it, under a temporary root.
class UnpackedDeb : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const Finished r
            = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), debFile(), m_root.path()});
        ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    }
    QString usr(const QString &path) const
    {
        return m_root.path() + QStringLiteral("/usr/") + path;
    }
    /// The environment of a user who has set nothing of ours.
    static QProcessEnvironment plainEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("VIRTUMANCER_DEMO_NODE"));
        env.remove(QStringLiteral("VIRTUMANCER_NO_DEMO"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    QTemporaryDir m_root;
};

TEST(DebPackage, ContainsTheProgramsDesktopFilesIconAndDemoNode)
{
    const Finished r = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--contents"), debFile()});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    // "-rwxr-xr-x root/root 12345 2026-11-25 12:00 ./usr/bin/virtumancer": the path is last.
    QStringList paths;
    for (const QString &line : QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts))
        paths.append(line.section(u' ', -1));
    const QString id = QStringLiteral(VIRTUMANCER_APP_ID);
    const QStringList expectedPaths{
        QStringLiteral("./usr/bin/virtumancer"),
        QStringLiteral("./usr/bin/virtumancer-cli"),
        QStringLiteral("./usr/libexec/virtumancer/virtumancer-ssh-helper"),
        QStringLiteral("./usr/share/applications/") + id + QStringLiteral(".desktop"),
        QStringLiteral("./usr/share/metainfo/") + id + QStringLiteral(".metainfo.xml"),
        QStringLiteral("./usr/share/icons/hicolor/scalable/apps/") + id + QStringLiteral(".svg"),
        QStringLiteral("./usr/share/virtumancer/demo/demo-node.xml"),
    };
    for (const QString &expected : expectedPaths)
        EXPECT_TRUE(paths.contains(expected)) << expected.toStdString() << " missing from\n"
                                              << r.out.toStdString();
}

TEST(DebPackage, IsNamedAndVersionedAfterTheProject)
{
    EXPECT_EQ(field(QStringLiteral("Package")), QStringLiteral("virtumancer"));
    EXPECT_EQ(field(QStringLiteral("Version")), QStringLiteral(VIRTUMANCER_VERSION));
}

TEST(DebPackage, DependsOnTheLibrariesItLinksAndTheQtPluginsItLoads)
{
    const QString depends = field(QStringLiteral("Depends"));
    // "libc6 (>= 2.34), libvirt0 (>= 6.0.0), ...": the package names.
    QStringList names;
    for (const QString &entry : depends.split(u',', Qt::SkipEmptyParts))
        names.append(entry.trimmed().section(u' ', 0, 0));
    // From dpkg-shlibdeps (the ELF files), and the plugins named in packaging/CMakeLists.txt.
    for (const char *package : {"libc6", "libvirt0", "libqt6core6", "libqt6widgets6", "libqt6sql6",
                                "libqt6sql6-sqlite", "libqt6svg6"})
        EXPECT_TRUE(names.contains(QLatin1String(package)))
            << package << " not in Depends: " << depends.toStdString();
}

TEST_F(UnpackedDeb, CliFindsTheDemoNodeOfThePackage)
{
    QTemporaryDir data;
    const QStringList base{QStringLiteral("--data-dir"), data.path(), QStringLiteral("--json")};
    const Finished hosts = run(usr(QStringLiteral("bin/virtumancer-cli")),
                               base + QStringList{QStringLiteral("host"), QStringLiteral("list")},
                               plainEnvironment());
    ASSERT_EQ(hosts.exitCode, 0) << hosts.err.toStdString();
    const QJsonArray list = QJsonDocument::fromJson(hosts.out).array();
    ASSERT_EQ(list.size(), 1) << hosts.out.toStdString();
    const QString node = QFileInfo(usr(QStringLiteral("share/virtumancer/demo/demo-node.xml")))
                             .canonicalFilePath();
    ASSERT_FALSE(node.isEmpty());
    EXPECT_EQ(list.at(0).toObject().value(QStringLiteral("uri")).toString(),
              QStringLiteral("test://") + node);

    const Finished sync = run(usr(QStringLiteral("bin/virtumancer-cli")),
                              base + QStringList{QStringLiteral("sync")}, plainEnvironment());
    ASSERT_EQ(sync.exitCode, 0) << sync.err.toStdString();
    EXPECT_GT(QJsonDocument::fromJson(sync.out)
                  .array()
                  .at(0)
                  .toObject()
                  .value(QStringLiteral("domains"))
                  .toInt(),
              0)
        << sync.out.toStdString();
}

TEST_F(UnpackedDeb, GuiStartsAndPrintsItsVersion)
{
    const Finished r = run(usr(QStringLiteral("bin/virtumancer")), {QStringLiteral("--version")},
                           plainEnvironment());
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(r.out, QByteArray("virtumancer " VIRTUMANCER_VERSION "\n"));
}

} // namespace
