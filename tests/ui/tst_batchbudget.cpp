// SessionHost toward a slow UI thread: a receiver of batchReady() that costs 40 us per event
// (ten times our window's cost on a loaded machine) gets batches sized to the host's budget,
// never one larger than announced; the host's accounting holds on every batch while the rest
// waits for the batches after it, and what the pending bound drops meanwhile is counted,
// messages apart. Against a real mosquitto (BrokerFixture).

#include "brokerfixture.h"
#include "eventloopwait.h"
#include "session/sessionhost.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTest>

using namespace PingScope;

namespace {

constexpr int TimeoutMs = 10'000;
constexpr int Messages = 20'000;
constexpr qint64 ReceiverCostPerEventNs = 40'000;
constexpr int BudgetMs = 5; // 125 events at 40 us: below the floor, so batches of the floor
// Small enough that the burst overflows it while the slow receiver works.
constexpr qsizetype PendingEvents = 2000;

void spin(qint64 ns)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.nsecsElapsed() < ns) {
    }
}

SessionSettings settingsFor(const BrokerFixture &broker, const QString &clientId)
{
    SessionSettings settings;
    settings.host = broker.host();
    settings.port = broker.port();
    settings.clientId = clientId;
    settings.keepAliveSeconds = 30;
    return settings;
}

} // namespace

class BatchBudgetTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSlowUiGetsBatchesItsBudgetAllowsAndEveryEventIsAccountedFor()
    {
        BrokerFixture broker;
        PINGSCOPE_REQUIRE_BROKER(broker);
        SessionHost host;
        host.setBatchBudgetMs(BudgetMs);
        host.setPendingLimits(PendingEvents, 64 * 1024 * 1024);

        std::function<void()> wakeUp;
        QHash<int, quint64> delivered;
        quint64 messagesDelivered = 0;
        QHash<int, SessionStatus> statuses;
        qint64 batches = 0;
        qsizetype largest = 0;
        int overLimit = 0;
        int accountingErrors = 0;
        quint64 lastSequence = 0;
        int outOfOrder = 0;
        bool lastMessageSeen = false;
        bool subscribed = false;
        connect(&host, &SessionHost::batchReady, this, [&](const SessionBatch &batch) {
            // The limit announced after the previous batch is the one this batch was made
            // with (the first batch has the host's initial limit).
            const qsizetype limit = host.batchLimit();
            if (limit > 0 && batch.events.size() > limit)
                ++overLimit;
            ++batches;
            largest = qMax(largest, batch.events.size());
            for (const Event &event : batch.events) {
                ++delivered[event.session];
                if (event.sequence <= lastSequence)
                    ++outOfOrder;
                lastSequence = event.sequence;
                if (event.isPacket(Protocol::PacketType::Publish, Direction::Received)) {
                    ++messagesDelivered;
                    const auto message = event.publish();
                    lastMessageSeen =
                        lastMessageSeen ||
                        (message && message->payload == QByteArray::number(Messages - 1));
                }
            }
            for (const SessionStatus &status : batch.statuses) {
                statuses.insert(status.id, status);
                if (delivered.value(status.id) + status.eventsDropped != status.eventsRecorded)
                    ++accountingErrors;
            }
            spin(ReceiverCostPerEventNs * batch.events.size());
            if (wakeUp)
                wakeUp();
        });
        connect(&host, &SessionHost::subscribeCompleted, this, [&] {
            subscribed = true;
            if (wakeUp)
                wakeUp();
        });

        const int sub = host.createSession(settingsFor(broker, QStringLiteral("budget-sub")));
        const int pub = host.createSession(settingsFor(broker, QStringLiteral("budget-pub")));
        host.open(sub);
        host.open(pub);
        const auto connected = [&](int id) {
            return statuses.value(id).state == Session::State::Connected;
        };
        QVERIFY(
            waitInEventLoop([&] { return connected(sub) && connected(pub); }, TimeoutMs, wakeUp));
        const QString topic = QStringLiteral("pingscope/test/budget");
        host.subscribe(sub, {Protocol::Subscription{topic, 0}});
        QVERIFY(waitInEventLoop([&] { return subscribed; }, TimeoutMs, wakeUp));

        const qint64 batchesBefore = batches;
        Protocol::PublishPacket message;
        message.topic = topic;
        for (int i = 0; i < Messages; ++i) {
            message.payload = QByteArray::number(i);
            host.publish(pub, message);
        }
        // The newest events are never the ones dropped: the last message always arrives.
        QVERIFY(waitInEventLoop([&] { return lastMessageSeen; }, 6 * TimeoutMs, wakeUp));

        const SessionStatus subStatus = statuses.value(sub);
        qInfo("%lld batches for the burst, largest %lld events, limit now %lld; subscriber: %llu "
              "delivered + %llu dropped of %llu recorded; messages: %llu delivered + %llu "
              "dropped of %lld received",
              batches - batchesBefore, qint64(largest), qint64(host.batchLimit()),
              delivered.value(sub), subStatus.eventsDropped, subStatus.eventsRecorded,
              messagesDelivered, subStatus.messagesDropped, subStatus.messagesReceived);
        QCOMPARE(overLimit, 0);
        QCOMPARE(accountingErrors, 0);
        QCOMPARE(outOfOrder, 0);
        // 40 us per event is far over a 5 ms budget: the floor.
        QCOMPARE(host.batchLimit(), SessionHost::MinimumBatchLimit);
        QCOMPARE(subStatus.messagesReceived, qint64(Messages));
        // The burst overflowed the pending bound, and every message is accounted for.
        QVERIFY(largest <= PendingEvents);
        QVERIFY(subStatus.messagesDropped > 0);
        QVERIFY(subStatus.messagesDropped <= subStatus.eventsDropped);
        QCOMPARE(messagesDelivered + subStatus.messagesDropped, quint64(Messages));
        QVERIFY(subStatus.eventsRecorded >= quint64(Messages));
    }

    void noBudgetMeansOneBatchTakesAllThatWaits()
    {
        SessionHost host;
        host.setBatchBudgetMs(0);
        std::function<void()> wakeUp;
        bool batched = false;
        connect(&host, &SessionHost::batchReady, this, [&] {
            batched = true;
            if (wakeUp)
                wakeUp();
        });
        host.createSession(SessionSettings());
        QVERIFY(waitInEventLoop([&] { return batched; }, TimeoutMs, wakeUp));
        QCOMPARE(host.batchLimit(), qsizetype(0));
    }
};

QTEST_MAIN(BatchBudgetTest)
#include "tst_batchbudget.moc"
