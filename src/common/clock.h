// Clock and Random: injected wherever time or chance matters, so tests are deterministic.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace mcs {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs Now() const override;
};

// A clock that only moves when told to (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs t) : t_(t) {}
  TimeMs Now() const override { return t_; }
  void Set(TimeMs t) { t_ = t; }

 private:
  TimeMs t_;
};

// Formats as RFC 3339 UTC with milliseconds: 2026-07-05T21:59:00.000Z
std::string FormatTimeUtc(TimeMs t);
// Parses RFC 3339 ("2026-07-05T21:59:00Z", "+02:00" offsets, optional fraction). -1 if invalid.
TimeMs ParseTimeUtc(const std::string& s);

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(void* buf, std::size_t n) = 0;
  // n random bytes as lowercase hex, or as a URL-safe token alphabet.
  std::string Hex(std::size_t bytes);
  std::string Token(std::size_t chars, std::string_view alphabet);
};

// Cryptographically secure (libsodium).
class SecureRandom final : public Random {
 public:
  SecureRandom();
  void Fill(void* buf, std::size_t n) override;
};

// Deterministic (tests).
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : s_(seed) {}
  void Fill(void* buf, std::size_t n) override;

 private:
  std::uint64_t s_;
};

}  // namespace mcs
