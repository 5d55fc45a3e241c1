// The profile folder: save and load, no password in any file, corrupt files reported by
// name and renamed aside with their bytes intact while the other profiles load, writes that
// are interrupted (or killed) leave the previous file whole, import and export.

#include "profiles/profilestore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace PingScope;

namespace {

const QByteArray TestPassword = QByteArrayLiteral("correct-horse-battery-staple");

ConnectionProfile profile(const QString &name, int keepAlive = 60)
{
    ConnectionProfile p = ConnectionProfile::create(name);
    p.settings.clientId = name.toLower();
    p.settings.keepAliveSeconds = keepAlive;
    p.settings.userName = QStringLiteral("alice");
    p.settings.password = TestPassword;
    p.passwordStorage = PasswordStorage::Keyring;
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

QStringList namesOf(const QList<ConnectionProfile> &profiles)
{
    QStringList names;
    for (const ConnectionProfile &p : profiles)
        names << p.name;
    return names;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("profiles")); // created by the first save
    }

    void missingFolderIsAnEmptyStore()
    {
        const ProfileLoadResult result = ProfileStore(m_path).load();
        QVERIFY(result.profiles.isEmpty());
        QVERIFY(result.problems.isEmpty());
    }

    void defaultFolderIsUnderAppConfig()
    {
        QVERIFY(ProfileStore::defaultDirectory().endsWith(QStringLiteral("/profiles")));
    }

    void saveAndLoad()
    {
        const ProfileStore store(m_path);
        const ConnectionProfile b = profile(QStringLiteral("beta"));
        const ConnectionProfile a = profile(QStringLiteral("Alpha"));
        QString error;
        QVERIFY2(store.save(b, &error), qPrintable(error));
        QVERIFY2(store.save(a, &error), qPrintable(error));
        QVERIFY(QFile::exists(store.filePath(a.id)));
        QStringList expected{a.id + QStringLiteral(".json"), b.id + QStringLiteral(".json")};
        expected.sort();
        QCOMPARE(filesIn(m_path), expected);
        const ProfileLoadResult result = store.load();
        QVERIFY(result.problems.isEmpty());
        QCOMPARE(namesOf(result.profiles),
                 (QStringList{QStringLiteral("Alpha"), QStringLiteral("beta")}));
        QCOMPARE(result.profiles.first().toJson(), a.toJson());
        QVERIFY(!result.profiles.first().settings.password);

        // Saving again replaces the file.
        ConnectionProfile renamed = a;
        renamed.name = QStringLiteral("Gamma");
        QVERIFY(store.save(renamed));
        QCOMPARE(namesOf(store.load().profiles),
                 (QStringList{QStringLiteral("beta"), QStringLiteral("Gamma")}));
        QCOMPARE(filesIn(m_path).size(), 2);
    }

    void noFileEverHoldsThePassword()
    {
        const ProfileStore store(m_path);
        const ConnectionProfile p = profile(QStringLiteral("secret"));
        QVERIFY(store.save(p));
        const QByteArray bytes = readAll(store.filePath(p.id));
        QVERIFY(bytes.contains("alice"));
        QVERIFY(!bytes.contains(TestPassword));
        QVERIFY(!bytes.contains(TestPassword.toBase64()));
        QVERIFY(!bytes.contains(TestPassword.toHex()));
        const QString exported = m_dir->filePath(QStringLiteral("export.json"));
        QVERIFY(ProfileStore::exportProfiles({p}, exported));
        QVERIFY(!readAll(exported).contains(TestPassword));
    }

