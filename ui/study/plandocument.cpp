#include "plandocument.h"

#include "common/recentfiles.h"
#include "common/resources.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "models/planmodel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

PlanDocument::PlanDocument(PlanModel* model, std::function<const JsonProblems&()> problems, QWidget* window)
    : QObject(window)
    , m_model(model)
    , m_problems(std::move(problems))
    , m_window(window)
    , m_recent(new RecentFiles(SettingsKeys::RecentPlans, this))
{
    connect(m_model, &PlanModel::planEdited, this, [this] { setModified(true); });
    connect(m_recent, &RecentFiles::triggered, this, &PlanDocument::openRecent);
}

QString PlanDocument::defaultPlanPath()
{
    return Resources::inRoot(u"resources/plans/quick.json");
}

QString PlanDocument::name() const
{
    if (m_path.isEmpty())
        return m_templateName.isEmpty() ? tr("Untitled") : tr("%1 (template)").arg(m_templateName);
    return m_draft ? tr("%1 (draft)").arg(QFileInfo(m_path).fileName()) : QFileInfo(m_path).fileName();
}

bool PlanDocument::openInitial()
{
    const QString last = QSettings().value(SettingsKeys::LastPlan).toString();
    if (!last.isEmpty() && QFileInfo::exists(last) && open(last))
        return true;
    if (QFileInfo::exists(defaultPlanPath()) && open(defaultPlanPath())) {
        m_templateName = QFileInfo(defaultPlanPath()).fileName(); // shown in the title, not "Untitled"
        setPath({}); // a template: Save asks where
        return true;
    }
    return false;
}

bool PlanDocument::open(const QString& path)
{
    UiUtil::assertGuiThread(this);
    const PlanParseResult result = loadPlan(path);
    const bool draft = result.plan && result.plan->draft;
    if (!result.ok() && !draft) {
        QMessageBox::warning(m_window, tr("Cannot open plan"),
            tr("%1 could not be read:\n\n%2")
                .arg(QDir::toNativeSeparators(path), formatProblems(result.problems)));
        m_recent->remove(path);
        return false;
    }
    Plan plan = *result.plan;
    plan.draft = false; // the editor's plan is checked as it is; the mark is a property of the file
    setPlan(plan, path);
    m_draft = draft;
    Q_EMIT changed();
    remember(path);
    Q_EMIT statusMessage(draft ? tr("Opened the draft %1: %n problem(s) to fix before it can run", nullptr,
                             int(m_problems().size()))
                                     .arg(QDir::toNativeSeparators(path))
                               : tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void PlanDocument::setPlan(const Plan& plan, const QString& path)
{
    m_model->setPlan(plan);
    m_draft = false;
    setPath(path);
    setModified(false);
    Q_EMIT planReplaced();
}

void PlanDocument::setNewPlan(const Plan& plan)
{
    m_templateName.clear();
    setPlan(plan);
}

void PlanDocument::openDialog()
{
    if (!maybeSave())
        return;
    const QString start = QFileInfo(m_path.isEmpty() ? defaultPlanPath() : m_path).absolutePath();
    const QString path
        = QFileDialog::getOpenFileName(m_window, tr("Open plan"), start, tr("Plans (*.json);;All files (*)"));
    if (!path.isEmpty())
        open(path);
}

void PlanDocument::openRecent(const QString& path)
{
    if (maybeSave())
        open(path);
}

bool PlanDocument::save()
{
    if (m_path.isEmpty())
        return saveAs();
    const auto draft = askDraft();
    return draft && writeTo(m_path, *draft);
}

bool PlanDocument::saveAs()
{
    const auto draft = askDraft(); // before the file dialog, not after a name was chosen in vain
    if (!draft)
        return false;
    const QString name = m_model->plan().name;
    const QString suggested = m_path.isEmpty()
        ? QDir::home().filePath((name.isEmpty() ? u"plan"_qs : name) + u".json"_qs)
        : m_path;
    const QString path
        = QFileDialog::getSaveFileName(m_window, tr("Save plan as"), suggested, tr("Plans (*.json)"));
    return !path.isEmpty() && writeTo(path, *draft);
}

std::optional<bool> PlanDocument::askDraft()
{
    const JsonProblems& problems = m_problems();
    if (problems.isEmpty())
        return false;
    QMessageBox box(QMessageBox::Warning, tr("Save as a draft?"),
        tr("The plan has %n problem(s), so it cannot run yet. The first one:\n\n%1\n\nSave it as a draft? "
           "A draft opens here with its problems shown; neither Run nor \"stackbench run\" runs it until "
           "it is fixed and saved again.",
            nullptr, int(problems.size()))
            .arg(problems.first().toString()),
        QMessageBox::Cancel, m_window);
    QPushButton* draft = box.addButton(tr("Save as &Draft"), QMessageBox::AcceptRole);
    box.setDefaultButton(draft);
    box.exec();
    if (box.clickedButton() == draft)
        return true;
    Q_EMIT problemToShow(problems.first().path);
    return std::nullopt;
}

bool PlanDocument::writeTo(const QString& path, bool draft)
{
    Plan saved = m_model->plan();
    saved.draft = draft;
    if (const QString error = savePlan(saved, path); !error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Cannot save the plan"), error);
        return false;
    }
    m_draft = draft;
    setPath(path);
    setModified(false);
    remember(path);
    Q_EMIT statusMessage(draft ? tr("Saved the draft %1; it runs once its problems are fixed")
                                     .arg(QDir::toNativeSeparators(path))
                               : tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool PlanDocument::maybeSave()
{
    if (!m_modified)
        return true;
    const auto answer = QMessageBox::question(m_window, tr("Unsaved changes"),
        tr("The plan \"%1\" has changes that are not saved. Save them?").arg(name()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void PlanDocument::remember(const QString& path)
{
    m_recent->add(path);
    QSettings().setValue(SettingsKeys::LastPlan, path);
}

void PlanDocument::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT changed();
}

void PlanDocument::setPath(const QString& path)
{
    if (!path.isEmpty())
        m_templateName.clear();
    m_path = path;
    Q_EMIT changed();
}
