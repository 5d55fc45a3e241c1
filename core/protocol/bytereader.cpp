#include "bytereader.h"

#include "topiccache.h"

#include <QStringDecoder>

#include <cstring>

namespace PingScope::Protocol {

namespace {

constexpr quint64 repeatByte(quint8 byte)
{
    return 0x0101010101010101ull * byte;
}

// Non-zero if any byte of `word` is zero (the classic bit trick; exact for the yes/no).
constexpr quint64 anyZeroByte(quint64 word)
{
    return (word - repeatByte(0x01)) & ~word & repeatByte(0x80);
}

// QString::fromUtf8() drops a leading U+FEFF; MQTT keeps it as part of the string
// (3.1.1 [MQTT-1.5.3-3], 5.0 [MQTT-1.5.4-3]), so "\uFEFFa" and "a" stay different topics.
QString decodeUtf8KeepingBom(const char *bytes, qsizetype length)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(QByteArrayView(bytes, length));
}

} // namespace

Utf8Check checkMqttUtf8(const char *data, qsizetype size)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const auto *end = p + size;
    Utf8Check check;
    while (p < end) {
        // Eight ASCII bytes at a time: no high bit set, then look for 0x00, '+' and '#'.
        if (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, sizeof word);
            if (!(word & repeatByte(0x80))) {
                if (anyZeroByte(word))
                    check.problem = Utf8Problem::NullCharacter;
                if (anyZeroByte(word ^ repeatByte('+')) || anyZeroByte(word ^ repeatByte('#')))
                    check.hasWildcard = true;
                p += 8;
                continue;
            }
        }
        const unsigned char lead = *p;
        if (lead < 0x80u) {
            if (lead == 0)
                check.problem = Utf8Problem::NullCharacter; // keep looking: ill-formed wins
            else if (lead == '+' || lead == '#')
                check.hasWildcard = true;
            ++p;
            continue;
        }
        check.ascii = false;
        // Well-formed sequences per Unicode Table 3-7; the ranges of the second byte exclude
        // overlong forms, surrogates (ED A0..BF) and code points above U+10FFFF.
        int trailing = 0;
        unsigned char low = 0x80u, high = 0xBFu;
        if (lead >= 0xC2u && lead <= 0xDFu) {
            trailing = 1;
        } else if (lead == 0xE0u) {
            trailing = 2;
            low = 0xA0u;
        } else if ((lead >= 0xE1u && lead <= 0xECu) || lead == 0xEEu || lead == 0xEFu) {
            trailing = 2;
        } else if (lead == 0xEDu) {
            trailing = 2;
            high = 0x9Fu;
        } else if (lead == 0xF0u) {
            trailing = 3;
            low = 0x90u;
        } else if (lead >= 0xF1u && lead <= 0xF3u) {
            trailing = 3;
        } else if (lead == 0xF4u) {
            trailing = 3;
            high = 0x8Fu;
        } else {
            check.problem = Utf8Problem::IllFormed;
            return check;
        }
        bool wellFormed = end - p > trailing && p[1] >= low && p[1] <= high;
        for (int i = 2; wellFormed && i <= trailing; ++i)
            wellFormed = p[i] >= 0x80u && p[i] <= 0xBFu;
        if (!wellFormed) {
            check.problem = Utf8Problem::IllFormed;
            return check;
        }
        p += trailing + 1;
    }
    return check;
}

ByteReader::ByteReader(QByteArrayView data, FieldList *fields, bool requireMinimalIntegers)
    : m_data(data)
    , m_fields(fields)
    , m_requireMinimal(requireMinimalIntegers)
{}

void ByteReader::fail(DecodeErrorCode code, const QString &message, qsizetype offset)
{
    if (failed())
        return;
    m_error.code = code;
    m_error.message = message;
    m_error.offset = offset < 0 ? m_offset : offset;
}

bool ByteReader::reportShortfall(qsizetype count, const char *name)
{
    if (failed())
        return false;
    fail(DecodeErrorCode::Truncated, QStringLiteral("%1 needs %2 bytes but the packet has %3 left")
                                         .arg(name ? QLatin1String(name) : QLatin1String("a field"))
                                         .arg(count)
                                         .arg(remaining()));
    return false;
}

quint8 ByteReader::u8(const char *name)
{
    if (!need(1, name))
        return 0;
    const quint8 value = quint8(m_data[m_offset]);
    ++m_offset;
    if (name && recording())
        recordLeaf(name, m_offset - 1, QString::number(value));
    return value;
}

quint16 ByteReader::u16(const char *name)
{
    if (!need(2, name))
        return 0;
    const auto *p = reinterpret_cast<const unsigned char *>(m_data.data() + m_offset);
    const quint16 value = quint16((p[0] << 8) | p[1]);
    m_offset += 2;
    if (name && recording())
        recordLeaf(name, m_offset - 2, QString::number(value));
    return value;
}

