// The names PingScope shows for reason codes, return codes, packet types and properties,
// and which reason codes each packet type may carry from which sender.

#include "protocol/packettype.h"
#include "protocol/properties.h"
#include "protocol/reasoncodes.h"

#include <QTest>

using namespace PingScope::Protocol;

class TestNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reasonCodeNames();
    void reasonCodeValidity();
    void connectReturnCodes();
    void packetTypeNames();
    void propertyTable();
};

void TestNames::reasonCodeNames()
{
    QCOMPARE(reasonCodeName(PacketType::Disconnect, 0x8E), QStringLiteral("Session taken over"));
    QCOMPARE(reasonCodeName(PacketType::Connack, 0x00), QStringLiteral("Success"));
    QCOMPARE(reasonCodeName(PacketType::Disconnect, 0x00), QStringLiteral("Normal disconnection"));
    QCOMPARE(reasonCodeName(PacketType::Suback, 0x00), QStringLiteral("Granted QoS 0"));
    QCOMPARE(reasonCodeName(PacketType::Suback, 0x02), QStringLiteral("Granted QoS 2"));
    QCOMPARE(reasonCodeName(PacketType::Disconnect, 0x8D), QStringLiteral("Keep Alive timeout"));
    QCOMPARE(reasonCodeName(PacketType::Disconnect, 0x04),
             QStringLiteral("Disconnect with Will Message"));
    QCOMPARE(reasonCodeName(PacketType::Puback, 0x10), QStringLiteral("No matching subscribers"));
    QCOMPARE(reasonCodeName(PacketType::Auth, 0x18), QStringLiteral("Continue authentication"));
    QCOMPARE(reasonCodeText(PacketType::Disconnect, 0x8E),
             QStringLiteral("0x8E Session taken over"));
    QVERIFY2(reasonCodeName(PacketType::Connack, 0xFE)
                 .startsWith(QStringLiteral("Unknown reason code 0xFE"), Qt::CaseInsensitive),
             qPrintable(reasonCodeName(PacketType::Connack, 0xFE)));
}

void TestNames::reasonCodeValidity()
{
    // 5.0 Table 3-10: 0x8E only from a server, 0x04 only from a client; 0x00 from both.
    QVERIFY(isValidReasonCode(PacketType::Disconnect, 0x8E, Sender::Server));
    QVERIFY(!isValidReasonCode(PacketType::Disconnect, 0x8E, Sender::Client));
    QVERIFY(isValidReasonCode(PacketType::Disconnect, 0x04, Sender::Client));
    QVERIFY(!isValidReasonCode(PacketType::Disconnect, 0x04, Sender::Server));
    QVERIFY(isValidReasonCode(PacketType::Disconnect, 0x00, Sender::Client));
    QVERIFY(isValidReasonCode(PacketType::Disconnect, 0x00, Sender::Server));
    QVERIFY(isValidReasonCode(PacketType::Disconnect, 0x8E));
    QVERIFY(!isValidReasonCode(PacketType::Puback, 0x8E));
    QVERIFY(isValidReasonCode(PacketType::Puback, 0x10));
    QVERIFY(!isValidReasonCode(PacketType::Pubrel, 0x10)); // PUBREL: only 0x00 and 0x92
    QVERIFY(isValidReasonCode(PacketType::Pubrel, 0x92));
    QVERIFY(isValidReasonCode(PacketType::Suback, 0x02));
    QVERIFY(!isValidReasonCode(PacketType::Suback, 0x03));
    QVERIFY(isValidReasonCode(PacketType::Unsuback, 0x11));
    QVERIFY(isValidReasonCode(PacketType::Auth, 0x19));
    QVERIFY(!isValidReasonCode(PacketType::Auth, 0x80));
}

void TestNames::connectReturnCodes()
{
    QVERIFY2(connectReturnCodeName(5).contains(QStringLiteral("authori"), Qt::CaseInsensitive),
             qPrintable(connectReturnCodeName(5)));
    QVERIFY(!connectReturnCodeName(0).isEmpty());
    QVERIFY(connectReturnCodeName(0) != connectReturnCodeName(5));
    for (quint8 code = 0; code <= 5; ++code)
        QVERIFY(isValidConnectReturnCode(code));
    QVERIFY(!isValidConnectReturnCode(6));
    QVERIFY(!isValidConnectReturnCode(0x80));
    QVERIFY(!subackReturnCodeName(0x80).isEmpty());
    QVERIFY(subackReturnCodeName(0x80) != subackReturnCodeName(0x00));
}

