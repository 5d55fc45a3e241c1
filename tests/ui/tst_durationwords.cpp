#include "editor/durationwords.h"

#include <QTest>

using namespace PingScope;

class TestDurationWords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<QString>("words");
        QTest::newRow("zero") << 0 << QStringLiteral("disabled");
        QTest::newRow("seconds") << 45 << QStringLiteral("45 s");
        QTest::newRow("one minute") << 60 << QStringLiteral("1 min");
        QTest::newRow("minutes and seconds") << 90 << QStringLiteral("1 min 30 s");
        QTest::newRow("hours and minutes") << 5400 << QStringLiteral("1 h 30 min");
        QTest::newRow("hours and seconds") << 3605 << QStringLiteral("1 h 5 s");
        QTest::newRow("largest keep-alive") << 65535 << QStringLiteral("18 h 12 min 15 s");
        QTest::newRow("negative") << -1 << QString();
    }

    void words()
    {
        QFETCH(int, seconds);
        QFETCH(QString, words);
        QCOMPARE(keepAliveInWords(seconds), words);
    }
};

QTEST_APPLESS_MAIN(TestDurationWords)
#include "tst_durationwords.moc"