    void corruptFileIsSetAside_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("namedById"); // the file is "<id>.json" of the profile inside
        QTest::addColumn<QString>("reason");
        const ConnectionProfile good = profile(QStringLiteral("victim"));
        const QByteArray json = QJsonDocument(good.toJson()).toJson();
        auto with = [&](const char *key, const QJsonValue &value) {
            QJsonObject object = good.toJson();
            if (QByteArray(key) == "will")
                object.insert(QStringLiteral("will"), value);
            else
                object.insert(QString::fromLatin1(key), value);
            return QJsonDocument(object).toJson();
        };
        QTest::newRow("garbage") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00garbage", 18) << false
                                 << QStringLiteral("not valid JSON");
        QTest::newRow("truncated by an old non-atomic writer")
            << json.left(json.size() / 2) << true << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray() << true << QStringLiteral("empty");
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << false << QStringLiteral("not an object");
        QTest::newRow("wrong type") << with("port", QStringLiteral("1883")) << true
                                    << QStringLiteral("port: expected a whole number");
        QTest::newRow("keep-alive 70000") << with("keep_alive", 70000) << true
                                          << QStringLiteral("Keep-alive: 70000 s is outside");
        QTest::newRow("will enabled without topic")
            << with("will", QJsonObject{{QStringLiteral("enabled"), true},
                                        {QStringLiteral("topic"), QString(QLatin1String(""))}})
            << true << QStringLiteral("Will topic: a will needs a topic");
        QTest::newRow("copied under another name")
            << json << false << QStringLiteral("does not match the profile's id");
    }

    void corruptFileIsSetAside()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, namedById);
        QFETCH(QString, reason);
        const ProfileStore store(m_path);
        const ConnectionProfile one = profile(QStringLiteral("one"));
        const ConnectionProfile two = profile(QStringLiteral("two"));
        QVERIFY(store.save(one));
        QVERIFY(store.save(two));
        // The id of the profile the test rows were made from.
        const QString id =
            QJsonDocument::fromJson(bytes).object().value(QStringLiteral("id")).toString();
        const QString fileName = namedById && !id.isEmpty() ? id + QStringLiteral(".json")
                                 : namedById ? ConnectionProfile::newId() + QStringLiteral(".json")
                                             : QStringLiteral("office.json");
        QVERIFY(writeAll(QDir(m_path).filePath(fileName), bytes));

        const ProfileLoadResult result = store.load();
        QCOMPARE(namesOf(result.profiles),
                 (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        QCOMPARE(result.problems.size(), 1);
        const ProfileProblem &problem = result.problems.first();
        QCOMPARE(problem.fileName, fileName);
        QVERIFY2(problem.message.contains(reason), qPrintable(problem.message));
        QVERIFY(QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(fileName) +
                                   QStringLiteral("\\.corrupt-\\d{8}-\\d{6}$"))
                    .match(problem.keptAs)
                    .hasMatch());
        QVERIFY(!QFile::exists(QDir(m_path).filePath(fileName)));
        QCOMPARE(readAll(QDir(m_path).filePath(problem.keptAs)), bytes);

        // Reported once: the next start finds only the good profiles, the copy still there.
        const ProfileLoadResult again = store.load();
        QVERIFY(again.problems.isEmpty());
        QCOMPARE(again.profiles.size(), 2);
        QVERIFY(QFile::exists(QDir(m_path).filePath(problem.keptAs)));
    }

    void settingAsideNeverOverwrites()
    {
        const ProfileStore store(m_path);
        QVERIFY(QDir().mkpath(m_path));
        const QString bad = QDir(m_path).filePath(QStringLiteral("bad.json"));
        QStringList kept;
        for (const QByteArray &bytes :
             {QByteArray("first {"), QByteArray("second {"), QByteArray("third {")}) {
            QVERIFY(writeAll(bad, bytes));
            const ProfileLoadResult result = store.load();
            QCOMPARE(result.problems.size(), 1);
            kept << result.problems.first().keptAs;
        }
        // Within one second the names would collide: each gets its own.
        QCOMPARE(QSet<QString>(kept.cbegin(), kept.cend()).size(), 3);
        QCOMPARE(readAll(QDir(m_path).filePath(kept.at(0))), QByteArray("first {"));
        QCOMPARE(readAll(QDir(m_path).filePath(kept.at(1))), QByteArray("second {"));
        QCOMPARE(readAll(QDir(m_path).filePath(kept.at(2))), QByteArray("third {"));
    }

    void newerFormatIsLeftInPlace()
    {
        const ProfileStore store(m_path);
        ConnectionProfile p = profile(QStringLiteral("future"));
        QJsonObject json = p.toJson();
        json.insert(QStringLiteral("format"), 2);
        QVERIFY(QDir().mkpath(m_path));
        QVERIFY(writeAll(store.filePath(p.id), QJsonDocument(json).toJson()));
        const ProfileLoadResult result = store.load();
        QCOMPARE(result.problems.size(), 1);
        QVERIFY(result.problems.first().message.contains(QStringLiteral("newer")));
        QVERIFY(result.problems.first().keptAs.isEmpty());
        QVERIFY(QFile::exists(store.filePath(p.id))); // where the newer version looks
    }

    void interruptedSaveKeepsThePreviousFile()
    {
        const ProfileStore store(m_path);
        ConnectionProfile p = profile(QStringLiteral("before"));
        QVERIFY(store.save(p));
        const QByteArray before = readAll(store.filePath(p.id));
        {
            // A writer that got halfway and never committed (as save() does, cut short).
            QSaveFile torn(store.filePath(p.id));
            QVERIFY(torn.open(QIODevice::WriteOnly));
            torn.write(before.left(before.size() / 2));
        }
        // A temporary file left next to it by a writer killed on a file system without
        // O_TMPFILE (QSaveFile's naming).
        QVERIFY(writeAll(store.filePath(p.id) + QStringLiteral(".Xa1b2C"), before.left(10)));
        QCOMPARE(readAll(store.filePath(p.id)), before);
        const ProfileLoadResult result = store.load();
        QVERIFY(result.problems.isEmpty());
        QCOMPARE(namesOf(result.profiles), QStringList{QStringLiteral("before")});
    }