quint32 ByteReader::u32(const char *name)
{
    if (!need(4, name))
        return 0;
    const auto *p = reinterpret_cast<const unsigned char *>(m_data.data() + m_offset);
    const quint32 value =
        (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    m_offset += 4;
    if (name && recording())
        recordLeaf(name, m_offset - 4, QString::number(value));
    return value;
}

quint32 ByteReader::variableInteger(const char *name)
{
    const qsizetype start = m_offset;
    quint32 value = 0;
    for (int i = 0; i < 4; ++i) {
        if (!need(1, name))
            return 0;
        const quint8 byte = quint8(m_data[m_offset]);
        ++m_offset;
        value |= quint32(byte & 0x7Fu) << (7 * i);
        if (!(byte & 0x80u)) {
            if (m_requireMinimal && i > 0 && byte == 0) {
                fail(
                    DecodeErrorCode::NonMinimalVariableInteger,
                    QStringLiteral("%1 is not encoded in the fewest bytes [MQTT-1.5.5-1]")
                        .arg(name ? QLatin1String(name) : QLatin1String("A variable byte integer")),
                    start);
                return 0;
            }
            if (name && recording())
                recordLeaf(name, start, QString::number(value));
            return value;
        }
    }
    fail(DecodeErrorCode::MalformedRemainingLength,
         QStringLiteral("%1 continues past 4 bytes (5.0 section 1.5.5, 3.1.1 section 2.2.3)")
             .arg(name ? QLatin1String(name) : QLatin1String("A variable byte integer")),
         start);
    return 0;
}

QString ByteReader::utf8(const char *name)
{
    bool hasWildcard = false;
    return topic(name, &hasWildcard, nullptr);
}

QString ByteReader::topic(const char *name, bool *hasWildcard, TopicCache *cache)
{
    const qsizetype start = m_offset;
    const quint16 length = u16();
    if (!need(length, name))
        return {};
    const char *bytes = m_data.data() + m_offset;
    if (cache) {
        // Only valid topics without wildcards are cached: a hit needs no checking.
        if (QString cached = cache->find(QByteArrayView(bytes, length)); !cached.isNull()) {
            m_offset += length;
            *hasWildcard = false;
            if (name && recording())
                recordLeaf(name, start, cached);
            return cached;
        }
    }
    const Utf8Check check = checkMqttUtf8(bytes, length);
    if (check.problem == Utf8Problem::IllFormed) {
        fail(DecodeErrorCode::InvalidUtf8,
             QStringLiteral("%1 is not well-formed UTF-8 [MQTT-1.5.4-1] (3.1.1 [MQTT-1.5.3-1])")
                 .arg(name ? QLatin1String(name) : QLatin1String("A string")),
             start);
        return {};
    }
    if (check.problem == Utf8Problem::NullCharacter) {
        fail(DecodeErrorCode::NullCharacter,
             QStringLiteral("%1 contains U+0000 [MQTT-1.5.4-2] (3.1.1 [MQTT-1.5.3-2])")
                 .arg(name ? QLatin1String(name) : QLatin1String("A string")),
             start);
        return {};
    }
    m_offset += length;
    *hasWildcard = check.hasWildcard;
    // ASCII is the common case for topics; Latin-1 conversion of it is exact and faster.
    QString text =
        check.ascii ? QString::fromLatin1(bytes, length) : decodeUtf8KeepingBom(bytes, length);
    if (cache && !check.hasWildcard && length > 0 && length <= TopicCache::MaximumTopicBytes)
        cache->insert(QByteArrayView(bytes, length), text);
    if (name && recording())
        recordLeaf(name, start, text);
    return text;
}

QByteArray ByteReader::binary(const char *name)
{
    const qsizetype start = m_offset;
    const quint16 length = u16();
    if (!need(length, name))
        return {};
    QByteArray bytes(m_data.data() + m_offset, length);
    m_offset += length;
    if (name && recording())
        recordLeaf(name, start, QStringLiteral("%1 bytes").arg(length));
    return bytes;
}

void ByteReader::skip(qsizetype count)
{
    if (need(count, nullptr))
        m_offset += count;
}

int ByteReader::beginGroup(const QString &name)
{
    if (!recording())
        return -1;
    m_fields->append(FieldRange{name, QString(), m_offset, 0, m_parent});
    m_parent = int(m_fields->size() - 1);
    return m_parent;
}

void ByteReader::endGroup(int group)
{
    if (!recording() || group < 0)
        return;
    FieldRange &field = (*m_fields)[group];
    field.length = m_offset - field.offset;
    m_parent = field.parent;
}

void ByteReader::record(const QString &name, qsizetype start, const QString &value)
{
    if (recording())
        m_fields->append(FieldRange{name, value, start, m_offset - start, m_parent});
}

void ByteReader::dropFieldsFrom(qsizetype mark)
{
    if (recording() && mark < m_fields->size())
        m_fields->resize(mark);
}

void ByteReader::annotate(const QString &value)
{
    if (recording() && !m_fields->isEmpty())
        m_fields->last().value = value;
}

void ByteReader::recordLeaf(const char *name, qsizetype start, const QString &value)
{
    m_fields->append(FieldRange{QLatin1String(name), value, start, m_offset - start, m_parent});
}

} // namespace PingScope::Protocol
