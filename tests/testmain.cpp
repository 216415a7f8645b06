#include "console/glibloop.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

// Queued signals need an event loop, so tests run with a QCoreApplication rather than gtest_main.
int main(int argc, char **argv)
{
    // As the apps do: GLib's default context runs on a thread of its own (SPICE).
    Virtumancer::prepareGlibForQt();
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
