#include "form/identity.h"

#include <cstdio>

#include "common/strings.h"

namespace mcs::form {
namespace {

bool IsAsciiAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The value as the message shows it: printable ASCII as is, every other byte as \xHH, so a newline
// or U+2028 in it is seen (and cannot end a line of the message).
std::string Shown(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < 80; ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (v.size() > 80) out += "...";
  return out;
}

// The settings cell under the first of `columns` that is filled in: its header as written and row.
bool FindSetting(const xlsform::Workbook& wb, std::initializer_list<std::string_view> columns, std::string* sheet,
                 int* row, std::string* column) {
  const xlsform::Sheet* s = wb.Find("settings");
  if (!s || s->rows.empty()) return false;
  for (std::string_view want : columns) {
    for (std::size_t i = 0; i < s->header.size(); ++i) {
      if (ToLower(Trim(s->header[i])) != want) continue;
      const auto& r = s->rows[0];
      if (i < r.cells.size() && !r.cells[i].empty()) {
        *sheet = s->name;
        *row = r.number;
        *column = s->header[i];
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool IsValidFormId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (!(std::isalpha(static_cast<unsigned char>(id[0])) && static_cast<unsigned char>(id[0]) < 0x80) && id[0] != '_')
    return false;
  for (char c : id) {
    if (!(IsAsciiAlnum(c) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

bool IsValidVersion(std::string_view version) {
  if (version.empty() || version.size() > 64 || !IsAsciiAlnum(version[0])) return false;
  for (char c : version) {
    if (!(IsAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '+')) return false;
  }
  return true;
}

void CheckFormIdentity(const xlsform::Workbook& wb, const std::string& id, const std::string& version,
                       Diagnostics& diags) {
  std::string sheet, column;
  int row = 0;
  if (!IsValidFormId(id)) {
    if (FindSetting(wb, {"form_id", "id_string"}, &sheet, &row, &column)) {
      diags.Error(sheet, row, column,
                  "form_id '" + Shown(id) + "' does not match the pattern " + std::string(kFormIdPattern) +
                      " (an ASCII letter or _, then letters, digits, _ - . ; at most 64 characters)");
    } else {
      diags.Error("", 0, "",
                  "the form_id taken from the file name, '" + Shown(id) + "', does not match the pattern " +
                      std::string(kFormIdPattern) + ": give one in the settings sheet's form_id column");
    }
  }
  if (!IsValidVersion(version)) {
    sheet.clear();
    column.clear();
    row = 0;
    FindSetting(wb, {"version"}, &sheet, &row, &column);
    diags.Error(sheet.empty() ? "settings" : sheet, row, column.empty() ? "version" : column,
                "version '" + Shown(version) + "' does not match the pattern " + std::string(kVersionPattern) +
                    " (an ASCII letter or digit, then letters, digits, _ - . : + ; at most 64 characters)");
  }
}

}  // namespace mcs::form
