// libFuzzer target: any bytes as an XLIFF file (form::ReadXliff), as translators send them back for
// the forms and the study's texts: broken XML, document types and entities (billion laughs) are
// refused with a message, never crash or blow up. Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "form/xliff.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = mcs::form::ReadXliff(bytes);
  if (doc.ok()) {
    // Nothing is expanded: the text read back is never longer than the file.
    std::size_t text = 0;
    for (const auto& u : doc->units) text += u.source.size() + u.target.size();
    if (text > size) __builtin_trap();
  } else if (doc.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
