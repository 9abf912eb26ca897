#include "report/internal/chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace mcs::report::internal {
namespace {

namespace json = boost::json;

// A page that never finishes loading or printing must not hold the report forever.
constexpr int kTimeoutMs = 120000;

std::string Base64Decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() * 3 / 4);
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string Base64Encode(std::string_view in) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kB64[(v >> shift) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The address the document is served at inside the browser. Not a file:// address: a page whose
// origin is a file may read other local files (an <iframe src="file:///etc/passwd"> prints), and one
// from the network may not. ".invalid" never resolves (RFC 6761), and no request leaves anyway.
constexpr std::string_view kDocumentUrl = "https://print.mcsurvey.invalid/document.html";

// Nothing a printed document holds may load anything: its style is inline, its charts inline SVG.
constexpr std::string_view kDocumentCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-src 'none'; "
    "form-action 'none'; base-uri 'none'";

// Runs argv with stdout into `out`; stderr discarded. Exit status, or -1 when it cannot start.
int Capture(std::vector<std::string> args, std::string& out) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0].c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return -1;
  }
  char b[65536];
  for (ssize_t k; (k = read(fds[0], b, sizeof b)) != 0;) {
    if (k < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out.append(b, static_cast<std::size_t>(k));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

Result<std::unique_ptr<Chromium>> Chromium::Start(const std::string& chromium) {
  if (!std::filesystem::exists(chromium))
    return MakeError(ErrorCode::kUnavailable, "PDF needs Chromium (" + chromium + " not found)");
  std::unique_ptr<Chromium> c(new Chromium());
  char tmpl[] = "/tmp/mcsurvey-chromium-XXXXXX";
  if (!mkdtemp(tmpl)) return MakeError(ErrorCode::kUnavailable, "cannot make a browser profile folder");
  c->profile_ = tmpl;
  int to[2], from[2];  // to[0]: the browser reads (fd 3); from[1]: the browser writes (fd 4)
  if (pipe2(to, O_CLOEXEC) != 0) return MakeError(ErrorCode::kUnavailable, "pipe");
  if (pipe2(from, O_CLOEXEC) != 0) {
    close(to[0]);
    close(to[1]);
    return MakeError(ErrorCode::kUnavailable, "pipe");
  }
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-background-networking",
                                   "--disable-extensions",
                                   "--remote-debugging-pipe",
                                   "--user-data-dir=" + c->profile_,
                                   "about:blank"};
  // No network at all: every address resolves to nothing and goes through a proxy that does not
  // exist, loopback included (Print serves the document itself; a frame's navigation escapes Fetch
  // interception, not these).
  args.insert(args.end() - 1, {"--host-resolver-rules=MAP * ~NOTFOUND",
                               "--proxy-server=http://proxy.mcsurvey.invalid:1", "--proxy-bypass-list=<-loopback>"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, to[0], 3);
  posix_spawn_file_actions_adddup2(&fa, from[1], 4);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const int rc = posix_spawn(&c->pid_, chromium.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(to[0]);
  close(from[1]);
  c->to_ = to[1];
  c->from_ = from[0];
  if (rc != 0) {
    c->pid_ = 0;
    return MakeError(ErrorCode::kUnavailable, "cannot start " + chromium);
  }
  // A write to a browser that died must be an error, not SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  if (auto v = c->Call("Browser.getVersion", {}); !v.ok())
    return MakeError(ErrorCode::kUnavailable, "Chromium did not answer: " + v.error().message);
  return c;
}

Chromium::~Chromium() {
  if (to_ >= 0 && pid_ > 0) {
    json::object close_msg{{"id", next_id_++}, {"method", "Browser.close"}};
    (void)Send(close_msg);
  }
  if (to_ >= 0) close(to_);
  if (pid_ > 0) {
    // Browser.close ends it within a second or so; then it is told to.
    int status = 0;
    bool done = false;
    for (int i = 0; i < 100 && !done; ++i) {
      done = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!done) poll(nullptr, 0, 50);
    }
    if (!done) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  if (from_ >= 0) close(from_);
  if (!profile_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(profile_, ec);
  }
}

Status Chromium::Send(const json::object& msg) {
  std::string s = json::serialize(msg);
  s += '\0';
  for (std::size_t off = 0; off < s.size();) {
    const ssize_t k = write(to_, s.data() + off, s.size() - off);
    if (k < 0) {
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kUnavailable, "Chromium closed its pipe");
    }
    off += static_cast<std::size_t>(k);
  }
  return Status::Ok();
}

Result<json::object> Chromium::Next() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  for (;;) {
    if (auto z = buf_.find('\0'); z != std::string::npos) {
      std::string one = buf_.substr(0, z);
      buf_.erase(0, z + 1);
      boost::system::error_code ec;
      json::value v = json::parse(one, ec);
      if (ec || !v.is_object()) return MakeError(ErrorCode::kUnavailable, "Chromium sent something unreadable");
      json::object o = std::move(v.as_object());
      if (const auto* m = o.if_contains("method"); m && m->is_string() && m->as_string() == "Page.loadEventFired")
        loaded_ = true;
      else if (m && m->is_string() && m->as_string() == "Fetch.requestPaused")
        if (Status st = Answer(o); !st.ok()) return st.error();
      return o;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return MakeError(ErrorCode::kUnavailable, "Chromium did not answer in time");
    pollfd p{from_, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char b[1 << 16];
    const ssize_t k = read(from_, b, sizeof b);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return MakeError(ErrorCode::kUnavailable, "Chromium ended");
    buf_.append(b, static_cast<std::size_t>(k));
  }
}

// Every request the page makes stops here (Fetch.enable for all addresses): the document itself is
// answered with its bytes and a Content-Security-Policy, anything else (an image, a frame, a font, a
// file:// or http:// address that escaped escaping in a form's label) fails without leaving the browser.
Status Chromium::Answer(const json::object& paused) {
  const auto* params = paused.if_contains("params");
  const auto* sid = paused.if_contains("sessionId");
  if (!params || !params->is_object() || !sid || !sid->is_string()) return Status::Ok();
  const auto& p = params->as_object();
  const auto* rid = p.if_contains("requestId");
  if (!rid || !rid->is_string()) return Status::Ok();
  std::string url;
  if (const auto* req = p.if_contains("request"); req && req->is_object())
    if (const auto* u = req->as_object().if_contains("url"); u && u->is_string()) url = std::string(u->as_string());
  json::object msg{{"id", next_id_++}, {"sessionId", *sid}};
  if (url == kDocumentUrl && !document_.empty()) {
    json::array headers{json::object{{"name", "Content-Type"}, {"value", "text/html; charset=utf-8"}},
                        json::object{{"name", "Content-Security-Policy"}, {"value", kDocumentCsp}}};
    msg["method"] = "Fetch.fulfillRequest";
    msg["params"] = json::object{{"requestId", *rid},
                                 {"responseCode", 200},
                                 {"responseHeaders", std::move(headers)},
                                 {"body", Base64Encode(document_)}};
  } else {
    msg["method"] = "Fetch.failRequest";
    msg["params"] = json::object{{"requestId", *rid}, {"errorReason", "BlockedByClient"}};
  }
  return Send(msg);
}

Result<json::object> Chromium::Call(const std::string& method, json::object params, const std::string& session) {
  const long long id = next_id_++;
  json::object msg{{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) msg["sessionId"] = session;
  if (Status st = Send(msg); !st.ok()) return st.error();
  for (;;) {
    auto m = Next();
    if (!m.ok()) return m.error();
    const auto* got = m->if_contains("id");
    if (!got || !got->is_int64() || got->as_int64() != id) continue;
    if (const auto* err = m->if_contains("error"))
      return MakeError(ErrorCode::kUnavailable, method + ": " + json::serialize(*err));
    const auto* res = m->if_contains("result");
    return res && res->is_object() ? res->as_object() : json::object{};
  }
}

Result<std::string> Chromium::Print(const std::string& html_path, const PrintSettings& ps) {
  auto target = Call("Target.createTarget", {{"url", "about:blank"}});
  if (!target.ok()) return target.error();
  const json::value tid = (*target)["targetId"];
  auto attached = Call("Target.attachToTarget", {{"targetId", tid}, {"flatten", true}});
  if (!attached.ok()) return attached.error();
  const auto* sid = attached->if_contains("sessionId");
  if (!sid || !sid->is_string()) return MakeError(ErrorCode::kUnavailable, "Chromium gave no session");
  const std::string session(sid->as_string());
  if (auto r = Call("Page.enable", {}, session); !r.ok()) return r.error();
  {
    std::ifstream in(html_path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    document_ = ss.str();
    if (!in || document_.empty()) return MakeError(ErrorCode::kUnavailable, "cannot read " + html_path);
  }
  if (auto r = Call("Fetch.enable", {{"patterns", json::array{json::object{{"urlPattern", "*"}}}}}, session); !r.ok())
    return r.error();
  loaded_ = false;
  const std::string url(kDocumentUrl);
  auto nav = Call("Page.navigate", {{"url", url}}, session);
  if (!nav.ok()) return nav.error();
  if (const auto* e = nav->if_contains("errorText"); e && e->is_string() && !e->as_string().empty())
    return MakeError(ErrorCode::kUnavailable, "Chromium cannot open " + html_path + ": " + std::string(e->as_string()));
  while (!loaded_) {
    auto m = Next();
    if (!m.ok()) return m.error();
  }
  const bool hf = !ps.header_template.empty() || !ps.footer_template.empty();
  json::object params{{"paperWidth", ps.paper_width_in},
                      {"paperHeight", ps.paper_height_in},
                      {"marginTop", ps.margin_top_in},
                      {"marginBottom", ps.margin_bottom_in},
                      {"marginLeft", ps.margin_side_in},
                      {"marginRight", ps.margin_side_in},
                      {"printBackground", true},
                      {"preferCSSPageSize", true},
                      {"displayHeaderFooter", hf},
                      {"headerTemplate", hf ? ps.header_template : std::string("<span></span>")},
                      {"footerTemplate", hf ? ps.footer_template : std::string("<span></span>")}};
  auto pdf = Call("Page.printToPDF", std::move(params), session);
  if (!pdf.ok()) return pdf.error();
  const auto* data = pdf->if_contains("data");
  if (!data || !data->is_string()) return MakeError(ErrorCode::kUnavailable, "Chromium printed nothing");
  std::string bytes = Base64Decode(data->as_string());
  (void)Call("Target.closeTarget", {{"targetId", tid}});
  if (!bytes.starts_with("%PDF")) return MakeError(ErrorCode::kUnavailable, "Chromium's output is not a PDF");
  return bytes;
}

Result<std::vector<std::string>> PdfPages(const std::string& pdf_path, const std::string& pdftotext) {
  if (!std::filesystem::exists(pdftotext))
    return MakeError(ErrorCode::kUnavailable, "page numbers need poppler's pdftotext (" + pdftotext + " not found)");
  std::string out;
  if (Capture({pdftotext, "-enc", "UTF-8", pdf_path, "-"}, out) != 0)
    return MakeError(ErrorCode::kUnavailable, "pdftotext could not read " + pdf_path);
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t ff; (ff = out.find('\f', start)) != std::string::npos; start = ff + 1)
    pages.push_back(out.substr(start, ff - start));
  if (start < out.size() && out.find_first_not_of(" \n", start) != std::string::npos) pages.push_back(out.substr(start));
  return pages;
}

}  // namespace mcs::report::internal
