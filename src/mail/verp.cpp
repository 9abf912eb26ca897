#include "mail/verp.h"

#include <cctype>

#include "common/crypto.h"
#include "common/email_address.h"

namespace mcs::mail {
namespace {

constexpr std::size_t kMacChars = 16;  // 64 bits of HMAC-SHA-256: forging one takes 2^64 tries

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string VerpToken(std::string_view secret, std::string_view mail_id) {
  return std::string(mail_id) + "-" + HmacSha256Hex(secret, "verp:" + std::string(mail_id)).substr(0, kMacChars);
}

std::optional<std::string> VerifyVerpToken(std::string_view secret, std::string_view token) {
  if (token.size() > 100) return std::nullopt;
  auto dash = token.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  std::string id(token.substr(0, dash));
  // Remote servers may change the case of a local part they echo back; ours is lower case.
  std::string mac = Lower(token.substr(dash + 1));
  if (!ConstantTimeEquals(mac, HmacSha256Hex(secret, "verp:" + id).substr(0, kMacChars))) {
    std::string lower_id = Lower(id);
    if (lower_id == id || !ConstantTimeEquals(mac, HmacSha256Hex(secret, "verp:" + lower_id).substr(0, kMacChars)))
      return std::nullopt;
    id = lower_id;
  }
  return id;
}

std::string VerpAddress(std::string_view bounce_address, std::string_view token) {
  if (!CheckBounceAddress(bounce_address).empty()) return "";
  auto at = bounce_address.rfind('@');
  return std::string(bounce_address.substr(0, at)) + "+" + std::string(token) + std::string(bounce_address.substr(at));
}

std::optional<std::string> VerpTokenOf(std::string_view address, std::string_view bounce_address) {
  auto at = address.rfind('@'), bat = bounce_address.rfind('@');
  if (at == std::string_view::npos || bat == std::string_view::npos) return std::nullopt;
  if (Lower(address.substr(at)) != Lower(bounce_address.substr(bat))) return std::nullopt;
  std::string prefix = Lower(bounce_address.substr(0, bat)) + "+";
  std::string local(address.substr(0, at));
  if (local.size() <= prefix.size() || Lower(local.substr(0, prefix.size())) != prefix) return std::nullopt;
  return local.substr(prefix.size());
}

std::string CheckBounceAddress(std::string_view address) {
  if (!ValidEmail(address)) return "the bounce address is not an e-mail address";
  if (address.substr(0, address.rfind('@')).find('+') != std::string_view::npos)
    return "the bounce address must not hold a '+' before the @ (mcsurvey adds +token to it)";
  // RFC 5321 allows 64 characters before the @; the token takes 38 of them.
  if (address.rfind('@') > 24) return "the bounce address's part before the @ must be at most 24 characters";
  return "";
}

}  // namespace mcs::mail
