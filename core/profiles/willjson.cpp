#include "willjson.h"

#include "jsonfieldreader.h"

#include <limits>

namespace PingScope {

using Protocol::PropertyId;

namespace {

constexpr qint64 MaximumFourByteInteger = std::numeric_limits<quint32>::max();

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// Will properties stored as integers, in the order of 5.0 section 3.1.3.2.
struct IntegerProperty
{
    PropertyId id;
    const char *key;
    qint64 maximum;
};
constexpr IntegerProperty IntegerProperties[] = {
    {PropertyId::WillDelayInterval, "delay_interval", MaximumFourByteInteger},
    {PropertyId::PayloadFormatIndicator, "payload_format_indicator", 255},
    {PropertyId::MessageExpiryInterval, "message_expiry_interval", MaximumFourByteInteger},
};

bool survivesAsText(const QByteArray &bytes)
{
    // Invalid UTF-8 becomes U+FFFD and a leading BOM may be dropped: either way the bytes
    // would not come back, so such payloads are written as hex.
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

} // namespace

QJsonObject willToJson(const Protocol::Will &will, bool enabled)
{
    QJsonObject json{
        {key("enabled"), enabled},
        {key("topic"), will.topic},
        {key("qos"), int(will.qos)},
        {key("retain"), will.retain},
    };
    if (survivesAsText(will.payload))
        json.insert(key("payload"), QString::fromUtf8(will.payload));
    else
        json.insert(key("payload_hex"), QString::fromLatin1(will.payload.toHex()));

    const Protocol::Properties &p = will.properties;
    for (const IntegerProperty &property : IntegerProperties) {
        if (const std::optional<quint32> value = p.integer(property.id))
            json.insert(key(property.key), qint64(*value));
    }
    if (const std::optional<QString> value = p.string(PropertyId::ContentType))
        json.insert(key("content_type"), *value);
    if (const std::optional<QString> value = p.string(PropertyId::ResponseTopic))
        json.insert(key("response_topic"), *value);
    if (const std::optional<QByteArray> value = p.binary(PropertyId::CorrelationData))
        json.insert(key("correlation_data_hex"), QString::fromLatin1(value->toHex()));
    if (const QList<QPair<QString, QString>> pairs = p.userProperties(); !pairs.isEmpty())
        json.insert(key("user_properties"), stringPairsToJson(pairs));
    return json;
}

Protocol::Will willFromJson(JsonFieldReader &reader)
{
    Protocol::Will will;
    will.topic = reader.string(key("topic"));
    // The type's range here; validateSettings() says that 3 is not a QoS.
    will.qos = quint8(reader.integer(key("qos"), 0, 255, 0));
    will.retain = reader.boolean(key("retain"), false);
    if (reader.has(key("payload")) && reader.has(key("payload_hex")))
        reader.addProblem(key("payload_hex"),
                          QStringLiteral("give the payload as text or as hex, not both"));
    else if (const std::optional<QByteArray> hex = reader.optionalHex(key("payload_hex")))
        will.payload = *hex;
    else
        will.payload = reader.string(key("payload")).toUtf8();

    Protocol::Properties &p = will.properties;
    for (const IntegerProperty &property : IntegerProperties) {
        if (const std::optional<qint64> value =
                reader.optionalInteger(key(property.key), 0, property.maximum))
            p.setInteger(property.id, quint32(*value));
    }
    if (const std::optional<QString> value = reader.optionalString(key("content_type")))
        p.setString(PropertyId::ContentType, *value);
    if (const std::optional<QString> value = reader.optionalString(key("response_topic")))
        p.setString(PropertyId::ResponseTopic, *value);
    if (const std::optional<QByteArray> value = reader.optionalHex(key("correlation_data_hex")))
        p.setBinary(PropertyId::CorrelationData, *value);
    for (const auto &[name, value] : reader.stringPairs(key("user_properties")))
        p.addUserProperty(name, value);
    return will;
}

} // namespace PingScope
