// Screenshots of the session view for a person to look at (UI.md: look at what you build):
// a 5.0 and a 3.1.1 session on a real mosquitto, with subscriptions, received messages, a
// selected message's details, and the publish panel with a JSON problem and its 5.0
// properties open. Not a test: it asserts nothing.
//
//   XDG_RUNTIME_DIR=/tmp/xdg-$USER xvfb-run -a build/tests/ui/grab_sessionview [directory]

#include "brokerfixture.h"
#include "editor/userpropertiestable.h"
#include "session/messagemodel.h"
#include "session/messagesview.h"
#include "session/subscriptionspanel.h"
#include "sessionrig.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <cstdio>
#include <functional>

using namespace PingScope;

namespace {

// Waits for `done`; says so on stderr when it did not happen (the shot is taken anyway).
void waitFor(const std::function<bool()> &done, const char *what)
{
    if (!QTest::qWaitFor(done, 5000))
        std::fprintf(stderr, "gave up waiting for %s\n", what);
}

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

void subscribe(SessionView *view, const QString &filter, int qos = 0)
{
    child<QLineEdit>(view, "subscribeFilter")->setText(filter);
    child<QComboBox>(view, "subscribeQos")->setCurrentIndex(qos);
    QTest::mouseClick(child<QPushButton>(view, "subscribeButton"), Qt::LeftButton);
    waitFor(
        [&] {
            const QTreeWidgetItem *item = view->subscriptions()->itemFor(filter);
            return item && !item->text(SubscriptionsPanel::ResultColumn).startsWith(u'◐');
        },
        "SUBACK");
}

void publish(SessionView *view, const QString &topic, const QString &payload, const QString &mode)
{
    child<QLineEdit>(view, "publishTopic")->setText(topic);
    auto *modes = child<QComboBox>(view, "publishMode");
    modes->setCurrentIndex(modes->findText(mode));
    child<QPlainTextEdit>(view, "publishPayload")->setPlainText(payload);
    QTest::mouseClick(child<QPushButton>(view, "publishButton"), Qt::LeftButton);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QDir out(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath());
    BrokerFixture broker;
    if (const QString problem = broker.start(); !problem.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(problem));
        return 1;
    }
    SessionRig rig(broker);
    SessionView *v5 = rig.open(Protocol::ProtocolVersion::V5, QStringLiteral("shot-v5"));
    SessionView *v311 = rig.open(Protocol::ProtocolVersion::V3_1_1, QStringLiteral("shot-311"));
    for (SessionView *view : {v5, v311})
        view->resize(920, 700); // what the main window's default size leaves it
    waitFor([&] { return rig.isConnected(v5) && rig.isConnected(v311); }, "connections");
    v5->setTitle(QStringLiteral("#1 shot-v5 @ 127.0.0.1 · MQTT 5.0"));
    v311->setTitle(QStringLiteral("#2 shot-311 @ 127.0.0.1 · MQTT 3.1.1"));

    child<QCheckBox>(v5, "subscribeNoLocal")->setChecked(true);
    child<QComboBox>(v5, "subscribeRetainHandling")->setCurrentIndex(1);
    child<QLineEdit>(v5, "subscribeIdentifier")->setText(QStringLiteral("7"));
    subscribe(v5, QStringLiteral("plant/#"), 1);
    child<QCheckBox>(v5, "subscribeNoLocal")->setChecked(false);
    child<QComboBox>(v5, "subscribeRetainHandling")->setCurrentIndex(0);
    child<QLineEdit>(v5, "subscribeIdentifier")->clear();
    subscribe(v5, QStringLiteral("$share/workers/jobs/+"), 2);
    subscribe(v311, QStringLiteral("plant/#"), 1);
    subscribe(v311, QStringLiteral("plant/site-1/+/temperature"));

    // Messages from the 3.1.1 session, so the 5.0 one (no local) receives them; one from the
    // 5.0 session with properties, which only the 3.1.1 session receives.
    for (int i = 0; i < 40; ++i)
        publish(v311, QStringLiteral("plant/site-%1/sensor-%2/temperature").arg(i % 3).arg(i % 7),
                QStringLiteral("{\"celsius\": %1.5, \"ok\": true}").arg(18 + i % 9),
                QStringLiteral("JSON"));
    publish(v311, QStringLiteral("plant/site-2/camera/frame"),
            QStringLiteral("89 50 4e 47 0d 0a 1a 0a 00"), QStringLiteral("Hex"));
    child<QToolButton>(v5, "publishPropertiesToggle")->setChecked(true);
    child<QLineEdit>(v5, "publishContentType")->setText(QStringLiteral("application/json"));
    child<QLineEdit>(v5, "publishResponseTopic")->setText(QStringLiteral("plant/replies/17"));
    child<QLineEdit>(v5, "publishCorrelation")->setText(QStringLiteral("72 65 71 2d 31 37"));
    child<UserPropertiesTable>(v5, "publishUserProperties")
        ->setProperties({{QStringLiteral("unit"), QStringLiteral("°C")}});
    publish(v5, QStringLiteral("plant/site-1/sensor-3/temperature"),
            QStringLiteral("{\"celsius\": 21.5}"), QStringLiteral("JSON"));
    waitFor([&] { return v5->messages()->rowCount() >= 41 && v311->messages()->rowCount() >= 42; },
            "messages");

    // The 5.0 view: a message selected, a filter typed, a JSON mistake in the payload.
    v5->messagesView()->setTopicFilter(QStringLiteral("plant/+/+/temperature"));
    QTableView *table = v5->messagesView()->table();
    table->setCurrentIndex(table->model()->index(2, 0));
    child<QPlainTextEdit>(v5, "publishPayload")
        ->setPlainText(QStringLiteral("{\"celsius\": 21.5,}"));
    v311->messagesView()->table()->setCurrentIndex(v311->messagesView()->table()->model()->index(
        v311->messagesView()->table()->model()->rowCount() - 1, 0));
    child<QLineEdit>(v311, "publishTopic")->setText(QStringLiteral("plant/+/x"));
    QApplication::processEvents();

    const bool ok = v5->grab().save(out.filePath(QStringLiteral("sessionview-v5.png"))) &&
                    v311->grab().save(out.filePath(QStringLiteral("sessionview-v311.png"))) &&
                    // The publish panel whole, also what is scrolled out of sight.
                    child<QScrollArea>(v5, "publishScroll")
                        ->widget()
                        ->grab()
                        .save(out.filePath(QStringLiteral("publish-v5.png")));
    std::printf("%s\n", qPrintable(out.absolutePath()));
    return ok ? 0 : 1;
}
