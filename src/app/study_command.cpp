#include "app/study_command.h"

#include <iostream>
#include <set>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "web/app.h"
#include "web/study_texts.h"

namespace mcs::app {
namespace {

void Audit(web::App& app, const std::string& action, const std::string& detail) {
  AuditCli(app.store(), action, "study", detail);
}

// KEY<TAB>TEXT for each of the study's texts in the language (the source language's when it has none,
// marked), so that a script can read them and a person see what is missing.
int Show(const StudyArgs& a, web::App& app) {
  auto s = app.Study();
  std::string lang = a.lang.empty() ? s->source_lang : a.lang;
  std::cout << "time_zone\t" << app.TimeZone() << "\n";
  std::cout << "groups\t" << Join(s->groups, ",") << "\n";
  for (const auto& key : s->Keys()) {
    std::string text = s->Has(lang, key) ? s->Text(lang, key) : "";
    std::cout << key << "\t" << text;
    if (!s->Has(lang, key)) std::cout << "(missing in " << lang << ")";
    else if (s->Outdated(lang, key)) std::cout << "\t(the " << s->source_lang << " text changed since)";
    std::cout << "\n";
  }
  return 0;
}

// The study's time zone: checked, stored, audited (App::SetTimeZone); what the windows now read as.
int SetZone(const StudyArgs& a, web::App& app) {
  if (Status st = app.SetTimeZone(a.time_zone, "command line"); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::cout << "the study's time zone: " << a.time_zone << " (" << ZoneDisplayName(a.time_zone, "en") << ")\n";
  std::set<std::string> forms;
  for (const auto& rec : app.store().AllFormVersions()) forms.insert(rec.form_id);
  for (const auto& id : forms) {
    auto w = app.store().GetWindow(id);
    if (w && w->closes_at) std::cout << id << " closes " << FormatDateTime(a.time_zone, w->closes_at, "en") << "\n";
  }
  return 0;
}

int Set(const StudyArgs& a, web::App& app) {
  if (!a.time_zone.empty()) {
    if (int rc = SetZone(a, app); rc != 0 || a.key.empty()) return rc;
  }
  if (a.key.empty()) {
    std::cerr << "mcsurvey: study set wants KEY TEXT or --time-zone ZONE\n";
    return 2;
  }
  web::StudyTexts s = *app.Study();
  std::string lang = a.lang.empty() ? s.source_lang : a.lang;
  if (Status st = web::SetStudyTexts(s, lang, {{a.key, a.text}}); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << " (the study's texts: " << Join(s.Keys(), ", ") << ")\n";
    return 1;
  }
  if (Status st = app.SaveStudy(s); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  Audit(app, "study-texts-change", lang + ": " + a.key);
  std::cout << "set " << a.key << " in " << lang << "\n";
  return 0;
}

int Groups(const StudyArgs& a, web::App& app) {
  web::StudyTexts s = *app.Study();
  std::vector<std::string> ids;
  for (const auto& part : Split(a.groups, ',')) {
    if (!Trim(part).empty()) ids.emplace_back(Trim(part));
  }
  if (Status st = web::SetStudyGroups(s, ids); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  std::vector<std::string> unknown;
  auto all = app.store().AllFormVersions();
  for (const auto& id : ids) {
    if (std::none_of(all.begin(), all.end(), [&](const storage::FormRecord& r) { return r.form_id == id; })) {
      unknown.push_back(id);
    }
  }
  if (!unknown.empty()) {
    std::cerr << "mcsurvey: no form " << Join(unknown, ", ") << " in " << a.db << ": import it first\n";
    return 1;
  }
  if (Status st = app.SaveStudy(s); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  Audit(app, "study-groups-change", Join(ids, ","));
  std::cout << "the study's groups: " << Join(ids, ", ") << "\n";
  auto missing = s.Missing(s.source_lang);
  if (!missing.empty()) std::cout << "still to write (mcsurvey study set): " << Join(missing, ", ") << "\n";
  return 0;
}

}  // namespace

CLI::App* AddStudyCommand(CLI::App& cli, StudyArgs& a) {
  auto* t = cli.add_subcommand("study", "The study's own texts (title, groups, landing page) and its groups");
  t->require_subcommand(1);
  a.show_cmd = t->add_subcommand("show", "Print the study's groups and texts in a language (KEY<TAB>TEXT)");
  a.show_cmd->add_option("--lang", a.lang, "the language (default: the study's own)");
  a.show_cmd->add_option("--db", a.db);
  a.set_cmd = t->add_subcommand(
      "set", "Set one of the study's texts in a language (an empty TEXT removes it), or its time zone");
  auto* key = a.set_cmd->add_option(
      "key", a.key, "study_title, study_header, study_intro, study_privacy, next_text, group_ID, group_ID_desc");
  auto* text = a.set_cmd->add_option("text", a.text, "the text")->needs(key);
  key->needs(text);
  a.set_cmd->add_option("--time-zone", a.time_zone,
                        "the study's time zone, an IANA name (Europe/Brussels, Asia/Tokyo): opening and closing "
                        "times, the dashboard's days and every date shown are on its clock");
  a.set_cmd->add_option("--lang", a.lang, "the language (default: the study's own)");
  a.set_cmd->add_option("--db", a.db);
  a.groups_cmd = t->add_subcommand("groups", "Set which questionnaires are the study's groups, in order");
  a.groups_cmd->add_option("ids", a.groups, "form ids separated by commas")->required();
  a.groups_cmd->add_option("--db", a.db);
  return t;
}

int RunStudy(const StudyArgs& a) {
  auto store = OpenStore(a.db);
  if (!store) return 1;
  SystemClock clock;
  SecureRandom random;
  web::App app(*store, clock, random);
  int rc = *a.show_cmd ? Show(a, app) : *a.set_cmd ? Set(a, app) : Groups(a, app);
  store->Close();
  return rc;
}

}  // namespace mcs::app
