// ssh's questions in the GUI: the dialog for each kind of prompt (host key, secret, yes/no), and
// the main window's wiring to SshPromptBroker (one non-blocking dialog per prompt, closed when
// ssh gives up, over the wizard when it is testing); plus the host-key and refused-login
// warnings a host's state brings.

#include "common/guitestutil.h"
#include "common/hostfixture.h"

#include "connection/sshprompt.h"
#include "dialogs/credentialsdialog.h"
#include "dialogs/sshpromptdialog.h"
#include "mainwindow/mainwindow.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"
#include "wizards/connectionwizard.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

struct Answer
{
    quint64 id = 0;
    bool accepted = false;
    QByteArray text;
};

SshPrompt hostKeyPrompt(quint64 id)
{
    SshPrompt p;
    p.id = id;
    p.kind = SshPrompt::Kind::HostKey;
    p.text = QStringLiteral(
        "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
        "ED25519 key fingerprint is SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE.\n"
        "This key is not known by any other names.\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])?");
    p.host = QStringLiteral("[127.0.0.1]:2222");
    p.keyType = QStringLiteral("ED25519");
    p.fingerprint = QStringLiteral("SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE");
    p.destination = QStringLiteral("root@127.0.0.1:2222");
    return p;
}

SshPrompt secretPrompt(quint64 id, SshPrompt::Kind kind, const QString &text)
{
    SshPrompt p;
    p.id = id;
    p.kind = kind;
    p.text = text;
    p.destination = QStringLiteral("alice@kvm1");
    return p;
}

QStringList labelTexts(QWidget *w)
{
    QStringList texts;
    for (QLabel *l : w->findChildren<QLabel *>())
        texts.append(l->text());
    return texts;
}

bool anyContains(const QStringList &texts, const QString &needle)
{
    for (const QString &t : texts) {
        if (t.contains(needle))
            return true;
    }
    return false;
}

void recordAnswer(SshPromptDialog &dialog, std::optional<Answer> *out)
{
    QObject::connect(&dialog, &SshPromptDialog::answered,
                     [out](quint64 id, bool accepted, const QByteArray &text) {
                         *out = Answer{id, accepted, text};
                     });
}

TEST(SshPromptDialog, UnknownHostKeyShowsTheFingerprintAndDefaultsToCancel)
{
    SshPromptDialog dialog(hostKeyPrompt(7));
    std::optional<Answer> answer;
    recordAnswer(dialog, &answer);
    dialog.open();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_EQ(dialog.windowTitle(), QStringLiteral("Unknown SSH host key"));
    EXPECT_EQ(dialog.windowModality(), Qt::WindowModal) << "open(), not exec()";

    const auto *fingerprint = dialog.findChild<QLabel *>(QStringLiteral("fingerprint"));
    ASSERT_NE(fingerprint, nullptr);
    EXPECT_EQ(fingerprint->text(),
              QStringLiteral("ED25519 key fingerprint:\n"
                             "SHA256:inuyknFxDamHNk0GsOfzp67uJVWE+RuOnUwJ1bh85sE"));
    EXPECT_TRUE(QFontInfo(fingerprint->font()).fixedPitch()) << "monospace, to compare";
    EXPECT_TRUE(fingerprint->textInteractionFlags() & Qt::TextSelectableByMouse);
    const QStringList texts = labelTexts(&dialog);
    EXPECT_TRUE(anyContains(texts, QStringLiteral("The SSH host [127.0.0.1]:2222 is not known")));
    EXPECT_TRUE(anyContains(texts, QStringLiteral("obtained in a way you trust")));

    QPushButton *accept = dialog.acceptButton();
    ASSERT_NE(accept, nullptr);
    EXPECT_EQ(accept->text(), QStringLiteral("Accept and &Remember"));
    EXPECT_FALSE(accept->isDefault());
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    ASSERT_NE(cancel, nullptr);
    EXPECT_TRUE(cancel->isDefault()) << "Enter does not accept a key by accident";
    EXPECT_EQ(dialog.secretField(), nullptr);

    QTest::keyClick(&dialog, Qt::Key_Escape);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->id, 7u);
    EXPECT_FALSE(answer->accepted);
    EXPECT_TRUE(answer->text.isEmpty());
    EXPECT_FALSE(dialog.isVisible());
}

