#include "profilesdialog.h"

#include "editor/connectioneditor.h"
#include "editor/durationwords.h"
#include "profiles/credentialstore.h"
#include "profiles/profilestore.h"
#include "profiletransfer.h"
#include "protocol/protocolversion.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace PingScope {

namespace {

constexpr int IdRole = Qt::UserRole;

enum Column { NameColumn, BrokerColumn, VersionColumn, KeepAliveColumn, WillColumn };

QString brokerText(const ConnectionProfile &profile)
{
    if (profile.localBroker)
        return ProfilesDialog::tr("local test broker");
    const SessionSettings &s = profile.settings;
    return QStringLiteral("%1://%2:%3")
        .arg(s.tls.enabled ? QStringLiteral("mqtts") : QStringLiteral("mqtt"), s.host,
             QString::number(s.port));
}

QString willText(const ConnectionProfile &profile)
{
    if (!profile.settings.will)
        return QStringLiteral("–");
    return profile.watchWill ? ProfilesDialog::tr("%1 (watched)").arg(profile.settings.will->topic)
                             : profile.settings.will->topic;
}

} // namespace

ProfilesDialog::ProfilesDialog(ProfileStore *store, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_credentials(credentials)
    , m_problems(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_connect(new QPushButton(tr("&Connect"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_duplicate(new QPushButton(tr("D&uplicate…"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
{
    setWindowTitle(tr("Connections"));
    resize(760, 420);

    m_problems->setObjectName(QStringLiteral("profileProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();

    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setHeaderLabels({tr("Name"), tr("Broker"), tr("MQTT"), tr("Keep-alive"), tr("Will")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Double-click a connection to connect with it."));

    auto *newButton = new QPushButton(tr("&New…"), this);
    auto *importButton = new QPushButton(tr("&Import…"), this);
    newButton->setObjectName(QStringLiteral("newProfile"));
    newButton->setToolTip(tr("Create a connection profile in the editor."));
    m_edit->setObjectName(QStringLiteral("editProfile"));
    m_edit->setToolTip(tr("Change the selected connection profile."));
    m_duplicate->setObjectName(QStringLiteral("duplicateProfile"));
    m_duplicate->setToolTip(tr("Start a new profile from a copy of the selected one."));
    m_delete->setObjectName(QStringLiteral("deleteProfile"));
    m_delete->setToolTip(tr("Delete the selected profiles and their stored passwords."));
    importButton->setObjectName(QStringLiteral("importProfiles"));
    importButton->setToolTip(tr("Add the profiles of an exported file; none is replaced."));
    m_export->setObjectName(QStringLiteral("exportProfiles"));
    m_export->setToolTip(
        tr("Write the selected profiles (all if none is selected) to one file, without "
           "passwords."));
    m_connect->setObjectName(QStringLiteral("connectProfile"));
    m_connect->setToolTip(tr("Open a session with the selected profile."));
    m_connect->setDefault(true);

    auto *side = new QVBoxLayout;
    for (QPushButton *button : {newButton, m_edit, m_duplicate, m_delete})
        side->addWidget(button);
    side->addSpacing(12);
    side->addWidget(importButton);
    side->addWidget(m_export);
    side->addStretch(1);

    auto *middle = new QHBoxLayout;
    middle->addWidget(m_list, 1);
    middle->addLayout(side);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problems);
    layout->addLayout(middle, 1);
    layout->addWidget(buttons);

    connect(newButton, &QPushButton::clicked, this, &ProfilesDialog::newProfile);
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (const auto profile = selected())
            edit(*profile);
    });
    connect(m_duplicate, &QPushButton::clicked, this, &ProfilesDialog::duplicateSelected);
    connect(m_delete, &QPushButton::clicked, this, &ProfilesDialog::deleteSelected);
    connect(importButton, &QPushButton::clicked, this, &ProfilesDialog::importFromDialog);
    connect(m_export, &QPushButton::clicked, this, &ProfilesDialog::exportFromDialog);
    // Connect is the AcceptRole button: it must not close the dialog without a profile.
    disconnect(buttons, &QDialogButtonBox::accepted, this, nullptr);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfilesDialog::connectSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &ProfilesDialog::connectSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ProfilesDialog::updateButtons);

    reload();
}

void ProfilesDialog::reload()
{
    const std::optional<ConnectionProfile> current = selected();
    const ProfileLoadResult result = m_store->load();
    m_profiles = result.profiles;
    // A problem is said once per dialog, even though later loads no longer see the file
    // (it was set aside): the user may not have read it yet.
    for (const ProfileProblem &problem : result.problems) {
        m_loadProblems << (problem.keptAs.isEmpty()
                               ? tr("%1: %2").arg(problem.fileName, problem.message)
                               : tr("%1: %2 (kept as %3)")
                                     .arg(problem.fileName, problem.message, problem.keptAs));
    }
    showProblems(m_loadProblems);

    m_list->clear();
    for (const ConnectionProfile &profile : std::as_const(m_profiles)) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(NameColumn, IdRole, profile.id);
        item->setText(NameColumn, profile.name);
        item->setText(BrokerColumn, brokerText(profile));
        item->setText(VersionColumn, Protocol::protocolVersionName(profile.settings.version));
        item->setText(KeepAliveColumn, keepAliveInWords(profile.settings.keepAliveSeconds));
        item->setText(WillColumn, willText(profile));
        if (!profile.notes.isEmpty())
            item->setToolTip(NameColumn, profile.notes);
    }
    for (int column = 0; column < WillColumn; ++column)
        m_list->resizeColumnToContents(column);
    if (current)
        selectProfile(current->id);
    else if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void ProfilesDialog::selectProfile(const QString &id)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_list->topLevelItem(row);
        if (item->data(NameColumn, IdRole).toString() == id) {
            m_list->setCurrentItem(item);
            return;
        }
    }
}

std::optional<ConnectionProfile> ProfilesDialog::selected() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item || !item->isSelected())
        return std::nullopt;
    const QString id = item->data(NameColumn, IdRole).toString();
    for (const ConnectionProfile &profile : m_profiles) {
        if (profile.id == id)
            return profile;
    }
    return std::nullopt;
}

QList<ConnectionProfile> ProfilesDialog::selectedProfiles() const
{
    QList<ConnectionProfile> chosen;
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    for (const ConnectionProfile &profile : m_profiles) {
        for (const QTreeWidgetItem *item : items) {
            if (item->data(NameColumn, IdRole).toString() == profile.id)
                chosen << profile;
        }
    }
    return chosen;
}

void ProfilesDialog::edit(const ConnectionProfile &profile)
{
    ConnectionEditor editor(m_credentials, this);
    editor.setProfile(profile);
    if (editor.exec() != QDialog::Accepted)
        return;
    QString error;
    const ConnectionProfile edited = editor.profile();
    if (!m_store->save(edited, &error)) {
        QMessageBox::warning(this, tr("Profile not saved"),
                             tr("“%1” could not be saved: %2").arg(edited.name, error));
        return;
    }
    m_typedPasswords.insert(edited.id, editor.password());
    reload();
    selectProfile(edited.id);
}

void ProfilesDialog::newProfile()
{
    SessionSettings settings;
    settings.keepAliveSeconds = 30; // pings show within seconds, which is what PingScope is for
    edit(ConnectionProfile::create(tr("New connection"), settings));
}

void ProfilesDialog::duplicateSelected()
{
    std::optional<ConnectionProfile> copy = selected();
    if (!copy)
        return;
    // A new id: the copy's password (if any) is typed again, the keyring entry stays with
    // the original.
    copy->id = ConnectionProfile::newId();
    copy->name = tr("%1 (copy)").arg(copy->name);
    edit(*copy);
}

void ProfilesDialog::deleteSelected()
{
    const QList<ConnectionProfile> doomed = selectedProfiles();
    if (doomed.isEmpty())
        return;
    const QString what = doomed.size() == 1 ? tr("the profile “%1”").arg(doomed.first().name)
                                            : tr("%n profiles", nullptr, int(doomed.size()));
    const auto answer = QMessageBox::question(
        this, tr("Delete profiles"),
        tr("Delete %1? Stored passwords are removed from the keyring too; open sessions "
           "stay open.")
            .arg(what),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    for (const ConnectionProfile &profile : doomed)
        deleteProfile(profile.id);
}

bool ProfilesDialog::deleteProfile(const QString &id)
{
    PasswordStorage storage = PasswordStorage::NoPassword;
    for (const ConnectionProfile &profile : std::as_const(m_profiles)) {
        if (profile.id == id)
            storage = profile.passwordStorage;
    }
    QString error;
    if (!m_store->remove(id, &error)) {
        QMessageBox::warning(this, tr("Profile not deleted"), error);
        return false;
    }
    if (storage == PasswordStorage::Keyring && m_credentials)
        m_credentials->removePassword(id, nullptr, [](const CredentialResult &) {});
    m_typedPasswords.remove(id);
    reload();
    return true;
}

bool ProfilesDialog::importFrom(const QString &path)
{
    const QList<ConnectionProfile> imported = ProfileTransfer::importFile(*m_store, path, this);
    reload();
    if (!imported.isEmpty())
        selectProfile(imported.first().id);
    return !imported.isEmpty();
}

bool ProfilesDialog::exportTo(const QString &path, const QList<ConnectionProfile> &profiles)
{
    return ProfileTransfer::exportFile(profiles, path, this);
}

void ProfilesDialog::importFromDialog()
{
    const QList<ConnectionProfile> imported = ProfileTransfer::importWithDialog(*m_store, this);
    reload();
    if (!imported.isEmpty())
        selectProfile(imported.first().id);
}

void ProfilesDialog::exportFromDialog()
{
    const QList<ConnectionProfile> chosen = selectedProfiles();
    ProfileTransfer::exportWithDialog(chosen.isEmpty() ? m_profiles : chosen, this);
}

void ProfilesDialog::connectSelected()
{
    const std::optional<ConnectionProfile> profile = selected();
    if (!profile)
        return;
    m_chosen = *profile;
    accept();
}

void ProfilesDialog::updateButtons()
{
    const int count = int(m_list->selectedItems().size());
    m_connect->setEnabled(count == 1);
    m_edit->setEnabled(count == 1);
    m_duplicate->setEnabled(count == 1);
    m_delete->setEnabled(count > 0);
    m_export->setEnabled(!m_profiles.isEmpty());
}

void ProfilesDialog::showProblems(const QStringList &lines)
{
    m_problems->setVisible(!lines.isEmpty());
    m_problems->setText(tr("⚠ Some profiles could not be read; their files were set aside and "
                           "the rest loaded:\n") +
                        lines.join(QLatin1Char('\n')));
}

} // namespace PingScope