#ifdef Q_OS_UNIX
    void killedWriterKeepsThePreviousFile()
    {
        // The real save() path, killed by the kernel mid-write: with a file size limit
        // smaller than the new profile, the write past the limit raises SIGXFSZ, whose
        // default action ends the process there and then.
        const ProfileStore store(m_path);
        ConnectionProfile p = profile(QStringLiteral("before"));
        QVERIFY(store.save(p));
        const QByteArray before = readAll(store.filePath(p.id));
        p.name = QStringLiteral("after");
        p.notes = QString(200000, QLatin1Char('n'));

        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            const rlimit noCore{0, 0};
            setrlimit(RLIMIT_CORE, &noCore);
            const rlimit small{4096, 4096};
            setrlimit(RLIMIT_FSIZE, &small);
            signal(SIGXFSZ, SIG_DFL);
            const bool saved = store.save(p);
            _exit(saved ? 0 : 3); // only if the write failed without the signal
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY2(WIFSIGNALED(status) ? WTERMSIG(status) == SIGXFSZ : WEXITSTATUS(status) == 3,
                 "the writer neither died mid-write nor failed");

        QCOMPARE(readAll(store.filePath(p.id)), before);
        const ProfileLoadResult result = store.load();
        QVERIFY(result.problems.isEmpty());
        QCOMPARE(namesOf(result.profiles), QStringList{QStringLiteral("before")});
    }
