// Writes a survey through the real store and loader, then mcsurvey's estimates and standard errors
// (unweighted, post-stratified, raked) for survey_compare.R to check against R's survey package.
//   stats_r_check DIR  →  DIR/data.csv, DIR/margins_ps.csv, DIR/margins_rake.csv, DIR/ours.csv
#include <cstdio>
#include <fstream>
#include <iostream>

#include "form/form.h"
#include "stats/dataset.h"
#include "stats/weights.h"
#include "storage/storage.h"
#include "check_study.h"

using namespace mcs;  // NOLINT(google-build-using-namespace): a test program
using check::Num;

namespace {

constexpr const char* kForm =
    "| survey  | type            | name | label  |\n"
    "|         | select_one g3   | g    | Group  |\n"
    "|         | select_one h2   | h    | Region |\n"
    "|         | decimal         | y    | Amount |\n"
    "|         | select_one q3   | q    | Answer |\n"
    "| choices | list_name | name | label |\n"
    "|         | g3        | a    | A     |\n"
    "|         | g3        | b    | B     |\n"
    "|         | g3        | c    | C     |\n"
    "|         | h2        | u    | U     |\n"
    "|         | h2        | v    | V     |\n"
    "|         | q3        | x    | X     |\n"
    "|         | q3        | y    | Y     |\n"
    "|         | q3        | z    | Z     |\n"
    "| settings | form_id |\n"
    "|          | rc      |\n";

constexpr const char* kPs = "variable,category,population\ng,a,3000\ng,b,5000\ng,c,2000\n";
constexpr const char* kRake = "variable,category,population\ng,a,3000\ng,b,5000\ng,c,2000\nh,u,6500\nh,v,3500\n";

}  // namespace

int main(int argc, char** argv) {
  check::CheckStudy study;
  int exit_code = 0;
  if (!check::OpenCheckStudy(argc, argv, "stats_r_check", kForm, "rc", study, exit_code)) return exit_code;
  const std::string& dir = study.dir;
  const auto& f = study.form;
  auto& store = study.store;
  check::Lcg lcg(20260705);
  auto next = [&] { return lcg.Next(); };
  const char* gs[] = {"a", "b", "b", "c", "a", "b"};
  const char* qs[] = {"x", "y", "z", "x"};
  for (int i = 0; i < 240; ++i) {
    const std::string g = gs[next() % 6];
    const std::string h = next() % 3 == 0 ? "v" : "u";
    const double y = (g == "a" ? 20 : g == "b" ? 35 : 50) + static_cast<double>(next() % 4000) / 100.0 + (h == "v" ? 7.5 : 0);
    std::string json = "{\"g\":\"" + g + "\",\"h\":\"" + h + "\",\"y\":\"" + Num(y) + "\"";
    if (next() % 5 != 0) json += std::string(",\"q\":\"") + qs[next() % 4] + "\"";
    json += "}";
    if (!check::InsertComplete(study, "r" + std::to_string(i), json, 1000 + i)) return 1;
  }
  auto ds = stats::Load(*store, *f, {});
  if (!ds.ok()) {
    std::cerr << ds.error().message << "\n";
    return 1;
  }
  const stats::Variable& g = *ds->Find("g");
  const stats::Variable& h = *ds->Find("h");
  const stats::Variable& y = *ds->Find("y");
  const stats::Variable& q = *ds->Find("q");
  {
    std::ofstream data(dir + "/data.csv");
    data << "g,h,y,q\n";
    for (std::size_t i = 0; i < ds->rows(); ++i)
      data << g.codes[g.cat[i]] << "," << h.codes[h.cat[i]] << "," << Num(y.num[i]) << ","
           << (q.cat[i] == stats::kMissing ? "NA" : q.codes[q.cat[i]]) << "\n";
    std::ofstream(dir + "/margins_ps.csv") << kPs;
    std::ofstream(dir + "/margins_rake.csv") << kRake;
  }
  std::ofstream ours(dir + "/ours.csv");
  ours << "design,statistic,estimate,se\n";
  auto run = [&](const std::string& design, const stats::Weighting& wt) {
    auto line = [&](const std::string& stat, const stats::Estimate& e) {
      ours << design << "," << stat << "," << Num(e.value) << "," << Num(e.se) << "\n";
    };
    line("mean_y", stats::MeanSe(y.num, wt));
    line("total_y", stats::TotalSe(y.num, wt));
    for (std::int32_t k = 0; k < 3; ++k) line("prop_q_" + q.codes[k], stats::MeanSe(stats::Indicator(q, k), wt));
    line("mean_y_in_a", stats::MeanSe(y.num, wt, stats::Where(g, "a")));
  };
  run("none", stats::Unweighted(ds->rows()));
  for (const auto& [name, csv] : {std::pair{"ps", kPs}, std::pair{"rake", kRake}}) {
    auto m = stats::ParseMargins(csv);
    auto wt = stats::ComputeWeights(*ds, *m);
    if (!wt.ok()) {
      std::cerr << wt.error().message << "\n";
      return 1;
    }
    run(name, *wt);
  }
  std::cout << "stats_r_check: " << ds->rows() << " responses, estimates in " << dir << "/ours.csv\n";
  return ours.flush() ? 0 : 1;
}
