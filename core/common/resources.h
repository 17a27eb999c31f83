#pragma once

#include <QString>
#include <QStringView>

/// Where Stackbench's run-time files are: `resources/` (the stacks with the bundled manifest, the
/// plans) and, beside it, the stacks' venv `.venv`. No path is compiled in; the root is found at run
/// time from the directory of the running binary, the first of:
///  1. `<prefix>/share/stackbench/` for `<prefix>/bin/stackbench`: an installed binary
///     (`cmake --install`, which copies `resources/` there), or one in a build directory outside the
///     checkout, where CMake links `<build>/share/stackbench` to the checkout;
///  2. the binary's directory or the nearest one above it that holds the bundled manifest: files
///     placed beside the binary, or the checkout a developer build (`build/`, `build-asan/`, ...)
///     lives in.
/// STACKBENCH_MANIFEST and STACKBENCH_VENV still override the two files (StackManifest).
/// root() searches once, on first use, and is thread-safe.
namespace Resources {
/// The directory that holds `resources/`, found as above from the running binary; empty when
/// nothing was found.
QString root();
/// The same search starting from @p binaryDir, for tests: empty when nothing was found.
QString findRoot(const QString& binaryDir);
/// `<root>/<relative>`, e.g. inRoot(u"resources/plans/quick.json"). When no root was found, the
/// same under the binary's directory: a path that does not exist, so an error names what is missing,
/// and never one relative to the current directory, whose manifest would pass for the bundled one.
QString inRoot(QStringView relative);
/// The stack manifest bundled with Stackbench (Constants::BundledManifest under root()).
QString bundledManifest();
} // namespace Resources
