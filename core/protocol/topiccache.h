#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>

namespace PingScope::Protocol {

// The recent PUBLISH topics of one stream. A subscriber sees the same topics again and again;
// a topic found here is handed out as the same implicitly shared QString, instead of being
// validated, converted and allocated once more. Direct-mapped: a slot holds the last topic
// whose bytes hashed to it, so a miss costs one comparison and the cache never grows.
class TopicCache
{
public:
    // Longer topics are not cached: 64 slots of 64 KiB topics would pin 12 MiB per stream.
    static constexpr qsizetype MaximumTopicBytes = 256;

    // The cached topic with exactly these bytes, or a null QString.
    QString find(QByteArrayView bytes) const;
    // Remembers a validated topic under its bytes.
    void insert(QByteArrayView bytes, const QString &topic);
    void clear() { m_slots = {}; }

private:
    static std::size_t slotOf(QByteArrayView bytes);

    struct Slot
    {
        QByteArray bytes;
        QString topic;
    };
    std::array<Slot, 64> m_slots;
};

} // namespace PingScope::Protocol
