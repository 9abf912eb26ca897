// VERP (variable envelope return path): each queued message leaves with its own envelope sender,
// bounces+TOKEN@domain, built from the team's bounce address, so a bounce names the message it answers
// whatever the remote server writes in it. The token is the queued message's random id with an HMAC
// of it (the server's secret): it carries no personal data, and a forged bounce to a made-up token is
// recognised without a look-up.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mcs::mail {

// The token for queued message `mail_id` (letters, digits and one '-': a dot-atom local part).
std::string VerpToken(std::string_view secret, std::string_view mail_id);
// The message id of a well-signed token, nullopt otherwise.
std::optional<std::string> VerifyVerpToken(std::string_view secret, std::string_view token);
// bounces@example.org + token -> bounces+token@example.org ("" when `bounce_address` is not an address).
std::string VerpAddress(std::string_view bounce_address, std::string_view token);
// The token of `address` when it is `bounce_address` with a +token (domain compared without case),
// else nullopt.
std::optional<std::string> VerpTokenOf(std::string_view address, std::string_view bounce_address);
// "" when `address` can be the bounce address (an addr-spec without '+' in its local part, so the
// token's separator is unambiguous), else the problem.
std::string CheckBounceAddress(std::string_view address);

}  // namespace mcs::mail
