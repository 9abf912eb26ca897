#include "web/campaigns.h"

#include <map>
#include <set>

#include "common/country.h"
#include "common/crypto.h"
#include "common/email_address.h"
#include "common/strings.h"
#include "web/contacts.h"
#include "web/invitation.h"

namespace mcs::web {
namespace {

constexpr std::string_view kIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

std::set<std::string> Blocked(storage::Storage& store) {
  std::set<std::string> out;
  for (auto& [email, why] : store.ListBlocked()) out.insert(email);
  return out;
}


}  // namespace

CampaignPlan PlanInvitations(storage::Storage& store, const form::Form& form, const Selection& sel,
                             const std::string& user, TimeMs now, Random& random) {
  CampaignPlan plan;
  std::string country;
  if (!sel.country.empty()) {
    auto c = NormalizeCountry(sel.country);
    if (!c) {
      plan.problem = "'" + sel.country + "' is not a country";
      return plan;
    }
    country = *c;
  }
  std::set<std::string> groups = GroupsOf(form);
  if (!sel.group.empty() && !groups.count(sel.group)) {
    plan.problem = "the group '" + sel.group + "' is not one of this questionnaire's";
    return plan;
  }
  std::set<std::string> wanted;
  for (const auto& e : sel.emails) wanted.insert(NormalizeEmail(Trim(e)));
  std::set<std::string> invited;
  for (const auto& inv : store.ListInvitations(form.id)) invited.insert(NormalizeEmail(inv.email));
  std::set<std::string> blocked = Blocked(store);
  plan.campaign.id = "c-" + random.Token(12, kIdAlphabet);
  plan.campaign.form_id = form.id;
  plan.campaign.kind = "invitation";
  std::vector<std::string> words;
  if (!sel.group.empty()) words.push_back("group " + sel.group);
  if (!country.empty()) words.push_back("country " + country);
  if (!wanted.empty()) words.push_back(std::to_string(wanted.size()) + " listed addresses");
  plan.campaign.selection = words.empty() ? "every contact of the questionnaire's groups" : Join(words, ", ");
  plan.campaign.created_by = user;
  plan.campaign.created_at = now;
  for (const auto& ct : store.ListContacts()) {
    if (!ct.group.empty() && !groups.count(ct.group)) continue;
    if (!sel.group.empty() && ct.group != sel.group) continue;
    if (!country.empty() && ct.country != country) continue;
    if (!wanted.empty() && !wanted.count(ct.email)) continue;
    if (blocked.count(ct.email)) {
      ++plan.blocked;
      continue;
    }
    if (invited.count(ct.email)) {
      ++plan.already;
      continue;
    }
    storage::Invitation inv;
    inv.id = random.Token(16, kIdAlphabet);
    inv.form_id = form.id;
    inv.name = ct.name;
    inv.email = ct.email;
    inv.group = ct.group.empty() ? form.id : ct.group;
    inv.country = ct.country;
    inv.created_at = now;
    storage::QueuedMail m;
    m.id = random.Token(20, kIdAlphabet);
    m.email = ct.email;
    m.invitation_id = inv.id;
    m.lang = ct.lang.empty() ? form.lang() : ct.lang;
    m.not_before = now;
    plan.invitations.push_back(std::move(inv));
    plan.mail.push_back(std::move(m));
  }
  if (plan.mail.empty()) plan.problem = "no contact to invite: none matches, or all are invited already or blocked";
  return plan;
}

CampaignPlan PlanReminders(storage::Storage& store, const form::Form& form, const std::string& id,
                           const std::string& user, TimeMs now, Random& random) {
  CampaignPlan plan;
  plan.campaign.id = id.empty() ? "r-" + random.Token(12, kIdAlphabet) : id;
  plan.campaign.form_id = form.id;
  plan.campaign.kind = "reminder";
  plan.campaign.selection = "invited, not finished, not opted out or bounced";
  plan.campaign.created_by = user;
  plan.campaign.created_at = now;
  std::set<std::string> blocked = Blocked(store);
  std::map<std::string, std::string> lang_of;
  for (const auto& ct : store.ListContacts()) lang_of[ct.email] = ct.lang;
  std::set<std::string> seen;
  for (const auto& inv : store.ListInvitations(form.id)) {
    std::string email = NormalizeEmail(inv.email);
    if (!ValidEmail(email) || !seen.insert(email).second) continue;
    if (inv.response_status == "complete") {
      ++plan.already;
      continue;
    }
    if (blocked.count(email)) {
      ++plan.blocked;
      continue;
    }
    storage::QueuedMail m;
    m.id = random.Token(20, kIdAlphabet);
    m.email = email;
    m.invitation_id = inv.id;
    auto it = lang_of.find(email);
    m.lang = it != lang_of.end() && !it->second.empty() ? it->second : form.lang();
    m.not_before = now;
    plan.mail.push_back(std::move(m));
  }
  if (plan.mail.empty()) plan.problem = "nobody to remind: everyone invited has finished, opted out or bounced";
  return plan;
}

std::string PersonalLink(const std::string& public_url, std::string_view secret, const form::Form& form,
                         const std::string& invitation_id, const std::string& lang) {
  std::string link = public_url + "/s/" + form.id + "?inv=" + SignInvitation(secret, invitation_id);
  if (!lang.empty() && form.HasLanguage(lang) && lang != form.lang()) link += "&lang=" + lang;
  return link;
}

std::string OptOutLink(const std::string& public_url, std::string_view secret, const std::string& invitation_id,
                       const std::string& lang) {
  std::string msg = invitation_id + "." + lang;
  return public_url + "/optout/" + msg + "." + HmacSha256Hex(secret, "optout:" + msg).substr(0, 32);
}

bool VerifyOptOut(std::string_view secret, std::string_view token, std::string& invitation_id, std::string& lang) {
  auto last = token.rfind('.');
  if (last == std::string_view::npos || token.size() > 200) return false;
  std::string msg(token.substr(0, last));
  if (!ConstantTimeEquals(token.substr(last + 1), HmacSha256Hex(secret, "optout:" + msg).substr(0, 32))) return false;
  auto dot = msg.find('.');
  if (dot == std::string::npos) return false;
  invitation_id = msg.substr(0, dot);
  lang = msg.substr(dot + 1);
  return true;
}

double CampaignCounts::ResponseRate() const {
  long base = invited - bounced - opted_out;
  return base > 0 ? static_cast<double>(finished) / static_cast<double>(base) : 0.0;
}

CampaignCounts CountCampaign(storage::Storage& store, const storage::CampaignRecord& c) {
  CampaignCounts n;
  std::map<std::string, std::string> blocked;
  for (auto& [email, why] : store.ListBlocked()) blocked.emplace(email, why);
  std::map<std::string, storage::Invitation> invs;
  for (auto& inv : store.ListInvitations(c.form_id)) invs.emplace(inv.id, std::move(inv));
  for (const auto& m : store.ListMail(c.id)) {
    ++n.invited;
    n.queued += m.state == "queued" || m.state == "sending";
    n.sent += m.state == "sent";
    n.failed += m.state == "failed";
    n.uncertain += m.state == "uncertain";
    if (auto b = blocked.find(m.email); b != blocked.end()) {
      n.bounced += b->second == "bounced";
      n.opted_out += b->second == "opted-out";
    }
    if (auto it = invs.find(m.invitation_id); it != invs.end()) {
      n.finished += it->second.response_status == "complete";
      n.started += !it->second.response_id.empty();
    }
  }
  return n;
}

}  // namespace mcs::web
