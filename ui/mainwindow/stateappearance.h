#pragma once

#include <QColor>
#include <QString>

class QPainter;
class QPalette;
class QRectF;

namespace PingScope {

// The states a session's list entry can show. More than Session::State: a closed session
// is either closed on purpose, lost (the broker or the link ended it) or taken over.
// Lost: the client gave up on a silent link (ping timeout, half-open) or an error ended it;
// ClosedByBroker: the broker ended it (a bare close or a server DISCONNECT).
enum class SessionLook { Disconnected, Connecting, Connected, Lost, ClosedByBroker, TakenOver };

// UI.md "one meaning, one look": every state has a colour, a shape and a word, so that it
// reads without colour too (colour-blind readers, projectors, printouts). The one place
// they are defined, for the list, the status bar and whatever draws a state next.
class StateAppearance
{
public:
    static QString word(SessionLook look);
    // A glyph of the shape, for plain text such as the status bar.
    static QString glyph(SessionLook look);
    // Tuned per palette: the light variants are too pale on a dark background.
    static QColor colour(SessionLook look, const QPalette &palette);
    // Draws the shape centred in `box`; shapes are painted, not font glyphs, so they look
    // the same whatever fonts the system has.
    static void paintShape(QPainter *painter, const QRectF &box, SessionLook look,
                           const QPalette &palette);
    static bool isDark(const QPalette &palette);
};

} // namespace PingScope
