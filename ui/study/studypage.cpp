#include "studypage.h"

#include "common/manifestapproval.h"
#include "common/manifestapprovaldialog.h"
#include "common/manifestbar.h"
#include "common/settingskeys.h"
#include "common/statuslabel.h"
#include "common/uiutil.h"
#include "formerrors.h"
#include "models/planmodel.h"
#include "models/problemsmodel.h"
#include "plandocument.h"
#include "planinfoform.h"
#include "procedureform.h"
#include "scenarioform.h"
#include "stackform.h"
#include "stacks/stackmanifest.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
enum EditorPage { InfoPage, StackPage, ScenarioPage, ProcedurePage };

QScrollArea* scrolled(QWidget* w)
{
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

Scenario helloScenario(const QString& id)
{
    Scenario s;
    s.id = id;
    s.title = u"GET /hello: 10 VUs for 10 s"_qs;
    s.metric = Metric::Rps;
    s.executor = ExecutorKind::ConstantVus;
    s.vus = 10;
    s.duration = std::chrono::seconds(10);
    s.request.path = u"/hello"_qs;
    return s;
}

/// Non-blocking, so tests and a busy window never sit in a nested event loop.
void showWarning(QWidget* parent, const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
} // namespace

StudyPage::StudyPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new PlanModel(this))
    , m_problemsModel(new ProblemsModel(this))
    , m_document(new PlanDocument(
          m_model, [this]() -> const JsonProblems& { return m_problems; }, this))
    , m_approval(new ManifestApproval(this))
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildTreePane());
    splitter->addWidget(buildEditorPane());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({ 560, 800 });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    connect(m_model, &PlanModel::planEdited, this, [this] { // after the document marked it modified
        revalidate();
        updateButtons();
    });
    connect(m_document, &PlanDocument::changed, this, &StudyPage::documentChanged);
    connect(m_document, &PlanDocument::planReplaced, this, &StudyPage::onPlanReplaced);
    connect(m_document, &PlanDocument::problemToShow, this,
        [this](const QString& path) { select(m_model->indexForPath(path)); });
    connect(m_document, &PlanDocument::statusMessage, this, &StudyPage::statusMessage);
    updateButtons();
}

QWidget* StudyPage::buildTreePane()
{
    m_tree = new QTreeView;
    m_tree->setModel(m_model);
    setupTreeView(m_tree);
    m_tree->setToolTip(tr("The plan: pick an item to edit it on the right"));
    m_tree->header()->setSectionResizeMode(PlanModel::NameColumn, QHeaderView::ResizeToContents);
    m_tree->expandAll();
    connect(m_model, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_tree, &QTreeView::expandAll);
    connect(
        m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &StudyPage::onSelectionChanged);

    m_problemsView = new QTableView;
    m_problemsView->setModel(m_problemsModel);
    setupTableView(m_problemsView, false);
    m_problemsView->setToolTip(tr("Everything that keeps the plan from running; click one to go to it"));
    m_problemsView->horizontalHeader()->setSectionResizeMode(
        ProblemsModel::PathColumn, QHeaderView::ResizeToContents);
    connect(m_problemsView, &QTableView::clicked, this, &StudyPage::showProblem);

    m_problemsLabel = new StatusLabel(StatusLabel::Kind::Ok);
    m_problemsLabel->setToolTip(tr("Whether the plan can run as it is"));
    auto* pane = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* layout = new QVBoxLayout(top);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buildButtons());
    m_manifestBar = new ManifestBar(
        ManifestBar::Buttons::ChangeAndBundled, QSettings().value(SettingsKeys::ManifestPath).toString());
    connect(m_manifestBar, &ManifestBar::manifestRead, this, &StudyPage::showManifestStacks);
    connect(m_manifestBar, &ManifestBar::changeRequested, this, &StudyPage::chooseManifestDialog);
    connect(m_manifestBar, &ManifestBar::bundledRequested, this, &StudyPage::useBundledManifest);
    layout->addWidget(m_manifestBar);
    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_problemsLabel);
    bottomLayout->addWidget(m_problemsView, 1);
    pane->addWidget(top);
    pane->addWidget(bottom);
    pane->setStretchFactor(0, 3);
    pane->setStretchFactor(1, 1);
    pane->setSizes({ 600, 160 });
    return pane;
}

