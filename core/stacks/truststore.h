#pragma once

#include <QString>
#include <QStringList>

class StackManifest;

/// Which stack manifests may have their commands run. A manifest names programs to execute, so one
/// that came from elsewhere runs only after the user approved it: in the GUI by a prompt, in the
/// CLI with --trust. The manifest bundled with Stackbench is trusted. Approvals are remembered by
/// the SHA-256 of the file's bytes, so any edit needs a new approval.
class TrustStore
{
public:
    /// `file` holds the approved hashes; empty means <AppConfigLocation>/trusted-manifests.json.
    explicit TrustStore(QString file = {});

    bool isTrusted(const QString& manifestPath) const;
    /// The same for a loaded manifest, checked against the bytes that were parsed (not the file as it
    /// is now), so a file swapped after loading cannot run unapproved commands.
    bool isTrusted(const StackManifest& manifest) const;
    /// Remembers the manifest's current contents as approved. Returns an error sentence, or empty.
    /// With @p expectedHash (hex SHA-256, as hashOf() gives), approves only when the file still has
    /// exactly those bytes: a prompt approves what it showed, never an edit made while it was open.
    [[nodiscard]] QString approve(const QString& manifestPath, const QByteArray& expectedHash = {});
    /// What an untrusted manifest would run, one line per stack, for the approval prompt.
    static QStringList describeCommands(const QString& manifestPath);
    static QStringList describeCommands(const StackManifest& manifest);

    static QByteArray hashOf(const QString& path); ///< hex SHA-256, empty when unreadable

private:
    QStringList approved() const;
    bool isTrusted(const QString& path, const QByteArray& hash) const;
    QString m_file;
};
