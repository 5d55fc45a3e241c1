#include "bytewriter.h"

namespace PingScope::Protocol {

void appendVariableInteger(QByteArray &out, quint32 value)
{
    // 7 bits per byte, low group first; the high bit says another byte follows (5.0 1.5.5).
    do {
        quint8 byte = value % 128u;
        value /= 128u;
        if (value > 0)
            byte |= 0x80u;
        out.append(char(byte));
    } while (value > 0);
}

void ByteWriter::u16(quint16 value)
{
    m_out.append(char(value >> 8));
    m_out.append(char(value & 0xFFu));
}

void ByteWriter::u32(quint32 value)
{
    m_out.append(char(value >> 24));
    m_out.append(char((value >> 16) & 0xFFu));
    m_out.append(char((value >> 8) & 0xFFu));
    m_out.append(char(value & 0xFFu));
}

void ByteWriter::variableInteger(quint32 value)
{
    if (value > MaximumVariableInteger) {
        fail(QStringLiteral("%1 is larger than a variable byte integer can hold (268,435,455)")
                 .arg(value));
        return;
    }
    appendVariableInteger(m_out, value);
}

void ByteWriter::utf8(const QString &text, const char *what)
{
    // toUtf8() would silently replace a lone surrogate, putting another string on the wire.
    if (!QStringView(text).isValidUtf16()) {
        fail(QStringLiteral("%1 contains an unpaired surrogate, which UTF-8 cannot carry")
                 .arg(QLatin1String(what)));
        return;
    }
    binary(text.toUtf8(), what);
}

void ByteWriter::binary(const QByteArray &bytes, const char *what)
{
    if (bytes.size() > 65535) {
        fail(QStringLiteral("%1 is %2 bytes long; the limit is 65,535 bytes")
                 .arg(QLatin1String(what))
                 .arg(bytes.size()));
        return;
    }
    u16(quint16(bytes.size()));
    m_out.append(bytes);
}

void ByteWriter::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

} // namespace PingScope::Protocol
