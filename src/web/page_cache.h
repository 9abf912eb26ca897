// Pages that are the same for every visitor, rendered once and reused: the landing page per language
// and a questionnaire's first page per form version and language. A first page carries two values of
// its own (the CSRF token and the response's seed); it is rendered with random placeholders in their
// place and filled in per request, so a cached page costs a few copies instead of a render.
//
// An entry is used only while its stamp matches (what it was rendered from: form and window
// generations, window states) and for at most max_age, so anything that depends on the time of day
// is at most that old.
#pragma once
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/http.h"

namespace mcs::web {

// A rendered page split at its placeholders: pieces[0] slot[0] pieces[1] slot[1] ... pieces[n].
class PageTemplate {
 public:
  // Splits `page` at every occurrence of each placeholder (placeholders never overlap); the fixed
  // pieces are compressed at zlib's `gzip_level`.
  PageTemplate(std::string_view page, const std::vector<std::string>& placeholders, int gzip_level = 9);
  // The page with slot i filled by values[i].
  std::string Fill(const std::vector<std::string_view>& values) const;
  // The same, gzip-compressed (for browsers that accept it): the fixed pieces were compressed once.
  std::string FillGzip(const std::vector<std::string_view>& values) const;
  // Memory held, roughly (the pieces as they are and compressed).
  std::size_t bytes() const { return bytes_; }

 private:
  std::vector<int> slots_;  // which placeholder follows pieces_[i] (declared first: filled by the split)
  std::vector<std::string> pieces_;
  http::GzipTemplate gzip_;
  std::size_t fixed_size_ = 0;
  std::size_t bytes_ = 0;
};

class PageCache {
 public:
  using Clock = std::chrono::steady_clock;
  // At most `max_bytes` of pages (and 4,096 entries) are kept: past that, the pages used least lately
  // make room (a page every respondent passes stays while rarer variants come and go).
  explicit PageCache(Clock::duration max_age = std::chrono::seconds(1), std::size_t max_bytes = 32 << 20)
      : max_age_(max_age), max_bytes_(max_bytes) {}

  std::shared_ptr<const PageTemplate> Get(const std::string& key, const std::string& stamp) const;
  // Like Get, but tells "nothing kept" (nullopt) from "kept as not reusable" (a null pointer, put
  // there by Put(key, stamp, nullptr) so the next visitor does not try again).
  std::optional<std::shared_ptr<const PageTemplate>> Lookup(const std::string& key, const std::string& stamp) const;
  void Put(const std::string& key, const std::string& stamp, std::shared_ptr<const PageTemplate> page);
  void Clear();
  std::size_t bytes() const;

 private:
  struct Entry {
    std::string stamp;
    Clock::time_point made;
    std::shared_ptr<const PageTemplate> page;
    std::size_t bytes = 0;
    std::list<const std::string*>::iterator used;  // its place in used_
  };
  static constexpr std::size_t kMaxEntries = 4096;
  Clock::duration max_age_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  // The entries' keys (owned by entries_), the one used last first.
  mutable std::list<const std::string*> used_;
};

}  // namespace mcs::web
