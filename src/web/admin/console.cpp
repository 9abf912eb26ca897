// The console's frame: session checks around every handler, the page layout and navigation.
#include "web/admin/console.h"

#include <cstdio>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "http/multipart.h"
#include "web/admin/access.h"

namespace mcs::web::admin {

using http::Request;
using http::Response;

Role ParseRole(const std::string& s) {
  if (s == "owner") return Role::kOwner;
  if (s == "analyst") return Role::kAnalyst;
  return Role::kViewer;
}

bool ValidRoleName(const std::string& s) {
  return s == "owner" || s == "analyst" || s == "viewer";
}

std::string Ctx::Field(std::string_view name) const {
  if (req.method == "GET") return http::First(req.Query(), name);
  return http::First(form, name);
}

void Ctx::Audit(const std::string& action, const std::string& target, const std::string& detail) const {
  storage::AuditEvent e;
  e.at = app.clock().Now();
  e.user = user.name;
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)app.store().AppendAudit(e);
}

namespace {

// The length of the bidirectional control at s[i] (UTF-8), or 0.
std::size_t BidiControlAt(std::string_view s, std::size_t i, unsigned* cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 1 < s.size() && b(0) == 0xD8 && b(1) == 0x9C) {  // U+061C ARABIC LETTER MARK
    *cp = 0x061C;
    return 2;
  }
  if (i + 2 >= s.size() || b(0) != 0xE2) return 0;
  unsigned c = 0x2000 + ((b(1) & 0x3F) << 6) + (b(2) & 0x3F);
  if ((b(1) & 0xC0) != 0x80 || (b(2) & 0xC0) != 0x80) return 0;
  if (c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
    *cp = c;
    return 3;
  }
  return 0;
}

template <typename Shown>
std::string EscapeWithBidi(std::string_view s, Shown shown, bool* had) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned cp = 0;
    std::size_t n = static_cast<unsigned char>(s[i]) >= 0xD8 ? BidiControlAt(s, i, &cp) : 0;
    if (n == 0) {
      ++i;
      continue;
    }
    AppendHtmlEscaped(out, s.substr(from, i - from));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04X", cp);
    out += shown(buf);
    i += n;
    from = i;
    *had = true;
  }
  AppendHtmlEscaped(out, s.substr(from));
  return out;
}

}  // namespace

std::string Esc(std::string_view s) {
  bool had = false;
  std::string out = EscapeWithBidi(s, [](const char* hex) { return std::string("[U+") + hex + "]"; }, &had);
  return had ? "<bdi class=\"bidi-control\">" + out + "</bdi>" : out;
}

std::string EscAttr(std::string_view s) {
  bool had = false;
  return EscapeWithBidi(s, [](const char* hex) { return std::string("&#x") + hex + ";"; }, &had);
}

std::optional<Response> RefuseUnlessNavigation(const Request& req) {
  std::string_view mode = req.Header("sec-fetch-mode"), dest = req.Header("sec-fetch-dest");
  // Browsers without Fetch Metadata (before 2020-2023) send neither: they are let through.
  if ((!mode.empty() && mode != "navigate") || (!dest.empty() && dest != "document")) {
    Response r = Response::Text(403, "console pages open only as pages of their own, not from scripts or frames\n");
    r.Header("Cache-Control", "no-store");
    r.Header("Vary", "Sec-Fetch-Mode, Sec-Fetch-Dest");
    return r;
  }
  return std::nullopt;
}

Response ConsoleHeaders(Response r) {
  r.Header("Cross-Origin-Opener-Policy", "same-origin");
  return r;
}

std::string When(TimeMs t) {
  return t > 0 ? FormatStudyTime(t) : "—";
}

Response NoStore(Response r) {
  r.Header("Cache-Control", "no-store");
  return r;
}

bool CsrfValid(const Ctx& c, std::string_view token) {
  return !c.csrf.empty() && ConstantTimeEquals(token, c.csrf);
}

