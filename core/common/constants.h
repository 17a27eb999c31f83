#pragma once

#include <QStringView>

/// Facts that many places need, each stated once.
namespace Constants {
/// The stack manifest bundled with Stackbench, relative to the resources root (Resources::root()).
inline constexpr QStringView BundledManifest = u"resources/stacks/stacks.json";
} // namespace Constants
