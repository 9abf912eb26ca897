// An e-mail message as bytes (RFC 5322 with MIME, RFC 2045-2047): what mcsurvey hands its SMTP relay.
//
// Every value that came from a person (a contact's name or address, the team's subject line) reaches a
// header only through this file, which never lets a CR or LF through: line breaks in a value become
// spaces before encoding, non-ASCII text becomes RFC 2047 encoded-words (base64, whole UTF-8
// characters per word), and addresses must pass ValidEmail. So no contact field can start a header
// of its own (Bcc:, a second Subject:, a MIME boundary).
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"

namespace mcs::mail {

struct Message {
  std::string from_name;     // the study's name as the sender (may be non-ASCII)
  std::string from_address;  // the sender set by the team
  std::string reply_to;      // "" for none
  std::string to_name;
  std::string to_address;
  std::string subject;
  std::string text;  // the plain-text part (UTF-8)
  std::string html;  // the HTML part, already escaped by its maker ("" for a text-only message)
  // RFC 2369 / RFC 8058: the https link that opts the recipient out with one POST ("" for none).
  std::string unsubscribe_url;
  TimeMs date = 0;
  std::string message_id;  // "<random@domain>"; made from `random_id` when empty
};

// "=?UTF-8?B?...?=" words for non-ASCII or special text, the text itself when it is plain printable
// ASCII without specials; CR and LF become spaces either way. Words are folded at 75 characters.
std::string EncodeHeaderText(std::string_view text);
// `name <address>` with the name encoded (or quoted); just the address when `name` is empty.
// Empty string when the address is not a valid one.
std::string Mailbox(std::string_view name, std::string_view address);
// A Message-ID for a message from `from_address`: "<random_id@domain-of-the-sender>".
std::string MessageId(std::string_view random_id, std::string_view from_address);
// RFC 5322 Date: "Sun, 06 Dec 2026 12:30:00 +0000".
std::string DateHeader(TimeMs t);
// Base64 of `data` in lines of 76 characters, CRLF after each (RFC 2045 §6.8).
std::string Base64Lines(std::string_view data);

// The whole message: headers, then multipart/alternative (text, then HTML) or a single text part;
// CRLF line ends. `boundary` separates the parts (random per message: it cannot occur in base64).
// Empty string when an address is not valid (the message must not be sent).
std::string Build(const Message& m, std::string_view boundary);

}  // namespace mcs::mail
