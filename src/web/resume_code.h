// The short code that brings a respondent back to saved answers on any device: ten characters a
// person can read aloud, copy from paper and type on a phone ("ABCDE-FGHJK"), from an alphabet
// without the look-alikes I/1/L and O/0. 31^10 ≈ 2^49.5 codes, and /resume is rate limited.
//
// The resume link's token is the code followed by an HMAC of it keyed by the database's
// `resume_secret`: the code alone finds the response (token → SHA-256 → the stored resume hash), and
// the page can show the code back from the token without storing it anywhere.
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"

namespace mcs::web {

// A new code, ten characters, no separator.
std::string NewResumeCode(Random& random);
// The code of the response started from a personal invitation: derived from the invitation's id
// with the secret, so the invitation link can bring its contact back to the answers begun with it
// (a reminder must reopen a half-finished questionnaire) while the database still keeps only the
// token's hash. Whoever holds the invitation link could start the response anyway; whoever holds
// only the code cannot find the invitation.
std::string InvitationResumeCode(std::string_view secret, std::string_view invitation_id);
// The token for a code (as NewResumeCode gives it).
std::string ResumeTokenForCode(std::string_view secret, std::string_view code);
// "ABCDE-FGHJK" when `token` was made from a code with this secret; "" otherwise (older links).
std::string ResumeCodeOfToken(std::string_view secret, std::string_view token);
// What a person typed ("abcde fghjk", "ABCDE-FGHJK") as a code, or "" when it cannot be one.
std::string NormalizeResumeCode(std::string_view typed);

}  // namespace mcs::web
