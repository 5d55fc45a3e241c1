#include "pingscope_version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pingscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PINGSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PingScope without a window: a headless MQTT connection monitor. Connection, "
        "keep-alive and fault options arrive with the session engine."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
