#include "storage/sqlite/recent_responses.h"

namespace mcs::storage::sqlite {

std::size_t RecentResponses::Cost(const ResponseRecord& r) {
  return sizeof(ResponseRecord) + r.answers_json.size() + r.personal_json.size() + r.id.size() +
         r.resume_hash.size() + r.form_id.size() + r.form_version.size() + r.flags.size() + r.review_note.size();
}

void RecentResponses::Touch(Iter it) {
  it->used = Clock::now();
  if (it != lru_.begin()) lru_.splice(lru_.begin(), lru_, it);
}

void RecentResponses::Erase(Iter it) {
  bytes_ -= Cost(it->rec);
  by_hash_.erase(it->rec.resume_hash);
  by_id_.erase(it->rec.id);
  lru_.erase(it);
}

void RecentResponses::Evict() {
  const auto stale = Clock::now() - max_idle_;
  while (!lru_.empty() && (bytes_ > max_bytes_ || lru_.back().used < stale)) Erase(std::prev(lru_.end()));
}

std::optional<ResponseRecord> RecentResponses::FindByResumeHash(const std::string& hash) {
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  Touch(it->second);
  return it->second->rec;
}

void RecentResponses::Inserted(const ResponseRecord& r) {
  if (r.resume_hash.empty() || r.status == ResponseStatus::kComplete) return;
  std::lock_guard lock(mu_);
  if (by_id_.count(r.id) || by_hash_.count(r.resume_hash)) return;  // cannot be: ids and hashes are unique
  lru_.push_front(Entry{r, Clock::now()});
  by_hash_[r.resume_hash] = lru_.begin();
  by_id_[r.id] = lru_.begin();
  bytes_ += Cost(r);
  Evict();
}

void RecentResponses::Updated(const ResponseRecord& r) {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(r.id);
  if (it == by_id_.end()) return;
  if (r.status == ResponseStatus::kComplete) {
    Erase(it->second);  // finished: its thank-you page reads the database, nothing after it
    return;
  }
  ResponseRecord& e = it->second->rec;
  bytes_ -= Cost(e);
  // The columns UPDATE sets (SqliteStorage's UpdateResponseIn); the others stay as stored.
  e.form_version = r.form_version;
  e.lang = r.lang;
  e.status = r.status;
  e.answers_json = r.answers_json;
  e.personal_json = r.personal_json;
  e.page = r.page;
  e.updated_at = r.updated_at;
  e.submitted_at = r.submitted_at;
  e.privacy_ack_at = r.privacy_ack_at;
  e.privacy_notice = r.privacy_notice;
  bytes_ += Cost(e);
  Touch(it->second);
  Evict();
}

void RecentResponses::Forget(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  if (it != by_id_.end()) Erase(it->second);
}

std::size_t RecentResponses::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

std::size_t RecentResponses::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace mcs::storage::sqlite
