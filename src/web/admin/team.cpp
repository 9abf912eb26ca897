// The team: user accounts (owner), API tokens (analyst: their own; owner: everyone's), the audit log
// (owner).
#include "common/crypto.h"
#include "common/strings.h"
#include "web/admin/console.h"

namespace mcs::web::admin {
namespace {

using http::Response;

bool ValidUserName(const std::string& n) {
  return !n.empty() && n.size() <= 64 &&
         n.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@") == std::string::npos;
}

std::string RoleSelect(const std::string& id, const std::string& current) {
  std::string out = "<select class=\"select\" id=\"" + Esc(id) + "\" name=\"role\">";
  for (const char* r : {"viewer", "analyst", "owner"}) {
    out += std::string("<option value=\"") + r + "\"" + (current == r ? " selected" : "") + ">" + r + "</option>";
  }
  return out + "</select>";
}

Response UsersPage(Ctx& c, const std::string& notice, const std::string& error, int status = 200) {
  std::string body;
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Esc(notice) + "</p>\n";
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  TimeMs now = c.app.clock().Now();
  body +=
      "<table class=\"table\"><caption>Accounts</caption><thead><tr><th scope=\"col\">Name</th><th "
      "scope=\"col\">Role</th>"
      "<th scope=\"col\">Created</th><th scope=\"col\">Sign-in</th><th "
      "scope=\"col\">Actions</th></tr></thead><tbody>\n";
  for (const auto& u : c.app.store().ListUsers()) {
    std::string base = "/admin/users/" + UrlEncode(u.name);
    std::string state = u.locked_until > now  ? "held back until " + When(u.locked_until)
                        : u.failed_logins > 0 ? std::to_string(u.failed_logins) + " failed"
                                              : "ok";
    body += "<tr><th scope=\"row\">" + Esc(u.name) + "</th><td>" + Esc(u.role) + "</td><td>" + Esc(When(u.created_at)) +
            "</td><td>" + Esc(state) + "</td><td class=\"actions\">";
    if (u.name != c.user.name) {
      std::string sid = "role-" + Esc(u.name);
      body += "<form method=\"post\" action=\"" + Esc(base + "/role") + "\" class=\"inline-form\">" + CsrfField(c) +
              "<label class=\"visually-hidden\" for=\"" + sid + "\">Role of " + Esc(u.name) + "</label>" +
              RoleSelect(sid, u.role) +
              "<button class=\"button button--secondary\" type=\"submit\">Set role</button></form>";
      std::string pid = "pw-" + Esc(u.name);
      body += "<form method=\"post\" action=\"" + Esc(base + "/password") + "\" class=\"inline-form\">" + CsrfField(c) +
              "<label class=\"visually-hidden\" for=\"" + pid + "\">New password for " + Esc(u.name) +
              "</label><input class=\"input input--short\" type=\"password\" id=\"" + pid +
              "\" name=\"password\" autocomplete=\"new-password\" minlength=\"12\" required>"
              "<button class=\"button button--secondary\" type=\"submit\">Set password</button></form>";
      if (u.locked_until > now || u.failed_logins > 0) body += PostButton(c, base + "/unlock", "Unlock");
      body += PostButton(c, base + "/signout", "Sign out everywhere");
      body += PostButton(c, base + "/delete", "Delete", "", "", "button button--warning");
    } else {
      body += "<a href=\"/admin/account\">Your account</a>";
    }
    body += "</td></tr>\n";
  }
  body += "</tbody></table>\n<h2>Add an account</h2>\n<form method=\"post\" action=\"/admin/users\" class=\"stack\">" +
          CsrfField(c) +
          "<p><label class=\"label\" for=\"new-name\">User name</label><input class=\"input input--medium\" "
          "id=\"new-name\" "
          "name=\"name\" required></p><p><label class=\"label\" for=\"new-role\">Role</label>" +
          RoleSelect("new-role", "viewer") +
          "</p><p><label class=\"label\" for=\"new-password\">Password (at least 12 characters)</label><input "
          "class=\"input "
          "input--medium\" type=\"password\" id=\"new-password\" name=\"password\" autocomplete=\"new-password\" "
          "minlength=\"12\" required></p><p><button class=\"button\" type=\"submit\">Add account</button></p></form>\n";
  return Page(c, status, "Users", body);
}

// The account a /admin/users/{name}/... post is about; nullopt for oneself (owners do not lock
// themselves out by accident) or an unknown name.
std::optional<storage::UserRecord> Target(Ctx& c) {
  std::string name = c.Param("name");
  if (name == c.user.name) return std::nullopt;
  return c.app.store().GetUser(name);
}

Response TokensPage(Ctx& c, const std::string& new_token, const std::string& error, int status = 200) {
  std::string body;
  if (!new_token.empty()) {
    body +=
        "<div class=\"panel\" role=\"status\"><p>Your new token. Copy it now: it is shown only once and kept only as a "
        "hash.</p><p><code class=\"token\" id=\"new-token\">" +
        Esc(new_token) + "</code></p></div>\n";
  }
  if (!error.empty()) body += "<div class=\"error-summary\" role=\"alert\"><p>" + Esc(error) + "</p></div>\n";
  body +=
      "<p>Tokens open the JSON API (<code>Authorization: Bearer TOKEN</code>) with your role.</p>\n"
      "<table class=\"table\"><caption>API tokens</caption><thead><tr><th scope=\"col\">Label</th><th "
      "scope=\"col\">User</th>"
      "<th scope=\"col\">Created</th><th scope=\"col\">Status</th><th scope=\"col\">Actions</th></tr></thead><tbody>\n";
  for (const auto& t : c.app.store().ListApiTokens()) {
    if (t.user != c.user.name && !c.Can(Role::kOwner)) continue;
    body += "<tr><td>" + Esc(t.label) + "</td><td>" + Esc(t.user) + "</td><td>" + Esc(When(t.created_at)) +
            "</td><td>" + (t.revoked_at ? "revoked " + Esc(When(t.revoked_at)) : std::string("active")) + "</td><td>";
    if (!t.revoked_at)
      body += PostButton(c, "/admin/tokens/" + t.token_hash + "/revoke", "Revoke", "", "", "button button--warning");
    body += "</td></tr>\n";
  }
  body +=
      "</tbody></table>\n<h2>Create a token</h2>\n<form method=\"post\" action=\"/admin/tokens\" class=\"stack\">" +
      CsrfField(c) +
      "<p><label class=\"label\" for=\"label\">What it is for</label><input class=\"input input--medium\" id=\"label\" "
      "name=\"label\" maxlength=\"100\" required></p><p><button class=\"button\" type=\"submit\">Create "
      "token</button></p></form>\n";
  return Page(c, status, "API tokens", body);
}

Response AuditPage(Ctx& c) {
  std::int64_t before = 0;
  try {
    std::string b = c.Field("before");
    if (!b.empty()) before = std::stoll(b);
  } catch (...) {
    before = 0;
  }
  constexpr int kPage = 100;
  auto events = c.app.store().ListAudit(kPage, before);
  std::string body =
      "<table class=\"table\"><caption>Newest first</caption><thead><tr><th scope=\"col\">When</th>"
      "<th scope=\"col\">Who</th><th scope=\"col\">Action</th><th scope=\"col\">On</th><th scope=\"col\">Detail</th>"
      "</tr></thead><tbody>\n";
  for (const auto& e : events) {
    body += "<tr><td>" + Esc(FormatTimeUtc(e.at)) + "</td><td>" + Esc(e.user.empty() ? "(system)" : e.user) +
            "</td><td>" + Esc(e.action) + "</td><td>" + Esc(e.target) + "</td><td>" + Esc(e.detail) + "</td></tr>\n";
  }
  body += "</tbody></table>\n";
  if (static_cast<int>(events.size()) == kPage) {
    body += "<p><a href=\"/admin/audit?before=" + std::to_string(events.back().seq) + "\">Older entries</a></p>\n";
  }
  return Page(c, 200, "Audit log", body);
}

}  // namespace

void AddTeamRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin/users", Role::kOwner, [](Ctx& c) { return UsersPage(c, "", ""); });
  Post(app, r, "/admin/users", Role::kOwner, [](Ctx& c) {
    std::string name = std::string(Trim(c.Field("name"))), role = c.Field("role"), pw = c.Field("password");
    if (!ValidUserName(name)) return UsersPage(c, "", "A user name is 1 to 64 letters, digits, . _ - or @.", 422);
    if (!ValidRoleName(role)) return UsersPage(c, "", "Choose a role.", 422);
    if (Utf8Length(pw) < 12) return UsersPage(c, "", "The password needs at least 12 characters.", 422);
    if (c.app.store().GetUser(name)) return UsersPage(c, "", "There is already an account named " + name + ".", 409);
    storage::UserRecord u{name, role, HashPassword(pw), c.app.clock().Now()};
    if (Status st = c.app.store().AddUser(u); !st.ok()) return UsersPage(c, "", st.error().message, 503);
    c.Audit("user-add", name, role);
    return UsersPage(c, "Added " + name + " (" + role + ").", "");
  });
  Post(app, r, "/admin/users/{name}/role", Role::kOwner, [](Ctx& c) {
    auto u = Target(c);
    if (!u) return NotFound(c);
    std::string role = c.Field("role");
    if (!ValidRoleName(role)) return UsersPage(c, "", "Choose a role.", 422);
    std::string old = u->role;
    u->role = role;
    if (Status st = c.app.store().UpdateUser(*u); !st.ok()) return UsersPage(c, "", st.error().message, 503);
    c.Audit("user-role", u->name, old + " -> " + role);
    return UsersPage(c, u->name + " is now " + role + ".", "");
  });
  Post(app, r, "/admin/users/{name}/password", Role::kOwner, [](Ctx& c) {
    auto u = Target(c);
    if (!u) return NotFound(c);
    std::string pw = c.Field("password");
    if (Utf8Length(pw) < 12) return UsersPage(c, "", "The password needs at least 12 characters.", 422);
    u->password_hash = HashPassword(pw);
    if (Status st = c.app.store().UpdateUser(*u); !st.ok()) return UsersPage(c, "", st.error().message, 503);
    // A new password ends the sessions opened with the old one.
    (void)c.app.store().DeleteUserSessions(u->name);
    c.Audit("user-password", u->name);
    return UsersPage(c, "Set a new password for " + u->name + ".", "");
  });
  Post(app, r, "/admin/users/{name}/unlock", Role::kOwner, [](Ctx& c) {
    auto u = Target(c);
    if (!u) return NotFound(c);
    (void)c.app.store().RecordSignIn(u->name, false, 0);
    c.Audit("user-unlock", u->name);
    return UsersPage(c, "Unlocked " + u->name + ".", "");
  });
  Post(app, r, "/admin/users/{name}/signout", Role::kOwner, [](Ctx& c) {
    auto u = Target(c);
    if (!u) return NotFound(c);
    (void)c.app.store().DeleteUserSessions(u->name);
    c.Audit("user-sign-out-everywhere", u->name);
    return UsersPage(c, "Signed " + u->name + " out everywhere.", "");
  });
  Post(app, r, "/admin/users/{name}/delete", Role::kOwner, [](Ctx& c) {
    auto u = Target(c);
    if (!u) return NotFound(c);
    if (Status st = c.app.store().DeleteUser(u->name); !st.ok()) return UsersPage(c, "", st.error().message, 503);
    c.Audit("user-delete", u->name);
    return UsersPage(c, "Deleted " + u->name + ".", "");
  });

