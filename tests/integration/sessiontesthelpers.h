#pragma once

#include "brokerfixture.h"
#include "session/sessionsettings.h"

#include <QCoreApplication>
#include <QString>
#include <QTest>

#include <algorithm>

// Settings for a session against `broker` with a client ID no other test (or test run) uses.
inline PingScope::SessionSettings sessionSettingsFor(BrokerFixture &broker, const QString &tag,
                                                     int keepAliveSeconds = 1)
{
    PingScope::SessionSettings settings;
    settings.host = broker.host();
    settings.port = broker.port();
    settings.clientId = QStringLiteral("ps-%1-%2").arg(tag).arg(QCoreApplication::applicationPid());
    settings.keepAliveSeconds = keepAliveSeconds;
    return settings;
}

// The q-quantile (0..1) of `values`, nearest rank.
inline qint64 quantile(QList<qint64> values, double q)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype rank = qsizetype(q * double(values.size() - 1) + 0.5);
    return values.at(std::clamp<qsizetype>(rank, 0, values.size() - 1));
}

// The data column "version" with a row for MQTT 3.1.1 and one for 5.0: the two versions
// whose behaviour differs where these tests look (reason codes, Server Keep Alive, wills).
inline void addProtocolVersionRows()
{
    QTest::addColumn<PingScope::Protocol::ProtocolVersion>("version");
    QTest::newRow("3.1.1") << PingScope::Protocol::ProtocolVersion::V3_1_1;
    QTest::newRow("5.0") << PingScope::Protocol::ProtocolVersion::V5;
}
