// mcsurvey's command line (INTERFACE.md): serve, check, form, import, eval, export, report,
// user, token, migrate, backup.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/bounce_commands.h"
#include "app/cli_audit.h"
#include "app/mail_commands.h"
#include "app/open_store.h"
#include "app/print_command.h"
#include "app/privacy_command.h"
#include "app/report_command.h"
#include "app/results_command.h"
#include "app/study_command.h"
#include "app/translate_command.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "engine/engine.h"
#include "export/export.h"
#include "form/form.h"
#include "http/http.h"
#include "privacy/retention.h"
#include "storage/copy_study.h"
#include "storage/storage.h"
#include "web/app.h"
#include "web/export_request.h"
#include "web/fieldwork_targets.h"
#include "web/refusal.h"
#include "web/study_texts.h"
#include "xlsform/workbook.h"
#include "xpath/xpath.h"

namespace {

using namespace mcs;  // NOLINT(google-build-using-namespace): a .cpp, not a header

constexpr const char* kDefaultDb = "sqlite:data/mcsurvey.db";

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Opens the database and brings its schema up to date; a failure ends the command.
std::unique_ptr<storage::Storage> OpenDb(const std::string& url) {
  auto s = app::OpenStore(url);
  if (!s) std::exit(1);
  return s;
}

struct ServeLimits {
  int max_connections = 4096;
  int max_connections_per_address = 128;
  int keep_alive = 60;
  int sign_in_checks = 2;
  int sign_in_queue = 8;
};

int Serve(const std::string& db, const std::string& listen, int threads, bool pin_io_threads, double post_rate,
          const std::string& trusted_proxy, int read_timeout, const ServeLimits& limits) {
  auto store = OpenDb(db);
  SystemClock clock;
  SecureRandom random;
  web::App app(*store, clock, random);
  app.SetPostRate(post_rate);
  app.SetTrustedProxy(trusted_proxy);
  app.SetPasswordChecks(limits.sign_in_checks, limits.sign_in_queue);
  if (Status st = app.Init(std::cout, /*owner_in_background=*/true); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  http::ServerOptions opts;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "mcsurvey: --listen wants HOST:PORT\n";
    return 2;
  }
  opts.host = listen.substr(0, colon);
  if (opts.host.size() > 2 && opts.host.front() == '[') opts.host = opts.host.substr(1, opts.host.size() - 2);
  try {
    opts.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  } catch (...) {
    std::cerr << "mcsurvey: bad port in --listen\n";
    return 2;
  }
  opts.io_threads = std::max(1, threads);
  opts.pin_io_threads = pin_io_threads;
  opts.read_timeout_seconds = std::max(1, read_timeout);
  opts.keep_alive_seconds = std::max(1, limits.keep_alive);
  opts.max_connections = std::max(1, limits.max_connections);
  opts.max_connections_per_address = std::max(1, limits.max_connections_per_address);
  if (!trusted_proxy.empty()) opts.unlimited_addresses.push_back(trusted_proxy);
  // Handlers wait on group commits; enough of them lets many respondents share one fsync.
  opts.workers = std::max(16, 16 * opts.io_threads);
  // Retention (issue 25): each form's personal data deleted once its retention has run out, checked
  // every minute on every node (one audit line for all of them).
  auto retention = std::make_unique<privacy::RetentionScheduler>(
      *store, clock,
      [&app] {
        std::vector<std::shared_ptr<const form::Form>> forms;
        for (const auto& f : app.forms().AllLatest()) forms.push_back(web::FormForExport(app.forms(), f->id, ""));
        return forms;
      },
      std::chrono::minutes(1));
  // The server's own refusals (413, 400, 503 over a cap...) in the respondent's language (web/refusal.h).
  opts.refusal = web::RefusalPageFor(app.forms());
  http::Server server(opts, app.MakeRouter());
  unsigned short port;
  try {
    port = server.Listen();
  } catch (const std::exception& e) {
    std::cerr << "mcsurvey: cannot listen on " << listen << ": " << e.what() << "\n";
    return 1;
  }
  std::string host = opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
  std::cout << "mcsurvey: limits: " << server.max_connections() << " connections in all, "
            << opts.max_connections_per_address << " per address; " << limits.sign_in_checks
            << " password checks at once, " << limits.sign_in_queue << " waiting" << std::endl;
  std::cout << "mcsurvey: serving at http://" << host << ":" << port << "/" << std::endl;
  auto mail_sender = app::StartMailSender(app);      // the mail queue (issue 22); stopped before the storage
  auto bounce_reader = app::StartBounceReader(app);  // the bounce mailbox (issue 22)
  server.Run();
  bounce_reader.reset();
  mail_sender.reset();
  retention.reset();
  store->Close();
  std::cout << "mcsurvey: stopped" << std::endl;
  return 0;
}

int Check(const std::vector<std::string>& files) {
  bool ok = true;
  for (const auto& path : files) {
    std::string bytes;
    Diagnostics diags;
    if (!ReadFile(path, bytes)) {
      std::cerr << path << ": cannot open the file\n";
      ok = false;
      continue;
    }
    auto f = form::Compile(bytes, path, diags);
    std::cerr << diags.ToString();
    if (!f) ok = false;
  }
  return ok ? 0 : 1;
}

// `to`: "json" (the normalised form) or "md" (the form written back as XLSForm markdown tables).
int PrintForm(const std::string& path, const std::string& to) {
  std::string bytes;
  if (!ReadFile(path, bytes)) {
    std::cerr << path << ": cannot open the file\n";
    return 1;
  }
  Diagnostics diags;
  auto f = form::Compile(bytes, path, diags);
  if (!f) {
    std::cerr << diags.ToString();
    return 1;
  }
  if (to == "md")
    std::cout << xlsform::WriteMarkdown(form::ToWorkbook(*f));
  else
    std::cout << form::ToJson(*f) << "\n";
  return 0;
}

int Import(const std::string& path, const std::string& db, bool publish) {
  std::string bytes;
  if (!ReadFile(path, bytes)) {
    std::cerr << path << ": cannot open the file\n";
    return 1;
  }
  auto store = OpenDb(db);
  SystemClock clock;
  SecureRandom random;
  web::App app(*store, clock, random);
  Diagnostics diags;
  bool published = false;
  // Landed as a draft first: --publish then goes through the same check as `mcsurvey publish` and the
  // console (no language with missing texts goes live), and a refused form is kept as a draft.
  auto f = app.Import(bytes, path, diags, /*publish=*/false, &published);
  std::cerr << diags.ToString();
  if (!f.ok()) {
    if (!diags.HasErrors()) std::cerr << "mcsurvey: " << f.error().message << "\n";
    return 1;
  }
  if (publish && !published) {
    Diagnostics missing;
    missing.SetFile(path);
    web::App::CheckPublishable(**f, missing);
    if (missing.HasErrors()) {
      std::cerr << missing.ToString() << "mcsurvey: imported " << (*f)->id << " version " << (*f)->version
                << " as a draft, not published: " << missing.items().size()
                << " texts are missing in a language of the form\n";
      return 1;
    }
    if (Status st = app.Publish((*f)->id, (*f)->version); !st.ok()) {
      std::cerr << "mcsurvey: imported " << (*f)->id << " version " << (*f)->version
                << " as a draft, not published: " << st.error().message << "\n";
      return 1;
    }
    published = true;
  }
  if (published) {
    std::cout << "imported " << (*f)->id << " version " << (*f)->version << " (published)\n";
  } else {
    std::cout << "imported " << (*f)->id << " version " << (*f)->version
              << " as a draft: the public cannot answer it until it is published\n"
              << "  publish it with: mcsurvey publish " << (*f)->id << " --db " << db << "\n";
  }
  return 0;
}

// Publishes a form's newest version (or `version`), now or (`at_opening`) at the form's opening time;
// audited like the console's publish. A running server sees it within a second (FormsVersion).
int Publish(const std::string& form_id, const std::string& version, const std::string& db, bool at_opening) {
  auto store = OpenDb(db);
  auto all = store->AllFormVersions();
  const storage::FormRecord* pick = nullptr;  // oldest first: the last match is the newest
  for (const auto& r : all) {
    if (r.form_id == form_id && (version.empty() || r.version == version)) pick = &r;
  }
  if (!pick) {
    std::cerr << "mcsurvey: no form '" << form_id << "'" << (version.empty() ? "" : " version " + version) << " in "
              << db << "\n";
    return 1;
  }
  const std::string v = pick->version;
  const TimeMs now = SystemClock().Now();
  if (pick->published_at != 0 && pick->published_at <= now) {
    std::cout << form_id << " version " << v << " is published already\n";
    return 0;
  }
  {  // a language with missing texts cannot be published (issue 24), as in the console
    Diagnostics diags;
    diags.SetFile(pick->file_name);
    auto f = form::Compile(pick->source, pick->file_name, diags);
    Diagnostics missing;
    missing.SetFile(pick->file_name);
    if (f) web::App::CheckPublishable(*f, missing);
    if (f) web::CheckStudyTextsComplete(web::LoadStudyTexts(*store), *f, missing);  // the study's texts too
    if (missing.HasErrors()) {
      std::cerr << missing.ToString() << "mcsurvey: " << form_id << " version " << v
                << " is not published: " << missing.items().size() << " texts are missing in a language of the form\n";
      return 1;
    }
  }
  TimeMs at = now;
  if (at_opening) {
    auto w = store->GetWindow(form_id);
    if (!w || w->opens_at <= now) {
      std::cerr << "mcsurvey: " << form_id << " has no opening time in the future: set one with mcsurvey window "
                << form_id << " --opens T, or publish it now\n";
      return 1;
    }
    at = w->opens_at;
  }
  if (Status st = store->SetPublicationTime(form_id, v, at, now); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  app::AuditCli(*store, now, at_opening ? "form-publish-scheduled" : "form-publish", form_id,
                "version " + v + (at_opening ? ", at " + FormatTimeUtc(at) : std::string()));
  if (at_opening) {
    std::cout << form_id << " version " << v << " will be published at its opening time, " << FormatStudyTime(at)
              << "\n";
  } else {
    std::cout << "published " << form_id << " version " << v << " (a running server shows it within a second)\n";
  }
  return 0;
}

// ${name} against a plain map of answers (mcsurvey eval), evaluated outside any repeat: a repeat
// given as an array of instances ({"rep":[{"x":1},{"x":2}]}) is a node-set of its instances, and
// so is ${x} for a question answered in them (count(${rep}), sum(${x}), join(', ', ${x})...).
class MapContext final : public xpath::EvalContext {
 public:
  using Instances = std::vector<std::map<std::string, std::string>>;
  MapContext(std::map<std::string, std::string> v, std::map<std::string, Instances> repeats)
      : v_(std::move(v)), repeats_(std::move(repeats)) {}
  std::string Resolve(std::string_view name) const override {
    auto it = v_.find(std::string(name));
    return it == v_.end() ? std::string() : it->second;
  }
  std::vector<std::string> ResolveAll(std::string_view name) const override {
    if (auto r = repeats_.find(std::string(name)); r != repeats_.end())
      return std::vector<std::string>(r->second.size());
    if (const Instances* inst = RepeatOf(name)) {
      std::vector<std::string> out;
      for (const auto& values : *inst) {
        auto it = values.find(std::string(name));
        out.push_back(it == values.end() ? std::string() : it->second);
      }
      return out;
    }
    return {Resolve(name)};
  }
  bool IsNodeSet(std::string_view name) const override {
    return repeats_.count(std::string(name)) > 0 || RepeatOf(name) != nullptr;
  }

 private:
  // The instances of the repeat whose questions include `name`, or nullptr.
  const Instances* RepeatOf(std::string_view name) const {
    for (const auto& [repeat, instances] : repeats_) {
      for (const auto& values : instances) {
        if (values.count(std::string(name))) return &instances;
      }
    }
    return nullptr;
  }
  std::map<std::string, std::string> v_;
  std::map<std::string, Instances> repeats_;
};

// One --answers value as the string an answer is stored as (a select_multiple's array joined).
std::string AnswerString(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) return xpath::FormatNumber(v.as_double());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v.as_array()) {
      if (e.is_string()) parts.emplace_back(e.as_string());
    }
    return Join(parts, " ");
  }
  return std::string();
}

