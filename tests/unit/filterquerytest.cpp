#include "common/testutil.h"
#include "model/filterquery.h"

#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

#include <ostream>
#include <random>

namespace Virtumancer {

static void PrintTo(const FilterQuery::Term &t, std::ostream *os)
{
    *os << "Term{key=\"" << t.key.toStdString() << "\", op=" << int(t.op) << ", text=\""
        << t.text.toStdString() << "\", number=" << t.number << ", negated=" << t.negated << '}';
}

namespace {

using Op = FilterQuery::Op;
using Term = FilterQuery::Term;

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = KiB * 1024;
constexpr qint64 GiB = MiB * 1024;
constexpr qint64 TiB = GiB * 1024;

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

FilterQuery parsed(const char *query)
{
    const Result<FilterQuery> q = FilterQuery::parse(s(query));
    EXPECT_TRUE(q.has_value()) << query << ": "
                               << (q ? std::string() : q.error().message.toStdString());
    return q.value_or(FilterQuery());
}

Term single(const char *query)
{
    const FilterQuery q = parsed(query);
    EXPECT_EQ(q.terms().size(), 1) << query;
    return q.terms().value(0);
}

Error parseError(const char *query)
{
    const Result<FilterQuery> q = FilterQuery::parse(s(query));
    EXPECT_FALSE(q.has_value()) << query;
    return q ? Error{} : q.error();
}

bool matches(const char *query, const FilterQuery::Subject &subject)
{
    return parsed(query).matches(subject);
}

DomainInfo webDomain()
{
    DomainInfo d;
    d.uuid = s("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    d.name = s("web-01 Frontend");
    d.vcpuCount = 4;
    d.memoryBytes = 4 * GiB;
    d.state = DomainState::Running;
    d.osType = s("hvm");
    d.arch = s("x86_64");
    return d;
}

FilterQuery::Subject webVm()
{
    return FilterQuery::subjectFor(webDomain(), s("lab1"), {s("prod"), s("Web")});
}

FilterQuery::Subject dbVm()
{
    DomainInfo d;
    d.uuid = s("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
    d.name = s("db primary");
    d.vcpuCount = 2;
    d.memoryBytes = 2 * GiB;
    d.state = DomainState::Shutoff;
    d.osType = s("hvm");
    d.arch = s("aarch64");
    return FilterQuery::subjectFor(d, s("lab2"), {s("db")});
}

FilterQuery::Subject diskVolume()
{
    VolumeInfo v;
    v.poolUuid = s("1d0a2b4c-0000-0000-0000-000000000001");
    v.name = s("web-01.qcow2");
    v.path = s("/var/lib/libvirt/images/web-01.qcow2");
    v.type = s("file");
    v.format = s("qcow2");
    v.capacityBytes = 20 * GiB;
    v.allocationBytes = 3 * GiB;
    return FilterQuery::subjectFor(v, s("lab1"), s("default"), s("in-use"));
}

} // namespace

// --- parse results -----------------------------------------------------------------------------

TEST(FilterQuery, EmptyQueryHasNoTermsAndMatchesEverything)
{
    for (const char *q : {"", "   ", "\t\n "}) {
        const FilterQuery query = parsed(q);
        EXPECT_TRUE(query.isEmpty()) << q;
        EXPECT_TRUE(query.matches(webVm()));
        EXPECT_TRUE(query.matches(diskVolume()));
        EXPECT_TRUE(query.matches(FilterQuery::Subject{}));
    }
}

TEST(FilterQuery, BareWordBecomesLowerCasedContainsTerm)
{
    EXPECT_EQ(single("WeB"), (Term{QString(), Op::Contains, s("web"), 0, false}));
}

TEST(FilterQuery, TermsKeepInputOrder)
{
    const FilterQuery q = parsed("web state:running -tag:old");
    ASSERT_EQ(q.terms().size(), 3);
    EXPECT_EQ(q.terms().at(0), (Term{QString(), Op::Contains, s("web"), 0, false}));
    EXPECT_EQ(q.terms().at(1), (Term{s("state"), Op::Equal, s("running"), 0, false}));
    EXPECT_EQ(q.terms().at(2), (Term{s("tag"), Op::Equal, s("old"), 0, true}));
}

TEST(FilterQuery, KeysAreCaseInsensitiveAndCanonical)
{
    EXPECT_EQ(single("HOST:Lab1"), (Term{s("host"), Op::Equal, s("lab1"), 0, false}));
    EXPECT_EQ(single("Name:Web"), (Term{s("name"), Op::Contains, s("web"), 0, false}));
}

TEST(FilterQuery, AliasesMapToCanonicalKeys)
{
    EXPECT_EQ(single("cpu:4").key, s("vcpus"));
    EXPECT_EQ(single("CPUS:4").key, s("vcpus"));
    EXPECT_EQ(single("memory:1GiB").key, s("mem"));
    EXPECT_EQ(single("cpus:>2"), single("vcpus:>2"));
}

TEST(FilterQuery, EveryOperatorParses)
{
    EXPECT_EQ(single("vcpus:>2"), (Term{s("vcpus"), Op::Greater, {}, 2, false}));
    EXPECT_EQ(single("vcpus:>=2"), (Term{s("vcpus"), Op::GreaterEqual, {}, 2, false}));
    EXPECT_EQ(single("vcpus:<2"), (Term{s("vcpus"), Op::Less, {}, 2, false}));
    EXPECT_EQ(single("vcpus:<=2"), (Term{s("vcpus"), Op::LessEqual, {}, 2, false}));
    EXPECT_EQ(single("vcpus:=2"), (Term{s("vcpus"), Op::Equal, {}, 2, false}));
}

TEST(FilterQuery, NumberWithoutOperatorMeansEqual)
{
    EXPECT_EQ(single("vcpus:4"), (Term{s("vcpus"), Op::Equal, {}, 4, false}));
}

TEST(FilterQuery, NegationSetsFlag)
{
    EXPECT_TRUE(single("-web").negated);
    EXPECT_TRUE(single("-state:running").negated);
    EXPECT_TRUE(single("-vcpus:>2").negated);
    EXPECT_FALSE(single("web-01").negated);
}

TEST(FilterQuery, DashInsideWordIsNotNegation)
{
    EXPECT_EQ(single("web-01").text, s("web-01"));
}

TEST(FilterQuery, DoubleDashNegatesWordStartingWithDash)
{
    EXPECT_EQ(single("--x"), (Term{QString(), Op::Contains, s("-x"), 0, true}));
}

TEST(FilterQuery, StateSynonymsNormalise)
{
    EXPECT_EQ(single("state:stopped").text, s("shutoff"));
    EXPECT_EQ(single("state:OFF").text, s("shutoff"));
    EXPECT_EQ(single("state:suspended").text, s("paused"));
    EXPECT_EQ(single("state:Running").text, s("running"));
}

TEST(FilterQuery, EveryStateWordParses)
{
    for (const char *w : {"running", "paused", "shutoff", "crashed", "pmsuspended", "blocked",
                          "shutdown", "nostate"}) {
        const QString query = QLatin1String("state:") + QLatin1String(w);
        const Result<FilterQuery> q = FilterQuery::parse(query);
        ASSERT_TRUE(q.has_value()) << w;
        EXPECT_EQ(q->terms().value(0).text, QLatin1String(w));
    }
}

// --- units -------------------------------------------------------------------------------------

TEST(FilterQuery, DecimalUnitsArePowersOfThousand)
{
    EXPECT_EQ(single("size:1B").number, 1);
    EXPECT_EQ(single("size:2KB").number, 2000);
    EXPECT_EQ(single("size:3MB").number, 3'000'000);
    EXPECT_EQ(single("size:10GB").number, 10'000'000'000LL);
    EXPECT_EQ(single("size:1TB").number, 1'000'000'000'000LL);
}

TEST(FilterQuery, BinaryUnitsArePowersOf1024)
{
    EXPECT_EQ(single("size:2KiB").number, 2 * KiB);
    EXPECT_EQ(single("size:3MiB").number, 3 * MiB);
    EXPECT_EQ(single("size:4GiB").number, 4 * GiB);
    EXPECT_EQ(single("size:1TiB").number, TiB);
}

TEST(FilterQuery, SingleLetterUnitsAreBinary)
{
    EXPECT_EQ(single("size:1K").number, KiB);
    EXPECT_EQ(single("size:1M").number, MiB);
    EXPECT_EQ(single("size:1G").number, GiB);
    EXPECT_EQ(single("size:1T").number, TiB);
}

TEST(FilterQuery, UnitsAreCaseInsensitive)
{
    EXPECT_EQ(single("mem:>=4gib").number, 4 * GiB);
    EXPECT_EQ(single("mem:>=4GIB").number, 4 * GiB);
    EXPECT_EQ(single("size:2kb").number, 2000);
    EXPECT_EQ(single("size:1g").number, GiB);
}

TEST(FilterQuery, DecimalNumbersScaleByUnit)
{
    EXPECT_EQ(single("size:1.5GiB").number, GiB + GiB / 2);
    EXPECT_EQ(single("mem:0.5G").number, GiB / 2);
    EXPECT_EQ(single("size:.5KiB").number, 512);
}

TEST(FilterQuery, BareMemNumberIsMiB)
{
    EXPECT_EQ(single("mem:>2048").number, 2048 * MiB);
}

TEST(FilterQuery, BareSizeNumberIsBytes)
{
    EXPECT_EQ(single("size:<4096").number, 4096);
}

TEST(FilterQuery, QuotedNumberMayHaveSpaceBeforeUnit)
{
    EXPECT_EQ(single("mem:>=\"4 GiB\"").number, 4 * GiB);
}

TEST(FilterQuery, LargestSizesDoNotOverflow)
{
    EXPECT_EQ(single("size:8000000TiB").number, 8'000'000 * TiB);
    const Error e = parseError("size:9000000TiB");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("9000000TiB"))) << e.message.toStdString();
    EXPECT_EQ(parseError("size:99999999999999999999").code, ErrorCode::InvalidArgument);
}

// --- quotes ------------------------------------------------------------------------------------

TEST(FilterQuery, QuotedBareWordsKeepSpaces)
{
    EXPECT_EQ(single("\"Two Words\""), (Term{QString(), Op::Contains, s("two words"), 0, false}));
}

TEST(FilterQuery, QuotedKeyValue)
{
    EXPECT_EQ(single("name:\"my vm\""), (Term{s("name"), Op::Contains, s("my vm"), 0, false}));
}

TEST(FilterQuery, EscapedQuoteInsideQuotes)
{
    EXPECT_EQ(single(R"("say \"hi\"")").text, s("say \"hi\""));
    EXPECT_EQ(single(R"("back\\slash")").text, s("back\\slash"));
    EXPECT_EQ(single(R"("c:\dir")").text, s("c:\\dir"));
}

TEST(FilterQuery, QuotedColonIsNotAKey)
{
    EXPECT_EQ(single("\"foo:bar\""), (Term{QString(), Op::Contains, s("foo:bar"), 0, false}));
}

TEST(FilterQuery, QuotedOperatorIsText)
{
    EXPECT_EQ(single("name:\">x\""), (Term{s("name"), Op::Contains, s(">x"), 0, false}));
}

TEST(FilterQuery, NegatedQuotedTerm)
{
    EXPECT_EQ(single("-\"my vm\""), (Term{QString(), Op::Contains, s("my vm"), 0, true}));
    EXPECT_EQ(single("-name:\"my vm\""), (Term{s("name"), Op::Contains, s("my vm"), 0, true}));
}

TEST(FilterQuery, AdjacentQuotedAndPlainTextJoin)
{
    EXPECT_EQ(single("web\" 01\"x").text, s("web 01x"));
}

TEST(FilterQuery, QuotedDashIsNotNegation)
{
    const Term t = single("\"-web\"");
    EXPECT_FALSE(t.negated);
    EXPECT_EQ(t.text, s("-web"));
}

// --- matching: bare words, unicode --------------------------------------------------------------

TEST(FilterQuery, BareWordMatchesNameSubstringCaseInsensitive)
{
    EXPECT_TRUE(matches("FRONT", webVm()));
    EXPECT_TRUE(matches("web-01", webVm()));
    EXPECT_FALSE(matches("db", webVm()));
    EXPECT_TRUE(matches("prim", dbVm()));
}

TEST(FilterQuery, BareWordDoesNotMatchOtherFields)
{
    EXPECT_FALSE(matches("lab1", webVm()));
    EXPECT_FALSE(matches("prod", webVm()));
}

TEST(FilterQuery, UnicodeNamesMatchCaseInsensitive)
{
    FilterQuery::Subject subject;
    subject.name = s("Ünïcødé Straße 日本語 🚀 ΣΊΣΥΦΟΣ");
    EXPECT_TRUE(matches("ünïcødé", subject));
    EXPECT_TRUE(matches("ÜNÏCØDÉ", subject));
    EXPECT_TRUE(matches("日本", subject));
    EXPECT_TRUE(matches("🚀", subject));
    EXPECT_TRUE(matches("σίσυφος", subject));
    EXPECT_TRUE(matches("name:\"straße 日本語\"", subject));
    EXPECT_FALSE(matches("中国", subject));
}

TEST(FilterQuery, UnicodeWhitespaceSeparatesTerms)
{
    // U+00A0 and U+3000 are spaces for QChar::isSpace().
    EXPECT_EQ(parsed("a\u00a0b\u3000c").terms().size(), 3);
}

TEST(FilterQuery, AllTermsMustHold)
{
    EXPECT_TRUE(matches("web state:running host:lab1", webVm()));
    EXPECT_FALSE(matches("web state:shutoff", webVm()));
    EXPECT_FALSE(matches("web db", webVm()));
}

// --- matching: every key -----------------------------------------------------------------------

TEST(FilterQuery, NameKeyIsSubstringAndEqualsIsExact)
{
    EXPECT_TRUE(matches("name:frontend", webVm()));
    EXPECT_FALSE(matches("name:=frontend", webVm()));
    EXPECT_TRUE(matches("name:=\"WEB-01 frontend\"", webVm()));
}

TEST(FilterQuery, UuidKeyIsPrefix)
{
    EXPECT_TRUE(matches("uuid:3f2504e0", webVm()));
    EXPECT_TRUE(matches("uuid:3F2504E0-4F89", webVm()));
    EXPECT_FALSE(matches("uuid:4f89", webVm()));
    EXPECT_FALSE(matches("uuid:3f2504e0", diskVolume()));
    EXPECT_TRUE(matches("uuid:=3f2504e0-4f89-11d3-9a0c-0305e82c3301", webVm()));
    EXPECT_FALSE(matches("uuid:=3f2504e0", webVm()));
}

TEST(FilterQuery, HostKeyIsExact)
{
    EXPECT_TRUE(matches("host:lab1", webVm()));
    EXPECT_TRUE(matches("host:LAB1", webVm()));
    EXPECT_FALSE(matches("host:lab", webVm()));
    EXPECT_TRUE(matches("host:lab1", diskVolume()));
}

TEST(FilterQuery, StateKeyMatchesDomainState)
{
    EXPECT_TRUE(matches("state:running", webVm()));
    EXPECT_FALSE(matches("state:running", dbVm()));
    EXPECT_TRUE(matches("state:stopped", dbVm()));
    EXPECT_FALSE(matches("state:running", diskVolume()));
}

TEST(FilterQuery, NegatedStateExcludesRunning)
{
    EXPECT_FALSE(matches("-state:running", webVm()));
    EXPECT_TRUE(matches("-state:running", dbVm()));
}

TEST(FilterQuery, TagKeyMatchesAnyTagExactly)
{
    EXPECT_TRUE(matches("tag:prod", webVm()));
    EXPECT_TRUE(matches("tag:web", webVm()));
    EXPECT_FALSE(matches("tag:pro", webVm()));
    EXPECT_FALSE(matches("tag:prod", dbVm()));
    EXPECT_TRUE(matches("tag:prod tag:web", webVm()));
}

TEST(FilterQuery, PoolKeyMatchesVolumePool)
{
    EXPECT_TRUE(matches("pool:default", diskVolume()));
    EXPECT_TRUE(matches("pool:DEFAULT", diskVolume()));
    EXPECT_FALSE(matches("pool:def", diskVolume()));
    EXPECT_FALSE(matches("pool:default", webVm()));
}

TEST(FilterQuery, FormatKeyMatchesVolumeFormat)
{
    EXPECT_TRUE(matches("format:qcow2", diskVolume()));
    EXPECT_FALSE(matches("format:raw", diskVolume()));
}

TEST(FilterQuery, StatusKeyMatchesVolumeStatus)
{
    EXPECT_TRUE(matches("status:in-use", diskVolume()));
    EXPECT_TRUE(matches("status:IN-USE", diskVolume()));
    EXPECT_FALSE(matches("status:available", diskVolume()));
    EXPECT_TRUE(matches("-status:available", diskVolume()));
    EXPECT_FALSE(matches("status:attached", webVm()));
}

TEST(FilterQuery, TypeKeyMatchesVolumeTypeAndOsType)
{
    EXPECT_TRUE(matches("type:file", diskVolume()));
    EXPECT_FALSE(matches("type:block", diskVolume()));
    EXPECT_TRUE(matches("type:hvm", webVm()));
}

TEST(FilterQuery, ArchKeyIsExact)
{
    EXPECT_TRUE(matches("arch:x86_64", webVm()));
    EXPECT_FALSE(matches("arch:x86", webVm()));
    EXPECT_TRUE(matches("arch:AARCH64", dbVm()));
}

TEST(FilterQuery, VcpusComparisons)
{
    EXPECT_TRUE(matches("vcpus:>2", webVm()));
    EXPECT_FALSE(matches("vcpus:>2", dbVm()));
    EXPECT_TRUE(matches("vcpus:>=2", dbVm()));
    EXPECT_TRUE(matches("vcpus:<4", dbVm()));
    EXPECT_FALSE(matches("vcpus:<4", webVm()));
    EXPECT_TRUE(matches("vcpus:<=4", webVm()));
    EXPECT_TRUE(matches("vcpus:4", webVm()));
    EXPECT_TRUE(matches("cpus:=2", dbVm()));
}

TEST(FilterQuery, MemComparisons)
{
    EXPECT_TRUE(matches("mem:>=4GiB", webVm()));
    EXPECT_FALSE(matches("mem:>4GiB", webVm()));
    EXPECT_TRUE(matches("mem:>2048", webVm()));
    EXPECT_FALSE(matches("mem:>2048", dbVm()));
    EXPECT_TRUE(matches("mem:2048", dbVm()));
    EXPECT_TRUE(matches("memory:<3G", dbVm()));
}

TEST(FilterQuery, SizeComparisons)
{
    EXPECT_TRUE(matches("size:>10GB", diskVolume()));
    EXPECT_TRUE(matches("size:<=20GiB", diskVolume()));
    EXPECT_FALSE(matches("size:<20GiB", diskVolume()));
    EXPECT_TRUE(matches("size:21474836480", diskVolume()));
    EXPECT_FALSE(matches("size:>21.5GB", diskVolume())); // 20 GiB = 21.47 GB
}

TEST(FilterQuery, InapplicableFieldDoesNotMatchButNegationDoes)
{
    EXPECT_FALSE(matches("vcpus:>0", diskVolume()));
    EXPECT_TRUE(matches("-vcpus:>0", diskVolume()));
    EXPECT_FALSE(matches("mem:>=0", diskVolume()));
    EXPECT_FALSE(matches("size:>=0", webVm()));
    EXPECT_TRUE(matches("-size:>=0", webVm()));
    EXPECT_FALSE(matches("pool:default", webVm()));
    EXPECT_TRUE(matches("-pool:default", webVm()));
    EXPECT_FALSE(matches("format:qcow2", webVm()));
    EXPECT_FALSE(matches("arch:x86_64", diskVolume()));
    EXPECT_FALSE(matches("tag:prod", diskVolume()));
}

TEST(FilterQuery, NegatedBareWordExcludesName)
{
    EXPECT_FALSE(matches("-web", webVm()));
    EXPECT_TRUE(matches("-web", dbVm()));
}

// --- subjectFor --------------------------------------------------------------------------------

TEST(FilterQuery, SubjectForDomainFillsDomainFields)
{
    const FilterQuery::Subject subject = webVm();
    EXPECT_EQ(subject.name, s("web-01 Frontend"));
    EXPECT_EQ(subject.uuid, s("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    EXPECT_EQ(subject.host, s("lab1"));
    EXPECT_EQ(subject.state, s("running"));
    EXPECT_EQ(subject.tags, (QStringList{s("prod"), s("Web")}));
    EXPECT_EQ(subject.type, s("hvm"));
    EXPECT_EQ(subject.arch, s("x86_64"));
    EXPECT_EQ(subject.vcpus, 4);
    EXPECT_EQ(subject.memBytes, 4 * GiB);
    EXPECT_EQ(subject.sizeBytes, -1);
    EXPECT_TRUE(subject.pool.isEmpty());
    EXPECT_TRUE(subject.status.isEmpty());
}

TEST(FilterQuery, SubjectForVolumeFillsVolumeFields)
{
    const FilterQuery::Subject subject = diskVolume();
    EXPECT_EQ(subject.name, s("web-01.qcow2"));
    EXPECT_EQ(subject.host, s("lab1"));
    EXPECT_EQ(subject.pool, s("default"));
    EXPECT_EQ(subject.status, s("in-use"));
    EXPECT_EQ(subject.format, s("qcow2"));
    EXPECT_EQ(subject.type, s("file"));
    EXPECT_EQ(subject.sizeBytes, 20 * GiB);
    EXPECT_EQ(subject.vcpus, -1);
    EXPECT_EQ(subject.memBytes, -1);
    EXPECT_TRUE(subject.arch.isEmpty());
}

// --- errors ------------------------------------------------------------------------------------

TEST(FilterQuery, UnknownKeyNamesKeyAndListsValidKeys)
{
    const Error e = parseError("web foo:bar");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("\"foo\""))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("position 5"))) << e.message.toStdString();
    for (const char *key : {"name", "uuid", "host", "state", "tag", "pool", "format", "status",
                            "type", "arch", "vcpus", "mem", "size"})
        EXPECT_TRUE(e.message.contains(QLatin1String(key))) << key;
}

