#pragma once

#include "mainwindow/colourscheme.h"

#include <QApplication>
#include <QString>
#include <QWidget>

// With PINGSCOPE_GRAB_DIR set, saves `widget` there as <name>-light.png and <name>-dark.png
// (the app's two forced colour schemes), for a person to look at; the tests assert nothing
// about the pictures.
//   PINGSCOPE_GRAB_DIR=/tmp/shots XDG_RUNTIME_DIR=/tmp/xdg-$USER xvfb-run -a <test>
inline void grabIfAsked(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PINGSCOPE_GRAB_DIR");
    if (dir.isEmpty())
        return;
    using PingScope::ColourScheme;
    for (const ColourScheme scheme : {ColourScheme::Light, ColourScheme::Dark}) {
        PingScope::applyColourScheme(scheme);
        QApplication::processEvents(); // the palette change reaches the widgets
        widget->grab().save(dir + QLatin1Char('/') + name + QLatin1Char('-') +
                            PingScope::colourSchemeName(scheme) + QStringLiteral(".png"));
    }
    PingScope::applyColourScheme(ColourScheme::System);
}
