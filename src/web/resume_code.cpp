#include "web/resume_code.h"

#include <string>
#include <unordered_map>

#include "common/crypto.h"
#include "common/strings.h"

namespace mcs::web {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr std::size_t kCodeLength = 10;
static_assert(kAlphabet.size() == 31);
// Hex digits of the HMAC kept in the token: 64 bits, so a token cannot be forged from a code
// without the secret (and the code is still what is needed to find the response).
constexpr std::size_t kMacLength = 16;

std::string Mac(std::string_view secret, std::string_view code) {
  return HmacSha256Hex(secret, "resume:" + std::string(code)).substr(0, kMacLength);
}

}  // namespace

std::string NewResumeCode(Random& random) { return random.Token(kCodeLength, kAlphabet); }

std::string InvitationResumeCode(std::string_view secret, std::string_view invitation_id) {
  // Two hex digits (one byte) per character, rejection sampling against the alphabet's 31 letters so
  // every letter is equally likely; 64 hex digits give far more bytes than ten letters need (the
  // chance of running out is below 1e-30, and a second round covers it anyway).
  std::string code;
  for (int round = 0; code.size() < kCodeLength; ++round) {
    std::string mac = HmacSha256Hex(secret, "invitation-resume:" + std::to_string(round) + ":" + std::string(invitation_id));
    for (std::size_t i = 0; i + 1 < mac.size() && code.size() < kCodeLength; i += 2) {
      unsigned byte = static_cast<unsigned>(std::stoul(mac.substr(i, 2), nullptr, 16));
      if (byte < 31 * 8) code += kAlphabet[byte % 31];
    }
  }
  return code;
}

std::string ResumeTokenForCode(std::string_view secret, std::string_view code) {
  return ToLower(code) + Mac(secret, code);
}

namespace {

std::string CheckedCodeOfToken(std::string_view secret, std::string_view token) {
  std::string code;
  for (char c : token.substr(0, kCodeLength)) code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (code.find_first_not_of(kAlphabet) != std::string::npos) return "";
  if (!ConstantTimeEquals(token.substr(kCodeLength), Mac(secret, code))) return "";
  return code.substr(0, 5) + "-" + code.substr(5);
}

}  // namespace

std::string ResumeCodeOfToken(std::string_view secret, std::string_view token) {
  if (token.size() != kCodeLength + kMacLength) return "";
  // Every page of a response shows its code: the codes of tokens checked lately on this thread are
  // kept (per secret; valid ones only, at most 4,096), so the HMAC is worked out once per response
  // and thread rather than once per page. The same answer either way.
  thread_local std::unordered_map<std::string, std::string> checked;
  std::string key;
  key.reserve(token.size() + 1 + secret.size());
  key.append(token);
  key += '\0';
  key.append(secret);
  if (auto it = checked.find(key); it != checked.end()) return it->second;
  std::string code = CheckedCodeOfToken(secret, token);
  if (!code.empty()) {
    if (checked.size() >= 4096) checked.clear();
    checked.emplace(std::move(key), code);
  }
  return code;
}

std::string NormalizeResumeCode(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t' || c == '.') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kAlphabet.find(c) == std::string_view::npos) return "";
    code += c;
    if (code.size() > kCodeLength) return "";
  }
  return code.size() == kCodeLength ? code : "";
}

}  // namespace mcs::web
