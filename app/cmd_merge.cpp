// `stackbench merge`: the segments of one load (`load --segment K/N --out FILE` on several machines)
// added up exactly: counts summed, histograms merged bucket by bucket, never percentiles averaged.
#include "commands.h"
#include "engine/loadpart.h"
#include "loadprint.h"
#include "plan/jsonreader.h"
#include "results/atomicfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

namespace {
int runMerge(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Merges the parts of one segmented load (written by `stackbench load --segment K/N "
        "--out FILE`) and prints the whole as `load` does. Refuses parts of different "
        "loads, and duplicated or missing segments."_qs);
    p.addHelpOption();
    p.addPositionalArgument(u"PART"_qs, u"A part file; give every segment's."_qs, u"PART..."_qs);
    const QCommandLineOption json(u"json"_qs, u"Print one JSON object, the schema of `load --json`."_qs);
    const QCommandLineOption out(
        u"out"_qs, u"Also write the merged whole as a part of segment 0:1."_qs, u"FILE"_qs);
    p.addOptions({ json, out });
    if (const QString error = parseArguments(p, u"merge"_qs, args); !error.isEmpty())
        return usageError(error);
    const QStringList files = p.positionalArguments();
    if (files.isEmpty())
        return usageError(u"merge needs the part files"_qs);
    QList<LoadPart> parts;
    QTextStream err(stderr);
    bool unreadable = false;
    for (const QString& file : files) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            err << "stackbench: cannot read " << file << ": " << f.errorString() << '\n';
            unreadable = true;
            continue;
        }
        JsonReader reader(file);
        const auto object = reader.parseObject(f.readAll());
        const auto part = object ? LoadPart::fromJson(reader, *object) : std::nullopt;
        if (!part) {
            for (const auto& problem : reader.problems())
                err << "stackbench: " << problem.toString() << '\n';
            unreadable = true;
            continue;
        }
        parts << *part;
    }
    if (unreadable)
        return 1;
    QStringList problems;
    QStringList names;
    for (const QString& f : files)
        names << QFileInfo(f).fileName();
    const auto merged = mergeParts(parts, names, &problems);
    if (!merged) {
        for (const QString& problem : problems)
            err << "stackbench: " << problem << '\n';
        return 1;
    }
    for (const QString& warning : merged->warnings)
        err << "stackbench: warning: " << warning << '\n';
    if (p.isSet(out)) {
        LoadPart whole = parts.first();
        whole.segment = ExecutionSegment {};
        whole.sequence = u"0,1"_qs;
        whole.summary = merged->summary;
        whole.latency = merged->latency;
        whole.ttfb = merged->ttfb;
        whole.clientBound = merged->clientBound;
        for (const LoadPart& part : parts) {
            whole.startedAt = std::min(whole.startedAt, part.startedAt);
            whole.finishedAt = std::max(whole.finishedAt, part.finishedAt);
        }
        if (const QString e = writeFileAtomically(p.value(out), QJsonDocument(whole.toJson()).toJson());
            !e.isEmpty())
            return failure(e);
    }
    const QJsonObject load = parts.first().load;
    if (p.isSet(json)) {
        QTextStream(stdout) << QJsonDocument(merged->summary.toJson()).toJson(QJsonDocument::Compact) << '\n';
    } else {
        const QString scenario
            = load.value(u"executor"_qs).toString() + u", %1 parts merged"_qs.arg(parts.size());
        const QString target = load.value(u"url"_qs).toString()
            + load.value(u"request"_qs).toObject().value(u"path"_qs).toString();
        printLoadSummary(scenario, target, merged->summary, false,
            load.value(u"executor"_qs).toString() == u"constant-arrival-rate");
    }
    return 0;
}

const bool registered = registerCommand(
    { u"merge"_qs, u"merge the segments of one load exactly (histograms, counts)"_qs, false, runMerge });
} // namespace
