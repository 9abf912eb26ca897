#include "web/request_lang.h"

#include <algorithm>

#include "common/i18n.h"
#include "common/strings.h"
#include "web/views.h"

namespace mcs::web {

std::string RequestLang(const http::Request& req, const std::string& wanted, const std::string& fallback) {
  static const std::vector<std::string> kKnown = i18n::Languages();
  auto known = [](const std::string& l) { return std::find(kKnown.begin(), kKnown.end(), l) != kKnown.end(); };
  if (known(wanted)) return wanted;
  if (std::string q = http::First(req.Query(), "lang"); known(q)) return q;
  for (const auto& part : Split(req.Header("accept-language"), ',')) {
    std::string tag = ToLower(Trim(part.substr(0, part.find(';'))));
    std::string primary = tag.substr(0, tag.find('-'));
    if (known(primary)) return primary;
  }
  return fallback;
}

http::Response UnavailablePage(const std::string& lang) {
  http::Response r = http::Response::Html(
      503, MessagePage(i18n::T(lang, "there_is_a_problem"), {i18n::T(lang, "busy_unavailable")}, lang));
  r.Header("Retry-After", "5");  // as the HTTP server's own 503: a database server restarts in seconds
  r.Header("Cache-Control", "no-store");
  return r;
}

}  // namespace mcs::web
