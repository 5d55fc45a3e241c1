#pragma once

#include "brokerfixture.h"
#include "session/sessionsettings.h"

#include <QCoreApplication>
#include <QString>

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
