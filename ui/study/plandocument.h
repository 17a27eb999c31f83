#pragma once

#include "plan/plan.h"

#include <QObject>
#include <functional>
#include <optional>

class PlanModel;
class QWidget;
class RecentFiles;

/// The Study page's plan as a document: the file it was read from or saved to, whether it changed
/// since, whether that file is a draft, and New, Open, Save, Save As with the recent files and the
/// unsaved-changes prompt. The plan itself lives in the PlanModel the page edits; any edit there
/// marks the document modified. Plans are small files, read and written in one go. GUI-thread only.
///
/// A plan with problems is saved, if the user agrees, as a draft (`"draft": true`): it reopens with
/// its problems shown, and nothing runs it until it is fixed and saved again.
class PlanDocument : public QObject
{
    Q_OBJECT
public:
    /// @p problems gives what keeps the plan from running, as the page shows it (Save asks about
    /// them); @p window parents the dialogs. Both must outlive the document.
    PlanDocument(PlanModel* model, std::function<const JsonProblems&()> problems, QWidget* window);

    /// The bundled quick plan: the template on first start.
    static QString defaultPlanPath();

    QString filePath() const { return m_path; }
    bool isModified() const { return m_modified; }
    /// File name, "name (draft)", "quick.json (template)" or "Untitled", for the window title.
    QString name() const;
    RecentFiles* recentFiles() const { return m_recent; }

    /// Opens the last plan, or else the bundled quick plan as an unsaved template. False when
    /// neither could be opened: the caller starts a new plan.
    bool openInitial();
    /// Replaces the plan without asking (see maybeSave()). False, with a message, when unreadable.
    bool open(const QString& path);
    /// Shows @p plan as an unsaved document, or as the file @p path when given.
    void setPlan(const Plan& plan, const QString& path = {});
    /// A new, untitled plan.
    void setNewPlan(const Plan& plan);

    void openDialog();
    void openRecent(const QString& path);
    bool save();
    bool saveAs();
    /// Asks whether to save unsaved changes. False when the user cancels.
    bool maybeSave();

Q_SIGNALS:
    /// The file name or the modified flag changed.
    void changed();
    /// setPlan() put a new plan into the model.
    void planReplaced();
    /// The user cancelled a save to fix the problem at this JSON path first.
    void problemToShow(const QString& path);
    void statusMessage(const QString& message);

private:
    /// How to save: false for a runnable plan, true for a draft (the plan has problems and the user
    /// chose to keep it anyway), nothing when the user cancelled (the first problem is shown).
    std::optional<bool> askDraft();
    bool writeTo(const QString& path, bool draft);
    void remember(const QString& path);
    void setModified(bool modified);
    void setPath(const QString& path);

    PlanModel* m_model;
    std::function<const JsonProblems&()> m_problems;
    QWidget* m_window;
    RecentFiles* m_recent;
    QString m_path;
    QString m_templateName; ///< file name of the bundled plan an unsaved plan started from
    bool m_draft = false; ///< the file at m_path is a draft (saved with problems)
    bool m_modified = false;
};
