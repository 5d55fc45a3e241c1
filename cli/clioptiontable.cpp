// The options of pingscope-cli, each with its default in its description: --help is the
// manual (and packaging/ checks that the man page lists every one).

#include "clioptiontable.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace PingScope::Cli {

namespace {

struct OptionSpec
{
    const char *names;     // "k,keep-alive": short and long, comma-separated
    const char *valueName; // nullptr: a flag
    const char *description;
};

// Every option, with its default in its description: --help is the manual.
constexpr OptionSpec Options[] = {
    {"host", "HOST", "Broker host name or address. Default: 127.0.0.1."},
    {"p,port", "PORT", "Broker port. Default: 1883, or 8883 with --tls."},
    {"url", "URL", "mqtt://host[:port] or mqtts://host[:port] (TLS), instead of --host/--port."},
    {"mqtt", "VERSION", "MQTT version: 3.1, 3.1.1 or 5. Default: 5."},
    {"i,client-id", "ID", "Client ID. Default: pingscope-<6 random hex digits>."},
    {"clean", nullptr, "Start a clean session (clean session / clean start). The default."},
    {"no-clean", nullptr, "Resume the broker's session for this client ID, if it has one."},
    {"session-expiry", "SECONDS", "MQTT 5 Session Expiry Interval. Default: 0."},
    {"u,username", "NAME", "User name. Default: none."},
    {"password-file", "FILE", "Read the password from FILE (else from PINGSCOPE_PASSWORD)."},
    {"tls", nullptr, "Connect with TLS; the broker's certificate is verified. Default: off."},
    {"cafile", "FILE", "CA certificates (PEM) to verify the broker with. Implies --tls."},
    {"cert", "FILE", "Client certificate (PEM), with --key. Implies --tls."},
    {"key", "FILE", "Client private key (PEM, unencrypted). Implies --tls."},
    {"insecure", nullptr,
     "Ignore TLS certificate errors (each is reported). Implies --tls. Default: off."},
    {"k,keep-alive", "SECONDS", "Keep-alive, 0..65535; 0 disables it. Default: 60."},
    {"ping-timeout", "SECONDS", "How long to wait for a PINGRESP. Default: the keep-alive."},
    {"no-reconnect", nullptr,
     "Do not reconnect after a lost connection. Default: reconnect "
     "with backoff, 1 s to 30 s."},
    {"will-topic", "TOPIC", "Last Will topic. Default: no will."},
    {"will-payload", "TEXT", "Last Will payload. Default: empty."},
    {"will-qos", "QOS", "Last Will QoS, 0..2. Default: 0."},
    {"will-retain", nullptr, "Retain the Last Will. Default: off."},
    {"will-delay", "SECONDS", "MQTT 5 Will Delay Interval. Default: 0."},
    {"t,subscribe", "FILTER[@QOS]", "Subscribe to FILTER (QoS default 0). Repeatable."},
    {"publish", "TOPIC=PAYLOAD", "Publish PAYLOAD to TOPIC once connected. Repeatable."},
    {"publish-qos", "QOS", "QoS of --publish, 0..2. Default: 0."},
    {"publish-retain", nullptr, "Publish with the retain flag. Default: off."},
    {"publish-every", "SECONDS", "Repeat the publishes every SECONDS. Default: once."},
    {"duration", "SECONDS", "Exit after SECONDS. Default: run until interrupted."},
    {"C,count", "N", "Exit after N messages received (all sessions). Default: no limit."},
    {"sessions", "N", "Run N sessions, client IDs ID-1..ID-N. Default: 1."},
    {"takeover-after", "SECONDS",
     "SECONDS after session 1 connects, open another session with "
     "its client ID. Default: no take-over."},
    {"fault", "KIND@SECONDS",
     "Inject a fault SECONDS after each session first connects (not "
     "the take-over's second one): "
     "pause-pings, resume-pings, black-hole, drop, "
     "disconnect-with-will. Repeatable."},
    {"json", nullptr,
     "Print one JSON object per event (JSON lines), then a summary object. Default: "
     "human-readable lines."},
    {"q,quiet", nullptr, "Print only the final summary. Default: every event."},
    {"packets", nullptr,
     "Also print packets other than pings, messages and DISCONNECT. Default: off."},
    {"pcap", "FILE", "Write the traffic to FILE as a pcap capture (passwords masked)."},
    {"lesson", "NAME",
     "Run the lesson NAME (see --lessons) and report what was observed; --json, --markdown "
     "or --html for a JSON, Markdown or HTML report. Uses --host/--port if given, else starts "
     "mosquitto on a free port."},
    {"lessons", nullptr, "List the lessons (with --json: as JSON)."},
    {"markdown", nullptr,
     "With --lesson: print the report as Markdown, for a class handout. Not with --json."},
    {"html", nullptr,
     "With --lesson: print the report as a self-contained HTML page, for a class handout. Not "
     "with --json."},
};

} // namespace

void addCliOptions(QCommandLineParser &parser)
{
    for (const OptionSpec &spec : Options) {
        QCommandLineOption option(QString::fromLatin1(spec.names).split(QLatin1Char(',')),
                                  QString::fromLatin1(spec.description));
        if (spec.valueName)
            option.setValueName(QString::fromLatin1(spec.valueName));
        parser.addOption(option);
    }
}

} // namespace PingScope::Cli
