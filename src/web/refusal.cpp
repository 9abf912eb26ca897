#include "web/refusal.h"

#include <algorithm>

#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/strings.h"
#include "web/form_registry.h"
#include "web/request_lang.h"
#include "web/study_texts.h"
#include "web/views.h"

namespace mcs::web {
namespace {

// Browsers name text/html in the Accept of every page they load or post; a request of which
// nothing could be read (a connection over a cap that sent nothing yet, a request line that does
// not parse) is most likely a browser too, and a program reads the status anyway.
bool IsBrowser(const http::Request& req) {
  if (req.method.empty() && req.headers.empty()) return true;
  return ToLower(req.Header("accept")).find("text/html") != std::string::npos;
}

// The form of /s/{form_id} and below.
std::string FormIdOf(const std::string& path) {
  if (!path.starts_with("/s/")) return "";
  const std::size_t end = path.find('/', 3);
  return path.substr(3, end == std::string::npos ? std::string::npos : end - 3);
}

}  // namespace

std::string RefusalLang(const http::Request& req, const FormRegistry* forms, const std::string& wanted) {
  std::string fallback = "en";
  const std::vector<std::string> known = i18n::Languages();
  if (const std::string& source = CurrentStudyTexts()->source_lang;
      std::find(known.begin(), known.end(), source) != known.end()) {
    fallback = source;
  }
  if (forms) {
    if (const std::string id = FormIdOf(req.path); !id.empty()) {
      if (auto f = forms->Latest(id); f && !f->lang().empty()) fallback = f->lang();
    }
  }
  return RequestLang(req, wanted, fallback);
}

http::Response RefusalFor(const http::Request& req, int status, int retry_after, const std::string& lang,
                          const std::string& title, const std::vector<std::string>& paragraphs,
                          const std::string& english) {
  http::Response r;
  if (req.path.starts_with("/api/")) {
    std::string body = "{\"error\":";
    AppendJsonString(body, english);
    body += "}";
    r = http::Response::Json(status, std::move(body));
  } else if (IsBrowser(req)) {
    r = http::Response::Html(status, MessagePage(title, paragraphs, lang,
                                                 "<p class=\"link-block\"><a href=\"/?lang=" + HtmlEscape(lang) +
                                                     "\">" + HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n"));
    r.Header("Content-Language", lang);
  } else {
    std::string text = title + "\n";
    for (const auto& p : paragraphs) text += p + "\n";
    r = http::Response::Text(status, std::move(text));
    r.Header("Content-Language", lang);
  }
  if (retry_after > 0) r.Header("Retry-After", std::to_string(retry_after));
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Response RefusalResponse(http::Refusal why, const http::Request& req, const FormRegistry* forms) {
  using http::Refusal;
  const http::RefusalInfo info = http::Describe(why);
  const std::string lang = RefusalLang(req, forms);
  auto t = [&](const char* key) { return i18n::T(lang, key); };
  std::string title = t("there_is_a_problem");
  std::vector<std::string> paragraphs;
  switch (why) {
    case Refusal::kBadRequest:
      paragraphs = {t("refusal_bad_request")};
      break;
    case Refusal::kBodyTooLarge:
      paragraphs = {t("refusal_too_large")};
      break;
    case Refusal::kHeadersTooLarge:
      paragraphs = {t("refusal_headers_too_large")};
      break;
    case Refusal::kTooManyConnections:
      paragraphs = {t("refusal_busy"), i18n::FormatCount(lang, "refusal_retry", info.retry_after)};
      break;
    case Refusal::kUnavailable:
      paragraphs = {t("busy_unavailable")};
      break;
    case Refusal::kInternalError:
      paragraphs = {t("refusal_error")};
      break;
    case Refusal::kNotFound:
      title = t("page_not_found");
      paragraphs = {t("link_invalid_text")};
      break;
    case Refusal::kMethodNotAllowed:
      paragraphs = {t("refusal_method")};
      break;
  }
  return RefusalFor(req, info.status, info.retry_after, lang, title, paragraphs, info.text);
}

http::RefusalPage RefusalPageFor(const FormRegistry& forms) {
  return [&forms](http::Refusal why, const http::Request& req) { return RefusalResponse(why, req, &forms); };
}

}  // namespace mcs::web
