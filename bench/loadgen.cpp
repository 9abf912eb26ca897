// A load generator that behaves like respondents: each connection walks whole questionnaires through
// the HTML pages, as a browser without JavaScript would. It fetches a page, fills every control the
// page shows (the first choice of each radio group and checkbox list, the first option of a select,
// a number at the control's minimum, a line of text), posts it with the page's CSRF token and cookie
// and submits from the review page; the server's skip logic decides the path. It knows nothing of the
// form beyond what the HTML says. By default it posts as the page's script does in a browser with
// JavaScript (header X-MCS-Enhanced: 1): the answer to a post is the next page itself, one exchange
// per page. With --no-js it posts as a plain form does and follows the redirect to the next page
// (Post/Redirect/Get, two exchanges per page).
//
//   loadgen --url http://127.0.0.1:8080 --form employers --form authorities --connections 64 --seconds 10
//
// Prints one line per figure: completed responses per second, requests per second, latency
// percentiles, and failures (with the first failure's page for diagnosis).
//
// It must cost the machine little next to the server it measures (the two share the cores), so each
// connection is a coroutine on one event loop (--threads N loops, default 1), with its own buffers
// reused from request to request, a small HTTP/1.1 client of its own and an HTML scanner that reads
// the page in place (string views; only escaped values are copied, straight into the form body).
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <libdeflate.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::vector<std::string> forms;
  int connections = 16;
  int threads = 1;
  double seconds = 10;
  long max_responses = 0;  // 0: until the time is up
  bool gzip = true;        // ask for gzip as browsers do (--no-gzip: plain bodies)
  bool enhanced = true;    // post as the page's script does (--no-js: plain form posts, Post/Redirect/Get)
};

// --- Text helpers ---

bool IEquals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Calls put(char) for each character of the HTML text s with its character references resolved (the
// ones the server writes; any other reference is kept as it is).
template <class Put>
void Unescape(std::string_view s, Put&& put) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      put(s[i]);
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      put(s[i]);
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp")
      put('&');
    else if (ent == "lt")
      put('<');
    else if (ent == "gt")
      put('>');
    else if (ent == "quot")
      put('"');
    else if (ent == "#39")
      put('\'');
    else
      for (char c : s.substr(i, semi - i + 1)) put(c);
    i = semi;
  }
}

// Characters that stand for themselves in application/x-www-form-urlencoded (as the old encoder had it).
constexpr bool IsUnreserved(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

void UrlEncodeChar(std::string& out, char ch) {
  static const char* hex = "0123456789ABCDEF";
  auto c = static_cast<unsigned char>(ch);
  if (IsUnreserved(c)) {
    out += ch;
  } else {
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};
    out.append(e, 3);
  }
}

void UrlEncode(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && IsUnreserved(static_cast<unsigned char>(s[j]))) ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    UrlEncodeChar(out, s[j]);
    i = j + 1;
  }
}

// --- HTML scanning, in place ---

// An attribute as written: its value still escaped when it was quoted.
struct RawAttr {
  std::string_view key;
  std::string_view value;
  bool quoted = false;
  bool present = false;

  bool operator==(std::string_view s) const {
    if (!quoted || value.find('&') == std::string_view::npos) return value == s;
    std::string v;
    Unescape(value, [&](char c) { v += c; });
    return v == s;
  }
  bool empty() const { return value.empty(); }
  // Appends the (unescaped) value URL-encoded.
  void AppendEncoded(std::string& out) const {
    if (quoted && value.find('&') != std::string_view::npos)
      Unescape(value, [&](char c) { UrlEncodeChar(out, c); });
    else
      UrlEncode(out, value);
  }
  void AppendUnescaped(std::string& out) const {
    if (quoted)
      Unescape(value, [&](char c) { out += c; });
    else
      out.append(value);
  }
};

// The tags FillPage tells apart, named once per tag by the scanner (compared without case).
enum class TagKind { kOther, kButton, kForm, kInput, kOption, kSelect, kTextarea, kEndForm, kEndSelect };

