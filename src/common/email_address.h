// E-mail addresses as the address book keeps them.
#pragma once
#include <string>
#include <string_view>

namespace mcs {

// A plain addr-spec (RFC 5321 §4.1.2 as mailers accept it): a dot-atom local part of at most 64
// characters, '@', a domain of dot-separated letter/digit/hyphen labels (or IDN's UTF-8) with a dot,
// at most 254 characters in all. No quoted local parts, comments, spaces or control characters, so
// an address can never carry a CR or LF into a mail header.
bool ValidEmail(std::string_view e);

// The address with its domain in lower case: the key duplicates are merged on. The local part keeps
// its case (RFC 5321 lets the receiving host tell "Anna" from "anna").
std::string NormalizeEmail(std::string_view e);

}  // namespace mcs
