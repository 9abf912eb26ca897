// The messages the team sends: an invitation and a reminder per language, written by the team (or
// the defaults below), with placeholders filled per contact. The text part is the template with the
// values put in; the HTML part is the same text escaped (values included: a contact's name is data),
// paragraphs at blank lines, and the two links as links.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mcs::mail {

// {name} {link} {closing_date} {optout_link}
inline constexpr std::string_view kPlaceholders[] = {"name", "link", "closing_date", "optout_link"};

struct Template {
  std::string subject;
  std::string body;  // plain text with placeholders
};

// "invitation" or "reminder".
bool ValidKind(std::string_view kind);
// The built-in template of `kind` in `lang` (en, fr, de, ...), or English when there is none in it.
Template DefaultTemplate(std::string_view kind, std::string_view lang);
// Languages with a built-in template.
std::vector<std::string> DefaultLanguages();

// "" when the template can be used, else what is wrong: an unknown {placeholder}, no {link} in the
// body, a subject with a line break or empty.
std::string CheckTemplate(const Template& t);

struct Rendered {
  std::string subject;
  std::string text;
  std::string html;
};
// Fills the placeholders from `values` (missing ones become "").
Rendered Render(const Template& t, const std::map<std::string, std::string>& values, std::string_view lang);

}  // namespace mcs::mail
