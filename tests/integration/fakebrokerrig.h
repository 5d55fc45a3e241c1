#pragma once

#include "eventrecorder.h"
#include "fakebroker.h"
#include "protocol/packetsummary.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QString>
#include <QTest>

// One FakeBroker and one Session pointed at it, with the session's events recorded: the
// fixture of the FakeBroker integration tests. A test class makes one per test in init() and
// calls reportIfFailed() in cleanup(), so any failed assertion prints the timeline.
struct FakeBrokerRig
{
    static constexpr int NetworkTimeoutMs = 5000;

    // Declared in this order so they are destroyed recorder first, broker last.
    FakeBroker broker;
    PingScope::Session session;
    EventRecorder events{session};

    // Settings for `session` against `broker`: a client ID unique to this run, keep-alive 60 s
    // (so no PINGREQ gets in the way unless a test asks for one), and reconnects after 100 ms
    // without jitter, so tests that expect one do not wait a second.
    PingScope::SessionSettings settings(const QString &tag,
                                        PingScope::Protocol::ProtocolVersion version =
                                            PingScope::Protocol::ProtocolVersion::V5) const
    {
        PingScope::SessionSettings s;
        s.host = broker.host();
        s.port = broker.port();
        s.version = version;
        s.clientId =
            QStringLiteral("ps-fake-%1-%2").arg(tag).arg(QCoreApplication::applicationPid());
        s.keepAliveSeconds = 60;
        s.reconnect.initialDelayMs = 100;
        s.reconnect.maximumDelayMs = 400;
        s.reconnect.jitter = 0;
        return s;
    }

    // Applies `s` and opens the session; false if the settings were refused.
    bool open(const PingScope::SessionSettings &s)
    {
        session.setSettings(s);
        return session.open().isEmpty();
    }

    // Opens and waits for the "connected" event.
    bool openConnected(const PingScope::SessionSettings &s)
    {
        return open(s) && events.waitFor(QStringLiteral("connected"), NetworkTimeoutMs);
    }

    // The first event named `name` (a default Event if there is none: check the count first).
    PingScope::Event first(const QString &name) const { return events.named(name).value(0); }

    // The time the session last recorded sending a packet of `type`; -1 if it never did.
    qint64 lastSentNs(PingScope::Protocol::PacketType type) const
    {
        qint64 time = -1;
        for (const PingScope::Event &event : events.events()) {
            if (event.isPacket(type, PingScope::Direction::Sent))
                time = event.timeNs;
        }
        return time;
    }

    // What the session recorded and what the broker received, for a failed test's output.
    QString report() const
    {
        QString text =
            QStringLiteral("Session events:\n") + events.dump() +
            QStringLiteral("FakeBroker received (%1 connections):\n").arg(broker.connectionCount());
        for (const PingScope::Protocol::DecodedPacket &packet : broker.receivedPackets())
            text += QStringLiteral("  ") +
                    PingScope::Protocol::packetSummary(packet.packet, broker.connectionVersion()) +
                    QLatin1Char('\n');
        if (broker.decodeError().isError())
            text += QStringLiteral("  decode error: %1\n").arg(broker.decodeError().message);
        return text;
    }

    void reportIfFailed() const
    {
        if (QTest::currentTestFailed())
            qInfo().noquote() << report();
    }
};

// QVERIFY2 with the rig's report as the message.
#define RIG_VERIFY(rig, condition) QVERIFY2(condition, qPrintable((rig).report()))
