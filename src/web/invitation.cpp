#include "web/invitation.h"

#include <set>

#include "common/crypto.h"
#include "common/csv_reader.h"
#include "common/strings.h"
#include "web/contacts.h"

namespace mcs::web {
namespace {

constexpr std::size_t kMacChars = 32;  // 128 bits of HMAC-SHA-256, hex

std::string Mac(std::string_view secret, const std::string& msg) {
  return HmacSha256Hex(secret, msg).substr(0, kMacChars);
}

}  // namespace

std::string SignInvitation(std::string_view secret, std::string_view id) {
  return std::string(id) + "." + Mac(secret, "inv:" + std::string(id));
}

std::optional<std::string> VerifyInvitation(std::string_view secret, std::string_view token) {
  auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 64) return std::nullopt;
  std::string id(token.substr(0, dot));
  if (!ConstantTimeEquals(token.substr(dot + 1), Mac(secret, "inv:" + id))) return std::nullopt;
  return id;
}

std::string SignPreview(std::string_view secret, std::string_view form_id, TimeMs expires) {
  std::string exp = std::to_string(expires);
  return exp + "." + Mac(secret, "preview:" + std::string(form_id) + ":" + exp);
}

bool VerifyPreview(std::string_view secret, std::string_view form_id, std::string_view token, TimeMs now) {
  auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
  std::string exp(token.substr(0, dot));
  if (exp.find_first_not_of("0123456789") != std::string::npos) return false;
  if (!ConstantTimeEquals(token.substr(dot + 1), Mac(secret, "preview:" + std::string(form_id) + ":" + exp)))
    return false;
  return std::stoll(exp) > now;
}

ContactList ParseContacts(std::string_view csv, const std::set<std::string>& groups) {
  ContactList out;
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  if (!IsValidUtf8(csv)) {
    out.problems.push_back({1, "the file is not UTF-8 text: save it as \"CSV UTF-8\""});
    return out;
  }
  // Spreadsheets in much of Europe write ';' (the comma is their decimal mark): trust the header.
  std::string_view first = csv.substr(0, csv.find('\n'));
  char sep = first.find(';') != std::string_view::npos && first.find(',') == std::string_view::npos ? ';' : ',';
  CsvTable table = ReadCsvRecords(csv, {.separator = sep});
  if (table.error) {
    out.problems.push_back(
        {table.error->line, "column " + std::to_string(table.error->column) + ": " + table.error->message});
    return out;
  }
  const std::vector<CsvRecord>& rows = table.records;
  if (rows.empty()) {
    out.problems.push_back({1, "the file is empty: the first line names the columns name, e-mail, group, country"});
    return out;
  }
  int col_name = -1, col_email = -1, col_group = -1, col_country = -1;
  for (std::size_t i = 0; i < rows[0].fields.size(); ++i) {
    std::string h = ToLower(Trim(rows[0].fields[i]));
    int c = static_cast<int>(i);
    if (h == "name")
      col_name = c;
    else if (h == "e-mail" || h == "email")
      col_email = c;
    else if (h == "group")
      col_group = c;
    else if (h == "country")
      col_country = c;
  }
  std::vector<std::string> missing;
  if (col_name < 0) missing.push_back("name");
  if (col_email < 0) missing.push_back("e-mail");
  if (col_group < 0) missing.push_back("group");
  if (col_country < 0) missing.push_back("country");
  if (!missing.empty()) {
    out.problems.push_back(
        {rows[0].line, "the header has no column " + Join(missing, ", ") + " (it needs name, e-mail, group, country)"});
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r].fields;
    int line = rows[r].line;
    auto get = [&](int c) {
      return c < static_cast<int>(row.size()) ? std::string(Trim(row[static_cast<std::size_t>(c)])) : std::string();
    };
    if (row.size() != rows[0].fields.size()) {
      out.problems.push_back(
          {line, "has " + std::to_string(row.size()) + " fields, the header " + std::to_string(rows[0].fields.size())});
      continue;
    }
    Contact c{line, get(col_name), get(col_email), get(col_group), get(col_country)};
    std::string email, group, country;
    std::string problem = CheckEmail(c.email, email);
    if (problem.empty()) problem = CheckGroup(c.group, groups, group);
    if (problem.empty()) problem = CheckCountry(c.country, country);
    if (problem.empty() && (c.name.size() > 200 || c.group.size() > 100 || c.country.size() > 100))
      problem = "a field is too long";
    if (problem.empty() && !seen.insert(ToLower(email)).second) problem = c.email + " is already on an earlier line";
    if (!problem.empty()) {
      out.problems.push_back({line, problem});
      continue;
    }
    c.email = std::move(email);
    c.group = std::move(group);
    c.country = std::move(country);
    out.contacts.push_back(std::move(c));
  }
  return out;
}

}  // namespace mcs::web
