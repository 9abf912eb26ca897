// One message to one contact, from the team's template: what a test send, an invitation and a
// reminder all go through.
#pragma once
#include <map>
#include <string>

#include "common/clock.h"
#include "mail/smtp.h"
#include "mail/templates.h"

namespace mcs::web {

struct Outgoing {
  std::string to_name, to_address, lang;
  std::map<std::string, std::string> values;  // {name} {link} {closing_date} {optout_link}
  std::string unsubscribe_url;                // List-Unsubscribe ("" for none: a test send)
};

// The message as bytes (mime.h), or "" when an address is not valid. `random` makes the Message-ID
// and the MIME boundary.
std::string Compose(const mail::SmtpSettings& smtp, const mail::Template& t, const Outgoing& o, TimeMs now,
                    Random& random);

}  // namespace mcs::web
