// The bounded event ring: sequences, order across wrap-around, dropping by count and by
// raw bytes (keeping an oversized newest event), since(), setBounds() and clear(), and a
// long randomised run checked against a plain list that does the same thing slowly.

#include "monitor/eventlog.h"

#include <QList>
#include <QRandomGenerator>
#include <QTest>

using namespace PingScope;

namespace {

Event eventOfBytes(qsizetype bytes, int session = 1)
{
    Event e;
    e.session = session;
    e.raw = QByteArray(bytes, 'x');
    return e;
}

// The stored sequences, oldest first, read through at().
QList<quint64> sequences(const EventLog &log)
{
    QList<quint64> result;
    for (qsizetype i = 0; i < log.size(); ++i)
        result.append(log.at(i).sequence);
    return result;
}

QList<quint64> sequencesOf(const QList<Event> &events)
{
    QList<quint64> result;
    for (const Event &e : events)
        result.append(e.sequence);
    return result;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> result;
    for (quint64 s = first; s <= last; ++s)
        result.append(s);
    return result;
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anEmptyLogStartsAtSequenceOne()
    {
        EventLog log;
        QVERIFY(log.isEmpty());
        QCOMPARE(log.size(), 0);
        QCOMPARE(log.nextSequence(), quint64(1));
        QCOMPARE(log.capacity(), EventLog::DefaultCapacity);
        QCOMPARE(log.maximumBytes(), EventLog::DefaultMaximumBytes);
        QVERIFY(log.since(0).isEmpty());
    }

    void appendStampsConsecutiveSequences()
    {
        EventLog log;
        Event e = eventOfBytes(3);
        e.sequence = 999; // whatever the caller set is overwritten
        QCOMPARE(log.append(e), quint64(1));
        QCOMPARE(log.append(eventOfBytes(4, 2)), quint64(2));
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).sequence, quint64(1));
        QCOMPARE(log.at(1).sequence, quint64(2));
        QCOMPARE(log.at(1).session, 2);
        QCOMPARE(log.storedBytes(), qint64(7));
        QCOMPARE(log.nextSequence(), quint64(3));
        QCOMPARE(log.dropped(), quint64(0));
    }

    void wrapAroundKeepsOldestFirst()
    {
        EventLog log(3);
        for (int i = 1; i <= 7; ++i)
            log.append(eventOfBytes(i, 100 + i));
        QCOMPARE(sequences(log), range(5, 7));
        QCOMPARE(log.at(0).session, 105);
        QCOMPARE(log.at(2).session, 107);
        QCOMPARE(log.dropped(), quint64(4));
        QCOMPARE(log.storedBytes(), qint64(5 + 6 + 7));
    }

    void wrapAroundPastTheInitialAllocationKeepsOrder()
    {
        // Large enough for the ring to grow several times before it wraps.
        EventLog log(1000);
        for (int i = 1; i <= 2500; ++i)
            log.append(eventOfBytes(1));
        QCOMPARE(log.size(), 1000);
        QCOMPARE(sequences(log), range(1501, 2500));
        QCOMPARE(log.dropped(), quint64(1500));
        QCOMPARE(log.storedBytes(), qint64(1000));
    }

    void theByteBoundDropsTheOldest()
    {
        EventLog log(100, 10);
        for (int i = 0; i < 4; ++i)
            log.append(eventOfBytes(4));
        QCOMPARE(sequences(log), range(3, 4)); // 8 bytes; a third would make 12
        QCOMPARE(log.storedBytes(), qint64(8));
        QCOMPARE(log.dropped(), quint64(2));

        log.append(eventOfBytes(2)); // exactly 10: fits
        QCOMPARE(sequences(log), range(3, 5));
        QCOMPARE(log.storedBytes(), qint64(10));

        log.append(eventOfBytes(7)); // 17: the oldest two go, 4 + 2 + 7 = 13 is still too many
        QCOMPARE(sequences(log), range(5, 6));
        QCOMPARE(log.storedBytes(), qint64(9));
        QCOMPARE(log.dropped(), quint64(4));
    }

    void anOversizedEventIsKeptAlone()
    {
        EventLog log(100, 10);
        log.append(eventOfBytes(3));
        log.append(eventOfBytes(25));
        QCOMPARE(sequences(log), range(2, 2));
        QCOMPARE(log.storedBytes(), qint64(25));
        QCOMPARE(log.dropped(), quint64(1));

        log.append(eventOfBytes(1)); // it goes as soon as another arrives
        QCOMPARE(sequences(log), range(3, 3));
        QCOMPARE(log.storedBytes(), qint64(1));
        QCOMPARE(log.dropped(), quint64(2));
    }

    void eventsWithoutRawBytesAreBoundByCountOnly()
    {
        EventLog log(5, 0);
        for (int i = 0; i < 5; ++i)
            log.append(eventOfBytes(0));
        QCOMPARE(log.size(), 5);
        QCOMPARE(log.dropped(), quint64(0));
        log.append(eventOfBytes(1)); // any byte at all is over a zero bound
        QCOMPARE(log.size(), 1);
    }

    void sinceReturnsStoredEventsFromThatSequence()
    {
        EventLog log(4);
        for (int i = 0; i < 6; ++i)
            log.append(eventOfBytes(1)); // 3..6 stored
        QCOMPARE(sequencesOf(log.since(0)), range(3, 6));
        QCOMPARE(sequencesOf(log.since(1)), range(3, 6)); // dropped ones cannot come back
        QCOMPARE(sequencesOf(log.since(3)), range(3, 6));
        QCOMPARE(sequencesOf(log.since(5)), range(5, 6));
        QCOMPARE(sequencesOf(log.since(6)), range(6, 6));
        QVERIFY(log.since(7).isEmpty()); // nothing new yet
        QVERIFY(log.since(1000).isEmpty());
        QCOMPARE(log.since(5).first().raw, QByteArray("x"));
    }

    void shrinkingTheCapacityDropsTheOldest()
    {
        EventLog log(10);
        for (int i = 0; i < 14; ++i)
            log.append(eventOfBytes(2)); // wrapped: 5..14
        log.setBounds(3, 1000);
        QCOMPARE(log.capacity(), 3);
        QCOMPARE(sequences(log), range(12, 14));
        QCOMPARE(log.dropped(), quint64(4 + 7));
        QCOMPARE(log.storedBytes(), qint64(6));

        log.append(eventOfBytes(2));
        log.append(eventOfBytes(2));
        QCOMPARE(sequences(log), range(14, 16));
        QCOMPARE(log.dropped(), quint64(13));
    }

    void shrinkingTheByteBoundDropsTheOldest()
    {
        EventLog log(10, 1000);
        for (int i = 1; i <= 5; ++i)
            log.append(eventOfBytes(i)); // 15 bytes
        log.setBounds(10, 9);
        QCOMPARE(log.maximumBytes(), qint64(9));
        QCOMPARE(sequences(log), range(4, 5));
        QCOMPARE(log.storedBytes(), qint64(9));
        QCOMPARE(log.dropped(), quint64(3));

        log.setBounds(10, 2); // the newest stays even alone over the bound
        QCOMPARE(sequences(log), range(5, 5));
        QCOMPARE(log.dropped(), quint64(4));
    }

    void growingTheCapacityOfAWrappedRingKeepsOrder()
    {
        EventLog log(4);
        for (int i = 0; i < 6; ++i)
            log.append(eventOfBytes(1)); // wrapped: 3..6
        log.setBounds(8, EventLog::DefaultMaximumBytes);
        QCOMPARE(sequences(log), range(3, 6));
        for (int i = 0; i < 6; ++i)
            log.append(eventOfBytes(1));
        QCOMPARE(sequences(log), range(5, 12));
        QCOMPARE(log.dropped(), quint64(4));
    }

    void clearEmptiesButSequencesGoOn()
    {
        EventLog log(2);
        for (int i = 0; i < 5; ++i)
            log.append(eventOfBytes(3));
        QCOMPARE(log.dropped(), quint64(3));
        log.clear();
        QVERIFY(log.isEmpty());
        QCOMPARE(log.storedBytes(), qint64(0));
        QCOMPARE(log.dropped(), quint64(0));
        QCOMPARE(log.nextSequence(), quint64(6));
        QVERIFY(log.since(0).isEmpty());

        QCOMPARE(log.append(eventOfBytes(3)), quint64(6));
        QCOMPARE(log.append(eventOfBytes(3)), quint64(7));
        QCOMPARE(log.append(eventOfBytes(3)), quint64(8));
        QCOMPARE(sequences(log), range(7, 8));
        QCOMPARE(sequencesOf(log.since(4)), range(7, 8));
        QCOMPARE(log.dropped(), quint64(1));
    }

    void takeAllMovesEverythingOutAndTheLogGoesOn()
    {
        EventLog log(4, 100);
        for (int i = 0; i < 6; ++i)
            log.append(eventOfBytes(10, i));
        const QList<Event> taken = log.takeAll();
        QCOMPARE(sequencesOf(taken), range(3, 6));
        QCOMPARE(taken.first().raw.size(), 10);
        QVERIFY(log.isEmpty());
        QCOMPARE(log.storedBytes(), qint64(0));
        QCOMPARE(log.dropped(), quint64(2)); // counts on: a queue reports what it lost
        QVERIFY(log.takeAll().isEmpty());

        // Reused after a take, the ring wraps and bounds as before.
        for (int i = 0; i < 7; ++i)
            log.append(eventOfBytes(10, i));
        QCOMPARE(sequences(log), range(10, 13));
        QCOMPARE(log.storedBytes(), qint64(40));
        QCOMPARE(log.dropped(), quint64(5));
        QCOMPARE(sequencesOf(log.takeAll()), range(10, 13));
    }

    void aZeroCapacityStillKeepsTheNewestEvent()
    {
        EventLog log(0, 100);
        QCOMPARE(log.capacity(), 1);
        log.append(eventOfBytes(1));
        log.append(eventOfBytes(1));
        QCOMPARE(sequences(log), range(2, 2));
        QCOMPARE(log.dropped(), quint64(1));
    }

    void matchesAPlainListOverALongRandomRun()
    {
        // The ring's wrap, growth, byte bound and rebounding against the obvious slow model.
        QRandomGenerator random(20240611);
        EventLog log(50, 400);
        QList<Event> model;
        qsizetype capacity = 50;
        qint64 maximumBytes = 400;
        quint64 dropped = 0;
        const auto modelBytes = [&model] {
            qint64 sum = 0;
            for (const Event &e : model)
                sum += e.raw.size();
            return sum;
        };
        const auto trimModel = [&] {
            while (model.size() > capacity || (model.size() > 1 && modelBytes() > maximumBytes)) {
                model.removeFirst();
                ++dropped;
            }
        };

        for (int step = 0; step < 5000; ++step) {
            if (random.bounded(200) == 0) {
                capacity = 1 + random.bounded(120);
                maximumBytes = random.bounded(1000);
                log.setBounds(capacity, maximumBytes);
                trimModel();
            } else {
                Event e = eventOfBytes(random.bounded(30), step);
                e.sequence = log.append(e);
                model.append(e);
                trimModel();
            }
            QCOMPARE(log.size(), model.size());
            QCOMPARE(log.storedBytes(), modelBytes());
            QCOMPARE(log.dropped(), dropped);
            for (qsizetype i = 0; i < model.size(); ++i) {
                QCOMPARE(log.at(i).sequence, model.at(i).sequence);
                QCOMPARE(log.at(i).session, model.at(i).session);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
