#pragma once

#include <QList>
#include <QString>

/// One problem found while reading a plan or results file: where it is and why, in plain words.
/// `file` is empty for a document read from memory; `path` is a JSON path such as
/// `scenarios[3].executor`, or empty when the problem is the document as a whole.
struct JsonProblem
{
    QString file;
    QString path;
    QString reason;

    /// "file: path: reason", leaving out the parts that are empty.
    QString toString() const;
    bool operator==(const JsonProblem&) const = default;
};

using JsonProblems = QList<JsonProblem>;

/// One problem per line, as a CLI prints them.
QString formatProblems(const JsonProblems& problems);
