#include "serialterminal.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTextCursor>

namespace Virtumancer {

namespace {
constexpr int maximumLines = 10000; ///< scrollback
constexpr int tabWidth = 8;
constexpr char esc = '\x1b';
} // namespace

SerialTerminal::SerialTerminal(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true); // the guest echoes what it wants shown; keys go to it, not the document
    setUndoRedoEnabled(false);
    setMaximumBlockCount(maximumLines);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
    setFocusPolicy(Qt::StrongFocus);
    setContextMenuPolicy(Qt::DefaultContextMenu);
    QPalette p = palette();
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xdc, 0xdc, 0xdc));
    setPalette(p);
    setCursorWidth(0);
}

void SerialTerminal::reset()
{
    m_parse = Parse::Text;
    m_pendingText.clear();
    m_csiParams.clear();
    m_decoder.resetState();
    m_finishedLines.clear();
    m_line.clear();
    m_column = 0;
    m_cleared = false;
    clear();
}

void SerialTerminal::feed(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        switch (m_parse) {
        case Parse::Text:
            if (c == esc) {
                flushText();
                m_parse = Parse::Escape;
            } else if (u < 0x20 || u == 0x7f) {
                flushText();
                handleControl(c);
            } else {
                m_pendingText.append(c);
            }
            break;
        case Parse::Escape:
            if (c == '[') {
                m_csiParams.clear();
                m_parse = Parse::Csi;
            } else if (c == ']') {
                m_parse = Parse::Osc;
            } else if (c == '(' || c == ')' || c == '*' || c == '+') {
                m_parse = Parse::Charset;
            } else if (c == 'c') { // full reset
                clearScreen();
                m_parse = Parse::Text;
            } else {
                m_parse = Parse::Text; // keypad modes, save/restore cursor, index: no effect here
            }
            break;
        case Parse::Csi:
            if (u >= 0x40 && u <= 0x7e) {
                handleCsi(c);
                m_parse = Parse::Text;
            } else if (u >= 0x20 && u <= 0x3f) {
                if (m_csiParams.size() < 64)
                    m_csiParams.append(c);
            } else if (c == esc) {
                m_parse = Parse::Escape;
            } else if (u < 0x20) {
                handleControl(c); // controls inside a sequence act at once (VT rules)
            } else {
                m_parse = Parse::Text; // not a sequence after all
            }
            break;
        case Parse::Osc: // window title and friends, ended by BEL or ESC backslash
            if (c == '\a')
                m_parse = Parse::Text;
            else if (c == esc)
                m_parse = Parse::OscEscape;
            break;
        case Parse::OscEscape:
            m_parse = c == '\\' ? Parse::Text : Parse::Osc;
            break;
        case Parse::Charset:
            m_parse = Parse::Text;
            break;
        }
    }
    flushText();

    // Apply what changed to the document in one edit: the line under the cursor is the last
    // block; lines finished meanwhile go before the new current line.
    QScrollBar *bar = verticalScrollBar();
    const bool follow = bar->value() == bar->maximum();
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    if (std::exchange(m_cleared, false)) {
        cursor.select(QTextCursor::Document);
        cursor.removeSelectedText();
    }
    cursor.movePosition(QTextCursor::End);
    cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
    const QStringList finished = std::exchange(m_finishedLines, {});
    bool first = true;
    for (const QString &line : finished) {
        if (!first)
            cursor.insertBlock();
        cursor.insertText(line);
        first = false;
    }
    if (!first)
        cursor.insertBlock();
    cursor.insertText(m_line);
    cursor.endEditBlock();
    if (follow)
        bar->setValue(bar->maximum());
    viewport()->update();
}

void SerialTerminal::flushText()
{
    if (m_pendingText.isEmpty())
        return;
    putText(m_decoder.decode(m_pendingText));
    m_pendingText.clear();
}

void SerialTerminal::putText(const QString &text)
{
    for (const QChar ch : text) {
        if (m_column > m_line.size())
            m_line.append(QString(m_column - m_line.size(), QLatin1Char(' ')));
        if (m_column < m_line.size())
            m_line[m_column] = ch;
        else
            m_line.append(ch);
        ++m_column;
    }
}

