#include "app/report_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "common/i18n.h"
#include "common/timezone.h"
#include "report/report.h"
#include "report/study_data.h"
#include "stats/merge.h"
#include "stats/weights.h"
#include "web/form_registry.h"
#include "web/public_results.h"

namespace mcs::app {

namespace {

// The merged categories for a form: those of --merge FILE when given, else the stored ones; checked
// against the form. Prints the problem and returns false when they do not fit.
bool MergesFor(const ReportArgs& a, storage::Storage& store, const form::Form& f, std::vector<stats::Merge>& out) {
  std::string text, source = "the stored merges of " + f.id;
  if (!a.merge.empty()) {
    std::ifstream in(a.merge, std::ios::binary);
    if (!in) {
      std::cerr << "mcsurvey: cannot read " << a.merge << "\n";
      return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    source = a.merge;
  } else {
    text = store.GetSetting(stats::MergesKey(f.id)).value_or("");
  }
  auto m = stats::ParseMerges(text);
  if (!m.ok()) {
    std::cerr << "mcsurvey: " << source << ": " << m.error().message << "\n";
    return false;
  }
  // A study-wide file may name questions one questionnaire lacks: those lines are for the others.
  std::vector<stats::Merge> fit;
  for (auto& one : *m)
    if (a.merge.empty() || !a.study || f.Find(one.question)) fit.push_back(std::move(one));
  if (Status st = stats::CheckMerges(f, fit); !st.ok()) {
    std::cerr << "mcsurvey: " << source << ": " << st.error().message << "\n";
    return false;
  }
  out = std::move(fit);
  return true;
}

// Weights from a margins file (stats::ParseMargins) for a dataset; the message names the file.
Result<stats::Weighting> WeightsFrom(const std::string& path, const stats::Dataset& ds) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto margins = stats::ParseMargins(ss.str());
  if (!margins.ok()) return MakeError(ErrorCode::kInvalid, path + ": " + margins.error().message);
  auto w = stats::ComputeWeights(ds, *margins);
  if (!w.ok()) return MakeError(ErrorCode::kInvalid, path + ": " + w.error().message);
  return w;
}

// The study report: the study's four questionnaires when they are there (in the brief's order),
// else every form, loaded and united (stats::Unite) for their shared questions.
// Writes a report's HTML to `path`: 0; 2 when the report could not be made (the reason on standard
// error), 1 when the file could not be written.
int WriteHtml(const Result<std::string>& html, const std::string& path) {
  if (!html.ok()) {
    std::cerr << "mcsurvey: " << html.error().message << "\n";
    return 2;
  }
  std::ofstream out(path, std::ios::binary);
  out << *html;
  if (!out.flush()) {
    std::cerr << "mcsurvey: cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

int StudyReport(const ReportArgs& a, storage::Storage& store, const web::FormRegistry& reg, bool pdf) {
  std::vector<std::shared_ptr<const form::Form>> forms;
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"})
    if (auto f = reg.Latest(id)) forms.push_back(f);
  if (forms.size() < 2) forms = reg.AllLatest();
  if (forms.empty()) {
    std::cerr << "mcsurvey: no form in " << a.db << "\n";
    return 1;
  }
  std::string merge_text;
  if (!a.merge.empty()) {
    std::ifstream in(a.merge, std::ios::binary);
    if (!in) {
      std::cerr << "mcsurvey: cannot read " << a.merge << "\n";
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    merge_text = ss.str();
  }
  auto study = report::LoadStudy(store, forms, a.lang, a.merge.empty() ? nullptr : &merge_text);
  if (!study.ok()) {
    std::cerr << "mcsurvey: " << (a.merge.empty() ? std::string() : a.merge + ": ") << study.error().message << "\n";
    return 1;
  }
  const std::vector<report::StudyPart> parts = study->Parts();
  const stats::Dataset& united = study->united;
  report::Options ro;
  // Weights for the study (issue 23): margins over the united responses, e.g. each stakeholder
  // group's population (`group,employers,...`: the groups are the questionnaires' ids) and any
  // question all questionnaires share; each respondent keeps that weight in their module too.
  stats::Weighting wt;
  if (!a.weights.empty()) {
    auto w = WeightsFrom(a.weights, united);
    if (!w.ok()) {
      std::cerr << "mcsurvey: " << w.error().message << "\n";
      return 1;
    }
    wt = std::move(w).value();
    ro.weighting = &wt;
    ro.weights_source = std::filesystem::path(a.weights).filename().string();
  }
  for (const auto& f : forms)
    for (auto& [q, list] : report::ParseQuotes(store.GetSetting(report::QuotesKey(f->id)).value_or("")))
      for (auto& one : list) ro.quotes[q].push_back(std::move(one));
  ro.by = a.by;
  // The questionnaires' public pages' threshold (the first published one's; 5 when none is):
  // refused when a questionnaire's page is published at another (web::ReportMinCell).
  int asked = std::max(a.min_cell, 0);
  for (const auto& f : forms)
    if (asked == 0 && web::ReadPublicResults(store, f->id).published)
      asked = web::ReadPublicResults(store, f->id).min_cell;
  if (asked == 0) asked = web::kPublicMinCell;
  for (const auto& f : forms)
    if (auto m = web::ReportMinCell(store, f->id, asked); !m.ok()) {
      std::cerr << "mcsurvey: " << m.error().message << "\n";
      return 2;
    }
  ro.min_cell = asked;
  ro.lang = a.lang;
  ro.merged = study->merged;
  ro.generated_at = FormatStudyTime(SystemClock().Now(), report::ReportLanguage(a.lang));
  const std::string title = i18n::T(report::ReportLanguage(a.lang), "report_study_title");
  if (pdf) {
    if (Status st = report::WriteStudyPdf(parts, united, title, ro, a.out); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return st.error().code == ErrorCode::kInvalid ? 2 : 1;
    }
  } else {
    if (int rc = WriteHtml(report::RenderStudyHtml(parts, united, title, ro), a.out); rc != 0) return rc;
  }
  for (const auto& f : forms)
    if (Status st = web::RecordReportMinCell(store, f->id, ro.min_cell); !st.ok())
      std::cerr << "mcsurvey: " << st.error().message << "\n";
  std::cerr << "mcsurvey: study report of " << united.rows() << " responses (" << forms.size()
            << " questionnaires) written to " << a.out << "\n";
  return 0;
}

}  // namespace

int RunReport(const ReportArgs& a) {
  const bool pdf = a.out.ends_with(".pdf");
  if (a.out.empty() || !(pdf || a.out.ends_with(".html") || a.out.ends_with(".htm"))) {
    std::cerr << "mcsurvey: --out report.html or report.pdf\n";
    return 2;
  }
  if (a.min_cell == 0 || a.min_cell < -1) {
    std::cerr << "mcsurvey: --min-cell is at least 1 (1: no suppression)\n";
    return 2;
  }
  auto store = OpenStore(a.db);
  if (!store) return 1;
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(*store, diags);
  if (a.study) return StudyReport(a, *store, reg, pdf);
  if (a.form_id.empty()) {
    std::cerr << "mcsurvey: --form ID or --study\n";
    return 2;
  }
  auto f = reg.Latest(a.form_id);
  if (!f) {
    std::cerr << "mcsurvey: no form '" << a.form_id << "' in " << a.db << "\n";
    return 1;
  }
  if (!a.lang.empty() && !f->HasLanguage(a.lang))
    std::cerr << "mcsurvey: the form has no language '" << a.lang << "'; labels are in its default language\n";
  stats::LoadOptions lo;
  lo.lang = a.lang;
  lo.repeats = true;
  auto ds = stats::Load(*store, *f, lo);
  if (!ds.ok()) {
    std::cerr << "mcsurvey: " << ds.error().message << "\n";
    return 1;
  }
  std::vector<stats::Merge> merges;
  if (!MergesFor(a, *store, *f, merges)) return 1;
  stats::ApplyMerges(*ds, merges);
  report::Options ro;
  ro.by = a.by;
  // The public page's threshold, so that the two publish one plan (web::ReportMinCell).
  auto min_cell = web::ReportMinCell(*store, f->id, std::max(a.min_cell, 0));
  if (!min_cell.ok()) {
    std::cerr << "mcsurvey: " << min_cell.error().message << "\n";
    return 2;
  }
  ro.min_cell = *min_cell;
  ro.lang = a.lang;
  ro.merged = stats::DescribeMerges(*f, merges, a.lang);
  ro.generated_at = FormatStudyTime(SystemClock().Now(), report::ReportLanguage(a.lang));
  // The open answers the team chose to quote in the console (none by default).
  ro.quotes = report::ParseQuotes(store->GetSetting(report::QuotesKey(f->id)).value_or(""));
  if (auto at = store->GetSetting(storage::AnonymisedSettingKey(a.form_id)); at && !at->empty())
    ro.anonymised_on = FormatTimeUtc(std::stoll(*at)).substr(0, 10);  // issue 25
  stats::Weighting wt;
  if (!a.weights.empty()) {
    auto w = WeightsFrom(a.weights, *ds);
    if (!w.ok()) {
      std::cerr << "mcsurvey: " << w.error().message << "\n";
      return 1;
    }
    wt = std::move(w).value();
    ro.weighting = &wt;
    ro.weights_source = std::filesystem::path(a.weights).filename().string();
  }
  if (pdf) {
    // A publication: printed twice through Chromium, the contents' page numbers read back from
    // the first print (report::WritePdf).
    if (Status st = report::WritePdf(*f, *ds, ro, a.out); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return st.error().code == ErrorCode::kInvalid ? 2 : 1;
    }
  } else {
    if (int rc = WriteHtml(report::RenderHtml(*f, *ds, ro), a.out); rc != 0) return rc;
  }
  if (Status st = web::RecordReportMinCell(*store, f->id, ro.min_cell); !st.ok())
    std::cerr << "mcsurvey: " << st.error().message << "\n";
  std::cerr << "mcsurvey: report of " << ds->rows() << " responses written to " << a.out << "\n";
  return 0;
}

int RunMerges(const MergesArgs& a) {
  auto store = OpenStore(a.db);
  if (!store) return 1;
  auto f = LatestForm(*store, a.form_id, a.db);
  if (!f) return 1;
  if (a.clear || !a.set.empty()) {
    std::string stored;
    if (!a.set.empty()) {
      std::ostringstream ss;
      if (a.set == "-") {
        ss << std::cin.rdbuf();
      } else {
        std::ifstream in(a.set, std::ios::binary);
        if (!in) {
          std::cerr << "mcsurvey: cannot read " << a.set << "\n";
          return 1;
        }
        ss << in.rdbuf();
      }
      auto m = stats::ParseMerges(ss.str());
      if (m.ok()) {
        if (Status st = stats::CheckMerges(*f, *m); !st.ok()) m = st.error();
      }
      if (!m.ok()) {
        std::cerr << "mcsurvey: " << a.set << ": " << m.error().message << "\n";
        return 2;
      }
      stored = stats::SerializeMerges(*m);
    }
    if (Status st = store->PutSetting(stats::MergesKey(f->id), stored); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return 1;
    }
    AuditCli(*store, "report-merges", f->id, stored.empty() ? "removed" : "set");
  }
  const std::string now = store->GetSetting(stats::MergesKey(f->id)).value_or("");
  if (now.empty())
    std::cerr << "mcsurvey: " << f->id << ": no merged categories\n";
  std::cout << now;
  return 0;
}

}  // namespace mcs::app
