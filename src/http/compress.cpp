// gzip for responses. A questionnaire page with its stylesheet and scripts must reach a phone on a
// slow connection in well under 60 KB; text compresses four- to eight-fold.
#include <zlib.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "common/strings.h"
#include "http/http.h"

namespace mcs::http {
namespace {

// Below this a gzip header and the extra round of work buy nothing.
constexpr std::size_t kMinSize = 1024;

bool Compressible(std::string_view content_type) {
  return StartsWith(content_type, "text/") || StartsWith(content_type, "application/json") ||
         StartsWith(content_type, "application/javascript") || StartsWith(content_type, "image/svg+xml");
}

bool HasHeader(const Response& r, std::string_view lower_name) {
  for (const auto& [k, v] : r.headers) {
    if (ToLower(k) == lower_name) return true;
  }
  return false;
}

void AddVary(Response& r, std::string_view token) {
  for (auto& [k, v] : r.headers) {
    if (ToLower(k) == "vary") {
      if (ToLower(v).find(ToLower(token)) == std::string::npos) v += ", " + std::string(token);
      return;
    }
  }
  r.Header("Vary", std::string(token));
}

bool Cacheable(const Response& r) {
  for (const auto& [k, v] : r.headers) {
    if (ToLower(k) == "cache-control") return StartsWith(v, "public");
  }
  return false;
}

// Public responses (static assets, generated logic scripts) are the same bytes for everyone: each is
// compressed once. Bounded, since their number is small and fixed by the forms installed.
std::string CachedGzip(const std::string& body) {
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(body); it != cache.end()) return it->second;
  }
  std::string z = Gzip(body);
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 64) cache.clear();
  cache.emplace(body, z);
  return z;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  bool gzip = false;
  bool star = false;
  bool gzip_listed = false;
  for (const auto& part : Split(accept_encoding, ',')) {
    std::string_view item = Trim(part);
    std::string_view coding = Trim(item.substr(0, item.find(';')));
    // "q=0" (or 0.0, 0.000) refuses the coding.
    bool refused = false;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      std::string params = ToLower(item.substr(semi + 1));
      std::erase(params, ' ');
      if (auto q = params.find("q="); q != std::string::npos) {
        std::string_view v = std::string_view(params).substr(q + 2);
        v = v.substr(0, v.find(';'));
        refused = !v.empty() && v.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    std::string c = ToLower(coding);
    if (c == "gzip" || c == "x-gzip") {
      gzip_listed = true;
      gzip = !refused;
    } else if (c == "*") {
      star = !refused;
    }
  }
  return gzip_listed ? gzip : star;
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

void CompressFor(const Request& req, Response& r) {
  if (!Compressible(r.content_type) || HasHeader(r, "content-encoding")) return;
  if (r.status == 204 || r.status == 304 || (r.status >= 300 && r.status < 400)) return;
  if (r.body.size() < kMinSize) return;
  AddVary(r, "Accept-Encoding");
  if (!AcceptsGzip(req.Header("accept-encoding"))) return;
  try {
    r.body = Cacheable(r) ? CachedGzip(r.body) : Gzip(r.body);
  } catch (const std::exception&) {
    return;  // out of memory in zlib: the body goes out as it is
  }
  r.Header("Content-Encoding", "gzip");
}

}  // namespace mcs::http
