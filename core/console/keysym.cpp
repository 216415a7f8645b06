#include "console/keysym.h"

#include <QGuiApplication>
#include <QKeyEvent>

#include <utility>

namespace Virtumancer {

namespace {

struct KeyMapping
{
    int qtKey;
    quint32 keysym;
};

/// Named keys (no text of their own, or text we must not use, like Return's "\r").
constexpr KeyMapping namedKeys[] = {
    {Qt::Key_Escape, Keysym::Escape},
    {Qt::Key_Tab, Keysym::Tab},
    {Qt::Key_Backtab, 0xfe20}, // ISO_Left_Tab
    {Qt::Key_Backspace, Keysym::BackSpace},
    {Qt::Key_Return, Keysym::Return},
    {Qt::Key_Enter, Keysym::KpEnter},
    {Qt::Key_Insert, Keysym::Insert},
    {Qt::Key_Delete, Keysym::Delete},
    {Qt::Key_Pause, Keysym::Pause},
    {Qt::Key_Print, Keysym::Print},
    {Qt::Key_SysReq, Keysym::SysReq},
    {Qt::Key_Clear, 0xff0b},
    {Qt::Key_Home, Keysym::Home},
    {Qt::Key_End, Keysym::End},
    {Qt::Key_Left, Keysym::Left},
    {Qt::Key_Up, Keysym::Up},
    {Qt::Key_Right, Keysym::Right},
    {Qt::Key_Down, Keysym::Down},
    {Qt::Key_PageUp, Keysym::PageUp},
    {Qt::Key_PageDown, Keysym::PageDown},
    {Qt::Key_Shift, Keysym::ShiftL},
    {Qt::Key_Control, Keysym::ControlL},
    {Qt::Key_Meta, Keysym::SuperL},
    {Qt::Key_Alt, Keysym::AltL},
    {Qt::Key_AltGr, Keysym::IsoLevel3Shift},
    {Qt::Key_CapsLock, Keysym::CapsLock},
    {Qt::Key_NumLock, Keysym::NumLock},
    {Qt::Key_ScrollLock, Keysym::ScrollLock},
    {Qt::Key_Super_L, Keysym::SuperL},
    {Qt::Key_Super_R, Keysym::SuperR},
    {Qt::Key_Menu, Keysym::Menu},
    {Qt::Key_Hyper_L, 0xffed},
    {Qt::Key_Hyper_R, 0xffee},
    {Qt::Key_Help, 0xff6a},
    {Qt::Key_Select, 0xff60},
    {Qt::Key_Execute, 0xff62},
    {Qt::Key_Undo, 0xff65},
    {Qt::Key_Redo, 0xff66},
    {Qt::Key_Find, 0xff68},
    {Qt::Key_Cancel, 0xff69},
    {Qt::Key_Mode_switch, 0xff7e},
    {Qt::Key_Multi_key, 0xff20},
    {Qt::Key_Codeinput, 0xff37},
    {Qt::Key_SingleCandidate, 0xff3c},
    {Qt::Key_MultipleCandidate, 0xff3d},
    {Qt::Key_PreviousCandidate, 0xff3e},
    // Japanese keyboard
    {Qt::Key_Kanji, 0xff21},
    {Qt::Key_Muhenkan, 0xff22},
    {Qt::Key_Henkan, 0xff23},
    {Qt::Key_Romaji, 0xff24},
    {Qt::Key_Hiragana, 0xff25},
    {Qt::Key_Katakana, 0xff26},
    {Qt::Key_Hiragana_Katakana, 0xff27},
    {Qt::Key_Zenkaku, 0xff28},
    {Qt::Key_Hankaku, 0xff29},
    {Qt::Key_Zenkaku_Hankaku, 0xff2a},
    {Qt::Key_Touroku, 0xff2b},
    {Qt::Key_Massyo, 0xff2c},
    {Qt::Key_Kana_Lock, 0xff2d},
    {Qt::Key_Kana_Shift, 0xff2e},
    {Qt::Key_Eisu_Shift, 0xff2f},
    {Qt::Key_Eisu_toggle, 0xff30},
    // Korean keyboard
    {Qt::Key_Hangul, 0xff31},
    {Qt::Key_Hangul_Start, 0xff32},
    {Qt::Key_Hangul_End, 0xff33},
    {Qt::Key_Hangul_Hanja, 0xff34},
    {Qt::Key_Hangul_Jamo, 0xff35},
    {Qt::Key_Hangul_Romaja, 0xff36},
    {Qt::Key_Hangul_Jeonja, 0xff38},
    {Qt::Key_Hangul_Banja, 0xff39},
    {Qt::Key_Hangul_PreHanja, 0xff3a},
    {Qt::Key_Hangul_PostHanja, 0xff3b},
    {Qt::Key_Hangul_Special, 0xff3f},
    // Multimedia and internet keys (XF86 keysyms)
    {Qt::Key_MonBrightnessUp, 0x1008ff02},
    {Qt::Key_MonBrightnessDown, 0x1008ff03},
    {Qt::Key_KeyboardLightOnOff, 0x1008ff04},
    {Qt::Key_KeyboardBrightnessUp, 0x1008ff05},
    {Qt::Key_KeyboardBrightnessDown, 0x1008ff06},
    {Qt::Key_Standby, 0x1008ff10},
    {Qt::Key_VolumeDown, 0x1008ff11},
    {Qt::Key_VolumeMute, 0x1008ff12},
    {Qt::Key_VolumeUp, 0x1008ff13},
    {Qt::Key_MediaPlay, 0x1008ff14},
    {Qt::Key_MediaStop, 0x1008ff15},
    {Qt::Key_MediaPrevious, 0x1008ff16},
    {Qt::Key_MediaNext, 0x1008ff17},
    {Qt::Key_HomePage, 0x1008ff18},
    {Qt::Key_LaunchMail, 0x1008ff19},
    {Qt::Key_Search, 0x1008ff1b},
    {Qt::Key_MediaRecord, 0x1008ff1c},
    {Qt::Key_Calculator, 0x1008ff1d},
    {Qt::Key_Back, 0x1008ff26},
    {Qt::Key_Forward, 0x1008ff27},
    {Qt::Key_Stop, 0x1008ff28},
    {Qt::Key_Refresh, 0x1008ff29},
    {Qt::Key_PowerOff, 0x1008ff2a},
    {Qt::Key_WakeUp, 0x1008ff2b},
    {Qt::Key_Eject, 0x1008ff2c},
    {Qt::Key_ScreenSaver, 0x1008ff2d},
    {Qt::Key_Sleep, 0x1008ff2f},
    {Qt::Key_Favorites, 0x1008ff30},
    {Qt::Key_MediaPause, 0x1008ff31},
    {Qt::Key_Launch0, 0x1008ff40},
    {Qt::Key_Launch1, 0x1008ff41},
    {Qt::Key_Launch2, 0x1008ff42},
    {Qt::Key_Launch3, 0x1008ff43},
    {Qt::Key_Launch4, 0x1008ff44},
    {Qt::Key_Launch5, 0x1008ff45},
    {Qt::Key_Launch6, 0x1008ff46},
    {Qt::Key_Launch7, 0x1008ff47},
    {Qt::Key_Launch8, 0x1008ff48},
    {Qt::Key_Launch9, 0x1008ff49},
    {Qt::Key_LaunchA, 0x1008ff4a},
    {Qt::Key_LaunchB, 0x1008ff4b},
    {Qt::Key_LaunchC, 0x1008ff4c},
    {Qt::Key_LaunchD, 0x1008ff4d},
    {Qt::Key_LaunchE, 0x1008ff4e},
    {Qt::Key_LaunchF, 0x1008ff4f},
    {Qt::Key_Explorer, 0x1008ff5d},
    {Qt::Key_LogOff, 0x1008ff61},
    {Qt::Key_Copy, 0x1008ff57},
    {Qt::Key_Cut, 0x1008ff58},
    {Qt::Key_Paste, 0x1008ff6d},
    {Qt::Key_Suspend, 0x1008ffa7},
    {Qt::Key_Hibernate, 0x1008ffa8},
    {Qt::Key_MicMute, 0x1008ffb2},
};

/// Keypad keys as Qt reports them with KeypadModifier (NumLock on: digits and operators; off:
/// the navigation keys).
constexpr KeyMapping keypadKeys[] = {
    {Qt::Key_0, 0xffb0},      {Qt::Key_1, 0xffb1},        {Qt::Key_2, 0xffb2},
    {Qt::Key_3, 0xffb3},      {Qt::Key_4, 0xffb4},        {Qt::Key_5, 0xffb5},
    {Qt::Key_6, 0xffb6},      {Qt::Key_7, 0xffb7},        {Qt::Key_8, 0xffb8},
    {Qt::Key_9, 0xffb9},      {Qt::Key_Asterisk, 0xffaa}, {Qt::Key_Plus, 0xffab},
    {Qt::Key_Comma, 0xffac},  {Qt::Key_Minus, 0xffad},    {Qt::Key_Period, 0xffae},
    {Qt::Key_Slash, 0xffaf},  {Qt::Key_Equal, 0xffbd},    {Qt::Key_Enter, 0xff8d},
    {Qt::Key_Space, 0xff80},  {Qt::Key_Tab, 0xff89},      {Qt::Key_Home, 0xff95},
    {Qt::Key_Left, 0xff96},   {Qt::Key_Up, 0xff97},       {Qt::Key_Right, 0xff98},
    {Qt::Key_Down, 0xff99},   {Qt::Key_PageUp, 0xff9a},   {Qt::Key_PageDown, 0xff9b},
    {Qt::Key_End, 0xff9c},    {Qt::Key_Clear, 0xff9d},    {Qt::Key_Insert, 0xff9e},
    {Qt::Key_Delete, 0xff9f},
};

template<std::size_t N> quint32 lookup(const KeyMapping (&table)[N], int key)
{
    for (const KeyMapping &m : table) {
        if (m.qtKey == key)
            return m.keysym;
    }
    return 0;
}

bool isPlatform(QLatin1String name)
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance())
           && QGuiApplication::platformName() == name;
}

} // namespace

