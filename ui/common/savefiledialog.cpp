#include "savefiledialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QStringList>

namespace PingScope {

QString askSaveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                        const QList<SaveFormat> &formats)
{
    // An instance rather than QFileDialog::getSaveFileName(): only it applies a default
    // suffix before the overwrite question, which then names the file really written.
    QFileDialog dialog(parent, caption, QFileInfo(suggestedPath).absolutePath());
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    QStringList filters;
    for (const SaveFormat &format : formats)
        filters.append(format.filter);
    dialog.setNameFilters(filters);
    if (!formats.isEmpty())
        dialog.setDefaultSuffix(formats.constFirst().suffix);
    QObject::connect(&dialog, &QFileDialog::filterSelected, &dialog,
                     [&dialog, &formats](const QString &filter) {
                         for (const SaveFormat &format : formats) {
                             if (format.filter == filter)
                                 dialog.setDefaultSuffix(format.suffix);
                         }
                     });
    dialog.selectFile(QFileInfo(suggestedPath).fileName());
    if (dialog.exec() != QDialog::Accepted)
        return QString();
    return dialog.selectedFiles().value(0);
}

QString askSaveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                        const QString &filter, const QString &defaultSuffix)
{
    return askSaveFileName(parent, caption, suggestedPath, {{filter, defaultSuffix}});
}

} // namespace PingScope
