// Which stakeholder group and country a response counts for. One rule, used by the console's
// dashboard (complete responses per group x country against the team's targets) and by the
// statistics (the "group" and "country" columns of a Dataset, the report's sample tables and
// weighting margins), so the targets the team chases and the tables it publishes put every
// respondent in the same cell.
#pragma once
#include <string>
#include <string_view>

#include "storage/storage.h"

namespace mcs::stats {

// The questions a respondent can state them in.
inline constexpr std::string_view kGroupQuestion = "group";
inline constexpr std::string_view kCountryQuestion = "country";

struct GroupCountry {
  std::string group;    // never empty
  std::string country;  // "" when not given
};

// group: the invitation's group, else the answer to a question named `group`, else the form id;
// country: the invitation's country, else the answer to a question named `country`, else "".
// The invitation comes first because it is the team's sampling frame (targets and population
// margins are set per frame cell); a respondent who answered through a public link is placed by
// their own answer; and each of the study's questionnaires is written for one stakeholder group,
// so without either the questionnaire names the group. `invitation` may be null.
GroupCountry GroupCountryOf(std::string_view form_id, const storage::Invitation* invitation,
                            std::string_view group_answer, std::string_view country_answer);

}  // namespace mcs::stats
