#pragma once

#include <QString>

namespace PingScope {

// The app's light or dark look. "system" keeps what the platform gives (its palette follows
// the desktop's light or dark setting where the platform theme supports it); "light" and
// "dark" force one, with the Fusion style so that every widget follows the palette — for a
// projector in a classroom, or a desktop whose theme Qt cannot read.
enum class ColourScheme { System, Light, Dark };

QString colourSchemeName(ColourScheme scheme);          // "system", "light", "dark"
ColourScheme colourSchemeFromName(const QString &name); // System for anything unknown

// Applies `scheme` to the running QApplication. Call once at start (with the saved choice)
// and whenever the user picks another.
void applyColourScheme(ColourScheme scheme);

} // namespace PingScope
