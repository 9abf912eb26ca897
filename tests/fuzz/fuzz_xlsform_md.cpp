// libFuzzer target: any bytes as an XLSForm written as .md, through the whole compiler (reader,
// form model, expressions). A bad form must come back as diagnostics, never as a crash, a hang or a
// sanitizer report. Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/diagnostic.h"
#include "form/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mcs::Diagnostics diags;
  auto form = mcs::form::Compile(bytes, "f.md", diags);
  if (form) (void)mcs::form::ToJson(*form);
  return 0;
}
