#include "topiccache.h"

#include <cstring>

namespace PingScope::Protocol {

std::size_t TopicCache::slotOf(QByteArrayView bytes)
{
    // Cheap on purpose: the length and three 8-byte windows (start, middle, end) tell most
    // topics of a stream apart ("plant/7/temp" vs "plant/8/temp"); a collision only costs a
    // miss, never a wrong answer, because find() compares the whole key.
    const qsizetype n = bytes.size();
    quint64 h = quint64(n) * 0x9E3779B97F4A7C15ull;
    auto mix = [&](qsizetype at) {
        quint64 word = 0;
        std::memcpy(&word, bytes.data() + at, std::size_t(qMin<qsizetype>(8, n - at)));
        h = (h ^ word) * 0xFF51AFD7ED558CCDull;
    };
    if (n > 0) {
        mix(0);
        if (n > 8)
            mix(n / 2 - (n / 2 >= 4 ? 4 : 0));
        if (n > 16)
            mix(n - 8);
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
