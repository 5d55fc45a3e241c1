#include "jsonfieldreader.h"

#include <cctype>

#include <cmath>

namespace PingScope {

JsonFieldReader::JsonFieldReader(const QJsonObject &object, QList<SettingsProblem> *problems,
                                 const QString &path)
    : m_object(object)
    , m_problems(problems)
    , m_path(path)
{}

bool JsonFieldReader::has(const QString &key) const
{
    return !present(key).isUndefined();
}

void JsonFieldReader::addProblem(const QString &key, const QString &message)
{
    m_problems->append({fieldName(key), message});
}

QJsonValue JsonFieldReader::present(const QString &key) const
{
    const QJsonValue value = m_object.value(key);
    return value.isNull() ? QJsonValue(QJsonValue::Undefined) : value;
}

void JsonFieldReader::wrongType(const QString &key, const QString &expected,
                                const QJsonValue &found)
{
    addProblem(key, QStringLiteral("expected %1, found %2").arg(expected, describe(found)));
}

QString JsonFieldReader::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("nothing");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: {
        const QString text = value.toString();
        return text.size() > 40 ? QStringLiteral("a string")
                                : QLatin1Char('"') + text + QLatin1Char('"');
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    }
    return QStringLiteral("something else");
}

QString JsonFieldReader::string(const QString &key, const QString &fallback)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return fallback;
    if (!value.isString()) {
        wrongType(key, QStringLiteral("a string"), value);
        return fallback;
    }
    return value.toString();
}

QString JsonFieldReader::requiredString(const QString &key)
{
    if (!has(key)) {
        addProblem(key, QStringLiteral("missing"));
        return QString();
    }
    return string(key);
}

std::optional<QString> JsonFieldReader::optionalString(const QString &key)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString()) {
        wrongType(key, QStringLiteral("a string"), value);
        return std::nullopt;
    }
    return value.toString();
}

bool JsonFieldReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        wrongType(key, QStringLiteral("true or false"), value);
        return fallback;
    }
    return value.toBool();
}

qint64 JsonFieldReader::integer(const QString &key, qint64 minimum, qint64 maximum, qint64 fallback)
{
    return optionalInteger(key, minimum, maximum).value_or(fallback);
}

std::optional<qint64> JsonFieldReader::optionalInteger(const QString &key, qint64 minimum,
                                                       qint64 maximum)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return std::nullopt;
    const double number = value.toDouble();
    // Compared as doubles: the ranges used here (32 bits) are exact in a double.
    if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number ||
        number < double(minimum) || number > double(maximum)) {
        wrongType(key, QStringLiteral("a whole number from %1 to %2").arg(minimum).arg(maximum),
                  value);
        return std::nullopt;
    }
    return qint64(number);
}

double JsonFieldReader::number(const QString &key, double fallback)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return fallback;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        wrongType(key, QStringLiteral("a number"), value);
        return fallback;
    }
    return value.toDouble();
}

std::optional<QByteArray> JsonFieldReader::optionalHex(const QString &key)
{
    const std::optional<QString> text = optionalString(key);
    if (!text)
        return std::nullopt;
    // QByteArray::fromHex() skips what is not a digit; a stray character would silently
    // change the bytes, so it is refused here.
    bool digitsOnly = text->size() % 2 == 0;
    for (const QChar c : *text)
        digitsOnly = digitsOnly && c.unicode() < 128 && std::isxdigit(c.unicode());
    if (!digitsOnly) {
        addProblem(key, QStringLiteral("expected hex digits in pairs (\"0a1B\")"));
        return std::nullopt;
    }
    return QByteArray::fromHex(text->toLatin1());
}

QList<QPair<QString, QString>> JsonFieldReader::stringPairs(const QString &key)
{
    QList<QPair<QString, QString>> pairs;
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return pairs;
    if (!value.isArray()) {
        wrongType(key, QStringLiteral("an array of {\"name\", \"value\"}"), value);
        return pairs;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemKey = key + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject()) {
            wrongType(itemKey, QStringLiteral("an object {\"name\", \"value\"}"), array.at(i));
            continue;
        }
        JsonFieldReader item(array.at(i).toObject(), m_problems,
                             fieldName(itemKey) + QLatin1Char('.'));
        pairs.append({item.requiredString(QStringLiteral("name")),
                      item.requiredString(QStringLiteral("value"))});
    }
    return pairs;
}

std::optional<JsonFieldReader> JsonFieldReader::object(const QString &key)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isObject()) {
        wrongType(key, QStringLiteral("an object"), value);
        return std::nullopt;
    }
    return JsonFieldReader(value.toObject(), m_problems, fieldName(key) + QLatin1Char('.'));
}

QJsonArray stringPairsToJson(const QList<QPair<QString, QString>> &pairs)
{
    QJsonArray array;
    for (const auto &[name, value] : pairs)
        array.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return array;
}

} // namespace PingScope
