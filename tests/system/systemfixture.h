#pragma once

// The system tier's fixture: a real libvirtd + QEMU under TCG, started once per test program
// by libvirtd-env.sh and stopped after its last test, and a qemu:///system connection per test
// for setting up and checking what the code under test did. Needs root, as CI runs.

#include "common/hostfixture.h"

#include <QProcess>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <unistd.h>

namespace Virtumancer::Test {

class SystemFixture : public HostFixture
{
protected:
    static void SetUpTestSuite()
    {
        if (geteuid() == 0)
            s_started = runEnv(QStringLiteral("start")) == 0;
    }
    static void TearDownTestSuite()
    {
        if (s_started)
            runEnv(QStringLiteral("stop"));
    }
    /// Skips for a non-root user, fails when the daemon did not start; then the HostFixture
    /// (without the demo host) and m_conn.
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "the system tier runs as root (CI does); skipped for this user";
        ASSERT_TRUE(s_started) << "libvirtd did not start";
        qputenv("VIRTUMANCER_NO_DEMO", "1");
        HostFixture::SetUp();
        m_conn = virConnectOpen("qemu:///system");
        ASSERT_NE(m_conn, nullptr) << virGetLastErrorMessage();
    }
    /// Closes m_conn and tears the HostFixture down (derived fixtures clean up with m_conn
    /// first).
    void TearDown() override
    {
        if (m_conn)
            virConnectClose(m_conn);
        m_conn = nullptr;
        if (m_manager)
            HostFixture::TearDown();
    }

    static inline bool s_started = false;
    virConnectPtr m_conn = nullptr;

    /// libvirtd-env.sh VERB (start, stop, kill-libvirtd, start-libvirtd): its exit code, -1 if
    /// it crashed.
    static int runEnv(const QString &verb)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(QStringLiteral("bash"),
                {QStringLiteral(VIRTUMANCER_SYSTEM_DIR "/libvirtd-env.sh"), verb});
        p.waitForFinished(60000);
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
};

} // namespace Virtumancer::Test