TEST(SshPromptDialog, AcceptingTheKeyAnswersYesOnce)
{
    SshPromptDialog dialog(hostKeyPrompt(8));
    int answers = 0;
    std::optional<Answer> answer;
    QObject::connect(&dialog, &SshPromptDialog::answered,
                     [&](quint64 id, bool accepted, const QByteArray &text) {
                         ++answers;
                         answer = Answer{id, accepted, text};
                     });
    dialog.open();
    dialog.acceptButton()->click();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->id, 8u);
    EXPECT_TRUE(answer->accepted);
    dialog.reject(); // already answered: no second answer
    EXPECT_EQ(answers, 1);
}

TEST(SshPromptDialog, UnparsedHostKeyPromptShowsSshsOwnWords)
{
    SshPrompt p = hostKeyPrompt(9);
    p.fingerprint.clear();
    p.keyType.clear();
    SshPromptDialog dialog(p);
    const auto *fingerprint = dialog.findChild<QLabel *>(QStringLiteral("fingerprint"));
    ASSERT_NE(fingerprint, nullptr);
    EXPECT_EQ(fingerprint->text(), p.text);
}

TEST(SshPromptDialog, PassphraseIsTypedHiddenAndSentOnEnter)
{
    const QString text = QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519': ");
    SshPromptDialog dialog(secretPrompt(11, SshPrompt::Kind::Passphrase, text));
    std::optional<Answer> answer;
    recordAnswer(dialog, &answer);
    dialog.open();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_EQ(dialog.windowTitle(), QStringLiteral("SSH key passphrase"));
    EXPECT_TRUE(anyContains(labelTexts(&dialog),
                            QStringLiteral("Enter passphrase for key '/root/.ssh/id_ed25519':")));
    EXPECT_TRUE(anyContains(labelTexts(&dialog), QStringLiteral("alice@kvm1")));
    QLineEdit *field = dialog.secretField();
    ASSERT_NE(field, nullptr);
    EXPECT_EQ(field->echoMode(), QLineEdit::Password);
    EXPECT_TRUE(dialog.acceptButton()->isDefault());
    QTest::keyClicks(field, QStringLiteral("s3cr3t pass"));
    QTest::keyClick(field, Qt::Key_Return);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->id, 11u);
    EXPECT_TRUE(answer->accepted);
    EXPECT_EQ(answer->text, QByteArray("s3cr3t pass"));
    EXPECT_TRUE(field->text().isEmpty()) << "the field is cleared once sent";
}

TEST(SshPromptDialog, PasswordCancelSendsNothing)
{
    SshPromptDialog dialog(
        secretPrompt(12, SshPrompt::Kind::Password, QStringLiteral("alice@kvm1's password: ")));
    std::optional<Answer> answer;
    recordAnswer(dialog, &answer);
    dialog.open();
    EXPECT_EQ(dialog.windowTitle(), QStringLiteral("SSH password"));
    QTest::keyClicks(dialog.secretField(), QStringLiteral("typed then cancelled"));
    dialog.reject();
    ASSERT_TRUE(answer.has_value());
    EXPECT_FALSE(answer->accepted);
    EXPECT_TRUE(answer->text.isEmpty());
    EXPECT_TRUE(dialog.secretField()->text().isEmpty());
}

