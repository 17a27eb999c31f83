#pragma once

#include <QStringView>

/// Facts that many places need, each stated once.
namespace Constants {
/// The paper's figures are numbered 1..FigureCount; a scenario reports at most one of them.
inline constexpr int FigureCount = 7;
/// The stack manifest bundled with Stackbench, relative to the resources root (Resources::root()).
inline constexpr QStringView BundledManifest = u"resources/stacks/stacks.json";
} // namespace Constants
