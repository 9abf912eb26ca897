// The responses this process has been saving lately, as committed, by resume hash: the page that
// follows a respondent's post reads what the post wrote without going to the database.
//
// Correct only because every change to a response row passes through this process's SqliteStorage
// (one server per SQLite file; the command-line tools never write responses): an inserted row is
// remembered exactly as inserted; an update is applied to a remembered row (never adds one, so a read
// racing a write cannot leave an older row behind); the team's changes and deletions forget the row
// before they are made. Only responses in progress are kept: a completed one is forgotten (its
// thank-you page reads the database once), and one not touched for max_idle is dropped. Bounded by
// the bytes of answers it holds besides; least recently used go first.
#pragma once
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/storage.h"

namespace mcs::storage::sqlite {

class RecentResponses {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RecentResponses(std::size_t max_bytes = 8u << 20, Clock::duration max_idle = std::chrono::minutes(30))
      : max_bytes_(max_bytes), max_idle_(max_idle) {}

  std::optional<ResponseRecord> FindByResumeHash(const std::string& hash);
  // After a committed insert: remember the row (responses without a resume hash are not kept).
  void Inserted(const ResponseRecord& r);
  // After a committed UPDATE of the respondent's columns: apply them to the remembered row, if any.
  void Updated(const ResponseRecord& r);
  // Before any other change to the row (the team's review, a deletion, a failed save).
  void Forget(const std::string& id);
  std::size_t bytes() const;
  std::size_t size() const;

 private:
  struct Entry {
    ResponseRecord rec;
    Clock::time_point used;
  };
  using Iter = std::list<Entry>::iterator;
  static std::size_t Cost(const ResponseRecord& r);
  void Touch(Iter it);
  void Erase(Iter it);
  void Evict();

  mutable std::mutex mu_;
  std::size_t max_bytes_;
  Clock::duration max_idle_;
  std::size_t bytes_ = 0;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, Iter> by_hash_, by_id_;
};

}  // namespace mcs::storage::sqlite
