#include "privacy/acknowledgement.h"

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/strings.h"

namespace mcs::privacy {

std::string AcknowledgementSettingKey(const std::string& form_id) { return storage::AcknowledgementSettingKey(form_id); }

bool AcknowledgementRequired(storage::Storage& s, const std::string& form_id) {
  auto v = s.GetSetting(AcknowledgementSettingKey(form_id));
  return v && *v == "on";
}

bool AcknowledgementAsked(storage::Storage& s, const std::string& form_id) {
  return s.GetSetting(AcknowledgementSettingKey(form_id)).has_value();
}

Status SetAcknowledgementRequired(storage::Storage& s, const std::string& form_id, bool on, const Actor& who) {
  if (Status st = s.PutSetting(AcknowledgementSettingKey(form_id), on ? "on" : "off"); !st.ok()) return st;
  storage::AuditEvent e;
  e.at = who.now;
  e.user = who.user;
  e.action = "privacy-acknowledgement";
  e.target = form_id;
  e.detail = on ? "required before the first question" : "not required";
  return s.AppendAudit(e);
}

std::string BuiltInNotice(const std::string& lang) { return i18n::T(lang, "privacy_default"); }

std::string NoticeToAcknowledge(storage::Storage& s, const std::string& form_id, const std::string& lang,
                                const std::string& form_lang) {
  std::string study = NoticeText(s, "", lang, "en");
  std::string own = NoticeText(s, form_id, lang, form_lang);
  std::string text = study;
  if (!own.empty()) text += (text.empty() ? "" : "\n\n") + own;
  if (text.empty()) text = BuiltInNotice(lang);
  return text;
}

std::vector<std::string> NoticeParagraphs(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line(Trim(std::string_view(text).substr(start, end - start)));
    if (line.empty()) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += (cur.empty() ? "" : " ") + line;
    }
    start = end + 1;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string NoticeVersion(const std::string& text) { return "sha256:" + Sha256Hex(text).substr(0, 16); }

void Acknowledge(storage::ResponseRecord& r, const std::string& text, TimeMs now) {
  r.privacy_ack_at = now;
  r.privacy_notice = NoticeVersion(text);
}

}  // namespace mcs::privacy