TEST(FilterQuery, EmptyValueIsAnError)
{
    const Error e = parseError("host:");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("empty value"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("host:"))) << e.message.toStdString();
    EXPECT_EQ(parseError("name:\"\"").code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(parseError("vcpus:>=").message.contains(s("empty value")));
}

TEST(FilterQuery, UnterminatedQuoteReportsPosition)
{
    const Error e = parseError("web name:\"my vm");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("unterminated quote"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("position 10"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("my vm"))) << e.message.toStdString();
}

TEST(FilterQuery, EscapedClosingQuoteLeavesQuoteOpen)
{
    EXPECT_TRUE(parseError(R"("abc\")").message.contains(s("unterminated quote")));
}

TEST(FilterQuery, BadNumberNamesValue)
{
    for (const char *q : {"vcpus:>abc", "vcpus:2.5", "vcpus:4GiB", "mem:>=4XB", "size:-1",
                          "size:1.", "size:.", "mem:4GiBs", "vcpus:>>2", "vcpus:!=2"}) {
        const Error e = parseError(q);
        EXPECT_EQ(e.code, ErrorCode::InvalidArgument) << q;
        EXPECT_TRUE(e.message.contains(s("bad number"))) << q << ": " << e.message.toStdString();
        const QString query = s(q);
        const QString value = query.mid(query.indexOf(u':') + 1);
        // The message quotes the value after the operator; check a distinctive tail.
        EXPECT_TRUE(e.message.contains(value.right(2))) << q << ": " << e.message.toStdString();
    }
}

