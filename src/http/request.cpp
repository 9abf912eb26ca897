#include <algorithm>
#include <cstring>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/strings.h"
#include "http/http.h"
#include "http/response_head.h"

namespace mcs::http {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view h = Header("cookie");
  for (const auto& part : Split(h, ';')) {
    std::string_view p = Trim(part);
    auto eq = p.find('=');
    if (eq != std::string_view::npos && Trim(p.substr(0, eq)) == name) return std::string(Trim(p.substr(eq + 1)));
  }
  return {};
}

FormData ParseUrlEncoded(std::string_view s) {
  FormData out;
  if (s.empty()) return out;
  out.reserve(static_cast<std::size_t>(std::count(s.begin(), s.end(), '&')) + 1);
  for (std::size_t start = 0; start <= s.size();) {
    std::size_t end = s.find('&', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = s.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) out.emplace_back(UrlDecode(part), std::string());
    else out.emplace_back(UrlDecode(part.substr(0, eq)), UrlDecode(part.substr(eq + 1)));
  }
  return out;
}

FormData Request::Query() const { return ParseUrlEncoded(query); }

FormData Request::Form() const {
  std::string_view ct = Header("content-type");
  if (!StartsWith(ToLower(ct), "application/x-www-form-urlencoded")) return {};
  return ParseUrlEncoded(body);
}

std::string First(const FormData& data, std::string_view name) {
  for (const auto& [k, v] : data) {
    if (k == name) return v;
  }
  return {};
}

std::vector<std::string> All(const FormData& data, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : data) {
    if (k == name) out.push_back(v);
  }
  return out;
}

namespace {

Response Make(int status, const char* type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = type;
  r.body = std::move(body);
  return r;
}

}  // namespace

Response Response::Html(int status, std::string body) {
  return Make(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) { return Make(status, "application/json", std::move(body)); }

Response Response::Text(int status, std::string body) {
  return Make(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Redirect(std::string location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", FieldValue(location));
  return r;
}

Response& Response::Header(std::string name, std::string value) {
  headers.emplace_back(FieldValue(name), FieldValue(value));
  return *this;
}

bool IsFieldValue(std::string_view v) {
#if defined(__SSE2__)
  // 16 bytes at a time (every header of every response passes here): a byte below 0x20 other
  // than HTAB, or DEL, anywhere in the block refuses it. A short value is checked in a block padded
  // with spaces, the last partial block as the 16 bytes that end the value (some seen twice).
  auto bad = [](const char* p) {
    const __m128i below_space = _mm_set1_epi8(0x1f), tab = _mm_set1_epi8('\t'), del = _mm_set1_epi8(0x7f);
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(b, below_space), b);  // b <= 0x1f
    return _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(b, tab), control), _mm_cmpeq_epi8(b, del))) != 0;
  };
  if (v.size() < 16) {
    char block[16];
    std::memset(block, ' ', sizeof block);
    std::memcpy(block, v.data(), v.size());
    return !bad(block);
  }
  std::size_t i = 0;
  for (; i + 16 <= v.size(); i += 16) {
    if (bad(v.data() + i)) return false;
  }
  return i == v.size() || !bad(v.data() + v.size() - 16);
#else
  for (char ch : v) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
#endif
}

std::string FieldValue(std::string_view v) {
  if (!IsFieldValue(v)) {
    throw std::invalid_argument("a header value or metric label holds a control character (CR, LF, NUL...)");
  }
  return std::string(v);
}

