// Message digests and base64 for digest(), base64-decode() and randomize()'s text seeds: small
// self-contained implementations (MD5 RFC 1321, SHA-1 and SHA-2 FIPS 180-4), so the expression
// library depends on no crypto library and the browser runtime can do the same byte for byte.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcs::xpath::internal {

enum class DigestAlgorithm { kMd5, kSha1, kSha256, kSha384, kSha512 };

// 'MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512' (any case); nullopt for others.
std::optional<DigestAlgorithm> DigestAlgorithmNamed(std::string_view name);
// The raw digest bytes of `data`.
std::string Digest(DigestAlgorithm algorithm, std::string_view data);
std::string HexEncode(std::string_view bytes);
std::string Base64Encode(std::string_view bytes);
// Standard alphabet, '=' padding optional, XPath whitespace ignored; nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view text);
// The first 8 bytes of SHA-256(text), big-endian, as a signed 64-bit integer (JavaRosa's seed).
std::int64_t Sha256Prefix64(std::string_view text);

}  // namespace mcs::xpath::internal