TEST(FilterQuery, BadNumberMessageQuotesValue)
{
    const Error e = parseError("mem:>=4XB");
    EXPECT_TRUE(e.message.contains(s("\"4XB\""))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("mem"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("position 7"))) << e.message.toStdString();
}

TEST(FilterQuery, ComparisonOnTextKeyIsAnError)
{
    for (const char *q : {"name:>web", "host:<=x", "tag:>=a", "state:<running", "pool:>p"}) {
        const Error e = parseError(q);
        EXPECT_EQ(e.code, ErrorCode::InvalidArgument) << q;
        EXPECT_TRUE(e.message.contains(s("comparison"))) << q << ": " << e.message.toStdString();
        EXPECT_TRUE(e.message.contains(s(q))) << q << ": " << e.message.toStdString();
    }
}

TEST(FilterQuery, UnknownStateListsValidWords)
{
    const Error e = parseError("state:sleeping");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("\"sleeping\""))) << e.message.toStdString();
    for (const char *w : {"running", "paused", "shutoff", "crashed", "pmsuspended", "blocked",
                          "shutdown", "nostate"})
        EXPECT_TRUE(e.message.contains(QLatin1String(w))) << w;
}

TEST(FilterQuery, UnknownStatusListsValidWords)
{
    const Error e = parseError("status:broken");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("\"broken\""))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("available")));
    EXPECT_TRUE(e.message.contains(s("attached")));
    EXPECT_TRUE(e.message.contains(s("in-use")));
}

