// The events CSV export: a header and one row per event, every row with the header's
// column count; RFC 4180 quoting survives commas, quotes and line breaks in summaries; the
// columns hold what they say; a CONNECT's password never appears.

#include "csvreading.h"
#include "monitor/eventcsv.h"
#include "protocol/codec.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

const QByteArray Password = QByteArrayLiteral("csv-secret-7f3a");
constexpr qint64 StartNs = 5'000'000'000;

Event packet(const Packet &packet, Direction direction, qint64 offsetMs, quint64 sequence)
{
    Event event;
    event.sequence = sequence;
    event.timeNs = StartNs + offsetMs * 1'000'000;
    event.session = 3;
    event.direction = direction;
    event.packetType = packetType(packet);
    event.version = ProtocolVersion::V5;
    const QByteArray raw = encodePacketUnchecked(packet, ProtocolVersion::V5);
    event.raw = event.packetType == PacketType::Connect ? maskSecrets(raw, event.version) : raw;
    return event;
}

EventHistory scriptedHistory()
{
    EventHistory history;
    quint64 sequence = 1;
    Event connecting;
    connecting.kind = EventKind::Connecting;
    connecting.timeNs = StartNs;
    connecting.session = 3;
    connecting.sequence = sequence++;
    connecting.text = QStringLiteral("127.0.0.1:1883 (TCP)");
    history.append(connecting);

    ConnectPacket connect;
    connect.protocolVersion = ProtocolVersion::V5;
    connect.clientId = QStringLiteral("csv \"quoted\", client");
    connect.userName = QStringLiteral("alice");
    connect.password = Password;
    connect.will = Will{QStringLiteral("wills/a,b\nline two"), "gone", 1, false, {}};
    history.append(packet(connect, Direction::Sent, 2, sequence++));
    history.append(packet(ConnackPacket{}, Direction::Received, 4, sequence++));

    Event connected;
    connected.kind = EventKind::Connected;
    connected.timeNs = StartNs + 4'000'000;
    connected.session = 3;
    connected.sequence = sequence++;
    connected.keepAlive = 30;
    connected.text = connect.clientId;
    history.append(connected);

    Event pingreq = packet(PingreqPacket{}, Direction::Sent, 1500, sequence++);
    pingreq.valueNs = 250'000; // 0.25 ms late
    history.append(pingreq);
    Event pingresp = packet(PingrespPacket{}, Direction::Received, 1503, sequence++);
    pingresp.valueNs = 3'125'000; // RTT 3.125 ms
    history.append(pingresp);

    PublishPacket publish;
    publish.topic = QStringLiteral("sensors/\"hall\",1");
    publish.payload = "21.5";
    history.append(packet(publish, Direction::Received, 2000, sequence++));
    return history;
}

QString exportCsv(const EventHistory &history)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    const ClockOrigin origin{StartNs, QDateTime(QDate(2026, 3, 4), QTime(10, 20, 30, 400))};
    if (!writeEventsCsv(&buffer, history, origin, &error))
        qWarning("%s", qPrintable(error));
    return QString::fromUtf8(buffer.data());
}

} // namespace

class TestEventCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRowHasTheHeadersColumns()
    {
        const EventHistory history = scriptedHistory();
        QString problem;
        const QList<QStringList> rows = parseCsv(exportCsv(history), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(rows.size(), history.size() + 1);
        QCOMPARE(rows[0], eventCsvHeader());
        QCOMPARE(rows[0].size(), 9);
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), rows[0].size());
    }

    void quotedFieldsComeBackIntact()
    {
        QString problem;
        const QList<QStringList> rows = parseCsv(exportCsv(scriptedHistory()), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QStringList connect = rows[2];
        QCOMPARE(connect[3], QStringLiteral("packet"));
        QCOMPARE(connect[5], QStringLiteral("CONNECT"));
        QVERIFY2(connect[8].contains(QStringLiteral("client-id=\"csv \"quoted\", client\"")),
                 qPrintable(connect[8]));
        QVERIFY2(connect[8].contains(QStringLiteral("will=\"wills/a,b\nline two\"")),
                 qPrintable(connect[8]));
        QVERIFY(rows[4][8].contains(QStringLiteral("csv \"quoted\", client")));
        QVERIFY(rows[7][8].contains(QStringLiteral("sensors/\"hall\",1")));
    }

    void columnsHoldWhatTheySay()
    {
        QString problem;
        const QList<QStringList> rows = parseCsv(exportCsv(scriptedHistory()), &problem);
        const QStringList connecting = rows[1];
        const QDateTime at(QDate(2026, 3, 4), QTime(10, 20, 30, 400));
        QVERIFY2(connecting[0].startsWith(at.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))),
                 qPrintable(connecting[0]));
        QVERIFY2(QRegularExpression(QStringLiteral("[+-]\\d\\d:\\d\\d$"))
                     .match(connecting[0])
                     .hasMatch(),
                 qPrintable(connecting[0]));
        QCOMPARE(connecting[1], QStringLiteral("0.000000"));
        QCOMPARE(connecting[2], QStringLiteral("3"));
        QCOMPARE(connecting[3], QStringLiteral("connecting"));
        QVERIFY(connecting[4].isEmpty() && connecting[5].isEmpty() && connecting[6].isEmpty());

        const QStringList pingreq = rows[5];
        QCOMPARE(pingreq[1], QStringLiteral("1.500000"));
        QCOMPARE(pingreq[3], QStringLiteral("pingreq"));
        QCOMPARE(pingreq[4], QStringLiteral("sent"));
        QCOMPARE(pingreq[5], QStringLiteral("PINGREQ"));
        QCOMPARE(pingreq[6], QStringLiteral("2"));
        QCOMPARE(pingreq[7], QStringLiteral("0.250"));
        const QStringList pingresp = rows[6];
        QCOMPARE(pingresp[3], QStringLiteral("pingresp"));
        QCOMPARE(pingresp[4], QStringLiteral("received"));
        QCOMPARE(pingresp[7], QStringLiteral("3.125"));
        QCOMPARE(rows[7][3], QStringLiteral("message"));
        QCOMPARE(rows[7][7], QString()); // no value for a message
    }

    void thePasswordNeverAppears()
    {
        const QString csv = exportCsv(scriptedHistory());
        QVERIFY(!csv.contains(QString::fromLatin1(Password)));
        QVERIFY(csv.contains(QStringLiteral("password=***")));
    }

    void anUnwritableDeviceIsAnError()
    {
        QBuffer closed;
        QString error;
        QVERIFY(!writeEventsCsv(&closed, scriptedHistory(), {}, &error));
        QVERIFY(!error.isEmpty());
    }

    void fieldsAreQuotedOnlyWhenNeeded()
    {
        QCOMPARE(csvField(QStringLiteral("plain text")), QStringLiteral("plain text"));
        QCOMPARE(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(csvField(QStringLiteral("two\r\nlines")), QStringLiteral("\"two\r\nlines\""));
    }
};

QTEST_APPLESS_MAIN(TestEventCsv)
#include "tst_eventcsv.moc"
