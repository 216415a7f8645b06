// A main for the VNC fuzz target without libFuzzer (the VncFuzzSmoke test, g++ builds):
// runs a seed corpus of hand-made hostile server streams, then deterministic random mutations
// of them. Any crash, sanitizer report or hang (vncfuzz.cpp aborts) fails it.
//
//   vncfuzz_smoke [--mutations 300] [--seed 1] [--write-corpus DIR] [--quiet] [FILE...]
//
// FILE...: run these inputs only (libFuzzer reproducers). --write-corpus: write the seeds as
// files into DIR (scripts/fuzz.sh's starting corpus) and exit.

#include "vncfuzz.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#include <cstdio>
#include <cstring>
#include <map>
#include <random>

using namespace Virtumancer;

namespace {

/// Big-endian builder for RFB messages.
struct Msg
{
    QByteArray b;
    Msg &u8(int v)
    {
        b.append(char(v & 0xff));
        return *this;
    }
    Msg &u16(quint32 v) { return u8(int(v >> 8)).u8(int(v)); }
    Msg &u32(quint32 v) { return u16(v >> 16).u16(v & 0xffff); }
    Msg &s32(qint32 v) { return u32(quint32(v)); }
    Msg &bytes(const QByteArray &a)
    {
        b.append(a);
        return *this;
    }
    Msg &fill(int n, int v)
    {
        b.append(QByteArray(n, char(v)));
        return *this;
    }
    Msg &text(const char *s)
    {
        b.append(s);
        return *this;
    }
    /// FramebufferUpdate header.
    Msg &update(int rects) { return u8(0).u8(0).u16(quint32(rects)); }
    Msg &rect(int x, int y, int w, int h, qint32 encoding)
    {
        return u16(quint32(x)).u16(quint32(y)).u16(quint32(w)).u16(quint32(h)).s32(encoding);
    }
};

enum Encoding : qint32 {
    Raw = 0,
    CopyRect = 1,
    Rre = 2,
    CoRre = 4,
    Hextile = 5,
    Zlib = 6,
    Tight = 7,
    ZlibHex = 8,
    Ultra = 9,
    Trle = 15,
    Zrle = 16,
    Zywrle = 17,
    XCursor = -240,
    RichCursor = -239,
    PointerPos = -232,
    LastRect = -224,
    NewFbSize = -223,
    ExtDesktopSize = -308,
    KeyboardLedState = qint32(0xFFFE0000),
    SupportedMessages = qint32(0xFFFE0001),
    SupportedEncodings = qint32(0xFFFE0002),
    ServerIdentity = qint32(0xFFFE0003),
};

/// Mode byte (vncfuzz.cpp): handshake variant | encodings variant << 2.
Msg seed(int handshake = 0, int encodings = 0)
{
    Msg m;
    m.u8(handshake | encodings << 2);
    return m;
}

// One hostile stream per line reads better than clang-format's one call per line.
// clang-format off
QList<QByteArray> seeds()
{
    QList<QByteArray> s;
    const int W = 64, H = 48; // ServerInit size of handshakes 0, 1 and 3

    // Valid traffic first, so mutations start from streams that reach Connected.
    for (int enc = 0; enc < 4; ++enc) {
        Msg m = seed(0, enc);
        m.update(1).rect(0, 0, W, H, Raw).fill(W * H * 4, 0x5a);
        s << m.b;
    }
    {
        Msg m = seed(0);
        for (int i = 0; i < 200; ++i)
            m.update(1).rect(i % W, i % H, 1, 1, Raw).u32(quint32(i));
        m.u8(2); // Bell
        s << m.b;
    }
    s << seed(3).update(1).rect(0, 0, W, H, Raw).fill(W * H * 4, 0x11).b;
    { // authentication accepted, then ServerInit and an update
        Msg m = seed(1);
        m.u32(0).u16(W).u16(H).u8(32).u8(24).u8(0).u8(1).u16(255).u16(255).u16(255);
        m.u8(16).u8(8).u8(0).fill(3, 0).u32(4).text("auth");
        m.update(1).rect(0, 0, 8, 8, Raw).fill(8 * 8 * 4, 0x21);
        s << m.b;
    }
    s << seed(1).u32(1).u32(0x7fffffff).text("no").b; // auth failed, huge reason
    s << seed(1).u32(1).u32(6).text("denied").b;

    // Raw rects outside the framebuffer, huge, truncated.
    s << seed(0).update(1).rect(0, 0, 0xffff, 0xffff, Raw).fill(100, 1).b;
    s << seed(0).update(1).rect(60, 40, 10, 10, Raw).fill(400, 2).b;
    s << seed(0).update(0xffff).rect(0, 0, 1, 1, Raw).fill(4, 3).b;
    s << seed(0).update(1).rect(0, 0, W, H, Raw).fill(100, 4).b; // truncated data
    // CopyRect from outside and overlapping the edge.
    s << seed(0).update(2).rect(0, 0, 32, 32, CopyRect).u16(1000).u16(1000)
             .rect(40, 30, 32, 32, CopyRect).u16(0).u16(0).b;
    // RRE / CoRRE with absurd subrect counts and coordinates.
    s << seed(0).update(1).rect(0, 0, W, H, Rre).u32(0xffffffff).u32(0).u32(7)
             .u16(60000).u16(60000).u16(500).u16(500).b;
    s << seed(0).update(1).rect(0, 0, W, H, CoRre).u32(0x7fffffff).u32(0).u32(7)
             .u8(255).u8(255).u8(255).u8(255).b;
    // Hextile: every subencoding flag, subrects past the tile.
    s << seed(0, 1).update(1).rect(0, 0, W, H, Hextile).u8(0x1e).u32(1).u32(2).u8(255)
             .fill(255 * 6, 0xff).b;
    s << seed(0, 1).update(1).rect(0, 0, W, H, Hextile).u8(0xff).fill(64, 0x80).b;
    // Zlib / ZlibHex / Ultra / ZRLE / ZYWRLE / TRLE: huge lengths, garbage streams.
    for (qint32 enc : {Zlib, Ultra, Zrle, Zywrle}) {
        s << seed(0, 1).update(1).rect(0, 0, W, H, enc).u32(0xffffffff).fill(32, 0x78).b;
        s << seed(0, 1).update(1).rect(0, 0, W, H, enc).u32(16).text("x\x9c garbage zlib!").b;
    }
    s << seed(0, 3).update(1).rect(0, 0, W, H, ZlibHex).u8(0x20).u16(0xffff).fill(16, 0).b;
    s << seed(0, 3).update(1).rect(0, 0, W, H, Trle).u8(128).fill(64, 0xfe).b;
    s << seed(0, 3).update(1).rect(0, 0, W, H, Trle).u8(127).fill(127 * 3, 1).fill(64, 0xff).b;
    // Tight: JPEG with a huge compact length, palette/gradient filters, bad control bytes.
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0x90).u8(0xff).u8(0xff).u8(0x7f)
             .fill(64, 0xd8).b;
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0x40).u8(1).u8(255).fill(256 * 3, 7)
             .u8(0xff).u8(0xff).u8(0x03).fill(32, 0).b;
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0x40).u8(2).u8(10).fill(10, 0x55).b;
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0x40).u8(9).b; // unknown filter
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0x80).fill(3, 0x33).b; // fill
    s << seed(0, 1).update(1).rect(0, 0, W, H, Tight).u8(0xf0).b;
    s << seed(0, 1).update(1).rect(0, 0, 0xffff, 0xffff, Tight).u8(0x80).fill(3, 0x33).b;
    // Resizes: NewFBSize to nothing, to absurd sizes, then raw at the old size.
    for (auto [w, h] : {std::pair{0, 0}, {0xffff, 0xffff}, {16384, 16384}, {16385, 1}, {1, 1}}) {
        s << seed(0).update(2).rect(0, 0, w, h, NewFbSize).rect(0, 0, W, H, Raw)
                 .fill(W * H * 4, 9).b;
    }
    // ExtendedDesktopSize: QEMU's screen id 0, no screens, many screens, huge.
    s << seed(0).update(1).rect(0, 0, 720, 400, ExtDesktopSize).u8(1).fill(3, 0).u32(0).u16(0)
             .u16(0).u16(720).u16(400).u32(0).b;
    s << seed(0).update(1).rect(0, 0, 100, 100, ExtDesktopSize).u8(0).fill(3, 0).b;
    s << seed(0).update(1).rect(0, 0, 100, 100, ExtDesktopSize).u8(255).fill(3, 0).fill(40, 1).b;
    s << seed(0).update(1).rect(1, 0, 0xffff, 0xffff, ExtDesktopSize).u8(1).fill(3, 0).u32(7)
             .u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0).b;
    // Cursor shapes: huge, truncated, hot spot outside.
    s << seed(0).update(1).rect(0, 0, 0xffff, 0xffff, RichCursor).fill(64, 0xff).b;
    s << seed(0).update(1).rect(100, 100, 2, 2, RichCursor).fill(16, 0xff).u8(0xc0).u8(0xc0).b;
    s << seed(0).update(1).rect(0, 0, 16, 16, XCursor).fill(6, 0x80).fill(64, 0xaa).b;
    s << seed(0).update(1).rect(5000, 5000, 0, 0, PointerPos).b;
    // Pseudo-encodings carrying data of their own.
    s << seed(0).update(3).rect(0, 0, 0, 0, LastRect).rect(0, 0, 1, 1, Raw).u32(0).b;
    s << seed(0).update(1).rect(7, 0, 0, 0, KeyboardLedState).b;
    s << seed(0).update(1).rect(0, 0, 64, 0, SupportedMessages).fill(64, 0xff).b;
    s << seed(0).update(1).rect(0, 0, 0xffff, 0xffff, SupportedEncodings).fill(64, 0xff).b;
    s << seed(0).update(1).rect(0, 0, 0xffff, 0, ServerIdentity).text("LibVNCServer").b;
    s << seed(0).update(1).rect(0, 0, 8, 8, qint32(0x48323634)).u32(0xffffffff).b; // H.264
    s << seed(0).update(1).rect(0, 0, 8, 8, 0x7fff1234).fill(16, 0).b; // unknown encoding
    // Other server messages.
    s << seed(0).u8(1).u8(0).u16(0xfff0).u16(0xffff).fill(12, 0x44).b; // SetColourMapEntries
    s << seed(3).u8(1).u8(0).u16(0).u16(256).fill(256 * 6, 0x44).b;
    s << seed(0).u8(3).fill(3, 0).u32(0xffffffff).text("abc").b; // ServerCutText
    s << seed(0).u8(3).fill(3, 0).u32(0x7fffffff).text("abc").b;
    s << seed(0).u8(3).fill(3, 0).u32(5).text("hello").u8(2).b;
    s << seed(0).u8(3).fill(3, 0).s32(-8).u32(0x10000001).u32(0xffffffff).b; // extended clipboard
    s << seed(0).u8(3).fill(3, 0).s32(-0x7fffffff).u32(0x08000001).fill(8, 0x78).b;
    s << seed(0).u8(4).u8(0).u16(0).u16(0).b; // ResizeFrameBuffer
    s << seed(0).u8(4).u8(0).u16(0xffff).u16(0xffff).b;
    s << seed(0).u8(4).u8(0).u16(128).u16(96).update(1).rect(0, 0, 128, 96, Raw)
             .fill(128 * 96 * 4, 3).b;
    s << seed(0).u8(0xf).u8(0).u16(0xffff).u16(0xffff).u16(0xffff).u16(0xffff).u16(0).b; // PalmVNC
    s << seed(0).u8(11).fill(3, 0).u32(0xffffffff).b; // TextChat
    s << seed(0).u8(11).fill(3, 0).u32(100).text("chat").b;
    s << seed(0).u8(150).b;                          // EndOfContinuousUpdates
    s << seed(0).u8(250).u8(0).u8(1).u8(1).b;        // xvp
    s << seed(0).u8(255).u8(1).u16(0).u32(0).b;      // QEMU server message
    s << seed(0).u8(0x7f).fill(32, 0x7f).b;          // unknown type

    // Handshakes, raw (variant 2): failures with reasons, absurd ServerInits, odd versions.
    s << seed(2).text("RFB 003.003\n").u32(0).u32(0xffffffff).text("why").b;
    s << seed(2).text("RFB 003.008\n").u8(0).u32(10).text("bad things").b;
    s << seed(2).text("RFB 003.008\n").u8(0).u32(0xffffffff).b;
    s << seed(2).text("RFB 999.999\n").u8(1).u8(1).u32(0).b;
    s << seed(2).text("RFB 003.889\n").u8(1).u8(30).fill(64, 1).b;
    s << seed(2).text("RFB 004.001\n").u8(2).u8(19).u8(16).fill(8, 0).b;
    s << seed(2).text("RFB 003.008\n").u8(1).u8(19).u8(0).u8(2).u8(255).u32(0xffffffff).b;
    s << seed(2).text("RFB 003.008\n").u8(1).u8(16).u32(0xffffffff).b; // tight security
    s << seed(2).text("RFB 003.008\n").u8(255).fill(255, 1).b;
    s << seed(2).text("NOT A VNC SERVER AT ALL\n").b;
    {
        const auto init = [&](int w, int h, int bpp, int depth, int tc, quint32 nameLen) {
            Msg m = seed(2);
            m.text("RFB 003.008\n").u8(1).u8(1).u32(0).u16(quint32(w)).u16(quint32(h));
            m.u8(bpp).u8(depth).u8(0).u8(tc).u16(255).u16(255).u16(255).u8(16).u8(8).u8(0);
            m.fill(3, 0).u32(nameLen).text("name");
            return m.b;
        };
        s << init(0xffff, 0xffff, 32, 24, 1, 4) << init(0, 0, 32, 24, 1, 4)
          << init(64, 48, 32, 24, 1, 0xffffffff) << init(64, 48, 8, 8, 0, 4)
          << init(64, 48, 0, 0, 1, 4) << init(64, 48, 24, 24, 1, 4)
          << init(16384, 16384, 32, 24, 1, 4) << init(8192, 8192, 32, 24, 1, 4);
    }
    return s;
}
// clang-format on

