// Qt key events to X11 keysyms and XT scancodes (the offscreen platform: no native keysym, so
// the table and the text decide).

#include "console/keysym.h"

#include <QKeyEvent>

#include <gtest/gtest.h>

using namespace Virtumancer;

namespace {

quint32 keysymOf(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier,
                 const QString &text = {})
{
    const QKeyEvent event(QEvent::KeyPress, key, modifiers, text);
    return keysymForKeyEvent(event);
}

TEST(Keysym, LettersComeFromTheirText)
{
    EXPECT_EQ(keysymOf(Qt::Key_A, Qt::NoModifier, QStringLiteral("a")), 0x61u);
    EXPECT_EQ(keysymOf(Qt::Key_A, Qt::ShiftModifier, QStringLiteral("A")), 0x41u);
    EXPECT_EQ(keysymOf(Qt::Key_Z, Qt::NoModifier, QStringLiteral("z")), 0x7au);
    // A French layout's "q" position still sends what the layout produced.
    EXPECT_EQ(keysymOf(Qt::Key_A, Qt::NoModifier, QStringLiteral("q")), 0x71u);
}

TEST(Keysym, ControlCombinationsUseTheKeyNotTheControlCharacter)
{
    EXPECT_EQ(keysymOf(Qt::Key_C, Qt::ControlModifier, QStringLiteral("\x03")), 0x63u);
    EXPECT_EQ(keysymOf(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier), 0x43u);
}

TEST(Keysym, DigitsAndPunctuation)
{
    EXPECT_EQ(keysymOf(Qt::Key_1, Qt::NoModifier, QStringLiteral("1")), 0x31u);
    EXPECT_EQ(keysymOf(Qt::Key_Exclam, Qt::ShiftModifier, QStringLiteral("!")), 0x21u);
    EXPECT_EQ(keysymOf(Qt::Key_Space, Qt::NoModifier, QStringLiteral(" ")), 0x20u);
    EXPECT_EQ(keysymOf(Qt::Key_AsciiTilde), 0x7eu);
}

TEST(Keysym, NamedKeys)
{
    EXPECT_EQ(keysymOf(Qt::Key_Return, Qt::NoModifier, QStringLiteral("\r")), Keysym::Return);
    EXPECT_EQ(keysymOf(Qt::Key_Tab, Qt::NoModifier, QStringLiteral("\t")), Keysym::Tab);
    EXPECT_EQ(keysymOf(Qt::Key_Backspace, Qt::NoModifier, QStringLiteral("\b")), Keysym::BackSpace);
    EXPECT_EQ(keysymOf(Qt::Key_Escape, Qt::NoModifier, QStringLiteral("\x1b")), Keysym::Escape);
    EXPECT_EQ(keysymOf(Qt::Key_Delete, Qt::NoModifier, QStringLiteral("\x7f")), Keysym::Delete);
    EXPECT_EQ(keysymOf(Qt::Key_Insert), Keysym::Insert);
    EXPECT_EQ(keysymOf(Qt::Key_Home), 0xff50u);
    EXPECT_EQ(keysymOf(Qt::Key_End), 0xff57u);
    EXPECT_EQ(keysymOf(Qt::Key_PageUp), 0xff55u);
    EXPECT_EQ(keysymOf(Qt::Key_PageDown), 0xff56u);
    EXPECT_EQ(keysymOf(Qt::Key_Left), 0xff51u);
    EXPECT_EQ(keysymOf(Qt::Key_Up), 0xff52u);
    EXPECT_EQ(keysymOf(Qt::Key_Right), 0xff53u);
    EXPECT_EQ(keysymOf(Qt::Key_Down), 0xff54u);
    EXPECT_EQ(keysymOf(Qt::Key_Print), 0xff61u);
    EXPECT_EQ(keysymOf(Qt::Key_SysReq), 0xff15u);
    EXPECT_EQ(keysymOf(Qt::Key_Pause), 0xff13u);
    EXPECT_EQ(keysymOf(Qt::Key_Menu), 0xff67u);
}

TEST(Keysym, FunctionKeys)
{
    EXPECT_EQ(keysymOf(Qt::Key_F1), 0xffbeu);
    EXPECT_EQ(keysymOf(Qt::Key_F12), 0xffc9u);
    EXPECT_EQ(keysymOf(Qt::Key_F35), 0xffe0u);
    EXPECT_EQ(Keysym::function(1), Keysym::F1);
    EXPECT_EQ(Keysym::function(12), Keysym::F12);
    EXPECT_EQ(Keysym::function(36), 0u);
}

TEST(Keysym, KeypadKeysNeedKeypadModifier)
{
    EXPECT_EQ(keysymOf(Qt::Key_5, Qt::KeypadModifier, QStringLiteral("5")), 0xffb5u);
    EXPECT_EQ(keysymOf(Qt::Key_0, Qt::KeypadModifier, QStringLiteral("0")), 0xffb0u);
    EXPECT_EQ(keysymOf(Qt::Key_Plus, Qt::KeypadModifier, QStringLiteral("+")), 0xffabu);
    EXPECT_EQ(keysymOf(Qt::Key_Minus, Qt::KeypadModifier, QStringLiteral("-")), 0xffadu);
    EXPECT_EQ(keysymOf(Qt::Key_Asterisk, Qt::KeypadModifier, QStringLiteral("*")), 0xffaau);
    EXPECT_EQ(keysymOf(Qt::Key_Slash, Qt::KeypadModifier, QStringLiteral("/")), 0xffafu);
    EXPECT_EQ(keysymOf(Qt::Key_Period, Qt::KeypadModifier, QStringLiteral(".")), 0xffaeu);
    EXPECT_EQ(keysymOf(Qt::Key_Enter, Qt::KeypadModifier, QStringLiteral("\r")), 0xff8du);
    EXPECT_EQ(keysymOf(Qt::Key_Home, Qt::KeypadModifier), 0xff95u);
    // Without the modifier they are the main keyboard's keys.
    EXPECT_EQ(keysymOf(Qt::Key_5, Qt::NoModifier, QStringLiteral("5")), 0x35u);
    EXPECT_EQ(keysymOf(Qt::Key_Home), 0xff50u);
}

TEST(Keysym, Modifiers)
{
    EXPECT_EQ(keysymOf(Qt::Key_Shift, Qt::ShiftModifier), Keysym::ShiftL);
    EXPECT_EQ(keysymOf(Qt::Key_Control, Qt::ControlModifier), Keysym::ControlL);
    EXPECT_EQ(keysymOf(Qt::Key_Alt, Qt::AltModifier), Keysym::AltL);
    EXPECT_EQ(keysymOf(Qt::Key_Meta, Qt::MetaModifier), Keysym::SuperL);
    EXPECT_EQ(keysymOf(Qt::Key_AltGr), Keysym::IsoLevel3Shift);
    EXPECT_EQ(keysymOf(Qt::Key_CapsLock), 0xffe5u);
    EXPECT_EQ(keysymOf(Qt::Key_NumLock), 0xff7fu);
    EXPECT_EQ(keysymOf(Qt::Key_ScrollLock), 0xff14u);
}

TEST(Keysym, DeadKeys)
{
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Grave), 0xfe50u);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Acute), 0xfe51u);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Circumflex), 0xfe52u);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Diaeresis), 0xfe57u);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Currency), 0xfe6fu);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_a), 0xfe80u);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Greek), 0xfe8cu);
    EXPECT_EQ(keysymOf(Qt::Key_Dead_Longsolidusoverlay), 0xfe93u);
}

