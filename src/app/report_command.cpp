#include "app/report_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/clock.h"
#include "common/timezone.h"
#include "report/report.h"
#include "stats/weights.h"
#include "web/form_registry.h"

namespace mcs::app {

int RunReport(const ReportArgs& a) {
  const bool pdf = a.out.ends_with(".pdf");
  if (a.out.empty() || !(pdf || a.out.ends_with(".html") || a.out.ends_with(".htm"))) {
    std::cerr << "mcsurvey: --out report.html or report.pdf\n";
    return 2;
  }
  if (a.min_cell < 1) {
    std::cerr << "mcsurvey: --min-cell is at least 1 (1: no suppression)\n";
    return 2;
  }
  auto store = storage::Open(a.db);
  if (!store.ok()) {
    std::cerr << "mcsurvey: " << store.error().message << "\n";
    return 1;
  }
  if (Status st = (*store)->Migrate(); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return 1;
  }
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(**store, diags);
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
  auto ds = stats::Load(**store, *f, lo);
  if (!ds.ok()) {
    std::cerr << "mcsurvey: " << ds.error().message << "\n";
    return 1;
  }
  report::Options ro;
  ro.by = a.by;
  ro.min_cell = a.min_cell;
  ro.lang = a.lang;
  ro.generated_at = FormatBrussels(SystemClock().Now());
  if (auto at = (*store)->GetSetting(storage::AnonymisedSettingKey(a.form_id)); at && !at->empty())
    ro.anonymised_on = FormatTimeUtc(std::stoll(*at)).substr(0, 10);  // issue 25
  stats::Weighting wt;
  if (!a.weights.empty()) {
    std::ifstream in(a.weights, std::ios::binary);
    if (!in) {
      std::cerr << "mcsurvey: cannot read " << a.weights << "\n";
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto margins = stats::ParseMargins(ss.str());
    if (!margins.ok()) {
      std::cerr << "mcsurvey: " << a.weights << ": " << margins.error().message << "\n";
      return 1;
    }
    auto w = stats::ComputeWeights(*ds, *margins);
    if (!w.ok()) {
      std::cerr << "mcsurvey: " << w.error().message << "\n";
      return 1;
    }
    wt = std::move(w).value();
    ro.weighting = &wt;
    ro.weights_source = std::filesystem::path(a.weights).filename().string();
  }
  auto html = report::RenderHtml(*f, *ds, ro);
  if (!html.ok()) {
    std::cerr << "mcsurvey: " << html.error().message << "\n";
    return 2;
  }
  const std::string html_path = pdf ? a.out + ".html" : a.out;
  {
    std::ofstream out(html_path, std::ios::binary);
    out << *html;
    if (!out.flush()) {
      std::cerr << "mcsurvey: cannot write " << html_path << "\n";
      return 1;
    }
  }
  if (pdf) {
    Status st = report::PrintPdf(html_path, a.out);
    std::filesystem::remove(html_path);
    if (!st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return 1;
    }
  }
  std::cerr << "mcsurvey: report of " << ds->rows() << " responses written to " << a.out << "\n";
  return 0;
}

}  // namespace mcs::app