#endif

    void saveRefusesWhatLoadWouldSetAside()
    {
        const ProfileStore store(m_path);
        QString error;
        QVERIFY(!store.save(profile(QStringLiteral("bad"), 70000), &error));
        QVERIFY2(error.contains(QStringLiteral("Keep-alive")), qPrintable(error));
        ConnectionProfile noId = profile(QStringLiteral("x"));
        noId.id = QStringLiteral("../escape");
        QVERIFY(!store.save(noId, &error));
        QVERIFY(filesIn(m_path).isEmpty());
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("escape.json"))));
    }

    void remove()
    {
        const ProfileStore store(m_path);
        const ConnectionProfile p = profile(QStringLiteral("gone"));
        QVERIFY(store.save(p));
        QVERIFY(store.contains(p.id));
        QVERIFY(store.remove(p.id));
        QVERIFY(!store.contains(p.id));
        QVERIFY(store.remove(p.id)); // already gone: fine
        QVERIFY(!store.remove(QStringLiteral("../profiles")));
        QVERIFY(store.load().profiles.isEmpty());
    }

    void exportImportRoundTrip()
    {
        const ProfileStore source(m_path);
        const ConnectionProfile a = profile(QStringLiteral("a"));
        ConnectionProfile b = profile(QStringLiteral("b"));
        b.settings.will =
            Protocol::Will{QStringLiteral("w/b"), QByteArray("\xff\x00", 2), 1, true, {}};
        const QString file = m_dir->filePath(QStringLiteral("out/export.json"));
        QVERIFY(ProfileStore::exportProfiles({a, b}, file));
        const QJsonObject exported = QJsonDocument::fromJson(readAll(file)).object();
        QCOMPARE(exported.value(QStringLiteral("format")).toInt(), 1);
        QCOMPARE(exported.value(QStringLiteral("profiles")).toArray().size(), 2);

        const ProfileStore target(m_dir->filePath(QStringLiteral("other")));
        const ProfileImportResult result = target.importProfiles(file);
        QVERIFY(result.problems.isEmpty());
        QCOMPARE(result.imported.size(), 2);
        QCOMPARE(result.imported.at(0).toJson(), a.toJson()); // ids kept: no clash
        QCOMPARE(result.imported.at(1).toJson(), b.toJson());
        const ProfileLoadResult loaded = target.load();
        QCOMPARE(loaded.profiles.size(), 2);
        QCOMPARE(loaded.profiles.at(1).settings.will->payload, QByteArray("\xff\x00", 2));
    }

    void importGivesNewIdsOnClash()
    {
        const ProfileStore store(m_path);
        const ConnectionProfile mine = profile(QStringLiteral("mine"));
        QVERIFY(store.save(mine));
        ConnectionProfile sameId = profile(QStringLiteral("theirs"));
        sameId.id = mine.id;
        const QString file = m_dir->filePath(QStringLiteral("export.json"));
        // Clashing with the store, and twice within the file itself.
        QVERIFY(ProfileStore::exportProfiles({sameId, sameId}, file));
        const ProfileImportResult result = store.importProfiles(file);
        QVERIFY(result.problems.isEmpty());
        QCOMPARE(result.imported.size(), 2);
        QVERIFY(result.imported.at(0).id != mine.id);
        QVERIFY(result.imported.at(1).id != mine.id);
        QVERIFY(result.imported.at(0).id != result.imported.at(1).id);
        const ProfileLoadResult loaded = store.load();
        QCOMPARE(namesOf(loaded.profiles),
                 (QStringList{QStringLiteral("mine"), QStringLiteral("theirs"),
                              QStringLiteral("theirs")}));
        QCOMPARE(loaded.profiles.first().toJson(), mine.toJson()); // untouched
    }

    void importReportsBadEntriesAndTakesTheRest()
    {
        const ProfileStore store(m_path);
        const QString file = m_dir->filePath(QStringLiteral("mixed.json"));
        QJsonArray entries{profile(QStringLiteral("fine")).toJson(),
                           profile(QStringLiteral("broken"), 70000).toJson(),
                           QStringLiteral("text")};
        const QByteArray bytes = QJsonDocument(QJsonObject{{QStringLiteral("format"), 1},
                                                           {QStringLiteral("profiles"), entries}})
                                     .toJson();
        QVERIFY(writeAll(file, bytes));
        const ProfileImportResult result = store.importProfiles(file);
        QCOMPARE(namesOf(result.imported), QStringList{QStringLiteral("fine")});
        QCOMPARE(result.problems.size(), 2);
        QCOMPARE(result.problems.at(0).fileName, QStringLiteral("mixed.json"));
        QVERIFY2(result.problems.at(0).message.startsWith(
                     QStringLiteral("profile 2 (\"broken\"): Keep-alive")),
                 qPrintable(result.problems.at(0).message));
        QVERIFY(
            result.problems.at(1).message.startsWith(QStringLiteral("profile 3: not an object")));
        QCOMPARE(readAll(file), bytes); // the user's file is never renamed or changed
        QCOMPARE(store.load().profiles.size(), 1);
    }

    void importRefusesWhatIsNotAnExport()
    {
        const ProfileStore store(m_path);
        const QString file = m_dir->filePath(QStringLiteral("x.json"));
        for (const QByteArray &bytes : {QByteArray("{\"profiles\": [], \"format\": 9}"),
                                        QByteArray("{\"hello\": 1}"), QByteArray("not json")}) {
            QVERIFY(writeAll(file, bytes));
            const ProfileImportResult result = store.importProfiles(file);
            QVERIFY(result.imported.isEmpty());
            QCOMPARE(result.problems.size(), 1);
            QCOMPARE(result.problems.first().fileName, QStringLiteral("x.json"));
            QCOMPARE(readAll(file), bytes);
        }
    }

    void importRefusesDevicesWithoutReadingThem()
    {
        // /dev/zero never ends: reading it "whole" would hang the app and fill its memory.
        const ProfileStore store(m_path);
        const ProfileImportResult result = store.importProfiles(QStringLiteral("/dev/zero"));
        QVERIFY(result.imported.isEmpty());
        QCOMPARE(result.problems.size(), 1);
        QVERIFY2(result.problems.first().message.contains(QStringLiteral("not a regular file")),
                 qPrintable(result.problems.first().message));
    }

    void importOneProfileFile()
    {
        const ProfileStore store(m_path);
        const ConnectionProfile p = profile(QStringLiteral("single"));
        const QString file = m_dir->filePath(QStringLiteral("single.json"));
        QVERIFY(writeAll(file, QJsonDocument(p.toJson()).toJson()));
        const ProfileImportResult result = store.importProfiles(file);
        QCOMPARE(namesOf(result.imported), QStringList{QStringLiteral("single")});
        QCOMPARE(result.imported.first().id, p.id);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
