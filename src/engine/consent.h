// The consent a respondent gave to be contacted for a follow-up (issue 25), kept with the contact
// details it allowed: the exact text of the question that asked (its label and hint as shown, in the
// respondent's language), the answer, the language and the time. It lives among the personal answers
// (kConsentKey), so whatever keeps, exports, erases or anonymises the contact does the same to it.
//
// Which question asked: the ones whose answer puts the form's personal questions in the respondent's
// path (named in the `relevant` of a personal question or of a group around it, and not personal
// themselves), e.g. "Would you agree to be contacted ...?" before the name and e-mail address.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/engine.h"

namespace mcs::engine {

// Where the record is kept among a response's answers (names starting with _mcs are reserved). The
// storage split puts it with the personal answers; Runtime::Finalize keeps it.
inline constexpr const char* kConsentKey = "_mcs_consent";

// The questions that ask for the consent, in form order (node indexes); empty when no personal
// question depends on another's answer.
std::vector<int> ConsentQuestions(const form::Form& f);

// Brings the record in `a` up to date after a page (or a whole response) was taken: made when the
// answers first hold personal data (`lang`, `at`: the respondent's language and the time, ISO 8601
// UTC), kept as it was while they do (the consent given is the one recorded), removed when they no
// longer do.
void RecordConsent(const form::Form& f, Answers& a, std::string_view lang, const std::string& at);

// A record's parts, readable, in order: question, text, answer, language, time. Empty when `value`
// is not a record.
std::vector<std::pair<std::string, std::string>> ConsentFields(std::string_view value);

}  // namespace mcs::engine
