// The compiled forms, every version, kept in memory: compiled once when loaded, shared read-only
// by all request threads.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::web {

class FormRegistry {
 public:
  // Compiles every stored version. Versions that no longer compile are reported and skipped.
  void LoadAll(storage::Storage& store, Diagnostics& diags);
  void Add(std::shared_ptr<const form::Form> f);
  // The newest version of a form (the one new respondents get), or nullptr.
  std::shared_ptr<const form::Form> Latest(const std::string& form_id) const;
  std::shared_ptr<const form::Form> Version(const std::string& form_id, const std::string& version) const;
  // Every version of a form, in the order they were added (oldest first).
  std::vector<std::shared_ptr<const form::Form>> Versions(const std::string& form_id) const;
  // The newest version of each form, in the order forms were first added.
  std::vector<std::shared_ptr<const form::Form>> AllLatest() const;
  // Changes with every Add (part of a cached page's stamp).
  std::uint64_t generation() const { return generation_.load(); }

 private:
  mutable std::shared_mutex mu_;
  std::atomic<std::uint64_t> generation_{0};
  std::vector<std::string> order_;
  std::map<std::string, std::vector<std::shared_ptr<const form::Form>>> forms_;
};

}  // namespace mcs::web