TagKind KindOf(std::string_view name) {
  if (name.empty()) return TagKind::kOther;
  switch (name[0] | 0x20) {
    case '/':  // end tags ('/' is 0x2F: the bit is set already)
      if (IEquals(name, "/form")) return TagKind::kEndForm;
      if (IEquals(name, "/select")) return TagKind::kEndSelect;
      return TagKind::kOther;
    case 'b':
      return IEquals(name, "button") ? TagKind::kButton : TagKind::kOther;
    case 'f':
      return IEquals(name, "form") ? TagKind::kForm : TagKind::kOther;
    case 'i':
      return IEquals(name, "input") ? TagKind::kInput : TagKind::kOther;
    case 'o':
      return IEquals(name, "option") ? TagKind::kOption : TagKind::kOther;
    case 's':
      return IEquals(name, "select") ? TagKind::kSelect : TagKind::kOther;
    case 't':
      return IEquals(name, "textarea") ? TagKind::kTextarea : TagKind::kOther;
    default:
      return TagKind::kOther;
  }
}

// Whether FillPage reads the attributes of a tag of this kind (the others are only skipped).
bool HasUsefulAttrs(TagKind k) {
  return k != TagKind::kOther && k != TagKind::kEndForm && k != TagKind::kEndSelect;
}

struct Tag {
  static constexpr std::size_t kMaxAttrs = 32;
  std::string_view name;  // as written; "/select" for end tags; empty at the end
  TagKind kind = TagKind::kOther;
  RawAttr attrs[kMaxAttrs];
  std::size_t nattrs = 0;
  std::size_t end = 0;  // offset after '>'

  // The attribute (the last one when repeated), or an absent one.
  RawAttr Attr(std::string_view k) const {
    for (std::size_t i = nattrs; i-- > 0;)
      if (attrs[i].key == k) return attrs[i];
    return RawAttr();
  }
};

// Character classes for the tag scanner, by table.
enum : std::uint8_t { kSpace = 1, kNameChar = 2, kKeyEnd = 4, kSkipStop = 8 };
constexpr std::array<std::uint8_t, 256> kCharClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    std::uint8_t k = 0;
    if (IsSpace(ch)) k |= kSpace | kKeyEnd;
    if (IsAlnum(ch) || ch == '/' || ch == '!') k |= kNameChar;
    if (ch == '=' || ch == '>') k |= kKeyEnd | kSkipStop;
    t[static_cast<std::size_t>(c)] = k;
  }
  return t;
}();

inline bool Class(char c, std::uint8_t k) {
  return (kCharClass[static_cast<unsigned char>(c)] & k) != 0;
}

// The offset of the first of the characters a or b at or after i, or the size: a SIMD loop (tags'
// values and the text between tags are short, too short for memchr calls to pay).
inline std::size_t FindEither(std::string_view s, std::size_t i, char a, char b) {
  const std::size_t n = s.size();
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  while (i + 16 <= n) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, va), _mm_cmpeq_epi8(block, vb)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (i < n && s[i] != a && s[i] != b) ++i;
  return i;
}

inline std::size_t Find(std::string_view s, std::size_t i, char c) {
  return FindEither(s, i, c, c);
}