// Checks and canonicalises one answer against the form; false (with a message) when it cannot.
bool CanonicalAnswer(const form::Form* f, const std::string& name, std::string& s) {
  if (!f) return true;
  const form::Node* n = f->Find(name);
  if (!n) {
    std::cerr << "mcsurvey: the form has no question '" << name << "'\n";
    return false;
  }
  auto c = engine::Canonicalize(*n, s, f->lang());
  if (!c.ok()) {
    std::cerr << "mcsurvey: " << name << ": " << c.error().message << "\n";
    return false;
  }
  s = *c;
  return true;
}

int Eval(const std::string& form_path, const std::string& answers_json, const std::string& expr) {
  std::shared_ptr<const form::Form> f;
  if (!form_path.empty()) {
    std::string bytes;
    Diagnostics diags;
    if (!ReadFile(form_path, bytes)) {
      std::cerr << form_path << ": cannot open the file\n";
      return 1;
    }
    f = form::Compile(bytes, form_path, diags);
    if (!f) {
      std::cerr << diags.ToString();
      return 1;
    }
  }
  std::map<std::string, std::string> values;
  std::map<std::string, MapContext::Instances> repeats;
  if (!answers_json.empty()) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(answers_json, ec);
    if (ec || !doc.is_object()) {
      std::cerr << "mcsurvey: --answers must be a JSON object\n";
      return 1;
    }
    for (const auto& kv : doc.as_object()) {
      const auto& v = kv.value();
      const std::string key(kv.key());
      const bool instances = v.is_array() && !v.as_array().empty() &&
                             std::all_of(v.as_array().begin(), v.as_array().end(),
                                         [](const boost::json::value& e) { return e.is_object(); });
      const form::Node* rn = f ? f->Find(key) : nullptr;
      if (instances || (rn && rn->type == form::Type::kRepeat)) {
        // A repeat: an array of instances, each an object of that instance's answers.
        if (f && (!rn || rn->type != form::Type::kRepeat)) {
          std::cerr << "mcsurvey: '" << key << "' is not a repeat of the form\n";
          return 1;
        }
        auto& list = repeats[key];
        if (v.is_array()) {
          for (const auto& e : v.as_array()) {
            list.emplace_back();
            if (!e.is_object()) continue;
            for (const auto& field : e.as_object()) {
              std::string s = AnswerString(field.value());
              if (!CanonicalAnswer(f.get(), std::string(field.key()), s)) return 1;
              list.back()[std::string(field.key())] = s;
            }
          }
        }
        continue;
      }
      if (rn && rn->repeat != 0) {
        std::cerr << "mcsurvey: '" << key << "' is inside the repeat '"
                  << f->nodes[static_cast<std::size_t>(rn->repeat)].name
                  << "': give it in that repeat's instances, e.g. {\""
                  << f->nodes[static_cast<std::size_t>(rn->repeat)].name << "\":[{\"" << key << "\":...}]}\n";
        return 1;
      }
      std::string s = AnswerString(v);
      if (!CanonicalAnswer(f.get(), key, s)) return 1;
      values[key] = s;
    }
  }
  xpath::ParseResult pr = xpath::Parse(expr);
  if (!pr.ok()) {
    std::cerr << "mcsurvey: " << pr.error().message << " at column " << pr.error().position + 1 << "\n  " << expr
              << "\n  " << std::string(pr.error().position, ' ') << "^\n";
    return 1;
  }
  if (f) {
    for (const auto& ref : pr->references()) {
      if (!f->Find(ref)) {
        std::cerr << "mcsurvey: ${" << ref << "} names no question in the form\n";
        return 1;
      }
    }
  }
  if (f) {
    // The form's repeats not given have no instances (count() 0, boolean() false).
    for (const auto& n : f->nodes) {
      if (n.type == form::Type::kRepeat) repeats.try_emplace(n.name);
    }
  }
  MapContext ctx(std::move(values), std::move(repeats));
  std::cout << xpath::Evaluate(*pr, ctx).ToString() << "\n";
  return 0;
}

