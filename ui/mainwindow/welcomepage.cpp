#include "welcomepage.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace PingScope {

namespace {

QLabel *caption(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_localBroker(new QPushButton(tr("Connect to a &local test broker"), this))
    , m_localBrokerCaption(caption(this))
    , m_connectionsCaption(caption(this))
    , m_quickCaption(caption(this))
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *title = new QLabel(tr("PingScope"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *tagline = new QLabel(
        tr("See what keeps an MQTT connection alive: pings, wills and take-overs, live."), this);
    tagline->setWordWrap(true);

    auto *connections = new QPushButton(tr("&Connections…"), this);
    auto *quick = new QPushButton(tr("&Quick session"), this);
    m_localBroker->setObjectName(QStringLiteral("welcomeLocalBroker"));
    connections->setObjectName(QStringLiteral("welcomeConnections"));
    quick->setObjectName(QStringLiteral("welcomeQuickSession"));
    m_localBroker->setDefault(true);
    m_localBrokerCaption->setText(
        tr("Starts mosquitto on 127.0.0.1 and opens a session on it with keep-alive 10 s. "
           "Nothing leaves this computer."));

    // Buttons in one column of equal width, each with its caption beside it.
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(12);
    int row = 0;
    for (auto [button, text] :
         {std::pair{m_localBroker, m_localBrokerCaption},
          std::pair{connections, m_connectionsCaption}, std::pair{quick, m_quickCaption}}) {
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30);
        grid->addWidget(button, row, 0, Qt::AlignTop);
        grid->addWidget(text, row, 1);
        ++row;
    }
    grid->setColumnStretch(1, 1);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(tagline);
    column->addSpacing(20);
    column->addLayout(grid);

    // Centred, at a readable width, whatever the window's size.
    auto *outer = new QGridLayout(this);
    outer->addLayout(column, 1, 1);
    outer->setRowStretch(0, 1);
    outer->setRowStretch(2, 2);
    outer->setColumnStretch(0, 1);
    outer->setColumnStretch(2, 1);
    outer->setColumnMinimumWidth(1, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 70);

    connect(m_localBroker, &QPushButton::clicked, this, &WelcomePage::localBrokerRequested);
    connect(connections, &QPushButton::clicked, this, &WelcomePage::connectionsRequested);
    connect(quick, &QPushButton::clicked, this, &WelcomePage::quickSessionRequested);
    setShortcuts(QString(), QString());
}

void WelcomePage::setShortcuts(const QString &connections, const QString &quickSession)
{
    const auto withKeys = [](const QString &text, const QString &keys) {
        return keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys);
    };
    m_connectionsCaption->setText(
        withKeys(tr("Open a saved connection, or create, import and edit them"), connections));
    m_quickCaption->setText(withKeys(
        tr("Default settings, right away: the local broker if it runs, else 127.0.0.1:1883"),
        quickSession));
}

void WelcomePage::setLocalBrokerAvailable(bool available, const QString &why)
{
    m_localBroker->setEnabled(available);
    if (!available)
        m_localBrokerCaption->setText(why);
}

} // namespace PingScope
