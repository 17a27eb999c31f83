#pragma once

#include "stacks/stackmanifest.h"

#include <QWidget>
#include <optional>

class QFileSystemWatcher;
class QLabel;
class QPushButton;
class StatusLabel;

/// One line about the stack manifest in use: its file name (the full path in the tooltip) and
/// whether Stackbench may run its commands: "✓ Bundled with Stackbench", "✓ Approved", "⚠ Not
/// approved" or "✗ Cannot be used". The Study page shows it with Change… and Use bundled, which
/// only emit changeRequested() and bundledRequested(): the owner keeps the choice. The Run page
/// shows it without buttons.
///
/// The file is read in a worker thread whenever the path is set, reload() is called or the file
/// changes on disk (it is watched, so an edit, which withdraws an approval, shows at once); an
/// answer older than the latest read is dropped. GUI-thread only.
class ManifestBar : public QWidget
{
    Q_OBJECT
public:
    enum class Buttons { None, ChangeAndBundled };

    /// Shows and reads @p path at once; empty for the bundled default.
    explicit ManifestBar(Buttons buttons, const QString& path = {}, QWidget* parent = nullptr);

    /// Shows @p path, empty for the bundled default (StackManifest::defaultPath()), and reads it.
    void setManifestPath(const QString& path);
    /// The path as set; empty for the bundled default.
    QString manifestPath() const { return m_path; }
    /// The file shown: manifestPath(), or the default when that is empty.
    QString effectivePath() const;
    /// The one-line account of the manifest ("✓ Bundled with Stackbench", "⚠ Not approved: …").
    QString statusText() const;

public Q_SLOTS:
    /// Reads the manifest again: its stacks and whether it is trusted.
    void reload();

Q_SIGNALS:
    /// A read finished: the manifest, or nothing when it cannot be used.
    void manifestRead(const std::optional<StackManifest>& manifest);
    void changeRequested();
    void bundledRequested();

private:
    void addButtons();
    void watch();
    void showState(bool readable, bool bundled, bool trusted, const QStringList& errors);

    QString m_path;
    QFileSystemWatcher* m_watcher;
    QLabel* m_name;
    StatusLabel* m_status;
    QPushButton* m_bundled = nullptr;
    quint64 m_loads = 0; ///< the newest background read; older answers are dropped
};
