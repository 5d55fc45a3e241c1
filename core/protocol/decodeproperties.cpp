#include "decoderinternal.h"

namespace PingScope::Protocol::Detail {

namespace {

// Values the standard calls a Protocol Error (5.0 section 3.1.2.11 and 3.2.2.3).
QString propertyValueProblem(const Property &p)
{
    switch (p.id) {
    case PropertyId::PayloadFormatIndicator:
    case PropertyId::RequestProblemInformation:
    case PropertyId::RequestResponseInformation:
    case PropertyId::MaximumQoS:
    case PropertyId::RetainAvailable:
    case PropertyId::WildcardSubscriptionAvailable:
    case PropertyId::SubscriptionIdentifierAvailable:
    case PropertyId::SharedSubscriptionAvailable:
        if (p.integer > 1)
            return QStringLiteral("%1 is %2; only 0 and 1 are allowed")
                .arg(propertyName(p.id))
                .arg(p.integer);
        return QString();
    case PropertyId::ReceiveMaximum:
    case PropertyId::MaximumPacketSize:
    case PropertyId::TopicAlias:
    case PropertyId::SubscriptionIdentifier:
        if (p.integer == 0)
            return QStringLiteral("%1 is 0, which the standard forbids").arg(propertyName(p.id));
        return QString();
    default:
        return QString();
    }
}

bool mayRepeatIn(const PropertyInfo &info, PropertyContext context)
{
    // A PUBLISH carries one Subscription Identifier per matching subscription; a SUBSCRIBE
    // carries at most one (5.0 section 3.8.2.1.2).
    if (info.id == PropertyId::SubscriptionIdentifier)
        return context == PropertyContext::Publish;
    return info.mayRepeat;
}

} // namespace

Properties readProperties(ByteReader &r, PropertyContext context)
{
    Properties properties;
    const int group = r.beginGroup(QStringLiteral("Properties"));
    const quint32 length = r.variableInteger("Property Length");
    if (!r.failed() && qsizetype(length) > r.remaining())
        r.fail(DecodeErrorCode::Truncated,
               QStringLiteral("the property length of %1 bytes runs past the end of the packet "
                              "(%2 bytes left)")
                   .arg(length)
                   .arg(r.remaining()));
    const qsizetype end = r.offset() + qsizetype(length);
    quint64 seen = 0; // one bit per identifier; all identifiers are below 64

    while (!r.failed() && r.offset() < end) {
        const qsizetype start = r.offset();
        const quint32 idValue = r.variableInteger();
        if (r.failed())
            break;
        const PropertyInfo *info = idValue < 256 ? propertyInfo(quint8(idValue)) : nullptr;
        if (!info) {
            r.fail(DecodeErrorCode::UnknownProperty,
                   QStringLiteral("0x%1 is not an MQTT 5.0 property identifier "
                                  "(5.0 section 2.2.2.2)")
                       .arg(QString::number(idValue, 16).toUpper()),
                   start);
            break;
        }
        if (!(info->contexts & quint16(context))) {
            r.fail(DecodeErrorCode::PropertyNotAllowed,
                   QStringLiteral("%1 (0x%2) may not appear in %3")
                       .arg(QLatin1String(info->name), hexByte(quint8(info->id)),
                            propertyContextName(context)),
                   start);
            break;
        }
        const quint64 bit = quint64(1) << quint8(info->id);
        if ((seen & bit) && !mayRepeatIn(*info, context)) {
            r.fail(DecodeErrorCode::DuplicateProperty,
                   QStringLiteral("%1 appears more than once in %2; that is a Protocol Error "
                                  "(5.0 section 2.2.2.2)")
                       .arg(QLatin1String(info->name), propertyContextName(context)),
                   start);
            break;
        }
        seen |= bit;

        const qsizetype fieldMark = r.fieldCount();
        Property property;
        property.id = info->id;
        switch (info->type) {
        case PropertyType::Byte:
            property.integer = r.u8();
            break;
        case PropertyType::TwoByteInteger:
            property.integer = r.u16();
            break;
        case PropertyType::FourByteInteger:
            property.integer = r.u32();
            break;
        case PropertyType::VariableByteInteger:
            property.integer = r.variableInteger(info->name);
            break;
        case PropertyType::Utf8String:
            property.string = r.utf8(info->name);
            break;
        case PropertyType::Utf8StringPair:
            property.string = r.utf8(info->name);
            property.pairValue = r.utf8(info->name);
            break;
        case PropertyType::BinaryData:
            property.binary = r.binary(info->name);
            break;
        }
        if (r.failed())
            break;
        if (r.offset() > end) {
            r.fail(DecodeErrorCode::Truncated,
                   QStringLiteral("%1 runs past the end of the property length")
                       .arg(QLatin1String(info->name)),
                   start);
            break;
        }
        if (const QString problem = propertyValueProblem(property); !problem.isEmpty()) {
            r.fail(DecodeErrorCode::InvalidPropertyValue, problem, start);
            break;
        }
        // The named reads above recorded the value alone; show identifier and value as one.
        r.dropFieldsFrom(fieldMark);
        r.record(QLatin1String(info->name), start, property.valueText());
        properties.append(property);
    }
    r.endGroup(group);
    return properties;
}

} // namespace PingScope::Protocol::Detail