QWidget* StudyPage::buildButtons()
{
    auto button = [this](const QString& iconName, const QString& text, const QString& tip,
                      const QKeySequence& key) {
        auto* b = new QPushButton(icon(iconName), text);
        b->setToolTip(key.isEmpty() ? tip : tip + u" ("_qs + key.toString(QKeySequence::NativeText) + u')');
        if (!key.isEmpty()) {
            auto* action = new QAction(this);
            action->setShortcut(key);
            action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
            connect(action, &QAction::triggered, b, &QPushButton::click);
            m_tree->addAction(action);
        }
        return b;
    };
    auto* add = button(
        u"add"_qs, tr("Scenario"), tr("Add a scenario after the selected one"), QKeySequence(Qt::Key_Insert));
    m_duplicate = button(u"duplicate"_qs, tr("Duplicate"), tr("Copy the selected scenario"),
        QKeySequence(Qt::CTRL | Qt::Key_D));
    m_remove = button(
        u"remove"_qs, tr("Remove"), tr("Remove the selected scenario or stack"), QKeySequence::Delete);
    m_up = button(u"up"_qs, QString(), tr("Move the scenario up: scenarios run in this order"),
        QKeySequence(Qt::ALT | Qt::Key_Up));
    m_down
        = button(u"down"_qs, QString(), tr("Move the scenario down"), QKeySequence(Qt::ALT | Qt::Key_Down));
    auto* addStack = new QToolButton;
    addStack->setIcon(icon(u"add"_qs));
    addStack->setText(tr("Stack"));
    addStack->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addStack->setPopupMode(QToolButton::InstantPopup);
    addStack->setToolTip(tr("Add a stack from the manifest, or an external URL"));
    m_stackMenu = new QMenu(addStack);
    addStack->setMenu(m_stackMenu);
    connect(add, &QPushButton::clicked, this, &StudyPage::addScenario);
    connect(m_duplicate, &QPushButton::clicked, this, &StudyPage::duplicateScenario);
    connect(m_remove, &QPushButton::clicked, this, &StudyPage::removeSelected);
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    auto* bar = new QWidget;
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*> { add, m_duplicate, m_remove, m_up, m_down })
        layout->addWidget(w);
    layout->addStretch();
    layout->addWidget(addStack);
    return bar;
}

QWidget* StudyPage::buildEditorPane()
{
    m_infoForm = new PlanInfoForm;
    m_stackForm = new StackForm;
    m_scenarioForm = new ScenarioForm;
    m_procedureForm = new ProcedureForm;
    m_editors = new QStackedWidget;
    for (QWidget* w :
        std::initializer_list<QWidget*> { m_infoForm, m_stackForm, m_scenarioForm, m_procedureForm })
        m_editors->addWidget(scrolled(w));
    connect(m_infoForm, &PlanInfoForm::edited, this, &StudyPage::onFormEdited);
    connect(m_stackForm, &StackForm::edited, this, &StudyPage::onFormEdited);
    connect(m_scenarioForm, &ScenarioForm::edited, this, &StudyPage::onFormEdited);
    connect(m_procedureForm, &ProcedureForm::edited, this, &StudyPage::onFormEdited);
    return m_editors;
}

void StudyPage::showManifestStacks(const std::optional<StackManifest>& manifest)
{
    m_stackMenu->clear();
    m_manifestStacks.clear();
    if (manifest) {
        for (const StackDefinition& s : manifest->stacks) {
            m_manifestStacks.append({ s.name, s.label });
            m_stackMenu->addAction(
                u"%1  (%2)"_qs.arg(s.label, s.name), this, [this, name = s.name] { addManifestStack(name); });
        }
    } else {
        m_stackMenu->addAction(tr("No stack manifest found"))->setEnabled(false);
    }
    m_stackMenu->addSeparator();
    m_stackMenu->addAction(tr("External URL…"), this, &StudyPage::addExternalStack);
    m_stackForm->setManifestStacks(m_manifestStacks);
}

void StudyPage::setManifestPath(const QString& path)
{
    QSettings settings;
    if (path.isEmpty())
        settings.remove(SettingsKeys::ManifestPath);
    else
        settings.setValue(SettingsKeys::ManifestPath, path);
    m_manifestBar->setManifestPath(path);
    Q_EMIT manifestChanged(path);
}

