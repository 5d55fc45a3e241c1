// Naming the owner of a received will: exact broker and topic, never the receiver itself,
// the most recently lost of several owners (a lost one before a connected one), and how
// setWill, clearWill, linkLost and linkUp change the answer.

#include "monitor/willtracker.h"

#include <QTest>

using namespace PingScope;
using Owner = WillTracker::Owner;

namespace {

constexpr qint64 S = 1'000'000'000;

const QString Broker = QStringLiteral("127.0.0.1:1883");
const QString Topic = QStringLiteral("status/sensor-1");

} // namespace

class TestWillTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nobodyOwnsAnUnknownTopic()
    {
        WillTracker tracker;
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QCOMPARE(owner.session, 0);
        QCOMPARE(owner.lostNs, qint64(-1));
    }

    void theOwnerIsNamedWithTheTimeItsLinkWentDown()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.linkLost(1, 5 * S);
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QCOMPARE(owner.session, 1);
        QCOMPARE(owner.lostNs, 5 * S);
    }

    void aConnectedOwnerHasNoLossTime()
    {
        // A take-over's will can arrive before the old session notices its close.
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QCOMPARE(owner.session, 1);
        QCOMPARE(owner.lostNs, qint64(-1));
    }

    void aLinkLostAtTimeZeroStillCountsAsLost()
    {
        WillTracker tracker;
        tracker.setWill(3, Broker, Topic); // connected, and first in line
        tracker.setWill(1, Broker, Topic);
        tracker.linkLost(1, 0);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 1);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).lostNs, qint64(0));
    }

    void theReceiverIsNeverItsOwnOwner()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.linkLost(1, 5 * S);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 1).session, 0);
    }

    void brokerAndTopicMustMatchExactly()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        QCOMPARE(tracker.ownerOf(QStringLiteral("127.0.0.1:1884"), Topic, 2).session, 0);
        QCOMPARE(tracker.ownerOf(Broker, QStringLiteral("status/Sensor-1"), 2).session, 0);
        QCOMPARE(tracker.ownerOf(Broker, QStringLiteral("status/sensor-1/"), 2).session, 0);
        QCOMPARE(tracker.ownerOf(Broker, QStringLiteral("status/+"), 2).session, 0);
    }

    void theMostRecentlyLostOfSeveralOwnersIsNamed()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.setWill(3, Broker, Topic);
        tracker.setWill(4, Broker, Topic);
        tracker.linkLost(3, 7 * S);
        tracker.linkLost(1, 5 * S);
        tracker.linkLost(4, 6 * S);
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QCOMPARE(owner.session, 3);
        QCOMPARE(owner.lostNs, 7 * S);
        // The latest loss wins, whatever the order of registration.
        tracker.linkLost(1, 8 * S);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 1);
    }

    void aLostOwnerIsPreferredToAConnectedOne()
    {
        WillTracker tracker;
        tracker.setWill(3, Broker, Topic);
        tracker.linkLost(3, 5 * S);
        tracker.setWill(1, Broker, Topic); // registered later, still connected
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 3);
    }

    void linkUpMakesTheOwnerConnectedAgain()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.setWill(3, Broker, Topic);
        tracker.linkLost(1, 5 * S);
        tracker.linkLost(3, 6 * S);
        tracker.linkUp(3);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 1);
        tracker.linkUp(1);
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QVERIFY(owner.session == 1 || owner.session == 3);
        QCOMPARE(owner.lostNs, qint64(-1));
    }

    void setWillReplacesTheSessionsPreviousWill()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.linkLost(1, 5 * S);
        tracker.setWill(1, Broker, QStringLiteral("status/renamed"));
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 0);
        const Owner owner = tracker.ownerOf(Broker, QStringLiteral("status/renamed"), 2);
        QCOMPARE(owner.session, 1);
        QCOMPARE(owner.lostNs, qint64(-1)); // a will is set as the link comes up
    }

    void clearWillForgetsTheOwner()
    {
        WillTracker tracker;
        tracker.setWill(1, Broker, Topic);
        tracker.setWill(3, Broker, Topic);
        tracker.linkLost(1, 5 * S);
        tracker.clearWill(1);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 3);
        tracker.clearWill(3);
        QCOMPARE(tracker.ownerOf(Broker, Topic, 2).session, 0);
    }

    void reportsAboutSessionsWithoutAWillAreHarmless()
    {
        WillTracker tracker;
        tracker.linkLost(9, 5 * S);
        tracker.linkUp(9);
        tracker.clearWill(9);
        tracker.setWill(1, Broker, Topic);
        tracker.linkLost(9, 6 * S);
        const Owner owner = tracker.ownerOf(Broker, Topic, 2);
        QCOMPARE(owner.session, 1);
        QCOMPARE(owner.lostNs, qint64(-1));
    }
};

QTEST_APPLESS_MAIN(TestWillTracker)
#include "tst_willtracker.moc"