TEST(SshPromptDialog, OtherPromptsMayEchoAndConfirmIsYesNo)
{
    SshPrompt otp = secretPrompt(13, SshPrompt::Kind::Other, QStringLiteral("Verification code: "));
    otp.echo = true;
    SshPromptDialog other(otp);
    EXPECT_EQ(other.windowTitle(), QStringLiteral("SSH question"));
    EXPECT_EQ(other.secretField()->echoMode(), QLineEdit::Normal);

    SshPromptDialog confirm(secretPrompt(
        14, SshPrompt::Kind::Confirm, QStringLiteral("Allow use of key /root/.ssh/id_ed25519?")));
    std::optional<Answer> answer;
    recordAnswer(confirm, &answer);
    confirm.open();
    EXPECT_EQ(confirm.secretField(), nullptr);
    auto *buttons = confirm.findChild<QDialogButtonBox *>();
    ASSERT_NE(buttons->button(QDialogButtonBox::Yes), nullptr);
    ASSERT_NE(buttons->button(QDialogButtonBox::No), nullptr);
    EXPECT_TRUE(buttons->button(QDialogButtonBox::No)->isDefault());
    EXPECT_TRUE(anyContains(labelTexts(&confirm), QStringLiteral("Allow use of key")));
    buttons->button(QDialogButtonBox::Yes)->click();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->id, 14u);
    EXPECT_TRUE(answer->accepted);
    EXPECT_TRUE(answer->text.isEmpty());
}

TEST(SshPromptDialog, ClosingUnansweredAnswersNo)
{
    std::optional<Answer> answer;
    {
        SshPromptDialog dialog(hostKeyPrompt(15));
        recordAnswer(dialog, &answer);
    }
    ASSERT_TRUE(answer.has_value()) << "ssh is not left waiting for a dialog that is gone";
    EXPECT_EQ(answer->id, 15u);
    EXPECT_FALSE(answer->accepted);
}

class SshPromptWindowTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        addHost(QStringLiteral("remote"), QStringLiteral("qemu+ssh://alice@127.0.0.1:1/system"));
        m_feed = std::make_unique<InventoryFeed>(m_data.path(), m_manager.get(), &m_vms, &m_hosts);
        m_window = std::make_unique<MainWindow>(m_manager.get(), &m_vms, &m_hosts);
        m_window->show();
        m_feed->start();
        ASSERT_TRUE(waitUntil([&] { return m_feed->isLoaded(); }));
    }
    void TearDown() override
    {
        m_window.reset();
        m_feed.reset();
        HostFixture::TearDown();
    }
    template<typename W> QList<W *> visibleTopLevels()
    {
        QList<W *> found;
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *t = qobject_cast<W *>(w); t && t->isVisible())
                found.append(t);
        }
        return found;
    }

    DomainListModel m_vms;
    HostListModel m_hosts;
    std::unique_ptr<InventoryFeed> m_feed;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(SshPromptWindowTest, EachPromptGetsItsOwnDialogAndACancelledOneCloses)
{
    SshPromptBroker *broker = SshPromptBroker::instance();
    Q_EMIT broker->promptRequested(hostKeyPrompt(101));
    Q_EMIT broker->promptRequested(
        secretPrompt(102, SshPrompt::Kind::Passphrase, QStringLiteral("Enter passphrase: ")));
    QList<SshPromptDialog *> dialogs = m_window->sshPromptDialogs();
    ASSERT_EQ(dialogs.size(), 2);
    QList<quint64> ids;
    for (SshPromptDialog *d : dialogs) {
        ids.append(d->promptId());
        EXPECT_TRUE(d->isVisible()) << "shown at once, without blocking (open(), not exec())";
        EXPECT_EQ(d->parentWidget(), m_window.get());
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (QList<quint64>{101, 102}));

    // ssh went away before the user answered: that dialog closes, the other stays.
    Q_EMIT broker->promptCancelled(101);
    ASSERT_TRUE(waitUntil([&] { return m_window->sshPromptDialogs().size() == 1; }));
    EXPECT_EQ(m_window->sshPromptDialogs().first()->promptId(), 102u);

    // Answering closes (and deletes) it; the broker forgets unknown ids, so nothing waits.
    QTest::keyClicks(m_window->sshPromptDialogs().first()->secretField(), QStringLiteral("pw"));
    m_window->sshPromptDialogs().first()->accept();
    ASSERT_TRUE(waitUntil([&] { return m_window->sshPromptDialogs().isEmpty(); }));
    EXPECT_EQ(broker->pendingCount(), 0);
}

