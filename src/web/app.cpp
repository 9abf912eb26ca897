#include "web/app.h"

#include "common/crypto.h"
#include "common/embedded.h"
#include "common/strings.h"
#include "web/logic.h"  // browser-side logic (logic.cpp)

namespace mcs::web {

App::App(storage::Storage& store, const Clock& clock, Random& random) : store_(store), clock_(clock), random_(random) {}

Status App::Init(std::ostream& log) {
  if (Status st = store_.Migrate(); !st.ok()) return st;
  if (store_.IsEmpty()) {
    if (Status st = InstallStudy(log); !st.ok()) return st;
  }
  // The secrets of CSRF tokens and resume tokens are shared by every node on the same database, so
  // any node can check a token.
  for (auto [key, out] : {std::pair{"csrf_secret", &csrf_secret_}, std::pair{"resume_secret", &resume_secret_}}) {
    auto secret = store_.GetSetting(key);
    if (!secret) {
      if (Status st = store_.PutSetting(key, random_.Hex(32)); !st.ok()) return st;
      secret = store_.GetSetting(key);
    }
    *out = secret.value_or("");
  }
  Diagnostics diags;
  forms_.LoadAll(store_, diags);
  if (diags.HasErrors()) log << "mcsurvey: some stored form versions no longer load:\n" << diags.ToString();
  return Status::Ok();
}

Status App::InstallStudy(std::ostream& log) {
  for (const StudyGroup& g : StudyGroups()) {
    std::string file = std::string(g.form_id) + ".md";
    const embedded::File* f = embedded::Find(file);
    if (!f) return MakeError(ErrorCode::kInternal, "the built-in form " + file + " is missing from the binary");
    Diagnostics diags;
    auto r = Import(f->data, file, diags);
    if (!r.ok()) return MakeError(ErrorCode::kInternal, "the built-in form " + file + " does not load:\n" + diags.ToString());
    storage::FormWindow w;
    w.form_id = g.form_id;
    w.closes_at = DefaultClosingTime(clock_.Now());
    if (Status st = store_.PutWindow(w); !st.ok()) return st;
  }
  if (!store_.GetUser("admin")) {
    const char* env = std::getenv("MCSURVEY_ADMIN_PASSWORD");
    std::string password = env && *env ? env : random_.Token(20, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    storage::UserRecord u{"admin", "owner", HashPassword(password), clock_.Now()};
    if (Status st = store_.AddUser(u); !st.ok()) return st;
    if (!(env && *env)) log << "mcsurvey: created the owner account 'admin' with password: " << password << "\n";
  }
  return Status::Ok();
}

Result<std::shared_ptr<const form::Form>> App::Import(std::string_view bytes, const std::string& file_name,
                                                      Diagnostics& diags) {
  auto f = form::Compile(bytes, file_name, diags);
  if (!f) return MakeError(ErrorCode::kInvalid, "the form has errors");
  std::string base = file_name.substr(file_name.find_last_of('/') == std::string::npos ? 0 : file_name.find_last_of('/') + 1);
  storage::FormRecord rec{f->id, f->version, f->title, base, std::string(bytes), clock_.Now()};
  if (Status st = store_.AddFormVersion(rec); !st.ok()) return st.error();
  forms_.Add(f);
  return f;
}

WindowState App::Window(const std::string& form_id, storage::FormWindow* out) const {
  auto w = store_.GetWindow(form_id);
  if (!w) return WindowState::kOpen;
  if (out) *out = *w;
  TimeMs now = clock_.Now();
  if (w->paused) return WindowState::kClosed;
  if (w->opens_at && now < w->opens_at) return WindowState::kScheduled;
  if (w->closes_at && now >= w->closes_at) return WindowState::kClosed;
  return WindowState::kOpen;
}

std::string App::ClientOf(const http::Request& req) const {
  if (trusted_proxy_.empty() || req.client != trusted_proxy_) return req.client;
  std::string_view xff = req.Header("x-forwarded-for");
  auto comma = xff.rfind(',');
  std::string_view last = Trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
  return last.empty() ? req.client : std::string(last);
}

std::shared_ptr<const http::Router> App::MakeRouter() {
  auto r = std::make_shared<http::Router>();
  // Every POST counts against its client's bucket; the address is used here and never stored.
  r->SetGuard([this](const http::Request& req) -> std::optional<http::Response> {
    if (req.method != "POST" || post_rate_ <= 0 || post_limiter_.Allow(ClientOf(req), clock_.Now())) return std::nullopt;
    http::Response res = http::Response::Text(429, "too many requests: please wait a moment and try again\n");
    res.Header("Retry-After", std::to_string(post_limiter_.RetryAfterSeconds()));
    return res;
  });
  AddRespondentRoutes(*this, *r);
  AddApiRoutes(*this, *r);
  AddOpsRoutes(*this, *r, r.get());
  AddConsoleRoutes(*this, *r);
  AddLogicRoutes(*this, *r);  // GET /s/{form_id}/logic.js (logic.cpp)
  return r;
}

}  // namespace mcs::web
