#include "payloadformat.h"

#include "monitor/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QObject>

namespace PingScope {

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

// "line 2, column 5 (byte 17)" for a byte offset into `utf8`.
QString positionText(const QByteArray &utf8, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, utf8.size());
    const QByteArray before = utf8.left(offset);
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    const int line = int(before.count('\n')) + 1;
    const int column = int(QString::fromUtf8(before.mid(lineStart)).size()) + 1;
    return QObject::tr("line %1, column %2 (byte %3)").arg(line).arg(column).arg(offset);
}

EncodedPayload checkJson(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (text.trimmed().isEmpty())
        return {utf8, QObject::tr("empty: JSON needs a value, e.g. {} or \"text\"")};
    QJsonParseError error{};
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return {utf8, QString()};
    // QJsonDocument takes only an object or an array at the top; RFC 8259 also allows a
    // bare value (42, "on", true). Such a value parses inside brackets as the only element.
    const QChar first = text.trimmed().front();
    if (first != QLatin1Char('{') && first != QLatin1Char('[')) {
        QJsonParseError wrappedError{};
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + utf8 + ']', &wrappedError);
        if (wrappedError.error == QJsonParseError::NoError) {
            if (wrapped.array().size() == 1)
                return {utf8, QString()};
            return {utf8, QObject::tr("more than one JSON value: put them in an array")};
        }
        error = wrappedError;
        error.offset = qMax(0, error.offset - 1); // the bracket added in front
    }
    // QJsonParseError's offset is just past the character it stumbled on, except for
    // garbage after the document and a string left open, where it is at it.
    if (error.error != QJsonParseError::GarbageAtEnd &&
        error.error != QJsonParseError::UnterminatedString && error.offset > 0)
        error.offset -= 1;
    return {utf8, QObject::tr("not JSON: %1 at %2")
                      .arg(error.errorString(), positionText(utf8, error.offset))};
}

} // namespace

QString payloadModeName(PayloadMode mode)
{
    switch (mode) {
    case PayloadMode::Json:
        return QStringLiteral("json");
    case PayloadMode::Hex:
        return QStringLiteral("hex");
    case PayloadMode::Text:
        break;
    }
    return QStringLiteral("text");
}

std::optional<PayloadMode> payloadModeFromName(const QString &name)
{
    for (PayloadMode mode : {PayloadMode::Text, PayloadMode::Json, PayloadMode::Hex}) {
        if (payloadModeName(mode) == name)
            return mode;
    }
    return std::nullopt;
}

EncodedPayload parseHex(const QString &text)
{
    QByteArray bytes;
    bytes.reserve(text.size() / 2);
    int high = -1; // the first digit of a byte, while waiting for its second
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            if (high >= 0)
                return {bytes, QObject::tr("not hex: a byte is split by a space at character "
                                           "%1; write each byte as two digits")
                                   .arg(i + 1)};
            continue;
        }
        const int value = hexValue(c);
        if (value < 0)
            return {bytes, QObject::tr("not hex: '%1' at character %2; use 0-9 and a-f, "
                                       "two digits per byte")
                               .arg(c)
                               .arg(i + 1)};
        if (high < 0) {
            high = value;
        } else {
            bytes.append(char(high * 16 + value));
            high = -1;
        }
    }
    if (high >= 0)
        return {bytes, QObject::tr("not hex: an odd number of digits; the last byte needs a "
                                   "second digit")};
    return {bytes, QString()};
}

QString hexText(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

EncodedPayload encodePayload(const QString &text, PayloadMode mode)
{
    switch (mode) {
    case PayloadMode::Json:
        return checkJson(text);
    case PayloadMode::Hex:
        return parseHex(text);
    case PayloadMode::Text:
        break;
    }
    return {text.toUtf8(), QString()};
}

std::optional<QString> convertPayloadText(const QString &text, PayloadMode from, PayloadMode to)
{
    const bool fromHex = from == PayloadMode::Hex;
    const bool toHex = to == PayloadMode::Hex;
    if (fromHex == toHex)
        return text; // text <-> JSON: the same characters
    if (toHex)
        return hexText(text.toUtf8());
    const EncodedPayload hex = parseHex(text);
    if (!hex.problem.isEmpty())
        return text;
    const std::optional<QString> decoded = payloadText(hex.bytes);
    if (!decoded)
        return std::nullopt;
    // A text field keeps line feeds and tabs; other control characters (NUL, CR) it would
    // drop or change, and the bytes sent would no longer be these.
    for (const QChar c : *decoded) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            return std::nullopt;
    }
    return decoded;
}

} // namespace PingScope
