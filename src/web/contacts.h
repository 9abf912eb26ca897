// The study's address book: reading a contact list (CSV or XLSX) into checked contacts, and the
// checks every contact door shares (the address book's import here, the per-questionnaire
// invitation import in invitation.h, the command line): e-mail syntax, a group the study knows,
// a country normalised to ISO 3166-1 alpha-2 (common/country.h), a language the study offers.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "form/form.h"
#include "storage/storage.h"
#include "web/invitation.h"

namespace mcs::web {

class FormRegistry;

// The groups a questionnaire is for: its form id, and the choices of its question named `group`
// when it has one (stats::GroupCountryOf places a response by the same two).
std::set<std::string> GroupsOf(const form::Form& form);

// What an address-book line may say: any group of any form (GroupsOf), and a language that is one of
// the 24 EU languages or a form's.
struct ContactRules {
  std::set<std::string> groups;
  std::set<std::string> languages;
};
ContactRules RulesOf(const FormRegistry& forms);

// One field's check, shared with the invitation import. Each returns "" when the value is good (and
// puts the stored form in `out`), else the problem as a sentence for the line's report.
std::string CheckEmail(std::string_view text, std::string& out);
std::string CheckGroup(std::string_view text, const std::set<std::string>& groups, std::string& out);
std::string CheckCountry(std::string_view text, std::string& out);

// One contact's fields as written (a line of a file, the console's edit form, `mcsurvey contacts edit`),
// each trimmed by the caller.
struct ContactText {
  std::string email, name, organisation, group, country, lang;
};
// The import's checks of one contact: every problem as a sentence (none: `ct` holds the stored form,
// the address normalised, the country as its ISO code; an empty group, country or language stays empty).
std::vector<std::string> CheckContact(const ContactText& in, const ContactRules& rules, storage::ContactRecord& ct);

struct ContactImport {
  std::vector<storage::ContactRecord> contacts;  // one per address, duplicates merged
  std::vector<CsvProblem> problems;              // every bad line; any of them refuses the whole file
  int lines = 0;                                 // contact lines read
  int merged = 0;                                // lines that repeated an earlier line's address
};

// Reads a contact list: `file_name` ending in .xlsx means the first sheet of a workbook, anything
// else CSV (comma or semicolon, UTF-8 with or without BOM). The first row names the columns: e-mail
// (or email; required), name, organisation (or organization), group, country, language (or lang), in
// any order and case. Lines are numbered as the file's viewer numbers them (the header is line 1).
// A line whose address an earlier line has is merged into that contact (its non-empty fields win).
ContactImport ReadContactFile(std::string_view bytes, std::string_view file_name, const ContactRules& rules,
                              TimeMs now);

}  // namespace mcs::web
