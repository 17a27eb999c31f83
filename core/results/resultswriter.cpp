#include "resultswriter.h"

#include "atomicfile.h"

#include <QDir>
#include <QJsonDocument>

ResultsWriter::ResultsWriter(QString dir, RunManifest manifest)
    : m_dir(std::move(dir))
    , m_manifest(std::move(manifest))
    , m_plan(m_manifest.expandedPlan())
{
}

QString ResultsWriter::writeManifest()
{
    if (!QDir().mkpath(m_dir))
        return u"cannot create the results folder %1 (read-only, not a folder, or no permission)"_qs.arg(
            m_dir);
    return writeFileAtomically(QDir(m_dir).filePath(manifestFileName()),
        QJsonDocument(m_manifest.toJson()).toJson(QJsonDocument::Indented));
}

QString ResultsWriter::recordCommand(const QString& stack, const QStringList& argv)
{
    auto& list = m_manifest.commands[stack];
    if (list.contains(argv))
        return {};
    list.append(argv);
    return writeManifest();
}

QString ResultsWriter::markResumed(const QDateTime& when)
{
    m_manifest.resumedAt.append(when.toUTC());
    return writeManifest();
}

QString ResultsWriter::recordConvergence(const RunManifest::Convergence& convergence)
{
    m_manifest.convergence = convergence;
    return writeManifest();
}

QString ResultsWriter::markFinished(const QDateTime& when)
{
    m_manifest.finishedAt = when.toUTC();
    return writeManifest();
}

QString ResultsWriter::relativePath(const ScenarioRecord& record, QString* error) const
{
    QString problem;
    const Plan& plan = m_plan;
    const qsizetype index = plan.scenarioIndex(record.scenarioId);
    const bool knownStep = record.scenarioId == u"hello" || record.scenarioId == u"items";
    if (!plan.stack(record.stack))
        problem = u"stack \"%1\" is not in the plan"_qs.arg(record.stack);
    else if (record.repetition < 1 || record.repetition > plan.procedure.repetitions)
        problem = u"repetition %1 is outside 1..%2"_qs.arg(record.repetition).arg(plan.procedure.repetitions);
    else if (!record.warmup && index < 0)
        problem = u"scenario \"%1\" is not in the plan"_qs.arg(record.scenarioId);
    else if (record.warmup && !knownStep)
        problem = u"\"%1\" is not a warm-up step (hello, items)"_qs.arg(record.scenarioId);
    if (!problem.isEmpty()) {
        if (error)
            *error = u"cannot store the result: "_qs + problem;
        return {};
    }
    const QString rep = u"rep"_qs + QString::number(record.repetition);
    if (record.warmup)
        return u"warmup/"_qs + rep + u'/' + record.stack + u'/' + record.scenarioId + u".json"_qs;
    return rep + u'/' + record.stack + u'/'
        + u"%1-%2.json"_qs.arg(index + 1, 2, 10, QChar(u'0')).arg(record.scenarioId);
}

QString ResultsWriter::write(const ScenarioRecord& record)
{
    QString error;
    const auto relative = relativePath(record, &error);
    if (relative.isEmpty())
        return error;
    return writeFileAtomically(
        QDir(m_dir).filePath(relative), QJsonDocument(record.toJson()).toJson(QJsonDocument::Indented));
}
