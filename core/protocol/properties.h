#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace PingScope::Protocol {

// MQTT 5.0 property identifiers (5.0 section 2.2.2.2), valued as on the wire.
enum class PropertyId : quint8 {
    PayloadFormatIndicator = 0x01,
    MessageExpiryInterval = 0x02,
    ContentType = 0x03,
    ResponseTopic = 0x08,
    CorrelationData = 0x09,
    SubscriptionIdentifier = 0x0B,
    SessionExpiryInterval = 0x11,
    AssignedClientIdentifier = 0x12,
    ServerKeepAlive = 0x13,
    AuthenticationMethod = 0x15,
    AuthenticationData = 0x16,
    RequestProblemInformation = 0x17,
    WillDelayInterval = 0x18,
    RequestResponseInformation = 0x19,
    ResponseInformation = 0x1A,
    ServerReference = 0x1C,
    ReasonString = 0x1F,
    ReceiveMaximum = 0x21,
    TopicAliasMaximum = 0x22,
    TopicAlias = 0x23,
    MaximumQoS = 0x24,
    RetainAvailable = 0x25,
    UserProperty = 0x26,
    MaximumPacketSize = 0x27,
    WildcardSubscriptionAvailable = 0x28,
    SubscriptionIdentifierAvailable = 0x29,
    SharedSubscriptionAvailable = 0x2A,
};

// The wire types of the standard's data representation (5.0 section 1.5).
enum class PropertyType : quint8 {
    Byte,
    TwoByteInteger,
    FourByteInteger,
    VariableByteInteger,
    Utf8String,
    Utf8StringPair,
    BinaryData,
};

// Where a property may stand. A packet type maps to one context, except CONNECT, whose
// will properties have a context of their own.
enum class PropertyContext : quint16 {
    Connect = 1 << 0,
    Will = 1 << 1,
    Connack = 1 << 2,
    Publish = 1 << 3,
    Puback = 1 << 4,
    Pubrec = 1 << 5,
    Pubrel = 1 << 6,
    Pubcomp = 1 << 7,
    Subscribe = 1 << 8,
    Suback = 1 << 9,
    Unsubscribe = 1 << 10,
    Unsuback = 1 << 11,
    Disconnect = 1 << 12,
    Auth = 1 << 13,
};

struct PropertyInfo
{
    PropertyId id;
    PropertyType type;
    const char *name; // as the standard names it: "Server Keep Alive"
    quint16 contexts; // PropertyContext bits
    bool mayRepeat;   // User Property everywhere; Subscription Identifier in PUBLISH
};

// nullptr for an identifier the standard does not define.
const PropertyInfo *propertyInfo(quint8 id);
QString propertyName(PropertyId id);
QString propertyContextName(PropertyContext context);
bool propertyAllowedIn(PropertyId id, PropertyContext context);

// One property as decoded or to be encoded. Which member holds the value follows the type:
// integers in `integer`, strings in `string` (a pair's value in `pairValue`), binary in `binary`.
struct Property
{
    PropertyId id = PropertyId::UserProperty;
    quint32 integer = 0;
    QString string;
    QString pairValue;
    QByteArray binary;

    static Property fromInteger(PropertyId id, quint32 value);
    static Property fromString(PropertyId id, const QString &value);
    static Property fromBinary(PropertyId id, const QByteArray &value);
    static Property userProperty(const QString &name, const QString &value);

    // Display text of the value: "60", "text/plain", "0A 0B" (binary as hex).
    QString valueText() const;

    friend bool operator==(const Property &a, const Property &b)
    {
        return a.id == b.id && a.integer == b.integer && a.string == b.string &&
               a.pairValue == b.pairValue && a.binary == b.binary;
    }
    friend bool operator!=(const Property &a, const Property &b) { return !(a == b); }
};

// The properties of one packet, in wire order (the order of User Properties is meaningful).
class Properties
{
public:
    bool isEmpty() const { return m_items.isEmpty(); }
    qsizetype size() const { return m_items.size(); }
    const QList<Property> &items() const { return m_items; }

    bool contains(PropertyId id) const;
    std::optional<quint32> integer(PropertyId id) const;
    std::optional<QString> string(PropertyId id) const;
    std::optional<QByteArray> binary(PropertyId id) const;
    QList<quint32> integers(PropertyId id) const; // every Subscription Identifier of a PUBLISH
    QList<QPair<QString, QString>> userProperties() const;

    // Setters replace a single-valued property in place, or append it.
    void setInteger(PropertyId id, quint32 value);
    void setString(PropertyId id, const QString &value);
    void setBinary(PropertyId id, const QByteArray &value);
    void addUserProperty(const QString &name, const QString &value);
    // Appends as is, duplicates included (the decoder and fault injection need that).
    void append(const Property &property) { m_items.append(property); }
    void remove(PropertyId id);

    friend bool operator==(const Properties &a, const Properties &b)
    {
        return a.m_items == b.m_items;
    }
    friend bool operator!=(const Properties &a, const Properties &b) { return !(a == b); }

private:
    void set(const Property &property);

    QList<Property> m_items;
};

} // namespace PingScope::Protocol