int Export(const std::string& form_id, const std::string& format_in, const std::string& out_path, const std::string& db,
           bool all, const std::string& lang, bool labels, const std::string& form_version, bool include_excluded) {
  const std::string format = format_in == "jsonl" ? "json" : format_in;
  if (format != "csv" && format != "xlsx" && format != "sav" && format != "dta" && format != "json") {
    std::cerr << "mcsurvey: --format is csv, xlsx, sav, dta or json (JSON lines)\n";
    return 2;
  }
  if (out_path.empty() && (format == "xlsx" || format == "sav" || format == "dta")) {
    std::cerr << "mcsurvey: the " << format << " format needs --out FILE\n";
    return 2;
  }
  auto store = OpenDb(db);
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(*store, diags);
  // One version's responses with that version's questions, or every version's with the questions
  // of all of them united (form_version is a column either way).
  auto f = web::FormForExport(reg, form_id, form_version);
  if (!f) {
    std::cerr << "mcsurvey: no form '" << form_id << "'" << (form_version.empty() ? "" : " version " + form_version)
              << " in " << db << "\n";
    return 1;
  }
  exporter::Options opts;
  opts.form_version = form_version;
  opts.complete_only = !all;
  opts.lang = lang;
  opts.labels = labels;
  opts.include_excluded = include_excluded;
  // On a terminal, a progress bar on stderr (sav and dta read the responses twice: two bars).
  long long expected = 0;
  if (isatty(STDERR_FILENO)) {
    storage::ResponseCounts c = store->CountResponses(form_id);
    expected = c.complete + (all ? c.partial : 0);
  }
  if (expected > 0) {
    opts.progress = [expected](long long n) {
      long long pct = std::min<long long>(100, n * 100 / expected);
      std::string bar(static_cast<std::size_t>(pct / 4), '#');
      bar.resize(25, '.');
      std::cerr << "\r[" << bar << "] " << n << " of " << expected << " responses (" << pct << "%)" << std::flush;
    };
  }
  if (!lang.empty() && !f->HasLanguage(lang)) {
    std::cerr << "mcsurvey: the form has no language '" << lang << "'; labels are in its default language\n";
  }
  Result<long long> n = 0LL;
  const auto fmt = *exporter::ParseFileFormat(format);
  if (out_path.empty()) {
    // To standard output: the main table only (csv, JSON lines); the repeats need files.
    if (format == "csv") {
      n = exporter::WriteCsv(*store, *f, opts, std::cout, [&](const std::string& name) -> std::ostream* {
        std::cerr << "mcsurvey: the repeat '" << name << "' goes to its own file: give --out to get it\n";
        return nullptr;
      });
    } else {
      n = exporter::WriteJsonl(*store, *f, opts, std::cout);
    }
    std::cout.flush();
  } else if (out_path.ends_with(".zip")) {
    // The console's and the API's download, byte for byte the same writer.
    if (!exporter::IsZipped(fmt)) {
      std::cerr << "mcsurvey: only csv, sav and dta exports are zipped (" << format << " is one file)\n";
      return 2;
    }
    n = exporter::WriteDownload(*store, *f, opts, fmt, out_path);
  } else {
    // FILE.ext, and for csv/sav/dta FILE-REPEAT.ext, FILE-codebook.csv and FILE-README.txt beside it:
    // the files the download's zip holds.
    const std::string ext = "." + std::string(exporter::Extension(fmt));
    std::filesystem::path p(out_path);
    std::string stem = p.filename().string();
    for (const std::string& e : {ext, "." + format}) {
      if (stem.size() > e.size() && stem.ends_with(e)) {
        stem.resize(stem.size() - e.size());
        break;
      }
    }
    std::string dir = p.parent_path().string();
    auto w = exporter::WriteFiles(*store, *f, opts, fmt, dir.empty() ? "." : dir, stem);
    if (w.ok()) {
      n = w->responses;
      // The main file under the name asked for (FILE.ext unless --out named it otherwise).
      std::error_code ec;
      std::filesystem::path written = std::filesystem::path(dir.empty() ? "." : dir) / w->files[0];
      if (written != p) std::filesystem::rename(written, p, ec);
      if (ec) n = MakeError(ErrorCode::kUnavailable, "cannot write " + out_path + ": " + ec.message());
    } else {
      n = w.error();
    }
  }
  if (!n.ok()) {
    std::cerr << "mcsurvey: " << n.error().message << "\n";
    return 1;
  }
  if (opts.progress) {
    opts.progress(*n);
    std::cerr << "\n";
  }
  std::cerr << "mcsurvey: exported " << *n << " responses\n";
  return 0;
}