/// Deterministic random edits of a seed.
class Mutator
{
public:
    Mutator(const QList<QByteArray> &seeds, quint32 seed)
        : m_seeds(seeds)
        , m_rng(seed)
    {}

    QByteArray next()
    {
        QByteArray b = m_seeds[pick(m_seeds.size())];
        const int edits = 1 + pick(4);
        for (int i = 0; i < edits; ++i)
            edit(b);
        return b;
    }

private:
    int pick(qsizetype n) { return n <= 1 ? 0 : int(m_rng() % quint32(n)); }
    void edit(QByteArray &b)
    {
        static const quint32 interesting[]
            = {0,      1,      0x7f,  0x80,    0xff,       0x100,      0x7fff,
               0x8000, 0xffff, 16384, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff};
        const qsizetype pos = pick(b.size());
        switch (pick(7)) {
        case 0: // flip bits
            b[pos] = char(b[pos] ^ char(1 + pick(255)));
            break;
        case 1: // interesting byte
            b[pos] = char(interesting[pick(5)]);
            break;
        case 2: { // interesting 16- or 32-bit big-endian value
            const quint32 v = interesting[pick(std::size(interesting))];
            const int width = pick(2) ? 4 : 2;
            for (int k = 0; k < width && pos + k < b.size(); ++k)
                b[pos + k] = char(v >> (8 * (width - 1 - k)));
            break;
        }
        case 3: // truncate (keep the mode byte)
            b.truncate(qMax<qsizetype>(1, pos));
            break;
        case 4: { // duplicate a chunk
            const qsizetype len = qMin<qsizetype>(b.size() - pos, 1 + pick(64));
            b.insert(pos, b.mid(pos, len));
            break;
        }
        case 5: // append another seed's messages
            b.append(m_seeds[pick(m_seeds.size())].mid(1));
            break;
        default: // another handshake/encodings variant
            b[0] = char(pick(16));
            break;
        }
    }

