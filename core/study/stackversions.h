#pragma once

#include "stacks/stackmanifest.h"

#include <QCoroTask>
#include <QMap>

/// Asks the venv's Python for its own version, SQLite's, and the version of every package the
/// manifest's stacks list: what results record as the environment. Unknown packages are left out;
/// a venv that cannot run gives an empty map (the study goes on; starting a stack will fail clearly).
QCoro::Task<QMap<QString, QString>> stackVersions(const StackManifest& manifest, const QString& venv);
