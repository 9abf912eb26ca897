// libFuzzer target: any bytes as an XLSForm written as .md, through the whole compiler (reader,
// form model, expressions). A bad form must come back as diagnostics, never as a crash, a hang or a
// sanitizer report. A form that compiles must survive the round trip the XLSForm issue asks for:
// written back as .md (ToWorkbook, WriteMarkdown) it compiles to the identical normalised form.
// Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/diagnostic.h"
#include "form/form.h"
#include "xlsform/workbook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mcs::Diagnostics diags;
  auto form = mcs::form::Compile(bytes, "f.md", diags);
  if (!form) return 0;
  std::string json = mcs::form::ToJson(*form);
  std::string md = mcs::xlsform::WriteMarkdown(mcs::form::ToWorkbook(*form));
  mcs::Diagnostics again;
  auto back = mcs::form::Compile(md, "f.md", again);
  if (!back || mcs::form::ToJson(*back) != json) {
    std::fprintf(stderr, "round trip failed:\n%s\n--- written ---\n%s\n--- diagnostics ---\n%s\n--- before ---\n%s\n",
                 back ? mcs::form::ToJson(*back).c_str() : "(does not compile)", md.c_str(), again.ToString().c_str(),
                 json.c_str());
    std::abort();
  }
  return 0;
}
