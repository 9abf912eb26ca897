// Sending one message through the team's SMTP relay with libcurl (Debian libcurl4-openssl-dev):
// STARTTLS (required, not opportunistic), SMTPS, or plain SMTP to a relay on this machine only.
#pragma once
#include <string>
#include <string_view>

namespace mcs::mail {

struct SmtpSettings {
  std::string host;
  int port = 587;
  std::string security = "starttls";  // starttls | smtps | none
  std::string user;                   // "" for a relay that needs no authentication
  std::string password;               // stored; never shown, logged or audited
  std::string from_address;           // the sender (From: and, without VERP, the envelope sender)
  std::string from_name;              // shown as the sender's name ("" for the address alone)
  std::string reply_to;               // "" for none
  int per_minute = 60;                // throttle; 0 for none
};

// "" when the settings can be used, else what is wrong (for the console and the command line): a
// host, a port 1-65535, a known security, "none" only for a loopback relay (127.0.0.0/8, ::1,
// localhost: a password or message must not cross a network in clear), valid addresses.
std::string CheckSettings(const SmtpSettings& s);
bool IsLoopbackHost(std::string_view host);

struct SendResult {
  enum Kind { kSent, kTemporary, kPermanent };
  Kind kind = kTemporary;
  int code = 0;         // the relay's last SMTP reply code (0 when none came)
  std::string message;  // why it was not sent (no secrets in it)
};

// Hands `message` (a whole RFC 5322 message, CRLF line ends) to the relay for `to`, with
// `envelope_from` as MAIL FROM. A 4xx reply or a network failure is temporary (try again later);
// a 5xx reply (a refused recipient or sender, failed authentication) is permanent.
SendResult Send(const SmtpSettings& s, std::string_view envelope_from, std::string_view to,
                const std::string& message);

}  // namespace mcs::mail
