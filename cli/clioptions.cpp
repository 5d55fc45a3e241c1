#include "clioptions.h"

#include "cli/clioptiontable.h"
#include "lessons/lessoncatalog.h"
#include "protocol/topics.h"

#include <QCommandLineParser>
#include <QFile>
#include <QRandomGenerator>
#include <QUrl>

#include <cmath>

namespace PingScope::Cli {

using Protocol::ProtocolVersion;

namespace {

// Thrown inside this file only, so each check is one line; parseCliOptions() catches it.
struct UsageError
{
    QString message;
};

[[noreturn]] void fail(const QString &message)
{
    throw UsageError{message};
}

QString optionText(const QString &name, const QString &value)
{
    return QStringLiteral("--%1 %2").arg(name, value);
}

qint64 integerValue(const QCommandLineParser &parser, const QString &name, qint64 minimum,
                    qint64 maximum)
{
    const QString text = parser.value(name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        fail(QStringLiteral("%1: expected a whole number from %2 to %3")
                 .arg(optionText(name, text))
                 .arg(minimum)
                 .arg(maximum));
    return value;
}

// Seconds, fractions allowed ("0.5"), returned in milliseconds.
qint64 secondsValue(const QString &name, const QString &text, double minimum, double maximum)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < minimum || seconds > maximum)
        fail(QStringLiteral("%1: expected seconds from %2 to %3")
                 .arg(optionText(name, text))
                 .arg(minimum)
                 .arg(maximum));
    return qint64(std::llround(seconds * 1000.0));
}

qint64 secondsValue(const QCommandLineParser &parser, const QString &name, double minimum,
                    double maximum)
{
    return secondsValue(name, parser.value(name), minimum, maximum);
}

ProtocolVersion versionValue(const QString &text)
{
    if (text == QLatin1String("3.1"))
        return ProtocolVersion::V3_1;
    if (text == QLatin1String("3.1.1"))
        return ProtocolVersion::V3_1_1;
    if (text == QLatin1String("5") || text == QLatin1String("5.0"))
        return ProtocolVersion::V5;
    fail(QStringLiteral("%1: expected 3.1, 3.1.1 or 5")
             .arg(optionText(QStringLiteral("mqtt"), text)));
}

void applyUrl(const QString &text, SessionSettings &settings)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("mqtt") && scheme != QLatin1String("mqtts")))
        fail(QStringLiteral("%1: expected mqtt://host[:port] or mqtts://host[:port]")
                 .arg(optionText(QStringLiteral("url"), text)));
    if (!url.path().isEmpty() || url.hasQuery() || url.hasFragment())
        fail(QStringLiteral("%1: a broker URL has no path or query")
                 .arg(optionText(QStringLiteral("url"), text)));
    if (!url.password().isEmpty())
        fail(QStringLiteral("--url: a password in the URL is visible to every user of this "
                            "machine; use --password-file or PINGSCOPE_PASSWORD"));
    settings.host = url.host();
    settings.tls.enabled = scheme == QLatin1String("mqtts");
    settings.port = url.port(settings.tls.enabled ? 8883 : 1883);
    if (!url.userName().isEmpty())
        settings.userName = url.userName();
}

QByteArray readPasswordFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(
            QStringLiteral("--password-file %1: cannot read it: %2").arg(path, file.errorString()));
    QByteArray password = file.readAll();
    // Files written with echo or an editor end with a newline that is not part of it.
    while (password.endsWith('\n') || password.endsWith('\r'))
        password.chop(1);
    return password;
}

Protocol::Subscription subscriptionValue(const QString &text)
{
    Protocol::Subscription subscription;
    subscription.topicFilter = text;
    // FILTER@QOS; an '@' not followed by a QoS belongs to the filter.
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at >= 0 && at == text.size() - 2 && text.at(at + 1).isDigit()) {
        const int qos = text.at(at + 1).digitValue();
        if (qos > 2)
            fail(QStringLiteral("--subscribe %1: QoS must be 0, 1 or 2").arg(text));
        subscription.topicFilter = text.left(at);
        subscription.qos = quint8(qos);
    }
    const QString problem = Protocol::topicFilterProblem(subscription.topicFilter);
    if (!problem.isEmpty())
        fail(QStringLiteral("--subscribe %1: %2").arg(text, problem));
    return subscription;
}

