#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace PingScope {

// How the publish panel's payload field is typed. The bytes sent are what the mode says:
// Text and JSON send the field's UTF-8 exactly as typed (JSON is checked, never reformatted);
// Hex sends the bytes the digits spell.
enum class PayloadMode { Text, Json, Hex };

QString payloadModeName(PayloadMode mode); // "text", "json", "hex": stable, for settings
std::optional<PayloadMode> payloadModeFromName(const QString &name);

struct EncodedPayload
{
    QByteArray bytes;
    QString problem; // empty when `bytes` is what the user meant
};

// The bytes `text` stands for in `mode`, or why it does not stand for any: a JSON parse
// error with its line, column and byte offset, or the first character that is not hex.
EncodedPayload encodePayload(const QString &text, PayloadMode mode);

// Hex digits, with optional whitespace between bytes ("48 69", "4869", "48\n69"); an
// optional "0x" before each byte is not accepted: one way to write it, one way to read it.
EncodedPayload parseHex(const QString &text);
// "48 69": how bytes are written back into a hex field.
QString hexText(const QByteArray &bytes);

// The field's text when switching from one mode to another: the same bytes in the new
// notation (hex of a text, the text of hex that is UTF-8). Text that is not hex yet stays as
// typed. Nothing when the bytes have no text form (hex of binary bytes): switching would
// turn "ff fe" into five characters of text, so the field should stay in hex.
std::optional<QString> convertPayloadText(const QString &text, PayloadMode from, PayloadMode to);

} // namespace PingScope
