#pragma once

#include <QtGlobal>

class QKeyEvent;

namespace Virtumancer {

/// X11 keysyms (the values RFB key events and SPICE's keysym paths carry), named for the keys
/// the console window's send-key menu and tests use. The full mapping is keysymForKeyEvent().
namespace Keysym {
inline constexpr quint32 BackSpace = 0xff08;
inline constexpr quint32 Tab = 0xff09;
inline constexpr quint32 Return = 0xff0d;
inline constexpr quint32 Pause = 0xff13;
inline constexpr quint32 ScrollLock = 0xff14;
inline constexpr quint32 SysReq = 0xff15;
inline constexpr quint32 Escape = 0xff1b;
inline constexpr quint32 Home = 0xff50;
inline constexpr quint32 Left = 0xff51;
inline constexpr quint32 Up = 0xff52;
inline constexpr quint32 Right = 0xff53;
inline constexpr quint32 Down = 0xff54;
inline constexpr quint32 PageUp = 0xff55;
inline constexpr quint32 PageDown = 0xff56;
inline constexpr quint32 End = 0xff57;
inline constexpr quint32 Print = 0xff61;
inline constexpr quint32 Insert = 0xff63;
inline constexpr quint32 Menu = 0xff67;
inline constexpr quint32 NumLock = 0xff7f;
inline constexpr quint32 KpEnter = 0xff8d;
inline constexpr quint32 Kp0 = 0xffb0; ///< KP_1 .. KP_9 follow
inline constexpr quint32 F1 = 0xffbe;  ///< F2 .. F35 follow: F(n) = F1 + n - 1
inline constexpr quint32 F2 = 0xffbf;
inline constexpr quint32 F3 = 0xffc0;
inline constexpr quint32 F4 = 0xffc1;
inline constexpr quint32 F5 = 0xffc2;
inline constexpr quint32 F6 = 0xffc3;
inline constexpr quint32 F7 = 0xffc4;
inline constexpr quint32 F8 = 0xffc5;
inline constexpr quint32 F9 = 0xffc6;
inline constexpr quint32 F10 = 0xffc7;
inline constexpr quint32 F11 = 0xffc8;
inline constexpr quint32 F12 = 0xffc9;
inline constexpr quint32 ShiftL = 0xffe1;
inline constexpr quint32 ShiftR = 0xffe2;
inline constexpr quint32 ControlL = 0xffe3;
inline constexpr quint32 ControlR = 0xffe4;
inline constexpr quint32 CapsLock = 0xffe5;
inline constexpr quint32 AltL = 0xffe9;
inline constexpr quint32 AltR = 0xffea;
inline constexpr quint32 SuperL = 0xffeb;
inline constexpr quint32 SuperR = 0xffec;
inline constexpr quint32 Delete = 0xffff;
inline constexpr quint32 IsoLevel3Shift = 0xfe03; ///< AltGr
inline constexpr quint32 DeadGrave = 0xfe50;      ///< the dead keys run up to 0xfe93

/// F1..F35 by number (1-based); 0 outside that range.
constexpr quint32 function(int n)
{
    return n >= 1 && n <= 35 ? F1 + quint32(n - 1) : 0;
}
/// The keysym X uses for a Unicode code point: Latin-1 as is, anything else 0x01000000 | ucs.
constexpr quint32 fromUnicode(char32_t ucs)
{
    return ucs < 0x100 ? quint32(ucs) : 0x01000000u | quint32(ucs);
}
} // namespace Keysym

/// The X11 keysym for a key event, 0 when there is none. On the xcb and wayland platforms the
/// native virtual key already is the keysym; elsewhere Qt's key code, modifiers (KeypadModifier)
/// and text decide: named keys through a table, printable keys from their text.
quint32 keysymForKeyEvent(const QKeyEvent &event);

/// The XT (set 1) scancode of the physical key, in QEMU's one-number form ("qnum": keys with an
/// 0xe0 prefix have bit 7 set, e.g. Up = 0xc8), or 0 when the platform does not say which key
/// it was. Works from the evdev/xkb keycode that xcb and wayland report as nativeScanCode().
quint32 scancodeForKeyEvent(const QKeyEvent &event);

/// Same as scancodeForKeyEvent() for a raw Linux evdev key code (KEY_*); 0 when unknown.
quint32 xtScancodeForEvdev(quint32 evdevCode);

} // namespace Virtumancer
