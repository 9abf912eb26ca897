#include "mail/imap.h"

#include <curl/curl.h>

#include <cctype>
#include <charconv>
#include <mutex>

#include "mail/smtp.h"

namespace mcs::mail {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string data;
  std::size_t limit = 0;
  bool truncated = false;
};

std::size_t Write(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  std::size_t k = size * n;
  if (s->data.size() + k > s->limit) {
    s->data.append(ptr, s->limit - s->data.size());
    s->truncated = true;
    return 0;  // stops the transfer: what was read is kept
  }
  s->data.append(ptr, k);
  return k;
}

std::string UrlEscapeMailbox(const std::string& m) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : m) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string CheckImapSettings(const ImapSettings& s) {
  if (s.host.empty()) return "the IMAP host is missing";
  for (char c : s.host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
      return "the IMAP host is not a host name or address";
  }
  if (s.port < 1 || s.port > 65535) return "the IMAP port must be 1 to 65535";
  if (s.security != "imaps" && s.security != "starttls" && s.security != "none")
    return "the IMAP security must be imaps, starttls or none";
  if (s.security == "none" && !IsLoopbackHost(s.host))
    return "without TLS (none) the IMAP server must be on this machine (127.0.0.1, ::1, localhost)";
  if (s.user.empty()) return "the IMAP user name is missing";
  for (const std::string* v : {&s.user, &s.password}) {
    for (char c : *v)
      if (c == '\r' || c == '\n' || c == '\0') return "an IMAP field holds a line break";
  }
  if (s.mailbox.empty() || s.mailbox.size() > 100) return "the mailbox name must be 1 to 100 characters";
  for (char c : s.mailbox) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/' || c == '_' || c == '-' || c == ' '))
      return "the mailbox name may hold letters, digits, '.', '/', '_', '-' and spaces only";
  }
  return "";
}

ImapMailbox::ImapMailbox(ImapSettings s) : s_(std::move(s)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

ImapMailbox::~ImapMailbox() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<std::string> ImapMailbox::Run(const std::string& url_tail, const std::string& command, std::size_t limit,
                                     bool* truncated) {
  if (std::string why = CheckImapSettings(s_); !why.empty()) return MakeError(ErrorCode::kInvalid, why);
  auto* curl = static_cast<CURL*>(curl_);
  if (!curl) return MakeError(ErrorCode::kInternal, "libcurl could not start");
  curl_easy_reset(curl);  // keeps the connection (and the selected mailbox) for the next command
  std::string host = s_.host.find(':') != std::string::npos && s_.host.front() != '[' ? "[" + s_.host + "]" : s_.host;
  std::string url = std::string(s_.security == "imaps" ? "imaps://" : "imap://") + host + ":" +
                    std::to_string(s_.port) + "/" + UrlEscapeMailbox(s_.mailbox) + url_tail;
  Sink sink;
  sink.limit = limit;
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  if (s_.security == "starttls") curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_USERNAME, s_.user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, s_.password.c_str());
  if (!command.empty()) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (truncated) *truncated = sink.truncated;
  if (rc == CURLE_WRITE_ERROR && sink.truncated) return sink.data;
  if (rc != CURLE_OK) {
    std::string why = err[0] ? err : curl_easy_strerror(rc);
    return MakeError(rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED ? ErrorCode::kInvalid
                                                                            : ErrorCode::kUnavailable,
                     "IMAP " + s_.host + ": " + why);
  }
  return sink.data;
}

Result<std::vector<long long>> ImapMailbox::Search(const std::string& criteria) {
  auto r = Run("", "UID SEARCH " + criteria, 4 * 1024 * 1024, nullptr);
  if (!r.ok()) return r.error();
  // "* SEARCH 1 4 9" (untagged, possibly over several lines).
  std::vector<long long> out;
  std::string_view text = *r;
  std::size_t pos = 0;
  while ((pos = text.find("SEARCH", pos)) != std::string_view::npos) {
    pos += 6;
    std::size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && !std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
      long long v = 0;
      auto [p, ec] = std::from_chars(line.data() + i, line.data() + line.size(), v);
      if (ec != std::errc()) break;
      out.push_back(v);
      i = static_cast<std::size_t>(p - line.data());
    }
  }
  return out;
}

Result<std::string> ImapMailbox::Fetch(long long uid, std::size_t limit, bool* truncated) {
  return Run("/;UID=" + std::to_string(uid), "", limit, truncated);
}

Status ImapMailbox::AddFlags(long long uid, const std::string& flags) {
  auto r = Run("", "UID STORE " + std::to_string(uid) + " +FLAGS (" + flags + ")", 64 * 1024, nullptr);
  if (!r.ok()) return r.error();
  return Status::Ok();
}

Status ImapMailbox::Expunge() {
  auto r = Run("", "EXPUNGE", 64 * 1024, nullptr);
  if (!r.ok()) return r.error();
  return Status::Ok();
}

}  // namespace mcs::mail
