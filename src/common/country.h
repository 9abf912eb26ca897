// Countries as the study codes them: ISO 3166-1 alpha-2, whatever way a contact list wrote them.
//
// One function for every door that takes a country from the team (the address book's import, the
// invitation import, the command line), so "Greece", "Grèce", "Ελλάδα", "gr" and "GRC" all become GR
// and group x country tables have one cell per country. Names come from ICU's display names
// (uloc_getDisplayCountry) in the 24 official EU languages, not a hand-typed table.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mcs {

// The EU's 24 official languages (ISO 639-1), in the order the EU lists them.
inline constexpr std::string_view kEuLanguages[] = {"bg", "es", "cs", "da", "de", "et", "el", "en",
                                                    "fr", "ga", "hr", "it", "lv", "lt", "hu", "mt",
                                                    "nl", "pl", "pt", "ro", "sk", "sl", "fi", "sv"};

// The alpha-2 code of `text`: an alpha-2 or alpha-3 code in any case (the EU's own EL and UK mean GR
// and GB), or a country's name in one of the 24 EU languages, compared without case, accents or
// surrounding spaces. nullopt when it names no country, or names different ones in two languages.
std::optional<std::string> NormalizeCountry(std::string_view text);

// The country's name in `lang` (ICU), or the code itself when ICU has none.
std::string CountryName(std::string_view code, std::string_view lang);

}  // namespace mcs