std::optional<Response> ReadUpload(Ctx& c, Role least, Uploaded& out, std::string_view text_field) {
  std::string token;
  const std::string boundary = http::MultipartBoundary(c.req.Header("content-type"));
  if (!boundary.empty() || text_field.empty()) {
    auto parts = http::ParseMultipart(c.req.body, boundary);
    if (!parts.ok())
      return NoStore(Response::Text(400, "the upload is not a well-formed form post: " + parts.error().message + "\n"));
    if (const auto* p = http::FindPart(*parts, "_csrf")) token = p->data;
    if (const auto* p = http::FindPart(*parts, "file"); p && !p->data.empty()) {
      out.text = p->data;
      out.file_name = p->file_name;
      out.from_file = true;
    }
    if (!text_field.empty() && out.text.empty())
      if (const auto* p = http::FindPart(*parts, text_field)) out.text = p->data;
  } else {
    c.form = c.req.Form();
    token = http::First(c.form, "_csrf");
    out.text = http::First(c.form, text_field);
  }
  if (!CsrfValid(c, token))
    return NoStore(
        Response::Text(403, "the form's security token is missing or belongs to another session: reload the page\n"));
  if (!c.Can(least)) return Forbidden(c);
  return std::nullopt;
}

std::string LeftOutTextsBox(const std::vector<std::string>& ids, std::string_view whose) {
  if (ids.empty()) return "";
  std::string out = "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">" +
                    std::to_string(ids.size()) + " texts were left out: " + Esc(whose) +
                    " changed since the file was made</h2><ul class=\"problems\">";
  for (const auto& id : ids) out += "<li><code>" + Esc(id) + "</code></li>";
  return out + "</ul><p>Download the file again and translate these.</p></div>\n";
}

std::string InputField(const std::string& id, const std::string& label, const std::string& value,
                       const std::string& type, const std::string& hint) {
  std::string out = "<p><label class=\"label\" for=\"" + id + "\">" + Esc(label) + "</label>";
  if (!hint.empty()) out += "<span class=\"hint\" id=\"" + id + "-hint\">" + Esc(hint) + "</span>";
  out += "<input class=\"input input--medium\" type=\"" + type + "\" id=\"" + id + "\" name=\"" + id + "\" value=\"" +
         EscAttr(value) + "\"" + (hint.empty() ? "" : " aria-describedby=\"" + id + "-hint\"") +
         (type == "password" ? " autocomplete=\"new-password\"" : "") + "></p>";
  return out;
}

std::string CsrfField(const Ctx& c) {
  return "<input type=\"hidden\" name=\"_csrf\" value=\"" + EscAttr(c.csrf) + "\">";
}

std::string PostButton(const Ctx& c, const std::string& action, const std::string& label,
                       const std::string& hidden_name, const std::string& hidden_value, const std::string& css) {
  std::string out = "<form method=\"post\" action=\"" + Esc(action) + "\" class=\"inline-form\">" + CsrfField(c);
  if (!hidden_name.empty()) {
    out += "<input type=\"hidden\" name=\"" + EscAttr(hidden_name) + "\" value=\"" + EscAttr(hidden_value) + "\">";
  }
  return out + "<button type=\"submit\" class=\"" + Esc(css) + "\">" + Esc(label) + "</button></form>";
}

namespace {

struct NavItem {
  const char* href;
  const char* text;
  Role least;
};

constexpr NavItem kNav[] = {
    {"/admin", "Dashboard", Role::kViewer},
    {"/admin/forms", "Forms", Role::kViewer},
    {"/admin/invitations", "Invitations", Role::kAnalyst},
    {"/admin/contacts", "Contacts", Role::kAnalyst},
    {"/admin/campaigns", "Campaigns", Role::kAnalyst},
    {"/admin/mail/templates", "Message templates", Role::kAnalyst},
    {"/admin/mail", "E-mail", Role::kOwner},
    {"/admin/bounces", "Bounces", Role::kOwner},
    {"/admin/quality", "Data quality", Role::kAnalyst},
    {"/admin/exports", "Exports", Role::kAnalyst},
    {"/admin/report", "Report", Role::kAnalyst},
    {"/admin/followups", "Follow-up contacts", Role::kOwner},
    {"/admin/tokens", "API tokens", Role::kAnalyst},
    {"/admin/users", "Users", Role::kOwner},
    {"/admin/audit", "Audit log", Role::kOwner},
    {"/admin/privacy", "Privacy", Role::kOwner},
    {"/admin/study", "Study texts", Role::kOwner},
};

}  // namespace

