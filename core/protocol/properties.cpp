#include "properties.h"

#include "reasoncodes.h"

#include <array>

namespace PingScope::Protocol {

namespace {

constexpr quint16 ctx(PropertyContext c)
{
    return quint16(c);
}

constexpr quint16 AllAcks = ctx(PropertyContext::Puback) | ctx(PropertyContext::Pubrec) |
                            ctx(PropertyContext::Pubrel) | ctx(PropertyContext::Pubcomp);
constexpr quint16 MessageContexts = ctx(PropertyContext::Publish) | ctx(PropertyContext::Will);
constexpr quint16 Everywhere = 0x3FFF;

// 5.0 section 2.2.2.2, Table 2-4: identifier, type, name and the packets it may appear in.
constexpr std::array<PropertyInfo, 27> PropertyTable = {{
    {PropertyId::PayloadFormatIndicator, PropertyType::Byte, "Payload Format Indicator",
     MessageContexts, false},
    {PropertyId::MessageExpiryInterval, PropertyType::FourByteInteger, "Message Expiry Interval",
     MessageContexts, false},
    {PropertyId::ContentType, PropertyType::Utf8String, "Content Type", MessageContexts, false},
    {PropertyId::ResponseTopic, PropertyType::Utf8String, "Response Topic", MessageContexts, false},
    {PropertyId::CorrelationData, PropertyType::BinaryData, "Correlation Data", MessageContexts,
     false},
    // Repeats in PUBLISH only (one per matching subscription); see mayRepeatIn() in
    // decodeproperties.cpp.
    {PropertyId::SubscriptionIdentifier, PropertyType::VariableByteInteger,
     "Subscription Identifier", ctx(PropertyContext::Publish) | ctx(PropertyContext::Subscribe),
     true},
    {PropertyId::SessionExpiryInterval, PropertyType::FourByteInteger, "Session Expiry Interval",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack) |
         ctx(PropertyContext::Disconnect),
     false},
    {PropertyId::AssignedClientIdentifier, PropertyType::Utf8String, "Assigned Client Identifier",
     ctx(PropertyContext::Connack), false},
    {PropertyId::ServerKeepAlive, PropertyType::TwoByteInteger, "Server Keep Alive",
     ctx(PropertyContext::Connack), false},
    {PropertyId::AuthenticationMethod, PropertyType::Utf8String, "Authentication Method",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack) | ctx(PropertyContext::Auth),
     false},
    {PropertyId::AuthenticationData, PropertyType::BinaryData, "Authentication Data",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack) | ctx(PropertyContext::Auth),
     false},
    {PropertyId::RequestProblemInformation, PropertyType::Byte, "Request Problem Information",
     ctx(PropertyContext::Connect), false},
    {PropertyId::WillDelayInterval, PropertyType::FourByteInteger, "Will Delay Interval",
     ctx(PropertyContext::Will), false},
    {PropertyId::RequestResponseInformation, PropertyType::Byte, "Request Response Information",
     ctx(PropertyContext::Connect), false},
    {PropertyId::ResponseInformation, PropertyType::Utf8String, "Response Information",
     ctx(PropertyContext::Connack), false},
    {PropertyId::ServerReference, PropertyType::Utf8String, "Server Reference",
     ctx(PropertyContext::Connack) | ctx(PropertyContext::Disconnect), false},
    {PropertyId::ReasonString, PropertyType::Utf8String, "Reason String",
     ctx(PropertyContext::Connack) | AllAcks | ctx(PropertyContext::Suback) |
         ctx(PropertyContext::Unsuback) | ctx(PropertyContext::Disconnect) |
         ctx(PropertyContext::Auth),
     false},
    {PropertyId::ReceiveMaximum, PropertyType::TwoByteInteger, "Receive Maximum",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack), false},
    {PropertyId::TopicAliasMaximum, PropertyType::TwoByteInteger, "Topic Alias Maximum",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack), false},
    {PropertyId::TopicAlias, PropertyType::TwoByteInteger, "Topic Alias",
     ctx(PropertyContext::Publish), false},
    {PropertyId::MaximumQoS, PropertyType::Byte, "Maximum QoS", ctx(PropertyContext::Connack),
     false},
    {PropertyId::RetainAvailable, PropertyType::Byte, "Retain Available",
     ctx(PropertyContext::Connack), false},
    {PropertyId::UserProperty, PropertyType::Utf8StringPair, "User Property", Everywhere, true},
    {PropertyId::MaximumPacketSize, PropertyType::FourByteInteger, "Maximum Packet Size",
     ctx(PropertyContext::Connect) | ctx(PropertyContext::Connack), false},
    {PropertyId::WildcardSubscriptionAvailable, PropertyType::Byte,
     "Wildcard Subscription Available", ctx(PropertyContext::Connack), false},
    {PropertyId::SubscriptionIdentifierAvailable, PropertyType::Byte,
     "Subscription Identifier Available", ctx(PropertyContext::Connack), false},
    {PropertyId::SharedSubscriptionAvailable, PropertyType::Byte, "Shared Subscription Available",
     ctx(PropertyContext::Connack), false},
}};

// Identifier -> index into PropertyTable, built once at compile time.
constexpr std::array<qint8, 64> buildIndex()
{
    std::array<qint8, 64> index{};
    for (auto &slot : index)
        slot = -1;
    for (std::size_t i = 0; i < PropertyTable.size(); ++i)
        index[std::size_t(PropertyTable[i].id)] = qint8(i);
    return index;
}
constexpr std::array<qint8, 64> PropertyIndex = buildIndex();

} // namespace

