#include "durationwords.h"

#include <QStringList>

namespace PingScope {

QString keepAliveInWords(int seconds)
{
    if (seconds < 0)
        return QString();
    if (seconds == 0)
        return QStringLiteral("disabled");
    const int hours = seconds / 3600;
    const int minutes = seconds / 60 % 60;
    const int rest = seconds % 60;
    QStringList parts;
    if (hours > 0)
        parts << QStringLiteral("%1 h").arg(hours);
    if (minutes > 0)
        parts << QStringLiteral("%1 min").arg(minutes);
    if (rest > 0)
        parts << QStringLiteral("%1 s").arg(rest);
    return parts.join(QLatin1Char(' '));
}

} // namespace PingScope