quint32 keysymForKeyEvent(const QKeyEvent &event)
{
    // Under X (and Qt's wayland plugin, which reports the xkb keysym) the native virtual key is
    // the keysym the layout produced.
    if (event.nativeVirtualKey() != 0
        && (isPlatform(QLatin1String("xcb")) || isPlatform(QLatin1String("wayland"))))
        return event.nativeVirtualKey();

    const int key = event.key();
    if (event.modifiers().testFlag(Qt::KeypadModifier)) {
        if (const quint32 keysym = lookup(keypadKeys, key))
            return keysym;
    }
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
        return Keysym::function(key - Qt::Key_F1 + 1);
    if (key >= Qt::Key_Dead_Grave && key <= Qt::Key_Dead_Longsolidusoverlay)
        return Keysym::DeadGrave + quint32(key - Qt::Key_Dead_Grave);
    if (const quint32 keysym = lookup(namedKeys, key))
        return keysym;
    // Printable keys: the text says what the layout produced. With Ctrl it is a control
    // character, so fall back to the key code.
    const QString text = event.text();
    if (!text.isEmpty()) {
        const char32_t ucs = text.toUcs4().value(0);
        if (ucs >= 0x20 && ucs != 0x7f && !(ucs >= 0x80 && ucs < 0xa0))
            return Keysym::fromUnicode(ucs);
    }
    if (key >= Qt::Key_A && key <= Qt::Key_Z) {
        const bool upper = event.modifiers().testFlag(Qt::ShiftModifier);
        return quint32(upper ? key : key - Qt::Key_A + 'a');
    }
    if (key >= Qt::Key_Space && key < 0x01000000 && key != Qt::Key_unknown)
        return Keysym::fromUnicode(char32_t(key));
    return 0;
}

