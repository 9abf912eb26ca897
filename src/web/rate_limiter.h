// Per-client rate limits (token buckets), kept in memory on each node.
//
// Sized so that many respondents behind one office or university proxy (one address) are never
// refused: a respondent posts a page every 20 seconds or so, so even 200 people behind one address
// post about 10 times a second. The limit stops floods and scripts, not people.
#pragma once
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace mcs::web {

class RateLimiter {
 public:
  // `per_second` tokens flow in, up to `burst`.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  RateLimiter& operator=(RateLimiter&& o) noexcept {
    std::scoped_lock lock(mu_, o.mu_);
    rate_ = o.rate_;
    burst_ = o.burst_;
    buckets_ = std::move(o.buckets_);
    return *this;
  }
  // Takes a token for `key` at `now`; false when the bucket is empty.
  bool Allow(const std::string& key, TimeMs now);
  // True when `key` has a token at `now`; takes none (to refuse before trying, count only failures).
  bool Check(const std::string& key, TimeMs now);
  // Seconds until `key` has a token again (for Retry-After).
  int RetryAfterSeconds() const;

 private:
  struct Bucket {
    double tokens;
    TimeMs at;
  };
  double rate_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace mcs::web