PublishSpec publishValue(const QString &text)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals < 0)
        fail(QStringLiteral("--publish %1: expected TOPIC=PAYLOAD").arg(text));
    PublishSpec spec{text.left(equals), text.mid(equals + 1).toUtf8()};
    const QString problem = Protocol::topicNameProblem(spec.topic);
    if (!problem.isEmpty())
        fail(QStringLiteral("--publish %1: %2").arg(text, problem));
    return spec;
}

FaultSpec faultValue(const QString &text)
{
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    const FaultKind fault = faultFromName(QStringView(text).left(at < 0 ? text.size() : at));
    if (at < 0 || fault == FaultKind::None)
        fail(QStringLiteral("--fault %1: expected KIND@SECONDS, KIND one of pause-pings, "
                            "resume-pings, black-hole, drop, disconnect-with-will")
                 .arg(text));
    // The message names the whole value ("--fault drop@x"), not only the part after '@'.
    bool ok = false;
    const double seconds = text.mid(at + 1).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 1e6)
        fail(
            QStringLiteral("--fault %1: expected KIND@SECONDS, SECONDS from 0 to 1e+06").arg(text));
    return {fault, qint64(std::llround(seconds * 1000.0))};
}

QString randomClientId()
{
    return QStringLiteral("pingscope-%1")
        .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
}

void readConnection(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                    CliOptions &options)
{
    SessionSettings &settings = options.settings;
    if (parser.isSet(QStringLiteral("url"))) {
        if (parser.isSet(QStringLiteral("host")) || parser.isSet(QStringLiteral("port")))
            fail(QStringLiteral("--url and --host/--port both name the broker: use one"));
        applyUrl(parser.value(QStringLiteral("url")), settings);
    }
    const QStringList tlsOptions{QStringLiteral("tls"), QStringLiteral("cafile"),
                                 QStringLiteral("cert"), QStringLiteral("key"),
                                 QStringLiteral("insecure")};
    for (const QString &name : tlsOptions) {
        // mqtt:// says "no TLS" as plainly as --tls says "TLS": one of them is a mistake.
        if (parser.isSet(name) && parser.isSet(QStringLiteral("url")) && !settings.tls.enabled)
            fail(QStringLiteral("--%1 asks for TLS but the --url is mqtt://; use mqtts://")
                     .arg(name));
        settings.tls.enabled = settings.tls.enabled || parser.isSet(name);
    }
    settings.tls.caFile = parser.value(QStringLiteral("cafile"));
    settings.tls.certificateFile = parser.value(QStringLiteral("cert"));
    settings.tls.keyFile = parser.value(QStringLiteral("key"));
    settings.tls.allowInsecure = parser.isSet(QStringLiteral("insecure"));
    if (parser.isSet(QStringLiteral("host")))
        settings.host = parser.value(QStringLiteral("host"));
    if (parser.isSet(QStringLiteral("port")))
        settings.port = int(integerValue(parser, QStringLiteral("port"), 1, 65535));
    else if (!parser.isSet(QStringLiteral("url")))
        settings.port = settings.tls.enabled ? 8883 : 1883;
    if (parser.isSet(QStringLiteral("mqtt")))
        settings.version = versionValue(parser.value(QStringLiteral("mqtt")));

    settings.clientId = parser.isSet(QStringLiteral("client-id"))
                            ? parser.value(QStringLiteral("client-id"))
                            : randomClientId();
    if (parser.isSet(QStringLiteral("clean")) && parser.isSet(QStringLiteral("no-clean")))
        fail(QStringLiteral("--clean and --no-clean contradict each other"));
    settings.cleanStart = !parser.isSet(QStringLiteral("no-clean"));
    if (parser.isSet(QStringLiteral("session-expiry")))
        settings.sessionExpirySeconds =
            quint32(integerValue(parser, QStringLiteral("session-expiry"), 0, 0xFFFFFFFF));
    if (parser.isSet(QStringLiteral("username")))
        settings.userName = parser.value(QStringLiteral("username"));
    if (parser.isSet(QStringLiteral("password-file")))
        settings.password = readPasswordFile(parser.value(QStringLiteral("password-file")));
    else if (environment.contains(QStringLiteral("PINGSCOPE_PASSWORD")))
        settings.password = environment.value(QStringLiteral("PINGSCOPE_PASSWORD")).toUtf8();

    if (parser.isSet(QStringLiteral("keep-alive")))
        settings.keepAliveSeconds =
            int(integerValue(parser, QStringLiteral("keep-alive"), 0, 65535));
    if (parser.isSet(QStringLiteral("ping-timeout")))
        settings.pingTimeoutMs =
            int(secondsValue(parser, QStringLiteral("ping-timeout"), 0.001, 65535));
    settings.reconnect.enabled = !parser.isSet(QStringLiteral("no-reconnect"));
}

