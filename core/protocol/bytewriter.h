#pragma once

#include <QByteArray>
#include <QString>

namespace PingScope::Protocol {

// Writes fields in the wire format. Strings and binary data longer than 65,535 bytes cannot
// be represented: the first such field sets the error and the packet is not encoded.
class ByteWriter
{
public:
    explicit ByteWriter(QByteArray &out)
        : m_out(out)
    {}

    void u8(quint8 value) { m_out.append(char(value)); }
    void u16(quint16 value);
    void u32(quint32 value);
    void variableInteger(quint32 value);
    void utf8(const QString &text, const char *what);
    void binary(const QByteArray &bytes, const char *what);
    void raw(const QByteArray &bytes) { m_out.append(bytes); }

    qsizetype size() const { return m_out.size(); }
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &message);

private:
    QByteArray &m_out;
    QString m_error;
};

constexpr quint32 MaximumVariableInteger = 268435455u;
void appendVariableInteger(QByteArray &out, quint32 value);

} // namespace PingScope::Protocol
