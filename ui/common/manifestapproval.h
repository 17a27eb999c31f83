#pragma once

#include "manifestapprovaldialog.h"

#include <QObject>
#include <QPointer>
#include <functional>

/// The gate every stack launch in the workbench goes through: a stack manifest that is not
/// trusted (TrustStore: not bundled, and these exact bytes never approved) runs nothing until the
/// user approves it in ManifestApprovalDialog. Approval is recorded with TrustStore::approve() for
/// the bytes the prompt showed, so an edit made while it was open is not approved by accident.
///
/// request() never blocks: the prompt is window-modal and opened with open(); @p done runs once,
/// on the GUI thread, when the answer is known (at once when the manifest is already trusted or
/// cannot be read). It is never called after this object is destroyed. One prompt at a time: a
/// request while one is open is refused. GUI-thread only.
class ManifestApproval : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Trusted, ///< already trusted: nothing was asked
        Approved, ///< the user approved it just now and the approval is saved
        Cancelled, ///< the user said no
        Failed, ///< unreadable, invalid, changed during the prompt, or the approval could not be saved
    };
    /// @p message: empty for Trusted; otherwise a sentence for a status line or log.
    using Callback = std::function<void(Outcome outcome, const QString& message)>;

    /// @p parent is also the prompt's parent window.
    explicit ManifestApproval(QWidget* parent);
    ~ManifestApproval() override;

    /// Asks about @p manifestPath (empty: StackManifest::defaultPath()). @p approveText is the
    /// approve button's text ("&Approve and Run", "&Approve").
    void request(const QString& manifestPath, const QString& approveText, Callback done);
    bool isAsking() const { return m_dialog != nullptr; }
    /// The open prompt, for tests; null when none is open.
    ManifestApprovalDialog* dialog() const { return m_dialog; }

    /// True when @p outcome lets the manifest's commands run.
    static bool allows(Outcome outcome)
    {
        return outcome == Outcome::Trusted || outcome == Outcome::Approved;
    }

Q_SIGNALS:
    /// A manifest was approved through the prompt (its trust state changed).
    void approved(const QString& manifestPath);

private:
    void finish(int result, const ManifestReview& review, const Callback& done);
    void showError(const QString& text);

    QWidget* m_parent;
    QPointer<ManifestApprovalDialog> m_dialog;
};
