#pragma once

#include <QString>

class StackManifest;

/// For commands that run a manifest's commands: an empty string when the manifest (as it was read)
/// is trusted, or `trust` was given (which remembers the approval), else the error to print, listing
/// the commands the user is asked to approve.
QString ensureTrusted(const StackManifest& manifest, bool trust);
/// The same for a manifest file (empty path: the default); an unreadable or invalid one is an error.
QString ensureTrusted(const QString& manifestPath, bool trust);
