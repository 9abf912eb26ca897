#include "stats/group_country.h"

namespace mcs::stats {

GroupCountry GroupCountryOf(std::string_view form_id, const storage::Invitation* invitation,
                            std::string_view group_answer, std::string_view country_answer) {
  GroupCountry out;
  if (invitation && !invitation->group.empty())
    out.group = invitation->group;
  else if (!group_answer.empty())
    out.group = group_answer;
  else
    out.group = form_id;
  if (invitation && !invitation->country.empty())
    out.country = invitation->country;
  else
    out.country = country_answer;
  return out;
}

}  // namespace mcs::stats