    const QList<QByteArray> &m_seeds;
    std::mt19937 m_rng;
};

int intArg(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    return fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const int mutations = intArg(argc, argv, "--mutations", 300);
    const int rngSeed = intArg(argc, argv, "--seed", 1);
    bool quiet = false;
    QString corpusDir;
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quiet") == 0)
            quiet = true;
        else if (std::strcmp(argv[i], "--write-corpus") == 0 && i + 1 < argc)
            corpusDir = QString::fromLocal8Bit(argv[++i]);
        else if (std::strcmp(argv[i], "--mutations") == 0 || std::strcmp(argv[i], "--seed") == 0)
            ++i;
        else
            files << QString::fromLocal8Bit(argv[i]);
    }

    const QList<QByteArray> corpus = seeds();
    if (!corpusDir.isEmpty()) {
        QDir().mkpath(corpusDir);
        for (qsizetype i = 0; i < corpus.size(); ++i) {
            QFile f(QDir(corpusDir).filePath(
                QStringLiteral("seed-%1").arg(i, 3, 10, QLatin1Char('0'))));
            if (!f.open(QIODevice::WriteOnly) || f.write(corpus[i]) != corpus[i].size())
                return 1;
        }
        std::printf("wrote %lld seeds to %s\n", qlonglong(corpus.size()), qPrintable(corpusDir));
        return 0;
    }

    std::map<QString, int> endings;
    int runs = 0;
    const auto run = [&](const QByteArray &input) {
        const ConsoleState s = Fuzz::runOne(reinterpret_cast<const uint8_t *>(input.constData()),
                                            size_t(input.size()));
        ++endings[consoleStateName(s)];
        ++runs;
    };
    if (!files.isEmpty()) {
        for (const QString &path : files) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
                return 1;
            }
            run(f.readAll());
        }
    } else {
        for (const QByteArray &input : corpus)
            run(input);
        Mutator mutator(corpus, quint32(rngSeed));
        for (int i = 0; i < mutations; ++i)
            run(mutator.next());
    }
    if (!quiet) {
        std::printf("vncfuzz: %d inputs, no crash or hang; sessions ended:", runs);
        for (const auto &[state, count] : endings)
            std::printf(" %s=%d", qPrintable(state), count);
        std::printf("\n");
    }
    return 0;
}
