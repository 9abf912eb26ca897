#include "web/mailer.h"

#include "mail/mime.h"

namespace mcs::web {

std::string Compose(const mail::SmtpSettings& smtp, const mail::Template& t, const Outgoing& o, TimeMs now,
                    Random& random) {
  std::map<std::string, std::string> values = o.values;
  values.emplace("name", o.to_name);
  mail::Rendered r = mail::Render(t, values, o.lang.empty() ? "en" : o.lang);
  mail::Message m;
  m.from_name = smtp.from_name;
  m.from_address = smtp.from_address;
  m.reply_to = smtp.reply_to;
  m.to_name = o.to_name;
  m.to_address = o.to_address;
  m.subject = r.subject;
  m.text = r.text;
  m.html = r.html;
  m.unsubscribe_url = o.unsubscribe_url;
  m.date = now;
  m.message_id = mail::MessageId(random.Hex(16), smtp.from_address);
  return mail::Build(m, "=_mcs_" + random.Hex(12));
}

}  // namespace mcs::web
