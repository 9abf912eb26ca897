#include "web/resume_code.h"

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

std::string ResumeCodeOfToken(std::string_view secret, std::string_view token) {
  if (token.size() != kCodeLength + kMacLength) return "";
  std::string code;
  for (char c : token.substr(0, kCodeLength)) code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (code.find_first_not_of(kAlphabet) != std::string::npos) return "";
  if (!ConstantTimeEquals(token.substr(kCodeLength), Mac(secret, code))) return "";
  return code.substr(0, 5) + "-" + code.substr(5);
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
