// Signed links into a questionnaire, and the contact lists personal invitations are made from.
//
// A personal invitation link is /s/{form_id}?inv=ID.MAC and a console preview link
// /s/{form_id}?preview=EXPIRY.MAC: the MAC (HMAC-SHA-256 with the installation's secret, cut to 128
// bits) means nobody can make up a link, and the id alone finds the invitation. One link allows one
// response: the storage refuses a second response for the same invitation.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace mcs::web {

// "ID.MAC" for the invitation `id`.
std::string SignInvitation(std::string_view secret, std::string_view id);
// The invitation id of a well-signed "ID.MAC", else nullopt.
std::optional<std::string> VerifyInvitation(std::string_view secret, std::string_view token);

// "EXPIRY.MAC": a preview of `form_id` in test mode until `expires` (ms since the epoch).
std::string SignPreview(std::string_view secret, std::string_view form_id, TimeMs expires);
bool VerifyPreview(std::string_view secret, std::string_view form_id, std::string_view token, TimeMs now);

struct Contact {
  int line = 0;  // where it starts in the CSV (the header is line 1)
  std::string name, email, group, country;
};

struct CsvProblem {
  int line = 0;
  std::string message;
};

struct ContactList {
  std::vector<Contact> contacts;
  std::vector<CsvProblem> problems;  // lines left out, and why
};

// Reads a CSV (RFC 4180; comma or semicolon, as spreadsheets export them; UTF-8 with or without BOM)
// whose header names the columns name, e-mail (or email), group and country in any order. A line
// without a valid e-mail address, with a group not in `groups` (the questionnaire's: GroupsOf), a
// country that is not one (names in the EU's languages become ISO codes: contacts.h CheckCountry),
// or repeating an e-mail address, is a problem and left out; the others are contacts.
ContactList ParseContacts(std::string_view csv, const std::set<std::string>& groups);

}  // namespace mcs::web
