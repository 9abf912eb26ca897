// Microbenchmarks of the expression engine (src/xpath, src/engine), Google Benchmark:
//   - one typical relevance expression: parse, evaluate, both;
//   - every relevance, required and constraint check of the study's employers questionnaire, as a
//     respondent's page render (DisplayQuestions) and submit (ValidatePage) cost them;
//   - a generated form of 1,000 chained calculations: Calculate (everything) and Recalculate (what
//     depends on the changed answer) after one answer changes.
// Run by bench/run.sh after the HTTP figures; alone: build/xpath_bench [--benchmark_filter=...].
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "engine/answers_json.h"
#include "engine/engine.h"
#include "form/form.h"
#include "xpath/xpath.h"

namespace {

constexpr std::string_view kRelevant = "selected(${q}, 'other') and ${n} > 3";

class MapContext : public mcs::xpath::EvalContext {
 public:
  std::string Resolve(std::string_view name) const override {
    auto it = answers_.find(name);
    return it == answers_.end() ? std::string() : it->second;
  }

 private:
  std::map<std::string, std::string, std::less<>> answers_ = {{"q", "a other b"}, {"n", "5"}};
};

std::shared_ptr<const mcs::form::Form> CompileOrDie(const std::string& bytes, const std::string& name) {
  mcs::Diagnostics diags;
  auto f = mcs::form::Compile(bytes, name, diags);
  if (!f) {
    std::fprintf(stderr, "xpath_bench: %s does not compile\n", name.c_str());
    std::abort();
  }
  return f;
}

const mcs::form::Form& Employers() {
  static const auto form = [] {
    std::ifstream in(MCS_SOURCE_DIR "/forms/study/employers.md", std::ios::binary);
    return CompileOrDie(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()),
                        "employers.md");
  }();
  return *form;
}

// A respondent who answered every page, with two microcredentials described (bench/api_post.lua's
// body and a little more), so that most relevance and constraint expressions have data to work on.
mcs::engine::Answers EmployersAnswers() {
  const auto& f = Employers();
  boost::json::object o = boost::json::parse(R"({
    "country": "AT", "org_type": "company", "org_size": "small", "sector": ["C", "F"], "role": "manager",
    "terms_used": ["other"], "terms_used_other": "badge", "familiarity": "fairly", "mc_experience": "yes",
    "mc_count": 2, "mc": [{"mc_title": "Welding basics", "mc_hours": 40, "mc_ects": 1.5},
                          {"mc_title": "Excel", "mc_provider": "other", "mc_provider_other": "a firm"}],
    "d_upskill": "agree", "e_trust": "agree", "comments": "fine"})").as_object();
  std::vector<mcs::engine::FieldError> errors;
  mcs::engine::Answers a = mcs::engine::FromApiJson(f, o, f.default_language, errors);
  for (const auto& e : errors) std::fprintf(stderr, "xpath_bench: answers: %s: %s\n", e.field.c_str(), e.message.c_str());
  return a;
}

void BM_RelevantParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mcs::xpath::Parse(kRelevant));
}
BENCHMARK(BM_RelevantParse);

void BM_RelevantEvaluate(benchmark::State& state) {
  auto parsed = mcs::xpath::Parse(kRelevant);
  MapContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(mcs::xpath::Evaluate(*parsed, ctx).ToBoolean());
}
BENCHMARK(BM_RelevantEvaluate);

void BM_RelevantParseAndEvaluate(benchmark::State& state) {
  MapContext ctx;
  for (auto _ : state) {
    auto parsed = mcs::xpath::Parse(kRelevant);
    benchmark::DoNotOptimize(mcs::xpath::Evaluate(*parsed, ctx).ToBoolean());
  }
}
BENCHMARK(BM_RelevantParseAndEvaluate);

// The largest page of the questionnaire (most questions), rendered and validated.
void BM_EmployersLargestPage(benchmark::State& state) {
  const auto& f = Employers();
  mcs::engine::Runtime rt(f);
  mcs::engine::Answers a = EmployersAnswers();
  mcs::engine::PageRef largest;
  for (const auto& p : rt.Pages(a)) {
    if (f.pages[static_cast<std::size_t>(p.page)].questions.size() >
        f.pages[static_cast<std::size_t>(largest.page)].questions.size())
      largest = p;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(rt.DisplayQuestions(a, largest));
    benchmark::DoNotOptimize(rt.ValidatePage(a, largest, f.default_language));
  }
  state.counters["questions"] = static_cast<double>(f.pages[static_cast<std::size_t>(largest.page)].questions.size());
}
BENCHMARK(BM_EmployersLargestPage);

// Every page that applies, one after another: what a whole response costs in relevance and checks.
void BM_EmployersAllPages(benchmark::State& state) {
  const auto& f = Employers();
  mcs::engine::Runtime rt(f);
  mcs::engine::Answers a = EmployersAnswers();
  std::vector<mcs::engine::PageRef> pages = rt.Pages(a);
  std::size_t questions = 0;
  for (const auto& p : pages) questions += f.pages[static_cast<std::size_t>(p.page)].questions.size();
  for (auto _ : state) {
    for (const auto& p : pages) {
      benchmark::DoNotOptimize(rt.DisplayQuestions(a, p));
      benchmark::DoNotOptimize(rt.ValidatePage(a, p, f.default_language));
    }
  }
  state.counters["pages"] = static_cast<double>(pages.size());
  state.counters["questions"] = static_cast<double>(questions);
}
BENCHMARK(BM_EmployersAllPages);

// 1,000 calculations: c1 reads ${a}; then each reads the previous one, every tenth also ${b}.
const mcs::form::Form& ChainForm() {
  static const auto form = [] {
    std::string md = "| survey | type | name | label | calculation |\n";
    md += "| | integer | a | A | |\n| | integer | b | B | |\n";
    md += "| | calculate | c1 | | ${a} + 1 |\n";
    for (int i = 2; i <= 1000; ++i) {
      std::string prev = "${c" + std::to_string(i - 1) + "}";
      md += "| | calculate | c" + std::to_string(i) + " | | " +
            (i % 10 == 0 ? prev + " + ${b}" : prev + " + 1") + " |\n";
    }
    return CompileOrDie(md, "chain.md");
  }();
  return *form;
}

void BM_Chain1000Calculate(benchmark::State& state) {
  const auto& f = ChainForm();
  mcs::engine::Runtime rt(f);
  mcs::engine::Answers a;
  a.Set(f, "a", -1, "1");
  a.Set(f, "b", -1, "2");
  rt.Calculate(a);
  int v = 1;
  for (auto _ : state) {
    a.Set(f, "a", -1, std::to_string(++v % 100));
    rt.Calculate(a);
  }
  if (a.Get(f, "c1000", -1).empty()) state.SkipWithError("c1000 not calculated");
}
BENCHMARK(BM_Chain1000Calculate)->Unit(benchmark::kMicrosecond);

void BM_Chain1000Recalculate(benchmark::State& state) {
  const auto& f = ChainForm();
  mcs::engine::Runtime rt(f);
  mcs::engine::Answers a;
  a.Set(f, "a", -1, "1");
  a.Set(f, "b", -1, "2");
  rt.Calculate(a);
  const std::vector<std::string> changed = {"b"};
  int v = 1;
  for (auto _ : state) {
    a.Set(f, "b", -1, std::to_string(++v % 100));
    rt.Recalculate(a, changed);
  }
}
BENCHMARK(BM_Chain1000Recalculate)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
