#pragma once

#include <QDialog>
#include <QStringList>

class QPushButton;

/// What the approval prompt shows about one stack manifest, read from the file in one go so the
/// hash, the commands and what gets approved all describe the same bytes.
struct ManifestReview
{
    QString path; ///< absolute
    QByteArray sha256; ///< hex; empty when the file could not be read
    QStringList commands; ///< TrustStore::describeCommands(): one line per stack, then the seed
    QStringList errors; ///< why the file cannot be read or is not a valid manifest
    bool ok() const { return !sha256.isEmpty() && errors.isEmpty(); }

    /// Larger files are refused unread: a manifest is a few kilobytes, and the GUI thread reads it.
    static constexpr qint64 MaxBytes = 1 << 20;
    /// Why @p path cannot be a manifest judged by its size alone, or empty.
    static QString sizeProblem(const QString& path);

    /// Reads and parses @p path (a small file; the GUI thread may do this).
    static ManifestReview of(const QString& path);
};

/// The modal prompt for a stack manifest that is not trusted yet: the file, its SHA-256 and exactly
/// what it would run, with a plain warning. Cancel is the default button, so Enter and Esc never
/// approve; approving takes Tab to the approve button or its mnemonic. Accepted means the user
/// approved; the caller records it (ManifestApproval does). GUI-thread only.
class ManifestApprovalDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p approveText names what approving also does, e.g. "Approve and Run", or just "Approve".
    ManifestApprovalDialog(
        const ManifestReview& review, const QString& approveText, QWidget* parent = nullptr);

    const ManifestReview& review() const { return m_review; }
    QPushButton* approveButton() const { return m_approve; }
    QPushButton* cancelButton() const { return m_cancel; }

private:
    ManifestReview m_review;
    QPushButton* m_approve = nullptr;
    QPushButton* m_cancel = nullptr;
};
