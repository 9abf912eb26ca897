// The compiled forms, every version, kept in memory: compiled once when loaded, shared read-only
// by all request threads.
//
// A form's life: a version lands as a draft (the console lists it and previews it; the public and the
// API do not see it) until the team publishes it. A new version of a published form is a draft too:
// meanwhile respondents keep getting the newest published version (Published), the console works on
// the newest of all (Latest).
//
// A version can also be published at a set time (its opening time): until then it is treated as a
// draft by everything public, and from then on as published, by the registry's clock (injectable).
// Several nodes: Sync brings the registry to what the database holds (versions added, published,
// scheduled or deleted by another node or by `mcsurvey publish`); App polls Storage::FormsVersion.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/diagnostic.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::web {

class FormRegistry {
 public:
  // `clock` decides when a scheduled publication comes due (null: the system clock); it must outlive
  // the registry.
  explicit FormRegistry(const Clock* clock = nullptr) : clock_(clock) {}
  // Compiles every stored version. Versions that no longer compile are reported and skipped.
  void LoadAll(storage::Storage& store, Diagnostics& diags);
  // Adds (or replaces) a version published at `published_at` (0: a draft; a time still to come:
  // scheduled; `true` converts to 1, published long ago). A version once live stays so.
  void Add(std::shared_ptr<const form::Form> f, TimeMs published_at);
  // Marks a version published now; false when there is no such version.
  bool Publish(const std::string& form_id, const std::string& version);
  // Sets when a version that is not live yet goes live (0: a draft again); false when absent.
  bool SetPublishedAt(const std::string& form_id, const std::string& version, TimeMs at);
  // When the version goes (or went) live; 0 for a draft or an unknown version.
  TimeMs PublishedAt(const std::string& form_id, const std::string& version) const;
  // Makes the registry hold exactly `records` (as Storage::AllFormVersions gives them): compiles the
  // versions it lacks (problems to `diags`), forgets deleted ones, takes every publication time.
  void Sync(const std::vector<storage::FormRecord>& records, Diagnostics& diags);
  // Forgets a version (a deleted draft).
  void Remove(const std::string& form_id, const std::string& version);
  bool IsPublished(const std::string& form_id, const std::string& version) const;
  // The newest version of a form, draft or not (the console's), or nullptr.
  std::shared_ptr<const form::Form> Latest(const std::string& form_id) const;
  // The newest published version (the one new respondents and the API get), or nullptr.
  std::shared_ptr<const form::Form> Published(const std::string& form_id) const;
  std::shared_ptr<const form::Form> Version(const std::string& form_id, const std::string& version) const;
  // Every version of a form, in the order they were added (oldest first).
  std::vector<std::shared_ptr<const form::Form>> Versions(const std::string& form_id) const;
  // The newest version of each form, in the order forms were first added.
  std::vector<std::shared_ptr<const form::Form>> AllLatest() const;
  // The newest published version of each form that has one, in the same order.
  std::vector<std::shared_ptr<const form::Form>> AllPublished() const;
  // Changes with every Add (part of a cached page's stamp).
  std::uint64_t generation() const { return generation_.load(); }

 private:
  mutable std::shared_mutex mu_;
  std::atomic<std::uint64_t> generation_{0};
  std::vector<std::string> order_;
  std::map<std::string, std::vector<std::shared_ptr<const form::Form>>> forms_;
  std::map<std::pair<std::string, std::string>, TimeMs> published_;  // (form_id, version) → published_at
  const Clock* clock_;
  TimeMs Now() const;
  bool LiveLocked(const std::string& form_id, const std::string& version, TimeMs now) const;
  std::shared_ptr<const form::Form> PublishedLocked(const std::string& form_id, TimeMs now) const;
};

}  // namespace mcs::web
