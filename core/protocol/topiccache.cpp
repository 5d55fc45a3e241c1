#include "topiccache.h"

#include <cstring>

namespace PingScope::Protocol {

std::size_t TopicCache::slotOf(QByteArrayView bytes)
{
    // Cheap on purpose: the length and three 8-byte windows (start, middle, end) tell most
    // topics of a stream apart ("plant/7/temp" vs "plant/8/temp"); a collision only costs a
    // miss, never a wrong answer, because find() compares the whole key.
    const qsizetype n = bytes.size();
    const char *p = bytes.data();
    quint64 h = quint64(n) * 0x9E3779B97F4A7C15ull;
    auto mix = [&h](const char *at) {
        quint64 word; // fixed-size copies compile to single loads
        std::memcpy(&word, at, sizeof word);
        h = (h ^ word) * 0xFF51AFD7ED558CCDull;
    };
    if (n >= 8) {
        mix(p);
        mix(p + (n - 8) / 2);
        mix(p + n - 8);
    } else {
        for (qsizetype i = 0; i < n; ++i)
            h = (h ^ quint8(p[i])) * 0xFF51AFD7ED558CCDull;
    }
    return std::size_t(h >> 58); // top 6 bits: 64 slots
}

QString TopicCache::find(QByteArrayView bytes) const
{
    const Slot &slot = m_slots[slotOf(bytes)];
    if (slot.bytes.size() == bytes.size() && !slot.topic.isNull() &&
        std::memcmp(slot.bytes.constData(), bytes.data(), std::size_t(bytes.size())) == 0)
        return slot.topic;
    return QString();
}

void TopicCache::insert(QByteArrayView bytes, const QString &topic)
{
    Slot &slot = m_slots[slotOf(bytes)];
    slot.bytes = bytes.toByteArray();
    slot.topic = topic;
}

} // namespace PingScope::Protocol
