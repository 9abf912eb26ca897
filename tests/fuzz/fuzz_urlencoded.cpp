// libFuzzer target: any bytes as an application/x-www-form-urlencoded body or query string
// (http::ParseUrlEncoded) and as a percent-encoded path (UrlDecode). Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "http/http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  mcs::http::FormData pairs = mcs::http::ParseUrlEncoded(s);
  if (!pairs.empty()) {
    (void)mcs::http::First(pairs, pairs.front().first);
    (void)mcs::http::All(pairs, pairs.back().first);
  }
  std::string decoded = mcs::UrlDecode(s);
  // Decoding never lengthens: "+" and "%XX" shrink or stay, everything else is copied.
  if (decoded.size() > s.size()) __builtin_trap();
  // Encoding then decoding gives the bytes back.
  if (mcs::UrlDecode(mcs::UrlEncode(s)) != s) __builtin_trap();
  return 0;
}
