// AuditLog: ULID-style ids, write (own or caller's transaction), query by object, host, time
// and limit, and the append-only guarantee of both audit tables.

#include "cachetestutil.h"

#include "cache/auditlog.h"
#include "cache/database.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace Virtumancer;
using Virtumancer::Test::execSql;
using Virtumancer::Test::scalar;

namespace {

const QString crockford = QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ");

qint64 decodeTime(const QString &id)
{
    qint64 ms = 0;
    for (int i = 0; i < 10; ++i)
        ms = ms * 32 + crockford.indexOf(id.at(i));
    return ms;
}

AuditEvent makeEvent(const QString &action, qint64 tsMs, const QString &hostId = {})
{
    AuditEvent e;
    e.action = action;
    e.tsMs = tsMs;
    e.hostId = hostId;
    e.component = QStringLiteral("actions");
    return e;
}

class AuditLogTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_cache.isOk()); }

    QSqlDatabase db() { return m_cache.db(); }
    AuditLog log() { return AuditLog(m_cache.db()); }

    QString write(const AuditEvent &e)
    {
        auto id = log().write(e);
        EXPECT_TRUE(id) << (id ? std::string() : id.error().message.toStdString());
        return id.value_or(QString());
    }

    QStringList actions(const AuditQuery &q)
    {
        auto events = log().query(q);
        EXPECT_TRUE(events) << (events ? std::string() : events.error().message.toStdString());
        QStringList out;
        for (const AuditEvent &e : events.value_or(QList<AuditEvent>()))
            out.append(e.action);
        return out;
    }

    Virtumancer::Test::MemoryCache m_cache;
};

} // namespace

TEST(AuditLogId, IsA26CharacterCrockfordUlidCarryingTheTimestamp)
{
    // Tests never pass future times: ids are monotonic per process, so a future time would show
    // up in every later id.
    const qint64 ts = nowMs();
    const QString id = AuditLog::newId(ts);
    ASSERT_EQ(id.size(), 26);
    for (const QChar c : id)
        EXPECT_TRUE(crockford.contains(c)) << id.toStdString();
    EXPECT_LE(id.at(0), QLatin1Char('7'));
    EXPECT_EQ(decodeTime(id), ts);
}

TEST(AuditLogId, IsStrictlyMonotonicWithinTheSameMillisecond)
{
    const qint64 ts = nowMs();
    QStringList ids;
    QSet<QString> unique;
    for (int i = 0; i < 5000; ++i) {
        ids.append(AuditLog::newId(ts));
        unique.insert(ids.last());
    }
    EXPECT_EQ(unique.size(), ids.size());
    for (int i = 1; i < ids.size(); ++i)
        ASSERT_LT(ids.at(i - 1), ids.at(i)) << i;
    EXPECT_EQ(decodeTime(ids.first()), ts);
    EXPECT_EQ(decodeTime(ids.last()), ts);
    // An earlier timestamp (clock stepped back) still sorts after everything handed out.
    const QString earlier = AuditLog::newId(ts - 5000);
    EXPECT_GT(earlier, ids.last());
    EXPECT_EQ(decodeTime(earlier), ts);
    // The current time sorts after it and carries its own time.
    const qint64 now = nowMs();
    const QString later = AuditLog::newId(now);
    EXPECT_GT(later, earlier);
    EXPECT_EQ(decodeTime(later), now);
}

TEST(AuditLogId, ActorIsTheLocalUser)
{
    const QString actor = AuditLog::currentActor();
    EXPECT_FALSE(actor.isEmpty());
    const QString env = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    if (!env.isEmpty()) {
        EXPECT_EQ(actor, env);
    }
}

TEST(AuditLogLevel, NamesMatchTheSchema)
{
    EXPECT_EQ(auditLevelName(AuditLevel::Audit), QStringLiteral("AUDIT"));
    EXPECT_EQ(auditLevelName(AuditLevel::Info), QStringLiteral("INFO"));
    EXPECT_EQ(auditLevelName(AuditLevel::Warn), QStringLiteral("WARN"));
    EXPECT_EQ(auditLevelName(AuditLevel::Error), QStringLiteral("ERROR"));
}

