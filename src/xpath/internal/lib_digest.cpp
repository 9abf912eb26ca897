// digest() and base64-decode(), from the ODK XForms spec.
#include "xpath/internal/digest.h"
#include "xpath/internal/function_library.h"
#include "xpath/internal/utf8.h"

namespace mcs::xpath::internal {

Item FnDigest(const Call& call) {
  // digest(text, 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512', 'base64' (default) | 'hex'):
  // the digest of the text's UTF-8 bytes. An unknown algorithm or encoding gives "" (JavaRosa
  // stops with an error; a literal one is refused by `check` through this same "").
  const std::string text = call.String(0);
  const std::optional<DigestAlgorithm> algorithm = DigestAlgorithmNamed(call.String(1));
  std::string encoding = call.size() > 2 ? call.String(2) : std::string("base64");
  for (char& c : encoding) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!algorithm || (encoding != "base64" && encoding != "hex")) return Item::String("");
  const std::string bytes = Digest(*algorithm, text);
  return Item::String(encoding == "hex" ? HexEncode(bytes) : Base64Encode(bytes));
}

Item FnBase64Decode(const Call& call) {
  // The decoded bytes read as UTF-8 (JavaRosa: new String(bytes, UTF_8)), a malformed sequence
  // becoming U+FFFD; "" for text that is not base64.
  const std::optional<std::string> bytes = Base64Decode(call.String(0));
  if (!bytes) return Item::String("");
  std::string out;
  out.reserve(bytes->size());
  for (std::size_t pos = 0; pos < bytes->size();) {
    const std::size_t len = Utf8SequenceLength(*bytes, pos);
    const auto lead = static_cast<unsigned char>((*bytes)[pos]);
    if (len == 1 && lead >= 0x80) out += "\xEF\xBF\xBD";
    else out.append(*bytes, pos, len);
    pos += len;
  }
  return Item::String(std::move(out));
}

}  // namespace mcs::xpath::internal