// The follow-up contacts of one form (owner's data): written to a file, never to the terminal, and
// each run in the audit log.
int Followups(const std::string& form_id, const std::string& out_path, bool with_answers, const std::string& db) {
  auto store = OpenDb(db);
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(*store, diags);
  auto f = web::FormForExport(reg, form_id, "");
  if (!f) {
    std::cerr << "mcsurvey: no form '" << form_id << "' in " << db << "\n";
    return 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  if (!out) {
    std::cerr << "mcsurvey: cannot write " << out_path << "\n";
    return 1;
  }
  exporter::FollowupOptions fo;
  fo.with_answers = with_answers;
  auto n = exporter::WriteFollowups(*store, *f, fo, out);
  if (n.ok() && !out.flush()) n = MakeError(ErrorCode::kUnavailable, "cannot write " + out_path);
  if (!n.ok()) {
    out.close();
    std::remove(out_path.c_str());
    std::cerr << "mcsurvey: " << n.error().message << "\n";
    return 1;
  }
  app::AuditCli(*store, "followups", f->id,
                std::to_string(*n) + " contacts" + (with_answers ? ", with their answers" : ""));
  std::cerr << "mcsurvey: " << *n << " follow-up contacts written to " << out_path << "\n";
  return 0;
}

int UserAdd(const std::string& name, const std::string& role, const std::string& db) {
  if (role != "owner" && role != "analyst" && role != "viewer") {
    std::cerr << "mcsurvey: --role is owner, analyst or viewer\n";
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (password.size() < 10) {
    std::cerr << "mcsurvey: the password (on standard input) needs at least 10 characters\n";
    return 1;
  }
  auto store = OpenDb(db);
  SystemClock clock;
  if (Status st = store->AddUser({name, role, HashPassword(password), clock.Now()}); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::cout << "added " << name << " (" << role << ")\n";
  return 0;
}

// Ends the sign-in throttle of `name` (its failure count and wait), as an owner's Unlock button does.
int UserUnlock(const std::string& name, const std::string& db) {
  auto store = OpenDb(db);
  if (!store->GetUser(name)) {
    std::cerr << "mcsurvey: no user '" << name << "'\n";
    return 1;
  }
  if (Status st = store->RecordSignIn(name, false, 0); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  SystemClock clock;
  storage::AuditEvent e;
  e.at = clock.Now();
  e.user = "";
  e.action = "user-unlock";
  e.target = name;
  e.detail = "from the command line";
  (void)store->AppendAudit(e);
  std::cout << "unlocked " << name << "\n";
  return 0;
}

int TokenAdd(const std::string& user, const std::string& label, const std::string& db) {
  auto store = OpenDb(db);
  if (!store->GetUser(user)) {
    std::cerr << "mcsurvey: no user '" << user << "'\n";
    return 1;
  }
  SecureRandom random;
  SystemClock clock;
  std::string token = "mcs_" + random.Hex(24);
  if (Status st = store->AddApiToken(Sha256Hex(token), user, label, clock.Now()); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::cout << token << "\n";
  return 0;
}

// Parses "2027-07-05T23:59" (wall-clock time in the study's zone) or full RFC 3339; "none" clears.
bool ParseWhen(const std::string& s, TimeMs& out) {
  if (s == "none" || s.empty()) {
    out = 0;
    return true;
  }
  TimeMs t = ParseTimeUtc(s);
  if (t >= 0) {
    out = t;
    return true;
  }
  int y, mo, d, h = 0, mi = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) >= 3) {
    // A time the study's clock skips (spring forward) is refused, as on the console.
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
    if (!LocalTimeExists(StudyTimeZone(), y, mo, d, h, mi)) return false;
    out = LocalToUtc(StudyTimeZone(), y, mo, d, h, mi);
    return true;
  }
  return false;
}

int Window(const std::string& form_id, const std::string& db, const std::string& opens, const std::string& closes,
           const std::string& paused, const std::string& message, bool message_set) {
  auto store = OpenDb(db);
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(*store, diags);
  if (!reg.Latest(form_id)) {
    std::cerr << "mcsurvey: no form '" << form_id << "'\n";
    return 1;
  }
  storage::FormWindow w = store->GetWindow(form_id).value_or(storage::FormWindow{form_id, 0, 0, false, ""});
  if (!opens.empty() && !ParseWhen(opens, w.opens_at)) {
    std::cerr << "mcsurvey: --opens wants 2027-07-05T23:59 (a time that exists in the study's zone, " << StudyTimeZone()
              << "), RFC 3339 or none\n";
    return 2;
  }
  if (!closes.empty() && !ParseWhen(closes, w.closes_at)) {
    std::cerr << "mcsurvey: --closes wants 2027-07-05T23:59 (a time that exists in the study's zone, "
              << StudyTimeZone() << "), RFC 3339 or none\n";
    return 2;
  }
  if (!paused.empty()) w.paused = paused == "yes";
  if (message_set) w.closed_message = message;
  if (Status st = store->PutWindow(w); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  // A publication scheduled for the opening time follows it (at once when the time is gone), as in
  // the console.
  const TimeMs now = SystemClock().Now();
  for (const auto& rec : store->AllFormVersions()) {
    if (rec.form_id != form_id || rec.published_at <= now || rec.published_at == w.opens_at) continue;
    TimeMs at = w.opens_at > now ? w.opens_at : now;
    if (Status st = store->SetPublicationTime(form_id, rec.version, at, now); st.ok()) {
      std::cout << form_id << " version " << rec.version << " is now published " << (at > now ? "at " : "")
                << (at > now ? FormatStudyTime(at) : "now") << "\n";
    }
  }
  std::cout << form_id << ": opens " << (w.opens_at ? FormatStudyTime(w.opens_at) : "now") << ", closes "
            << (w.closes_at ? FormatStudyTime(w.closes_at) : "never") << (w.paused ? ", paused" : "")
            << (w.archived_at ? ", archived" : "") << "\n";
  return 0;
}

// --- fieldwork (issue 22): archive, targets ---
using app::AuditCli;    // app/cli_audit.h
using app::LatestForm;  // app/open_store.h

// Archives a form (or takes it out of the archive): off the landing page, no answers; data kept.
int Archive(const std::string& form_id, const std::string& db, bool restore) {
  auto store = OpenDb(db);
  auto all = store->AllFormVersions();
  if (std::none_of(all.begin(), all.end(), [&](const auto& r) { return r.form_id == form_id; })) {
    std::cerr << "mcsurvey: no form '" << form_id << "' in " << db << "\n";
    return 1;
  }
  storage::FormWindow w = store->GetWindow(form_id).value_or(storage::FormWindow{form_id, 0, 0, false, ""});
  if ((w.archived_at != 0) == !restore) {
    std::cout << form_id << (restore ? " is not archived\n" : " is archived already\n");
    return 0;
  }
  w.archived_at = restore ? 0 : SystemClock().Now();
  if (Status st = store->PutWindow(w); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  AuditCli(*store, restore ? "form-unarchive" : "form-archive", form_id, "");
  std::cout << (restore ? "took " + form_id + " out of the archive"
                        : "archived " + form_id +
                              ": off the landing page, no more answers; its data, exports and "
                              "reports are kept")
            << " (a running server sees it within a second)\n";
  return 0;
}

// Sets a form's targets from a CSV (columns group, country, target), replacing the ones it had.
int TargetsSet(const std::string& form_id, const std::string& path, const std::string& db) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": cannot open the file\n";
    return 1;
  }
  std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto store = OpenDb(db);
  auto f = LatestForm(*store, form_id, db);
  if (!f) return 1;
  web::TargetFrame frame = web::FrameOf(*f, "en");
  std::vector<web::TargetProblem> problems;
  int other_forms = 0;
  auto targets = web::ParseTargetsCsv(csv, frame, problems, &other_forms);
  if (!targets.ok()) {
    for (const auto& p : problems)
      std::cerr << path << ":" << (p.line ? std::to_string(p.line) + ": " : " ") << p.message << "\n";
    std::cerr << "mcsurvey: nothing was changed\n";
    return 1;
  }
  if (Status st = web::SaveTargets(*store, frame, *targets); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  long total = 0;
  for (const auto& [k, n] : *targets) total += n;
  AuditCli(*store, "targets-set", form_id,
           std::to_string(targets->size()) + " cells, " + std::to_string(total) + " responses");
  std::cout << form_id << ": " << targets->size() << " targets set, " << total << " complete responses wanted"
            << (other_forms ? " (" + std::to_string(other_forms) + " lines for other forms skipped)" : std::string())
            << "\n";
  return 0;
}

// Prints a form's targets as the CSV TargetsSet reads (every cell of its lists, empty when none).
int TargetsShow(const std::string& form_id, const std::string& db) {
  auto store = OpenDb(db);
  auto f = LatestForm(*store, form_id, db);
  if (!f) return 1;
  web::TargetFrame frame = web::FrameOf(*f, "en");
  web::Targets targets = web::LoadTargets(*store, form_id);
  std::string out;
  auto line = [&out](const std::vector<std::pair<std::string, bool>>& fields) {
    std::string l;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) l += ',';
      exporter::AppendCsvField(l, fields[i].first, fields[i].second);
    }
    out += l + "\n";
  };
  line({{"group", true}, {"country", true}, {"target", true}, {"group_name", true}, {"country_name", true}});
  for (const auto& g : frame.groups) {
    for (const auto& c : frame.countries) {
      auto t = targets.find({g.code, c.code});
      line({{g.code, true},
            {c.code, true},
            {t == targets.end() ? "" : std::to_string(t->second), false},
            {g.name, true},
            {c.name, true}});
    }
  }
  std::cout << out;
  return 0;
}
// --- end of fieldwork's block ---

// Copies a whole study into a database holding no study data yet, then proves the copy faithful:
// every kind of record (storage/copy_study.h) counted and checksummed on both sides, printed, and
// any difference fails the command.
int MigrateStudy(const std::string& from_url, const std::string& to_url) {
  auto from = OpenDb(from_url);
  auto to = OpenDb(to_url);
  if (auto kind = storage::StudyDataIn(storage::DigestStudy(*to))) {
    std::cerr << "mcsurvey: " << to_url << " holds " << *kind << " already: migrate into an empty database\n";
    return 1;
  }
  auto n = storage::CopyStudy(*from, *to);
  if (!n.ok()) {
    std::cerr << "mcsurvey: migrate failed: " << n.error().message
              << " (the target holds part of the study now: start again with an empty database)\n";
    return 1;
  }
  std::cout << "mcsurvey: copied " << n->forms << " form versions, " << n->users << " users, " << n->invitations
            << " invitations, " << n->responses << " responses, " << n->audit << " audit lines, " << n->settings
            << " settings, " << n->windows << " windows, " << n->api_tokens << " API tokens, " << n->contacts
            << " contacts, " << n->campaigns << " campaigns, " << n->mail << " queued messages, " << n->blocked
            << " blocked addresses, " << n->bounces << " bounces\n";
  storage::ResponseDigest a = storage::DigestResponses(*from), b = storage::DigestResponses(*to);
  std::cout << "source: " << a.count << " responses, checksum " << a.checksum << "\n"
            << "target: " << b.count << " responses, checksum " << b.checksum << "\n";
  auto src = storage::DigestStudy(*from), dst = storage::DigestStudy(*to);
  to->Close();
  from->Close();
  bool same = src.size() == dst.size() && a.count == b.count && a.checksum == b.checksum;
  for (std::size_t i = 0; i < src.size() && i < dst.size(); ++i) {
    bool ok = src[i].count == dst[i].count && src[i].checksum == dst[i].checksum;
    same = same && ok;
    // One line per kind: KIND SOURCE-COUNT SOURCE-SHA256 TARGET-COUNT TARGET-SHA256 ok|DIFFERS
    std::cout << "digest " << src[i].kind << " " << src[i].count << " " << src[i].checksum << " " << dst[i].count << " "
              << dst[i].checksum << " " << (ok ? "ok" : "DIFFERS") << "\n";
    if (!ok) std::cerr << "mcsurvey: the copy's " << src[i].kind << " differ from the source's\n";
  }
  if (!same) {
    std::cerr << "mcsurvey: the copy differs from the source\n";
    return 1;
  }
  return 0;
}

int Backup(const std::string& db, const std::string& out) {
  auto store = OpenDb(db);
  if (Status st = store->BackupDatabase(out); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  store->Close();
  std::cout << "mcsurvey: backed up " << db << " to " << out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"mcsurvey: a fast, self-hosted web survey platform"};
  cli.require_subcommand(1);
  std::string db = kDefaultDb;

  auto* serve = cli.add_subcommand("serve", "Serve the study over HTTP");
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  serve->add_option("--db", db, "sqlite:PATH or postgresql://...");
  serve->add_option("--listen", listen, "HOST:PORT");
  serve->add_option("--threads", threads, "I/O threads");
  bool no_pin = false;
  serve->add_flag("--no-pin", no_pin,
                  "let the I/O threads run on any CPU (default: each on a CPU of its own when there are enough)");
  double post_rate = 20;
  std::string trusted_proxy;
  serve->add_option("--trusted-proxy", trusted_proxy, "address of a reverse proxy whose X-Forwarded-For is believed");
  serve->add_option("--post-rate", post_rate, "form posts and submissions per second per client address (0: no limit)");
  int read_timeout = 30;
  serve->add_option("--read-timeout", read_timeout,
                    "seconds a client may take to send a request (headers and body); slower clients are cut off");
  ServeLimits limits;
  serve->add_option("--keep-alive", limits.keep_alive,
                    "seconds an idle kept-alive connection waits for its next request");
  serve->add_option("--max-connections", limits.max_connections,
                    "open connections in all (lowered to the descriptor limit less 128)");
  serve->add_option("--max-connections-per-address", limits.max_connections_per_address,
                    "open connections per client address (the trusted proxy has only the total cap)");
  serve->add_option("--sign-in-checks", limits.sign_in_checks,
                    "password checks (argon2id, 64 MiB each) at once, on threads of their own");
  serve->add_option("--sign-in-queue", limits.sign_in_queue,
                    "password checks waiting beyond those; more sign-ins get 503 with Retry-After");

  auto* check = cli.add_subcommand("check", "Validate XLSForms (.xlsx .csv .md)");
  std::vector<std::string> files;
  check->add_option("files", files)->required();

  auto* formc = cli.add_subcommand("form", "Print the normalised form as JSON");
  std::string form_file;
  formc->add_option("file", form_file)->required();
  std::string form_to = "json";
  formc->add_option("--to", form_to, "json (the normalised form) or md (XLSForm markdown tables)")
      ->check(CLI::IsMember({"json", "md"}));

  auto* import = cli.add_subcommand("import", "Add a form or a new version of one");
  std::string import_file;
  import->add_option("file", import_file)->required();
  import->add_option("--db", db);
  bool import_publish = false;
  import->add_flag("--publish", import_publish, "publish it at once (default: it lands as a draft)");

  auto* publish = cli.add_subcommand("publish", "Publish a form's draft: the public can answer it (within its window)");
  std::string pub_form, pub_version;
  publish->add_option("form", pub_form)->required();
  publish->add_option("--form-version", pub_version, "this version (default: the newest)");
  bool pub_at_opening = false;
  publish->add_flag("--at-opening", pub_at_opening,
                    "publish it at the form's opening time (it stays unseen until then)");
  publish->add_option("--db", db);

  auto* eval = cli.add_subcommand("eval", "Evaluate an XLSForm expression");
  std::string eval_form, eval_answers, eval_expr;
  eval->add_option("--form", eval_form);
  eval->add_option("--answers", eval_answers);
  eval->add_option("expr", eval_expr)->required();

  auto* exp = cli.add_subcommand("export", "Export responses");
  std::string exp_form, exp_format = "csv", exp_out;
  std::string exp_lang;
  bool exp_all = false, exp_labels = false;
  exp->add_option("--form", exp_form)->required();
  exp->add_option("--format", exp_format, "csv, xlsx, sav, dta or json (JSON lines)");
  exp->add_option("--lang", exp_lang, "language of the labels (default: the form's)");
  exp->add_flag("--labels", exp_labels, "csv/xlsx: choice labels instead of choice names");
  exp->add_option("--out", exp_out);
  exp->add_option("--db", db);
  exp->add_flag("--all", exp_all, "include partial responses");
  bool exp_excluded = false;
  exp->add_flag("--include-excluded", exp_excluded,
                "include responses excluded in the data-quality review (default: left out)");
  std::string exp_version;
  exp->add_option("--form-version", exp_version, "only this version (default: every version, questions united)");

  auto* fup = cli.add_subcommand("followups", "Write the follow-up contacts who consented (owner's data; audited)");
  std::string fup_form, fup_out;
  bool fup_answers = false;
  fup->add_option("--form", fup_form)->required();
  fup->add_option("--out", fup_out)->required();
  fup->add_flag("--with-answers", fup_answers, "join each contact's answers (main table, as the csv export)");
  fup->add_option("--db", db);

  auto* report = cli.add_subcommand("report", "Write the report (HTML, or PDF through Chromium)");
  app::ReportArgs rep;
  report->add_option("--form", rep.form_id, "the questionnaire (or --study)");
  report->add_flag("--study", rep.study,
                   "the study report: the questionnaires' shared questions side by side, then each module");
  report->add_option("--by", rep.by, "group, country, region or a closed question: columns of every table");
  report->add_option("--weights", rep.weights, "margins CSV (variable,category,population)");
  report->add_option("--min-cell", rep.min_cell,
                     "suppress cells with fewer respondents (default: the public results page's, 5)");
  report->add_option("--merge", rep.merge,
                     "merged categories (question,label,choice,choice... lines) instead of the stored ones");
  report->add_option("--lang", rep.lang, "language of the labels (default: the form's)");
  report->add_option("--out", rep.out, "report.html or report.pdf")->required();
  report->add_option("--db", db);

  // `mcsurvey print` (issue 23): the questionnaire on paper.
  auto* printc = cli.add_subcommand("print", "Write the questionnaire on paper (PDF through Chromium, or HTML)");
  app::PrintArgs prn;
  printc->add_option("--form", prn.form, "a form id in the database, or an XLSForm file")->required();
  printc->add_option("--lang", prn.lang, "one of the form's languages (default: its default language)");
  printc->add_option("--out", prn.out, "q.pdf or q.html")->required();
  printc->add_flag("--html", prn.html, "write HTML whatever --out ends in");
  printc->add_option("--db", db);

  // `mcsurvey results` (issue 23): the public results page.
  auto* resultsc = cli.add_subcommand("results", "Show, publish or withdraw a form's public results page");
  app::ResultsArgs res;
  resultsc->add_option("--form", res.form_id)->required();
  resultsc->add_option("--questions", res.questions, "closed questions to show, comma-separated");
  resultsc->add_option("--min-cell", res.min_cell, "suppress counts under this (at least 5; default 5)");
  resultsc->add_flag("--publish", res.publish, "publish the page (GET /results/FORM)");
  resultsc->add_flag("--unpublish", res.unpublish, "withdraw it (404 again)");
  resultsc->add_option("--db", db);

  // `mcsurvey merges` (issue 23): categories merged before suppressing, per questionnaire.
  auto* mergesc =
      cli.add_subcommand("merges", "Show, set or clear a form's merged categories (report, public results)");
  app::MergesArgs mrg;
  mergesc->add_option("--form", mrg.form_id)->required();
  mergesc->add_option("--set", mrg.set, "FILE (or - for standard input): question,label,choice,choice... lines");
  mergesc->add_flag("--clear", mrg.clear, "no merged categories");
  mergesc->add_option("--db", db);

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add an account (password on standard input)");
  std::string user_name, user_role;
  user_add->add_option("name", user_name)->required();
  user_add->add_option("--role", user_role)->required();
  user_add->add_option("--db", db);

  auto* user_unlock = user->add_subcommand("unlock", "End an account's sign-in throttle after failed sign-ins");
  user_unlock->add_option("name", user_name)->required();
  user_unlock->add_option("--db", db);

  auto* token = cli.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_add = token->add_subcommand("add", "Create an API token for a user and print it");
  std::string token_user, token_label;
  token_add->add_option("user", token_user)->required();
  token_add->add_option("--label", token_label);
  token_add->add_option("--db", db);

  auto* window = cli.add_subcommand(
      "window", "Show or change when a form takes answers (a running server sees a change within a second)");
  std::string win_form, win_opens, win_closes, win_paused, win_message;
  window->add_option("form", win_form)->required();
  window->add_option("--opens", win_opens,
                     "2027-07-05T09:00 (the study's time zone: mcsurvey study show), RFC 3339, or none");
  window->add_option("--closes", win_closes,
                     "2027-07-05T23:59 (the study's time zone: mcsurvey study show), RFC 3339, or none");
  window->add_option("--paused", win_paused)->check(CLI::IsMember({"yes", "no"}));
  auto* msg_opt = window->add_option("--message", win_message, "what respondents see when it is closed");
  window->add_option("--db", db);

  // fieldwork (issue 22)
  auto* archive = cli.add_subcommand("archive",
                                     "Archive a form: off the landing page, no more answers; data, exports "
                                     "and reports kept");
  std::string arch_form;
  bool arch_restore = false;
  archive->add_option("form", arch_form)->required();
  archive->add_flag("--restore", arch_restore, "take it out of the archive");
  archive->add_option("--db", db);
  auto* targets = cli.add_subcommand("targets", "Fieldwork targets per group and country of a form");
  targets->require_subcommand(1);
  auto* targets_set =
      targets->add_subcommand("set", "Replace a form's targets with a CSV's (columns group, country, target)");
  std::string tgt_form, tgt_file;
  targets_set->add_option("--form", tgt_form)->required();
  targets_set->add_option("file", tgt_file)->required();
  targets_set->add_option("--db", db);
  auto* targets_show = targets->add_subcommand("show", "Print a form's targets as that CSV (every cell of its lists)");
  targets_show->add_option("--form", tgt_form)->required();
  targets_show->add_option("--db", db);

  auto* migrate = cli.add_subcommand("migrate", "Copy a whole study into another (empty) database");
  std::string mig_from, mig_to;
  migrate->add_option("--from", mig_from, "sqlite:PATH or postgresql://...")->required();
  migrate->add_option("--to", mig_to, "postgresql://... or sqlite:PATH")->required();

  auto* backup = cli.add_subcommand("backup", "Copy a SQLite database while it is being served");
  std::string backup_out;
  backup->add_option("--out", backup_out, "the copy (a SQLite file)")->required();
  backup->add_option("--db", db);

  app::PrivacyCommands privacy_commands(cli, db);  // erase, anonymise, subject, records (issue 25)
  app::TranslateArgs translate_args;
  translate_args.db = kDefaultDb;
  auto* translate = app::AddTranslateCommand(cli, translate_args);
  app::StudyArgs study_args;  // the study's own texts and settings (issue 24)
  study_args.db = kDefaultDb;
  auto* study = app::AddStudyCommand(cli, study_args);
  app::MailCommands mail;  // contacts (issue 22)
  app::AddMailCommands(cli, mail, db);
  app::BounceCommands bounces;  // the bounce mailbox (issue 22)
  app::AddBounceCommands(cli, bounces, db);

  CLI11_PARSE(cli, argc, argv);
  if (int rc = 0; privacy_commands.Run(rc)) return rc;
  if (*translate) return app::RunTranslate(translate_args);
  if (*study) return app::RunStudy(study_args);
  if (int rc = app::RunMailCommands(mail, db); rc >= 0) return rc;
  if (int rc = app::RunBounceCommands(bounces, db); rc >= 0) return rc;
  if (*migrate) return MigrateStudy(mig_from, mig_to);
  if (*archive) return Archive(arch_form, db, arch_restore);
  if (*targets_set) return TargetsSet(tgt_form, tgt_file, db);
  if (*targets_show) return TargetsShow(tgt_form, db);
  if (*backup) return Backup(db, backup_out);
  if (*window) return Window(win_form, db, win_opens, win_closes, win_paused, win_message, msg_opt->count() > 0);
  if (*serve) return Serve(db, listen, threads, !no_pin, post_rate, trusted_proxy, read_timeout, limits);
  if (*check) return Check(files);
  if (*formc) return PrintForm(form_file, form_to);
  if (*import) return Import(import_file, db, import_publish);
  if (*publish) return Publish(pub_form, pub_version, db, pub_at_opening);
  if (*eval) return Eval(eval_form, eval_answers, eval_expr);
  if (*exp) {
    return Export(exp_form, exp_format, exp_out, db, exp_all, exp_lang, exp_labels, exp_version, exp_excluded);
  }
  if (*fup) return Followups(fup_form, fup_out, fup_answers, db);
  if (*report) {
    rep.db = db;
    return app::RunReport(rep);
  }
  if (*resultsc) {
    res.db = db;
    return app::RunResults(res);
  }
  if (*mergesc) {
    mrg.db = db;
    return app::RunMerges(mrg);
  }
  if (*printc) {
    prn.db = db;
    return app::RunPrint(prn);
  }
  if (*user_add) return UserAdd(user_name, user_role, db);
  if (*user_unlock) return UserUnlock(user_name, db);
  if (*token_add) return TokenAdd(token_user, token_label, db);
  return 2;
}