TEST_F(AuditLogTest, WriteFillsIdTimeAndActorAndRoundTrips)
{
    AuditEvent e;
    e.level = AuditLevel::Info;
    e.component = QStringLiteral("sync");
    e.hostId = QStringLiteral("lab");
    e.action = QStringLiteral("vm.drift");
    e.message = QStringLiteral("web changed outside Virtumancer");
    QJsonObject change;
    change.insert(QStringLiteral("from"), 2);
    change.insert(QStringLiteral("to"), 4);
    e.details.insert(QStringLiteral("vcpu_count"), change);
    e.ok = false;
    e.error = QStringLiteral("nothing really");
    e.objects = {{QStringLiteral("vm"), QStringLiteral("uuid-1")},
                 {QStringLiteral("host"), QStringLiteral("lab")},
                 {QStringLiteral("volume"), QStringLiteral("/var/lib/a.qcow2")}};

    const qint64 before = nowMs();
    const QString id = write(e);
    const qint64 after = nowMs();
    ASSERT_EQ(id.size(), 26);

    auto events = log().query({});
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1);
    const AuditEvent &got = events->first();
    EXPECT_EQ(got.id, id);
    EXPECT_GE(got.tsMs, before);
    EXPECT_LE(got.tsMs, after);
    EXPECT_EQ(decodeTime(got.id), got.tsMs);
    EXPECT_EQ(got.actor, AuditLog::currentActor());
    EXPECT_EQ(got.level, AuditLevel::Info);
    EXPECT_EQ(got.component, e.component);
    EXPECT_EQ(got.hostId, e.hostId);
    EXPECT_EQ(got.action, e.action);
    EXPECT_EQ(got.message, e.message);
    EXPECT_EQ(got.details, e.details);
    EXPECT_FALSE(got.ok);
    EXPECT_EQ(got.error, e.error);
    EXPECT_EQ(got.objects, e.objects); // in the order given

    // Stored as compact JSON text, with the level and outcome words of the schema.
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT details_json FROM audit_events")).toString(),
              QStringLiteral("{\"vcpu_count\":{\"from\":2,\"to\":4}}"));
    EXPECT_EQ(
        scalar(db(), QStringLiteral("SELECT level || '/' || outcome FROM audit_events")).toString(),
        QStringLiteral("INFO/failed"));
}

TEST_F(AuditLogTest, GivenIdTimeAndActorAreKept)
{
    AuditEvent e = makeEvent(QStringLiteral("host.add"), 42);
    e.id = QStringLiteral("01CUSTOMIDXXXXXXXXXXXXXXXX");
    e.actor = QStringLiteral("cron");
    ASSERT_EQ(write(e), e.id);
    auto events = log().query({});
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1);
    EXPECT_EQ(events->first().tsMs, 42);
    EXPECT_EQ(events->first().actor, QStringLiteral("cron"));
    EXPECT_TRUE(events->first().details.isEmpty());
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT details_json FROM audit_events")).toString(),
              QStringLiteral("{}"));
}

TEST_F(AuditLogTest, ActionIsRequired)
{
    auto r = log().write(AuditEvent{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 0);
}

TEST_F(AuditLogTest, DuplicateObjectsAreLinkedOnce)
{
    AuditEvent e = makeEvent(QStringLiteral("volume.attach"), 10);
    e.objects = {{QStringLiteral("vm"), QStringLiteral("u")},
                 {QStringLiteral("vm"), QStringLiteral("u")},
                 {QStringLiteral("volume"), QStringLiteral("/v")}};
    write(e);
    auto events = log().query({});
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1);
    EXPECT_EQ(events->first().objects,
              (QList<AuditObject>{{QStringLiteral("vm"), QStringLiteral("u")},
                                  {QStringLiteral("volume"), QStringLiteral("/v")}}));
}

TEST_F(AuditLogTest, QueryIsNewestFirstWithLimit)
{
    write(makeEvent(QStringLiteral("a"), 100));
    write(makeEvent(QStringLiteral("c"), 300));
    write(makeEvent(QStringLiteral("b"), 200));
    // Same millisecond: the id (monotonic) orders them, the later write first.
    write(makeEvent(QStringLiteral("d1"), 400));
    write(makeEvent(QStringLiteral("d2"), 400));

    EXPECT_EQ(actions({}),
              (QStringList{QStringLiteral("d2"), QStringLiteral("d1"), QStringLiteral("c"),
                           QStringLiteral("b"), QStringLiteral("a")}));
    AuditQuery limited;
    limited.limit = 2;
    EXPECT_EQ(actions(limited), (QStringList{QStringLiteral("d2"), QStringLiteral("d1")}));
    AuditQuery unlimited;
    unlimited.limit = 0;
    EXPECT_EQ(actions(unlimited).size(), 5);
}

TEST_F(AuditLogTest, QueryByTimeRangeIsInclusive)
{
    for (qint64 ts : {100, 200, 300, 400})
        write(makeEvent(QStringLiteral("t%1").arg(ts), ts));
    AuditQuery q;
    q.sinceMs = 200;
    EXPECT_EQ(actions(q), (QStringList{QStringLiteral("t400"), QStringLiteral("t300"),
                                       QStringLiteral("t200")}));
    q.untilMs = 300;
    EXPECT_EQ(actions(q), (QStringList{QStringLiteral("t300"), QStringLiteral("t200")}));
    AuditQuery until;
    until.untilMs = 100;
    EXPECT_EQ(actions(until), QStringList{QStringLiteral("t100")});
}

