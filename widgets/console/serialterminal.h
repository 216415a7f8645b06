#pragma once

#include <QByteArray>
#include <QPlainTextEdit>
#include <QStringDecoder>

class QKeyEvent;

namespace Virtumancer {

/// A small terminal for a VM's serial console: enough of an xterm for a login prompt, a shell
/// and boot messages. Output: printable text (UTF-8), CR, LF, backspace, tab, bell; ANSI escape
/// sequences are parsed and mostly ignored (clear screen and erase-line are applied, cursor
/// moves and colours are not). Input: keys become the bytes a terminal sends (Enter "\r",
/// Backspace 0x7f, arrows ESC [ A…, Ctrl+letter control codes), pasted text as is.
/// Feed it SerialConsole::dataReceived; dataTyped goes to SerialConsole::write.
class SerialTerminal : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit SerialTerminal(QWidget *parent = nullptr);

    /// Appends the guest's output.
    void feed(const QByteArray &bytes);
    /// Forgets the screen (and any half-parsed sequence).
    void reset();
    /// Sends the clipboard's text to the guest (newlines as CR, as a terminal pastes).
    void paste();
    /// The bytes a terminal sends for this key, empty when it sends none.
    static QByteArray bytesForKey(const QKeyEvent &event);
    /// How many bells the guest rang (for tests and a visual cue).
    int bellCount() const { return m_bells; }

Q_SIGNALS:
    /// The user typed or pasted these bytes.
    void dataTyped(const QByteArray &bytes);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    enum class Parse { Text, Escape, Csi, Osc, OscEscape, Charset };
    void flushText();
    void putText(const QString &text);
    void handleControl(char c);
    void handleCsi(char final);
    void newLine();
    void clearScreen();

    Parse m_parse = Parse::Text;
    QByteArray m_pendingText; ///< printable bytes not yet decoded
    QByteArray m_csiParams;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    QStringList m_finishedLines; ///< lines ended during this feed(), not yet in the document
    QString m_line;              ///< the line the cursor is on
    int m_column = 0;
    bool m_cleared = false; ///< the screen was cleared during this feed()
    int m_bells = 0;
};

} // namespace Virtumancer
