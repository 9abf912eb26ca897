// gzip for responses. A questionnaire page with its stylesheet and scripts must reach a phone on a
// slow connection in well under 60 KB; text compresses four- to eight-fold.
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

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
    if (EqualsIgnoreCase(k, lower_name)) return true;
  }
  return false;
}

void AddVary(Response& r, std::string_view token) {
  for (auto& [k, v] : r.headers) {
    if (EqualsIgnoreCase(k, "vary")) {
      if (ToLower(v).find(ToLower(token)) == std::string::npos) v += ", " + std::string(token);
      return;
    }
  }
  r.Header("Vary", std::string(token));
}

bool Cacheable(const Response& r) {
  for (const auto& [k, v] : r.headers) {
    if (EqualsIgnoreCase(k, "cache-control")) return StartsWith(v, "public");
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
  std::string z = Gzip(body, 9);
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

namespace {

// One compressor per thread and level (libdeflate, whole buffers at once): setting one up allocates
// and clears a few hundred KB, which costs more than compressing a page (zlib set up per response:
// 0.8 ms for a 16 KB page; this: about 0.04 ms).
class Deflater {
 public:
  explicit Deflater(int level) : c_(libdeflate_alloc_compressor(level)) {}
  ~Deflater() {
    if (c_) libdeflate_free_compressor(c_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string Gzip(std::string_view data) {
    if (!c_) throw std::runtime_error("no memory for a compressor");
    // Compressed into this thread's scratch buffer (kept, so not cleared for every page), then
    // copied out at its size: a string of the bound's size was zero-filled per page.
    std::size_t bound = libdeflate_gzip_compress_bound(c_, data.size());
    if (scratch_.size() < bound) scratch_.resize(bound);
    std::size_t n = libdeflate_gzip_compress(c_, data.data(), data.size(), scratch_.data(), bound);
    if (n == 0) throw std::runtime_error("deflate failed");
    std::string out(scratch_.data(), n);
    // A rare huge body does not keep its buffer for the thread's lifetime.
    if (scratch_.size() > (4u << 20)) std::vector<char>().swap(scratch_);
    return out;
  }

 private:
  libdeflate_compressor* c_;
  std::vector<char> scratch_;
};

}  // namespace

namespace {

// The fastest level, for pages made for one respondent (the review, error pages): Intel's ISA-L
// (igzip) at its level 1, about 45 % less CPU than libdeflate's level 1 on the study's review page
// (25 KB: 52 against 94 us) for 2 % more bytes. Stateless, whole buffers, one thread-local
// scratch; false when the output would not fit the bound (then libdeflate does it).
class FastDeflater {
 public:
  FastDeflater() : level_buf_(ISAL_DEF_LVL1_DEFAULT) {}
  bool Gzip(std::string_view data, std::string& out) {
    // Stored blocks at worst, with their headers, the gzip header and trailer.
    std::size_t bound = data.size() + data.size() / 8 + 1024;
    if (data.size() > (std::size_t{1} << 30)) return false;
    if (scratch_.size() < bound) scratch_.resize(bound);
    isal_zstream s;
    isal_deflate_stateless_init(&s);
    s.level = 1;
    s.level_buf = level_buf_.data();
    s.level_buf_size = static_cast<std::uint32_t>(level_buf_.size());
    s.gzip_flag = IGZIP_GZIP_NO_HDR;
    s.end_of_stream = 1;
    s.flush = NO_FLUSH;
    s.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<std::uint32_t>(data.size());
    // The 10-byte gzip header written here (deflate, no name, no time, OS unknown), as libdeflate's.
    static constexpr unsigned char kHeader[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
    std::copy(std::begin(kHeader), std::end(kHeader), scratch_.begin());
    s.next_out = scratch_.data() + sizeof kHeader;
    s.avail_out = static_cast<std::uint32_t>(scratch_.size() - sizeof kHeader);
    if (isal_deflate_stateless(&s) != COMP_OK || s.avail_in != 0) return false;
    std::size_t n = sizeof kHeader + s.total_out;
    out.assign(reinterpret_cast<const char*>(scratch_.data()), n);
    if (scratch_.size() > (4u << 20)) std::vector<std::uint8_t>().swap(scratch_);
    return true;
  }

 private:
  std::vector<std::uint8_t> level_buf_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace

std::string Gzip(std::string_view data, int level) {
  if (level == 1) {
    thread_local FastDeflater fastest;
    std::string out;
    if (fastest.Gzip(data, out)) return out;
    thread_local Deflater fast(1);
    return fast.Gzip(data);
  }
  if (level == 9) {
    thread_local Deflater best(9);
    return best.Gzip(data);
  }
  thread_local Deflater normal(6);
  return normal.Gzip(data);
}

namespace {

// Raw deflate of `data` ending byte-aligned (Z_SYNC_FLUSH), not final: more blocks may follow.
// `strategy` Z_FIXED: the fixed Huffman codes of RFC 1951 3.2.6, no code table in the block.
std::string DeflateAligned(std::string_view data, int level, int strategy = Z_DEFAULT_STRATEGY) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, -15, 8, strategy) != Z_OK) {
    throw std::runtime_error("deflate cannot start");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_SYNC_FLUSH);
  bool complete = rc == Z_OK && zs.avail_in == 0 && zs.avail_out > 0;
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (!complete) throw std::runtime_error("deflate failed");
  return out;
}

void AppendLe32(std::string& out, unsigned long v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A piece goes out as it is (inside the stored block that carries the values next to it) when
// compressing it saves at most this many bytes: short pieces between values (the resume link's
// `">`, `/download">`...) compress to about their own size once the flush's 5-byte marker is
// counted, and each compressed piece is a block whose codes the browser decodes anew.
constexpr std::size_t kStoredSlack = 64;
// A piece compressed with the fixed codes (RFC 1951 3.2.6) rather than codes of its own when that
// costs at most this many bytes more: an inflater builds its decoding tables for each block with
// codes of its own (thousands of instructions for a page's few hundred bytes), while the fixed
// tables, once built, serve every following fixed block (libdeflate, zlib). Tried on short pieces
// only: past a kilobyte codes of their own pay for themselves (the study's pages: 100-400 bytes more).
constexpr std::size_t kFixedSlack = 48;
constexpr std::size_t kFixedTryMax = 1024;

// Stored blocks (RFC 1951 3.2.4) holding `run`'s texts one after the other, at most 65,535 bytes
// each; the last one final when `final`. Nothing when the run is empty and not final.
void AppendStoredRun(std::string& out, const std::vector<std::string_view>& run, bool final) {
  std::size_t total = 0;
  for (auto v : run) total += v.size();
  if (total == 0 && !final) return;
  std::size_t seg = 0, off = 0;
  do {
    std::size_t n = std::min<std::size_t>(total, 65535);
    total -= n;
    out += static_cast<char>(final && total == 0 ? 1 : 0);  // BFINAL, BTYPE 00, then padding to the byte
    out += static_cast<char>(n & 0xff);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(~n & 0xff);
    out += static_cast<char>((~n >> 8) & 0xff);
    while (n > 0) {
      std::string_view v = run[seg].substr(off);
      std::size_t k = std::min(n, v.size());
      out.append(v.data(), k);
      n -= k;
      off += k;
      if (off == run[seg].size()) {
        ++seg;
        off = 0;
      }
    }
  } while (total > 0);
}

}  // namespace

GzipTemplate::GzipTemplate(const std::vector<std::string>& pieces, int level) {
  for (const auto& p : pieces) {
    Piece piece;
    piece.crc = crc32(0L, reinterpret_cast<const Bytef*>(p.data()), static_cast<uInt>(p.size()));
    piece.size = p.size();
    std::string best = DeflateAligned(p, level);
    if (p.size() <= kFixedTryMax) {
      std::string fixed = DeflateAligned(p, level, Z_FIXED);
      if (fixed.size() <= best.size() + kFixedSlack) best = std::move(fixed);
    }
    if (p.size() <= best.size() + kStoredSlack) {
      piece.stored = true;
      piece.deflated = p;
    } else {
      piece.deflated = std::move(best);
    }
    pieces_.push_back(std::move(piece));
  }
}

namespace {

// crc32_combine(crc1, crc2, len) with the operator for `len` worked out once per length and thread:
// zlib builds it from scratch on every call (thousands of instructions, more than the CRC-32 of a
// short value), and a template's pieces have the same few lengths page after page.
unsigned long CombineCrc(unsigned long crc1, unsigned long crc2, std::size_t len) {
  thread_local std::unordered_map<std::size_t, unsigned long> ops;
  auto it = ops.find(len);
  if (it == ops.end()) {
    if (ops.size() >= 4096) ops.clear();
    it = ops.emplace(len, crc32_combine_gen(static_cast<z_off_t>(len))).first;
  }
  return crc32_combine_op(crc1, crc2, it->second);
}

}  // namespace

std::string GzipTemplate::Fill(const std::vector<std::string_view>& between) const {
  static constexpr char kHeader[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};  // deflate, no name, no time
  std::size_t size = sizeof(kHeader) + 5 + 8;
  for (const auto& p : pieces_) size += p.deflated.size() + 5;
  for (auto v : between) size += v.size() + 5 * (v.size() / 65535 + 1);
  std::string out;
  out.reserve(size);
  out.append(kHeader, sizeof(kHeader));
  unsigned long crc = crc32(0L, Z_NULL, 0);
  unsigned long total = 0;
  // Values and pieces kept as they are, in order, go out together as one run of stored blocks.
  thread_local std::vector<std::string_view> run;
  run.clear();
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const Piece& p = pieces_[i];
    if (p.stored) {
      run.push_back(p.deflated);
    } else {
      if (!run.empty()) AppendStoredRun(out, run, false);
      run.clear();
      out += p.deflated;
    }
    // A short piece's own CRC-32 costs less than combining its kept one.
    crc = p.stored ? crc32(crc, reinterpret_cast<const Bytef*>(p.deflated.data()), static_cast<uInt>(p.size))
                   : CombineCrc(crc, p.crc, p.size);
    total += p.size;
    if (i < between.size()) {
      std::string_view v = between[i];
      run.push_back(v);
      crc = crc32(crc, reinterpret_cast<const Bytef*>(v.data()), static_cast<uInt>(v.size()));
      total += v.size();
    }
  }
  // The last run's last block ends the stream (an empty one when nothing is left to store).
  AppendStoredRun(out, run, true);
  run.clear();
  AppendLe32(out, crc);
  AppendLe32(out, total & 0xffffffffUL);
  return out;
}

void CompressFor(const Request& req, Response& r) {
  if (!Compressible(r.content_type) || HasHeader(r, "content-encoding")) return;
  if (r.status == 204 || r.status == 304 || (r.status >= 300 && r.status < 400)) return;
  if (r.body.size() < kMinSize) return;
  AddVary(r, "Accept-Encoding");
  if (!AcceptsGzip(req.Header("accept-encoding"))) return;
  try {
    // What is the same for everyone is compressed once, as small as it gets; a page of one
    // respondent's is compressed as it goes out, fast (level 1: 10% larger than 6, half the time).
    r.body = Cacheable(r) || r.same_for_everyone ? CachedGzip(r.body) : Gzip(r.body, 1);
  } catch (const std::exception&) {
    return;  // out of memory in zlib: the body goes out as it is
  }
  r.Header("Content-Encoding", "gzip");
}

}  // namespace mcs::http
