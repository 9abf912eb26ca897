// Respondents' pages: the landing page, answering a questionnaire page by page with plain HTML form
// posts (no JavaScript needed), resuming from a link, the thank-you page.
//
// Flow (Post/Redirect/Get): GET /s/{id} shows the first page; its POST creates the response (partial)
// and redirects to /s/{id}/r/{token}, the resume link, which every later page posts to. Every post
// saves what was typed before anything else, so leaving loses at most the page being typed.
#include <algorithm>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <variant>

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/unavailable_error.h"
#include "engine/answers_json.h"
#include "engine/consent.h"
#include "engine/engine.h"
#include "engine/flow.h"
#include "engine/view.h"
#include "privacy/acknowledgement.h"
#include "web/answers_copy.h"
#include "web/app.h"
#include "web/invitation.h"
#include "web/logic.h"
#include "web/request_lang.h"
#include "web/resume_code.h"
#include "web/public_results.h"
#include "web/views.h"

namespace mcs::web {
namespace {

using engine::Answers;
using engine::PageRef;
using http::Request;
using http::Response;

constexpr const char* kCsrfCookie = "mcs_csrf";

std::string PickLang(const form::Form& f, const Request& req, const std::string& wanted) {
  if (!wanted.empty() && f.HasLanguage(wanted)) return wanted;
  std::string q = http::First(req.Query(), "lang");
  if (!q.empty() && f.HasLanguage(q)) return q;
  // Accept-Language: "fr-BE,fr;q=0.9,en;q=0.8": the first primary subtag the form has.
  for (const auto& part : Split(req.Header("accept-language"), ',')) {
    std::string tag = ToLower(Trim(part.substr(0, part.find(';'))));
    std::string primary = tag.substr(0, tag.find('-'));
    if (f.HasLanguage(tag)) return tag;
    if (f.HasLanguage(primary)) return primary;
  }
  return f.default_language.empty() ? "en" : f.default_language;
}

// Encodes where a respondent is (a page and a repeat instance) in one stored integer.
int EncodePage(PageRef p) { return p.page * 1000 + p.instance + 1; }
// The stored position of a respondent who has reached "check your answers".
constexpr int kReviewPage = -7;
PageRef DecodePage(int v) { return PageRef{v / 1000, v % 1000 - 1}; }

std::string BaseUrl(const Request& req) {
  std::string host(req.Header("host"));
  // The Host header is shown back to the same respondent only, but keep it to host[:port] characters.
  bool ok = !host.empty() && host.size() < 256 &&
            host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == std::string::npos;
  std::string proto = req.Header("x-forwarded-proto") == "https" ? "https" : "http";
  return ok ? proto + "://" + host : "";
}

struct Csrf {
  std::string cookie;      // the cookie's value (new when the browser had none)
  bool new_cookie = false;
  std::string token;       // what the page's hidden field carries
};

// The token CsrfValid worked out for the request being handled on this thread: the page a post is
// answered with (the enhanced path) carries the token of the same cookie, so it is not computed a
// second time. Only used for that very request and cookie; the token is HMAC(secret, cookie) either
// way, so the check is exactly as strong.
struct CheckedCsrf {
  const Request* req = nullptr;
  std::string cookie;
  std::string token;
};
thread_local CheckedCsrf checked_csrf;

// HMAC(secret, cookie) for the CSRF cookies seen lately on this thread: every page and page post of a
// respondent carries the token of the same cookie, so it is computed once per visitor rather than on
// every exchange. Only the cookies this server hands out (32 hex digits) are kept, at most 4,096 per
// thread (then it starts again); the token is the same function of the same inputs, and the check
// compares it as before.
std::string CsrfTokenOf(App& app, const std::string& cookie) {
  const std::string& secret = app.csrf_secret();
  if (cookie.size() != 32 || cookie.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return HmacSha256Hex(secret, cookie);
  }
  thread_local std::unordered_map<std::string, std::string> kept;
  std::string key;
  key.reserve(secret.size() + 1 + cookie.size());
  key.append(secret).append(1, '\n').append(cookie);
  if (auto it = kept.find(key); it != kept.end()) return it->second;
  std::string token = HmacSha256Hex(secret, cookie);
  if (kept.size() >= 4096) kept.clear();
  kept.emplace(std::move(key), token);
  return token;
}

Csrf CsrfFor(App& app, const Request& req) {
  Csrf c;
  c.cookie = req.Cookie(kCsrfCookie);
  if (c.cookie.size() != 32 || c.cookie.find_first_not_of("0123456789abcdef") != std::string::npos) {
    c.cookie = app.random().Hex(16);
    c.new_cookie = true;
  }
  if (!c.new_cookie && checked_csrf.req == &req && checked_csrf.cookie == c.cookie) {
    c.token = checked_csrf.token;
  } else {
    c.token = CsrfTokenOf(app, c.cookie);
  }
  return c;
}

bool CsrfValid(App& app, const Request& req, const http::FormData& data) {
  checked_csrf.req = nullptr;
  std::string cookie = req.Cookie(kCsrfCookie);
  if (cookie.empty()) return false;
  std::string expected = CsrfTokenOf(app, cookie);
  if (!ConstantTimeEquals(http::First(data, "_mcs_csrf"), expected)) return false;
  checked_csrf.req = &req;
  checked_csrf.cookie = std::move(cookie);
  checked_csrf.token = std::move(expected);
  return true;
}

void SetCsrfCookie(Response& r, const Csrf& c, const Request& req) {
  if (!c.new_cookie) return;
  std::string cookie = std::string(kCsrfCookie) + "=" + c.cookie + "; Path=/; HttpOnly; SameSite=Lax";
  if (req.Header("x-forwarded-proto") == "https") cookie += "; Secure";
  r.Header("Set-Cookie", cookie);
}

Response JsonStatus(int status, const std::string& error) {
  return Response::Json(status, "{\"error\":\"" + error + "\"}");
}

Response NoStore(Response r) {
  r.Header("Cache-Control", "no-store");
  return r;
}

Response NotFoundPage(const std::string& lang = "en") {
  return NoStore(Response::Html(404, MessagePage(i18n::T(lang, "page_not_found"), {i18n::T(lang, "link_invalid_text")}, lang,
                                                 "<p class=\"link-block\"><a href=\"/\">" + HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n")));
}

// In the respondent's language (`lang_in`; the form's own when empty).
Response ClosedPage(App& app, const form::Form& f, WindowState state, const std::string& lang_in = "") {
  storage::FormWindow w;
  app.Window(f.id, &w);
  const std::string& lang = lang_in.empty() ? f.lang() : lang_in;
  std::vector<std::string> paras;
  if (state == WindowState::kScheduled) {
    paras.push_back(i18n::Format(lang, "not_open_yet", {FormatStudyTime(w.opens_at, lang)}));
  } else {
    paras.push_back(w.closed_message.empty() ? i18n::T(lang, "closed_text") : w.closed_message);
    // When it closed, on the study's clock in the page's language (not when it is only paused).
    if (w.closes_at && app.clock().Now() >= w.closes_at && state == WindowState::kClosed && !w.paused) {
      paras.push_back(i18n::Format(lang, "closed_on", {FormatDateTime(app.TimeZone(), w.closes_at, lang)}));
    }
  }
  return NoStore(Response::Html(403, MessagePage(i18n::T(lang, "closed_title"), paras, lang, "", f.Title(lang),
                                                 i18n::T(lang, "closed_title") + " - " + f.Title(lang))));
}

Response StorageFailurePage(const std::string& lang) {
  return NoStore(Response::Html(
      503, MessagePage(i18n::T(lang, "not_saved_title"), {i18n::T(lang, "not_saved_text")}, lang)));
}

// The privacy notice to acknowledge before the first question (issue 25; the decision is
// privacy/acknowledgement.h's): the notice as the team wrote it (or the built-in text), a link to the
// full notice and one checkbox. Its form posts `_mcs_page=ack` to `action` (the start address, or the
// resume link of a response that has none yet); the page script's enhanced post works on it as on a
// question page. `error`: the box was not ticked (or a question was posted before it was).
Response AcknowledgementPage(App& app, const Request& req, const form::Form& f, const std::string& lang,
                             const std::string& action, bool error, int status, const std::string& notice) {
  Csrf csrf = CsrfFor(app, req);
  auto t = [&](const char* key) { return HtmlEscape(i18n::T(lang, key)); };
  std::string body;
  if (error) {
    body += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n"
            "<h2 class=\"error-summary__title\">" + t("there_is_a_problem") +
            "</h2>\n<ul class=\"error-summary__list\">\n<li><a href=\"#privacy-ack\">" + t("privacy_ack_required") +
            "</a></li>\n</ul>\n</div>\n";
  }
  if (!notice.empty()) body += "<div class=\"notice\" role=\"status\"><p>" + HtmlEscape(notice) + "</p></div>\n";
  body += "<h1 class=\"page-heading\">" + t("privacy_ack_title") + "</h1>\n<p>" + t("privacy_ack_intro") + "</p>\n<h2>" +
          t("privacy_notice") + "</h2>\n";
  for (const auto& para : privacy::NoticeParagraphs(privacy::NoticeToAcknowledge(app.store(), f.id, lang, f.lang()))) {
    body += "<p>" + HtmlEscape(para) + "</p>\n";
  }
  body += "<p class=\"link-block\"><a href=\"/privacy?lang=" + HtmlEscape(UrlEncode(lang)) + "\">" + t("privacy_ack_full") +
          "</a></p>\n<form method=\"post\" id=\"mcs-page\" action=\"" + HtmlEscape(action) +
          "\" novalidate>\n<input type=\"hidden\" name=\"_mcs_csrf\" value=\"" + HtmlEscape(csrf.token) +
          "\">\n<input type=\"hidden\" name=\"_mcs_page\" value=\"ack\">\n<input type=\"hidden\" name=\"_mcs_lang\" value=\"" +
          HtmlEscape(lang) + "\">\n<div class=\"q" + std::string(error ? " e" : "") + "\">\n";
  if (error) {
    body += "<p class=\"error-message\" id=\"privacy-ack-error\"><span class=\"vh\">" + t("error_prefix") + "</span> " +
            t("privacy_ack_required") + "</p>\n";
  }
  body += "<div class=\"choice\"><input class=\"choice__input\" type=\"checkbox\" id=\"privacy-ack\" "
          "name=\"_mcs_privacy_ack\" value=\"yes\"" +
          std::string(error ? " aria-describedby=\"privacy-ack-error\"" : "") +
          "><label class=\"choice__label\" for=\"privacy-ack\">" + t("privacy_ack_check") +
          "</label></div>\n</div>\n<div class=\"buttons\">\n<button type=\"submit\" class=\"button\" name=\"_mcs_action\" "
          "value=\"next\">" + t("continue") + "</button>\n</div>\n</form>\n<script src=\"/static/mcsurvey.js\" defer></script>\n";
  std::vector<Link> languages;
  if (f.languages.size() > 1) {
    for (const auto& l : f.languages) languages.push_back(Link{"", l.code});
  }
  std::string title = i18n::T(lang, "privacy_ack_title") + " - " + f.Title(lang);
  if (error) title = i18n::T(lang, "error_prefix") + " " + title;
  Response r = Response::Html(status, Layout(title, lang, f.Title(lang), body, languages));
  SetCsrfCookie(r, csrf, req);
  return NoStore(std::move(r));
}

// How a questionnaire was entered: the public link, a personal invitation (?inv=), or a console
// preview (?preview=, test mode: kept apart, never counted or exported).
struct Entry {
  std::string query;  // carried by the first page's form post
  std::string invitation_id;
  bool test = false;
};

constexpr const char* kPreviewNotice = "Preview in test mode: these answers are kept apart and not counted.";

Response UsedInvitationPage(const form::Form& f, const storage::Invitation& inv, const std::string& lang_in = "") {
  const std::string& lang = lang_in.empty() ? f.lang() : lang_in;
  if (inv.response_status == "complete") {
    return NoStore(
        Response::Html(409, MessagePage(i18n::T(lang, "thank_you_title"), {i18n::T(lang, "thank_you_more")}, lang, "",
                                        f.Title(lang), i18n::T(lang, "thank_you_title") + " - " + f.Title(lang))));
  }
  return NoStore(Response::Html(409, MessagePage(i18n::T(lang, "link_invalid_title"), {i18n::T(lang, "link_invalid_text")}, lang)));
}

// The resume link of the partial response begun from an invitation, when the invitation has one
// whose token derives from it (every response begun from an invitation since session 9).
std::optional<std::string> InvitationResumeLink(App& app, const form::Form& f, const storage::Invitation& inv) {
  if (inv.response_id.empty() || inv.response_status != "partial") return std::nullopt;
  std::string token = ResumeTokenForCode(app.resume_secret(), InvitationResumeCode(app.resume_secret(), inv.id));
  auto rec = app.store().FindByResumeHash(Sha256Hex(token));
  if (!rec || rec->id != inv.response_id || rec->form_id != f.id) return std::nullopt;
  return "/s/" + f.id + "/r/" + token;
}

// The entry a request's query names; a response instead when its link is forged, expired, for
// another form, or an invitation already used.
std::variant<Entry, Response> ReadEntry(App& app, const Request& req, const form::Form& f) {
  http::FormData q = req.Query();
  Entry e;
  if (std::string inv = http::First(q, "inv"); !inv.empty()) {
    auto id = VerifyInvitation(app.csrf_secret(), inv);
    auto rec = id ? app.store().FindInvitation(*id) : std::nullopt;
    if (!rec || rec->form_id != f.id) return NotFoundPage(RequestLang(req, "", f.lang()));
    if (!rec->response_id.empty()) {
      // Begun and not finished: the personal link (a reminder's, say) opens the answers begun with it.
      if (auto resume = InvitationResumeLink(app, f, *rec)) return NoStore(Response::Redirect(*resume));
      return UsedInvitationPage(f, *rec, PickLang(f, req, ""));
    }
    e.invitation_id = *id;
    e.query = "inv=" + UrlEncode(inv);
  } else if (std::string pv = http::First(q, "preview"); !pv.empty()) {
    if (!VerifyPreview(app.csrf_secret(), f.id, pv, app.clock().Now())) return NotFoundPage(RequestLang(req, "", f.lang()));
    e.test = true;
    e.query = "preview=" + UrlEncode(pv);
  }
  return e;
}

// The version a visitor of /s/{form} gets: the newest published one; with a valid console preview
// link, the newest of all (a draft is previewed before it is published). nullptr: a 404.
std::shared_ptr<const form::Form> FormFor(App& app, const Request& req, const std::string& form_id) {
  app.SyncForms();  // a version published or added on another node (at most once a second)
  if (std::string pv = http::First(req.Query(), "preview"); !pv.empty()) {
    if (auto f = app.forms().Latest(form_id); f && VerifyPreview(app.csrf_secret(), f->id, pv, app.clock().Now())) {
      return f;
    }
  }
  return app.forms().Published(form_id);
}

struct Loaded {
  storage::ResponseRecord rec;
  std::shared_ptr<const form::Form> form;
  Answers answers;
};

// The answers of responses saved lately, kept as the objects they were stored from, so that the next
// page's post does not parse again the JSON it wrote a moment before (about 5 % of a page's work).
// An entry is used only when the stored texts read back are byte for byte the ones it was written as,
// and only entries for which parsing those texts gives exactly these answers are kept
// (ToStoredJsonSplit then FromStoredJson + MergePersonal is the identity unless a plain answer has a
// repeat's name, which the split drops, or a text is not UTF-8, which the parser refuses). Anything
// else, e.g. a save on another node or a failed commit, differs from the stored texts: parsed as before.
class SavedAnswers {
 public:
  static SavedAnswers& Instance() {
    static SavedAnswers cache;
    return cache;
  }
  void Keep(const std::string& id, const std::string& main, const std::string& personal, Answers answers) {
    for (const auto& [rname, list] : answers.repeats) {
      if (answers.values.count(rname)) return;
    }
    if (!IsValidUtf8(main) || !IsValidUtf8(personal)) return;
    Entry e{main, personal, std::move(answers)};
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();  // respondents who left: start again
    entries_.insert_or_assign(id, std::move(e));
  }
  // The answers kept for `rec` if they are the ones its stored texts hold: taken by a post (which
  // keeps the next ones when it saves), copied for a page that only shows them.
  std::optional<Answers> Find(const storage::ResponseRecord& rec, bool take) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(rec.id);
    if (it == entries_.end()) return std::nullopt;
    std::optional<Answers> out;
    if (it->second.main != rec.answers_json || it->second.personal != rec.personal_json) {
      entries_.erase(it);
      return out;
    }
    if (!take) return it->second.answers;
    out = std::move(it->second.answers);
    entries_.erase(it);
    return out;
  }

 private:
  static constexpr std::size_t kMaxEntries = 512;
  struct Entry {
    std::string main, personal;
    Answers answers;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// The response behind a resume token, with the form version it was started on.
std::optional<Loaded> LoadByToken(App& app, const std::string& form_id, const std::string& token,
                                  bool to_post = false) {
  if (token.size() < 16 || token.size() > 64) return std::nullopt;
  auto rec = app.store().FindByResumeHash(Sha256Hex(token));
  if (!rec || rec->form_id != form_id) return std::nullopt;
  Loaded l;
  app.SyncForms();
  l.form = app.forms().Version(rec->form_id, rec->form_version);
  if (!l.form) l.form = app.forms().Published(rec->form_id);
  if (!l.form) return std::nullopt;
  if (auto kept = SavedAnswers::Instance().Find(*rec, to_post)) {
    l.answers = std::move(*kept);
  } else {
    auto a = engine::FromStoredJson(rec->answers_json);
    if (!a.ok()) return std::nullopt;
    l.answers = std::move(a).value();
    if (!rec->personal_json.empty()) {
      if (auto p = engine::FromStoredJson(rec->personal_json); p.ok()) engine::MergePersonal(l.answers, *p);
    }
  }
  l.rec = std::move(*rec);
  return l;
}

// An honest estimate of the time the pages after `from` take, from what is on them: seconds per
// question by kind (reading a note, ticking a scale item, typing a number or a sentence).
int MinutesLeft(const engine::Runtime& rt, const engine::View& v, const std::vector<PageRef>& pages, int from) {
  double secs = 0;
  for (std::size_t i = static_cast<std::size_t>(std::max(0, from)); i < pages.size(); ++i) {
    for (int q : rt.VisibleQuestions(v, pages[i])) {
      const form::Node& n = rt.form().nodes[static_cast<std::size_t>(q)];
      switch (n.type) {
        case form::Type::kNote: secs += 6; break;
        case form::Type::kSelectOne: secs += n.choices && n.choices->choices.size() > 12 ? 10 : 6; break;
        case form::Type::kSelectMultiple: secs += 12; break;
        case form::Type::kText: secs += n.appearance.find("multiline") != std::string::npos ? 60 : 20; break;
        default: secs += 10; break;
      }
    }
  }
  return static_cast<int>(secs / 60.0 + 0.5);
}

// What the progress line says on a questionnaire's first page, before any answer.
int FirstPageMinutes(const form::Form& f) {
  engine::Runtime rt(f);
  const Answers none;
  const engine::View view(f, none);
  return MinutesLeft(rt, view, rt.Pages(view), 0);
}

// A kept page filled in with one visitor's values: gzipped when the browser takes it (the fixed pieces
// were compressed once; the values go in as they are, as stored blocks), else plain.
Response FilledPage(const Request& req, const PageTemplate& t, const std::vector<std::string_view>& values) {
  if (!http::AcceptsGzip(req.Header("accept-encoding"))) return Response::Html(200, t.Fill(values));
  Response r = Response::Html(200, t.FillGzip(values));
  r.Header("Content-Encoding", "gzip");
  r.Header("Vary", "Accept-Encoding");
  return r;
}

// A question page none of whose questions has an answer yet, and whose rendering read nothing from the
// answers but the count of its own repeat (QuestionPage::used_answers: no piped text, no filtered or
// shuffled choices; a repeat's page is kept per instance and count), is the same for
// every respondent who reaches it with the same questions shown, the same progress line and the same
// language; it differs only by six values of the respondent's own: the CSRF token, the resume
// token (in the form's action and the resume link), the resume code, the answers data block for the
// browser-side logic, the seed and the site's address. The page is rendered once with random
// placeholders in their place, kept split at them (its fixed pieces compressed once), and filled in
// per visit. A page that did read the answers is noted as such and rendered every time.
// nullopt: render as usual.
std::optional<Response> ReusedPage(App& app, const Request& req, QuestionPage& qp, const std::string& token) {
  const form::Form& f = *qp.form;
  // Answers to the page's own questions show as filled-in fields: such a page is its respondent's.
  for (int q : f.pages[static_cast<std::size_t>(qp.page.page)].questions) {
    if (!qp.answers->Get(f, f.nodes[static_cast<std::size_t>(q)].name, qp.page.instance).empty()) return std::nullopt;
  }
  std::string key = "q/" + f.id + "/" + f.version + "/" + qp.lang + "/" + std::to_string(qp.page.page) + "/" +
                    std::to_string(qp.position) + "/" + std::to_string(qp.total) + "/" +
                    std::to_string(qp.minutes_left) + "/" + (qp.seed.empty() ? "-" : "s") +
                    (qp.resume_code.empty() ? "-" : "c") + "/";
  for (int q : qp.questions) key += std::to_string(q) + ",";
  // A repeat's page is kept per instance and count of its repeat (its heading says "2 of 3", its
  // hidden fields and script data name the instance, the add and remove buttons follow the count).
  if (qp.page.instance >= 0) {
    const int node = f.pages[static_cast<std::size_t>(qp.page.page)].node;
    const int count = qp.view ? qp.view->Count(node) : qp.runtime->RepeatCount(*qp.answers, node);
    key += "/" + std::to_string(qp.page.instance) + "/" + std::to_string(count);
  }
  // The study's zone is in the page's logic data (today() in the browser): a change renders anew.
  const std::string stamp = std::to_string(app.forms().generation()) + "/" + StudyTimeZone();
  auto cached = app.question_pages().Lookup(key, stamp);
  if (cached && !*cached) return std::nullopt;  // this page shows something of the answers
  const std::string answers = PageAnswersData(f, qp.script_answers ? *qp.script_answers : *qp.answers, qp.stored_answers);
  const std::string base = HtmlEscape(BaseUrl(req));
  const std::string seed = HtmlEscape(qp.seed);
  const std::string resume_token = HtmlEscape(token);
  const std::string code = HtmlEscape(qp.resume_code);
  auto fill = [&](const PageTemplate& t) {
    // Slots in the order of the placeholders below.
    return FilledPage(req, t, {qp.csrf, resume_token, code, answers, seed, base});
  };
  if (cached) return fill(**cached);
  // 24 random hex digits each: none can turn up in a page by chance, and escaping leaves them as
  // they are wherever they go (attribute, text, URL, JSON).
  std::vector<std::string> ph;
  for (int i = 0; i < 6; ++i) ph.push_back("p" + app.random().Hex(12));
  QuestionPage shape = qp;
  shape.csrf = ph[0];
  shape.action = "/s/" + f.id + "/r/" + ph[1];
  shape.resume_url = ph[5] + shape.action;
  shape.resume_code = qp.resume_code.empty() ? "" : ph[2];
  shape.stored_answers = &ph[3];
  shape.seed = qp.seed.empty() ? "" : ph[4];
  shape.used_answers = false;
  shape.repeat_count_keyed = true;
  std::string page = RenderQuestionPage(shape);
  if (shape.used_answers) {
    app.question_pages().Put(key, stamp, nullptr);
    return std::nullopt;
  }
  auto t = std::make_shared<PageTemplate>(page, ph, 6);
  app.question_pages().Put(key, stamp, t);
  return fill(*t);
}

Response RenderPage(App& app, const Request& req, const form::Form& f, const Answers& a, PageRef at,
                    std::vector<engine::FieldError> errors, const engine::Values* raw, const std::string& lang,
                    const std::string& token, const std::string& notice, int status, bool return_to_review = false,
                    const std::string& start_query = "", const std::vector<PageRef>* known_pages = nullptr,
                    std::optional<int> saved_position = std::nullopt) {
  engine::Runtime rt(f);
  const engine::View view(f, a);
  std::vector<PageRef> pages = known_pages ? *known_pages : rt.Pages(view);
  // A saved position: that page, or the first one after it that still applies (worked out on this
  // page's own view, so relevance is evaluated once for both).
  if (saved_position) at = engine::Resolve(pages, DecodePage(*saved_position));
  int pos = engine::PositionOf(pages, at);
  // Answers kept while hidden by a change are not shown to the page's script as answers.
  std::optional<Answers> seen;
  if (view.HidesStoredAnswers(/*referenced_only=*/true)) {
    seen = a;
    rt.Finalize(*seen);
  }
  Csrf csrf = CsrfFor(app, req);
  QuestionPage qp;
  qp.form = &f;
  qp.runtime = &rt;
  qp.answers = &a;
  qp.view = &view;
  qp.script_answers = seen ? &*seen : nullptr;
  qp.raw = raw;
  qp.page = at;
  qp.questions = rt.DisplayQuestions(view, at);
  qp.position = pos < 0 ? 1 : pos + 1;
  qp.total = std::max<int>(1, static_cast<int>(pages.size()));
  qp.is_last = pos < 0 ? pages.empty() : pos + 1 == static_cast<int>(pages.size());
  qp.minutes_left = MinutesLeft(rt, view, pages, pos < 0 ? 0 : pos);
  qp.return_to_review = return_to_review;
  qp.errors = std::move(errors);
  qp.lang = lang;
  qp.csrf = csrf.token;
  qp.notice = notice;
  if (f.languages.size() > 1) {
    for (const auto& l : f.languages) qp.languages.push_back(Link{"", l.code});
  }
  if (auto seed = a.values.find(engine::kSeedKey); seed != a.values.end()) qp.seed = seed->second;
  if (token.empty()) {
    qp.action = "/s/" + f.id + (start_query.empty() ? "" : "?" + start_query);
  } else {
    qp.action = "/s/" + f.id + "/r/" + token;
    qp.resume_url = BaseUrl(req) + qp.action;
    qp.resume_code = ResumeCodeOfToken(app.resume_secret(), token);
  }
  if (app.reuse_pages() && qp.errors.empty() && notice.empty() && !return_to_review && !raw && !token.empty() &&
      status == 200) {
    if (auto r = ReusedPage(app, req, qp, token)) {
      app.metrics().pages_reused++;
      SetCsrfCookie(*r, csrf, req);
      return NoStore(std::move(*r));
    }
  }
  app.metrics().pages_rendered++;
  Response r = Response::Html(status, RenderQuestionPage(qp));
  SetCsrfCookie(r, csrf, req);
  return NoStore(std::move(r));
}

Response RenderReview(App& app, const Request& req, const form::Form& f, const Answers& a, const std::string& lang,
                      const std::string& token, const std::string& notice) {
  engine::Runtime rt(f);
  Csrf csrf = CsrfFor(app, req);
  ReviewPage rp;
  rp.form = &f;
  rp.runtime = &rt;
  const engine::View view(f, a);
  rp.answers = &a;
  rp.view = &view;
  rp.pages = rt.Pages(view);
  rp.lang = lang;
  rp.action = "/s/" + f.id + "/r/" + token;
  rp.resume_url = BaseUrl(req) + rp.action;
  rp.resume_code = ResumeCodeOfToken(app.resume_secret(), token);
  rp.csrf = csrf.token;
  rp.notice = notice;
  if (f.languages.size() > 1) {
    for (const auto& l : f.languages) rp.languages.push_back(Link{"", l.code});
  }
  Response r = Response::Html(200, RenderReviewPage(rp));
  SetCsrfCookie(r, csrf, req);
  return NoStore(std::move(r));
}

// The page a respondent whose saved position is `position` sees: the review, or that page (or the
// first one after it that still applies). The one rendering behind the resume link and behind an
// enhanced post, so the page a post answers with is the page a reload of its address shows.
Response RenderPosition(App& app, const Request& req, const form::Form& f, const Answers& a, int position,
                        const std::string& lang, const std::string& token, const std::string& notice,
                        const std::vector<PageRef>* pages) {
  if (position == kReviewPage) return RenderReview(app, req, f, a, lang, token, notice);
  return RenderPage(app, req, f, a, PageRef{}, {}, nullptr, lang, token, notice, 200, false, "", pages, position);
}

// The address an enhanced page stands for in the browser's history: the resume link with the page
// (?at=P.I, ?at=review), which the resume link's GET shows again (back, forward, reload).
std::string EnhancedUrl(const std::string& resume, int position) {
  if (position == kReviewPage) return resume + "?at=review";
  PageRef p = DecodePage(position);
  return resume + "?at=" + std::to_string(p.page) + "." + std::to_string(p.instance);
}

// A post sent by the page's script (fetch, header X-MCS-Enhanced: 1) is answered with the page it
// leads to, in the same response, instead of a redirect to it: one exchange per page. X-MCS-Url
// names the address the page stands for (the script puts it in the history); without it the
// script falls back to the plain form post.
constexpr std::string_view kEnhancedHeader = "x-mcs-enhanced";
Response Enhanced(Response r, const std::string& url) {
  r.Header("X-MCS-Url", url);
  return r;
}

Response ThankYouPage(const form::Form& f, const storage::ResponseRecord& rec, const std::string& token) {
  const std::string& lang = rec.lang;
  // What happens next, in the respondent's language: the study's name, and what becomes of the answers.
  // The note is the study's own text (study_texts.h): none, no heading.
  const auto study = CurrentStudyTexts();
  std::string next = study->Format(lang, "next_text", {study->Text(lang, "study_title")});
  std::string extra =
      "<div class=\"panel\"><p>" + HtmlEscape(i18n::T(lang, "your_reference")) + "</p><p class=\"panel__ref\">" +
      HtmlEscape(rec.id) + "</p></div>\n" + AnswersCopyLink(f, token, lang) +
      (next.empty() ? std::string()
                    : "<h2>" + HtmlEscape(i18n::T(lang, "next_title")) + "</h2>\n<p>" + HtmlEscape(next) + "</p>\n") +
      "<p class=\"link-block\"><a href=\"/\">" + HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n";
  return NoStore(Response::Html(
      200, MessagePage(i18n::T(lang, "thank_you_title"),
                       {i18n::Format(lang, "thank_you_text", {f.Title(lang)}), i18n::T(lang, "thank_you_more")}, lang, extra,
                       f.Title(lang), i18n::T(lang, "thank_you_title") + " - " + f.Title(lang))));
}

using NotSaved = std::function<Response(const Status&)>;

// Saves `rec` (a new response when `insert`) and answers `ok` once the commit is on disk, or
// `not_saved(status)` when it failed. Where the storage commits on its own thread (SQLite) the
// response is pending meanwhile and no thread waits: the server sends it when the writer is done.
Response SaveThen(App& app, storage::ResponseRecord rec, bool insert, bool complete, Response ok, NotSaved not_saved) {
  auto pending = std::make_shared<http::Pending>();
  auto result = std::make_shared<Status>(Status::Ok());
  auto finish = [&app, result, insert, complete, ok = std::move(ok), not_saved = std::move(not_saved)]() mutable -> Response {
    if (!result->ok()) {
      app.metrics().storage_failures++;
      return not_saved(*result);
    }
    app.metrics().page_saves++;
    if (insert) app.metrics().responses_started++;
    if (complete) app.metrics().responses_completed++;
    return std::move(ok);
  };
  bool known = app.store().SaveResponseAsync(std::move(rec), insert, [result, pending](Status st) {
    *result = std::move(st);
    pending->Done();
  });
  if (known) return finish();
  return Response::After(std::move(pending), std::move(finish));
}

Response HandlePost(App& app, const Request& req, const std::shared_ptr<const form::Form>& latest,
                    std::optional<Loaded> loaded, const Entry& entry = {}) {
  http::FormData data = req.Form();
  const form::Form& f = loaded ? *loaded->form : *latest;
  std::string lang = PickLang(f, req, http::First(data, "_mcs_lang"));
  if (!CsrfValid(app, req, data)) {
    return NoStore(Response::Html(
        403, MessagePage(i18n::T(lang, "session_expired_title"), {i18n::T(lang, "session_expired_text")}, lang)));
  }
  engine::Runtime rt(f);
  // The loaded response is this request's own copy (LoadByToken): its answers are taken, not copied.
  Answers answers = loaded ? std::move(loaded->answers) : rt.Defaults();
  if (!loaded) {
    std::string seed = http::First(data, "_mcs_seed");
    bool hex = seed.size() == 16 && seed.find_first_not_of("0123456789abcdef") == std::string::npos;
    answers.values[engine::kSeedKey] = hex ? seed : app.random().Hex(8);
  }

  // The privacy notice first (privacy/acknowledgement.h): until the response has acknowledged it, no
  // question is shown or taken. A post of the acknowledgement page with the box ticked records it and
  // goes on where the response is (the first page for a new one); anything else shows that page again.
  const bool enhanced = req.Header(kEnhancedHeader) == "1";
  const bool ack_post = http::First(data, "_mcs_page") == "ack";
  const bool needs_ack = (!loaded || loaded->rec.privacy_ack_at == 0) && app.AcknowledgementRequired(f.id);
  const bool acknowledging = needs_ack && ack_post && http::First(data, "_mcs_privacy_ack") == "yes";
  const std::string ack_action =
      loaded ? std::string(req.path) : "/s/" + f.id + (entry.query.empty() ? "" : "?" + entry.query);
  const std::string ack_notice = (loaded ? loaded->rec.channel == "test" : entry.test) ? kPreviewNotice : "";
  if (needs_ack && !acknowledging) {
    std::string action = http::First(data, "_mcs_action");
    if (action == "draft") return NoStore(JsonStatus(422, "privacy notice not acknowledged"));
    const bool switching = StartsWith(action, "lang:") && f.HasLanguage(action.substr(5));
    if (switching) lang = action.substr(5);
    // A switch of language is no mistake: the page again, in that language.
    Response page = AcknowledgementPage(app, req, f, lang, ack_action, !switching, switching ? 200 : 422, ack_notice);
    return enhanced ? Enhanced(std::move(page), ack_action) : page;
  }
  if (ack_post && !acknowledging) {
    // Acknowledged already, or no longer asked: on to where the response is.
    return NoStore(Response::Redirect(loaded ? std::string(req.path) : "/s/" + f.id));
  }

  // Which page was posted: "page.instance", checked against the form.
  PageRef posted{0, -1};
  const bool from_review = http::First(data, "_mcs_page") == "review" && loaded;
  if (!from_review && !acknowledging) {
    std::string p = http::First(data, "_mcs_page");
    auto dot = p.find('.');
    try {
      if (dot != std::string::npos) posted = PageRef{std::stoi(p.substr(0, dot)), std::stoi(p.substr(dot + 1))};
    } catch (...) {
      posted = PageRef{0, -1};
    }
    bool valid = posted.page >= 0 && posted.page < static_cast<int>(f.pages.size());
    if (valid) {
      bool rep = f.pages[static_cast<std::size_t>(posted.page)].is_repeat;
      valid = rep ? posted.instance >= 0 && posted.instance < engine::kMaxRepeatInstances : posted.instance == -1;
    }
    if (!valid) {
      return NoStore(Response::Html(
          400, MessagePage(i18n::T(lang, "there_is_a_problem"), {i18n::T(lang, "bad_request_text")}, lang)));
    }
  }

  std::string action = http::First(data, "_mcs_action");
  TimeMs now = app.clock().Now();
  storage::ResponseRecord rec;
  bool is_new = !loaded;
  std::string token;
  if (loaded) {
    rec = std::move(loaded->rec);  // taken too: loaded->rec is not read after this
    token = std::string(req.path.substr(req.path.rfind('/') + 1));
  } else {
    token = ResumeTokenForCode(app.resume_secret(), entry.invitation_id.empty()
                                                        ? NewResumeCode(app.random())
                                                        : InvitationResumeCode(app.resume_secret(), entry.invitation_id));
    rec.id = app.random().Token(12, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    rec.form_id = f.id;
    rec.form_version = f.version;
    rec.resume_hash = Sha256Hex(token);
    rec.channel = entry.test ? "test" : "web";
    rec.invitation_id = entry.invitation_id;
    rec.started_at = now;
  }
  rec.lang = lang;
  rec.updated_at = now;
  if (!loaded) {
    rt.SetMeta(answers, "start", FormatTimeUtc(now));
    rt.SetMeta(answers, "today", StudyIsoDate(now));
  }

  // Every branch below saves once and then answers; the answer goes out only after the commit is on
  // disk (SaveThen), and a failed save gives the "not saved" page instead.
  const std::string resume = "/s/" + f.id + "/r/" + token;
  std::shared_ptr<const form::Form> form_ptr = loaded ? loaded->form : latest;
  bool stored_json = false;  // rec.answers_json already holds `answers`
  auto save = [&](PageRef at, bool complete, bool review, Response ok, NotSaved not_saved = {}) -> Response {
    if (!stored_json) engine::ToStoredJsonSplit(f, answers, rec.answers_json, rec.personal_json);
    // rec's texts are ToStoredJsonSplit(answers) (when stored_json, computed above from these very
    // answers, which were only read since); this is the last use of `answers`.
    SavedAnswers::Instance().Keep(rec.id, rec.answers_json, rec.personal_json, std::move(answers));
    rec.page = review ? kReviewPage : EncodePage(at);
    if (complete) {
      rec.status = storage::ResponseStatus::kComplete;
      rec.submitted_at = now;
    }
    if (!not_saved) {
      not_saved = [&app, form_ptr, lang, resume, insert = is_new, invitation = rec.invitation_id](const Status& st) {
        if (st.error().code == ErrorCode::kConflict && !insert) return NoStore(Response::Redirect(resume));
        // Two first pages raced on one personal link: the storage let only one of them in.
        if (st.error().code == ErrorCode::kConflict && !invitation.empty()) {
          if (auto inv = app.store().FindInvitation(invitation)) {
            if (auto link = InvitationResumeLink(app, *form_ptr, *inv)) return NoStore(Response::Redirect(*link));
            return UsedInvitationPage(*form_ptr, *inv, lang);
          }
        }
        return StorageFailurePage(lang);
      };
    }
    return SaveThen(app, std::move(rec), is_new, complete, std::move(ok), std::move(not_saved));
  };

  // The engine decides what the post changes and where it leads; here it is saved and shown.
  engine::PagePost post;
  post.from_review = from_review;
  post.page = posted;
  post.action = action;
  post.return_to_review = http::First(data, "_mcs_return") == "review";
  post.fields = std::move(data);
  post.end_time = FormatTimeUtc(now);
  if (StartsWith(action, "lang:")) {
    // Switching language keeps what was typed: save, then show the same page in the new language.
    if (std::string want = action.substr(5); f.HasLanguage(want)) rec.lang = lang = want;
  }
  if (acknowledging) {
    privacy::Acknowledge(rec, privacy::NoticeToAcknowledge(app.store(), f.id, lang, f.lang()), now);
    std::vector<PageRef> pages = rt.Pages(answers);
    const int position = loaded ? rec.page : EncodePage(pages.empty() ? PageRef{} : pages[0]);
    const bool review = position == kReviewPage;
    const PageRef at = review ? PageRef{} : DecodePage(position);
    if (!enhanced) return save(at, false, review, NoStore(Response::Redirect(resume)));
    engine::ToStoredJsonSplit(f, answers, rec.answers_json, rec.personal_json);
    stored_json = true;
    Response page = RenderPosition(app, req, f, answers, position, lang, token, ack_notice, nullptr);
    return save(at, false, review, Enhanced(std::move(page), EnhancedUrl(resume, position)));
  }
  engine::Outcome out = engine::Advance(rt, answers, post, lang);
  // Contact details given: the consent that asked for them is kept with them (engine/consent.h).
  engine::RecordConsent(f, answers, lang, FormatTimeUtc(now));
  const int position = out.review ? kReviewPage : EncodePage(out.at);
  switch (out.step) {
    case engine::Step::kMoved: {
      if (!enhanced) return save(out.at, false, out.review, NoStore(Response::Redirect(resume)));
      // The page the redirect would have led to, rendered as the resume link's GET renders it (the
      // page's script data is the answers as they are about to be stored).
      engine::ToStoredJsonSplit(f, answers, rec.answers_json, rec.personal_json);
      stored_json = true;
      Response page = RenderPosition(app, req, f, answers, position, lang, token,
                                     rec.channel == "test" ? kPreviewNotice : "", nullptr);
      return save(out.at, false, out.review, Enhanced(std::move(page), EnhancedUrl(resume, position)));
    }
    case engine::Step::kRefused: {
      Response page = RenderPage(app, req, f, answers, out.at, out.errors, &out.raw, lang, token, "", 422);
      if (enhanced) page = Enhanced(std::move(page), EnhancedUrl(resume, position));
      return save(out.at, false, false, std::move(page));
    }
    case engine::Step::kSaved: {
      if (out.review) {
        Response page = RenderReview(app, req, f, answers, lang, token, i18n::T(lang, "saved_notice"));
        if (enhanced) page = Enhanced(std::move(page), EnhancedUrl(resume, position));
        return save(out.at, false, true, std::move(page));
      }
      Response page = RenderPage(app, req, f, answers, out.at, out.errors, &out.raw, lang, token,
                                 i18n::T(lang, "saved_notice"), 200);
      if (enhanced) page = Enhanced(std::move(page), EnhancedUrl(resume, position));
      return save(out.at, false, false, std::move(page));
    }
    case engine::Step::kDrafted: {
      // JavaScript saves what is being typed, without checks, so closing the tab loses nothing.
      Response saved;
      if (is_new) {
        saved = NoStore(Response::Json(200, "{\"resume\":\"" + resume + "\"}"));
      } else {
        saved.status = 204;
        saved.content_type = "text/plain";
        saved = NoStore(std::move(saved));
      }
      return save(out.at, false, false, std::move(saved), [](const Status&) { return JsonStatus(503, "not saved"); });
    }
    case engine::Step::kCompleted: {
      // The thank-you page is only ever shown for a response that is committed and on disk.
      if (!enhanced) return save(out.at, true, false, NoStore(Response::Redirect(resume)));
      Response thanks = Enhanced(ThankYouPage(f, rec, token), resume);
      return save(out.at, true, false, std::move(thanks));
    }
  }
  return StorageFailurePage(lang);  // not reached: every step is handled above
}

Response Landing(App& app, const Request& req) {
  app.SyncForms();  // a version published or added on another node (at most once a second)
  // The landing page speaks the languages the questionnaires have: ?lang=, else the browser's.
  std::vector<std::string> langs;
  for (const auto& f : app.forms().AllPublished()) {
    for (const auto& l : f->languages) {
      if (std::find(langs.begin(), langs.end(), l.code) == langs.end()) langs.push_back(l.code);
    }
  }
  std::string lang = "en";
  std::string wanted = http::First(req.Query(), "lang");
  if (std::find(langs.begin(), langs.end(), wanted) != langs.end()) {
    lang = wanted;
  } else {
    for (const auto& part : Split(req.Header("accept-language"), ',')) {
      std::string tag = ToLower(Trim(part.substr(0, part.find(';'))));
      std::string primary = tag.substr(0, tag.find('-'));
      if (std::find(langs.begin(), langs.end(), primary) != langs.end()) {
        lang = primary;
        break;
      }
    }
  }
  // Drafts are not listed (only published versions are), nor forms whose answering time is over;
  // a paused form stays, marked closed for now.
  std::vector<std::shared_ptr<const form::Form>> ordered;
  std::vector<bool> in_study;
  // The study's own texts and groups (App::Study: settings an owner edits, issue 24).
  const std::shared_ptr<const StudyTexts> study = app.Study();
  for (const std::string& group : study->groups) {
    if (auto f = app.forms().Published(group)) {
      ordered.push_back(f);
      in_study.push_back(true);
    }
  }
  for (const auto& f : app.forms().AllPublished()) {
    if (std::none_of(ordered.begin(), ordered.end(), [&](const auto& o) { return o->id == f->id; })) {
      ordered.push_back(f);
      in_study.push_back(false);
    }
  }
  // The page is the same for everyone with this language while the forms, their windows and the
  // windows' states are: served from the page cache (rendering reads every window).
  std::vector<storage::FormWindow> windows(ordered.size());
  std::vector<WindowState> states(ordered.size());
  std::string stamp = std::to_string(app.forms().generation()) + "/" + std::to_string(app.windows_generation()) + "/" +
                      std::to_string(app.study_generation()) + "/";
  for (std::size_t i = 0; i < ordered.size();) {
    states[i] = app.Window(ordered[i]->id, &windows[i]);
    // Archived forms go too, paused or not: their fieldwork is over for good.
    if ((states[i] == WindowState::kClosed && !windows[i].paused) || states[i] == WindowState::kArchived) {
      ordered.erase(ordered.begin() + static_cast<std::ptrdiff_t>(i));
      in_study.erase(in_study.begin() + static_cast<std::ptrdiff_t>(i));
      windows.erase(windows.begin() + static_cast<std::ptrdiff_t>(i));
      states.erase(states.begin() + static_cast<std::ptrdiff_t>(i));
      stamp += 'x';
      continue;
    }
    stamp += static_cast<char>('0' + static_cast<int>(states[i]));
    // Which versions are live: a publication scheduled for the opening time changes it by the clock.
    stamp += ordered[i]->id + ":" + ordered[i]->version + ";";
    ++i;
  }
  // Questionnaires whose results are published (issue 23): linked below the questionnaires.
  const std::vector<std::string> with_results = PublishedResultsForms(app);
  stamp += "/r:" + Join(with_results, ",");
  auto respond = [](std::string page) {
    Response r = Response::Html(200, std::move(page));
    r.Header("Cache-Control", "no-cache");
    r.Header("Vary", "Accept-Language");
    r.same_for_everyone = true;  // no token, no cookie: one page per language and state of the windows
    return r;
  };
  const std::string cache_key = "landing/" + lang;
  if (auto cached = app.page_cache().Get(cache_key, stamp)) return respond(cached->Fill({}));
  auto t = [&](const char* key) { return HtmlEscape(i18n::T(lang, key)); };
  // The time it takes is the longest of the questionnaires' own estimates on their first page (what
  // their progress line says there), not a number written by hand.
  int minutes = 1;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (in_study[i]) minutes = std::max(minutes, FirstPageMinutes(*ordered[i]));
  }
  std::string body = "<h1>" + HtmlEscape(study->Text(lang, "study_title")) + "</h1>\n";
  // The minutes through the language's plural rules when the text is an ICU plural (CLDR, via ICU).
  if (std::string intro = i18n::FormatCountIn(lang, study->Text(lang, "study_intro"), minutes); !intro.empty()) {
    body += "<p class=\"lead\">" + HtmlEscape(intro) + "</p>\n";
  }
  TimeMs common_close = -1;
  for (const auto& w : windows) {
    if (common_close == -1) common_close = w.closes_at;
    else if (common_close != w.closes_at) common_close = -2;
  }
  if (common_close > 0) {
    body += "<p class=\"deadline\">" + HtmlEscape(i18n::Format(lang, "answer_by", {FormatStudyTime(common_close, lang)})) + "</p>\n";
  }
  body += "<h2>" + t("choose_questionnaire") + "</h2>\n<ul class=\"group-list\">\n";
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const auto& f = ordered[i];
    const storage::FormWindow& w = windows[i];
    WindowState state = states[i];
    body += "<li class=\"group\"><h3 class=\"group__title\">";
    std::string label = in_study[i] ? study->Text(lang, "group_" + f->id) : std::string();
    if (label.empty()) label = f->Title(lang);
    if (state == WindowState::kOpen) {
      std::string href = "/s/" + f->id;
      if (lang != f->default_language && f->HasLanguage(lang)) href += "?lang=" + lang;
      body += "<a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(label) + "</a>";
    } else {
      body += HtmlEscape(label);
    }
    body += "</h3>\n";
    if (std::string desc = in_study[i] ? study->Text(lang, "group_" + f->id + "_desc") : std::string(); !desc.empty()) {
      body += "<p>" + HtmlEscape(desc) + "</p>\n";
    }
    // The questionnaire's languages, each in its own name and language (issue 24).
    if (state == WindowState::kOpen && f->languages.size() > 1) {
      body += "<p class=\"group__languages\">" + t("language") + ":";
      for (std::size_t k = 0; k < f->languages.size(); ++k) {
        const form::Language& l = f->languages[k];
        std::string name = i18n::NativeName(l.code);
        if (name == l.code) name = l.name;
        body += std::string(k ? " \u00b7 " : " ") + "<a href=\"" + HtmlEscape("/s/" + f->id + "?lang=" + l.code) +
                "\" lang=\"" + HtmlEscape(l.code) + "\" hreflang=\"" + HtmlEscape(l.code) + "\">" + HtmlEscape(name) +
                "</a>";
      }
      body += "</p>\n";
    }
    if (state == WindowState::kClosed) body += "<p class=\"status\">" + t("closed_short") + "</p>\n";
    if (state == WindowState::kScheduled) {
      body += "<p class=\"status\">" + HtmlEscape(i18n::Format(lang, "not_open_yet", {FormatStudyTime(w.opens_at, lang)})) + "</p>\n";
    }
    if (common_close == -2 && w.closes_at > 0 && state == WindowState::kOpen) {
      body += "<p class=\"status\">" + HtmlEscape(i18n::Format(lang, "open_until", {FormatStudyTime(w.closes_at, lang)})) + "</p>\n";
    }
    body += "</li>\n";
  }
  body += "</ul>\n";
  if (!with_results.empty()) {  // issue 23: the published results, once the team publishes them
    body += "<h2>" + t("results_index_title") + "</h2>\n<ul class=\"results-links\">\n";
    for (const auto& id : with_results) {
      auto f = app.forms().Published(id);
      if (!f) continue;
      std::string name = study->Text(lang, "group_" + id);  // a study group's name, else the form's title
      if (name.empty()) name = f->Title(lang);
      const std::string href = "/results/" + id + (lang == f->lang() ? "" : "?lang=" + lang);
      body += "<li><a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(name) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  body += "<p class=\"link-block\"><a href=\"/resume" + (lang == "en" ? "" : "?lang=" + lang) + "\">" + t("resume_title") +
          "</a></p>\n";
  if (std::string note = study->Text(lang, "study_privacy"); !note.empty()) {
    body += "<p class=\"small\">" + HtmlEscape(note) + "</p>\n";
  }
  std::vector<Link> switcher;
  if (langs.size() > 1) {
    for (const auto& l : langs) switcher.push_back(Link{"/?lang=" + l, l});
  }
  std::string page = Layout(study->Text(lang, "study_title"), lang, study->Text(lang, "study_header"), body, switcher);
  app.page_cache().Put(cache_key, stamp, std::make_shared<PageTemplate>(page, std::vector<std::string>{}));
  return respond(std::move(page));
}

Response Start(App& app, const Request& req, const http::Params& params) {
  auto f = FormFor(app, req, params.at("form_id"));
  if (!f) return NotFoundPage(RequestLang(req));
  auto entry = ReadEntry(app, req, *f);
  if (auto* res = std::get_if<Response>(&entry)) return std::move(*res);
  const Entry& e = std::get<Entry>(entry);
  if (WindowState s = app.Window(f->id); s != WindowState::kOpen && !e.test) return ClosedPage(app, *f, s, PickLang(*f, req, ""));
  std::string lang = PickLang(*f, req, "");
  if (app.AcknowledgementRequired(f->id)) {
    return AcknowledgementPage(app, req, *f, lang, "/s/" + f->id + (e.query.empty() ? "" : "?" + e.query), false, 200,
                               e.test ? kPreviewNotice : "");
  }
  // A first page differs between visitors only by its CSRF token and its seed (unless choices are
  // shuffled by that seed): the rendered page is kept with those two cut out and filled in per visit.
  bool cacheable = !e.test && e.query.empty() &&
                   std::none_of(f->nodes.begin(), f->nodes.end(), [](const form::Node& n) { return n.randomize; });
  std::string cache_key = "start/" + f->id + "/" + f->version + "/" + lang;
  std::string stamp = std::to_string(app.forms().generation());
  if (cacheable) {
    if (auto cached = app.page_cache().Get(cache_key, stamp)) {
      Csrf csrf = CsrfFor(app, req);
      std::string seed = app.random().Hex(8);
      app.metrics().pages_reused++;
      Response r = FilledPage(req, *cached, {csrf.token, seed});
      SetCsrfCookie(r, csrf, req);
      return NoStore(std::move(r));
    }
  }
  engine::Runtime rt(*f);
  Answers empty = rt.Defaults();
  std::string seed = app.random().Hex(8);
  empty.values[engine::kSeedKey] = seed;
  auto pages = rt.Pages(empty);
  if (pages.empty()) {
    return NoStore(Response::Html(500, MessagePage(i18n::T(lang, "no_questions"), {}, lang, "", f->Title(lang))));
  }
  Response r = RenderPage(app, req, *f, empty, pages[0], {}, nullptr, lang, "", e.test ? kPreviewNotice : "", 200, false,
                          e.query);
  if (cacheable && r.status == 200) {
    // The token (64 hex digits of an HMAC; a visitor without a cookie got a new one, so it is read
    // back from the page) and the seed (16 random hex digits) are their own placeholders: neither
    // can turn up anywhere else in the page by chance.
    constexpr std::string_view kField = "name=\"_mcs_csrf\" value=\"";
    std::string_view body = r.body;
    std::string token;
    if (auto at = body.find(kField); at != std::string_view::npos) {
      at += kField.size();
      token = std::string(body.substr(at, body.find('"', at) - at));
    }
    if (token.size() == 64) {
      app.page_cache().Put(cache_key, stamp, std::make_shared<PageTemplate>(r.body, std::vector<std::string>{token, seed}));
    }
  }
  return r;
}

Response StartPost(App& app, const Request& req, const http::Params& params) {
  auto f = FormFor(app, req, params.at("form_id"));
  if (!f) return NotFoundPage(RequestLang(req));
  auto entry = ReadEntry(app, req, *f);
  if (auto* res = std::get_if<Response>(&entry)) return std::move(*res);
  const Entry& e = std::get<Entry>(entry);
  if (WindowState s = app.Window(f->id); s != WindowState::kOpen && !e.test) return ClosedPage(app, *f, s, PickLang(*f, req, ""));
  return HandlePost(app, req, f, std::nullopt, e);
}

Response Resume(App& app, const Request& req, const http::Params& params) {
  auto l = LoadByToken(app, params.at("form_id"), params.at("token"));
  if (!l) {
    const std::string lang = RequestLang(req);
    return NoStore(Response::Html(404, MessagePage(i18n::T(lang, "link_invalid_title"), {i18n::T(lang, "link_invalid_text")},
                                                   lang, "<p class=\"link-block\"><a href=\"/?lang=" + HtmlEscape(lang) + "\">" +
                                                             HtmlEscape(i18n::T(lang, "back_home")) + "</a></p>\n")));
  }
  if (l->rec.status == storage::ResponseStatus::kComplete) return ThankYouPage(*l->form, l->rec, params.at("token"));
  const bool test = l->rec.channel == "test";
  if (WindowState s = app.Window(l->form->id); s != WindowState::kOpen && !test) {
    return ClosedPage(app, *l->form, s, PickLang(*l->form, req, http::First(req.Query(), "lang").empty() ? l->rec.lang : ""));
  }
  const std::string notice = test ? kPreviewNotice : "";
  std::string lang = PickLang(*l->form, req, http::First(req.Query(), "lang").empty() ? l->rec.lang : "");
  if (l->rec.privacy_ack_at == 0 && app.AcknowledgementRequired(l->form->id)) {
    return AcknowledgementPage(app, req, *l->form, lang, "/s/" + l->form->id + "/r/" + params.at("token"), false, 200,
                               notice);
  }
  engine::Runtime rt(*l->form);
  auto pages = rt.Pages(l->answers);
  // ?change=P.I from the review page: that page, then back to the review.
  if (std::string change = http::First(req.Query(), "change"); !change.empty()) {
    for (const PageRef& p : pages) {
      if (change == std::to_string(p.page) + "." + std::to_string(p.instance)) {
        return RenderPage(app, req, *l->form, l->answers, p, {}, nullptr, lang, params.at("token"), notice, 200, true);
      }
    }
  }
  // ?at=P.I (or ?at=review): the page a history entry of the enhanced path stands for (see
  // EnhancedUrl), so that back, forward and reload show that page; the saved position otherwise.
  int position = l->rec.page;
  if (std::string at = http::First(req.Query(), "at"); !at.empty() && at != "review") {
    for (const PageRef& p : pages) {
      if (at == std::to_string(p.page) + "." + std::to_string(p.instance)) position = EncodePage(p);
    }
  }
  return RenderPosition(app, req, *l->form, l->answers, position, lang, params.at("token"), notice, &pages);
}

Response ResumePost(App& app, const Request& req, const http::Params& params) {
  auto l = LoadByToken(app, params.at("form_id"), params.at("token"), /*to_post=*/true);
  if (!l) return NotFoundPage(RequestLang(req));
  if (l->rec.status == storage::ResponseStatus::kComplete) {
    return NoStore(Response::Redirect("/s/" + l->form->id + "/r/" + params.at("token")));
  }
  if (WindowState s = app.Window(l->form->id); s != WindowState::kOpen && l->rec.channel != "test") {
    return ClosedPage(app, *l->form, s, PickLang(*l->form, req, l->rec.lang));
  }
  // A preview goes on with the newest version (a draft, maybe); respondents with the newest published.
  auto latest = l->rec.channel == "test" ? app.forms().Latest(l->form->id) : app.forms().Published(l->form->id);
  if (!latest) latest = l->form;
  return HandlePost(app, req, latest, std::move(l));
}

// The saved link and code as a text file, to keep or print (GET /s/{form}/r/{token}/code.txt).
Response CodeFile(App& app, const Request& req, const http::Params& params) {
  auto l = LoadByToken(app, params.at("form_id"), params.at("token"));
  std::string code = l ? ResumeCodeOfToken(app.resume_secret(), params.at("token")) : "";
  if (!l || code.empty()) return NotFoundPage(RequestLang(req));
  const std::string& lang = l->rec.lang.empty() ? l->form->lang() : l->rec.lang;
  std::string base = BaseUrl(req);
  std::string text = l->form->Title(lang) + "\n\n" + i18n::T(lang, "continue_later_text") + "\n" + base + "/s/" +
                     l->form->id + "/r/" + params.at("token") + "\n\n" +
                     i18n::Format(lang, "resume_code_text", {base + "/resume"}) + "\n" + code + "\n";
  Response r = Response::Text(200, std::move(text));
  r.Header("Content-Disposition", "attachment; filename=\"" + l->form->id + "-" + code + ".txt\"");
  return NoStore(std::move(r));
}

// The interface language for pages outside a questionnaire: ?lang=, else the browser's first
// language the interface has.
std::string InterfaceLang(const Request& req, const std::string& wanted) {
  auto known = [](const std::string& l) {
    for (const auto& k : i18n::Languages()) {
      if (k == l) return true;
    }
    return l == "en";
  };
  if (known(wanted)) return wanted;
  if (std::string q = http::First(req.Query(), "lang"); known(q)) return q;
  for (const auto& part : Split(req.Header("accept-language"), ',')) {
    std::string tag = ToLower(Trim(part.substr(0, part.find(';'))));
    std::string primary = tag.substr(0, tag.find('-'));
    if (known(primary)) return primary;
  }
  return "en";
}

// "Continue your answers": a code typed on any device (GOV.UK's question page pattern, with an
// error summary when the code is wrong).
Response ResumeEntryPage(App& app, const Request& req, const std::string& lang, int status, const std::string& error,
                         const std::string& typed) {
  Csrf csrf = CsrfFor(app, req);
  auto t = [&](const char* key) { return HtmlEscape(i18n::T(lang, key)); };
  std::string body;
  if (!error.empty()) {
    body += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n"
            "<h2 class=\"error-summary__title\">" + t("there_is_a_problem") +
            "</h2>\n<ul class=\"error-summary__list\">\n<li><a href=\"#resume-code\">" + HtmlEscape(error) +
            "</a></li>\n</ul>\n</div>\n";
  }
  body += "<h1 class=\"page-heading\">" + t("resume_title") + "</h1>\n"
          "<form method=\"post\" action=\"/resume\" novalidate>\n"
          "<input type=\"hidden\" name=\"_mcs_csrf\" value=\"" + HtmlEscape(csrf.token) + "\">\n"
          "<input type=\"hidden\" name=\"_mcs_lang\" value=\"" + HtmlEscape(lang) + "\">\n"
          "<div class=\"q" + std::string(error.empty() ? "" : " e") + "\">\n"
          "<label class=\"label\" for=\"resume-code\">" + t("resume_code_label") + "</label>\n"
          "<div class=\"hint\" id=\"resume-code-hint\">" + t("resume_intro") + "</div>\n";
  std::string describedby = "resume-code-hint";
  if (!error.empty()) {
    body += "<p class=\"error-message\" id=\"resume-code-error\"><span class=\"vh\">" + t("error_prefix") + "</span> " +
            HtmlEscape(error) + "</p>\n";
    describedby += " resume-code-error";
  }
  body += "<input class=\"input input--code\" type=\"text\" id=\"resume-code\" name=\"code\" value=\"" +
          HtmlEscape(typed) + "\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" "
          "aria-describedby=\"" + describedby + "\">\n</div>\n"
          "<div class=\"buttons\">\n<button type=\"submit\" class=\"button\">" + t("continue") +
          "</button>\n</div>\n</form>\n";
  std::string title = i18n::T(lang, "resume_title");
  if (!error.empty()) title = i18n::T(lang, "error_prefix") + " " + title;
  Response r = Response::Html(status, Layout(title, lang, CurrentStudyTexts()->Text(lang, "study_header"), body));
  SetCsrfCookie(r, csrf, req);
  return NoStore(std::move(r));
}

Response ResumeEntry(App& app, const Request& req) {
  return ResumeEntryPage(app, req, InterfaceLang(req, ""), 200, "", "");
}

Response ResumeEntryPost(App& app, const Request& req) {
  http::FormData data = req.Form();
  std::string lang = InterfaceLang(req, http::First(data, "_mcs_lang"));
  if (!CsrfValid(app, req, data)) {
    return NoStore(Response::Html(
        403, MessagePage(i18n::T(lang, "session_expired_title"), {i18n::T(lang, "session_expired_text")}, lang)));
  }
  std::string typed = http::First(data, "code").substr(0, 64);
  // Every attempt counts, right or wrong: guessing needs many, a person needs one or two.
  if (!app.resume_limiter().Allow(app.ClientOf(req), app.clock().Now())) {
    Response r = ResumeEntryPage(app, req, lang, 429, i18n::T(lang, "resume_too_many"), typed);
    r.Header("Retry-After", std::to_string(app.resume_limiter().RetryAfterSeconds()));
    return r;
  }
  std::string code = NormalizeResumeCode(typed);
  if (!code.empty()) {
    std::string token = ResumeTokenForCode(app.resume_secret(), code);
    if (auto rec = app.store().FindByResumeHash(Sha256Hex(token))) {
      return NoStore(Response::Redirect("/s/" + rec->form_id + "/r/" + token));
    }
  }
  return ResumeEntryPage(app, req, lang, 422, i18n::T(lang, "resume_code_wrong"), typed);
}

// A page post whose reads the storage cannot answer (the database server is down or restarting)
// fails like a refused write: "your answers could not be saved, please try again", 503, counted.
template <typename Handler>
Response SavingOrNotSaved(App& app, const Request& req, const http::Params& params, Handler handler) {
  try {
    return handler(app, req, params);
  } catch (const UnavailableError&) {
    app.metrics().storage_failures++;
    auto f = app.forms().Latest(params.at("form_id"));
    return StorageFailurePage(f ? PickLang(*f, req, "") : "en");
  }
}

// A page that only reads, when the storage cannot answer (the database server restarting): 503 with
// a page in the respondent's language, "try again in a minute", counted (i18n3: it was the HTTP
// server's plain English text).
template <typename Page>
Response ReadingOrBusy(App& app, const Request& req, const http::Params& params, Page page) {
  try {
    return page();
  } catch (const UnavailableError&) {
    app.metrics().storage_failures++;
    auto id = params.find("form_id");
    auto f = id == params.end() ? nullptr : app.forms().Latest(id->second);
    return UnavailablePage(f ? PickLang(*f, req, "") : RequestLang(req));
  }
}

}  // namespace

void AddRespondentRoutes(App& app, http::Router& r) {
  // Pages that only read (windows, an invitation, a response row) run on the I/O thread when reads
  // are local (SQLite WAL: readers never wait for the writer), on the workers when they go over the
  // network (PostgreSQL). So do the page posts: their one write is waited for without a thread
  // (SaveThen), so nothing in them blocks.
  const http::Cost reads = app.store().ReadsAreLocal() ? http::Cost::kQuick : http::Cost::kMayBlock;
  // (The GETs through ReadingOrBusy: a storage outage answers in the respondent's language.)
  r.Add(
      "GET", "/",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrBusy(app, req, p, [&] { return Landing(app, req); });
      },
      reads);
  r.Add(
      "GET", "/s/{form_id}",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrBusy(app, req, p, [&] { return Start(app, req, p); });
      },
      reads);
  r.Add("POST", "/s/{form_id}",
        [&app](const Request& req, const http::Params& p) { return SavingOrNotSaved(app, req, p, StartPost); }, reads);
  r.Add(
      "GET", "/s/{form_id}/r/{token}",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrBusy(app, req, p, [&] { return Resume(app, req, p); });
      },
      reads);
  r.Add("POST", "/s/{form_id}/r/{token}",
        [&app](const Request& req, const http::Params& p) { return SavingOrNotSaved(app, req, p, ResumePost); },
        reads);
  r.Add(
      "GET", "/s/{form_id}/r/{token}/code.txt",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrBusy(app, req, p, [&] { return CodeFile(app, req, p); });
      },
      reads);
  r.Add(
      "GET", "/resume",
      [&app](const Request& req, const http::Params& p) {
        return ReadingOrBusy(app, req, p, [&] { return ResumeEntry(app, req); });
      },
      http::Cost::kQuick);
  r.Add("POST", "/resume", [&app](const Request& req, const http::Params&) { return ResumeEntryPost(app, req); });
}

}  // namespace mcs::web
