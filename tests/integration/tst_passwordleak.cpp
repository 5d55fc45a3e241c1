// No one reads a password they should not: a distinctive test password goes through every
// real path that could write it somewhere, and every output is searched for it, in every form
// it could take (as is, its ASCII part where JSON escapes the rest, hex, Base64, percent
// encoding, UTF-16):
//   - pingscope-cli, JSON and human output with --packets (which shows the CONNECT), its
//     stderr and its --pcap file, the password from PINGSCOPE_PASSWORD or --password-file;
//   - a Session in this process: every event's summary, JSON and inspector fields, a pcap of
//     it (SessionCapture), and every log line it wrote;
//   - ProfileStore: the profile file it writes and an export.
// The CONNECT in a capture keeps its length (Wireshark must still parse it): the password's
// bytes read '*', as in every event (maskSecrets).

#include "cliprocess.h"
#include "eventrecorder.h"
#include "monitor/eventjson.h"
#include "pcapreader.h"
#include "profiles/profilestore.h"
#include "session/sessioncapture.h"
#include "sessiontesthelpers.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace PingScope;

namespace {

const QString PasswordText = QStringLiteral("s3cr3t-Pa55-\u26B7"); // ends in U+26B7 (3 bytes)
const QByteArray Password = PasswordText.toUtf8();

// Every form in which the password could leak.
QList<QByteArray> leakForms()
{
    return {
        Password,
        QByteArrayLiteral("s3cr3t-Pa55"), // JSON may write the symbol as \u26b7
        Password.toHex(),
        Password.toHex().toUpper(),
        Password.toBase64(),
        QUrl::toPercentEncoding(PasswordText),
        QByteArray(reinterpret_cast<const char *>(PasswordText.utf16()), PasswordText.size() * 2)};
}

// Empty if `bytes` hold no form of the password, else what and where.
QString leakIn(const QByteArray &bytes, const QString &where)
{
    for (const QByteArray &form : leakForms()) {
        const qsizetype at = bytes.indexOf(form);
        if (at >= 0)
            return QStringLiteral("the password is in %1 (as hex %2) at byte %3")
                .arg(where, QString::fromLatin1(form.toHex()))
                .arg(at);
    }
    return QString();
}

#define VERIFY_NO_LEAK(bytes, where)                                                               \
    do {                                                                                           \
        const QString leak_ = leakIn((bytes), (where));                                            \
        QVERIFY2(leak_.isEmpty(), qPrintable(leak_));                                              \
    } while (false)

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The CONNECT a capture holds (the client's first bytes on its first connection), or
// nothing; `problems` says why the capture cannot be read.
QByteArray capturedConnect(const QByteArray &pcap, QStringList &problems)
{
    const PcapReading::Capture capture = PcapReading::readCapture(pcap);
    problems += capture.problems;
    for (const PcapReading::Segment &segment : capture.segments) {
        if (!segment.payload.isEmpty() && quint8(segment.payload.at(0)) == 0x10)
            return segment.payload;
    }
    problems << QStringLiteral("no CONNECT in the capture");
    return {};
}

// '*' as many times as the password has bytes: what a masked CONNECT carries instead.
QByteArray maskedPassword()
{
    return QByteArray(Password.size(), '*');
}

// Collects every log line written while it lives (Qt's message handler), debug included.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("pingscope.*=true"));
        m_previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &line) {
                s_lines += line.toUtf8() + '\n';
            });
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    QByteArray lines() const { return s_lines; }

private:
    static inline QByteArray s_lines;
    QtMessageHandler m_previous = nullptr;
};

} // namespace

class PasswordLeakTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    void cliOutputAndCapture_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("json");
        QTest::addColumn<bool>("fromFile");
        for (const char *version : {"3.1.1", "5"}) {
            QTest::addRow("MQTT %s, JSON, PINGSCOPE_PASSWORD", version)
                << QString::fromLatin1(version) << true << false;
            QTest::addRow("MQTT %s, text, --password-file", version)
                << QString::fromLatin1(version) << false << true;
        }
    }

    void cliOutputAndCapture()
    {
        QFETCH(QString, version);
        QFETCH(bool, json);
        QFETCH(bool, fromFile);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("PINGSCOPE_PASSWORD"));
        const QString pcap = dir.filePath(QStringLiteral("run.pcap"));
        QStringList arguments = {QStringLiteral("--host"),
                                 m_broker.host(),
                                 QStringLiteral("--port"),
                                 QString::number(m_broker.port()),
                                 QStringLiteral("--mqtt"),
                                 version,
                                 QStringLiteral("--username"),
                                 QStringLiteral("alice"),
                                 QStringLiteral("--packets"),
                                 QStringLiteral("--pcap"),
                                 pcap,
                                 QStringLiteral("--keep-alive"),
                                 QStringLiteral("1"),
                                 QStringLiteral("--duration"),
                                 QStringLiteral("1.5")};
        if (json)
            arguments << QStringLiteral("--json");
        if (fromFile) {
            const QString path = dir.filePath(QStringLiteral("password"));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(Password + '\n');
            file.close();
            arguments << QStringLiteral("--password-file") << path;
        } else {
            environment.insert(QStringLiteral("PINGSCOPE_PASSWORD"), PasswordText);
        }
        Cli cli(arguments, environment);
        CLI_FINISH(cli, 1500 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        // The CONNECT was shown, so the searches below looked where a password would be.
        QVERIFY2(cli.out().contains("CONNECT"), qPrintable(cli.dump()));
        VERIFY_NO_LEAK(cli.out(), QStringLiteral("stdout"));
        VERIFY_NO_LEAK(cli.err(), QStringLiteral("stderr"));

        const QByteArray capture = readFile(pcap);
        VERIFY_NO_LEAK(capture, QStringLiteral("the --pcap file"));
        QStringList problems;
        const QByteArray connect = capturedConnect(capture, problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(connect.contains(maskedPassword()), connect.toHex(' ').constData());
    }

    // The in-process paths the desktop app uses: events (their summaries, JSON, inspector
    // fields), a capture of them, and the log.
    void sessionEventsCaptureAndLog_data() { addProtocolVersionRows(); }

    void sessionEventsCaptureAndLog()
    {
        QFETCH(Protocol::ProtocolVersion, version);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SessionCapture capture;
        QString error;
        const QString pcap = dir.filePath(QStringLiteral("session.pcap"));
        QVERIFY2(capture.open(pcap, &error), qPrintable(error));
        QByteArray log;
        QByteArray eventText;
        {
            const LogCapture logs;
            Session session;
            EventRecorder recorder(session);
            connect(&session, &Session::eventRecorded, &session,
                    [&](const Event &event) { capture.record(session, event); });
            SessionSettings settings = sessionSettingsFor(m_broker, QStringLiteral("leak"));
            settings.version = version;
            settings.userName = QStringLiteral("alice");
            settings.password = Password;
            session.setSettings(settings);
            QVERIFY(session.open().isEmpty());
            QVERIFY2(recorder.waitForCount(QStringLiteral("pingresp"), 1, 5000),
                     qPrintable(recorder.dump()));
            session.close();
            QVERIFY(recorder.waitFor(QStringLiteral("disconnected"), 5000));
            bool sawConnect = false;
            for (const Event &event : recorder.events()) {
                sawConnect |= event.isPacket(Protocol::PacketType::Connect, Direction::Sent);
                eventText += event.summary().toUtf8() + '\n' + event.raw + '\n' +
                             jsonLine(eventToJson(event, 0)) + '\n';
                for (const Protocol::FieldRange &field : event.fields())
                    eventText += field.name.toUtf8() + ": " + field.value.toUtf8() + '\n';
            }
            QVERIFY(sawConnect);
            log = logs.lines();
        }
        QVERIFY2(capture.close(&error), qPrintable(error));
        QVERIFY(!log.isEmpty()); // the session did log: the search means something
        VERIFY_NO_LEAK(log, QStringLiteral("the log"));
        VERIFY_NO_LEAK(eventText, QStringLiteral("the events"));
        const QByteArray bytes = readFile(pcap);
        VERIFY_NO_LEAK(bytes, QStringLiteral("the capture"));
        QStringList problems;
        QVERIFY(capturedConnect(bytes, problems).contains(maskedPassword()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void profileFilesAndExports()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ProfileStore store(dir.filePath(QStringLiteral("profiles")));
        ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("Leak check"));
        profile.settings.userName = QStringLiteral("alice");
        profile.settings.password = Password;
        profile.passwordStorage = PasswordStorage::Keyring;
        QString error;
        QVERIFY2(store.save(profile, &error), qPrintable(error));
        const QByteArray file = readFile(store.filePath(profile.id));
        QVERIFY(file.contains("alice")); // the profile was written, user name and all
        VERIFY_NO_LEAK(file, QStringLiteral("the profile file"));

        const QString exported = dir.filePath(QStringLiteral("export.json"));
        QVERIFY2(ProfileStore::exportProfiles({profile}, exported, &error), qPrintable(error));
        const QByteArray exportBytes = readFile(exported);
        QVERIFY(exportBytes.contains("alice"));
        VERIFY_NO_LEAK(exportBytes, QStringLiteral("the export"));
    }

private:
    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(PasswordLeakTest)
#include "tst_passwordleak.moc"
