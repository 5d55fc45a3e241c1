// The password store behind profiles: the memory fake behaves like a keyring (asynchronous,
// keyed by profile id, NoKeyring when "switched off"), and the QtKeychain store, on a
// machine without a secret service, fails with a clear error instead of hanging, crashing
// or falling back to a plain-text file.

#include "keychaincredentialstore.h"
#include "profiles/memorycredentialstore.h"

#include <QDir>
#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace PingScope;

namespace {

// Collects results; `arrived` lets QSignalSpy::wait() bound the wait for an answer.
class ResultCatcher : public QObject
{
    Q_OBJECT

public:
    CredentialStore::Callback callback()
    {
        return [this](const CredentialResult &result) {
            m_results.append(result);
            Q_EMIT arrived();
        };
    }
    // The next result, waiting for it up to `timeoutMs`.
    bool waitForResult(int timeoutMs = 5000)
    {
        if (m_taken < m_results.size())
            return true;
        QSignalSpy spy(this, &ResultCatcher::arrived);
        return spy.wait(timeoutMs);
    }
    CredentialResult take() { return m_results.value(m_taken++); }
    int count() const { return int(m_results.size()); }

Q_SIGNALS:
    void arrived();

private:
    QList<CredentialResult> m_results;
    int m_taken = 0;
};

const QString Profile = QStringLiteral("5d1c2a4e-8f0b-4c3a-9e7d-1a2b3c4d5e6f");

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The keychain tests must never reach a real keyring (a developer's desktop): point
        // D-Bus at a socket that does not exist, and give no X display to autolaunch on.
        QVERIFY(m_noBus.isValid());
        qputenv("DBUS_SESSION_BUS_ADDRESS",
                "unix:path=" + QFile::encodeName(m_noBus.filePath(QStringLiteral("no-bus"))));
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        // Where QtKeychain's plain-text fallback would write, were it on.
        QStandardPaths::setTestModeEnabled(true);
    }

    void memoryWriteReadRemove()
    {
        MemoryCredentialStore store;
        ResultCatcher catcher;
        store.writePassword(Profile, QByteArrayLiteral("s3cret\0pw"), &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QVERIFY(catcher.take().ok());
        QCOMPARE(store.storedPassword(Profile), QByteArrayLiteral("s3cret\0pw"));

        store.readPassword(Profile, &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        const CredentialResult read = catcher.take();
        QVERIFY(read.ok());
        QCOMPARE(read.password, QByteArrayLiteral("s3cret\0pw"));

        store.removePassword(Profile, &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QVERIFY(catcher.take().ok());
        QVERIFY(!store.contains(Profile));

        // Gone, and removing again is not an error.
        store.readPassword(Profile, &catcher, catcher.callback());
        store.removePassword(Profile, &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QCOMPARE(catcher.take().error, CredentialError::NotFound);
        QVERIFY(catcher.waitForResult());
        QVERIFY(catcher.take().ok());
    }

    void memoryAnswersFromTheEventLoopOnly()
    {
        MemoryCredentialStore store;
        ResultCatcher catcher;
        store.writePassword(Profile, "pw", &catcher, catcher.callback());
        QCOMPARE(catcher.count(), 0); // not from within the call, as with a real keyring
        QVERIFY(catcher.waitForResult());
    }

    void memoryDropsResultsForADestroyedContext()
    {
        MemoryCredentialStore store;
        auto gone = std::make_unique<ResultCatcher>();
        ResultCatcher alive;
        store.writePassword(Profile, "pw", gone.get(), gone->callback());
        gone.reset();
        store.readPassword(Profile, &alive, alive.callback());
        // Results come in call order: once the second has arrived, the first would have too.
        QVERIFY(alive.waitForResult());
        QCOMPARE(alive.take().password, QByteArray("pw"));
    }

    void memoryWithoutKeyringFailsClearly()
    {
        MemoryCredentialStore store;
        QSignalSpy availability(&store, &CredentialStore::availabilityChanged);
        ResultCatcher catcher;
        store.setKeyringAvailable(false);
        QVERIFY(store.isAvailable()); // not known before the keyring has been asked
        store.writePassword(Profile, "pw", &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        const CredentialResult result = catcher.take();
        QCOMPARE(result.error, CredentialError::NoKeyring);
        QVERIFY2(result.errorText.startsWith(QStringLiteral("no keyring available: ")),
                 qPrintable(result.errorText));
        QVERIFY(!store.contains(Profile));
        QVERIFY(!store.isAvailable());
        QCOMPARE(availability.count(), 1);
        QCOMPARE(availability.first().first().toBool(), false);

        store.setKeyringAvailable(true);
        store.writePassword(Profile, "pw", &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QVERIFY(catcher.take().ok());
        QVERIFY(store.isAvailable());
        QCOMPARE(availability.count(), 2);
    }

    void memoryCheckAvailability()
    {
        MemoryCredentialStore store;
        ResultCatcher catcher;
        store.checkAvailability(&catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QVERIFY(catcher.take().ok()); // "nothing stored" is a keyring answering
        store.setKeyringAvailable(false);
        store.checkAvailability(&catcher, catcher.callback());
        QVERIFY(catcher.waitForResult());
        QCOMPARE(catcher.take().error, CredentialError::NoKeyring);
    }

    void keychainWithoutSecretServiceFailsClearly()
    {
        KeychainCredentialStore store;
        ResultCatcher catcher;
        store.writePassword(Profile, "never-in-plain-text", &catcher, catcher.callback());
        QVERIFY2(catcher.waitForResult(10000), "no answer from QtKeychain: it must not hang");
        const CredentialResult write = catcher.take();
        QCOMPARE(write.error, CredentialError::NoKeyring);
        QVERIFY2(write.errorText.startsWith(QStringLiteral("no keyring available: ")),
                 qPrintable(write.errorText));
        QVERIFY(!store.isAvailable());

        store.readPassword(Profile, &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult(10000));
        const CredentialResult read = catcher.take();
        QCOMPARE(read.error, CredentialError::NoKeyring);
        QVERIFY(read.password.isEmpty());

        store.checkAvailability(&catcher, catcher.callback());
        QVERIFY(catcher.waitForResult(10000));
        QCOMPARE(catcher.take().error, CredentialError::NoKeyring);
    }

    void keychainNeverFallsBackToAFile()
    {
        // QtKeychain's insecure fallback writes QSettings under the app's config location;
        // with it off, a failed write leaves nothing there.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        const QString generic =
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        KeychainCredentialStore store;
        ResultCatcher catcher;
        store.writePassword(Profile, "never-in-plain-text", &catcher, catcher.callback());
        QVERIFY(catcher.waitForResult(10000));
        QVERIFY(!catcher.take().ok());
        for (const QString &dir : {config, generic}) {
            QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                QVERIFY2(!file.readAll().contains("never-in-plain-text"),
                         qPrintable(file.fileName()));
            }
        }
    }

private:
    QTemporaryDir m_noBus;
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
