// The packet inspector (ui/inspector), offscreen, against a real mosquitto: a session with
// a will and a password, keep-alive 1 s. The inspector holds the CONNECT; selecting the
// Will Topic field highlights exactly its bytes, and clicking a byte selects the field it
// belongs to; the password appears in no tree, hex or summary text; the type and direction
// filters hide what does not match; selectSequence() finds packets. The model alone: one
// insert per batch, evicted rows removed in one block.
// With PINGSCOPE_GRAB_DIR set, saves inspector-connect-will-{light,dark}.png there for a
// person to judge.

#include "brokerfixture.h"
#include "grabifasked.h"
#include "inspector/hexview.h"
#include "inspector/packetdetail.h"
#include "inspector/packetinspector.h"
#include "inspector/packettablemodel.h"
#include "protocol/codec.h"
#include "session/sessionhost.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = 10'000;
const QByteArray Password = QByteArrayLiteral("inspector-secret-B0A7");

QStringList treeTexts(const QTreeWidget *tree)
{
    QStringList texts;
    for (QTreeWidgetItemIterator it(const_cast<QTreeWidget *>(tree)); *it; ++it) {
        for (int column = 0; column < tree->columnCount(); ++column)
            texts << (*it)->text(column);
    }
    return texts;
}

Event publishEvent(quint64 sequence, qsizetype payloadBytes = 10)
{
    PublishPacket publish;
    publish.topic = QStringLiteral("t");
    publish.payload = QByteArray(payloadBytes, 'p');
    Event event;
    event.sequence = sequence;
    event.direction = Direction::Received;
    event.packetType = PacketType::Publish;
    event.raw = encodePacketUnchecked(publish, ProtocolVersion::V5);
    return event;
}

} // namespace

class PacketInspectorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        PINGSCOPE_REQUIRE_BROKER(m_broker);
        SessionSettings settings;
        settings.host = m_broker.host();
        settings.port = m_broker.port();
        settings.version = ProtocolVersion::V5;
        settings.clientId =
            QStringLiteral("ps-inspector-%1").arg(QCoreApplication::applicationPid());
        settings.keepAliveSeconds = 1;
        settings.userName = QStringLiteral("inspector-user");
        settings.password = Password;
        Will will;
        will.topic = QStringLiteral("pingscope/test/inspector/will/") + settings.clientId;
        will.payload = "gone";
        will.qos = 1;
        will.properties.setInteger(PropertyId::WillDelayInterval, 5);
        will.properties.setString(PropertyId::ContentType, QStringLiteral("text/plain"));
        settings.will = will;
        m_willTopic = will.topic;

        m_inspector.resize(1100, 760);
        m_inspector.show();
        const int id = m_host.createSession(settings);
        connect(&m_host, &SessionHost::batchReady, this, [this, id](const SessionBatch &batch) {
            QList<const Event *> mine;
            for (const Event &event : batch.events) {
                if (event.session == id)
                    mine.append(&event);
            }
            m_inspector.appendEvents(mine);
        });
        m_host.open(id);
        QTRY_VERIFY_WITH_TIMEOUT(sequenceOf(PacketType::Pingresp) > 0, TimeoutMs);
    }

    void holdsTheConnect()
    {
        const quint64 connect = sequenceOf(PacketType::Connect);
        QVERIFY(connect > 0);
        QSignalSpy selected(&m_inspector, &PacketInspector::packetSelected);
        QVERIFY(m_inspector.selectSequence(connect));
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().first().toULongLong(), connect);
        const QModelIndex current = m_inspector.table()->currentIndex();
        QCOMPARE(current.siblingAtColumn(PacketTableModel::TypeColumn).data().toString(),
                 QStringLiteral("CONNECT"));
        QVERIFY(m_inspector.summaryOf(connect).contains(m_willTopic));
        QVERIFY(!m_inspector.detail()->fields().isEmpty());
    }

    void selectingTheWillTopicHighlightsItsBytes()
    {
        QVERIFY(m_inspector.selectSequence(sequenceOf(PacketType::Connect)));
        PacketDetail *detail = m_inspector.detail();
        QVERIFY(detail->selectField(QStringLiteral("Will Topic")));
        const FieldRange field = detail->fields().at(detail->selectedField());
        QCOMPARE(field.name, QStringLiteral("Will Topic"));
        QCOMPARE(detail->hexView()->highlightOffset(), field.offset);
        QCOMPARE(detail->hexView()->highlightLength(), field.length);
        // The range is the topic on the wire: its 2-byte length, then its UTF-8.
        const QByteArray bytes = detail->hexView()->bytes().mid(field.offset, field.length);
        QCOMPARE(bytes.mid(2), m_willTopic.toUtf8());
        // The screenshot: a CONNECT's will fields highlighted.
        grabIfAsked(&m_inspector, QStringLiteral("inspector-connect-will"));
    }

    void clickingAByteSelectsItsInnermostField()
    {
        QVERIFY(m_inspector.selectSequence(sequenceOf(PacketType::Connect)));
        PacketDetail *detail = m_inspector.detail();
        HexView *hex = detail->hexView();
        for (const QString &name : {QStringLiteral("Will Topic"), QStringLiteral("Keep Alive"),
                                    QStringLiteral("Client Identifier")}) {
            qsizetype offset = -1;
            for (const FieldRange &field : detail->fields()) {
                if (field.name == name)
                    offset = field.offset + field.length - 1; // its last byte
            }
            QVERIFY2(offset >= 0, qPrintable(name));
            detail->fieldTree()->setCurrentItem(nullptr);
            QRect rect = hex->hexRect(offset);
            if (rect.isEmpty() || !hex->viewport()->rect().contains(rect)) {
                hex->setHighlight(offset, 1); // scrolls it into view
                rect = hex->hexRect(offset);
            }
            QVERIFY2(hex->viewport()->rect().contains(rect), qPrintable(name));
            QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, rect.center());
            QVERIFY(detail->selectedField() >= 0);
            QCOMPARE(detail->fields().at(detail->selectedField()).name, name);
        }
    }

    void thePasswordNeverAppears()
    {
        const QString password = QString::fromLatin1(Password);
        QVERIFY(m_inspector.selectSequence(sequenceOf(PacketType::Connect)));
        const QStringList texts = treeTexts(m_inspector.detail()->fieldTree());
        QVERIFY(texts.contains(QStringLiteral("Password")));
        QVERIFY(!texts.join(u'\n').contains(password));
        QVERIFY(texts.join(u'\n').contains(QStringLiteral("(hidden")));
        QVERIFY(!m_inspector.detail()->hexView()->bytes().contains(Password));
        const QAbstractItemModel *model = m_inspector.table()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString summary =
                model->index(row, PacketTableModel::SummaryColumn).data().toString();
            QVERIFY2(!summary.contains(password), qPrintable(summary));
        }
        const EventHistory &history = m_inspector.history();
        for (qsizetype i = 0; i < history.size(); ++i) {
            QVERIFY(!history.at(i).raw.contains(Password));
            QVERIFY(!m_inspector.summaryOf(history.at(i).sequence).contains(password));
        }
    }

    void filtersHideWhatDoesNotMatch()
    {
        QComboBox *types = m_inspector.typeFilter();
        QComboBox *directions = m_inspector.directionFilter();
        const QAbstractItemModel *model = m_inspector.table()->model();
        const int all = model->rowCount();
        types->setCurrentIndex(types->findText(QStringLiteral("PINGREQ")));
        QVERIFY(model->rowCount() > 0);
        QVERIFY(model->rowCount() < all);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row, PacketTableModel::TypeColumn).data().toString(),
                     QStringLiteral("PINGREQ"));
        QVERIFY(!m_inspector.selectSequence(sequenceOf(PacketType::Connect))); // filtered out

        types->setCurrentIndex(0);
        directions->setCurrentIndex(directions->findData(int(Direction::Received)));
        QVERIFY(model->rowCount() > 0);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row, PacketTableModel::DirectionColumn).data().toString(),
                     QStringLiteral("broker → client"));
        QVERIFY(m_inspector.selectSequence(sequenceOf(PacketType::Connack)));
        directions->setCurrentIndex(0);
        QCOMPARE(model->rowCount(), qMax(all, model->rowCount())); // more may have come
        QVERIFY(!m_inspector.selectSequence(quint64(1) << 60));    // never seen
    }

    void theModelInsertsOncePerBatchAndEvictsInOneBlock()
    {
        PacketTableModel model(nullptr, 100, 1 << 20);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        quint64 sequence = 0;
        for (int batch = 0; batch < 3; ++batch) {
            QList<Event> events;
            for (int i = 0; i < 60; ++i)
                events.append(publishEvent(++sequence));
            QList<const Event *> pointers;
            for (const Event &event : events)
                pointers.append(&event);
            model.appendEvents(pointers);
        }
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(removed.size(), 2); // the 2nd and 3rd batches each evict once
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.sequenceAt(0), 81u);
        QCOMPARE(model.history().evictedCount(), 80u);
        QCOMPARE(model.rowOfSequence(80), -1);
        QCOMPARE(model.rowOfSequence(180), 99);
    }

private:
    quint64 sequenceOf(PacketType type) const
    {
        const EventHistory &history = m_inspector.history();
        for (qsizetype i = 0; i < history.size(); ++i) {
            if (history.at(i).isPacket() && history.at(i).packetType == type)
                return history.at(i).sequence;
        }
        return 0;
    }

    BrokerFixture m_broker;
    PacketInspector m_inspector;
    SessionHost m_host; // gone before the inspector its batches feed
    QString m_willTopic;
};

QTEST_MAIN(PacketInspectorTest)
#include "tst_packetinspector.moc"
