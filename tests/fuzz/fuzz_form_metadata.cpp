// libFuzzer target: a form's metadata (the settings sheet's form_id, version, form_title and
// default_language) from any bytes, written into a .csv form (which can carry CR, LF, quotes and any
// UTF-8) and compiled. Invariant (issue 21): a form that compiles has a form_id and a version inside
// their patterns (src/form/identity.h), so neither can carry a line break, U+2028 or '<' into a
// header, a metric label, a URL or generated script; and its key as a JavaScript string literal is
// pure ASCII without '<'. Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "form/form.h"
#include "form/identity.h"
#include "xpath/js_codegen.h"

namespace {

std::string CsvField(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Four fields separated by NUL bytes: form_id, version, form_title, default_language.
  std::vector<std::string> f(4);
  std::size_t i = 0;
  for (std::size_t k = 0; k < size; ++k) {
    if (data[k] == 0 && i < 3) {
      ++i;
      continue;
    }
    f[i].push_back(static_cast<char>(data[k]));
  }
  const std::string csv = "survey,type,name,label\n,text,q,Question\nsettings,form_id,version,form_title,default_language\n," +
                          CsvField(f[0]) + "," + CsvField(f[1]) + "," + CsvField(f[2]) + "," + CsvField(f[3]) + "\n";
  mcs::Diagnostics diags;
  auto form = mcs::form::Compile(csv, "fuzz.csv", diags);
  (void)diags.ToString();
  if (!form) return 0;
  if (!mcs::form::IsValidFormId(form->id) || !mcs::form::IsValidVersion(form->version)) __builtin_trap();
  for (char c : form->id + form->version) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u >= 0x7F || c == '<' || c == '>' || c == '"' || c == '\'' || c == '/' || c == '\\') __builtin_trap();
  }
  const std::string key = mcs::xpath::JsStringLiteral(form->id + "@" + form->version + form->title);
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || c == '<') __builtin_trap();
  }
  return 0;
}
