// Hashing and secrets (libsodium): tokens are stored only as hashes; passwords as argon2id.
#pragma once
#include <string>
#include <string_view>

namespace mcs {

// SHA-256 as lowercase hex.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA-256(key, msg) as lowercase hex.
std::string HmacSha256Hex(std::string_view key, std::string_view msg);
// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// argon2id with libsodium's interactive limits; the result embeds salt and parameters.
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace mcs