void SerialTerminal::handleControl(char c)
{
    switch (c) {
    case '\r':
        m_column = 0;
        break;
    case '\n':
    case '\v':
        newLine();
        break;
    case '\b':
        if (m_column > 0)
            --m_column;
        break;
    case '\t':
        m_column = (m_column / tabWidth + 1) * tabWidth;
        break;
    case '\a':
        ++m_bells;
        QApplication::beep();
        break;
    default:
        break; // NUL, shift in/out, ...: nothing to show
    }
}

void SerialTerminal::newLine()
{
    m_finishedLines.append(m_line);
    m_line.clear();
    m_column = 0;
}

void SerialTerminal::clearScreen()
{
    m_finishedLines.clear();
    m_line.clear();
    m_column = 0;
    m_cleared = true;
}

void SerialTerminal::handleCsi(char final)
{
    const QByteArray params = std::exchange(m_csiParams, {});
    if (params.startsWith('?') || params.startsWith('>') || params.startsWith('='))
        return; // private modes (cursor visibility, bracketed paste, ...)
    const QList<QByteArray> parts = params.split(';');
    const auto param = [&parts](int i, int fallback) {
        const int v = i < parts.size() ? parts.at(i).toInt() : 0;
        return v > 0 ? v : fallback;
    };
    const int n = param(0, 1);
    switch (final) {
    case 'J': // erase in display
        if (param(0, 0) >= 2)
            clearScreen();
        else if (param(0, 0) == 0)
            m_line.truncate(m_column); // below the cursor: only this line is "below" here
        break;
    case 'K': // erase in line
        switch (param(0, 0)) {
        case 0:
            m_line.truncate(m_column);
            break;
        case 1:
            for (int i = 0; i < qMin(m_column + 1, int(m_line.size())); ++i)
                m_line[i] = QLatin1Char(' ');
            break;
        default:
            m_line.clear();
            break;
        }
        break;
    case 'C': // cursor forward (line editing redraws use it)
        m_column += n;
        break;
    case 'D': // cursor back
        m_column = qMax(0, m_column - n);
        break;
    case 'G': // cursor to column
        m_column = n - 1;
        break;
    case 'P': // delete characters
        if (m_column < m_line.size())
            m_line.remove(m_column, n);
        break;
    case '@': // insert blanks
        if (m_column < m_line.size())
            m_line.insert(m_column, QString(n, QLatin1Char(' ')));
        break;
    case 'H':
    case 'f':
        // Only the column is kept: the terminal has no screen grid, and "home + clear" is
        // handled by the J that follows.
        m_column = param(1, 1) - 1;
        break;
    default:
        break; // SGR colours, scrolling regions, vertical moves: not shown
    }
}

