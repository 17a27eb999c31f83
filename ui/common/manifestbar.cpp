#include "manifestbar.h"

#include "background.h"
#include "common/resources.h"
#include "stacks/truststore.h"
#include "statuslabel.h"
#include "uiutil.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace {
/// What a background read of the stack manifest found.
struct ManifestState
{
    std::optional<StackManifest> manifest;
    QStringList errors;
    bool bundled = false;
    bool trusted = false;
};

ManifestState readManifest(const QString& path)
{
    ManifestState state;
    state.manifest = StackManifest::load(path, &state.errors);
    const QString bundled = Resources::bundledManifest();
    state.bundled = QFileInfo(path).canonicalFilePath() == QFileInfo(bundled).canonicalFilePath();
    state.trusted = TrustStore().isTrusted(path);
    return state;
}
} // namespace

ManifestBar::ManifestBar(Buttons buttons, const QString& path, QWidget* parent)
    : QWidget(parent)
    , m_path(path)
    , m_watcher(new QFileSystemWatcher(this))
    , m_name(new QLabel)
    , m_status(new StatusLabel(StatusLabel::Kind::Ok))
{
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(u"manifestStatus"_qs);
    m_status->setToolTip(tr("Whether Stackbench may run this manifest's commands; one from elsewhere "
                            "needs your approval, and any edit to it needs a new one"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_name);
    layout->addWidget(m_status, 1);
    if (buttons == Buttons::ChangeAndBundled)
        addButtons();
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        watch(); // an editor that saves by renaming drops the file from the watcher
        reload();
    });
    watch();
    reload();
}

void ManifestBar::addButtons()
{
    auto* open = new QPushButton(tr("Change…"));
    open->setObjectName(u"openManifest"_qs);
    open->setToolTip(tr("Choose the stack manifest the plan's stacks are started from (Ctrl+Shift+M)"));
    m_bundled = new QPushButton(tr("Use bundled"));
    m_bundled->setObjectName(u"bundledManifest"_qs);
    m_bundled->setToolTip(tr("Go back to the stack manifest bundled with Stackbench"));
    connect(open, &QPushButton::clicked, this, &ManifestBar::changeRequested);
    connect(m_bundled, &QPushButton::clicked, this, &ManifestBar::bundledRequested);
    layout()->addWidget(open);
    layout()->addWidget(m_bundled);
}

void ManifestBar::setManifestPath(const QString& path)
{
    m_path = path;
    watch();
    reload();
}

QString ManifestBar::effectivePath() const
{
    return m_path.isEmpty() ? StackManifest::defaultPath() : m_path;
}

QString ManifestBar::statusText() const
{
    return m_status->text();
}

void ManifestBar::watch()
{
    if (const QStringList files = m_watcher->files(); !files.isEmpty())
        m_watcher->removePaths(files);
    if (const QString path = effectivePath(); QFileInfo::exists(path))
        m_watcher->addPath(path);
}

void ManifestBar::reload()
{
    UiUtil::assertGuiThread(this);
    const QString path = effectivePath();
    const quint64 load = ++m_loads;
    m_name->setText(tr("Stacks from <b>%1</b>").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    const QString shown = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    m_name->setToolTip(tr("The stack manifest: %1").arg(shown));
    if (m_bundled)
        m_bundled->setEnabled(!m_path.isEmpty());
    runInBackground(
        this, [path] { return readManifest(path); },
        [this, load](const ManifestState& state) {
            if (load != m_loads)
                return; // the choice changed, or the file did, while this was read
            Q_EMIT manifestRead(state.manifest);
            showState(state.manifest.has_value(), state.bundled, state.trusted, state.errors);
        });
}

void ManifestBar::showState(bool readable, bool bundled, bool trusted, const QStringList& errors)
{
    if (!readable) {
        m_status->setKind(StatusLabel::Kind::Error);
        m_status->setText(tr("✗ Cannot be used: %1").arg(errors.value(0)));
    } else if (bundled) {
        m_status->setKind(StatusLabel::Kind::Ok);
        m_status->setText(tr("✓ Bundled with Stackbench"));
    } else if (trusted) {
        m_status->setKind(StatusLabel::Kind::Ok);
        m_status->setText(tr("✓ Approved"));
    } else {
        m_status->setKind(StatusLabel::Kind::Warning);
        m_status->setText(tr("⚠ Not approved: Start and Verify ask first"));
    }
}