void TestNames::packetTypeNames()
{
    QCOMPARE(packetTypeName(PacketType::Connect), QStringLiteral("CONNECT"));
    QCOMPARE(packetTypeName(PacketType::Pingreq), QStringLiteral("PINGREQ"));
    QCOMPARE(packetTypeName(PacketType::Unsuback), QStringLiteral("UNSUBACK"));
    QCOMPARE(packetTypeName(PacketType::Auth), QStringLiteral("AUTH"));
}

void TestNames::propertyTable()
{
    // Every identifier of 5.0 section 2.2.2.2, with its wire type.
    const QList<QPair<PropertyId, PropertyType>> all = {
        {PropertyId::PayloadFormatIndicator, PropertyType::Byte},
        {PropertyId::MessageExpiryInterval, PropertyType::FourByteInteger},
        {PropertyId::ContentType, PropertyType::Utf8String},
        {PropertyId::ResponseTopic, PropertyType::Utf8String},
        {PropertyId::CorrelationData, PropertyType::BinaryData},
        {PropertyId::SubscriptionIdentifier, PropertyType::VariableByteInteger},
        {PropertyId::SessionExpiryInterval, PropertyType::FourByteInteger},
        {PropertyId::AssignedClientIdentifier, PropertyType::Utf8String},
        {PropertyId::ServerKeepAlive, PropertyType::TwoByteInteger},
        {PropertyId::AuthenticationMethod, PropertyType::Utf8String},
        {PropertyId::AuthenticationData, PropertyType::BinaryData},
        {PropertyId::RequestProblemInformation, PropertyType::Byte},
        {PropertyId::WillDelayInterval, PropertyType::FourByteInteger},
        {PropertyId::RequestResponseInformation, PropertyType::Byte},
        {PropertyId::ResponseInformation, PropertyType::Utf8String},
        {PropertyId::ServerReference, PropertyType::Utf8String},
        {PropertyId::ReasonString, PropertyType::Utf8String},
        {PropertyId::ReceiveMaximum, PropertyType::TwoByteInteger},
        {PropertyId::TopicAliasMaximum, PropertyType::TwoByteInteger},
        {PropertyId::TopicAlias, PropertyType::TwoByteInteger},
        {PropertyId::MaximumQoS, PropertyType::Byte},
        {PropertyId::RetainAvailable, PropertyType::Byte},
        {PropertyId::UserProperty, PropertyType::Utf8StringPair},
        {PropertyId::MaximumPacketSize, PropertyType::FourByteInteger},
        {PropertyId::WildcardSubscriptionAvailable, PropertyType::Byte},
        {PropertyId::SubscriptionIdentifierAvailable, PropertyType::Byte},
        {PropertyId::SharedSubscriptionAvailable, PropertyType::Byte},
    };
    QCOMPARE(all.size(), 27);
    for (const auto &[id, type] : all) {
        const PropertyInfo *info = propertyInfo(quint8(id));
        QVERIFY2(info, QByteArray::number(int(id), 16).constData());
        QCOMPARE(int(info->id), int(id));
        QCOMPARE(int(info->type), int(type));
        QVERIFY(info->name && *info->name);
        QCOMPARE(propertyName(id), QString::fromLatin1(info->name));
        QVERIFY(info->contexts != 0);
    }
    QCOMPARE(propertyName(PropertyId::ServerKeepAlive), QStringLiteral("Server Keep Alive"));
    QCOMPARE(propertyName(PropertyId::SessionExpiryInterval),
             QStringLiteral("Session Expiry Interval"));
    QVERIFY(!propertyInfo(0x00));
    QVERIFY(!propertyInfo(0x04));
    QVERIFY(!propertyInfo(0x7F));
    QVERIFY(propertyInfo(quint8(PropertyId::UserProperty))->mayRepeat);
    QVERIFY(!propertyInfo(quint8(PropertyId::ServerKeepAlive))->mayRepeat);
    QVERIFY(propertyAllowedIn(PropertyId::ServerKeepAlive, PropertyContext::Connack));
    QVERIFY(!propertyAllowedIn(PropertyId::ServerKeepAlive, PropertyContext::Publish));
    QVERIFY(propertyAllowedIn(PropertyId::WillDelayInterval, PropertyContext::Will));
    QVERIFY(!propertyAllowedIn(PropertyId::WillDelayInterval, PropertyContext::Connect));
    QVERIFY(propertyAllowedIn(PropertyId::SubscriptionIdentifier, PropertyContext::Subscribe));
}

QTEST_APPLESS_MAIN(TestNames)
#include "tst_names.moc"
