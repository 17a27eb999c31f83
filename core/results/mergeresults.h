#pragma once

#include <QString>
#include <QStringList>

/// Joins the folders of a study's shards (`stackbench run --shard K/N`) into one results folder at
/// `outDir` (new or empty) that report, compare and the Results page read like any other: every record
/// as it was, one manifest (the first shard's machine and pre-flight, the earliest start and latest
/// end, every shard's commands, `merged_from` naming the folders). Refuses, with a sentence, what is
/// not one whole: folders that do not read, other plans, a shard twice or missing, a unit outside its
/// shard or in two folders, a unit that no folder has (an unfinished shard). Returns an empty string
/// on success.
QString mergeResultFolders(const QStringList& dirs, const QString& outDir);
