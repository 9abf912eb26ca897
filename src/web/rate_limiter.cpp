#include "web/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace mcs::web {

bool RateLimiter::Allow(const std::string& key, TimeMs now) {
  std::lock_guard lock(mu_);
  // Forget clients idle long enough to have a full bucket again, so memory stays bounded.
  if (buckets_.size() > 100000) {
    const double full_after_ms = burst_ / rate_ * 1000.0;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = static_cast<double>(now - it->second.at) > full_after_ms ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(std::max<TimeMs>(0, now - b.at)) / 1000.0 * rate_);
    b.at = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

bool RateLimiter::Check(const std::string& key, TimeMs now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return burst_ >= 1.0;
  const Bucket& b = it->second;
  return std::min(burst_, b.tokens + static_cast<double>(std::max<TimeMs>(0, now - b.at)) / 1000.0 * rate_) >= 1.0;
}

int RateLimiter::RetryAfterSeconds() const { return std::max(1, static_cast<int>(std::ceil(1.0 / rate_))); }

}  // namespace mcs::web
