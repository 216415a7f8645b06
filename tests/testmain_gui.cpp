#include "console/glibloop.h"

#include <QApplication>

#include <gtest/gtest.h>

// Widget tests need a QApplication (offscreen platform, set by ctest's environment).
int main(int argc, char **argv)
{
    // As the app does: GLib's default context runs on a thread of its own (SPICE).
    Virtumancer::prepareGlibForQt();
    // Offscreen unless told otherwise (QT_QPA_PLATFORM=xcb under Xvfb for screenshots); also
    // lets ctest's test discovery run the binary without a display.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("virtumancer-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
