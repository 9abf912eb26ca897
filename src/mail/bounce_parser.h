// Delivery status notifications (RFC 3464): what a bounce says, read from a whole message as it
// lies in the bounce mailbox. A bounce is untrusted input from anyone who can send mail: the parser
// reads at most kMaxBounceBytes, a bounded number of parts and fields, keeps short values only, and
// returns values with control characters removed (callers still escape them where they go).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mcs::mail {

inline constexpr std::size_t kMaxBounceBytes = 512 * 1024;

struct DsnRecipient {
  std::string final_recipient;     // the address of Final-Recipient (type "rfc822" only), "" if none
  std::string original_recipient;  // likewise for Original-Recipient
  std::string action;              // failed, delayed, delivered, relayed, expanded (lower case)
  std::string status;              // d.ddd.ddd, e.g. 5.1.1 ("" when missing or malformed)
  std::string diagnostic;          // Diagnostic-Code, unfolded, at most 300 characters
  // "hard" (a permanent failure: status 5.x.x), "soft" (temporary: 4.x.x), or "" (not a failure:
  // delivered, relayed, expanded).
  std::string Kind() const;
};

struct Dsn {
  // True for a multipart/report with report-type=delivery-status and a message/delivery-status
  // (or message/global-delivery-status, RFC 6533) part; auto-replies and everything else: false.
  bool is_dsn = false;
  std::vector<DsnRecipient> recipients;  // at most 50
  // The addresses the bounce was delivered to (To, Delivered-To, X-Original-To, Envelope-To):
  // where a VERP token is.
  std::vector<std::string> delivered_to;
  std::string message_id;  // the bounce's own Message-ID, "" when none
  std::string subject;     // for the team's view, at most 200 characters
};

Dsn ParseDsn(std::string_view message);

}  // namespace mcs::mail
