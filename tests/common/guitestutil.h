#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

namespace Virtumancer::Test {

/// Answers the next message box that shows (modal exec() or open()) with button; its text goes
/// to *text if given. For GUI tests only (header-only: the test support library has no widgets).
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString *text = nullptr)
{
    auto *poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, [poll, button, text] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (!box || !box->isVisible())
                continue;
            if (text)
                *text = box->text();
            poll->stop();
            poll->deleteLater();
            box->button(button)->click();
            return;
        }
    });
    poll->start(10);
}

} // namespace Virtumancer::Test