TEST(FilterQuery, LoneDashIsAnError)
{
    const Error e = parseError("web -");
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(s("\"-\""))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(s("position 5"))) << e.message.toStdString();
}

TEST(FilterQuery, MissingKeyIsAnError)
{
    for (const char *q : {":", "::", ":x", "-:x"}) {
        const Error e = parseError(q);
        EXPECT_EQ(e.code, ErrorCode::InvalidArgument) << q;
        EXPECT_TRUE(e.message.contains(s("missing key"))) << q << ": " << e.message.toStdString();
    }
}

TEST(FilterQuery, EmptyQuotedTermIsAnError)
{
    EXPECT_TRUE(parseError("\"\"").message.contains(s("empty term")));
    EXPECT_TRUE(parseError("-\"\"").message.contains(s("empty term")));
}

TEST(FilterQuery, ErrorMessageShowsControlCharactersEscaped)
{
    const Error e = parseError("fo\x1bo:1");
    EXPECT_FALSE(e.message.contains(QChar(0x1b)));
    EXPECT_TRUE(e.message.contains(s("\\u001b"))) << e.message.toStdString();
}

TEST(FilterQuery, ErrorMessageElidesLongInput)
{
    const QString key(5000, u'k');
    const Result<FilterQuery> q = FilterQuery::parse(key + QLatin1String(":v"));
    ASSERT_FALSE(q.has_value());
    EXPECT_LT(q.error().message.size(), 400);
}