void StudyPage::chooseManifestDialog()
{
    const QString start = QFileInfo(m_manifestBar->effectivePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open stack manifest"), start, tr("Stack manifests (*.json);;All files (*)"));
    if (!path.isEmpty())
        openManifest(path);
}

void StudyPage::openManifest(const QString& path)
{
    assertGuiThread(this);
    const QString file = QFileInfo(path).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(file);
    const ManifestReview review = ManifestReview::of(file);
    if (!review.ok()) {
        showWarning(this, tr("Cannot open stack manifest"),
            tr("%1 is not a stack manifest Stackbench can use:\n\n%2").arg(shown, review.errors.join(u'\n')));
        Q_EMIT statusMessage(tr("Stack manifest not opened: %1 is not valid").arg(shown));
        return;
    }
    m_approval->request(
        file, tr("&Approve"), [this, file, shown](ManifestApproval::Outcome outcome, const QString& message) {
            if (!ManifestApproval::allows(outcome)) {
                Q_EMIT statusMessage(tr("Stack manifest not opened: %1").arg(message));
                return;
            }
            setManifestPath(file);
            Q_EMIT statusMessage(tr("Stacks now come from %1").arg(shown));
        });
}

void StudyPage::useBundledManifest()
{
    if (manifestPath().isEmpty())
        return;
    setManifestPath({});
    Q_EMIT statusMessage(tr("Stacks now come from the bundled manifest"));
}

void StudyPage::loadInitialPlan()
{
    if (!m_document->openInitial())
        newPlan();
}

void StudyPage::onPlanReplaced()
{
    select(m_model->groupIndex(PlanModel::GeneralGroup));
    revalidate();
}

const Plan& StudyPage::plan() const
{
    return m_model->plan();
}

void StudyPage::newPlan()
{
    if (!maybeSave())
        return;
    Plan plan;
    plan.name = tr("untitled");
    if (!m_manifestStacks.isEmpty()) {
        PlanStack s;
        s.stack = m_manifestStacks.first().first;
        plan.stacks << s;
    }
    plan.scenarios << helloScenario(u"hello"_qs);
    plan.procedure.repetitions = 1;
    m_document->setNewPlan(plan);
}

void StudyPage::addScenario()
{
    const int current = PlanModel::groupOf(m_tree->currentIndex()) == PlanModel::ScenariosGroup
        ? PlanModel::childRow(m_tree->currentIndex())
        : int(plan().scenarios.size()) - 1;
    const int row = current + 1;
    m_model->insertScenario(row, helloScenario(m_model->uniqueScenarioId(u"scenario"_qs)));
    selectScenario(row);
    m_scenarioForm->idEdit()->setFocus();
    m_scenarioForm->idEdit()->selectAll();
}

void StudyPage::duplicateScenario()
{
    const QModelIndex index = m_tree->currentIndex();
    if (PlanModel::groupOf(index) != PlanModel::ScenariosGroup || PlanModel::childRow(index) < 0)
        return;
    const int row = PlanModel::childRow(index);
    Scenario copy = plan().scenarios.at(row);
    copy.id = m_model->uniqueScenarioId(copy.id + u"-copy"_qs);
    copy.figure = 0; // a figure is reported by one scenario only
    m_model->insertScenario(row + 1, copy);
    selectScenario(row + 1);
}

void StudyPage::removeSelected()
{
    const QModelIndex index = m_tree->currentIndex();
    const int row = PlanModel::childRow(index);
    if (row < 0)
        return;
    if (PlanModel::groupOf(index) == PlanModel::ScenariosGroup) {
        m_model->removeScenario(row);
        if (!plan().scenarios.isEmpty())
            selectScenario(std::min(row, int(plan().scenarios.size()) - 1));
        else
            select(m_model->groupIndex(PlanModel::ScenariosGroup));
    } else if (PlanModel::groupOf(index) == PlanModel::StacksGroup) {
        m_model->removeStack(row);
        if (!plan().stacks.isEmpty())
            selectStack(std::min(row, int(plan().stacks.size()) - 1));
        else
            select(m_model->groupIndex(PlanModel::StacksGroup));
    }
}

void StudyPage::moveSelected(int delta)
{
    const QModelIndex index = m_tree->currentIndex();
    if (PlanModel::groupOf(index) != PlanModel::ScenariosGroup || PlanModel::childRow(index) < 0)
        return;
    const int row = PlanModel::childRow(index);
    if (m_model->moveScenario(row, row + delta))
        selectScenario(row + delta);
}

void StudyPage::addManifestStack(const QString& name)
{
    PlanStack s;
    s.stack = name;
    m_model->insertStack(int(plan().stacks.size()), s);
    selectStack(int(plan().stacks.size()) - 1);
}

void StudyPage::addExternalStack()
{
    bool ok = false;
    const QString url = QInputDialog::getText(this, tr("Add external target"),
        tr("Base URL of a server you run yourself (it must serve the API contract):"), QLineEdit::Normal,
        u"http://127.0.0.1:8000"_qs, &ok);
    if (!ok || url.trimmed().isEmpty())
        return;
    PlanStack s;
    s.url = QUrl(url.trimmed(), QUrl::StrictMode);
    s.name = u"external"_qs;
    for (int n = 2; plan().stack(s.name); ++n)
        s.name = u"external-%1"_qs.arg(n);
    m_model->insertStack(int(plan().stacks.size()), s);
    selectStack(int(plan().stacks.size()) - 1);
}

void StudyPage::selectScenario(int row)
{
    select(m_model->scenarioIndex(row));
}

void StudyPage::selectStack(int row)
{
    select(m_model->stackIndex(row));
}

void StudyPage::select(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void StudyPage::onSelectionChanged()
{
    const QModelIndex index = m_tree->currentIndex();
    const int row = PlanModel::childRow(index);
    switch (PlanModel::groupOf(index)) {
    case PlanModel::StacksGroup:
        if (row >= 0) {
            m_stackForm->setStack(plan().stacks.at(row));
            m_editors->setCurrentIndex(StackPage);
            break;
        }
        [[fallthrough]];
    case PlanModel::GeneralGroup:
        m_infoForm->setPlan(plan());
        m_editors->setCurrentIndex(InfoPage);
        break;
    case PlanModel::ScenariosGroup:
        if (row < 0) {
            m_infoForm->setPlan(plan());
            m_editors->setCurrentIndex(InfoPage);
            break;
        }
        m_scenarioForm->setScenario(plan().scenarios.at(row));
        m_editors->setCurrentIndex(ScenarioPage);
        break;
    case PlanModel::ProcedureGroup:
        m_procedureForm->setProcedure(plan().procedure);
        m_editors->setCurrentIndex(ProcedurePage);
        break;
    case PlanModel::NUM_GROUPS:
        break;
    }
    revalidate();
    updateButtons();
}

void StudyPage::onFormEdited()
{
    const QModelIndex index = m_tree->currentIndex();
    const int row = PlanModel::childRow(index);
    switch (m_editors->currentIndex()) {
    case InfoPage:
        m_model->setInfo(m_infoForm->name(), m_infoForm->description());
        break;
    case StackPage:
        m_model->setStack(row, m_stackForm->stack());
        break;
    case ScenarioPage:
        m_model->setScenario(row, m_scenarioForm->scenario());
        break;
    case ProcedurePage:
        m_model->setProcedure(m_procedureForm->procedure());
        break;
    }
}

JsonProblems StudyPage::localProblems() const
{
    const int row = PlanModel::childRow(m_tree->currentIndex());
    JsonProblems local;
    QString prefix;
    switch (m_editors->currentIndex()) {
    case StackPage:
        local = m_stackForm->localProblems();
        prefix = u"stacks[%1]."_qs.arg(row);
        break;
    case ScenarioPage:
        local = m_scenarioForm->localProblems();
        prefix = u"scenarios[%1]."_qs.arg(row);
        break;
    case ProcedurePage:
        local = m_procedureForm->localProblems();
        prefix = u"procedure."_qs;
        break;
    default:
        break;
    }
    for (JsonProblem& p : local)
        p.path = prefix + p.path;
    return local;
}

void StudyPage::revalidate()
{
    JsonProblems problems = validatePlan(plan());
    // What a form could not parse replaces the plan's complaint about the same field.
    const JsonProblems local = localProblems();
    for (const JsonProblem& l : local)
        problems.removeIf([&](const JsonProblem& p) { return p.path == l.path; });
    problems = local + problems;
    const bool validityChanged = problems.isEmpty() != m_problems.isEmpty();
    m_problems = problems;
    m_model->setProblems(problems);
    m_problemsModel->setProblems(problems);
    m_problemsLabel->setKind(problems.isEmpty() ? StatusLabel::Kind::Ok : StatusLabel::Kind::Error);
    m_problemsLabel->setText(problems.isEmpty()
            ? tr("✓ No problems: the plan can run.")
            : tr("%n problem(s) keep the plan from running; click one to go to it.", nullptr,
                int(problems.size())));
    const int row = PlanModel::childRow(m_tree->currentIndex());
    switch (m_editors->currentIndex()) {
    case InfoPage:
        m_infoForm->setPlan(plan());
        m_infoForm->setProblems(generalProblems(problems));
        break;
    case StackPage:
        m_stackForm->setProblems(problemsUnder(problems, u"stacks[%1]"_qs.arg(row)));
        break;
    case ScenarioPage:
        m_scenarioForm->setProblems(problemsUnder(problems, u"scenarios[%1]"_qs.arg(row)));
        break;
    case ProcedurePage:
        m_procedureForm->setProblems(problemsUnder(problems, u"procedure"_qs));
        break;
    }
    if (validityChanged)
        Q_EMIT documentChanged();
}

void StudyPage::showProblem(const QModelIndex& index)
{
    select(m_model->indexForPath(index.data(ProblemsModel::PathRole).toString()));
}

void StudyPage::updateButtons()
{
    const QModelIndex index = m_tree->currentIndex();
    const int row = PlanModel::childRow(index);
    const bool scenario = PlanModel::groupOf(index) == PlanModel::ScenariosGroup && row >= 0;
    m_duplicate->setEnabled(scenario);
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(scenario && row > 0);
    m_down->setEnabled(scenario && row < plan().scenarios.size() - 1);
}
