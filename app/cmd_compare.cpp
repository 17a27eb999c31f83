// `stackbench compare`: per (scenario, stack), did a later results folder improve, regress or stay
// within noise? Exits 1 when anything regressed, so a script can gate on it.
#include "commands.h"
#include "report/htmlreport.h"
#include "results/atomicfile.h"
#include "results/comparison.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>

namespace {
void printProblems(const FolderComparison& c)
{
    QTextStream err(stderr);
    for (const QString& dir : c.unreadable)
        err << "stackbench: " << dir << " is not a readable results folder\n";
    for (const auto& problem : c.problems) // damaged files are left out, but said
        err << (c.ok() ? "stackbench: warning: " : "  ") << problem.toString() << '\n';
    for (const QString& warning : c.warnings)
        err << "stackbench: not like for like: " << warning << '\n';
}

void printText(const FolderComparison& c)
{
    QTextStream out(stdout);
    for (const QString& line : describeChanges(c.changes))
        out << line << '\n';
    out << c.count(Change::Improved) << " improved, " << c.count(Change::Regressed) << " regressed, "
        << c.count(Change::WithinNoise) << " within noise (Welch's t-test, Holm-adjusted, 5 %)\n";
}

int runCompare(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Compares AFTER_DIR with BEFORE_DIR per scenario and stack: improved, "
                                u"regressed or within noise. Exits 1 when anything regressed."_qs);
    p.addHelpOption();
    p.addPositionalArgument(u"BEFORE_DIR"_qs, u"The earlier results folder."_qs);
    p.addPositionalArgument(u"AFTER_DIR"_qs, u"The later results folder."_qs);
    const QCommandLineOption json(u"json"_qs, u"Print one JSON object on stdout."_qs);
    const QCommandLineOption excludeFlagged(
        u"exclude-flagged"_qs, u"Leave out flagged repetitions, as report does."_qs);
    const QCommandLineOption html(
        u"html"_qs, u"Also write both sets side by side as one self-contained HTML file."_qs, u"FILE"_qs);
    p.addOptions({ json, excludeFlagged, html });
    if (const QString error = parseArguments(p, u"compare"_qs, args); !error.isEmpty())
        return usageError(error);
    if (p.positionalArguments().size() != 2)
        return usageError(u"compare needs BEFORE_DIR and AFTER_DIR"_qs);
    const FolderComparison c = compareFolders(
        p.positionalArguments()[0], p.positionalArguments()[1], AggregateOptions { p.isSet(excludeFlagged) });
    printProblems(c);
    if (!c.ok())
        return 1;
    if (p.isSet(html)) {
        const QStringList names = { QFileInfo(p.positionalArguments()[0]).fileName(),
            QFileInfo(p.positionalArguments()[1]).fileName() };
        if (const QString e = writeFileAtomically(p.value(html), htmlComparisonReport(c, names));
            !e.isEmpty())
            return failure(e);
    }
    if (p.isSet(json))
        QTextStream(stdout) << QJsonDocument(toJson(c)).toJson(QJsonDocument::Indented);
    else
        printText(c);
    return c.count(Change::Regressed) > 0 ? 1 : 0;
}

const bool registered = registerCommand({ u"compare"_qs,
    u"compare two results folders: improved, regressed or within noise per scenario and stack"_qs, true,
    runCompare });
} // namespace
