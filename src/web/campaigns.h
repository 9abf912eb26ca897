// Campaigns (issue 22): who gets an invitation or a reminder, as one all-or-none storage write.
//
// A campaign's personal link IS an invitation link (/s/{form}?inv=ID.MAC): each invited contact gets
// an Invitation row, so "started" and "finished" come from the responses that already point at it,
// and the dashboard places the response in the contact's group x country cell.
#pragma once
#include <string>
#include <vector>

#include "common/clock.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::web {

struct Selection {
  std::string group;                // "" for any
  std::string country;              // "" for any; a name or code (NormalizeCountry)
  std::vector<std::string> emails;  // empty for any
};

struct CampaignPlan {
  storage::CampaignRecord campaign;
  std::vector<storage::Invitation> invitations;
  std::vector<storage::QueuedMail> mail;
  int blocked = 0;   // left out: opted out or bounced
  int already = 0;   // left out: invited to this questionnaire before (invitations) / finished (reminders)
  std::string problem;  // not empty: nothing to do, and why
};

// Invitations to `form` for the contacts the selection picks whose group is the questionnaire's
// (GroupsOf) or unset; never twice to one address for one questionnaire, never to a blocked address.
CampaignPlan PlanInvitations(storage::Storage& store, const form::Form& form, const Selection& sel,
                             const std::string& user, TimeMs now, Random& random);
// A reminder to everyone invited to `form` who has not finished and is not blocked, on the same
// personal link. `id` "" for a random campaign id; scheduled reminders use "reminder-FORM-dN" so two
// nodes scheduling it at once make it once.
CampaignPlan PlanReminders(storage::Storage& store, const form::Form& form, const std::string& id,
                           const std::string& user, TimeMs now, Random& random);

// The personal link of an invitation, in the contact's language when the form has it.
std::string PersonalLink(const std::string& public_url, std::string_view secret, const form::Form& form,
                         const std::string& invitation_id, const std::string& lang);
// The opt-out link: /optout/INV.LANG.MAC, signed like an invitation.
std::string OptOutLink(const std::string& public_url, std::string_view secret, const std::string& invitation_id,
                       const std::string& lang);
// The invitation id and language of a well-signed opt-out token.
bool VerifyOptOut(std::string_view secret, std::string_view token, std::string& invitation_id, std::string& lang);

// Per-campaign figures for the console and `mcsurvey campaign status`.
struct CampaignCounts {
  long invited = 0, queued = 0, sent = 0, failed = 0, uncertain = 0, bounced = 0, opted_out = 0, started = 0,
       finished = 0;
  // finished / (invited - bounced - opted out): those who could not or would not answer leave the base.
  double ResponseRate() const;
};
CampaignCounts CountCampaign(storage::Storage& store, const storage::CampaignRecord& c);

}  // namespace mcs::web
