// `stackbench merge-results`: the folders of a study's shards (`run --shard K/N` on N machines) joined
// into one results folder.
#include "commands.h"
#include "results/mergeresults.h"

#include <QTextStream>

namespace {
int runMergeResults(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Joins the results folders of a study's shards (run --shard K/N) into one, which "
        "report, compare and the workbench read like any other. Refuses other plans, "
        "missing or repeated shards, and results that no folder has."_qs);
    p.addHelpOption();
    p.addPositionalArgument(u"DIR"_qs, u"A shard's results folder; give every shard's."_qs, u"DIR..."_qs);
    const QCommandLineOption out(u"out"_qs, u"The results folder to write (new or empty)."_qs, u"DIR"_qs);
    p.addOption(out);
    if (const QString error = parseArguments(p, u"merge-results"_qs, args); !error.isEmpty())
        return usageError(error);
    if (p.positionalArguments().isEmpty() || !p.isSet(out))
        return usageError(u"merge-results needs the shards' folders and --out DIR"_qs);
    if (const QString error = mergeResultFolders(p.positionalArguments(), p.value(out)); !error.isEmpty())
        return failure(error);
    QTextStream(stdout) << "results: " << p.value(out) << '\n';
    return 0;
}

const bool registered = registerCommand({ u"merge-results"_qs,
    u"join the results folders of a study's shards into one"_qs, false, runMergeResults });
} // namespace
