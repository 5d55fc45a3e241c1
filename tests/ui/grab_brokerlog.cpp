// Screenshots of the "Broker log" view for a person to look at (UI.md: look at what you
// build): a running mosquitto with clients coming and going, one of them dropped by the
// broker for going silent (keep-alive 1 s, pings paused); the same view after the broker was
// stopped; and a view with no broker. Not a test: it asserts nothing.
//
//   XDG_RUNTIME_DIR=/tmp/xdg-$USER xvfb-run -a build/tests/ui/grab_brokerlog [directory]

#include "broker/brokerlogview.h"
#include "brokerfixture.h"
#include "session/session.h"

#include <QApplication>
#include <QDir>
#include <QTest>

#include <cstdio>
#include <memory>

using namespace PingScope;

namespace {

void save(QWidget &widget, const QString &file)
{
    const bool saved = widget.grab().save(file, "PNG");
    std::fprintf(stderr, "%s %s\n", saved ? "wrote" : "could not write", qPrintable(file));
}

std::unique_ptr<Session> connectClient(const BrokerFixture &fixture, const QString &clientId,
                                       quint16 keepAlive)
{
    auto session = std::make_unique<Session>();
    SessionSettings settings;
    settings.host = fixture.host();
    settings.port = fixture.port();
    settings.clientId = clientId;
    settings.keepAliveSeconds = keepAlive;
    session->setSettings(settings);
    session->open();
    return session;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QDir out(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath());

    BrokerFixture fixture;
    fixture.broker().setConnectionMessages(true);
    BrokerLogView view;
    view.resize(900, 340);
    view.setBroker(&fixture.broker());
    view.show();
    if (const QString problem = fixture.start(); !problem.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(problem));
        return 1;
    }
    auto sensor = connectClient(fixture, QStringLiteral("sensor-17"), 30);
    auto silent = connectClient(fixture, QStringLiteral("silent-one"), 1);
    if (!QTest::qWaitFor([&] { return silent->state() == Session::State::Connected; }, 3000))
        std::fprintf(stderr, "silent-one did not connect\n");
    silent->injectFault(FaultKind::PausePings);
    // mosquitto drops it after 1.5 x keep-alive without a packet, but 2.0.11 checks
    // keep-alives only when its loop wakes up (another client's arrival, or within ~6 s).
    auto late = connectClient(fixture, QStringLiteral("sensor-18"), 30);
    if (!QTest::qWaitFor(
            [&] { return fixture.broker().log().contains(QStringLiteral("exceeded timeout")); },
            10000))
        std::fprintf(stderr, "mosquitto did not drop silent-one\n");
    sensor->close();
    if (!QTest::qWaitFor(
            [&] {
                return fixture.broker().log().contains(QStringLiteral("sensor-17 disconnected"));
            },
            3000))
        std::fprintf(stderr, "mosquitto did not log sensor-17 leaving\n");
    save(view, out.filePath(QStringLiteral("brokerlog-running.png")));

    fixture.broker().stop();
    QCoreApplication::processEvents(); // the view's update from runningChanged()
    save(view, out.filePath(QStringLiteral("brokerlog-stopped.png")));

    BrokerLogView none;
    none.resize(900, 200);
    none.show();
    QCoreApplication::processEvents(); // layouts settle before the grab
    save(none, out.filePath(QStringLiteral("brokerlog-none.png")));
    return 0;
}
