#pragma once

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "session/session.h"
#include "sessiontesthelpers.h"
#include "timerlatenessprobe.h"

#include <QString>

#include <algorithm>

// A session that must not notice a thing: connected to a real mosquitto, in the same process
// and on the same thread as sessions a FakeBroker abuses, it keeps its link and pings on time
// throughout ("other sessions unaffected"). A test class starts it in initTestCase() and
// checks it after each test with BYSTANDER_VERIFY.
class Bystander
{
public:
    // 2 s, not 1: mosquitto counts whole seconds and drops a keep-alive-1 client whose
    // ping is late enough to leave one whole second empty, and under ASan pings here may be
    // a second late. At 2 s it waits for more than 3 s of silence.
    static constexpr int KeepAliveSeconds = 2;
    // How late its PINGREQs may go out. The waits of the FakeBroker tests (QTest::qWaitFor)
    // sleep 10 ms between rounds and the machine may be shared, so this is not the idle
    // target of DESIGN.md: it catches a session that blocks the thread, as handling a burst
    // of 100,000 packets in one go did (hundreds of ms). See also latenessBoundNs().
    // Under AddressSanitizer (the asan preset) the hostile sessions' decoding runs several
    // times slower, so their 5 ms slices are longer and a shared machine stretches them
    // further (PINGREQs 0.75-1.2 s late were seen with a load average of 7); a blocked
    // thread would still be late by the whole burst, seconds, and is still caught.
#if defined(__SANITIZE_ADDRESS__)
    static constexpr qint64 MaximumLatenessNs = 1'500'000'000;
#else
    static constexpr qint64 MaximumLatenessNs = 100'000'000;
#endif

    BrokerFixture broker;
    PingScope::Session session;
    EventRecorder events{session};

    // Opens the session on `broker`, which must be started; empty if it connected.
    QString connect()
    {
        session.setSettings(
            sessionSettingsFor(broker, QStringLiteral("bystander"), KeepAliveSeconds));
        if (!session.open().isEmpty())
            return QStringLiteral("the bystander's settings were refused");
        if (!events.waitFor(QStringLiteral("connected"), 5000))
            return QStringLiteral("the bystander did not connect:\n") + events.dump();
        m_connectedNs = session.now();
        m_machine.start();
        return QString();
    }

    // Waits for two more PINGRESPs than seen so far: the session still pings (bounded by
    // four keep-alive periods per ping).
    bool waitForMorePings()
    {
        const int pings = events.count(QStringLiteral("pingresp"));
        return events.waitForCount(QStringLiteral("pingresp"), pings + 2, 4000 * KeepAliveSeconds);
    }

    // How late a PINGREQ sent at `sentNs`, `latenessNs` after it was due, may be:
    // MaximumLatenessNs, unless the machine itself held a thread of its own back longer
    // since connect() (cores shared with other work), then that plus 20 ms, as in
    // tst_sessionhost; plus whatever CPU time the hypervisor stole while the ping was due.
    // A thread blocked by a session moves neither.
    qint64 latenessBoundNs(qint64 sentNs, qint64 latenessNs) const
    {
        return std::max(MaximumLatenessNs, m_machine.maximumLatenessNs() + 20'000'000) +
               m_machine.stolenNsBetween(sentNs - latenessNs, sentNs);
    }

    // For a failure's message: what the hypervisor took while that ping was due.
    QString stolenText(qint64 sentNs, qint64 latenessNs) const
    {
        return PingScope::durationText(m_machine.stolenNsBetween(sentNs - latenessNs, sentNs));
    }

    // Empty while all is well: still connected on its first connection, no error, every
    // PINGREQ but the last answered and none late, and as many as the time since connect()
    // asks for (one a keep-alive, give or take one).
    QString problems() const
    {
        QString found;
        if (!session.isConnected())
            found += QStringLiteral("not connected; ");
        for (const char *name : {"error", "disconnected", "ping-timeout", "closed-by-broker"}) {
            if (events.count(QLatin1String(name)) > 0)
                found += QStringLiteral("%1 %2 event(s); ")
                             .arg(events.count(QLatin1String(name)))
                             .arg(QLatin1String(name));
        }
        const QList<PingScope::Event> pings = events.named(QStringLiteral("pingreq"));
        const int answered = events.count(QStringLiteral("pingresp"));
        if (answered < pings.size() - 1)
            found += QStringLiteral("%1 PINGREQ, %2 answered; ").arg(pings.size()).arg(answered);
        const qint64 expected = (session.now() - m_connectedNs) / 1'000'000'000 / KeepAliveSeconds;
        if (pings.size() < expected - 1)
            found += QStringLiteral("%1 PINGREQ in %2 s; ").arg(pings.size()).arg(expected);
        for (const PingScope::Event &ping : pings) {
            if (ping.valueNs > latenessBoundNs(ping.timeNs, ping.valueNs))
                found += QStringLiteral("a PINGREQ %1 late (%2 stolen by the host meanwhile); ")
                             .arg(PingScope::durationText(ping.valueNs),
                                  stolenText(ping.timeNs, ping.valueNs));
        }
        if (found.isEmpty())
            return found;
        return QStringLiteral("the bystander noticed: ") + found;
    }

    // The largest PINGREQ lateness seen, for reports; -1 before the first.
    qint64 maximumLatenessNs() const
    {
        qint64 maximum = -1;
        for (const PingScope::Event &ping : events.named(QStringLiteral("pingreq")))
            maximum = std::max(maximum, ping.valueNs);
        return maximum;
    }

private:
    qint64 m_connectedNs = 0;
    TimerLatenessProbe m_machine; // read while it runs: its maximum is an atomic
};

// Fails the test if `bystander` noticed anything, with its timeline on stderr.
#define BYSTANDER_VERIFY(bystander)                                                                \
    do {                                                                                           \
        const QString noticed_ = (bystander).problems();                                           \
        PINGSCOPE_VERIFY_OR_DUMP(noticed_.isEmpty(),                                               \
                                 noticed_ + QLatin1Char('\n') + (bystander).events.dump());        \
    } while (false)
