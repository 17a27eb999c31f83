#pragma once

#include <QByteArray>
#include <QString>

/// Writes `bytes` to `path` so that the file is either the old one or the complete new one, never a
/// mix: QSaveFile writes a temporary file beside the target and renames it over the target only after
/// every byte is on disk. Missing parent folders are created.
///
/// Returns an empty string on success; otherwise one sentence naming the path and the reason
/// ("cannot write /x/y.json: Permission denied", "could not save ...: No space left on device").
/// A failed write leaves no temporary file behind.
[[nodiscard]] QString writeFileAtomically(const QString& path, const QByteArray& bytes);