// The next tag at or after `pos` (comments and text skipped) into t; false at the end.
bool NextTag(std::string_view html, std::size_t pos, Tag& t) {
  t.name = {};
  t.kind = TagKind::kOther;
  t.nattrs = 0;
  const std::size_t n = html.size();
  for (;;) {
    auto lt = Find(html, pos, '<');
    if (lt >= n) return false;
    if (lt + 3 < n && html[lt + 1] == '!' && html[lt + 2] == '-' && html[lt + 3] == '-') {
      auto e = html.find("-->", lt);
      if (e == std::string_view::npos) return false;
      pos = e + 3;
      continue;
    }
    std::size_t i = lt + 1;
    while (i < n && Class(html[i], kNameChar)) ++i;
    t.name = std::string_view(html.data() + lt + 1, i - lt - 1);
    t.kind = KindOf(t.name);
    if (!HasUsefulAttrs(t.kind)) {
      // Skipped as the loop below would read it (a quote opens a value only right after '='), but
      // without keeping the attributes.
      while (i < n && html[i] != '>') {
        if (!Class(html[i], kSkipStop)) {
          i = FindEither(html, i, '=', '>');
        } else if (++i < n && (html[i] == '"' || html[i] == '\'')) {
          i = Find(html, i + 1, html[i]) + 1;
        } else {
          while (i < n && html[i] != '>' && !Class(html[i], kSpace)) ++i;
        }
      }
      t.end = std::min(i + 1, n);
      return true;
    }
    while (i < n && html[i] != '>') {
      while (i < n && Class(html[i], kSpace)) ++i;
      std::size_t k = i;
      while (i < n && !Class(html[i], kKeyEnd)) ++i;
      RawAttr a;
      a.key = std::string_view(html.data() + k, i - k);
      a.present = true;
      if (i < n && html[i] == '=') {
        ++i;
        char q = i < n ? html[i] : '\0';
        if (q == '"' || q == '\'') {
          auto e = Find(html, i + 1, q);
          a.value = std::string_view(html.data() + i + 1, e - i - 1);
          a.quoted = true;
          i = e + 1;
        } else {
          std::size_t v = i;
          while (i < n && html[i] != '>' && !Class(html[i], kSpace)) ++i;
          a.value = std::string_view(html.data() + v, i - v);
        }
      }
      if (!a.key.empty() && t.nattrs < Tag::kMaxAttrs) t.attrs[t.nattrs++] = a;
    }
    t.end = std::min(i + 1, n);
    return true;
  }
}

struct PageForm {
  bool can_submit = false;  // the review page's final button
  bool found = false;
};

// Reads the questionnaire form (id="mcs-page") and fills it like a quick, agreeable respondent: the
// fields go URL-encoded into body ("name=value&" each) and the form's action into action; `chosen` is
// scratch space.
PageForm FillPage(std::string_view html, std::string& body, std::string& action,
                  std::vector<std::string_view>& chosen) {
  PageForm f;
  static constexpr std::string_view kMark = "id=\"mcs-page\"";
  auto* mark = static_cast<const char*>(memmem(html.data(), html.size(), kMark.data(), kMark.size()));
  if (mark == nullptr) return f;
  auto start = html.rfind('<', static_cast<std::size_t>(mark - html.data()));
  Tag t;
  NextTag(html, start, t);
  action.clear();
  t.Attr("action").AppendUnescaped(action);
  f.found = true;
  chosen.clear();  // radio, checkbox and select names already answered
  auto is_chosen = [&](std::string_view name) {
    if (std::find(chosen.begin(), chosen.end(), name) != chosen.end()) return true;
    chosen.push_back(name);
    return false;
  };
  auto add = [&](const RawAttr& name, auto&& append_value) {
    name.AppendEncoded(body);
    body += '=';
    append_value();
    body += '&';
  };
  auto add_attr = [&](const RawAttr& name, const RawAttr& value) { add(name, [&] { value.AppendEncoded(body); }); };
  auto add_text = [&](const RawAttr& name, std::string_view text) { add(name, [&] { UrlEncode(body, text); }); };
  std::size_t pos = t.end;
  for (;;) {
    if (!NextTag(html, pos, t) || t.name.empty() || t.kind == TagKind::kEndForm) break;
    pos = t.end;
    RawAttr name = t.Attr("name");
    if (t.kind == TagKind::kButton) {
      if (t.Attr("value") == "submit") f.can_submit = true;
      continue;
    }
    if (name.empty() || t.Attr("disabled").present) continue;
    bool other = name.value.size() > 6 && name.value.substr(name.value.size() - 6) == "_other";
    if (t.kind == TagKind::kInput) {
      RawAttr type = t.Attr("type");
      if (type == "hidden") {
        add_attr(name, t.Attr("value"));
      } else if (type == "radio" || type == "checkbox") {
        if (!is_chosen(name.value)) add_attr(name, t.Attr("value"));
      } else if (type == "number" || type == "range" || t.Attr("inputmode") == "numeric" ||
                 t.Attr("inputmode") == "decimal") {
        RawAttr min = t.Attr("min");
        if (min.empty())
          add_text(name, "1");
        else
          add_attr(name, min);
      } else if (type == "date") {
        add_text(name, "2026-01-15");
      } else if (type == "email") {
        add_text(name, "respondent@example.org");
      } else if (!other) {
        add_text(name, "An answer typed by a respondent");
      }
    } else if (t.kind == TagKind::kTextarea) {
      if (!other) add_text(name, "A longer answer, with a comma, typed by a respondent.");
    } else if (t.kind == TagKind::kSelect) {
      // `name` points into the page, not into t, so it stays valid while the options are read.
      for (;;) {
        if (!NextTag(html, pos, t) || t.name.empty() || t.kind == TagKind::kEndSelect) break;
        pos = t.end;
        if (t.kind == TagKind::kOption) {
          RawAttr value = t.Attr("value");
          if (!value.empty() && !is_chosen(name.value)) add_attr(name, value);
        }
      }
    }
  }
  return f;
}

