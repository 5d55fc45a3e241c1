// EventHistory: a session's events for the inspector and the exports, bounded by count and
// by packet bytes, oldest evicted first and counted; found by sequence.

#include "monitor/eventhistory.h"

#include <QTest>

using namespace PingScope;

namespace {

Event packetOfSize(quint64 sequence, qsizetype bytes)
{
    Event event;
    event.sequence = sequence;
    event.timeNs = qint64(sequence) * 1000;
    event.direction = Direction::Received;
    event.packetType = Protocol::PacketType::Publish;
    event.raw = QByteArray(bytes, 'x');
    return event;
}

} // namespace

class TestEventHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsEventsInOrder()
    {
        EventHistory history;
        QVERIFY(history.isEmpty());
        for (quint64 s = 1; s <= 5; ++s)
            history.append(packetOfSize(s * 10, 4));
        QCOMPARE(history.size(), 5);
        QCOMPARE(history.first().sequence, 10u);
        QCOMPARE(history.last().sequence, 50u);
        QCOMPARE(history.bytes(), 20);
        QCOMPARE(history.evictedCount(), 0u);
    }

    void evictsTheOldestBeyondTheCount()
    {
        EventHistory history(3, 1 << 20);
        for (quint64 s = 1; s <= 7; ++s)
            history.append(packetOfSize(s, 10));
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.first().sequence, 5u);
        QCOMPARE(history.evictedCount(), 4u);
        QCOMPARE(history.bytes(), 30);
    }

    void evictsTheOldestBeyondTheBytes()
    {
        EventHistory history(1000, 100);
        for (quint64 s = 1; s <= 10; ++s)
            history.append(packetOfSize(s, 30));
        QCOMPARE(history.size(), 3); // 90 bytes; a fourth would make 120
        QCOMPARE(history.bytes(), 90);
        QCOMPARE(history.evictedCount(), 7u);
        QCOMPARE(history.first().sequence, 8u);
    }

    void keepsAnOversizedNewestEvent()
    {
        EventHistory history(1000, 100);
        history.append(packetOfSize(1, 10));
        history.append(packetOfSize(2, 500));
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().sequence, 2u);
        QCOMPARE(history.evictedCount(), 1u);
    }

    void findsEventsBySequence()
    {
        EventHistory history(4, 1 << 20);
        for (quint64 s = 1; s <= 6; ++s)
            history.append(packetOfSize(s * 2, 1)); // 2, 4, ..., 12; 2 and 4 evicted
        QCOMPARE(history.indexOfSequence(6), 0);
        QCOMPARE(history.indexOfSequence(12), 3);
        QCOMPARE(history.indexOfSequence(8), 1);
        QCOMPARE(history.indexOfSequence(2), -1);  // evicted
        QCOMPARE(history.indexOfSequence(7), -1);  // never held
        QCOMPARE(history.indexOfSequence(99), -1); // not yet
    }

    void sharesPacketBytesWithTheSource()
    {
        const Event source = packetOfSize(1, 1000);
        EventHistory history;
        history.append(source);
        QCOMPARE(history.first().raw.constData(), source.raw.constData());
    }

    void clearStartsAfresh()
    {
        EventHistory history(2, 1 << 20);
        for (quint64 s = 1; s <= 4; ++s)
            history.append(packetOfSize(s, 8));
        history.clear();
        QVERIFY(history.isEmpty());
        QCOMPARE(history.bytes(), 0);
        QCOMPARE(history.evictedCount(), 0u);
    }
};

QTEST_APPLESS_MAIN(TestEventHistory)
#include "tst_eventhistory.moc"
