#include "web/form_registry.h"

#include <algorithm>
#include <mutex>

namespace mcs::web {

void FormRegistry::LoadAll(storage::Storage& store, Diagnostics& diags) {
  for (const auto& rec : store.AllFormVersions()) {
    Diagnostics d;
    auto f = form::Compile(rec.source, rec.file_name, d);
    for (const auto& item : d.items()) {
      if (item.severity == Severity::kError) diags.Add(item);
    }
    if (f) Add(std::move(f), rec.published_at != 0);
  }
}

void FormRegistry::Add(std::shared_ptr<const form::Form> f, bool published) {
  std::unique_lock lock(mu_);
  generation_++;
  if (published) published_.emplace(f->id, f->version);
  auto& versions = forms_[f->id];
  if (versions.empty()) order_.push_back(f->id);
  for (auto& v : versions) {
    if (v->version == f->version) {
      v = std::move(f);
      return;
    }
  }
  versions.push_back(std::move(f));
}

std::shared_ptr<const form::Form> FormRegistry::Latest(const std::string& form_id) const {
  std::shared_lock lock(mu_);
  auto it = forms_.find(form_id);
  return it == forms_.end() || it->second.empty() ? nullptr : it->second.back();
}

bool FormRegistry::Publish(const std::string& form_id, const std::string& version) {
  std::unique_lock lock(mu_);
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return false;
  for (const auto& v : it->second) {
    if (v->version == version) {
      generation_++;
      published_.emplace(form_id, version);
      return true;
    }
  }
  return false;
}

void FormRegistry::Remove(const std::string& form_id, const std::string& version) {
  std::unique_lock lock(mu_);
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return;
  generation_++;
  published_.erase({form_id, version});
  std::erase_if(it->second, [&](const auto& v) { return v->version == version; });
  if (it->second.empty()) {
    forms_.erase(it);
    std::erase(order_, form_id);
  }
}

bool FormRegistry::IsPublished(const std::string& form_id, const std::string& version) const {
  std::shared_lock lock(mu_);
  return published_.count({form_id, version}) > 0;
}

std::shared_ptr<const form::Form> FormRegistry::PublishedLocked(const std::string& form_id) const {
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return nullptr;
  for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
    if (published_.count({form_id, (*v)->version})) return *v;
  }
  return nullptr;
}

std::shared_ptr<const form::Form> FormRegistry::Published(const std::string& form_id) const {
  std::shared_lock lock(mu_);
  return PublishedLocked(form_id);
}

std::vector<std::shared_ptr<const form::Form>> FormRegistry::AllPublished() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<const form::Form>> out;
  for (const auto& id : order_) {
    if (auto f = PublishedLocked(id)) out.push_back(std::move(f));
  }
  return out;
}

std::shared_ptr<const form::Form> FormRegistry::Version(const std::string& form_id, const std::string& version) const {
  std::shared_lock lock(mu_);
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return nullptr;
  for (const auto& v : it->second) {
    if (v->version == version) return v;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const form::Form>> FormRegistry::Versions(const std::string& form_id) const {
  std::shared_lock lock(mu_);
  auto it = forms_.find(form_id);
  return it == forms_.end() ? std::vector<std::shared_ptr<const form::Form>>{} : it->second;
}

std::vector<std::shared_ptr<const form::Form>> FormRegistry::AllLatest() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<const form::Form>> out;
  for (const auto& id : order_) out.push_back(forms_.at(id).back());
  return out;
}

}  // namespace mcs::web
