// libFuzzer target: any bytes as the JSON body of POST /api/v1/forms/{id}/responses, taken the way
// src/web/api.cpp takes it (parse, "answers" object, FromApiJson, validation, Finalize, stored
// JSON), against the study's employers questionnaire. Run by tests/fuzz/run.sh.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "engine/answers_json.h"
#include "engine/engine.h"
#include "form/form.h"

namespace {

// Compiled once, at the first input: a fuzzer that cannot load its form is useless, so abort loudly.
const mcs::form::Form& StudyForm() {
  static const std::shared_ptr<const mcs::form::Form> form = [] {
    const std::string path = MCS_SOURCE_DIR "/forms/study/employers.md";
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    mcs::Diagnostics diags;
    auto f = mcs::form::Compile(bytes, "employers.md", diags);
    if (!f) {
      std::fprintf(stderr, "fuzz_api_answers: cannot compile %s\n", path.c_str());
      std::abort();
    }
    return f;
  }();
  return *form;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const mcs::form::Form& f = StudyForm();
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec || !doc.is_object()) return 0;
  const boost::json::value* answers = doc.as_object().if_contains("answers");
  if (!answers || !answers->is_object()) return 0;
  std::string lang = f.default_language;
  std::vector<mcs::engine::FieldError> errors;
  mcs::engine::Answers a = mcs::engine::FromApiJson(f, answers->as_object(), lang, errors);
  mcs::engine::Runtime rt(f);
  rt.Calculate(a);
  if (errors.empty()) errors = rt.ValidateAll(a, lang);
  rt.Finalize(a);
  std::string stored = mcs::engine::ToStoredJson(a);
  // What is stored must read back as the same answers.
  auto back = mcs::engine::FromStoredJson(stored);
  if (!back.ok() || !(*back == a)) __builtin_trap();
  return 0;
}
