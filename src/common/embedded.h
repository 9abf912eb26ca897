// Files compiled into the binary (the study's questionnaires, CSS, scripts): see cmake/embed.cmake.
#pragma once
#include <span>
#include <string_view>

namespace mcs::embedded {

struct File {
  std::string_view name;  // the file's name without its folder, e.g. "vet_providers.md"
  std::string_view data;
};

// All embedded files, in build order.
std::span<const File> All();

// The file called `name`, or nullptr.
inline const File* Find(std::string_view name) {
  for (const File& f : All()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace mcs::embedded
