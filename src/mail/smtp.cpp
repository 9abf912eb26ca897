#include "mail/smtp.h"

#include <curl/curl.h>

#include <cctype>
#include <cstring>
#include <mutex>

#include "common/email_address.h"

namespace mcs::mail {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Reader {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t ReadBody(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Reader*>(user);
  std::size_t room = size * n, left = r->data->size() - r->pos;
  std::size_t k = left < room ? left : room;
  std::memcpy(buf, r->data->data() + r->pos, k);
  r->pos += k;
  return k;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.substr(0, 4) == "127.";
}

std::string CheckSettings(const SmtpSettings& s) {
  if (s.host.empty()) return "the SMTP host is missing";
  for (char c : s.host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
      return "the SMTP host is not a host name or address";
  }
  if (s.port < 1 || s.port > 65535) return "the port must be 1 to 65535";
  if (s.security != "starttls" && s.security != "smtps" && s.security != "none")
    return "the security must be starttls, smtps or none";
  if (s.security == "none" && !IsLoopbackHost(s.host))
    return "without TLS (none) the relay must be on this machine (127.0.0.1, ::1, localhost)";
  if (!ValidEmail(s.from_address)) return "the sender is not an e-mail address";
  if (!s.reply_to.empty() && !ValidEmail(s.reply_to)) return "the reply-to is not an e-mail address";
  for (const std::string* v : {&s.user, &s.password, &s.from_name}) {
    for (char c : *v)
      if (c == '\r' || c == '\n' || c == '\0') return "a field holds a line break";
  }
  if (s.per_minute < 0 || s.per_minute > 100000) return "messages per minute must be 0 (no limit) to 100000";
  return "";
}

SendResult Send(const SmtpSettings& s, std::string_view envelope_from, std::string_view to,
                const std::string& message) {
  SendResult out;
  if (std::string why = CheckSettings(s); !why.empty()) {
    out.kind = SendResult::kPermanent;
    out.message = why;
    return out;
  }
  if (!ValidEmail(to) || !ValidEmail(envelope_from)) {
    out.kind = SendResult::kPermanent;
    out.message = "not an e-mail address";
    return out;
  }
  GlobalInit();
  // One handle per thread, reset between messages: curl_easy_reset keeps its live connection, so a
  // sender thread hands message after message to the relay on one SMTP session (no new TCP, TLS and
  // EHLO each time); libcurl opens a new one when the relay has closed it or the settings changed.
  struct Handle {
    CURL* h = nullptr;
    ~Handle() {
      if (h) curl_easy_cleanup(h);
    }
  };
  thread_local Handle handle;
  if (handle.h) curl_easy_reset(handle.h);
  else handle.h = curl_easy_init();
  CURL* curl = handle.h;
  if (!curl) {
    out.message = "libcurl could not start";
    return out;
  }
  std::string host = s.host.find(':') != std::string::npos && s.host.front() != '[' ? "[" + s.host + "]" : s.host;
  std::string url = std::string(s.security == "smtps" ? "smtps://" : "smtp://") + host + ":" + std::to_string(s.port);
  std::string from = "<" + std::string(envelope_from) + ">", rcpt = "<" + std::string(to) + ">";
  curl_slist* rcpts = curl_slist_append(nullptr, rcpt.c_str());
  Reader reader{&message};
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (s.security == "starttls") curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!s.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(rcpts);
  out.code = static_cast<int>(code);
  if (rc == CURLE_OK) {
    out.kind = SendResult::kSent;
    return out;
  }
  out.message = err[0] ? err : curl_easy_strerror(rc);
  out.kind = code >= 500 && code < 600 ? SendResult::kPermanent : SendResult::kTemporary;
  if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED || rc == CURLE_UNSUPPORTED_PROTOCOL)
    out.kind = SendResult::kPermanent;
  return out;
}

}  // namespace mcs::mail
