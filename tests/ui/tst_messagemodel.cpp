// MessageModel: bounded, appended once per batch, the oldest dropped and counted; and the
// detail pane's three renderings of a payload.

#include "session/messagedetail.h"
#include "session/messagemodel.h"
#include "session/messagesview.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;

namespace {
QList<MessageRow> rows(int first, int count)
{
    QList<MessageRow> out;
    for (int i = first; i < first + count; ++i)
        out.append({0, QStringLiteral("t/%1").arg(i), 0, false, QByteArray::number(i)});
    return out;
}
} // namespace

class MessageModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsOneInsertPerBatch()
    {
        MessageModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendMessages(rows(0, 250));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 250);
        QCOMPARE(model.droppedCount(), 0u);
        QCOMPARE(model.index(249, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("t/249"));
    }

    void staysBoundedAndCountsDropped()
    {
        MessageModel model;
        model.setMaximumRows(100);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendMessages(rows(0, 80));
        model.appendMessages(rows(80, 50)); // 30 over the bound
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.droppedCount(), 30u);
        QCOMPARE(removed.count(), 1);
        // The oldest went: the first row is message 30, the last is 129.
        QCOMPARE(model.index(0, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("t/30"));
        QCOMPARE(model.index(99, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("t/129"));
    }

    void payloadBytesAreBoundedToo()
    {
        // Few rows, big payloads: the byte bound holds where the row bound would not.
        MessageModel model;
        model.setMaximumBytes(10 * 1024);
        QList<MessageRow> frames;
        for (int i = 0; i < 25; ++i)
            frames.append({0, QStringLiteral("cam/%1").arg(i), 0, false, QByteArray(1024, 'x')});
        model.appendMessages(frames);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.droppedCount(), 15u);
        QCOMPARE(model.payloadBytes(), 10 * 1024);
        QCOMPARE(model.index(0, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("cam/15"));
        // One payload larger than the bound is still shown: the newest row always stays.
        model.appendMessages({{0, QStringLiteral("huge"), 0, false, QByteArray(64 * 1024, 'y')}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.droppedCount(), 25u);
    }

    void longUtf8PreviewStaysText()
    {
        // The preview decodes at most 4 bytes per character shown: 320 bytes for 80. That cuts
        // a 3-byte "€" in the middle, which must not turn the preview into hex.
        const QByteArray text = QStringLiteral("é").repeated(400).toUtf8();
        for (int length : {79, 80}) {
            const QString preview = payloadPreview(text, length);
            QVERIFY2(preview.startsWith(QStringLiteral("éé")), qPrintable(preview));
            QVERIFY(preview.endsWith(QStringLiteral("…")));
        }
        const QByteArray threeByte = QStringLiteral("€").repeated(400).toUtf8();
        QVERIFY(payloadPreview(threeByte, 80).startsWith(QStringLiteral("€€")));
    }

    void batchLargerThanTheBoundKeepsItsNewest()
    {
        MessageModel model;
        model.setMaximumRows(10);
        model.appendMessages(rows(0, 5));
        model.appendMessages(rows(5, 1000));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.droppedCount(), 995u);
        QCOMPARE(model.index(0, MessageModel::TopicColumn).data().toString(),
                 QStringLiteral("t/995"));
    }

    void loweringTheBoundDropsAtOnce()
    {
        MessageModel model;
        model.appendMessages(rows(0, 50));
        model.setMaximumRows(20);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(model.droppedCount(), 30u);
    }

    void viewShowsTheDroppedCount()
    {
        MessageModel model;
        model.setMaximumRows(10);
        MessagesView view(&model);
        model.appendMessages(rows(0, 25));
        QVERIFY2(view.countText().contains(QStringLiteral("10 messages")),
                 qPrintable(view.countText()));
        QVERIFY2(view.countText().contains(QStringLiteral("15 dropped")),
                 qPrintable(view.countText()));
    }

    void columnsShowFlagsAndPreview()
    {
        MessageModel model;
        model.appendMessages({{0, QStringLiteral("a/b"), 1, true, QByteArray("line1\nline2")},
                              {0, QStringLiteral("bin"), 0, false, QByteArray("\xff\x00\x01", 3)}});
        QCOMPARE(model.index(0, MessageModel::QosColumn).data().toInt(), 1);
        QVERIFY(!model.index(0, MessageModel::RetainColumn).data().toString().isEmpty());
        QCOMPARE(model.index(0, MessageModel::SizeColumn).data().toString(),
                 QStringLiteral("11 B"));
        QCOMPARE(model.index(0, MessageModel::PayloadColumn).data().toString(),
                 QStringLiteral("line1 line2"));
        QCOMPARE(model.index(1, MessageModel::PayloadColumn).data().toString(),
                 QStringLiteral("ff 00 01"));
    }

    void detailRendersTextJsonAndHex()
    {
        const QByteArray json(R"({"a":1,"b":[true]})");
        QVERIFY(MessageDetail::render(json, MessageDetail::Json).contains(QStringLiteral("\n")));
        QVERIFY(MessageDetail::render(json, MessageDetail::Json).contains(QStringLiteral("\"b\"")));
        QVERIFY(MessageDetail::render("plain", MessageDetail::Json)
                    .startsWith(QStringLiteral("Not JSON")));
        QCOMPARE(MessageDetail::render("plain", MessageDetail::Text), QStringLiteral("plain"));
        QVERIFY(MessageDetail::render("AB", MessageDetail::Hex)
                    .startsWith(QStringLiteral("00000000  41 42")));
        // Binary in Text mode falls back to hex instead of mangling bytes.
        QVERIFY(MessageDetail::render(QByteArray("\xff\xfe", 2), MessageDetail::Text)
                    .contains(QStringLiteral("ff fe")));
    }
};

QTEST_MAIN(MessageModelTest)
#include "tst_messagemodel.moc"