// --- robustness --------------------------------------------------------------------------------

TEST(FilterQuery, NastyInputsNeverCrash)
{
    for (const char *q :
         {"-",    ":",    "::",           "key:",        "\"",      "-\"\"",    "\\",       "\\\"",
          "\"\\", "-:",   "name:",        "name:\"",     "vcpus:",  "vcpus:>",  "vcpus:<=", "=",
          ">",    "-\t-", "\x01\x02\x7f", "name:\"\\\"", "mem:>=.", "size:1e10"}) {
        const Result<FilterQuery> query = FilterQuery::parse(s(q));
        if (!query) {
            EXPECT_EQ(query.error().code, ErrorCode::InvalidArgument) << q;
            EXPECT_FALSE(query.error().message.isEmpty()) << q;
        } else {
            query->matches(webVm());
        }
    }
}

TEST(FilterQuery, VeryLongInputParses)
{
    QString words;
    for (int i = 0; i < 100'000; ++i)
        words += QLatin1String("ab ");
    const Result<FilterQuery> q = FilterQuery::parse(words);
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(q->terms().size(), 100'000);
    EXPECT_FALSE(q->matches(webVm()));

    const QString open = QLatin1String("\"") + QString(1'000'000, u'x');
    EXPECT_EQ(FilterQuery::parse(open).error().code, ErrorCode::InvalidArgument);
}

TEST(FilterQuery, RandomInputsGiveValueOrInvalidArgument)
{
    const QStringList alphabet = {
        s("-"),   s(":"),       s("\""),     s("\\"),  s(" "),      s("\t"),   s(">"),
        s("<"),   s("="),       s("."),      s("0"),   s("1"),      s("9"),    s("a"),
        s("Z"),   s("é"),       s("日"),     s("🚀"),   s("\u00a0"), s("name"), s("vcpus"),
        s("mem"), s("size"),    s("state"),  s("tag"), s("status"), s("GiB"),  s("KB"),
        s("t"),   s("running"), s("in-use"), s("\n"),  s("\x01"),   s("\x7f"), s("%1"),
    };
    QString withNul;
    withNul.append(QChar(0));
    QStringList all = alphabet;
    all.append(withNul);
    all.append(QString(QChar(0xd800))); // lone surrogate

    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> lengthDist(0, 24);
    std::uniform_int_distribution<qsizetype> pick(0, all.size() - 1);
    const FilterQuery::Subject subjects[] = {webVm(), dbVm(), diskVolume(), {}};
    int parsedCount = 0;
    for (int i = 0; i < 10'000; ++i) {
        QString query;
        const int length = lengthDist(rng);
        for (int k = 0; k < length; ++k)
            query += all.at(pick(rng));
        const Result<FilterQuery> q = FilterQuery::parse(query);
        if (q) {
            ++parsedCount;
            for (const FilterQuery::Subject &subject : subjects)
                q->matches(subject);
        } else {
            ASSERT_EQ(q.error().code, ErrorCode::InvalidArgument) << query.toStdString();
            ASSERT_FALSE(q.error().message.isEmpty()) << query.toStdString();
        }
    }
    // Both outcomes must be exercised, or the alphabet is not testing anything.
    EXPECT_GT(parsedCount, 100);
    EXPECT_LT(parsedCount, 9'900);
}

} // namespace Virtumancer
