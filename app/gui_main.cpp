#include "broker/localbroker.h"
#include "mainwindow/mainwindow.h"
#include "pingscope_version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

using namespace PingScope;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PingScope"));
    QApplication::setOrganizationName(QStringLiteral("PingScope"));
    QApplication::setApplicationVersion(QStringLiteral(PINGSCOPE_VERSION));

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
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window to a PNG file once it is shown, then quit."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    parser.process(app);

    MainWindow window;
    LocalBroker broker;
    if (parser.isSet(localBrokerOption)) {
        if (broker.start())
            window.setLocalBroker(&broker);
        else
            window.showLocalBrokerFailure(broker.errorString());
    }
    window.show();
    if (parser.isSet(screenshotOption)) {
        // After the first pass of the event loop, so that layouts have settled.
        QTimer::singleShot(0, &window, [&window, file = parser.value(screenshotOption)] {
            const bool saved = window.grab().save(file, "PNG");
            if (!saved)
                std::fprintf(stderr, "pingscope: could not write %s\n", qPrintable(file));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