  Get(app, r, "/admin/tokens", Role::kAnalyst, [](Ctx& c) { return TokensPage(c, "", ""); });
  Post(app, r, "/admin/tokens", Role::kAnalyst, [](Ctx& c) {
    std::string label = std::string(Trim(c.Field("label")));
    if (label.empty() || label.size() > 100)
      return TokensPage(c, "", "Say what the token is for (up to 100 characters).", 422);
    std::string token = "mcs_" + c.app.random().Token(40, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    std::string hash = Sha256Hex(token);
    if (Status st = c.app.store().AddApiToken(hash, c.user.name, label, c.app.clock().Now()); !st.ok()) {
      return TokensPage(c, "", st.error().message, 503);
    }
    c.Audit("token-create", hash.substr(0, 12), label);
    return TokensPage(c, token, "");
  });
  Post(app, r, "/admin/tokens/{hash}/revoke", Role::kAnalyst, [](Ctx& c) {
    std::string hash = c.Param("hash");
    bool found = false;
    for (const auto& t : c.app.store().ListApiTokens()) {
      if (t.token_hash == hash && (t.user == c.user.name || c.Can(Role::kOwner))) found = true;
    }
    if (!found) return NotFound(c);
    if (Status st = c.app.store().RevokeApiToken(hash, c.app.clock().Now()); !st.ok())
      return TokensPage(c, "", st.error().message, 503);
    c.Audit("token-revoke", hash.substr(0, 12));
    return NoStore(Response::Redirect("/admin/tokens"));
  });

  Get(app, r, "/admin/audit", Role::kOwner, [](Ctx& c) { return AuditPage(c); });
}

}  // namespace mcs::web::admin