void readWill(const QCommandLineParser &parser, SessionSettings &settings)
{
    const QStringList willOptions{QStringLiteral("will-payload"), QStringLiteral("will-qos"),
                                  QStringLiteral("will-retain"), QStringLiteral("will-delay")};
    if (!parser.isSet(QStringLiteral("will-topic"))) {
        for (const QString &name : willOptions) {
            if (parser.isSet(name))
                fail(QStringLiteral("--%1 needs --will-topic").arg(name));
        }
        return;
    }
    Protocol::Will will;
    will.topic = parser.value(QStringLiteral("will-topic"));
    will.payload = parser.value(QStringLiteral("will-payload")).toUtf8();
    if (parser.isSet(QStringLiteral("will-qos")))
        will.qos = quint8(integerValue(parser, QStringLiteral("will-qos"), 0, 2));
    will.retain = parser.isSet(QStringLiteral("will-retain"));
    if (parser.isSet(QStringLiteral("will-delay"))) {
        if (settings.version != ProtocolVersion::V5)
            fail(QStringLiteral("--will-delay needs MQTT 5 (--mqtt 5)"));
        will.properties.setInteger(
            Protocol::PropertyId::WillDelayInterval,
            quint32(integerValue(parser, QStringLiteral("will-delay"), 0, 0xFFFFFFFF)));
    }
    settings.will = will;
}

void readTrafficAndRun(const QCommandLineParser &parser, CliOptions &options)
{
    for (const QString &text : parser.values(QStringLiteral("subscribe")))
        options.subscriptions.append(subscriptionValue(text));
    for (const QString &text : parser.values(QStringLiteral("publish")))
        options.publishes.append(publishValue(text));
    if (parser.isSet(QStringLiteral("publish-qos")))
        options.publishQos = quint8(integerValue(parser, QStringLiteral("publish-qos"), 0, 2));
    options.publishRetain = parser.isSet(QStringLiteral("publish-retain"));
    if (parser.isSet(QStringLiteral("publish-every")))
        options.publishEveryMs = secondsValue(parser, QStringLiteral("publish-every"), 0.001, 1e6);
    const bool publishing = !options.publishes.isEmpty();
    for (const char *name : {"publish-qos", "publish-retain", "publish-every"}) {
        if (!publishing && parser.isSet(QString::fromLatin1(name)))
            fail(QStringLiteral("--%1 needs --publish").arg(QString::fromLatin1(name)));
    }

    if (parser.isSet(QStringLiteral("duration")))
        options.durationMs = secondsValue(parser, QStringLiteral("duration"), 0.001, 1e9);
    if (parser.isSet(QStringLiteral("count")))
        options.count = integerValue(parser, QStringLiteral("count"), 1, 1'000'000'000'000);
    if (parser.isSet(QStringLiteral("sessions")))
        options.sessions = int(integerValue(parser, QStringLiteral("sessions"), 1, 100000));
    if (parser.isSet(QStringLiteral("takeover-after")))
        options.takeoverAfterMs = secondsValue(parser, QStringLiteral("takeover-after"), 0, 1e6);
    for (const QString &text : parser.values(QStringLiteral("fault")))
        options.faults.append(faultValue(text));

    options.json = parser.isSet(QStringLiteral("json"));
    options.brokerGiven = parser.isSet(QStringLiteral("host")) ||
                          parser.isSet(QStringLiteral("port")) ||
                          parser.isSet(QStringLiteral("url"));
    options.quiet = parser.isSet(QStringLiteral("quiet"));
    options.allPackets = parser.isSet(QStringLiteral("packets"));
    options.pcapPath = parser.value(QStringLiteral("pcap"));
}