// --- The respondents ---

struct Stats {
  long responses = 0;
  long requests = 0;
  long failures = 0;
  std::vector<std::uint32_t> latencies_us;
  std::string first_failure;
};

struct Response {
  int status = 0;
  bool keep_alive = true;
  std::string_view location;
  std::string_view url;  // X-MCS-Url: the address the page of an enhanced post's answer stands for
  std::string_view body;
};

class Respondent {
 public:
  Respondent(asio::io_context& ioc, const Options& o, const tcp::resolver::results_type& endpoints, Stats& s)
      : o_(o), endpoints_(endpoints), s_(s), socket_(ioc) {
    in_.resize(64 * 1024);
    s_.latencies_us.reserve(64 * 1024);
  }
  ~Respondent() {
    if (inflater_ != nullptr) libdeflate_free_decompressor(inflater_);
  }
  Respondent(const Respondent&) = delete;
  Respondent& operator=(const Respondent&) = delete;

  asio::awaitable<void> Run(int c, std::atomic<long>& started, Clock::time_point deadline) {
    for (long n = 0;; ++n) {
      if (o_.max_responses > 0) {
        if (started.fetch_add(1) >= o_.max_responses) break;
      } else if (Clock::now() >= deadline) {
        break;
      }
      submitted_ = false;
      const std::string& form = o_.forms[static_cast<std::size_t>(c + n) % o_.forms.size()];
      if (co_await Walk(form)) s_.responses++;
    }
    error_code ec;
    socket_.close(ec);
  }

 private:
  // Walks one questionnaire to its end. False on a failure (recorded).
  asio::awaitable<bool> Walk(const std::string& form_id) {
    ncookies_ = 0;
    path_ = "/s/";
    path_ += form_id;
    bool ok = co_await Request(false, path_, {});
    for (int step = 0; step < 200; ++step) {
      if (!ok) co_return false;
      if (res_.status == 303 || res_.status == 302) {
        path_.assign(res_.location);
        ok = co_await Request(false, path_, {});
        continue;
      }
      if (res_.status != 200) co_return Fail(path_, "status");
      post_.clear();
      PageForm page = FillPage(res_.body, post_, action_, chosen_);
      if (!page.found) {
        // No questionnaire form: the thank-you page when we came from a submit.
        if (submitted_) co_return true;
        co_return Fail(path_, "no form on the page");
      }
      if (submitted_) co_return Fail(path_, "the submit did not finish");
      post_ += page.can_submit ? "_mcs_action=submit" : "_mcs_action=next";
      submitted_ = page.can_submit;
      if (action_.empty()) action_ = path_;
      ok = co_await Request(true, action_, post_);
      if (ok && o_.enhanced) {
        // The next page (or the thank-you page) is the answer to the post itself.
        if (res_.status != 200 || res_.url.empty()) {
          submitted_ = false;
          co_return Fail(action_, "the page was refused (a check failed?) or not answered with the next page");
        }
        path_.assign(res_.url);
      } else if (ok && res_.status != 303 && res_.status != 302) {
        submitted_ = false;
        co_return Fail(action_, "the page was refused (a check failed?)");
      }
    }
    co_return false;
  }

