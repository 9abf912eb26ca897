// libFuzzer target: any bytes as an XLSForm expression. Parse must reject or accept without
// crashing; an accepted expression is evaluated against a small fixed context (answers, repeat
// values, a clock and a random sequence, as in tests/unit/xpath_test.cpp) and must terminate
// without tripping ASan or UBSan. Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xpath/xpath.h"

namespace {

class FuzzContext : public mcs::xpath::EvalContext {
 public:
  std::string Resolve(std::string_view name) const override {
    auto it = kAnswers.find(name);
    if (it != kAnswers.end()) return it->second;
    auto rep = kRepeats.find(name);
    if (rep != kRepeats.end() && !rep->second.empty()) return rep->second.front();
    return "";
  }
  std::vector<std::string> ResolveAll(std::string_view name) const override {
    auto rep = kRepeats.find(name);
    if (rep != kRepeats.end()) return rep->second;
    return {Resolve(name)};
  }
  std::string Current() const override { return "5"; }
  std::string ChoiceLabel(std::string_view name, std::string_view choice) const override {
    if (name == "color" && choice == "bl") return "Blue";
    return "";
  }
  std::int64_t NowMs() const override { return 1795867200000; }  // 2026-11-28T12:00:00Z
  int UtcOffsetMinutes() const override { return 60; }
  double Random() const override { return 0.25; }
  int Position() const override { return 2; }

 private:
  inline static const std::map<std::string, std::string, std::less<>> kAnswers = {
      {"age", "30"},         {"name", "Ada"},        {"empty", ""},
      {"decimal", "2.0"},    {"neg", "-4.5"},        {"langs", "en fr  de"},
      {"dob", "1990-05-15"}, {"dt", "2024-01-02T14:00:00+02:00"},
      {"color", "bl"},       {"uni", "na\u00efve caf\u00e9"},
      {"big", "1e308"},      {"q", "other a b"},     {"n", "4"},
  };
  inline static const std::map<std::string, std::vector<std::string>, std::less<>> kRepeats = {
      {"score", {"3", "", "7.5", "2"}},
      {"member", {"ann", "bob", "", "cy"}},
      {"none", {}},
  };
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mcs::xpath::ParseResult parsed = mcs::xpath::Parse(text);
  if (!parsed.ok()) return 0;
  static const FuzzContext ctx;
  mcs::xpath::Value v = mcs::xpath::Evaluate(*parsed, ctx);
  // Every conversion, since each has its own edge cases (NaN, huge numbers, dates).
  (void)v.ToString();
  (void)v.ToNumber();
  (void)v.ToBoolean();
  return 0;
}
