#include "mainwindow.h"

#include "broker/localbroker.h"
#include "pingscope_version.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace PingScope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("PingScope"));
    resize(1100, 720);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(48, 48, 48, 48);

    auto *title = new QLabel(tr("PingScope %1").arg(QLatin1String(PINGSCOPE_VERSION)), central);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *subtitle = new QLabel(tr("An MQTT client and connection monitor: see what keeps an "
                                   "MQTT connection alive."),
                                central);
    subtitle->setWordWrap(true);
    subtitle->setAlignment(Qt::AlignCenter);

    m_brokerStatus = new QLabel(central);
    m_brokerStatus->setAlignment(Qt::AlignCenter);
    m_brokerStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont statusFont = m_brokerStatus->font();
    statusFont.setPointSizeF(statusFont.pointSizeF() * 1.2);
    m_brokerStatus->setFont(statusFont);
    m_brokerStatus->setText(tr("No local broker (start PingScope with --local-broker)"));

    layout->addStretch(1);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addWidget(subtitle);
    layout->addSpacing(24);
    layout->addWidget(m_brokerStatus);
    layout->addStretch(2);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Ready"));
}

void MainWindow::setLocalBroker(LocalBroker *broker)
{
    // A shape and a word as well as a colour: the state must read without colour too.
    const QString text = tr("● Local broker running: mosquitto %1 on %2:%3")
                             .arg(broker->version(), broker->host())
                             .arg(broker->port());
    m_brokerStatus->setText(text);
    m_brokerStatus->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
    statusBar()->showMessage(text);
    connect(broker, &LocalBroker::exitedUnexpectedly, this,
            [this](const QString &reason) { showLocalBrokerFailure(reason); });
}

void MainWindow::showLocalBrokerFailure(const QString &reason)
{
    const QString text = tr("✕ Local broker not running: %1").arg(reason);
    m_brokerStatus->setText(text);
    m_brokerStatus->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_brokerStatus->setWordWrap(true);
    statusBar()->showMessage(text);
}

} // namespace PingScope