QByteArray SerialTerminal::bytesForKey(const QKeyEvent &event)
{
    const Qt::KeyboardModifiers mods = event.modifiers();
    const bool ctrl = mods & Qt::ControlModifier;
    const bool alt = mods & Qt::AltModifier;
    QByteArray out;
    switch (event.key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        out = "\r";
        break;
    case Qt::Key_Backspace:
        out = ctrl ? "\b" : "\x7f";
        break;
    case Qt::Key_Tab:
        out = "\t";
        break;
    case Qt::Key_Backtab:
        out = "\x1b[Z";
        break;
    case Qt::Key_Escape:
        out = "\x1b";
        break;
    case Qt::Key_Up:
        out = "\x1b[A";
        break;
    case Qt::Key_Down:
        out = "\x1b[B";
        break;
    case Qt::Key_Right:
        out = "\x1b[C";
        break;
    case Qt::Key_Left:
        out = "\x1b[D";
        break;
    case Qt::Key_Home:
        out = "\x1b[H";
        break;
    case Qt::Key_End:
        out = "\x1b[F";
        break;
    case Qt::Key_Insert:
        out = "\x1b[2~";
        break;
    case Qt::Key_Delete:
        out = "\x1b[3~";
        break;
    case Qt::Key_PageUp:
        out = "\x1b[5~";
        break;
    case Qt::Key_PageDown:
        out = "\x1b[6~";
        break;
    case Qt::Key_F1:
        out = "\x1bOP";
        break;
    case Qt::Key_F2:
        out = "\x1bOQ";
        break;
    case Qt::Key_F3:
        out = "\x1bOR";
        break;
    case Qt::Key_F4:
        out = "\x1bOS";
        break;
    case Qt::Key_F5:
        out = "\x1b[15~";
        break;
    case Qt::Key_F6:
        out = "\x1b[17~";
        break;
    case Qt::Key_F7:
        out = "\x1b[18~";
        break;
    case Qt::Key_F8:
        out = "\x1b[19~";
        break;
    case Qt::Key_F9:
        out = "\x1b[20~";
        break;
    case Qt::Key_F10:
        out = "\x1b[21~";
        break;
    case Qt::Key_F11:
        out = "\x1b[23~";
        break;
    case Qt::Key_F12:
        out = "\x1b[24~";
        break;
    default:
        break;
    }
    if (out.isEmpty() && ctrl) {
        const int key = event.key();
        if (key >= Qt::Key_A && key <= Qt::Key_Z)
            out = QByteArray(1, char(key - Qt::Key_A + 1));
        else if (key == Qt::Key_At || key == Qt::Key_Space || key == Qt::Key_2)
            out = QByteArray(1, '\0');
        else if (key == Qt::Key_BracketLeft || key == Qt::Key_3)
            out = "\x1b";
        else if (key == Qt::Key_Backslash || key == Qt::Key_4)
            out = "\x1c";
        else if (key == Qt::Key_BracketRight || key == Qt::Key_5)
            out = "\x1d";
        else if (key == Qt::Key_AsciiCircum || key == Qt::Key_6)
            out = "\x1e";
        else if (key == Qt::Key_Underscore || key == Qt::Key_Minus || key == Qt::Key_7)
            out = "\x1f";
        else if (key == Qt::Key_Question || key == Qt::Key_8)
            out = "\x7f";
    }
    if (out.isEmpty() && !ctrl)
        out = event.text().toUtf8();
    if (!out.isEmpty() && alt && !ctrl)
        out.prepend(esc); // Meta sends ESC first, as xterm's metaSendsEscape
    return out;
}

bool SerialTerminal::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Ctrl+letters are the guest's (Ctrl+C, Ctrl+D, ...), not the window's shortcuts.
        event->accept();
        return true;
    }
    return QPlainTextEdit::event(event);
}

bool SerialTerminal::focusNextPrevChild(bool next)
{
    Q_UNUSED(next);
    return false; // Tab completes in the guest's shell
}

void SerialTerminal::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods == (Qt::ControlModifier | Qt::ShiftModifier) && event->key() == Qt::Key_C) {
        copy();
        return;
    }
    if ((mods == (Qt::ControlModifier | Qt::ShiftModifier) && event->key() == Qt::Key_V)
        || (mods == Qt::ShiftModifier && event->key() == Qt::Key_Insert)) {
        paste();
        return;
    }
    if ((mods == Qt::ShiftModifier)
        && (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown)) {
        QPlainTextEdit::keyPressEvent(event); // scrollback
        return;
    }
    const QByteArray bytes = bytesForKey(*event);
    if (bytes.isEmpty()) {
        event->ignore();
        return;
    }
    event->accept();
    Q_EMIT dataTyped(bytes);
}

void SerialTerminal::paste()
{
    QString text = QApplication::clipboard()->text();
    if (text.isEmpty())
        return;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\r"));
    text.replace(QLatin1Char('\n'), QLatin1Char('\r'));
    Q_EMIT dataTyped(text.toUtf8());
}

void SerialTerminal::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copyAction = menu.addAction(tr("&Copy"), this, &QPlainTextEdit::copy);
    copyAction->setEnabled(textCursor().hasSelection());
    QAction *pasteAction = menu.addAction(tr("&Paste"), this, &SerialTerminal::paste);
    pasteAction->setEnabled(!QApplication::clipboard()->text().isEmpty());
    menu.addSeparator();
    menu.addAction(tr("C&lear"), this, &SerialTerminal::reset);
    menu.exec(event->globalPos());
}

} // namespace Virtumancer