TEST_F(AuditLogTest, QueryByHostAndByObjectOfAnyType)
{
    AuditEvent start = makeEvent(QStringLiteral("vm.start"), 1, QStringLiteral("h1"));
    start.objects = {{QStringLiteral("vm"), QStringLiteral("uuid-a")}};
    AuditEvent attach = makeEvent(QStringLiteral("volume.attach"), 2, QStringLiteral("h1"));
    attach.objects = {{QStringLiteral("vm"), QStringLiteral("uuid-a")},
                      {QStringLiteral("volume"), QStringLiteral("/pool/disk.qcow2")}};
    AuditEvent other = makeEvent(QStringLiteral("net.start"), 3, QStringLiteral("h2"));
    other.objects = {{QStringLiteral("network"), QStringLiteral("uuid-n")}};
    write(start);
    write(attach);
    write(other);

    AuditQuery byVm;
    byVm.objectId = QStringLiteral("uuid-a");
    EXPECT_EQ(actions(byVm),
              (QStringList{QStringLiteral("volume.attach"), QStringLiteral("vm.start")}));
    AuditQuery byVolume;
    byVolume.objectId = QStringLiteral("/pool/disk.qcow2");
    auto volumeEvents = log().query(byVolume);
    ASSERT_TRUE(volumeEvents);
    ASSERT_EQ(volumeEvents->size(), 1);
    EXPECT_EQ(volumeEvents->first().objects.size(), 2); // all linked objects, not just the match

    AuditQuery byHost;
    byHost.hostId = QStringLiteral("h2");
    EXPECT_EQ(actions(byHost), QStringList{QStringLiteral("net.start")});
    AuditQuery both;
    both.hostId = QStringLiteral("h2");
    both.objectId = QStringLiteral("uuid-a");
    EXPECT_TRUE(actions(both).isEmpty());
}

TEST_F(AuditLogTest, WriteJoinsTheCallersTransaction)
{
    ASSERT_TRUE(db().transaction());
    write(makeEvent(QStringLiteral("rolled.back"), 1));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 1);
    ASSERT_TRUE(db().rollback());
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 0);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_objects")).toInt(), 0);

    ASSERT_TRUE(db().transaction());
    write(makeEvent(QStringLiteral("committed"), 2));
    ASSERT_TRUE(db().commit());
    EXPECT_EQ(actions({}), QStringList{QStringLiteral("committed")});
}

TEST_F(AuditLogTest, WriteOutsideATransactionCommitsItself)
{
    AuditEvent e = makeEvent(QStringLiteral("solo"), 5);
    e.objects = {{QStringLiteral("vm"), QStringLiteral("x")}};
    write(e);
    // No transaction is left open: BEGIN works (it would fail inside one).
    ASSERT_TRUE(execSql(db(), QStringLiteral("BEGIN")));
    ASSERT_TRUE(execSql(db(), QStringLiteral("COMMIT")));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_objects")).toInt(), 1);
}

TEST_F(AuditLogTest, FailedWriteLeavesNothingAndKeepsTheCallersTransaction)
{
    AuditEvent first = makeEvent(QStringLiteral("first"), 1);
    first.id = QStringLiteral("01AAAAAAAAAAAAAAAAAAAAAAAA");
    write(first);

    ASSERT_TRUE(db().transaction());
    ASSERT_TRUE(
        execSql(db(), QStringLiteral("INSERT INTO tags (name, created_at) VALUES ('t', 1)")));
    AuditEvent dup = makeEvent(QStringLiteral("dup"), 2);
    dup.id = first.id; // primary key clash
    dup.objects = {{QStringLiteral("vm"), QStringLiteral("v")}};
    auto r = log().write(dup);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cache);
    ASSERT_TRUE(db().commit()); // the caller's own work survives
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM tags")).toInt(), 1);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_events")).toInt(), 1);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM audit_objects")).toInt(), 0);
}

TEST_F(AuditLogTest, AuditTablesAreAppendOnly)
{
    AuditEvent e = makeEvent(QStringLiteral("vm.destroy"), 7, QStringLiteral("h"));
    e.objects = {{QStringLiteral("vm"), QStringLiteral("u")}};
    const QString id = write(e);

    for (const QString &sql : {QStringLiteral("UPDATE audit_events SET message = 'rewritten'"),
                               QStringLiteral("DELETE FROM audit_events"),
                               QStringLiteral("UPDATE audit_objects SET object_id = 'other'"),
                               QStringLiteral("DELETE FROM audit_objects")}) {
        QSqlQuery q(db());
        EXPECT_FALSE(q.exec(sql)) << sql.toStdString();
        EXPECT_TRUE(q.lastError().text().contains(QLatin1String("append-only")))
            << q.lastError().text().toStdString();
    }
    auto events = log().query({});
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1);
    EXPECT_EQ(events->first().id, id);
    EXPECT_TRUE(events->first().message.isEmpty());
    EXPECT_EQ(events->first().objects, e.objects);
}