std::string MetricLabel(std::string_view v) {
  std::string checked = FieldValue(v), out;
  for (char c : checked) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

void AddSecurityHeaders(Response& r) {
  // No inline script or style anywhere: everything comes from /static on this origin. A handler may
  // set a stricter policy of its own (the report allows its one style sheet by hash).
  bool has_csp = false;
  for (const auto& [k, v] : r.headers) has_csp = has_csp || k == "Content-Security-Policy";
  if (!has_csp) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  }
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // Resume links carry a secret token: never leak the URL to another site.
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

void Router::Add(std::string method, const std::string& pattern, Handler h, Cost cost) {
  Route r;
  r.method = std::move(method);
  for (auto& s : Split(pattern, '/')) {
    if (!s.empty()) r.segments.push_back(s);
  }
  r.handler = std::move(h);
  r.cost = cost;
  routes_.push_back(std::move(r));
}

const Router::Route* Router::Match(const Request& req, Params* params, bool& path_matched) const {
  std::vector<std::string_view> segs;
  std::string_view path = req.path;
  for (std::size_t i = 0; i <= path.size();) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) segs.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  path_matched = false;
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      if (!(p.size() > 2 && p.front() == '{' && p.back() == '}')) ok = p == segs[i];
    }
    if (!ok) continue;
    path_matched = true;
    if (r.method == req.method || (r.method == "GET" && req.method == "HEAD")) {
      if (!params) return &r;
      params->clear();
      for (std::size_t i = 0; i < segs.size(); ++i) {
        const std::string& p = r.segments[i];
        if (p.size() > 2 && p.front() == '{' && p.back() == '}') (*params)[p.substr(1, p.size() - 2)] = std::string(segs[i]);
      }
      return &r;
    }
  }
  return nullptr;
}

bool Router::IsQuick(const Request& req) const {
  bool path_matched = false;
  const Route* r = Match(req, nullptr, path_matched);
  // Not-found pages are rendered from memory.
  return r ? r->cost == Cost::kQuick : true;
}

std::string DecodePath(std::string_view raw) {
  std::string path;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      path += UrlDecode(raw.substr(i, 3));
      i += 2;
    } else {
      path += raw[i];
    }
  }
  return path;
}

void Pending::Done() {
  std::function<void()> fn;
  {
    std::lock_guard lock(mu_);
    done_ = true;
    fn = std::move(fn_);
  }
  cv_.notify_all();
  if (fn) fn();
}

void Pending::OnDone(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (!done_) {
      fn_ = std::move(fn);
      return;
    }
  }
  fn();
}

void Pending::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return done_; });
}

Response Response::After(std::shared_ptr<Pending> p, std::function<Response()> then) {
  Response r;
  r.pending = std::move(p);
  r.then = std::move(then);
  return r;
}

RefusalInfo Describe(Refusal r) {
  switch (r) {
    case Refusal::kBadRequest:
      return {400, 0, "bad request"};
    case Refusal::kBodyTooLarge:
      return {413, 0, "request body too large"};
    case Refusal::kHeadersTooLarge:
      return {431, 0, "request header fields too large"};
    case Refusal::kTooManyConnections:
      return {503, 1, "too many connections, try again"};
    case Refusal::kUnavailable:
      return {503, 5, "the service is unavailable for a moment, please try again"};
    case Refusal::kInternalError:
      return {500, 0, "internal error"};
    case Refusal::kNotFound:
      return {404, 0, "not found"};
    case Refusal::kMethodNotAllowed:
      return {405, 0, "method not allowed"};
  }
  return {500, 0, "internal error"};
}

Response PlainRefusal(Refusal r) {
  const RefusalInfo info = Describe(r);
  Response res = Response::Text(info.status, std::string(info.text) + "\n");
  if (info.retry_after > 0) res.Header("Retry-After", std::to_string(info.retry_after));
  return res;
}

Response Router::Dispatch(const Request& req) const {
  Response r = DispatchAsync(req);
  while (r.pending) {
    r.pending->Wait();
    r = r.then();
  }
  return r;
}

Response Router::DispatchAsync(const Request& req) const {
  if (guard_) {
    if (auto r = guard_(req)) return std::move(*r);
  }
  Params params;
  bool path_matched = false;
  if (const Route* r = Match(req, &params, path_matched)) return r->handler(req, params);
  if (path_matched)
    return refusal_ ? refusal_(Refusal::kMethodNotAllowed, req) : PlainRefusal(Refusal::kMethodNotAllowed);
  if (not_found_) return not_found_(req, {});
  return refusal_ ? refusal_(Refusal::kNotFound, req) : PlainRefusal(Refusal::kNotFound);
}

}  // namespace mcs::http
