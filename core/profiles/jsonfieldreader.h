#pragma once

#include "session/sessionsettings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace PingScope {

// Reads the fields of one JSON object strictly: a value of the wrong type or outside the
// range of what receives it is one problem naming the field ("will.qos"), and the fallback
// is returned in its place so that reading goes on and every problem is found in one pass.
// An absent field (or null) gives the fallback without a problem unless it is required.
// Fields the reader is not asked about are ignored: newer files may carry more.
class JsonFieldReader
{
public:
    // `problems` must outlive the reader; `path` prefixes the field names ("will.").
    JsonFieldReader(const QJsonObject &object, QList<SettingsProblem> *problems,
                    const QString &path = QString());

    bool has(const QString &key) const;
    QString fieldName(const QString &key) const { return m_path + key; }
    void addProblem(const QString &key, const QString &message);

    QString string(const QString &key, const QString &fallback = QString());
    QString requiredString(const QString &key);
    std::optional<QString> optionalString(const QString &key);
    bool boolean(const QString &key, bool fallback);
    // A whole number in minimum..maximum (the receiving type's range, not the rule's: the
    // rules are validateSettings()'s, so that both say the same thing in the same words).
    qint64 integer(const QString &key, qint64 minimum, qint64 maximum, qint64 fallback);
    std::optional<qint64> optionalInteger(const QString &key, qint64 minimum, qint64 maximum);
    double number(const QString &key, double fallback);
    // Hex digits only, an even number of them; absent: nullopt.
    std::optional<QByteArray> optionalHex(const QString &key);
    // [{"name": ..., "value": ...}, ...] in order.
    QList<QPair<QString, QString>> stringPairs(const QString &key);
    // A nested object's reader (sharing the problem list), or nullopt when absent.
    std::optional<JsonFieldReader> object(const QString &key);

    // "a string", "70000", "an array": what was found, for the messages.
    static QString describe(const QJsonValue &value);

private:
    QJsonValue present(const QString &key) const; // Undefined for absent and null
    void wrongType(const QString &key, const QString &expected, const QJsonValue &found);

    QJsonObject m_object;
    QList<SettingsProblem> *m_problems;
    QString m_path;
};

// The writing side of JsonFieldReader::stringPairs().
QJsonArray stringPairsToJson(const QList<QPair<QString, QString>> &pairs);

} // namespace PingScope