// --markdown and --html are formats of a lesson's report; --json is a third one.
void readReportFormat(const QCommandLineParser &parser, CliOptions &options)
{
    using Format = CliOptions::ReportFormat;
    QStringList given;
    for (const char *name : {"json", "markdown", "html"}) {
        if (parser.isSet(QString::fromLatin1(name)))
            given.append(QStringLiteral("--") + QString::fromLatin1(name));
    }
    const bool handout =
        parser.isSet(QStringLiteral("markdown")) || parser.isSet(QStringLiteral("html"));
    if (handout && !parser.isSet(QStringLiteral("lesson")))
        fail(QStringLiteral("%1 is the format of a lesson's report: it needs --lesson NAME")
                 .arg(given.constLast()));
    if (given.size() > 1)
        fail(QStringLiteral("%1: the report has one format; use one of them")
                 .arg(given.join(QStringLiteral(" and "))));
    if (parser.isSet(QStringLiteral("markdown")))
        options.lessonReport = Format::Markdown;
    else if (parser.isSet(QStringLiteral("html")))
        options.lessonReport = Format::Html;
    else if (options.json)
        options.lessonReport = Format::Json;
}

// --lesson and --lessons replace the run the other options describe: those would be ignored,
// so naming one with them is a mistake worth saying.
void readLesson(const QCommandLineParser &parser, CliOptions &options)
{
    options.listLessons = parser.isSet(QStringLiteral("lessons"));
    options.lesson = parser.value(QStringLiteral("lesson"));
    const bool lesson = parser.isSet(QStringLiteral("lesson"));
    readReportFormat(parser, options);
    if (!lesson && !options.listLessons)
        return;
    if (lesson && options.listLessons)
        fail(QStringLiteral("--lesson and --lessons: use one"));
    const QString which = lesson ? QStringLiteral("--lesson") : QStringLiteral("--lessons");
    for (const char *name :
         {"subscribe", "publish", "publish-every", "duration", "count", "sessions",
          "takeover-after", "fault", "pcap", "keep-alive", "client-id", "will-topic", "mqtt"}) {
        if (parser.isSet(QString::fromLatin1(name)))
            fail(QStringLiteral("--%1 does not apply to %2: a lesson sets its own sessions")
                     .arg(QString::fromLatin1(name), which));
    }
    if (lesson && !findLesson(options.lesson)) {
        QStringList names;
        for (const Lesson &known : builtInLessons())
            names.append(known.id);
        fail(QStringLiteral("--lesson %1: no such lesson; one of %2")
                 .arg(options.lesson, names.join(QStringLiteral(", "))));
    }
}

} // namespace

CliParseResult parseCliOptions(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PingScope without a window: connects to an MQTT broker and reports what keeps the "
        "connection alive (PINGREQ lateness, PINGRESP round-trip time, take-overs, wills), "
        "the messages it receives, and faults injected on purpose.\n\nExit status: 0 the run "
        "ended as asked; 1 could not connect or was refused; 2 usage error; 3 a connection "
        "was lost and not restored before the end; 4 the events or the capture could not be "
        "written; 5 a lesson's observation was not observed. Ctrl-C ends the run with a summary; a "
        "second Ctrl-C stops at once (130)."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    addCliOptions(parser);

    CliParseResult result;
    result.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        result.action = CliParseResult::Action::UsageError;
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.action = CliParseResult::Action::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.action = CliParseResult::Action::ShowVersion;
        return result;
    }
    try {
        if (!parser.positionalArguments().isEmpty())
            fail(QStringLiteral("unexpected argument \"%1\": every setting is an option (--help)")
                     .arg(parser.positionalArguments().constFirst()));
        readConnection(parser, environment, result.options);
        readWill(parser, result.options.settings);
        readTrafficAndRun(parser, result.options);
        readLesson(parser, result.options);
        // The session's own rules (3.1.1 password without a user name, TLS files, ...).
        const QList<SettingsProblem> problems = validateSettings(result.options.settings);
        if (!problems.isEmpty())
            fail(QStringLiteral("%1: %2").arg(problems.constFirst().field,
                                              problems.constFirst().message));
    } catch (const UsageError &error) {
        result.action = CliParseResult::Action::UsageError;
        result.error = error.message;
    }
    return result;
}

} // namespace PingScope::Cli
