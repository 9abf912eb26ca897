#include "web/mail_settings.h"

#include <charconv>

namespace mcs::web {

std::string Setting(storage::Storage& store, const std::string& key, const std::string& fallback) {
  return store.GetSetting(key).value_or(fallback);
}

int SettingInt(storage::Storage& store, const std::string& key, int fallback) {
  std::string v = Setting(store, key);
  int out = fallback;
  if (!v.empty()) std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

namespace {

std::string TemplateKey(const std::string& kind, const std::string& lang) { return "mail.template." + kind + "." + lang; }

}  // namespace

mail::SmtpSettings LoadSmtp(storage::Storage& store) {
  mail::SmtpSettings s;
  s.host = Setting(store, "smtp.host");
  s.port = SettingInt(store, "smtp.port", 587);
  s.security = Setting(store, "smtp.security", "starttls");
  s.user = Setting(store, "smtp.user");
  s.password = Setting(store, "smtp.password");
  s.from_address = Setting(store, "smtp.from");
  s.from_name = Setting(store, "smtp.from_name");
  s.reply_to = Setting(store, "smtp.reply_to");
  s.per_minute = SettingInt(store, "smtp.per_minute", 60);
  return s;
}

Status SaveSmtp(storage::Storage& store, const mail::SmtpSettings& s, bool keep_password) {
  const std::pair<const char*, std::string> fields[] = {
      {"smtp.host", s.host},         {"smtp.port", std::to_string(s.port)}, {"smtp.security", s.security},
      {"smtp.user", s.user},         {"smtp.from", s.from_address},         {"smtp.from_name", s.from_name},
      {"smtp.reply_to", s.reply_to}, {"smtp.per_minute", std::to_string(s.per_minute)}};
  for (const auto& [k, v] : fields)
    if (Status st = store.PutSetting(k, v); !st.ok()) return st;
  if (!keep_password) return store.PutSetting("smtp.password", s.password);
  return Status::Ok();
}

std::string DescribeSmtp(const mail::SmtpSettings& s, bool password_changed) {
  return "host " + s.host + ":" + std::to_string(s.port) + ", " + s.security + ", user " +
         (s.user.empty() ? "(none)" : s.user) + ", sender " + s.from_address +
         (s.reply_to.empty() ? "" : ", reply-to " + s.reply_to) + ", " + std::to_string(s.per_minute) +
         " per minute" + (password_changed ? ", password changed" : "");
}

mail::Template LoadTemplate(storage::Storage& store, const std::string& kind, const std::string& lang) {
  if (auto v = store.GetSetting(TemplateKey(kind, lang))) {
    auto nl = v->find('\n');
    if (nl != std::string::npos) return mail::Template{v->substr(0, nl), v->substr(nl + 1)};
  }
  return mail::DefaultTemplate(kind, lang);
}

bool HasOwnTemplate(storage::Storage& store, const std::string& kind, const std::string& lang) {
  return store.GetSetting(TemplateKey(kind, lang)).has_value();
}

Status SaveTemplate(storage::Storage& store, const std::string& kind, const std::string& lang, const mail::Template& t) {
  return store.PutSetting(TemplateKey(kind, lang), t.subject + "\n" + t.body);
}

}  // namespace mcs::web
