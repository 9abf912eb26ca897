// Sign-in, sign-out, sign-out everywhere, and one's own account.
//
// The session cookie carries 32 random bytes; the database keeps only their SHA-256, so a copy of
// the database signs no one in. The cookie is HttpOnly (no script reads it), SameSite=Strict (no
// other site's page sends it) and Secure when the console is reached over TLS through the trusted
// proxy. Each session has its own CSRF token, so a token taken from one session is worthless in
// another. Before sign-in there is no session: the sign-in form's token is an HMAC of a random
// pre-sign-in cookie (the double-submit pattern), which stops other sites from signing a browser
// into an account of theirs.
#include "web/admin/access.h"

#include <algorithm>

#include "common/crypto.h"
#include "common/strings.h"

namespace mcs::web::admin {
namespace {

using http::Request;
using http::Response;

constexpr const char* kSessionCookie = "mcs_admin";
constexpr const char* kLoginCookie = "mcs_login";

bool IsHex(std::string_view s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string CookieAttrs(App& app, const Request& req) {
  return std::string("; Path=/admin; HttpOnly; SameSite=Strict") + (app.ViaTrustedTls(req) ? "; Secure" : "");
}

// Only console paths on this site: an open redirect would let a phishing link use our sign-in page.
std::string SafeNext(const std::string& next) {
  if (!StartsWith(next, "/admin") || StartsWith(next, "/admin/login") || next.find("//") != std::string::npos ||
      next.find('\\') != std::string::npos || next.find_first_of("\r\n") != std::string::npos) {
    return "/admin";
  }
  return next;
}

Response LoginPage(App& app, const Request& req, int status, const std::string& error, const std::string& next,
                   const std::string& name) {
  std::string cookie = req.Cookie(kLoginCookie);
  bool fresh = !IsHex(cookie, 32);
  if (fresh) cookie = app.random().Hex(16);
  std::string token = HmacSha256Hex(app.csrf_secret(), std::string("login:") + cookie);
  std::string body;
  if (!error.empty()) {
    body +=
        "<div class=\"error-summary\" role=\"alert\"><h2 class=\"error-summary__title\">There is a problem</h2><p>" +
        Esc(error) + "</p></div>\n";
  }
  body +=
      "<form method=\"post\" action=\"/admin/login\" class=\"stack\">\n<input type=\"hidden\" name=\"_csrf\" value=\"" +
      token + "\">\n<input type=\"hidden\" name=\"next\" value=\"" + Esc(next) +
      "\">\n<p><label class=\"label\" for=\"name\">User name</label>"
      "<input class=\"input\" id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"" +
      Esc(name) +
      "\"></p>\n<p><label class=\"label\" for=\"password\">Password</label>"
      "<input class=\"input\" id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
      "required></p>\n<p><button class=\"button\" type=\"submit\">Sign in</button></p>\n</form>\n";
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Sign in - mcsurvey "
      "console</title>\n"
      "<link rel=\"stylesheet\" href=\"/static/admin.css\">\n</head>\n<body>\n<header class=\"console-header\">"
      "<div class=\"console-width console-header__inner\"><span class=\"console-header__name\">mcsurvey console</span>"
      "</div></header>\n<main id=\"main\" class=\"console-width console-narrow\">\n<h1>Sign in</h1>\n" +
      body + "</main>\n</body>\n</html>\n";
  Response r = NoStore(Response::Html(status, std::move(html)));
  if (fresh) r.Header("Set-Cookie", std::string(kLoginCookie) + "=" + cookie + CookieAttrs(app, req));
  return r;
}

void AuditAs(App& app, const std::string& user, const std::string& action, const std::string& detail = "") {
  storage::AuditEvent e;
  e.at = app.clock().Now();
  e.user = user;
  e.action = action;
  e.target = user;
  e.detail = detail;
  (void)app.store().AppendAudit(e);
}

Response LoginPost(App& app, const Request& req) {
  http::FormData data = req.Form();
  std::string name = std::string(Trim(http::First(data, "name")));
  std::string password = http::First(data, "password");
  std::string next = SafeNext(http::First(data, "next"));
  std::string cookie = req.Cookie(kLoginCookie);
  if (!IsHex(cookie, 32) || !ConstantTimeEquals(http::First(data, "_csrf"),
                                                HmacSha256Hex(app.csrf_secret(), std::string("login:") + cookie))) {
    return LoginPage(app, req, 403, "The sign-in form expired. Please try again.", next, name);
  }
  TimeMs now = app.clock().Now();
  app.WaitForOwner();  // the first start's owner account may still be in the making
  auto user = app.store().GetUser(name);
  if (user && user->locked_until > now) {
    AuditAs(app, name, "sign-in-locked");
    return LoginPage(app, req, 403,
                     "Too many failed sign-ins: this account is locked until " + When(user->locked_until) +
                         ". Try again later or ask an owner.",
                     next, name);
  }
  // Unknown names cost an argon2id verification too, so timing does not tell which names exist.
  static const std::string kDummy = HashPassword("not a password of anyone");
  bool ok = VerifyPassword(user ? user->password_hash : kDummy, password) && user;
  if (!ok) {
    if (user) {
      int failures = user->failed_logins + 1;
      TimeMs until = failures >= kMaxFailedSignIns ? now + kLockMs : 0;
      (void)app.store().RecordSignIn(name, true, until);
      AuditAs(app, name, "sign-in-failed", until ? "account locked" : "");
    } else {
      AuditAs(app, "", "sign-in-failed", "unknown user name");
    }
    return LoginPage(app, req, 401, "The user name or password is not right.", next, name);
  }
  (void)app.store().RecordSignIn(name, false, 0);
  std::string id = app.random().Hex(32);
  storage::SessionRecord s;
  s.id_hash = Sha256Hex(id);
  s.user = name;
  s.csrf = app.random().Hex(32);
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + kIdleMs;
  if (Status st = app.store().CreateSession(s); !st.ok()) {
    return LoginPage(app, req, 503, "Signing in failed: " + st.error().message, next, name);
  }
  AuditAs(app, name, "sign-in");
  Response r = NoStore(Response::Redirect(next));
  r.Header("Set-Cookie", std::string(kSessionCookie) + "=" + id + CookieAttrs(app, req));
  r.Header("Set-Cookie", std::string(kLoginCookie) + "=; Max-Age=0" + CookieAttrs(app, req));
  return r;
}

Response ClearSession(App& app, const Request& req) {
  Response r = NoStore(Response::Redirect("/admin/login"));
  r.Header("Set-Cookie", std::string(kSessionCookie) + "=; Max-Age=0" + CookieAttrs(app, req));
  return r;
}

Response AccountPage(Ctx& c, const std::string& notice, const std::string& error, int status = 200) {
  std::string body;
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  body += "<h2>Change your password</h2>\n<form method=\"post\" action=\"/admin/account/password\" class=\"stack\">" +
          CsrfField(c) +
          "<p><label class=\"label\" for=\"current\">Current password</label><input class=\"input\" id=\"current\" "
          "name=\"current\" type=\"password\" autocomplete=\"current-password\" required></p>"
          "<p><label class=\"label\" for=\"new\">New password (at least 12 characters)</label><input class=\"input\" "
          "id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" required></p>"
          "<p><button class=\"button\" type=\"submit\">Change password</button></p></form>\n"
          "<h2>Sign out everywhere</h2>\n<p>Ends every session of your account, on every device, including this "
          "one.</p>\n" +
          PostButton(c, "/admin/logout-everywhere", "Sign out everywhere") + "\n";
  return Page(c, status, "Your account", body);
}

}  // namespace

std::optional<Ctx> LoadSession(App& app, const Request& req, const http::Params& params) {
  std::string id = req.Cookie(kSessionCookie);
  if (!IsHex(id, 64)) return std::nullopt;
  TimeMs now = app.clock().Now();
  std::string hash = Sha256Hex(id);
  auto s = app.store().FindSession(hash, now);
  if (!s) return std::nullopt;
  auto user = app.store().GetUser(s->user);
  if (!user) return std::nullopt;
  // Slide the idle expiry, at most once a minute (each touch is a write).
  if (now - s->last_seen_at > 60 * 1000) {
    (void)app.store().TouchSession(hash, now, std::min(now + kIdleMs, s->created_at + kMaxSessionMs));
  }
  Ctx c{app, req, params, std::move(*user), Role::kViewer, hash, s->csrf, {}};
  c.role = ParseRole(c.user.role);
  return c;
}

void AddAccessRoutes(App& app, http::Router& r) {
  r.Add("GET", "/admin/login", [&app](const Request& req, const http::Params&) {
    return LoginPage(app, req, 200, "", SafeNext(http::First(req.Query(), "next")), "");
  });
  r.Add("POST", "/admin/login", [&app](const Request& req, const http::Params&) { return LoginPost(app, req); });
  Post(app, r, "/admin/logout", Role::kViewer, [](Ctx& c) {
    (void)c.app.store().DeleteSession(c.session_hash);
    c.Audit("sign-out", c.user.name);
    return ClearSession(c.app, c.req);
  });
  Post(app, r, "/admin/logout-everywhere", Role::kViewer, [](Ctx& c) {
    (void)c.app.store().DeleteUserSessions(c.user.name);
    c.Audit("sign-out-everywhere", c.user.name);
    return ClearSession(c.app, c.req);
  });
  Get(app, r, "/admin/account", Role::kViewer, [](Ctx& c) { return AccountPage(c, "", ""); });
  Post(app, r, "/admin/account/password", Role::kViewer, [](Ctx& c) {
    std::string current = c.Field("current"), fresh = c.Field("new");
    if (!VerifyPassword(c.user.password_hash, current))
      return AccountPage(c, "", "The current password is not right.", 422);
    if (Utf8Length(fresh) < 12) return AccountPage(c, "", "The new password needs at least 12 characters.", 422);
    storage::UserRecord u = c.user;
    u.password_hash = HashPassword(fresh);
    if (Status st = c.app.store().UpdateUser(u); !st.ok()) return AccountPage(c, "", st.error().message, 503);
    c.Audit("password-change", c.user.name);
    return AccountPage(c, "Your password has been changed.", "");
  });
}

}  // namespace mcs::web::admin