  bool Fail(const std::string& path, const char* why) {
    s_.failures++;
    if (s_.first_failure.empty()) {
      s_.first_failure = std::string(why) + " at " + path + " (" + std::to_string(res_.status) +
                         "): " + std::string(res_.body.substr(0, 3000));
    }
    return false;
  }

  void BuildRequest(bool post, std::string_view target, std::string_view body) {
    out_.clear();
    out_ += post ? "POST " : "GET ";
    out_ += target;
    out_ += " HTTP/1.1\r\nHost: ";
    out_ += o_.host;
    out_ += "\r\nUser-Agent: mcsurvey-loadgen\r\nAccept-Language: en\r\n";
    if (o_.gzip) out_ += "Accept-Encoding: gzip, deflate\r\n";
    if (ncookies_ > 0) {
      out_ += "Cookie: ";
      for (std::size_t i = 0; i < ncookies_; ++i) {
        if (i > 0) out_ += "; ";
        out_ += cookies_[i].first;
        out_ += '=';
        out_ += cookies_[i].second;
      }
      out_ += "\r\n";
    }
    if (post) {
      if (o_.enhanced) out_ += "X-MCS-Enhanced: 1\r\n";
      out_ += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ";
      out_ += std::to_string(body.size());
      out_ += "\r\n\r\n";
      out_ += body;
    } else {
      out_ += "\r\n";
    }
  }

  // One request and its response (into res_), reconnecting once when the connection fails. False on
  // a failure (recorded).
  asio::awaitable<bool> Request(bool post, std::string_view target, std::string_view body) {
    BuildRequest(post, target, body);
    for (int attempt = 0; attempt < 2; ++attempt) {
      error_code ec;
      if (!socket_.is_open()) {
        co_await asio::async_connect(socket_, endpoints_, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) socket_.non_blocking(true, ec);
        if (!ec) socket_.set_option(tcp::no_delay(true), ec);
      }
      auto t0 = Clock::now();
      std::size_t written = 0;
      while (!ec && !WriteNow(written, ec))
        co_await socket_.async_wait(tcp::socket::wait_write, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) ec = co_await ReadResponse();
      if (!ec) {
        auto us = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count() / 1000.0;
        s_.latencies_us.push_back(static_cast<std::uint32_t>(us + 0.5));
        s_.requests++;
        if (!res_.keep_alive) {
          error_code ignored;
          socket_.shutdown(tcp::socket::shutdown_both, ignored);
          socket_.close(ignored);
        }
        co_return true;
      }
      error_code ignored;
      socket_.close(ignored);
      if (attempt == 1) {
        s_.failures++;
        if (s_.first_failure.empty()) s_.first_failure = "connection: " + ec.message();
      }
    }
    co_return false;
  }

  // Writes the request without waiting when the socket takes it (it nearly always does): true when
  // written or failed (ec), false when the rest must wait for the socket.
  bool WriteNow(std::size_t& done, error_code& ec) {
    while (done < out_.size()) {
      done += socket_.write_some(asio::buffer(out_.data() + done, out_.size() - done), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        ec = {};
        return false;
      }
      if (ec) return true;
    }
    return true;
  }

  // Reads more bytes into in_, growing it when full (add the result of co_await to in_len_). Asio's
  // read: after a read that emptied the socket it waits for readiness without a system call, so a
  // response usually costs one recv.
  auto ReadMore(error_code& ec) {
    if (in_len_ == in_.size()) in_.resize(in_.size() * 2);
    return socket_.async_read_some(asio::buffer(in_.data() + in_len_, in_.size() - in_len_),
                                   asio::redirect_error(asio::use_awaitable, ec));
  }

