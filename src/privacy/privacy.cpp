#include "privacy/privacy.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "common/crypto.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "engine/consent.h"
#include "engine/answers_json.h"

namespace mcs::privacy {
namespace {

std::string Lower(std::string_view s) {
  std::string out(Trim(s));
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool SameAddress(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

void Audit(storage::Storage& s, const Actor& who, const std::string& action, const std::string& target,
           const std::string& detail) {
  storage::AuditEvent e;
  e.at = who.now;
  e.user = who.user;
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)s.AppendAudit(e);
}

// Removes `name` from one answer set and its repeats; true when something went.
bool EraseName(engine::Answers& a, const std::string& name) {
  bool changed = a.values.erase(name) > 0;
  for (auto& [rname, list] : a.repeats) {
    for (auto& inst : list) changed = inst.erase(name) > 0 || changed;
  }
  return changed;
}

// Applies `edit` to stored answer JSON; false when unchanged or unreadable (left as it is).
bool EditStored(std::string& json, const std::function<bool(engine::Answers&)>& edit) {
  if (json.empty()) return false;
  auto a = engine::FromStoredJson(json);
  if (!a.ok() || !edit(*a)) return false;
  json = a->values.empty() && a->repeats.empty() ? std::string() : engine::ToStoredJson(*a);
  return true;
}

// Every value of an answer set as (name, value), repeat instances as name[k].
std::vector<std::pair<std::string, std::string>> Flatten(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  if (json.empty()) return out;
  auto a = engine::FromStoredJson(json);
  if (!a.ok()) return out;
  for (const auto& [k, v] : a->values) {
    if (k == engine::kConsentKey) {
      // The consent the person gave to be contacted (engine/consent.h): what they were asked, when.
      for (auto& [part, text] : engine::ConsentFields(v)) out.emplace_back("follow-up consent: " + part, text);
      continue;
    }
    if (k.rfind("_mcs", 0) == 0) continue;  // the engine's own keys (a seed), nothing about the person
    out.emplace_back(k, v);
  }
  for (const auto& [rname, list] : a->repeats) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (const auto& [k, v] : list[i]) out.emplace_back(rname + "[" + std::to_string(i + 1) + "]." + k, v);
    }
  }
  return out;
}

bool HoldsAddress(const std::string& json, const std::string& email) {
  for (const auto& [k, v] : Flatten(json)) {
    if (SameAddress(v, email)) return true;
  }
  return false;
}

std::string Time(TimeMs t) { return t ? FormatTimeUtc(t) : std::string(); }

Status OkIfGone(Status st) {
  if (!st.ok() && st.error().code == ErrorCode::kNotFound) return Status::Ok();
  return st;
}

// ---- the places ----

std::vector<Item> FindInvitations(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& inv : s.FindInvitationsByEmail(email)) {
    Item it{"invitation", inv.id, inv.form_id, {}};
    it.fields = {{"name", inv.name},     {"e-mail", inv.email},       {"group", inv.group},
                 {"country", inv.country}, {"created", Time(inv.created_at)},
                 {"response", inv.response_id.empty() ? "not started" : inv.response_status}};
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<Item> FindInvitedResponses(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& inv : s.FindInvitationsByEmail(email)) {
    if (inv.response_id.empty()) continue;
    auto r = s.FindResponse(inv.response_id);
    if (!r) continue;
    Item it{"invited-response", r->id, r->form_id, {}};
    it.fields = {{"invitation", inv.id},
                 {"status", storage::StatusName(r->status)},
                 {"language", r->lang},
                 {"started", Time(r->started_at)},
                 {"last saved", Time(r->updated_at)},
                 {"submitted", Time(r->submitted_at)}};
    if (r->privacy_ack_at) {
      it.fields.emplace_back("privacy notice acknowledged", Time(r->privacy_ack_at));
      it.fields.emplace_back("privacy notice version", r->privacy_notice);
    }
    for (auto& kv : Flatten(r->answers_json)) it.fields.push_back(std::move(kv));
    for (auto& kv : Flatten(r->personal_json)) it.fields.push_back(std::move(kv));
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<Item> FindFollowups(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& r : s.FindResponsesByPersonalText(Lower(email))) {
    if (!HoldsAddress(r.personal_json, email)) continue;  // a longer address that contains this one
    Item it{"follow-up-contact", r.id, r.form_id, {}};
    it.fields = {{"submitted", Time(r.submitted_at)}};
    if (r.privacy_ack_at) {
      it.fields.emplace_back("privacy notice acknowledged", Time(r.privacy_ack_at));
      it.fields.emplace_back("privacy notice version", r.privacy_notice);
    }
    for (auto& kv : Flatten(r.personal_json)) it.fields.push_back(std::move(kv));
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<Item> FindAudit(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  const std::string needle = Lower(email);
  std::int64_t before = 0;
  for (;;) {
    auto page = s.ListAudit(500, before);
    if (page.empty()) break;
    for (const auto& e : page) {
      if (Lower(e.target).find(needle) == std::string::npos && Lower(e.detail).find(needle) == std::string::npos)
        continue;
      out.push_back(Item{"audit",
                         std::to_string(e.seq),
                         "",
                         {{"at", Time(e.at)}, {"by", e.user}, {"action", e.action}, {"target", e.target},
                          {"detail", e.detail}}});
    }
    before = page.back().seq;
  }
  return out;
}

// The address book and the mail queue (issue 22).
std::vector<Item> FindContacts(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& c : s.ListContacts()) {
    if (!SameAddress(c.email, Trim(email))) continue;
    Item it{"contact", c.email, "", {}};
    it.fields = {{"e-mail", c.email},     {"name", c.name},       {"organisation", c.organisation},
                 {"group", c.group},      {"country", c.country}, {"language", c.lang},
                 {"added", Time(c.created_at)}, {"updated", Time(c.updated_at)}};
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<Item> FindSentMessages(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& c : s.ListCampaigns()) {
    for (const auto& m : s.ListMail(c.id)) {
      if (!SameAddress(m.email, Trim(email))) continue;
      Item it{"sent-message", m.id, c.form_id, {}};
      it.fields = {{"e-mail", m.email}, {"campaign", c.id},      {"kind", c.kind},
                   {"state", m.state},  {"sent", Time(m.sent_at)}, {"personal link", m.invitation_id}};
      out.push_back(std::move(it));
    }
  }
  return out;
}

std::vector<Item> FindBlocked(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& [address, reason] : s.ListBlocked()) {
    if (!SameAddress(address, Trim(email))) continue;
    out.push_back(Item{"blocklist", address, "", {{"e-mail", address}, {"reason", reason}}});
  }
  return out;
}

// Delivery reports about the address (issue 22 bounces): when, permanent or temporary, and what the
// remote server said.
std::vector<Item> FindBounces(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  for (const auto& b : s.ListBounces("")) {
    if (!SameAddress(b.email, Trim(email))) continue;
    out.push_back(Item{"bounce", b.key, "", {{"e-mail", b.email}, {"when", Time(b.at)}, {"kind", b.kind},
                                             {"status", b.status}, {"remote server said", b.diagnostic}}});
  }
  return out;
}

Status EraseBounces(storage::Storage& s, const Item& it) {
  for (const auto& [k, v] : it.fields) {
    if (k != "e-mail") continue;
    auto n = s.DeleteBounces(v);
    if (!n.ok()) return n.error();
  }
  return Status::Ok();
}

Status EraseContact(storage::Storage& s, const Item& it) { return OkIfGone(s.DeleteContact(it.id)); }
Status EraseSentMessage(storage::Storage& s, const Item& it) { return OkIfGone(s.DeleteMail(it.id)); }

Status RectifyContact(storage::Storage& s, const Item& it, const std::string& from, const std::string& to) {
  for (auto c : s.ListContacts()) {
    if (c.email != it.id) continue;
    bool changed = false;
    for (std::string* f : {&c.name, &c.organisation}) {
      if (*f == from) {
        *f = to;
        changed = true;
      }
    }
    if (SameAddress(c.email, from)) {
      // The address is the contact's key: the corrected contact replaces the old one.
      c.email = to;
      if (Status st = s.UpsertContacts({c}); !st.ok()) return st;
      return OkIfGone(s.DeleteContact(it.id));
    }
    return changed ? s.UpsertContacts({c}) : Status::Ok();
  }
  return Status::Ok();
}

Status EraseInvitation(storage::Storage& s, const Item& it) { return OkIfGone(s.DeleteInvitation(it.id)); }
Status EraseResponse(storage::Storage& s, const Item& it) { return OkIfGone(s.DeleteResponse(it.id)); }
Status EraseFollowup(storage::Storage& s, const Item& it) { return OkIfGone(s.SetResponsePersonal(it.id, "")); }

Status RectifyInvitation(storage::Storage& s, const Item& it, const std::string& from, const std::string& to) {
  auto inv = s.FindInvitation(it.id);
  if (!inv) return Status::Ok();
  std::string name = inv->name == from ? to : inv->name;
  std::string email = SameAddress(inv->email, from) ? to : inv->email;
  if (name == inv->name && email == inv->email) return Status::Ok();
  return s.UpdateInvitationContact(it.id, name, email);
}

Status RectifyFollowup(storage::Storage& s, const Item& it, const std::string& from, const std::string& to) {
  auto r = s.FindResponse(it.id);
  if (!r) return Status::Ok();
  std::string json = r->personal_json;
  auto replace = [&](engine::Values& vals) {
    bool changed = false;
    for (auto& [k, v] : vals) {
      if (v == from || (v.find('@') != std::string::npos && SameAddress(v, from))) {
        v = to;
        changed = true;
      }
    }
    return changed;
  };
  if (!EditStored(json, [&](engine::Answers& a) {
        bool changed = replace(a.values);
        for (auto& [rname, list] : a.repeats) {
          for (auto& inst : list) changed = replace(inst) || changed;
        }
        return changed;
      })) {
    return Status::Ok();
  }
  return s.SetResponsePersonal(it.id, json);
}

}  // namespace

const std::vector<Place>& PlacesOfPersonalData() {
  // The order erasure follows: a response before the invitation it was started with.
  static const std::vector<Place> kPlaces = {
      {"invited-response",
       "responses started with a personal invitation sent to the address (answers, times, status)",
       FindInvitedResponses, EraseResponse, nullptr, ""},
      {"invitation", "personal invitations: the contact's name, e-mail, group and country, and the link",
       FindInvitations, EraseInvitation, RectifyInvitation, ""},
      {"follow-up-contact",
       "answers to the form's personal questions (follow-up contact details), kept apart from the answers",
       FindFollowups, EraseFollowup, RectifyFollowup, ""},
      {"audit", "audit log lines whose target or detail a team member wrote with the address", FindAudit, nullptr,
       nullptr,
       "the audit log is the record of who did what with the data (accountability); its lines are kept"},
      {"contact", "the study's address book: name, e-mail, organisation, group, country and language",
       FindContacts, EraseContact, RectifyContact, ""},
      {"sent-message", "messages of the mail queue to the address (invitations and reminders: the campaign, "
       "its state and time; the text is the team's template, not stored per message)",
       FindSentMessages, EraseSentMessage, nullptr, ""},
      {"bounce", "delivery reports about the address read from the bounce mailbox: when, permanent or temporary, "
       "and what the remote server said", FindBounces, EraseBounces, nullptr, ""},
      {"blocklist", "the address on the study's do-not-mail list (opted out or bounced)", FindBlocked, nullptr,
       nullptr, "kept so that the address is never mailed again, as the person asked (an opt-out outlives erasure)"},
  };
  return kPlaces;
}

std::string SubjectRef(const std::string& email) { return "subject " + Sha256Hex(Lower(email)).substr(0, 16); }

std::vector<Item> FindSubject(storage::Storage& s, const std::string& email) {
  std::vector<Item> out;
  if (Trim(email).empty()) return out;
  for (const Place& p : PlacesOfPersonalData()) {
    for (auto& it : p.find(s, email)) out.push_back(std::move(it));
  }
  return out;
}

std::vector<Item> FindSubjectAudited(storage::Storage& s, const std::string& email, const std::string& action,
                                     const Actor& who) {
  auto items = FindSubject(s, email);
  Audit(s, who, action, SubjectRef(email), std::to_string(items.size()) + " items");
  return items;
}

std::string SubjectReport(const std::string& email, const std::vector<Item>& items, TimeMs now) {
  std::string out = "Personal data held about " + std::string(Trim(email)) + "\n";
  out += "Compiled " + FormatTimeUtc(now) + " (UTC). " + std::to_string(items.size()) + " items.\n";
  for (const Place& p : PlacesOfPersonalData()) {
    std::size_t n = 0;
    for (const auto& it : items) n += it.place == p.name;
    out += "\n== " + std::string(p.name) + ": " + p.description + " (" + std::to_string(n) + ")\n";
    for (const auto& it : items) {
      if (it.place != p.name) continue;
      out += "\n- " + std::string(p.name) + " " + it.id + (it.form_id.empty() ? "" : " (form " + it.form_id + ")") +
             "\n";
      for (const auto& [k, v] : it.fields) {
        std::string value = v;
        // One line per field: line breaks inside an answer are shown as \n.
        std::string flat;
        for (char ch : value) flat += ch == '\n' ? std::string("\\n") : ch == '\r' ? std::string() : std::string(1, ch);
        out += "  " + k + ": " + flat + "\n";
      }
    }
  }
  return out;
}

Result<SubjectOutcome> EraseSubject(storage::Storage& s, const std::string& email, const Actor& who) {
  if (Trim(email).empty()) return MakeError(ErrorCode::kInvalid, "give an e-mail address");
  auto items = FindSubject(s, email);
  SubjectOutcome out;
  for (const Place& p : PlacesOfPersonalData()) {
    for (const auto& it : items) {
      if (it.place != p.name) continue;
      if (!p.erase) {
        ++out.kept;
        continue;
      }
      if (Status st = p.erase(s, it); !st.ok()) return st.error();
      ++out.changed;
    }
  }
  Audit(s, who, "subject-erase", SubjectRef(email),
        std::to_string(out.changed) + " items erased" +
            (out.kept ? ", " + std::to_string(out.kept) + " audit lines kept" : std::string()));
  out.scrubbed = s.ScrubFreedSpace();
  return out;
}

Result<SubjectOutcome> RectifySubject(storage::Storage& s, const std::string& email, const std::string& from,
                                      const std::string& to, const Actor& who) {
  if (Trim(email).empty()) return MakeError(ErrorCode::kInvalid, "give an e-mail address");
  if (from.empty()) return MakeError(ErrorCode::kInvalid, "say which value to correct");
  if (from == to) return MakeError(ErrorCode::kInvalid, "the corrected value is the same as the old one");
  auto items = FindSubject(s, email);
  SubjectOutcome out;
  for (const Place& p : PlacesOfPersonalData()) {
    for (const auto& it : items) {
      if (it.place != p.name) continue;
      if (!p.rectify) continue;
      bool holds = std::any_of(it.fields.begin(), it.fields.end(), [&](const auto& kv) {
        return kv.second == from || (from.find('@') != std::string::npos && SameAddress(kv.second, from));
      });
      if (!holds) continue;
      if (Status st = p.rectify(s, it, from, to); !st.ok()) return st.error();
      ++out.changed;
    }
  }
  // Neither value in the log: a hash of the address, and how much changed.
  Audit(s, who, "subject-rectify", SubjectRef(email), std::to_string(out.changed) + " items corrected");
  out.scrubbed = s.ScrubFreedSpace();
  return out;
}

Status DeleteOwnResponse(storage::Storage& s, const storage::ResponseRecord& r, TimeMs now) {
  if (r.status == storage::ResponseStatus::kComplete)
    return MakeError(ErrorCode::kConflict, "this response has been sent; ask the study team to erase it");
  if (Status st = s.DeleteResponse(r.id); !st.ok()) return st;
  storage::AuditEvent e;
  e.at = now;
  e.user = "";
  e.action = "response-delete-own";
  e.target = r.id;
  e.detail = "form " + r.form_id + ", by the respondent through the resume link";
  (void)s.AppendAudit(e);
  return Status::Ok();
}

Result<EraseOutcome> EraseQuestion(storage::Storage& s, const form::Form& f, const std::string& question,
                                   const std::string& reason, const Actor& who) {
  const form::Node* n = f.Find(question);
  if (!n || !form::HoldsValue(n->type))
    return MakeError(ErrorCode::kInvalid, "the form '" + f.id + "' has no question '" + question + "'");
  if (Trim(reason).empty()) return MakeError(ErrorCode::kInvalid, "give the reason for the erasure (it is audited)");
  auto changed = s.RewriteAnswers(f.id, [&](storage::ResponseRecord& r) {
    bool a = EditStored(r.answers_json, [&](engine::Answers& x) { return EraseName(x, question); });
    bool p = EditStored(r.personal_json, [&](engine::Answers& x) { return EraseName(x, question); });
    return a || p;
  });
  if (!changed.ok()) return changed.error();
  Audit(s, who, "question-erase", f.id,
        "question " + question + ": answers erased in " + std::to_string(*changed) + " responses; reason: " +
            std::string(Trim(reason)));
  EraseOutcome out;
  out.responses = *changed;
  out.scrubbed = s.ScrubFreedSpace();
  return out;
}

std::optional<TimeMs> AnonymisedAt(storage::Storage& s, const std::string& form_id) {
  auto v = s.GetSetting(storage::AnonymisedSettingKey(form_id));
  if (!v || v->empty()) return std::nullopt;
  try {
    return static_cast<TimeMs>(std::stoll(*v));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Result<AnonymiseOutcome> AnonymiseForm(storage::Storage& s, const std::string& form_id, const Actor& who) {
  auto w = s.GetWindow(form_id);
  const bool takes_answers =
      !w || (!w->paused && w->archived_at == 0 && (w->closes_at == 0 || w->closes_at > who.now));
  if (takes_answers) {
    return MakeError(ErrorCode::kConflict, "the form '" + form_id +
                                               "' still takes answers: close, pause or archive it before anonymising it");
  }
  // Times to the start of their day on the study's clock (a response at 00:30 in Brussels keeps its day).
  const std::string zone = s.GetSetting(storage::kTimeZoneSetting).value_or(std::string(kDefaultTimeZone));
  auto counts = s.AnonymiseForm(form_id, [&zone](TimeMs t) {
    const LocalTime l = ToLocal(zone, t);
    return LocalToUtc(zone, l.year, l.month, l.day, 0, 0);
  });
  if (!counts.ok()) return counts.error();
  if (Status st = s.PutSetting(storage::AnonymisedSettingKey(form_id), std::to_string(who.now)); !st.ok())
    return st.error();
  Audit(s, who, "form-anonymise", form_id,
        std::to_string(counts->invitations) + " invitations deleted, " + std::to_string(counts->responses) +
            " responses without personal answers, invitation link or resume link; times to the day");
  AnonymiseOutcome out;
  out.counts = *counts;
  out.scrubbed = s.ScrubFreedSpace();
  return out;
}

namespace {

std::string NoticeKey(const std::string& form_id) {
  return form_id.empty() ? std::string("privacy_notice") : "privacy_notice:" + form_id;
}

}  // namespace

std::map<std::string, std::string> NoticeTexts(storage::Storage& s, const std::string& form_id) {
  std::map<std::string, std::string> out;
  auto v = s.GetSetting(NoticeKey(form_id));
  if (!v || v->empty()) return out;
  boost::system::error_code ec;
  boost::json::value j = boost::json::parse(*v, ec);
  if (ec || !j.is_object()) return out;
  for (const auto& kv : j.as_object()) {
    if (kv.value().is_string()) out[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  return out;
}

std::string NoticeText(storage::Storage& s, const std::string& form_id, const std::string& lang,
                       const std::string& fallback) {
  auto texts = NoticeTexts(s, form_id);
  for (const std::string& l : {lang, fallback, std::string("en")}) {
    if (auto it = texts.find(l); it != texts.end() && !it->second.empty()) return it->second;
  }
  return texts.empty() ? std::string() : texts.begin()->second;
}

Status SetNoticeText(storage::Storage& s, const std::string& form_id, const std::string& lang,
                     const std::string& text, const Actor& who) {
  const bool code_ok = lang.size() >= 2 && lang.size() <= 12 &&
                       lang.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
                           std::string::npos;
  if (!code_ok) return MakeError(ErrorCode::kInvalid, "a language is a code such as en, fr or pt-BR");
  auto texts = NoticeTexts(s, form_id);
  const std::string trimmed(Trim(text));
  if (trimmed.empty()) {
    texts.erase(lang);
  } else {
    texts[lang] = trimmed;
  }
  boost::json::object o;
  for (const auto& [k, v] : texts) o[k] = v;
  if (Status st = s.PutSetting(NoticeKey(form_id), boost::json::serialize(o)); !st.ok()) return st;
  Audit(s, who, "privacy-notice", form_id.empty() ? std::string("study") : form_id,
        lang + (trimmed.empty() ? ": removed" : ": " + std::to_string(trimmed.size()) + " bytes"));
  return Status::Ok();
}

std::string RecordsOfProcessing(storage::Storage& s, const form::Form& f) {
  std::string out = "Records of processing: " + f.title + " (form " + f.id + ", version " + f.version + ")\n\n";
  out += "Personal questions (XLSForm column `personal`), stored apart from the answers:\n";
  int n = 0;
  for (const auto& node : f.nodes) {
    if (!node.personal || !form::HoldsValue(node.type)) continue;
    ++n;
    std::string label = node.label.empty() ? std::string() : node.label.Get(f.lang(), "");
    out += "  - " + node.name + (label.empty() ? "" : ": " + label) + "\n";
  }
  if (!n) out += "  (none)\n";
  out += "\nWhere personal data lives, who can read it, and until when:\n";
  for (const Place& p : PlacesOfPersonalData()) {
    out += "  - " + std::string(p.name) + ": " + p.description + "\n";
  }
  out +=
      "\nWho can read it: invitations (contacts and links) analysts and owners; follow-up contacts and "
      "personal answers owners only (/admin/followups, mcsurvey followups, each access audited); answers "
      "without personal data analysts and owners (exports, reports); the audit log owners.\n"
      "No IP address is stored. Answers carry the respondent's language and times (start, last save, "
      "submission).\n";
  if (auto at = AnonymisedAt(s, f.id)) {
    out += "\nAnonymised on " + FormatTimeUtc(*at).substr(0, 10) +
           ": no invitations, personal answers, invitation links or resume links remain; times are kept to the day.\n";
  } else {
    out += "\nRetention: until the owner anonymises the form after fieldwork (console: Privacy; "
           "mcsurvey anonymise), or erases on request.\n";
  }
  return out;
}

}  // namespace mcs::privacy
