// libFuzzer target: any bytes as a message in the bounce mailbox (mail::ParseDsn, RFC 3464), and the
// addresses it was delivered to through the VERP token checks. Anyone on the Internet can write to
// the bounce address, so these bytes are the most hostile mcsurvey reads. Run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mail/bounce_parser.h"
#include "mail/verp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  mcs::mail::Dsn dsn = mcs::mail::ParseDsn(raw);
  // The documented limits hold whatever the message says (bounce_parser.h).
  if (dsn.recipients.size() > 50) __builtin_trap();
  for (const auto& r : dsn.recipients) {
    std::string kind = r.Kind();
    if (kind != "" && kind != "hard" && kind != "soft") __builtin_trap();
  }
  const std::string secret = "fuzz-secret";
  for (const auto& to : dsn.delivered_to) {
    if (auto token = mcs::mail::VerpTokenOf(to, "bounces@study.example.eu")) {
      // A token taken from a message verifies only if we signed it: never for these bytes, short of
      // guessing 64 bits of HMAC.
      if (mcs::mail::VerifyVerpToken(secret, *token)) __builtin_trap();
    }
  }
  // What we sign verifies, and gives back the message id.
  std::string id(raw.substr(0, 40));
  if (!id.empty() && id.find('-') == std::string::npos) {
    auto back = mcs::mail::VerifyVerpToken(secret, mcs::mail::VerpToken(secret, id));
    if (!back || *back != id) __builtin_trap();
  }
  return 0;
}
