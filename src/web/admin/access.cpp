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
      token + "\">\n<input type=\"hidden\" name=\"next\" value=\"" + EscAttr(next) +
      "\">\n<p><label class=\"label\" for=\"name\">User name</label>"
      "<input class=\"input\" id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"" +
      EscAttr(name) +
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

// One answer, word for word and status, for a wrong password, an unknown name and a name held back
// by the throttle: none of them tells which names exist or which are throttled.
constexpr const char* kSignInRefused =
    "The user name or password is not right. After repeated failures a name is held back for a while "
    "(from browsers it has not signed in with): wait a few minutes, or ask an owner.";

// A browser that has signed in as `name` before carries a device cookie for it: a random nonce and
// an HMAC of the nonce and the name. It lets the right password in while the name is throttled for
// everyone else, so failures sent by others cannot lock a team member out (OWASP's "device cookies").
constexpr const char* kDeviceCookie = "mcs_device";
constexpr TimeMs kDeviceMaxAgeSeconds = 365LL * 24 * 3600;

std::string DeviceMac(App& app, const std::string& name, std::string_view nonce) {
  return HmacSha256Hex(app.csrf_secret(), "device:" + name + ":" + std::string(nonce));
}

bool IsKnownDevice(App& app, const Request& req, const std::string& name) {
  std::string v = req.Cookie(kDeviceCookie);
  // Several names may share a browser: "nonce.mac" pairs joined by '~'.
  for (std::size_t pos = 0; pos <= v.size();) {
    std::size_t end = v.find('~', pos);
    if (end == std::string::npos) end = v.size();
    std::string_view item(v.data() + pos, end - pos);
    auto dot = item.find('.');
    if (dot == 32 && IsHex(item.substr(0, 32), 32) &&
        ConstantTimeEquals(item.substr(33), DeviceMac(app, name, item.substr(0, 32)))) {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

std::string DeviceCookie(App& app, const Request& req, const std::string& name) {
  std::string nonce = app.random().Hex(16);
  std::string item = nonce + "." + DeviceMac(app, name, nonce);
  std::string old = req.Cookie(kDeviceCookie);
  // Keep up to three other names' entries (shared computers), well-formed ones only.
  std::string kept;
  int n = 0;
  for (std::size_t pos = 0; pos < old.size() && n < 3;) {
    std::size_t end = old.find('~', pos);
    if (end == std::string::npos) end = old.size();
    std::string_view it(old.data() + pos, end - pos);
    if (it.size() == 97 && it[32] == '.' && IsHex(it.substr(0, 32), 32) && IsHex(it.substr(33), 64)) {
      kept += "~" + std::string(it);
      n++;
    }
    pos = end + 1;
  }
  return std::string(kDeviceCookie) + "=" + item + kept + "; Max-Age=" + std::to_string(kDeviceMaxAgeSeconds) +
         "; Path=/admin/login; HttpOnly; SameSite=Strict" + (app.ViaTrustedTls(req) ? "; Secure" : "");
}

// The password check and what follows it, on a password-check thread (PasswordChecks): never on the
// threads that serve respondents, a few at a time however many sign-ins arrive.
Response CheckSignIn(App& app, const Request& req, const std::string& name, const std::string& password,
                     const std::string& next) {
  app.WaitForOwner();  // the first start's owner account may still be in the making
  // Read now, in the check's slot, not when the request arrived: failures counted meanwhile apply.
  TimeMs now = app.clock().Now();
  auto user = app.store().GetUser(name);
  const bool known_device = user && IsKnownDevice(app, req, name);
  const bool held_back = user && user->locked_until > now && !known_device;
  // Unknown and held-back names cost an argon2id verification too, so timing tells nothing.
  static const std::string kDummy = HashPassword("not a password of anyone");
  const bool checked = user && !held_back;
  bool ok = VerifyPassword(checked ? user->password_hash : kDummy, password) && checked;
  if (!ok) {
    (void)app.auth_failures().Allow(app.ClientOf(req), now);
    if (checked) {
      auto count = app.store().CountSignInFailure(name, now);
      int n = count.ok() ? *count : 0;
      AuditAs(app, name, "sign-in-failed",
              storage::SignInDelayMs(n) > 0 ? "held back for " + std::to_string(storage::SignInDelayMs(n) / 1000) + " s"
                                            : "");
    } else if (user) {
      AuditAs(app, name, "sign-in-held-back");
    } else {
      AuditAs(app, "", "sign-in-failed", "unknown user name");
    }
    return LoginPage(app, req, 401, kSignInRefused, next, name);
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
  if (!known_device) r.Header("Set-Cookie", DeviceCookie(app, req, name));
  return r;
}

// Runs on the I/O thread (quick): the form's token, the per-address limit, then the check is queued.
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
  // Failed sign-ins per address (with failed API tokens): 10 at once, then one every 6 seconds.
  TimeMs now = app.clock().Now();
  if (!app.auth_failures().Check(app.ClientOf(req), now)) {
    Response r = LoginPage(app, req, 429, "Too many failed sign-ins from your network. Please wait a minute.", next, name);
    r.Header("Retry-After", std::to_string(app.auth_failures().RetryAfterSeconds()));
    return r;
  }
  struct Outcome {
    Response response;
    std::exception_ptr error;
  };
  auto out = std::make_shared<Outcome>();
  auto request = std::make_shared<Request>(req);
  auto pending = app.password_checks().TrySubmit([&app, out, request, name, password, next] {
    try {
      out->response = CheckSignIn(app, *request, name, password, next);
    } catch (...) {
      out->error = std::current_exception();
    }
  });
  if (!pending) {
    Response r = LoginPage(app, req, 503, "Many sign-ins are under way. Please try again in a moment.", next, name);
    r.Header("Retry-After", "2");
    return r;
  }
  return Response::After(std::move(pending), [out]() -> Response {
    if (out->error) std::rethrow_exception(out->error);
    return std::move(out->response);
  });
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
    if (auto refused = RefuseUnlessNavigation(req)) return *refused;
    return ConsoleHeaders(LoginPage(app, req, 200, "", SafeNext(http::First(req.Query(), "next")), ""));
  });
  // Quick: the password check itself is queued on the password-check threads (LoginPost).
  r.Add("POST", "/admin/login", [&app](const Request& req, const http::Params&) {
    if (auto refused = RefuseUnlessNavigation(req)) return *refused;
    return ConsoleHeaders(LoginPost(app, req));
  }, http::Cost::kQuick);
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
    bool right = false;
    std::string hash;
    // argon2id on the password-check threads, in turn with sign-ins (memory stays bounded).
    c.app.password_checks().Run([&] {
      right = VerifyPassword(c.user.password_hash, current);
      if (right && Utf8Length(fresh) >= 12) hash = HashPassword(fresh);
    });
    if (!right) return AccountPage(c, "", "The current password is not right.", 422);
    if (Utf8Length(fresh) < 12) return AccountPage(c, "", "The new password needs at least 12 characters.", 422);
    storage::UserRecord u = c.user;
    u.password_hash = hash;
    if (Status st = c.app.store().UpdateUser(u); !st.ok()) return AccountPage(c, "", st.error().message, 503);
    // A new password ends every other session of the account (someone who knew the old one may be
    // signed in elsewhere); this one goes on under a new cookie.
    (void)c.app.store().DeleteUserSessions(c.user.name);
    TimeMs now = c.app.clock().Now();
    std::string id = c.app.random().Hex(32);
    storage::SessionRecord s;
    s.id_hash = Sha256Hex(id);
    s.user = c.user.name;
    s.csrf = c.app.random().Hex(32);
    s.created_at = now;
    s.last_seen_at = now;
    s.expires_at = now + kIdleMs;
    if (Status st = c.app.store().CreateSession(s); !st.ok()) return ClearSession(c.app, c.req);
    c.Audit("password-change", c.user.name, "other sessions ended");
    c.session_hash = s.id_hash;
    c.csrf = s.csrf;
    Response r = AccountPage(c, "Your password has been changed. Your other sessions have been signed out.", "");
    r.Header("Set-Cookie", std::string(kSessionCookie) + "=" + id + CookieAttrs(c.app, c.req));
    return r;
  });
}

}  // namespace mcs::web::admin
