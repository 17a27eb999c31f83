#include "mergeresults.h"

#include "resultsfolder.h"
#include "resultswriter.h"
#include "resumeindex.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

QString mergeResultFolders(const QStringList& dirs, const QString& outDir)
{
    if (dirs.isEmpty())
        return u"no folder to merge"_qs;
    if (QDir(outDir).exists() && !QDir(outDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot))
        return u"the folder %1 is not empty; merge into a new one"_qs.arg(outDir);
    QList<ResultsFolder> folders;
    for (const QString& dir : dirs) {
        ResultsFolder f = loadResults(dir);
        if (!f.manifest)
            return u"%1 is not a readable results folder%2"_qs.arg(
                dir, f.problems.isEmpty() ? QString() : u": "_qs + f.problems.first().toString());
        if (!f.problems.isEmpty())
            return u"%1 has damaged files: %2"_qs.arg(dir, f.problems.first().toString());
        folders << f;
    }
    const RunManifest& first = *folders.first().manifest;
    const Plan plan = first.expandedPlan();
    QList<int> shardOf; // folder per shard k
    for (qsizetype i = 0; i < folders.size(); ++i) {
        const RunManifest& m = *folders[i].manifest;
        if (m.plan.toJson() != first.plan.toJson())
            return u"%1 ran another plan than %2"_qs.arg(dirs[i], dirs[0]);
        if (!m.shard)
            return u"%1 is not a shard (it was not run with --shard K/N)"_qs.arg(dirs[i]);
        if (m.shard->n != first.shard->n)
            return u"%1 is shard %2/%3, %4 one of %5"_qs.arg(dirs[i], QString::number(m.shard->k),
                QString::number(m.shard->n), dirs[0], QString::number(first.shard->n));
        if (shardOf.isEmpty())
            shardOf = QList<int>(first.shard->n, -1);
        if (shardOf[m.shard->k - 1] >= 0)
            return u"shard %1/%2 is there twice: %3 and %4"_qs.arg(QString::number(m.shard->k),
                QString::number(m.shard->n), dirs[shardOf[m.shard->k - 1]], dirs[i]);
        shardOf[m.shard->k - 1] = int(i);
    }
    for (qsizetype k = 0; k < shardOf.size(); ++k)
        if (shardOf[k] < 0)
            return u"shard %1/%2 is missing"_qs.arg(k + 1).arg(shardOf.size());

    ResultsFolder merged;
    merged.manifest = first;
    RunManifest& m = *merged.manifest;
    m.shard.reset();
    m.mergedFrom.clear();
    QList<RecordKey> seen;
    for (qsizetype i = 0; i < folders.size(); ++i) {
        const ResultsFolder& f = folders[i];
        const RunManifest& fm = *f.manifest;
        m.mergedFrom << QFileInfo(dirs[i]).absoluteFilePath();
        m.startedAt = std::min(m.startedAt, fm.startedAt);
        if (!fm.finishedAt.isValid() || !m.finishedAt.isValid())
            m.finishedAt = QDateTime();
        else
            m.finishedAt = std::max(m.finishedAt, fm.finishedAt);
        m.resumedAt << (i == 0 ? QList<QDateTime>() : fm.resumedAt);
        for (auto it = fm.commands.cbegin(); it != fm.commands.cend(); ++it)
            for (const QStringList& argv : it.value())
                if (!m.commands[it.key()].contains(argv))
                    m.commands[it.key()] << argv;
        for (const ScenarioRecord& r : f.records + f.warmups) {
            if (!fm.holds(r.repetition, r.stack))
                return u"%1 holds rep%2/%3/%4, which is not a unit of its shard %5/%6"_qs.arg(dirs[i],
                    QString::number(r.repetition), r.stack, r.scenarioId, QString::number(fm.shard->k),
                    QString::number(fm.shard->n));
            if (r.warmup)
                continue;
            const RecordKey key { r.repetition, r.stack, r.scenarioId };
            if (seen.contains(key))
                return u"rep%1/%2/%3 is in two folders"_qs.arg(r.repetition).arg(r.stack, r.scenarioId);
            seen << key;
            merged.records << r;
        }
        merged.warmups << f.warmups;
    }
    if (!m.finishedAt.isValid())
        for (qsizetype i = 0; i < folders.size(); ++i)
            if (!folders[i].manifest->finishedAt.isValid())
                return u"%1 did not finish; resume it (stackbench run --resume --shard …) before merging"_qs
                    .arg(dirs[i]);
    // Every (repetition, stack, scenario) must be in some folder, failed ones included: a whole study
    // keeps its failures too.
    qsizetype missing = 0;
    QString example;
    for (int rep = 1; rep <= plan.procedure.repetitions; ++rep)
        for (const PlanStack& stack : plan.stacks)
            for (const Scenario& scenario : plan.scenarios)
                if (!seen.contains(RecordKey { rep, stack.id(), scenario.id })) {
                    if (example.isEmpty())
                        example = u"rep%1/%2/%3"_qs.arg(QString::number(rep), stack.id(), scenario.id);
                    ++missing;
                }
    if (missing)
        return u"%1 result(s) are in no folder, e.g. %2"_qs.arg(QString::number(missing), example);
    std::sort(m.resumedAt.begin(), m.resumedAt.end());

    // Written unfinished first, finished last: a merge that fails midway never reads as complete.
    const QDateTime finished = m.finishedAt;
    m.finishedAt = QDateTime();
    ResultsWriter writer(outDir, m);
    if (QString e = writer.writeManifest(); !e.isEmpty())
        return e;
    for (const ScenarioRecord& r : merged.warmups + merged.records)
        if (QString e = writer.write(r); !e.isEmpty())
            return e;
    return writer.markFinished(finished);
}
