#pragma once

#include "broker/localbroker.h"

#include <QStringList>

#include <memory>

// A real mosquitto for one test: started on a free 127.0.0.1 port, stopped on destruction.
//
// Use it through PINGSCOPE_REQUIRE_BROKER(fixture) in a test function: without mosquitto the
// test is skipped on a developer's machine but FAILS under CI (CI=true), where a missing
// broker means the set-up is broken, not that the test does not apply.
class BrokerFixture
{
public:
    explicit BrokerFixture(const QStringList &extraConfig = {});
    ~BrokerFixture();

    // Starts mosquitto. Returns an empty string on success, else why it could not start.
    QString start();

    QString host() const { return m_broker.host(); }
    quint16 port() const { return m_broker.port(); }
    QString version() const { return m_broker.version(); }
    QString log() { return m_broker.log(); }
    PingScope::LocalBroker &broker() { return m_broker; }

    static bool runningUnderCi();

private:
    PingScope::LocalBroker m_broker;
};

// Starts `fixture` or ends the test function: QFAIL under CI, QSKIP elsewhere when mosquitto
// is not installed, QFAIL when it is installed but will not start.
#define PINGSCOPE_REQUIRE_BROKER(fixture)                                                          \
    do {                                                                                           \
        const QString brokerProblem_ = (fixture).start();                                          \
        if (!brokerProblem_.isEmpty()) {                                                           \
            if (!BrokerFixture::runningUnderCi() &&                                                \
                PingScope::LocalBroker::findExecutable().isEmpty())                                \
                QSKIP(qPrintable(brokerProblem_));                                                 \
            QFAIL(qPrintable(brokerProblem_));                                                     \
        }                                                                                          \
    } while (false)
