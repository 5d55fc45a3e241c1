// A capture of a real session against mosquitto, written by PcapWriter from the session's
// events, read by tshark: every MQTT packet the session recorded is decoded as MQTT, with
// the right type and in order, and tshark's TCP analysis and checksum validation find
// nothing wrong. Two connections in one file (a close and a reopen: a new client port).
// Needs tshark on PATH: skipped without it, unless under CI or PINGSCOPE_REQUIRE_TSHARK.

#include "eventrecorder.h"
#include "monitor/pcapwriter.h"
#include "sessionclient.h"
#include "sessiontesthelpers.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = 5000;
const QByteArray Password = QByteArrayLiteral("pcap-secret-0xC0FFEE");

// Expert info severities (epan/proto.h): chat 0x00200000, note 0x00400000, warn, error.
constexpr qint64 SeverityNote = 0x00400000;

// Feeds a session's events to a PcapWriter the way an application would: a connection
// starts at its first packet (the CONNECT: the socket is open then) and ends when the
// session says so.
struct CaptureFeed
{
    PcapWriter writer;
    QList<Event> packets;
    QList<LinkEndpoints> connections;

    explicit CaptureFeed(QIODevice *device)
        : writer(device)
    {}

    void record(const Session &session, const Event &event)
    {
        if (event.isPacket()) {
            if (!writer.hasConnection()) {
                connections.append(session.linkEndpoints());
                writer.beginConnection(connections.last(), event.timeNs);
            }
            if (writer.writePacket(event))
                packets.append(event);
        } else if (event.kind == EventKind::Disconnected) {
            writer.endConnection(event.timeNs);
        } else if (event.kind == EventKind::ClosedByBroker) {
            writer.endConnection(event.timeNs, Direction::Received);
        }
    }
};

int countSent(const EventRecorder &recorder, PacketType type)
{
    int n = 0;
    for (const Event &event : recorder.events())
        n += event.isPacket(type, Direction::Sent) ? 1 : 0;
    return n;
}

} // namespace

class PcapTsharkTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    void aRealSessionDecodesAsMqtt_data() { addProtocolVersionRows(); }

    void aRealSessionDecodesAsMqtt()
    {
        QFETCH(ProtocolVersion, version);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("session.pcap"));
        // A failing run keeps its capture, for a look with Wireshark.
        const auto keepOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed()) {
                dir.setAutoRemove(false);
                qInfo("capture kept: %s", qPrintable(path));
            }
        });
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        CaptureFeed feed(&file);

        SessionSettings settings = sessionSettingsFor(
            m_broker, QStringLiteral("pcap-") + QLatin1String(QTest::currentDataTag()), 1);
        settings.version = version;
        settings.userName = QStringLiteral("pcap-user");
        settings.password = Password;
        SessionClient client(settings);
        Session &session = client.session;
        feed.writer.setClockOrigin(session.now(), QDateTime::currentDateTimeUtc());
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        connect(&session, &Session::eventRecorded, &client.recorder,
                [&](const Event &event) { feed.record(session, event); });

        // The first connection: subscribe, publish at QoS 0, 1 and 2 to ourselves, ping.
        QVERIFY2(openAndWaitConnected(client), qPrintable(client.recorder.dump()));
        const QString topic = QStringLiteral("pingscope/test/pcap/") + session.clientId();
        QVERIFY2(subscribeAndWait(client, topic, 2), qPrintable(client.recorder.dump()));
        for (quint8 qos = 0; qos <= 2; ++qos)
            QVERIFY(
                session
                    .publish(makeMessage(topic, "captured at QoS " + QByteArray::number(qos), qos))
                    .ok);
        const bool flowed = waitForSessions(
            {&session},
            [&] {
                return client.recorder.messages().size() >= 3 && client.completed.size() >= 2 &&
                       countSent(client.recorder, PacketType::Pubcomp) >= 1;
            },
            TimeoutMs);
        QVERIFY2(flowed, qPrintable(client.recorder.dump()));
        QVERIFY2(client.recorder.waitForCount(QStringLiteral("pingresp"), 2, TimeoutMs),
                 qPrintable(client.recorder.dump()));
        session.close();
        QVERIFY2(client.recorder.waitFor(QStringLiteral("disconnected"), TimeoutMs),
                 qPrintable(client.recorder.dump()));

        // The second: a new client port in the same file.
        QVERIFY2(openAndWaitConnected(client), qPrintable(client.recorder.dump()));
        QVERIFY2(client.recorder.waitForCount(QStringLiteral("pingresp"), 3, TimeoutMs),
                 qPrintable(client.recorder.dump()));
        session.close();
        QVERIFY2(client.recorder.waitForCount(QStringLiteral("disconnected"), 2, TimeoutMs),
                 qPrintable(client.recorder.dump()));
        QVERIFY(!feed.writer.hasConnection());
        QVERIFY2(!feed.writer.hasError(), qPrintable(feed.writer.errorString()));
        file.close();

        QCOMPARE(feed.connections.size(), 2);
        for (const LinkEndpoints &endpoints : feed.connections) {
            QVERIFY(endpoints.isValid());
            QCOMPARE(endpoints.brokerPort, m_broker.port());
        }
        QVERIFY(feed.connections[0].clientPort != feed.connections[1].clientPort);
        int recordedPackets = 0;
        for (const Event &event : client.recorder.events())
            recordedPackets += event.isPacket() ? 1 : 0;
        QCOMPARE(feed.packets.size(), recordedPackets); // none outside a connection

        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        file.close();
        QVERIFY(!bytes.contains(Password));

        const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
        if (tshark.isEmpty()) {
            if (qEnvironmentVariableIsSet("PINGSCOPE_REQUIRE_TSHARK") ||
                BrokerFixture::runningUnderCi())
                QFAIL("tshark is not on PATH, and CI or PINGSCOPE_REQUIRE_TSHARK requires it");
            QSKIP("tshark is not on PATH (Debian: apt-get install tshark); the capture was "
                  "written but not decoded");
        }
        QProcess process;
        process.start(
            tshark, {QStringLiteral("-r"), path,
                     QStringLiteral("-d"), QStringLiteral("tcp.port==%1,mqtt").arg(m_broker.port()),
                     QStringLiteral("-o"), QStringLiteral("tcp.check_checksum:TRUE"),
                     QStringLiteral("-o"), QStringLiteral("ip.check_checksum:TRUE"),
                     QStringLiteral("-T"), QStringLiteral("fields"),
                     QStringLiteral("-E"), QStringLiteral("separator=/t"),
                     QStringLiteral("-E"), QStringLiteral("aggregator=|"),
                     QStringLiteral("-e"), QStringLiteral("frame.time_epoch"),
                     QStringLiteral("-e"), QStringLiteral("mqtt.msgtype"),
                     QStringLiteral("-e"), QStringLiteral("_ws.expert.severity"),
                     QStringLiteral("-e"), QStringLiteral("_ws.expert.message")});
        QVERIFY2(process.waitForFinished(60'000), qPrintable(process.errorString()));
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        const QString report = output + QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                 qPrintable(report));

        const QStringList lines = output.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), feed.writer.packetsWritten());
        QStringList decoded;
        QStringList problems;
        for (const QString &line : lines) {
            const QStringList columns = line.split(u'\t');
            QCOMPARE(columns.size(), 4);
            if (!columns[1].isEmpty())
                decoded += columns[1].split(u'|');
            const QStringList severities = columns[2].split(u'|', Qt::SkipEmptyParts);
            const QStringList messages = columns[3].split(u'|');
            for (qsizetype i = 0; i < severities.size(); ++i) {
                const QString message = messages.value(i);
                // A FIN is a note ("This frame initiates the connection closing"): normal.
                if (severities[i].toLongLong() >= SeverityNote &&
                    !message.contains(QLatin1String("connection closing")))
                    problems << line;
            }
        }
        PINGSCOPE_VERIFY_OR_DUMP(problems.isEmpty(), problems.join(u'\n') + u'\n' + output);
        QStringList expected;
        for (const Event &event : feed.packets)
            expected << QString::number(int(event.packetType));
        PINGSCOPE_VERIFY_OR_DUMP(decoded == expected,
                                 QStringLiteral("expected %1\ndecoded  %2\n%3")
                                     .arg(expected.join(u' '), decoded.join(u' '), output));
        // Real dates: the capture starts when the test did.
        const double firstSeconds = lines.first().section(u'\t', 0, 0).toDouble();
        QVERIFY2(qAbs(firstSeconds * 1000 - double(startedMs)) < 60'000, qPrintable(lines.first()));
    }

private:
    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(PcapTsharkTest)
#include "tst_pcaptshark.moc"
