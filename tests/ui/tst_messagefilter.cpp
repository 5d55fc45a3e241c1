// The Messages tab's topic filter: MQTT wildcards matched as a broker matches, plain text
// as a case-insensitive substring, an invalid filter explained; and the count of shown,
// total and dropped messages kept up to date as batches arrive.

#include "session/messagefilterproxy.h"
#include "session/messagemodel.h"
#include "session/messagesview.h"
#include "session/topicmatcher.h"

#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using namespace PingScope;

namespace {
QList<MessageRow> rowsFor(const QStringList &topics)
{
    QList<MessageRow> rows;
    for (const QString &topic : topics)
        rows.append({0, topic, 0, false, QByteArray("x")});
    return rows;
}

QStringList shownTopics(const MessagesView &view)
{
    QStringList shown;
    const QAbstractItemModel *model = view.table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        shown << model->index(row, MessageModel::TopicColumn).data().toString();
    return shown;
}

const QStringList Topics{QStringLiteral("site/a/temp"),     QStringLiteral("site/b/temp"),
                         QStringLiteral("site/a/humid"),    QStringLiteral("site/temp"),
                         QStringLiteral("Site/A/Temp"),     QStringLiteral("$SYS/broker/uptime"),
                         QStringLiteral("site/a/temp/raw"), QStringLiteral("site//temp")};
} // namespace

class MessageFilterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matcherFollowsTheStandard_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("topic");
        QTest::addColumn<bool>("matches");
        auto row = [](const char *filter, const char *topic, bool matches) {
            QTest::addRow("%s ~ %s", filter, topic)
                << QString::fromLatin1(filter) << QString::fromLatin1(topic) << matches;
        };
        row("a/b", "a/b", true);
        row("a/b", "a/B", false); // topics are case-sensitive
        row("a/+", "a/b", true);
        row("a/+", "a/b/c", false);
        row("a/+", "a/", true); // an empty level is a level
        row("a/+", "a", false);
        row("a/#", "a", true); // '#' includes the parent level [MQTT-4.7.1-2]
        row("a/#", "a/b/c", true);
        row("a/#", "ab", false);
        row("+/+", "/x", true);
        row("#", "a/b", true);
        row("#", "$SYS/x", false); // [MQTT-4.7.2-1]
        row("+/x", "$SYS/x", false);
        row("$SYS/#", "$SYS/x", true);
        row("a/+/c", "a/b/c", true);
        row("a/+/c", "a/b/d", false);
    }

    void matcherFollowsTheStandard()
    {
        QFETCH(QString, filter);
        QFETCH(QString, topic);
        QFETCH(bool, matches);
        QCOMPARE(TopicMatcher(filter).matches(topic), matches);
    }

    void wildcardsPlainTextAndInvalidFilters()
    {
        MessageModel model;
        MessagesView view(&model);
        model.appendMessages(rowsFor(Topics));
        auto *field = view.findChild<QLineEdit *>(QStringLiteral("messageFilter"));
        auto *problem = view.findChild<QLabel *>(QStringLiteral("messageFilterProblem"));

        QTest::keyClicks(field, QStringLiteral("site/+/temp"));
        QCOMPARE(shownTopics(view),
                 (QStringList{QStringLiteral("site/a/temp"), QStringLiteral("site/b/temp"),
                              QStringLiteral("site//temp")}));
        QVERIFY2(view.countText().startsWith(QStringLiteral("3 shown of 8 messages")),
                 qPrintable(view.countText()));

        field->setText(QStringLiteral("site/a/#"));
        QCOMPARE(shownTopics(view),
                 (QStringList{QStringLiteral("site/a/temp"), QStringLiteral("site/a/humid"),
                              QStringLiteral("site/a/temp/raw")}));

        // No wildcard: a substring, any case; '$SYS' shows when asked for by name.
        field->setText(QStringLiteral("a/temp"));
        QCOMPARE(shownTopics(view),
                 (QStringList{QStringLiteral("site/a/temp"), QStringLiteral("Site/A/Temp"),
                              QStringLiteral("site/a/temp/raw")}));
        field->setText(QStringLiteral("uptime"));
        QCOMPARE(shownTopics(view), QStringList{QStringLiteral("$SYS/broker/uptime")});

        // An invalid filter shows nothing, and says why next to the field.
        field->setText(QStringLiteral("site/#/temp"));
        QVERIFY(shownTopics(view).isEmpty());
        QVERIFY(!problem->isHidden());
        QVERIFY2(problem->text().contains(QStringLiteral("MQTT-4.7.1-2")),
                 qPrintable(problem->text()));
        field->clear();
        QVERIFY(problem->isHidden());
        QCOMPARE(shownTopics(view).size(), Topics.size());
    }

    void newBatchesAreFilteredAndCounted()
    {
        MessageModel model;
        model.setMaximumRows(5);
        MessagesView view(&model);
        view.setTopicFilter(QStringLiteral("site/+/temp"));
        model.appendMessages(rowsFor(Topics)); // 8 into 5: the oldest 3 dropped
        QCOMPARE(shownTopics(view), QStringList{QStringLiteral("site//temp")});
        QVERIFY2(view.countText().startsWith(QStringLiteral("1 shown of 5 messages · 3 dropped")),
                 qPrintable(view.countText()));
        model.appendMessages(rowsFor({QStringLiteral("site/c/temp")}));
        QCOMPARE(shownTopics(view),
                 (QStringList{QStringLiteral("site//temp"), QStringLiteral("site/c/temp")}));
        QVERIFY2(view.countText().startsWith(QStringLiteral("2 shown of 5 messages · 4 dropped")),
                 qPrintable(view.countText()));
    }
};

QTEST_MAIN(MessageFilterTest)
#include "tst_messagefilter.moc"