const PropertyInfo *propertyInfo(quint8 id)
{
    if (id >= PropertyIndex.size() || PropertyIndex[id] < 0)
        return nullptr;
    return &PropertyTable[std::size_t(PropertyIndex[id])];
}

QString propertyName(PropertyId id)
{
    const PropertyInfo *info = propertyInfo(quint8(id));
    return info ? QLatin1String(info->name)
                : QStringLiteral("Unknown property 0x%1").arg(hexByte(quint8(id)));
}

QString propertyContextName(PropertyContext context)
{
    switch (context) {
    case PropertyContext::Connect:
        return QStringLiteral("CONNECT");
    case PropertyContext::Will:
        return QStringLiteral("will properties");
    case PropertyContext::Connack:
        return QStringLiteral("CONNACK");
    case PropertyContext::Publish:
        return QStringLiteral("PUBLISH");
    case PropertyContext::Puback:
        return QStringLiteral("PUBACK");
    case PropertyContext::Pubrec:
        return QStringLiteral("PUBREC");
    case PropertyContext::Pubrel:
        return QStringLiteral("PUBREL");
    case PropertyContext::Pubcomp:
        return QStringLiteral("PUBCOMP");
    case PropertyContext::Subscribe:
        return QStringLiteral("SUBSCRIBE");
    case PropertyContext::Suback:
        return QStringLiteral("SUBACK");
    case PropertyContext::Unsubscribe:
        return QStringLiteral("UNSUBSCRIBE");
    case PropertyContext::Unsuback:
        return QStringLiteral("UNSUBACK");
    case PropertyContext::Disconnect:
        return QStringLiteral("DISCONNECT");
    case PropertyContext::Auth:
        return QStringLiteral("AUTH");
    }
    return QString();
}

bool propertyAllowedIn(PropertyId id, PropertyContext context)
{
    const PropertyInfo *info = propertyInfo(quint8(id));
    return info && (info->contexts & quint16(context));
}

Property Property::fromInteger(PropertyId id, quint32 value)
{
    Property p;
    p.id = id;
    p.integer = value;
    return p;
}

Property Property::fromString(PropertyId id, const QString &value)
{
    Property p;
    p.id = id;
    p.string = value;
    return p;
}

Property Property::fromBinary(PropertyId id, const QByteArray &value)
{
    Property p;
    p.id = id;
    p.binary = value;
    return p;
}

Property Property::userProperty(const QString &name, const QString &value)
{
    Property p;
    p.id = PropertyId::UserProperty;
    p.string = name;
    p.pairValue = value;
    return p;
}

QString Property::valueText() const
{
    const PropertyInfo *info = propertyInfo(quint8(id));
    if (!info)
        return QString();
    switch (info->type) {
    case PropertyType::Byte:
    case PropertyType::TwoByteInteger:
    case PropertyType::FourByteInteger:
    case PropertyType::VariableByteInteger:
        return QString::number(integer);
    case PropertyType::Utf8String:
        return string;
    case PropertyType::Utf8StringPair:
        return string + QStringLiteral(" = ") + pairValue;
    case PropertyType::BinaryData:
        return QString::fromLatin1(binary.toHex(' ').toUpper());
    }
    return QString();
}

bool Properties::contains(PropertyId id) const
{
    for (const Property &p : m_items) {
        if (p.id == id)
            return true;
    }
    return false;
}

std::optional<quint32> Properties::integer(PropertyId id) const
{
    for (const Property &p : m_items) {
        if (p.id == id)
            return p.integer;
    }
    return std::nullopt;
}

std::optional<QString> Properties::string(PropertyId id) const
{
    for (const Property &p : m_items) {
        if (p.id == id)
            return p.string;
    }
    return std::nullopt;
}

std::optional<QByteArray> Properties::binary(PropertyId id) const
{
    for (const Property &p : m_items) {
        if (p.id == id)
            return p.binary;
    }
    return std::nullopt;
}

QList<quint32> Properties::integers(PropertyId id) const
{
    QList<quint32> values;
    for (const Property &p : m_items) {
        if (p.id == id)
            values.append(p.integer);
    }
    return values;
}

QList<QPair<QString, QString>> Properties::userProperties() const
{
    QList<QPair<QString, QString>> pairs;
    for (const Property &p : m_items) {
        if (p.id == PropertyId::UserProperty)
            pairs.append({p.string, p.pairValue});
    }
    return pairs;
}

void Properties::setInteger(PropertyId id, quint32 value)
{
    set(Property::fromInteger(id, value));
}

void Properties::setString(PropertyId id, const QString &value)
{
    set(Property::fromString(id, value));
}

void Properties::setBinary(PropertyId id, const QByteArray &value)
{
    set(Property::fromBinary(id, value));
}

void Properties::addUserProperty(const QString &name, const QString &value)
{
    m_items.append(Property::userProperty(name, value));
}

void Properties::remove(PropertyId id)
{
    m_items.removeIf([id](const Property &p) { return p.id == id; });
}

void Properties::set(const Property &property)
{
    for (Property &p : m_items) {
        if (p.id == property.id) {
            p = property;
            return;
        }
    }
    m_items.append(property);
}

} // namespace PingScope::Protocol
