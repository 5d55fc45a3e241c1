// Lesson 7, "Client take-over", against a FakeBroker that announces every take-over with 5.0
// DISCONNECT 0x8E, as mosquitto >= 2.0.15 does and the local 2.0.11 does not: the lesson's
// 0x8E branch, in-process through the LessonRunner. (The bare-close branch runs against the
// real mosquitto in tst_lessons.)

#include "fakebroker.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonrunner.h"
#include "monitor/takeovertracker.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

// The lesson waits at most 3 s for a will this broker never publishes, and 8 s for flapping.
constexpr int LessonTimeoutMs = 30000;

const LessonReport::Result *resultOf(const LessonReport &report, const QString &id)
{
    for (const LessonReport::Result &result : report.results) {
        if (result.id == id)
            return &result;
    }
    return nullptr;
}

} // namespace

class TestLessonTakeOver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void takeOverAnnouncedWith0x8E()
    {
        FakeBroker broker;
        QVERIFY2(broker.listen(), qPrintable(broker.errorString()));
        QString error;
        const QByteArray takenOver = encodePacket(
            DisconnectPacket{ReasonCode::SessionTakenOver, {}}, ProtocolVersion::V5, &error);
        QVERIFY2(!takenOver.isEmpty(), qPrintable(error));
        broker.setKeepOlderConnections(true, takenOver);

        const std::optional<Lesson> lesson = findLesson(QStringLiteral("take-over"));
        QVERIFY(lesson);
        LessonRunner runner(*lesson, broker.host(), broker.port());
        QSignalSpy finished(&runner, &LessonRunner::finished);
        runner.start();
        QVERIFY(finished.wait(LessonTimeoutMs));
        const LessonReport report = runner.report();
        const QString shown = report.toText();
        QVERIFY2(report.error.isEmpty(), qPrintable(shown));

        const LessonReport::Result *taken = resultOf(report, QStringLiteral("taken-over"));
        QVERIFY2(taken, qPrintable(shown));
        QCOMPARE(taken->outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(taken->outcome.figure, QStringLiteral("0x8E (Session taken over)"));
        QVERIFY2(taken->outcome.text.contains(QStringLiteral("with DISCONNECT 0x8E")),
                 qPrintable(taken->outcome.text));

        // The fight is announced the same way, and flapping still stops it.
        const LessonReport::Result *flapping = resultOf(report, QStringLiteral("flapping-stopped"));
        QVERIFY2(flapping, qPrintable(shown));
        QVERIFY2(flapping->outcome.verdict == ObservationVerdict::Observed, qPrintable(shown));
        QCOMPARE(flapping->outcome.measured, double(TakeoverTracker::FlappingCount));
        // Session 1 once, then the fighters until flapping; nothing more.
        QCOMPARE(broker.takeOverCount(), 1 + TakeoverTracker::FlappingCount);
        qInfo("0x8E take-over: %s; flapping: %s", qPrintable(taken->outcome.figure),
              qPrintable(flapping->outcome.figure));

        // Only connections with the client ID were taken over: the watcher (session 3, an ID
        // of its own) kept its connection throughout.
        for (const Event &event : runner.record().events) {
            if (event.session == 3)
                QVERIFY2(event.kind != EventKind::TakenOver &&
                             event.kind != EventKind::ClosedByBroker,
                         qPrintable(event.summary()));
        }

        // This broker publishes no wills: the lesson says so rather than passing.
        const LessonReport::Result *will = resultOf(report, QStringLiteral("will-published"));
        QVERIFY2(will, qPrintable(shown));
        QCOMPARE(will->outcome.verdict, ObservationVerdict::NotObserved);
        QVERIFY(!report.passed());
    }
};

QTEST_GUILESS_MAIN(TestLessonTakeOver)
#include "tst_lessontakeover.moc"
