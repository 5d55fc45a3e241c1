// The exports of a real session's history (the inspector's EventHistory) against mosquitto:
// the pcap (writeEventsPcap) follows as TCP in the tests' own reader, carries exactly the
// session's packet bytes per direction, and tshark, where installed, decodes every packet
// as MQTT; the CSV has a row per event. The sent CONNECT carries its socket's endpoints,
// which is all the export needs. The CONNECT's password appears in neither file.

#include "eventrecorder.h"
#include "monitor/eventcsv.h"
#include "monitor/eventhistory.h"
#include "monitor/linkendpoints.h"
#include "monitor/pcapexport.h"
#include "pcapreader.h"
#include "sessionclient.h"
#include "sessiontesthelpers.h"

#include <QBuffer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = 5000;
const QByteArray Password = QByteArrayLiteral("history-secret-5EC2E7");

} // namespace

class HistoryExportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        PINGSCOPE_REQUIRE_BROKER(m_broker);
        runSession();
    }

    void theConnectCarriesItsEndpoints()
    {
        const Event &connect = m_history.at(firstPacket(PacketType::Connect));
        const LinkEndpoints endpoints = LinkEndpoints::fromText(connect.text);
        QVERIFY2(endpoints.isValid(), qPrintable(connect.text));
        QCOMPARE(endpoints.brokerPort, m_broker.port());
        QCOMPARE(endpoints.clientAddress, QHostAddress(m_broker.host()));
    }

    void thePcapHoldsTheSessionsBytes()
    {
        QCOMPARE(m_skipped, 0);
        const PcapReading::Capture capture = PcapReading::readCapture(m_pcap);
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        QStringList problems;
        const auto [sent, received] = PcapReading::followConnection(capture.segments, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QByteArray expectedSent, expectedReceived;
        for (qsizetype i = 0; i < m_history.size(); ++i) {
            const Event &event = m_history.at(i);
            if (event.isPacket())
                (event.direction == Direction::Sent ? expectedSent : expectedReceived) += event.raw;
        }
        QCOMPARE(sent, expectedSent);
        QCOMPARE(received, expectedReceived);
        QVERIFY(!m_pcap.contains(Password));
    }

    void tsharkDecodesEveryPacketAsMqtt()
    {
        const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
        if (tshark.isEmpty())
            QSKIP("tshark is not on PATH (Debian: apt-get install tshark)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("history.pcap"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(m_pcap), m_pcap.size());
        file.close();
        QProcess process;
        process.start(tshark, {QStringLiteral("-r"), path, QStringLiteral("-d"),
                               QStringLiteral("tcp.port==%1,mqtt").arg(m_broker.port()),
                               QStringLiteral("-T"), QStringLiteral("fields"), QStringLiteral("-E"),
                               QStringLiteral("aggregator=|"), QStringLiteral("-e"),
                               QStringLiteral("mqtt.msgtype")});
        QVERIFY2(process.waitForFinished(60'000), qPrintable(process.errorString()));
        QCOMPARE(process.exitCode(), 0);
        QStringList decoded;
        for (const QString &line :
             QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts))
            decoded += line.split(u'|');
        QStringList expected;
        for (qsizetype i = 0; i < m_history.size(); ++i) {
            if (m_history.at(i).isPacket())
                expected << QString::number(int(m_history.at(i).packetType));
        }
        QCOMPARE(decoded, expected);
    }

    void theCsvHasARowPerEvent()
    {
        const QStringList lines =
            QString::fromUtf8(m_csv).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        // No summary of this session holds a line break: one line per row.
        QCOMPARE(lines.size(), m_history.size() + 1);
        QVERIFY(lines[0].startsWith(QStringLiteral("time,seconds,session,event")));
        QVERIFY(!m_csv.contains(Password));
        QVERIFY(m_csv.contains("password=***"));
    }

private:
    void runSession()
    {
        SessionSettings settings = sessionSettingsFor(m_broker, QStringLiteral("history"), 1);
        settings.version = ProtocolVersion::V5;
        settings.userName = QStringLiteral("history-user");
        settings.password = Password;
        SessionClient client(settings);
        quint64 sequence = 0;
        connect(&client.session, &Session::eventRecorded, &client.recorder,
                [&](const Event &event) {
                    Event stamped = event; // the EventLog's stamp, as the UI's events have
                    stamped.sequence = ++sequence;
                    m_history.append(stamped);
                });
        const ClockOrigin origin{client.session.now(), QDateTime::currentDateTime()};
        QVERIFY2(openAndWaitConnected(client), qPrintable(client.recorder.dump()));
        const QString topic = QStringLiteral("pingscope/test/history/") + settings.clientId;
        QVERIFY2(subscribeAndWait(client, topic, 1), qPrintable(client.recorder.dump()));
        QVERIFY(client.session.publish(makeMessage(topic, "exported", 1)).ok);
        QVERIFY2(client.recorder.waitForCount(QStringLiteral("pingresp"), 1, TimeoutMs),
                 qPrintable(client.recorder.dump()));
        QVERIFY2(client.recorder.messages().size() >= 1, qPrintable(client.recorder.dump()));
        client.session.close();
        QVERIFY2(client.recorder.waitFor(QStringLiteral("disconnected"), TimeoutMs),
                 qPrintable(client.recorder.dump()));

        QBuffer pcap(&m_pcap);
        QVERIFY(pcap.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(writeEventsPcap(&pcap, m_history, origin, &error, &m_skipped), qPrintable(error));
        QBuffer csv(&m_csv);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        QVERIFY2(writeEventsCsv(&csv, m_history, origin, &error), qPrintable(error));
    }

    qsizetype firstPacket(PacketType type) const
    {
        for (qsizetype i = 0; i < m_history.size(); ++i) {
            if (m_history.at(i).isPacket() && m_history.at(i).packetType == type)
                return i;
        }
        return -1;
    }

    BrokerFixture m_broker;
    EventHistory m_history;
    QByteArray m_pcap;
    QByteArray m_csv;
    qint64 m_skipped = -1;
};

QTEST_GUILESS_MAIN(HistoryExportTest)
#include "tst_historyexport.moc"
