#include "mail/transfer_encoding.h"

#include <sodium.h>

#include <cctype>

namespace mcs::mail {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// libsodium's decoder (constant-time, Debian's libsodium): RFC 2045 base64 with its padding; line
// breaks and spaces between the characters are skipped. Anything else (RFC 2045 says to ignore
// characters outside the alphabet, but no real DSN has them) makes the part unreadable.
std::optional<std::string> Base64(std::string_view body) {
  std::string out(body.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), body.data(), body.size(), " \t\r\n",
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  // Whatever follows the last quantum must be blank too.
  for (const char* p = end; p && p < body.data() + body.size(); ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return std::nullopt;
  }
  out.resize(len);
  return out;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;  // RFC 2045 asks for upper case; robust readers take both
  return -1;
}

// RFC 2045 §6.7: "=XX" is a byte, "=" at the end of a line a soft line break; spaces and tabs that
// end a line were added in transit and go. A lone "=" stays as it is (rule 1's "robust" reading).
std::string QuotedPrintable(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    bool has_eol = eol != std::string_view::npos;
    std::string_view line = body.substr(pos, (has_eol ? eol : body.size()) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=') {
        int hi = i + 1 < line.size() ? Hex(line[i + 1]) : -1;
        int lo = i + 2 < line.size() ? Hex(line[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
          out += static_cast<char>(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out += line[i];
    }
    if (has_eol && !soft) out += "\r\n";
    pos = has_eol ? eol + 1 : body.size();
  }
  return out;
}

}  // namespace

std::optional<std::string> DecodeTransferEncoding(std::string_view encoding, std::string_view body) {
  std::string e = Lower(encoding);
  if (e.empty() || e == "7bit" || e == "8bit" || e == "binary") return std::string(body);
  if (e == "base64") return Base64(body);
  if (e == "quoted-printable") return QuotedPrintable(body);
  return std::nullopt;
}

}  // namespace mcs::mail
