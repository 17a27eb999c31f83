#include "k6import.h"

#include "results/resultsfolder.h"
#include "results/resultswriter.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace {
const QString LoadToolKey = u"load_tool"_qs;

QStringList lines(const JsonProblems& problems)
{
    QStringList out;
    for (const auto& p : problems)
        out << p.toString();
    return out;
}

Scenario standIn(const QString& id, const K6Summary& k6)
{
    Scenario s;
    s.id = id;
    s.title = u"Imported from k6 (request unknown)"_qs;
    s.executor = ExecutorKind::SharedIterations;
    s.vus = std::max(1, k6.vusMax);
    s.iterations = std::max<qint64>({ k6.iterations, k6.requests, qint64(s.vus) });
    s.request.path = u"/"_qs;
    return s;
}

// The scenario to record under, or a problem.
std::optional<Scenario> resolveScenario(const K6Import& in, const K6Summary& k6, QStringList* problems)
{
    const QString fromFile = k6ScenarioIdFromFileName(in.summaryFile);
    if (!in.plan) {
        const QString id = !in.scenarioId.isEmpty() ? in.scenarioId
            : !fromFile.isEmpty()                   ? fromFile
                                                    : u"k6"_qs;
        return standIn(id, k6);
    }
    QString id = in.scenarioId;
    if (id.isEmpty() && in.plan->scenario(fromFile))
        id = fromFile;
    if (id.isEmpty() && in.plan->scenarios.size() == 1)
        id = in.plan->scenarios.first().id;
    QStringList ids;
    for (const auto& s : in.plan->scenarios)
        ids << s.id;
    if (const Scenario* s = in.plan->scenario(id))
        return *s;
    *problems << (id.isEmpty()
            ? u"name the scenario with --scenario (the plan has: %1)"_qs.arg(ids.join(u", "_qs))
            : u"the plan has no scenario \"%1\" (it has: %2)"_qs.arg(id, ids.join(u", "_qs)));
    return std::nullopt;
}

PlanStack resolveStack(const K6Import& in)
{
    if (in.plan)
        if (const PlanStack* s = in.plan->stack(in.stack))
            return *s;
    PlanStack s;
    s.stack = in.stack;
    return s;
}

RunManifest newManifest(const K6Import& in)
{
    RunManifest m;
    m.plan.name = in.plan ? in.plan->name + u"-k6"_qs : u"k6"_qs;
    m.plan.description = u"k6 results imported from --summary-export files by `stackbench import-k6`."_qs;
    if (in.plan)
        m.plan.procedure = in.plan->procedure;
    m.plan.procedure.repetitions = 1;
    m.transport = u"k6"_qs;
    m.startedAt = QDateTime::currentDateTimeUtc();
    return m;
}

// The folder's manifest: read back if an earlier import made it, else new.
std::optional<RunManifest> baseManifest(const K6Import& in, QStringList* problems)
{
    if (!QFileInfo::exists(QDir(in.outDir).filePath(ResultsWriter::manifestFileName())))
        return newManifest(in);
    const ResultsFolder folder = loadResults(in.outDir);
    if (!folder.manifest) {
        *problems << u"%1 has a manifest.json that cannot be read, so nothing can be added to it:"_qs.arg(
            in.outDir)
                  << lines(folder.problems);
        return std::nullopt;
    }
    if (folder.manifest->environment.versions.value(LoadToolKey) != u"k6") {
        *problems << u"%1 holds Stackbench's own results; import k6 summaries into a folder of their own, "
                     u"then compare the two folders"_qs.arg(in.outDir);
        return std::nullopt;
    }
    return folder.manifest;
}

void merge(RunManifest& m, const K6Import& in, const Scenario& scenario, const PlanStack& stack)
{
    if (const qsizetype i = m.plan.scenarioIndex(scenario.id); i >= 0)
        m.plan.scenarios[i] = scenario;
    else
        m.plan.scenarios.append(scenario);
    if (!m.plan.stack(stack.id()))
        m.plan.stacks.append(stack);
    m.plan.procedure.repetitions = std::max(m.plan.procedure.repetitions, in.repetition);
    m.environment = in.environment;
    m.environment.versions.insert(LoadToolKey, u"k6"_qs);
    auto& commands = m.commands[stack.id()];
    if (!in.command.isEmpty() && !commands.contains(in.command))
        commands.append(in.command);
}

ScenarioRecord makeRecord(
    const K6Import& in, const K6Summary& k6, const Scenario& scenario, const PlanStack& stack)
{
    ScenarioRecord r;
    r.repetition = in.repetition;
    r.stack = stack.id();
    r.scenarioId = scenario.id;
    r.figure = scenario.figure;
    r.metric = scenario.metric;
    r.summary = toSummary(k6);
    r.transport = r.summary.transport;
    r.percentiles = percentilePoints(k6);
    r.client = ClientHealth::from(r.summary);
    r.finishedAt = in.finishedAt.isValid() ? in.finishedAt.toUTC() : QDateTime::currentDateTimeUtc();
    r.startedAt = r.finishedAt.addMSecs(-qint64(k6.durationS * 1000));
    return r;
}

K6ImportResult write(const K6Import& in, RunManifest manifest, const ScenarioRecord& record)
{
    K6ImportResult result;
    manifest.finishedAt = QDateTime::currentDateTimeUtc();
    ResultsWriter writer(in.outDir, manifest);
    QString error = writer.writeManifest();
    if (error.isEmpty())
        error = writer.write(record);
    if (!error.isEmpty())
        result.problems << error;
    else
        result.recordPath = writer.relativePath(record);
    return result;
}
} // namespace

QString k6ScenarioIdFromFileName(const QString& path)
{
    QString name = QFileInfo(path).fileName().toLower();
    for (const auto* suffix : { u".json", u".summary", u"-summary", u"_summary" })
        if (name.endsWith(QString::fromUtf16(suffix)))
            name.chop(QString::fromUtf16(suffix).size());
    static const QRegularExpression Position(u"^\\d+-"_qs);
    static const QRegularExpression Id(u"^[a-z0-9][a-z0-9_-]{0,63}$"_qs);
    name.remove(Position);
    return Id.match(name).hasMatch() ? name : QString();
}

K6ImportResult importK6Summary(const K6Import& in)
{
    K6ImportResult result;
    const K6SummaryParse parsed = parseK6Summary(in.summaryJson, in.summaryFile);
    result.warnings = parsed.warnings;
    if (!parsed.ok()) {
        result.problems = lines(parsed.problems);
        return result;
    }
    const auto scenario = resolveScenario(in, *parsed.summary, &result.problems);
    auto manifest = scenario ? baseManifest(in, &result.problems) : std::nullopt;
    if (!manifest)
        return result;
    const PlanStack stack = resolveStack(in);
    merge(*manifest, in, *scenario, stack);
    if (const JsonProblems problems = validatePlan(manifest->plan); !problems.isEmpty()) {
        result.problems << u"the imported scenario and stack do not make a valid plan:"_qs << lines(problems);
        return result;
    }
    const QStringList warnings = result.warnings;
    result = write(in, *manifest, makeRecord(in, *parsed.summary, *scenario, stack));
    result.warnings = warnings;
    return result;
}
