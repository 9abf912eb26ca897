#include "web/form_registry.h"

#include <algorithm>
#include <mutex>

namespace mcs::web {

TimeMs FormRegistry::Now() const {
  static const SystemClock system;
  return (clock_ ? *clock_ : static_cast<const Clock&>(system)).Now();
}

void FormRegistry::LoadAll(storage::Storage& store, Diagnostics& diags) { Sync(store.AllFormVersions(), diags); }

void FormRegistry::Sync(const std::vector<storage::FormRecord>& records, Diagnostics& diags) {
  // Compile outside the lock: requests go on being served from the current state meanwhile.
  std::vector<std::pair<std::shared_ptr<const form::Form>, TimeMs>> fresh;
  std::set<std::pair<std::string, std::string>> wanted;
  for (const auto& rec : records) {
    wanted.emplace(rec.form_id, rec.version);
    if (Version(rec.form_id, rec.version)) continue;
    Diagnostics d;
    auto f = form::Compile(rec.source, rec.file_name, d);
    for (const auto& item : d.items()) {
      if (item.severity == Severity::kError) diags.Add(item);
    }
    if (f) fresh.emplace_back(std::move(f), rec.published_at);
  }
  for (auto& [f, at] : fresh) Add(std::move(f), at);
  std::unique_lock lock(mu_);
  for (const auto& rec : records) {
    auto key = std::make_pair(rec.form_id, rec.version);
    auto it = published_.find(key);
    TimeMs cur = it == published_.end() ? 0 : it->second;
    if (cur == rec.published_at) continue;
    generation_++;
    if (rec.published_at == 0) {
      published_.erase(key);
    } else {
      published_[key] = rec.published_at;
    }
  }
  for (auto it = forms_.begin(); it != forms_.end();) {
    auto& versions = it->second;
    const auto before = versions.size();
    std::erase_if(versions, [&](const auto& v) { return !wanted.count({it->first, v->version}); });
    if (versions.size() != before) generation_++;
    if (versions.empty()) {
      std::erase(order_, it->first);
      it = forms_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(published_, [&](const auto& p) { return !wanted.count(p.first); });
}

void FormRegistry::Add(std::shared_ptr<const form::Form> f, TimeMs published_at) {
  std::unique_lock lock(mu_);
  generation_++;
  auto key = std::make_pair(f->id, f->version);
  auto p = published_.find(key);
  const bool live = p != published_.end() && p->second <= Now();
  if (published_at != 0 && !live) published_[key] = published_at;
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
  TimeMs now = Now();
  if (PublishedAt(form_id, version) != 0 && PublishedAt(form_id, version) <= now) return Version(form_id, version) != nullptr;
  return SetPublishedAt(form_id, version, now);
}

bool FormRegistry::SetPublishedAt(const std::string& form_id, const std::string& version, TimeMs at) {
  std::unique_lock lock(mu_);
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return false;
  for (const auto& v : it->second) {
    if (v->version == version) {
      generation_++;
      if (at == 0) {
        published_.erase({form_id, version});
      } else {
        published_[{form_id, version}] = at;
      }
      return true;
    }
  }
  return false;
}

TimeMs FormRegistry::PublishedAt(const std::string& form_id, const std::string& version) const {
  std::shared_lock lock(mu_);
  auto it = published_.find({form_id, version});
  return it == published_.end() ? 0 : it->second;
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

bool FormRegistry::LiveLocked(const std::string& form_id, const std::string& version, TimeMs now) const {
  auto it = published_.find({form_id, version});
  return it != published_.end() && it->second <= now;
}

bool FormRegistry::IsPublished(const std::string& form_id, const std::string& version) const {
  TimeMs now = Now();
  std::shared_lock lock(mu_);
  return LiveLocked(form_id, version, now);
}

std::shared_ptr<const form::Form> FormRegistry::PublishedLocked(const std::string& form_id, TimeMs now) const {
  auto it = forms_.find(form_id);
  if (it == forms_.end()) return nullptr;
  for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
    if (LiveLocked(form_id, (*v)->version, now)) return *v;
  }
  return nullptr;
}

std::shared_ptr<const form::Form> FormRegistry::Published(const std::string& form_id) const {
  TimeMs now = Now();
  std::shared_lock lock(mu_);
  return PublishedLocked(form_id, now);
}

std::vector<std::shared_ptr<const form::Form>> FormRegistry::AllPublished() const {
  TimeMs now = Now();
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<const form::Form>> out;
  for (const auto& id : order_) {
    if (auto f = PublishedLocked(id, now)) out.push_back(std::move(f));
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
