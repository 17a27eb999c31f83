#pragma once

#include "stackmanifest.h"

#include <QCoroTask>
#include <QString>
#include <QStringList>
#include <chrono>

/// What one run of the manifest's seed command did.
struct SeedResult
{
    bool ok = false;
    QString error; ///< plain sentence with the command's stderr tail when !ok
    QStringList command; ///< the exact argument list that ran
    qint64 count = 0;
    double seconds = 0;
};

/// Runs the manifest's seed command (no shell) in the manifest's directory with {db} and {count}.
/// Its output is appended to logPath when one is given. Never throws; a timeout kills it.
QCoro::Task<SeedResult> runSeed(StackManifest manifest, QString venv, QString dbPath, qint64 count,
    std::chrono::milliseconds timeout, QString logPath = {});
