#include "web/page_cache.h"

namespace mcs::web {

namespace {

std::vector<std::string> Split(std::string_view page, const std::vector<std::string>& placeholders,
                               std::vector<int>& slots) {
  std::vector<std::string> pieces;
  std::size_t from = 0;
  for (;;) {
    std::size_t best = std::string_view::npos;
    int which = -1;
    for (std::size_t i = 0; i < placeholders.size(); ++i) {
      if (placeholders[i].empty()) continue;
      std::size_t at = page.find(placeholders[i], from);
      if (at < best) {
        best = at;
        which = static_cast<int>(i);
      }
    }
    if (which < 0) break;
    pieces.emplace_back(page.substr(from, best - from));
    slots.push_back(which);
    from = best + placeholders[static_cast<std::size_t>(which)].size();
  }
  pieces.emplace_back(page.substr(from));
  return pieces;
}

}  // namespace

PageTemplate::PageTemplate(std::string_view page, const std::vector<std::string>& placeholders, int gzip_level)
    : pieces_(Split(page, placeholders, slots_)), gzip_(pieces_, gzip_level) {
  for (const auto& p : pieces_) fixed_size_ += p.size();
  bytes_ = sizeof(*this) + fixed_size_ + gzip_.bytes() + pieces_.size() * sizeof(std::string);
}

std::string PageTemplate::FillGzip(const std::vector<std::string_view>& values) const {
  std::vector<std::string_view> between;
  between.reserve(slots_.size());
  for (int s : slots_) between.push_back(values[static_cast<std::size_t>(s)]);
  return gzip_.Fill(between);
}

std::string PageTemplate::Fill(const std::vector<std::string_view>& values) const {
  std::size_t size = fixed_size_;
  for (int s : slots_) size += values[static_cast<std::size_t>(s)].size();
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    out += pieces_[i];
    out += values[static_cast<std::size_t>(slots_[i])];
  }
  out += pieces_.back();
  return out;
}

std::shared_ptr<const PageTemplate> PageCache::Get(const std::string& key, const std::string& stamp) const {
  return Lookup(key, stamp).value_or(nullptr);
}

std::optional<std::shared_ptr<const PageTemplate>> PageCache::Lookup(const std::string& key,
                                                                     const std::string& stamp) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.stamp != stamp || Clock::now() - it->second.made > max_age_)
    return std::nullopt;
  used_.splice(used_.begin(), used_, it->second.used);
  return it->second.page;
}

void PageCache::Put(const std::string& key, const std::string& stamp, std::shared_ptr<const PageTemplate> page) {
  std::size_t size = key.size() + stamp.size() + 64 + (page ? page->bytes() : 0);
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.bytes;
    used_.erase(it->second.used);
    entries_.erase(it);
  }
  // Over the bounds, the pages used least lately go first: the pages most respondents pass stay
  // (clearing everything made each of them rendered and compressed again).
  while (!used_.empty() && (entries_.size() >= kMaxEntries || bytes_ + size > max_bytes_)) {
    auto last = entries_.find(*used_.back());
    used_.pop_back();
    bytes_ -= last->second.bytes;
    entries_.erase(last);
  }
  auto [it, added] = entries_.emplace(key, Entry{stamp, Clock::now(), std::move(page), size, {}});
  (void)added;
  used_.push_front(&it->first);
  it->second.used = used_.begin();
  bytes_ += size;
}

std::size_t PageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  used_.clear();
  bytes_ = 0;
}

}  // namespace mcs::web
