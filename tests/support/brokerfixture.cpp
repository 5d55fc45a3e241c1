#include "brokerfixture.h"

BrokerFixture::BrokerFixture(const QStringList &extraConfig)
{
    m_broker.setExtraConfig(extraConfig);
}

BrokerFixture::~BrokerFixture()
{
    m_broker.stop();
}

QString BrokerFixture::start()
{
    if (m_broker.start())
        return QString();
    return QStringLiteral("could not start a local mosquitto: %1").arg(m_broker.errorString());
}

bool BrokerFixture::runningUnderCi()
{
    const QByteArray ci = qgetenv("CI").toLower();
    return !ci.isEmpty() && ci != "false" && ci != "0";
}
