#pragma once

#include "fakebrokerrig.h"

#include <QObject>
#include <QTest>

#include <memory>

// The base of a FakeBroker test class: before every test function a fresh FakeBrokerRig,
// listening; after it, the rig's timeline printed if the test failed, and the rig gone.
// A test function reaches it with rig(). A class that needs more around each test declares
// its own init() / cleanup() slots (Qt Test calls the most derived one) and calls
// initRig() / cleanupRig() from them.
class FakeBrokerTest : public QObject
{
    Q_OBJECT

protected:
    FakeBrokerRig &rig() { return *m_rig; }

    void initRig()
    {
        m_rig = std::make_unique<FakeBrokerRig>();
        QVERIFY2(m_rig->broker.listen(), qPrintable(m_rig->broker.errorString()));
    }

    void cleanupRig()
    {
        if (!m_rig)
            return;
        m_rig->reportIfFailed();
        m_rig.reset();
    }

    // Protected, not private: Qt Test runs every private slot, inherited ones included, as a
    // test function, and calls init() and cleanup() by name whatever their access.
protected Q_SLOTS:
    void init() { initRig(); }
    void cleanup() { cleanupRig(); }

private:
    std::unique_ptr<FakeBrokerRig> m_rig;
};