  // Decodes a chunked body at in_[from, in_len_) into chunked_; false while incomplete.
  bool Dechunk(std::size_t from) {
    chunked_.clear();
    std::string_view s(in_.data() + from, in_len_ - from);
    std::size_t p = 0;
    for (;;) {
      auto eol = s.find("\r\n", p);
      if (eol == std::string_view::npos) return false;
      std::size_t size = 0;
      for (std::size_t i = p; i < eol; ++i) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) break;
        size = size * 16 + static_cast<std::size_t>(d);
      }
      p = eol + 2;
      if (size == 0) {
        // Trailers, then an empty line.
        for (;;) {
          auto e = s.find("\r\n", p);
          if (e == std::string_view::npos) return false;
          if (e == p) return true;
          p = e + 2;
        }
      }
      if (s.size() < p + size + 2) return false;
      chunked_.append(s.substr(p, size));
      p += size + 2;
    }
  }

  // Reads one response into res_ (views into in_ or chunked_, valid until the next request).
  asio::awaitable<error_code> ReadResponse() {
    in_len_ = 0;
    res_ = Response();
    error_code ec;
    // The header.
    std::size_t header_end = 0;
    std::size_t scanned = 0;
    for (;;) {
      in_len_ += co_await ReadMore(ec);
      if (ec) co_return ec;
      std::string_view got(in_.data(), in_len_);
      auto e = got.find("\r\n\r\n", scanned);
      if (e != std::string_view::npos) {
        header_end = e + 4;
        break;
      }
      scanned = in_len_ >= 3 ? in_len_ - 3 : 0;
    }
    std::string_view head(in_.data(), header_end - 2);
    auto eol = head.find("\r\n");
    std::string_view status_line = head.substr(0, eol);
    // "HTTP/1.1 303 See Other"
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) co_return asio::error::invalid_argument;
    bool http10 = status_line.compare(0, 8, "HTTP/1.0") == 0;
    res_.keep_alive = !http10;
    for (char c : status_line.substr(9, 3)) res_.status = res_.status * 10 + (c - '0');
    long content_length = -1;
    std::size_t location_at = 0, location_len = 0, url_at = 0, url_len = 0;
    bool chunked = false;
    bool gzipped = false;
    std::size_t p = eol + 2;
    while (p < head.size()) {
      auto e = head.find("\r\n", p);
      if (e == std::string_view::npos) e = head.size();
      std::string_view line = head.substr(p, e - p);
      p = e + 2;
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = line.substr(0, colon);
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      if (IEquals(name, "content-length")) {
        content_length = 0;
        for (char c : value) {
          if (c < '0' || c > '9') break;
          content_length = content_length * 10 + (c - '0');
        }
      } else if (IEquals(name, "content-encoding")) {
        gzipped = IEquals(value, "gzip");
      } else if (IEquals(name, "transfer-encoding")) {
        chunked = value.size() >= 7 && IEquals(value.substr(value.size() - 7), "chunked");
      } else if (IEquals(name, "connection")) {
        // A list of tokens: close or keep-alive matter.
        std::size_t q = 0;
        while (q < value.size()) {
          auto comma = value.find(',', q);
          if (comma == std::string_view::npos) comma = value.size();
          std::string_view tok = value.substr(q, comma - q);
          while (!tok.empty() && tok.front() == ' ') tok.remove_prefix(1);
          while (!tok.empty() && tok.back() == ' ') tok.remove_suffix(1);
          if (IEquals(tok, "close"))
            res_.keep_alive = false;
          else if (IEquals(tok, "keep-alive") && http10)
            res_.keep_alive = true;
          q = comma + 1;
        }
      } else if (IEquals(name, "location")) {
        // An offset: in_ may still grow (and move) while the body is read.
        location_at = static_cast<std::size_t>(value.data() - in_.data());
        location_len = value.size();
      } else if (IEquals(name, "x-mcs-url")) {
        url_at = static_cast<std::size_t>(value.data() - in_.data());
        url_len = value.size();
      } else if (IEquals(name, "set-cookie")) {
        auto eq = value.find('='), semi = value.find(';');
        if (eq == std::string_view::npos) continue;
        SetCookie(value.substr(0, eq), value.substr(eq + 1, semi == std::string_view::npos ? semi : semi - eq - 1));
      }
    }
    // The body.
    if ((res_.status >= 100 && res_.status < 200) || res_.status == 204 || res_.status == 304) {
      co_return ec;
    }
    if (chunked) {
      while (!Dechunk(header_end)) {
        in_len_ += co_await ReadMore(ec);
        if (ec) co_return ec;
      }
      res_.body = chunked_;
    } else if (content_length >= 0) {
      std::size_t need = header_end + static_cast<std::size_t>(content_length);
      if (in_.size() < need) in_.resize(need);
      while (in_len_ < need) {
        in_len_ += co_await ReadMore(ec);
        if (ec) co_return ec;
      }
      res_.body = std::string_view(in_.data() + header_end, static_cast<std::size_t>(content_length));
    } else {
      // Until the server closes.
      for (;;) {
        in_len_ += co_await ReadMore(ec);
        if (ec == asio::error::eof) break;
        if (ec) co_return ec;
      }
      ec = {};
      res_.keep_alive = false;
      res_.body = std::string_view(in_.data() + header_end, in_len_ - header_end);
    }
    if (location_len > 0) res_.location = std::string_view(in_.data() + location_at, location_len);
    if (url_len > 0) res_.url = std::string_view(in_.data() + url_at, url_len);
    if (gzipped && !Inflate(res_.body)) co_return asio::error::invalid_argument;
    co_return ec;
  }

  // A gzip body into inflated_ (res_.body then views it), as a browser inflates it: the header, the
  // CRC-32 and the length are checked (libdeflate: a whole member at once, a few times cheaper than
  // zlib's streaming inflate, whose CRC-32 alone cost as much as the page's scan). The buffer is sized
  // from the length the trailer states (at most 64 MB to begin with), grown if that was too small.
  bool Inflate(std::string_view z) {
    if (inflater_ == nullptr && (inflater_ = libdeflate_alloc_decompressor()) == nullptr) return false;
    if (z.size() < 18) return false;
    std::size_t stated = 0;
    for (int i = 0; i < 4; ++i)
      stated |= static_cast<std::size_t>(static_cast<unsigned char>(z[z.size() - 4 + i])) << (8 * i);
    std::size_t want = std::clamp<std::size_t>(stated, 1024, std::size_t{64} << 20);
    for (int attempt = 0; attempt < 8; ++attempt) {
      if (inflated_.size() < want) inflated_.resize(want);
      std::size_t used = 0;
      auto rc = libdeflate_gzip_decompress(inflater_, z.data(), z.size(), inflated_.data(), inflated_.size(), &used);
      if (rc == LIBDEFLATE_SUCCESS) {
        res_.body = std::string_view(inflated_.data(), used);
        return true;
      }
      if (rc != LIBDEFLATE_INSUFFICIENT_SPACE) return false;
      want = inflated_.size() * 2;
    }
    return false;
  }

  void SetCookie(std::string_view name, std::string_view value) {
    for (std::size_t i = 0; i < ncookies_; ++i) {
      if (cookies_[i].first == name) {
        cookies_[i].second.assign(value);
        return;
      }
    }
    if (ncookies_ == cookies_.size()) cookies_.emplace_back();
    cookies_[ncookies_].first.assign(name);
    cookies_[ncookies_].second.assign(value);
    ++ncookies_;
  }

  const Options& o_;
  const tcp::resolver::results_type& endpoints_;
  Stats& s_;
  tcp::socket socket_;
  bool submitted_ = false;
  std::vector<std::pair<std::string, std::string>> cookies_;  // the first ncookies_ are set
  std::size_t ncookies_ = 0;
  std::vector<char> in_;  // the response being read: in_[0, in_len_)
  std::size_t in_len_ = 0;
  std::string chunked_;
  std::string inflated_;
  libdeflate_decompressor* inflater_ = nullptr;
  std::string out_;  // the request being written
  Response res_;
  std::string path_, action_, post_;
  std::vector<std::string_view> chosen_;
};

