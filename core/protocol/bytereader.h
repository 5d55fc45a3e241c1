#pragma once

#include "decodeerror.h"
#include "fieldrange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace PingScope::Protocol {

class TopicCache;

enum class Utf8Problem : quint8 { None, IllFormed, NullCharacter };

struct Utf8Check
{
    Utf8Problem problem = Utf8Problem::None;
    bool ascii = true;        // every byte below 0x80: Latin-1 conversion is exact
    bool hasWildcard = false; // '+' or '#' somewhere, so topic names need a closer look
};

// Checks the rules of an MQTT UTF-8 Encoded String's bytes: well-formed UTF-8 without
// surrogates or code points above U+10FFFF (3.1.1 [MQTT-1.5.3-1], 5.0 [MQTT-1.5.4-1]) and
// without U+0000 (3.1.1 [MQTT-1.5.3-2], 5.0 [MQTT-1.5.4-2]). Every PUBLISH topic passes
// through here, so ASCII runs are checked eight bytes at a time.
Utf8Check checkMqttUtf8(const char *data, qsizetype size);

// Reads the fields of one packet. Every read is bounds-checked against the end of the
// packet; the first failure sticks, and later reads return zero values without reading, so a
// decoder can read a whole packet and check failed() once per step.
//
// When given a FieldList, each named read also records the field's byte range and value.
class ByteReader
{
public:
    ByteReader(QByteArrayView data, FieldList *fields, bool requireMinimalIntegers);

    qsizetype offset() const { return m_offset; }
    qsizetype size() const { return m_data.size(); }
    qsizetype remaining() const { return m_data.size() - m_offset; }
    bool atEnd() const { return m_offset >= m_data.size(); }
    QByteArrayView data() const { return m_data; }

    void setRequireMinimalIntegers(bool require) { m_requireMinimal = require; }
    bool failed() const { return m_error.isError(); }
    const DecodeError &error() const { return m_error; }
    // Records the first failure only; `offset` defaults to the current read position.
    void fail(DecodeErrorCode code, const QString &message, qsizetype offset = -1);

    quint8 u8(const char *name = nullptr);
    quint16 u16(const char *name = nullptr);
    quint32 u32(const char *name = nullptr);
    quint32 variableInteger(const char *name = nullptr);
    QString utf8(const char *name = nullptr);
    // A PUBLISH topic: as utf8(), and tells whether it holds a '+' or '#' (which a topic name
    // may not). With a cache, a topic seen before is returned without converting it again.
    QString topic(const char *name, bool *hasWildcard, TopicCache *cache);
    QByteArray binary(const char *name = nullptr); // two-byte length, then the bytes
    void skip(qsizetype count);

    // Field recording (no-ops when not recording).
    bool recording() const { return m_fields != nullptr; }
    int beginGroup(const QString &name);
    void endGroup(int group);
    // Records a field that ends at the current offset.
    void record(const QString &name, qsizetype start, const QString &value);
    qsizetype fieldCount() const { return m_fields ? m_fields->size() : 0; }
    void dropFieldsFrom(qsizetype mark);
    // Replaces the display value of the most recent field.
    void annotate(const QString &value);

private:
    // The bounds check before every read: inline for the common case, out of line to fail.
    bool need(qsizetype count, const char *name)
    {
        if (Q_LIKELY(!m_error.isError() && m_data.size() - m_offset >= count))
            return true;
        return reportShortfall(count, name);
    }
    bool reportShortfall(qsizetype count, const char *name);
    void recordLeaf(const char *name, qsizetype start, const QString &value);

    QByteArrayView m_data;
    qsizetype m_offset = 0;
    FieldList *m_fields = nullptr;
    int m_parent = -1;
    bool m_requireMinimal = false;
    DecodeError m_error;
};

} // namespace PingScope::Protocol
