#include "broker/localbroker.h"
#include "keychaincredentialstore.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonswindow.h"
#include "mainwindow/colourscheme.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/settingskeys.h"
#include "pingscope_version.h"
#include "session/messagedetail.h"
#include "session/messagesview.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDirIterator>
#include <QEvent>
#include <QIcon>
#include <QImageReader>
#include <QPixmap>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <cstring>

using namespace PingScope;

namespace {

// --sessions / --take-over / --demo-traffic: put the window in a state worth looking at,
// for screenshots and classroom demos, without clicking. Session 1 subscribes to
// "#" (everything on the broker), the last session publishes a few messages to demo/...,
// and every session pings twice.
void stageDemo(MainWindow &window, int sessions, int keepAlive, bool takeOver, bool traffic)
{
    for (int i = 0; i < sessions; ++i)
        window.quickSession(keepAlive);
    if (sessions > 0 && traffic) {
        Protocol::Subscription everything;
        everything.topicFilter = QStringLiteral("#");
        everything.qos = 1;
        window.subscribeWhenConnected(1, everything);
        // Two pings each (Ping Now) so that the round trips show at once, not after the
        // quick sessions' 30 s keep-alive.
        for (int delayMs : {1000, 2200}) {
            QTimer::singleShot(delayMs, &window, [&window, sessions] {
                for (int session = 1; session <= sessions; ++session)
                    window.host()->pingNow(session);
            });
        }
        QTimer::singleShot(1200, &window, [&window, sessions] {
            const char *payloads[] = {R"({"temperature": 21.4, "unit": "C", "sensor": 17})",
                                      "hello from PingScope",
                                      R"({"door": "open", "since": "2025-01-01T08:00:00Z"})"};
            int n = 0;
            for (const char *payload : payloads) {
                Protocol::PublishPacket message;
                message.topic = QStringLiteral("demo/sensor/%1").arg(++n);
                message.payload = payload;
                message.qos = quint8(n % 2);
                window.host()->publish(sessions, message);
            }
            window.selectSession(1);
        });
        // A message selected in JSON mode: the detail pane shows what it is for.
        QTimer::singleShot(2000, &window, [&window] {
            MessagesView *messages = window.sessionView(1)->messagesView();
            messages->detail()->setMode(MessageDetail::Json);
            messages->table()->selectRow(0);
        });
    }
    if (sessions > 0 && takeOver) {
        QTimer::singleShot(1600, &window, [&window] { window.duplicateSession(1); });
        // Duplicating selects the twin; the one worth looking at is the session taken over.
        QTimer::singleShot(2400, &window, [&window] { window.selectSession(1); });
    }
}

// --tab NAME: shows that tab in every session's tab widget, also in the sessions opened
// later (the staged take-over's), by catching each one as it is first shown.
class SessionTabChooser : public QObject
{
public:
    explicit SessionTabChooser(const QString &name, QObject *parent)
        : QObject(parent)
        , m_name(QString(name).remove(QLatin1Char('&'))) // "&Messages" names Messages too
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show &&
            watched->objectName() == QLatin1String("sessionTabs")) {
            auto *tabs = qobject_cast<QTabWidget *>(watched);
            if (tabs && !tabs->property(chosenProperty).toBool()) {
                tabs->setProperty(chosenProperty, true); // once: the user may change it after
                choose(tabs);
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    static constexpr const char *chosenProperty = "pingscopeTabChosen";

    void choose(QTabWidget *tabs)
    {
        QStringList names;
        for (int i = 0; i < tabs->count(); ++i) {
            const QString text = tabs->tabText(i).remove(QLatin1Char('&'));
            if (text.compare(m_name, Qt::CaseInsensitive) == 0) {
                tabs->setCurrentIndex(i);
                return;
            }
            names.append(text);
        }
        if (!m_warned)
            std::fprintf(stderr, "pingscope: --tab %s: no such tab; the tabs are: %s\n",
                         qPrintable(m_name), qPrintable(names.join(QStringLiteral(", "))));
        m_warned = true;
    }

    QString m_name;
    bool m_warned = false;
};

// The installed icon theme's icon first (what the desktop shows in its menu); else the copy
// compiled in: PNGs where the build rendered them, the SVG only where Qt can read SVG here
// (its image plugin is libqt6svg6, a recommendation of the package, not a dependency).
QIcon applicationIcon()
{
    QIcon icon = QIcon::fromTheme(QStringLiteral(PINGSCOPE_APP_ID));
    if (!icon.isNull())
        return icon;
    const bool svgReadable = QImageReader::supportedImageFormats().contains("svg");
    QDirIterator files(QStringLiteral(":/icons/pingscope"));
    while (files.hasNext()) {
        const QString file = files.next();
        if (svgReadable || !file.endsWith(QLatin1String(".svg")))
            icon.addFile(file);
    }
    return icon;
}

// --help and --version only print: they must work where no display is (a terminal over ssh,
// the package check), so such a run gets Qt's offscreen platform unless one was chosen.
bool asksOnlyForText(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (asksOnlyForText(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PingScope"));
    QApplication::setOrganizationName(QStringLiteral("PingScope"));
    QApplication::setApplicationVersion(QStringLiteral(PINGSCOPE_VERSION));
    // The desktop entry's name: Wayland compositors match the window to it (icon, name).
    QGuiApplication::setDesktopFileName(QStringLiteral(PINGSCOPE_APP_ID));
    QApplication::setWindowIcon(applicationIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PingScope: an MQTT client and connection monitor that shows keep-alive, wills and "
        "session take-over as they happen."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption localBrokerOption(
        QStringLiteral("local-broker"),
        QStringLiteral("Start the system's mosquitto on a free 127.0.0.1 port for this run."));
    parser.addOption(localBrokerOption);
    const QCommandLineOption sessionsOption(
        QStringLiteral("sessions"),
        QStringLiteral("Open <n> sessions with default settings at start."), QStringLiteral("n"),
        QStringLiteral("0"));
    parser.addOption(sessionsOption);
    const QCommandLineOption keepAliveOption(
        QStringLiteral("keep-alive"),
        QStringLiteral("With --sessions: their keep-alive in seconds (default 30)."),
        QStringLiteral("seconds"));
    parser.addOption(keepAliveOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo-traffic"),
        QStringLiteral("With --sessions: session 1 subscribes to # and the last one "
                       "publishes a few messages there; every session pings twice."));
    parser.addOption(demoOption);
    const QCommandLineOption takeOverOption(
        QStringLiteral("take-over"),
        QStringLiteral("With --sessions: duplicate session 1 (same client ID) after a moment, "
                       "so the broker takes it over."));
    parser.addOption(takeOverOption);
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window to a PNG file once it is shown, then quit."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    const QCommandLineOption delayOption(
        QStringLiteral("screenshot-delay"),
        QStringLiteral("Wait <ms> before the screenshot (default 0; about 3000 with --sessions)."),
        QStringLiteral("ms"));
    parser.addOption(delayOption);
    const QCommandLineOption schemeOption(
        QStringLiteral("colour-scheme"),
        QStringLiteral("Light or dark for this run: system, light or dark (default: the one "
                       "chosen in View > Colour Scheme)."),
        QStringLiteral("scheme"));
    parser.addOption(schemeOption);
    const QCommandLineOption tabOption(
        QStringLiteral("tab"),
        QStringLiteral("Show the tab <name> of every session, e.g. Timeline."),
        QStringLiteral("name"));
    parser.addOption(tabOption);
    const QCommandLineOption lessonsOption(
        QStringLiteral("lessons"),
        QStringLiteral("Open the Lessons window, with the lesson [id] selected if one is given "
                       "(pingscope-cli --lessons lists them)."));
    parser.addOption(lessonsOption);
    const QCommandLineOption runLessonOption(
        QStringLiteral("run-lesson"),
        QStringLiteral("With --lessons: run the selected lesson at once (a classroom demo)."));
    parser.addOption(runLessonOption);
    parser.addPositionalArgument(QStringLiteral("id"),
                                 QStringLiteral("With --lessons: the lesson to select."),
                                 QStringLiteral("[id]"));
    parser.process(app);
    // Checked like the editor checks it: a value out of 0..65535 is refused, not wrapped.
    int keepAlive = -1;
    if (parser.isSet(keepAliveOption)) {
        bool ok = false;
        keepAlive = parser.value(keepAliveOption).toInt(&ok);
        if (!ok || keepAlive < 0 || keepAlive > 65535) {
            std::fprintf(stderr,
                         "pingscope: --keep-alive %s: expected a whole number from 0 to "
                         "65535\n",
                         qPrintable(parser.value(keepAliveOption)));
            return 2;
        }
    }
    if (parser.isSet(tabOption))
        app.installEventFilter(new SessionTabChooser(parser.value(tabOption), &app));
    applyColourScheme(colourSchemeFromName(
        parser.isSet(schemeOption) ? parser.value(schemeOption)
                                   : QSettings().value(SettingsKeys::colourScheme()).toString()));

    // The broker outlives the window: the sessions say DISCONNECT to it on the way out
    // instead of seeing it vanish and trying to reconnect.
    LocalBroker broker;
    KeychainCredentialStore keyring;
    MainWindow window(&keyring);
    if (parser.isSet(localBrokerOption)) {
        broker.setConnectionMessages(true); // for the Broker log view
        if (broker.start())
            window.setLocalBroker(&broker);
        else
            window.showLocalBrokerFailure(broker.errorString());
    }
    window.show();
    const int sessions = parser.value(sessionsOption).toInt();
    // A staged demo is the same on every machine; otherwise the user's last sessions return.
    if (sessions == 0)
        window.reopenLastSessions();
    stageDemo(window, sessions, keepAlive, parser.isSet(takeOverOption), parser.isSet(demoOption));
    QWidget *shown = &window; // what --screenshot grabs
    if (parser.isSet(lessonsOption)) {
        const QString id = parser.positionalArguments().value(0);
        LessonsWindow *lessons = window.openLessons(id);
        if (!lessons) {
            QStringList ids;
            for (const Lesson &lesson : builtInLessons())
                ids << lesson.id;
            std::fprintf(stderr, "pingscope: --lessons %s: no such lesson; the lessons are: %s\n",
                         qPrintable(id), qPrintable(ids.join(QStringLiteral(", "))));
            lessons = window.openLessons();
        }
        shown = lessons;
        if (parser.isSet(runLessonOption))
            lessons->run();
    }
    if (parser.isSet(screenshotOption)) {
        const int delay = parser.isSet(delayOption) ? parser.value(delayOption).toInt()
                                                    : (sessions > 0 ? 3000 : 0);
        // After the event loop ran (at least once), so that layouts have settled.
        QTimer::singleShot(delay, &window, [shown, file = parser.value(screenshotOption)] {
            const bool saved = shown->grab().save(file, "PNG");
            if (!saved)
                std::fprintf(stderr, "pingscope: could not write %s\n", qPrintable(file));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