double PercentileMs(std::vector<std::uint32_t>& v, double p) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k] / 1000.0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: loadgen --url http://HOST:PORT --form ID [--form ID...] [--connections N] [--seconds S] "
               "[--responses N] [--threads N] [--no-gzip] [--no-js]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--url") {
      std::string u = next();
      if (u.rfind("http://", 0) != 0) return Usage();
      u = u.substr(7);
      auto colon = u.find(':');
      o.host = u.substr(0, colon);
      if (colon != std::string::npos) o.port = u.substr(colon + 1);
      while (!o.port.empty() && o.port.back() == '/') o.port.pop_back();
    } else if (a == "--form") {
      o.forms.push_back(next());
    } else if (a == "--connections") {
      o.connections = std::max(1, std::stoi(next()));
    } else if (a == "--threads") {
      o.threads = std::max(1, std::stoi(next()));
    } else if (a == "--seconds") {
      o.seconds = std::stod(next());
    } else if (a == "--no-gzip") {
      o.gzip = false;
    } else if (a == "--no-js") {
      o.enhanced = false;
    } else if (a == "--responses") {
      o.max_responses = std::stol(next());
    } else {
      return Usage();
    }
  }
  if (o.forms.empty()) return Usage();
  o.threads = std::min(o.threads, o.connections);

  tcp::resolver::results_type endpoints;
  {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    error_code ec;
    endpoints = resolver.resolve(o.host, o.port, ec);
    if (ec) {
      std::fprintf(stderr, "loadgen: %s:%s: %s\n", o.host.c_str(), o.port.c_str(), ec.message().c_str());
      return 1;
    }
  }

  std::vector<Stats> stats(static_cast<std::size_t>(o.connections));
  std::vector<std::unique_ptr<asio::io_context>> loops;
  for (int t = 0; t < o.threads; ++t) loops.push_back(std::make_unique<asio::io_context>(1));
  std::vector<std::unique_ptr<Respondent>> respondents;
  std::atomic<long> started{0};
  auto t0 = Clock::now();
  auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (int c = 0; c < o.connections; ++c) {
    auto& ioc = *loops[static_cast<std::size_t>(c % o.threads)];
    respondents.push_back(std::make_unique<Respondent>(ioc, o, endpoints, stats[static_cast<std::size_t>(c)]));
    // An exception out of a respondent (none is expected: I/O errors are counted) ends the run loudly.
    asio::co_spawn(ioc, respondents.back()->Run(c, started, deadline), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  std::vector<std::thread> threads;
  for (int t = 1; t < o.threads; ++t) threads.emplace_back([&, t] { loops[static_cast<std::size_t>(t)]->run(); });
  loops[0]->run();
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  Stats all;
  for (auto& s : stats) {
    all.responses += s.responses;
    all.requests += s.requests;
    all.failures += s.failures;
    all.latencies_us.insert(all.latencies_us.end(), s.latencies_us.begin(), s.latencies_us.end());
    if (all.first_failure.empty()) all.first_failure = s.first_failure;
  }
  std::printf(
      "responses %ld in %.2f s = %.1f complete responses/s; requests %ld = %.0f req/s; "
      "latency p50 %.2f ms p99 %.2f ms; failures %ld\n",
      all.responses, elapsed, static_cast<double>(all.responses) / elapsed, all.requests,
      static_cast<double>(all.requests) / elapsed, PercentileMs(all.latencies_us, 0.5),
      PercentileMs(all.latencies_us, 0.99), all.failures);
  if (!all.first_failure.empty()) std::fprintf(stderr, "first failure: %s\n", all.first_failure.c_str());
  return all.failures > 0 && all.responses == 0 ? 1 : 0;
}
