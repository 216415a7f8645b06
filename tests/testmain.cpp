#include <QCoreApplication>

#include <gtest/gtest.h>

// Queued signals need an event loop, so tests run with a QCoreApplication rather than gtest_main.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
