#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

/// The paper's published values for Figures 1-7, read once from the `:/reference/paper.json`
/// resource. Widgets-free and core-free; safe to call from any thread after the first call returns
/// (the first call parses under a static-local initialiser).
struct PaperFigure
{
    int number = 0;
    QString title; ///< the paper's caption without "Figure N:", e.g. "Echo test results."
    QString scenario; ///< the load that produced it, for tooltips
    QString metric; ///< "throughput" or "mean_response_time"
    QString metricLabel; ///< "Requests per second", "Mean response time"
    QString unit; ///< "req/s" or "ms"
    bool higherIsBetter = true;
    QHash<QString, double> values; ///< stack name -> value
    QStringList approximate; ///< stacks whose value the paper only gives approximately
    QString note;
};

struct PaperReference
{
    QString source;
    QString machine;
    QString legend; ///< "Paper (i7-8750H)"
    int repetitions = 0;
    QList<QString> stacks; ///< in the paper's order
    QHash<QString, QString> stackLabels; ///< stack name -> display label
    QList<PaperFigure> figures; ///< Figures 1..7, in order

    bool isValid() const { return !figures.isEmpty(); }
};

/// Parses a reference document (the format of resources/reference/paper.json). On failure returns
/// an invalid PaperReference and, if given, a reason in @p error.
PaperReference parsePaperReference(const QByteArray& json, QString* error = nullptr);

/// The bundled reference (`:/reference/paper.json`), parsed once.
const PaperReference& paperReference();

/// The figure's entry, or nullptr when the paper has no Figure @p number.
const PaperFigure* paperFigure(int number);

/// The paper's value for (figure, stack), or -1 when there is none (FigureBar::paperValue's
/// convention).
double paperReferenceValue(int figure, const QString& stack);

/// True when the paper only gives (figure, stack) approximately (Figure 1's Flask bars).
bool paperReferenceIsApproximate(int figure, const QString& stack);

/// "FastAPI + SQLAlchemy" for "fastapi-sqlmodel"; the name itself for unknown stacks.
QString paperStackLabel(const QString& stack);

/// The legend entry of the reference overlay, "Paper (i7-8750H)".
QString paperLegend();

/// The legend entry of the dashed marks, "Paper, approximate"; the figure's note (in a bar's
/// tooltip) says why.
QString paperApproximateLegend();