quint32 xtScancodeForEvdev(quint32 evdevCode)
{
    // KEY_ESC (1) .. KEY_KPDOT (83) are numbered like XT set 1.
    if (evdevCode >= 1 && evdevCode <= 83)
        return evdevCode;
    static constexpr std::pair<quint32, quint32> table[] = {
        {85, 0x76},  // KEY_ZENKAKUHANKAKU
        {86, 0x56},  // KEY_102ND
        {87, 0x57},  // KEY_F11
        {88, 0x58},  // KEY_F12
        {89, 0x73},  // KEY_RO
        {90, 0x78},  // KEY_KATAKANA
        {91, 0x77},  // KEY_HIRAGANA
        {92, 0x79},  // KEY_HENKAN
        {93, 0x70},  // KEY_KATAKANAHIRAGANA
        {94, 0x7b},  // KEY_MUHENKAN
        {95, 0x5c},  // KEY_KPJPCOMMA
        {96, 0x9c},  // KEY_KPENTER
        {97, 0x9d},  // KEY_RIGHTCTRL
        {98, 0xb5},  // KEY_KPSLASH
        {99, 0xb7},  // KEY_SYSRQ (Print)
        {100, 0xb8}, // KEY_RIGHTALT
        {102, 0xc7}, // KEY_HOME
        {103, 0xc8}, // KEY_UP
        {104, 0xc9}, // KEY_PAGEUP
        {105, 0xcb}, // KEY_LEFT
        {106, 0xcd}, // KEY_RIGHT
        {107, 0xcf}, // KEY_END
        {108, 0xd0}, // KEY_DOWN
        {109, 0xd1}, // KEY_PAGEDOWN
        {110, 0xd2}, // KEY_INSERT
        {111, 0xd3}, // KEY_DELETE
        {113, 0xa0}, // KEY_MUTE
        {114, 0xae}, // KEY_VOLUMEDOWN
        {115, 0xb0}, // KEY_VOLUMEUP
        {116, 0xde}, // KEY_POWER
        {117, 0x59}, // KEY_KPEQUAL
        {119, 0xc6}, // KEY_PAUSE
        {121, 0x7e}, // KEY_KPCOMMA
        {122, 0x72}, // KEY_HANGEUL
        {123, 0x71}, // KEY_HANJA
        {124, 0x7d}, // KEY_YEN
        {125, 0xdb}, // KEY_LEFTMETA
        {126, 0xdc}, // KEY_RIGHTMETA
        {127, 0xdd}, // KEY_COMPOSE (Menu)
        {142, 0xdf}, // KEY_SLEEP
        {143, 0xe3}, // KEY_WAKEUP
        {163, 0x99}, // KEY_NEXTSONG
        {164, 0xa2}, // KEY_PLAYPAUSE
        {165, 0x90}, // KEY_PREVIOUSSONG
        {166, 0xa4}, // KEY_STOPCD
        {183, 0x5d}, // KEY_F13
        {184, 0x5e}, // KEY_F14
        {185, 0x5f}, // KEY_F15
    };
    for (const auto &[evdev, xt] : table) {
        if (evdev == evdevCode)
            return xt;
    }
    return 0;
}

quint32 scancodeForKeyEvent(const QKeyEvent &event)
{
    // xcb and wayland both report the xkb keycode, which is the evdev code plus 8.
    const quint32 native = event.nativeScanCode();
    if (native < 8 || !(isPlatform(QLatin1String("xcb")) || isPlatform(QLatin1String("wayland"))))
        return 0;
    return xtScancodeForEvdev(native - 8);
}

} // namespace Virtumancer
