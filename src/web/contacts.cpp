#include "web/contacts.h"

#include <map>

#include "common/country.h"
#include "common/csv_reader.h"
#include "common/email_address.h"
#include "common/strings.h"
#include "web/form_registry.h"
#include "xlsform/workbook.h"

namespace mcs::web {
namespace {

constexpr std::size_t kMaxContactLines = 100000;

struct Table {
  std::vector<std::string> header;
  std::vector<std::pair<int, std::vector<std::string>>> rows;  // (line, cells)
  std::string error;                                           // the file could not be read at all
  int error_line = 1;                                          // where
};

Table ReadCsvTable(std::string_view csv) {
  Table t;
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  if (!IsValidUtf8(csv)) {
    t.error = "the file is not UTF-8 text: save it as \"CSV UTF-8\" (or upload the .xlsx)";
    return t;
  }
  std::string_view first = csv.substr(0, csv.find('\n'));
  char sep = first.find(';') != std::string_view::npos && first.find(',') == std::string_view::npos ? ';' : ',';
  CsvTable table = ReadCsvRecords(csv, {.separator = sep});
  if (table.error) {
    t.error = "column " + std::to_string(table.error->column) + ": " + table.error->message;
    t.error_line = table.error->line;
    return t;
  }
  auto& rows = table.records;
  if (rows.empty()) return t;
  t.header = std::move(rows[0].fields);
  for (std::size_t i = 1; i < rows.size(); ++i) t.rows.emplace_back(rows[i].line, std::move(rows[i].fields));
  return t;
}

Table ReadXlsxTable(std::string_view bytes) {
  Table t;
  Diagnostics diags;
  xlsform::Workbook wb = xlsform::Read(bytes, xlsform::Encoding::kXlsx, diags);
  if (wb.sheets.empty()) {
    t.error = diags.items().empty() ? "the workbook has no sheet"
                                    : "the workbook cannot be read: " + diags.items().front().message;
    return t;
  }
  const xlsform::Sheet& s = wb.sheets.front();
  t.header = s.header;
  for (const auto& r : s.rows) t.rows.emplace_back(r.number, r.cells);
  return t;
}

bool EndsWithCi(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ToLower(s.substr(s.size() - suffix.size())) == suffix;
}

bool HasControl(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

}  // namespace

std::set<std::string> GroupsOf(const form::Form& form) {
  std::set<std::string> out{form.id};
  if (const form::Node* n = form.Find("group"); n && n->choices) {
    for (const auto& c : n->choices->choices) out.insert(c.name);
  }
  return out;
}

ContactRules RulesOf(const FormRegistry& forms) {
  ContactRules r;
  for (std::string_view l : kEuLanguages) r.languages.emplace(l);
  for (const auto& f : forms.AllLatest()) {
    for (const auto& g : GroupsOf(*f)) r.groups.insert(g);
    for (const auto& l : f->languages) r.languages.insert(l.code);
  }
  return r;
}

std::string CheckEmail(std::string_view text, std::string& out) {
  if (text.empty()) return "the e-mail address is missing";
  if (!ValidEmail(text)) return "'" + std::string(text) + "' is not an e-mail address";
  out = NormalizeEmail(text);
  return "";
}

std::string CheckGroup(std::string_view text, const std::set<std::string>& groups, std::string& out) {
  if (text.empty()) return "the group is missing";
  if (!groups.count(std::string(text))) {
    return "the group '" + std::string(text) + "' is none of " + Join(std::vector<std::string>(groups.begin(), groups.end()), ", ");
  }
  out = std::string(text);
  return "";
}

std::string CheckCountry(std::string_view text, std::string& out) {
  if (text.empty()) return "the country is missing";
  auto code = NormalizeCountry(text);
  if (!code) {
    return "'" + std::string(text) +
           "' is not a country: write its ISO 3166 code (GR) or its name in one of the EU's languages";
  }
  out = *code;
  return "";
}

std::vector<std::string> CheckContact(const ContactText& in, const ContactRules& rules, storage::ContactRecord& ct) {
  std::vector<std::string> why;
  if (std::string p = CheckEmail(in.email, ct.email); !p.empty()) why.push_back(p);
  ct.name = in.name;
  ct.organisation = in.organisation;
  if (HasControl(ct.name) || HasControl(ct.organisation)) why.push_back("a name holds a line break or control character");
  if (ct.name.size() > 200 || ct.organisation.size() > 300) why.push_back("a name is too long");
  if (!in.group.empty()) {
    if (std::string p = CheckGroup(in.group, rules.groups, ct.group); !p.empty()) why.push_back(p);
  }
  if (!in.country.empty()) {
    if (std::string p = CheckCountry(in.country, ct.country); !p.empty()) why.push_back(p);
  }
  if (std::string l = ToLower(in.lang); !l.empty()) {
    if (rules.languages.count(l)) ct.lang = l;
    else why.push_back("the language '" + in.lang + "' is not one the study offers (a code such as fr)");
  }
  return why;
}

ContactImport ReadContactFile(std::string_view bytes, std::string_view file_name, const ContactRules& rules,
                              TimeMs now) {
  ContactImport out;
  Table t = EndsWithCi(file_name, ".xlsx") ? ReadXlsxTable(bytes) : ReadCsvTable(bytes);
  if (!t.error.empty()) {
    out.problems.push_back({t.error_line, t.error});
    return out;
  }
  if (t.header.empty()) {
    out.problems.push_back({1, "the file is empty: the first line names the columns (at least e-mail)"});
    return out;
  }
  enum Col { kEmail, kName, kOrg, kGroup, kCountry, kLang, kCols };
  int col[kCols] = {-1, -1, -1, -1, -1, -1};
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    std::string h = ToLower(Trim(t.header[i]));
    int c = static_cast<int>(i);
    if (h == "e-mail" || h == "email" || h == "e-mail address" || h == "email address") col[kEmail] = c;
    else if (h == "name") col[kName] = c;
    else if (h == "organisation" || h == "organization") col[kOrg] = c;
    else if (h == "group") col[kGroup] = c;
    else if (h == "country") col[kCountry] = c;
    else if (h == "language" || h == "lang") col[kLang] = c;
  }
  if (col[kEmail] < 0) {
    out.problems.push_back(
        {1, "the header has no column e-mail (the columns: e-mail, name, organisation, group, country, language)"});
    return out;
  }
  if (t.rows.size() > kMaxContactLines) {
    out.problems.push_back({1, "more than " + std::to_string(kMaxContactLines) + " contacts in one file"});
    return out;
  }
  std::map<std::string, std::size_t> by_email;
  for (const auto& row : t.rows) {
    const int line = row.first;
    const std::vector<std::string>& cells = row.second;
    auto get = [&](Col c) {
      int i = col[c];
      return i >= 0 && i < static_cast<int>(cells.size()) ? std::string(Trim(cells[static_cast<std::size_t>(i)]))
                                                         : std::string();
    };
    bool blank = true;
    for (const auto& cell : cells) blank = blank && Trim(cell).empty();
    if (blank) continue;
    ++out.lines;
    storage::ContactRecord ct;
    std::vector<std::string> why = CheckContact(
        ContactText{get(kEmail), get(kName), get(kOrg), get(kGroup), get(kCountry), get(kLang)}, rules, ct);
    if (!why.empty()) {
      out.problems.push_back({line, Join(why, "; ")});
      continue;
    }
    ct.created_at = ct.updated_at = now;
    auto [it, fresh] = by_email.emplace(ct.email, out.contacts.size());
    if (fresh) {
      out.contacts.push_back(std::move(ct));
      continue;
    }
    ++out.merged;
    storage::ContactRecord& was = out.contacts[it->second];
    using Field = std::string storage::ContactRecord::*;
    for (Field f : {&storage::ContactRecord::name, &storage::ContactRecord::organisation,
                    &storage::ContactRecord::group, &storage::ContactRecord::country, &storage::ContactRecord::lang}) {
      if (!(ct.*f).empty()) was.*f = ct.*f;
    }
  }
  if (!out.problems.empty()) out.contacts.clear();
  return out;
}

}  // namespace mcs::web