TEST_F(SshPromptWindowTest, TheWizardsTestConnectionGetsTheDialogOverIt)
{
    auto *wizard = new ConnectionWizard(m_manager.get(), m_window.get());
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->open(); // as "Add Connection…" does
    ASSERT_TRUE(QTest::qWaitForWindowExposed(wizard));
    ASSERT_EQ(QApplication::activeModalWidget(), wizard);
    Q_EMIT SshPromptBroker::instance()->promptRequested(hostKeyPrompt(201));
    ASSERT_EQ(m_window->sshPromptDialogs().size(), 1);
    SshPromptDialog *dialog = m_window->sshPromptDialogs().first();
    EXPECT_EQ(dialog->parentWidget(), wizard) << "stacked over the wizard, not hidden behind it";
    EXPECT_TRUE(dialog->isVisible());

    // The wizard closing first takes its dialog along, and that answers "no".
    std::optional<Answer> answer;
    recordAnswer(*dialog, &answer);
    wizard->close();
    ASSERT_TRUE(waitUntil([&] { return m_window->sshPromptDialogs().isEmpty(); }));
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->id, 201u);
    EXPECT_FALSE(answer->accepted);
}

TEST_F(SshPromptWindowTest, AChangedHostKeyIsAWarningNotARetry)
{
    const Error changed{ErrorCode::HostKeyChanged, 38,
                        QStringLiteral("The SSH host key of 127.0.0.1 port 2222 has changed — "
                                       "REMOTE HOST IDENTIFICATION HAS CHANGED!")};
    Q_EMIT m_manager->hostStateChanged(QStringLiteral("remote"), HostState::Error, changed);
    const QList<QMessageBox *> boxes = visibleTopLevels<QMessageBox>();
    ASSERT_EQ(boxes.size(), 1);
    EXPECT_EQ(boxes.first()->windowTitle(), QStringLiteral("SSH host key changed"));
    EXPECT_TRUE(boxes.first()->text().contains(QStringLiteral("remote")));
    EXPECT_EQ(boxes.first()->informativeText(), changed.message);
    boxes.first()->button(QMessageBox::Ok)->click();
    EXPECT_TRUE(waitUntil([&] { return visibleTopLevels<QMessageBox>().isEmpty(); }));

    // An unknown key that was refused is only the host's state (the user just said no).
    Q_EMIT m_manager->hostStateChanged(QStringLiteral("remote"), HostState::Error,
                                       Error{ErrorCode::HostKeyUnknown, 38, QStringLiteral("no")});
    EXPECT_TRUE(visibleTopLevels<QMessageBox>().isEmpty());
    EXPECT_EQ(
        m_hosts.index(m_hosts.rowOf(QStringLiteral("remote"))).data(HostListModel::LastErrorRole),
        QStringLiteral("no"));
}

TEST_F(SshPromptWindowTest, ARefusedSshKeyExplainsInsteadOfAskingForAPassword)
{
    const Error refused{
        ErrorCode::AuthFailed, 38,
        QStringLiteral("The SSH server on 127.0.0.1 port 2222 refused the login as 'alice' — "
                       "alice@127.0.0.1: Permission denied (publickey).")};
    Q_EMIT m_manager->credentialsRequested(QStringLiteral("remote"), {}, refused);
    EXPECT_TRUE(visibleTopLevels<CredentialsDialog>().isEmpty())
        << "a password typed into libvirt's dialog would never reach the system ssh";
    const QList<QMessageBox *> boxes = visibleTopLevels<QMessageBox>();
    ASSERT_EQ(boxes.size(), 1);
    EXPECT_EQ(boxes.first()->windowTitle(), QStringLiteral("SSH login refused"));
    EXPECT_TRUE(boxes.first()->text().contains(QStringLiteral("refused the login as 'alice'")));
    ASSERT_NE(boxes.first()->button(QMessageBox::Retry), nullptr);

    // Retry connects again (and fails again here: nothing listens on port 1).
    std::optional<HostState> state;
    QObject context; // the connection ends with this test, not with the manager
    QObject::connect(m_manager.get(), &ConnectionManager::hostStateChanged, &context,
                     [&](const QString &id, HostState s, const Error &) {
                         if (id == QStringLiteral("remote"))
                             state = s;
                     });
    boxes.first()->button(QMessageBox::Retry)->click();
    EXPECT_TRUE(waitUntil([&] { return state.has_value(); }, 10000));
}

} // namespace
