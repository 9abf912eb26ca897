// Statistics benchmark: loading a form's responses into columns, and a cross-tab of one question by
// group × country. bench/stats.sh builds the database (bench/export_bench.py's 100-question study)
// and runs this. Usage: stats_bench sqlite:DB FORM_ID QUESTION [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "form/form.h"
#include "stats/dataset.h"
#include "stats/stats.h"
#include "storage/storage.h"

using namespace mcs;  // NOLINT(google-build-using-namespace): a benchmark program

namespace {

double Ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double PeakMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: stats_bench sqlite:DB FORM_ID QUESTION [RUNS]\n";
    return 2;
  }
  const std::string form_id = argv[2], question = argv[3];
  const int runs = argc > 4 ? std::atoi(argv[4]) : 5;
  // No Migrate: the database is read, never changed (it may be shared with the export benchmark).
  auto store = storage::Open(argv[1]);
  if (!store.ok()) {
    std::cerr << store.error().message << "\n";
    return 1;
  }
  std::shared_ptr<const form::Form> f;
  for (const auto& rec : (*store)->AllFormVersions()) {
    if (rec.form_id != form_id) continue;
    Diagnostics d;
    f = form::Compile(rec.source, rec.file_name, d);
  }
  if (!f) {
    std::cerr << "no form " << form_id << "\n";
    return 1;
  }

  // 1. The store alone: every response read, nothing decoded.
  auto t0 = std::chrono::steady_clock::now();
  long long n = 0, bytes = 0;
  Status st = (*store)->ForEachResponse(form_id, {}, [&](const storage::ResponseRecord& r) {
    ++n;
    bytes += static_cast<long long>(r.answers_json.size());
    return true;
  });
  if (!st.ok()) {
    std::cerr << st.error().message << "\n";
    return 1;
  }
  const double scan_ms = Ms(t0);
  std::printf("scan      %lld responses (%.0f MB of answers JSON) read from the store: %.0f ms\n", n,
              static_cast<double>(bytes) / 1e6, scan_ms);

  // 2. Loading the three columns a cross-tab needs.
  stats::LoadOptions few;
  few.only = {question, "group", "country"};
  t0 = std::chrono::steady_clock::now();
  auto ds = stats::Load(**store, *f, few);
  if (!ds.ok()) {
    std::cerr << ds.error().message << "\n";
    return 1;
  }
  const double load3_ms = Ms(t0);
  std::printf("load      3 columns: %.0f ms (decode %.0f ms beyond the scan), peak RSS %.0f MB\n", load3_ms,
              load3_ms - scan_ms, PeakMb());

  // 3. The cross-tab, median of RUNS.
  const stats::Variable* q = ds->Find(question);
  const stats::Variable* g = ds->Find("group");
  const stats::Variable* c = ds->Find("country");
  if (!q || !g || !c) {
    std::cerr << "the form needs " << question << ", group and country\n";
    return 1;
  }
  std::vector<double> times;
  long long total = 0;
  for (int i = 0; i < runs; ++i) {
    t0 = std::chrono::steady_clock::now();
    stats::Variable gc = stats::Combine(*g, *c);
    stats::CrossTab t = stats::Cross(*q, gc);
    times.push_back(Ms(t0));
    total = t.total_n;
  }
  std::printf("crosstab  %s by group x country (%zu x %zu cells, n = %lld): %.1f ms (median of %d)\n",
              question.c_str(), q->codes.size(), g->codes.size() * c->codes.size(), total, Median(times), runs);

  // 4. Loading every column (what the report does).
  t0 = std::chrono::steady_clock::now();
  auto all = stats::Load(**store, *f, {});
  if (!all.ok()) {
    std::cerr << all.error().message << "\n";
    return 1;
  }
  std::printf("load      all %zu columns: %.0f ms, peak RSS %.0f MB\n", all->vars().size(), Ms(t0), PeakMb());
  return 0;
}
