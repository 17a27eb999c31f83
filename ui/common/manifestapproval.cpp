#include "manifestapproval.h"

#include "manifestapprovaldialog.h"
#include "stacks/stackmanifest.h"
#include "stacks/truststore.h"

#include <QDir>
#include <QMessageBox>
#include <QWidget>

ManifestApproval::ManifestApproval(QWidget* parent)
    : QObject(parent)
    , m_parent(parent)
{
}

ManifestApproval::~ManifestApproval()
{
    // Destroyed before the prompt (its sibling, created later): its answer must not reach a
    // callback whose owner is going away.
    if (m_dialog) {
        m_dialog->disconnect(this);
        delete m_dialog;
    }
}

void ManifestApproval::request(const QString& manifestPath, const QString& approveText, Callback done)
{
    const QString path = manifestPath.isEmpty() ? StackManifest::defaultPath() : manifestPath;
    const QString shown = QDir::toNativeSeparators(path);
    if (m_dialog) {
        done(
            Outcome::Failed, tr("Another stack manifest is waiting for approval; answer that prompt first."));
        return;
    }
    if (const QString problem = ManifestReview::sizeProblem(path); !problem.isEmpty()) {
        done(Outcome::Failed, tr("The stack manifest cannot be used: %1").arg(problem));
        return;
    }
    if (TrustStore().isTrusted(path)) {
        done(Outcome::Trusted, {});
        return;
    }
    const ManifestReview review = ManifestReview::of(path);
    if (!review.ok()) {
        done(Outcome::Failed,
            tr("The stack manifest %1 cannot be used: %2").arg(shown, review.errors.join(u"; "_qs)));
        return;
    }
    m_dialog = new ManifestApprovalDialog(review, approveText, m_parent);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this,
        [this, review, done = std::move(done)](int result) { finish(result, review, done); });
    m_dialog->open();
}

void ManifestApproval::finish(int result, const ManifestReview& review, const Callback& done)
{
    m_dialog = nullptr; // it deletes itself on close
    const QString shown = QDir::toNativeSeparators(review.path);
    if (result != QDialog::Accepted) {
        done(Outcome::Cancelled,
            tr("The stack manifest %1 was not approved, so none of its commands ran.").arg(shown));
        return;
    }
    if (const QString error = TrustStore().approve(review.path, review.sha256); !error.isEmpty()) {
        const QString text
            = tr("The approval of %1 could not be saved, so none of its commands ran: %2").arg(shown, error);
        showError(text);
        done(Outcome::Failed, text);
        return;
    }
    Q_EMIT approved(review.path);
    done(Outcome::Approved,
        tr("Approved the stack manifest %1 (SHA-256 %2…).")
            .arg(shown, QString::fromLatin1(review.sha256.left(12))));
}

void ManifestApproval::showError(const QString& text)
{
    auto* box
        = new QMessageBox(QMessageBox::Critical, tr("Approval not saved"), text, QMessageBox::Ok, m_parent);
    box->setObjectName(u"manifestApprovalError"_qs);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
