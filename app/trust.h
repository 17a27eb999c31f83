#pragma once

#include <QString>

/// For commands that run a manifest's commands: an empty string when the manifest (empty path: the
/// default) is trusted or `trust` was given (which remembers the approval), else the error to print,
/// listing the commands the user is asked to approve.
QString ensureTrusted(const QString& manifestPath, bool trust);