TEST(Keysym, UnicodeBeyondLatin1)
{
    EXPECT_EQ(keysymOf(Qt::Key_Eacute, Qt::NoModifier, QStringLiteral("é")), 0xe9u);
    EXPECT_EQ(keysymOf(0x20ac, Qt::NoModifier, QStringLiteral("€")), 0x010020acu);
    EXPECT_EQ(keysymOf(0x0436, Qt::NoModifier, QStringLiteral("ж")), 0x01000436u);
    EXPECT_EQ(keysymOf(Qt::Key_unknown, Qt::NoModifier, QStringLiteral("😀")), 0x0101f600u);
    EXPECT_EQ(Keysym::fromUnicode(U'ß'), 0xdfu);
}

TEST(Keysym, MultimediaKeys)
{
    EXPECT_EQ(keysymOf(Qt::Key_VolumeUp), 0x1008ff13u);
    EXPECT_EQ(keysymOf(Qt::Key_VolumeMute), 0x1008ff12u);
    EXPECT_EQ(keysymOf(Qt::Key_MediaPlay), 0x1008ff14u);
}

TEST(Keysym, UnknownKeyWithoutTextHasNoKeysym)
{
    EXPECT_EQ(keysymOf(Qt::Key_unknown), 0u);
}

TEST(Keysym, ScancodesFromEvdevCodes)
{
    EXPECT_EQ(xtScancodeForEvdev(1), 0x01u);   // Escape
    EXPECT_EQ(xtScancodeForEvdev(30), 0x1eu);  // A
    EXPECT_EQ(xtScancodeForEvdev(88), 0x58u);  // F12
    EXPECT_EQ(xtScancodeForEvdev(103), 0xc8u); // Up (0xe0 0x48)
    EXPECT_EQ(xtScancodeForEvdev(100), 0xb8u); // AltGr
    EXPECT_EQ(xtScancodeForEvdev(0), 0u);
    EXPECT_EQ(xtScancodeForEvdev(600), 0u);
    // The offscreen platform reports no usable native scancode.
    const QKeyEvent event(QEvent::KeyPress, Qt::Key_A, Qt::NoModifier, 38, 0x61, 0,
                          QStringLiteral("a"));
    EXPECT_EQ(scancodeForKeyEvent(event), 0u);
}

} // namespace
