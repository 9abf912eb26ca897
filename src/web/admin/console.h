// The study team's console under /admin: what its handlers share. Every handler is registered with
// the least role that may use it; Get/Post check the session (and on posts the session's CSRF token)
// before the handler runs, so no handler can forget to.
//
// Roles, each including the one before: viewer (dashboards, the list of forms), analyst (also
// invitations, data quality, exports, API tokens, previews), owner (also uploads, windows, users,
// the audit log).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/http.h"
#include "storage/storage.h"
#include "web/app.h"

namespace mcs::web::admin {

enum class Role { kViewer = 0, kAnalyst = 1, kOwner = 2 };
Role ParseRole(const std::string& s);
bool ValidRoleName(const std::string& s);

// A request from a signed-in team member.
struct Ctx {
  App& app;
  const http::Request& req;
  const http::Params& params;
  storage::UserRecord user;
  Role role = Role::kViewer;
  std::string session_hash;
  std::string csrf;     // the session's token, put into every form
  http::FormData form;  // a urlencoded post's fields (empty for multipart and GET)

  bool Can(Role r) const { return role >= r; }
  std::string Param(const char* name) const { return params.at(name); }
  // A form field of a post (or a query parameter of a GET).
  std::string Field(std::string_view name) const;
  // Appends to the audit log as this user.
  void Audit(const std::string& action, const std::string& target, const std::string& detail = "") const;
};

using Handler = std::function<http::Response(Ctx&)>;

// Registers a console route. GET: the session must exist and hold `least`. POST: also a valid CSRF
// token, from the form field `_csrf` or, for multipart uploads, checked by the handler through
// CsrfValid (the field is inside the multipart body).
void Get(App& app, http::Router& r, const std::string& pattern, Role least, Handler h);
void Post(App& app, http::Router& r, const std::string& pattern, Role least, Handler h, bool multipart = false);
bool CsrfValid(const Ctx& c, std::string_view token);

// What an upload post brought: the bytes of its file (the multipart part "file") with the file's
// name, else the text pasted in its field `text_field`; both empty when neither was given.
struct Uploaded {
  std::string text;
  std::string file_name;
  bool from_file = false;  // else pasted (or nothing)
};
// Reads an upload: multipart, or urlencoded when the handler takes pasted text (`text_field` not
// empty). Checks the CSRF token that comes inside it, then that the user holds `least` (a multipart
// route lets the post through to be read first). nullopt with `out` filled, or the response that
// refuses the post: 400 when the multipart body is malformed, 403 for the token or the role.
std::optional<http::Response> ReadUpload(Ctx& c, Role least, Uploaded& out, std::string_view text_field = {});
// After a translation's upload (XLIFF): the units left out because `whose` ("their English") changed
// since the file was made, listed by id; "" when there are none.
std::string LeftOutTextsBox(const std::vector<std::string>& ids, std::string_view whose);

// A labelled one-line input named and identified `id` (its value escaped, the hint tied to it by
// aria-describedby; a password field is not filled in by the browser).
std::string InputField(const std::string& id, const std::string& label, const std::string& value,
                       const std::string& type = "text", const std::string& hint = "");

// The console's page frame: header with the user, the navigation for the role, and `body`.
http::Response Page(const Ctx& c, int status, const std::string& title, const std::string& body);
// <input type=hidden name=_csrf>.
std::string CsrfField(const Ctx& c);
// A small form with one button posting to `action` (with the CSRF token).
std::string PostButton(const Ctx& c, const std::string& action, const std::string& label,
                       const std::string& hidden_name = "", const std::string& hidden_value = "",
                       const std::string& css = "button button--secondary");
http::Response Forbidden(const Ctx& c);
http::Response NotFound(const Ctx& c);
http::Response NoStore(http::Response r);
// "5 July 2027 at 23:59 Central European Summer Time" (the study's zone, in English) or "—".
std::string When(TimeMs t);
// The one HTML escaping of console views (text and attribute values): HtmlEscape, and bidirectional
// controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) made visible as "[U+202E]" in a
// <bdi> of its own, so an answer cannot reorder what the team reads around it. Use EscAttr for
// values that must come back unchanged (hidden fields, option values).
std::string Esc(std::string_view s);
// HtmlEscape only, with bidirectional controls as character references (they come back unchanged
// in a form post): for attribute values that are not shown.
std::string EscAttr(std::string_view s);

// Console requests must be the browser's own navigations (a link followed, a form posted, an
// address typed): a script on a respondent page of this origin could otherwise fetch console pages
// with a team member's cookie. Fetch Metadata (Sec-Fetch-Mode/Dest) tells; a 403 when it says no.
std::optional<http::Response> RefuseUnlessNavigation(const http::Request& req);
// Headers of every console response: Cross-Origin-Opener-Policy: same-origin, so a respondent page
// that opens a console page in a window gets no handle on it.
http::Response ConsoleHeaders(http::Response r);

// Route groups (one file each).
void AddAccessRoutes(App& app, http::Router& r);
void AddFormRoutes(App& app, http::Router& r);
void AddInvitationRoutes(App& app, http::Router& r);
void AddContactRoutes(App& app, http::Router& r);  // the address book (issue 22)
void AddMailRoutes(App& app, http::Router& r);     // SMTP relay, templates, test send (issue 22)
void AddCampaignRoutes(App& app, http::Router& r); // campaigns, reminders, their counts (issue 22)
void AddDashboardRoutes(App& app, http::Router& r);
void AddQualityRoutes(App& app, http::Router& r);
void AddDataRoutes(App& app, http::Router& r);  // exports, single responses
void AddTeamRoutes(App& app, http::Router& r);  // users, API tokens, audit log
void AddTranslationRoutes(App& app, http::Router& r);  // XLIFF out and in, completeness per language
void AddPrintRoutes(App& app, http::Router& r);  // the questionnaire on paper (print.cpp)
void AddResultsRoutes(App& app, http::Router& r);  // the public results page's settings (results.cpp)
void AddPrivacyRoutes(App& app, http::Router& r);  // erasure, anonymisation, a person's data (issue 25)
void AddStudyTextRoutes(App& app, http::Router& r);  // the study's own texts and settings (issue 24)
void AddBounceRoutes(App& app, http::Router& r);   // bounce address (VERP) and mailbox (issue 22)

}  // namespace mcs::web::admin
