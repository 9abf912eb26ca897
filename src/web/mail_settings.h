// The study's e-mail settings as stored (Storage settings): the SMTP relay and the team's message
// templates. One place for the console and the command line. The password is stored so mcsurvey can
// authenticate, but nothing here returns it for display: the console shows only whether one is set.
#pragma once
#include <string>

#include "mail/smtp.h"
#include "mail/templates.h"
#include "storage/storage.h"

namespace mcs::web {

// A stored setting of the mail and bounce settings, `fallback` when there is none; a whole number
// (the fallback also when it does not start with one).
std::string Setting(storage::Storage& store, const std::string& key, const std::string& fallback = "");
int SettingInt(storage::Storage& store, const std::string& key, int fallback);

mail::SmtpSettings LoadSmtp(storage::Storage& store);
// Stores every field; `keep_password` leaves the stored password as it is (an empty password box in
// the console, a command without --password-stdin).
Status SaveSmtp(storage::Storage& store, const mail::SmtpSettings& s, bool keep_password);
// The audit line of a settings change: host, port, security, user, sender, reply-to, rate; never the
// password (only whether it changed).
std::string DescribeSmtp(const mail::SmtpSettings& s, bool password_changed);

// The team's template of `kind` in `lang`; the built-in one when the team wrote none.
mail::Template LoadTemplate(storage::Storage& store, const std::string& kind, const std::string& lang);
bool HasOwnTemplate(storage::Storage& store, const std::string& kind, const std::string& lang);
Status SaveTemplate(storage::Storage& store, const std::string& kind, const std::string& lang, const mail::Template& t);

}  // namespace mcs::web