Response Page(const Ctx& c, int status, const std::string& title, const std::string& body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      Esc(title) +
      " - mcsurvey console</title>\n<link rel=\"stylesheet\" href=\"/static/admin.css\">\n</head>\n<body>\n"
      "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
      "<header class=\"console-header\"><div class=\"console-width console-header__inner\">"
      "<span class=\"console-header__name\">mcsurvey console</span><span class=\"console-header__user\">Signed in as " +
      Esc(c.user.name) + " (" + Esc(c.user.role) + ")</span>" +
      PostButton(c, "/admin/logout", "Sign out", "", "", "button button--header") +
      "</div></header>\n<nav class=\"console-nav\" aria-label=\"Console\"><ul class=\"console-width\">";
  for (const NavItem& n : kNav) {
    if (!c.Can(n.least)) continue;
    std::string href = n.href;
    bool current = href == "/admin" ? c.req.path == "/admin" : StartsWith(c.req.path, href);
    out += "<li><a href=\"" + href + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + n.text + "</a></li>";
  }
  out += "</ul></nav>\n<main id=\"main\" class=\"console-width\" tabindex=\"-1\">\n<h1>" + Esc(title) + "</h1>\n" +
         body + "</main>\n</body>\n</html>\n";
  return NoStore(Response::Html(status, std::move(out)));
}

Response Forbidden(const Ctx& c) {
  return Page(c, 403, "Not allowed", "<p>Your role (" + Esc(c.user.role) + ") does not allow this.</p>");
}

Response NotFound(const Ctx& c) {
  return Page(c, 404, "Not found", "<p>There is nothing here.</p>");
}

namespace {

Response WrapSession(App& app, const Request& req, const http::Params& p, Role least, const Handler& h, bool is_post,
                     bool multipart) {
  std::optional<Ctx> c = LoadSession(app, req, p);
  if (!c) {
    if (is_post) return NoStore(Response::Text(403, "not signed in\n"));
    std::string next = req.path + (req.query.empty() ? "" : "?" + req.query);
    return NoStore(Response::Redirect("/admin/login?next=" + UrlEncode(next)));
  }
  if (is_post && !multipart) {
    c->form = req.Form();
    if (!CsrfValid(*c, http::First(c->form, "_csrf"))) {
      return NoStore(
          Response::Text(403, "the form's security token is missing or belongs to another session: reload the page\n"));
    }
  }
  if (!c->Can(least)) return Forbidden(*c);
  app.SyncForms();  // forms added or published on another node show here too (at most once a second)
  return h(*c);
}

Response Wrap(App& app, const Request& req, const http::Params& p, Role least, const Handler& h, bool is_post,
              bool multipart) {
  if (auto refused = RefuseUnlessNavigation(req)) return *refused;
  return ConsoleHeaders(WrapSession(app, req, p, least, h, is_post, multipart));
}

}  // namespace

void Get(App& app, http::Router& r, const std::string& pattern, Role least, Handler h) {
  r.Add("GET", pattern, [&app, least, h = std::move(h)](const Request& req, const http::Params& p) {
    return Wrap(app, req, p, least, h, false, false);
  });
}

void Post(App& app, http::Router& r, const std::string& pattern, Role least, Handler h, bool multipart) {
  r.Add("POST", pattern, [&app, least, multipart, h = std::move(h)](const Request& req, const http::Params& p) {
    return Wrap(app, req, p, least, h, true, multipart);
  });
}

}  // namespace mcs::web::admin

namespace mcs::web {

void AddConsoleRoutes(App& app, http::Router& r) {
  admin::AddAccessRoutes(app, r);
  admin::AddFormRoutes(app, r);
  admin::AddInvitationRoutes(app, r);
  admin::AddContactRoutes(app, r);
  admin::AddMailRoutes(app, r);
  admin::AddBounceRoutes(app, r);  // issue 22
  admin::AddCampaignRoutes(app, r);
  admin::AddDashboardRoutes(app, r);
  admin::AddQualityRoutes(app, r);
  admin::AddDataRoutes(app, r);
  admin::AddPrivacyRoutes(app, r);
  admin::AddTeamRoutes(app, r);
  admin::AddTranslationRoutes(app, r);
  admin::AddPrintRoutes(app, r);
  admin::AddResultsRoutes(app, r);
  admin::AddStudyTextRoutes(app, r);  // issue 24: the study's own texts
}

}  // namespace mcs::web
