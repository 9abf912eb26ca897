#include "xlsform/workbook.h"

#include <fstream>
#include <sstream>

#include "common/strings.h"
#include "xlsform/internal/table_builder.h"

namespace mcs::xlsform {

const Sheet* Workbook::Find(std::string_view name) const {
  for (const Sheet& s : sheets) {
    if (EqualsIgnoreCase(s.name, name)) return &s;
  }
  return nullptr;
}

Encoding EncodingOf(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return Encoding::kUnknown;
  std::string ext = ToLower(file_name.substr(dot + 1));
  if (ext == "md") return Encoding::kMarkdown;
  if (ext == "csv") return Encoding::kCsv;
  // .xlsm is .xlsx with macros (pyxform reads it too); only the sheets' cells are read, never the macros.
  if (ext == "xlsx" || ext == "xlsm") return Encoding::kXlsx;
  if (ext == "xls") return Encoding::kXls;
  return Encoding::kUnknown;
}

Workbook Read(std::string_view bytes, Encoding encoding, Diagnostics& diags) {
  if (bytes.size() > kMaxFormBytes) {
    diags.Error("", 0, "", "the file is larger than " + std::to_string(kMaxFormBytes / (1024 * 1024)) + " MiB");
    return {};
  }
  // A UTF-8 byte order mark (Excel writes one in CSV) is not part of the first cell.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  switch (encoding) {
    case Encoding::kMarkdown: return internal::ReadMarkdown(bytes, diags);
    case Encoding::kCsv: return internal::ReadCsv(bytes, diags);
    case Encoding::kXlsx: return internal::ReadXlsx(bytes, diags);
    case Encoding::kXls:
      diags.Error("", 0, "", "legacy .xls workbooks are not supported: save the form as .xlsx (Excel 2007 or later)");
      return {};
    case Encoding::kUnknown: break;
  }
  diags.Error("", 0, "", "unknown form encoding: expected a .md, .csv or .xlsx file");
  return {};
}

Workbook ReadFile(const std::string& path, Diagnostics& diags, std::string* bytes_out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Error("", 0, "", "cannot open the file");
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  Workbook wb = Read(bytes, EncodingOf(path), diags);
  if (bytes_out) *bytes_out = std::move(bytes);
  return wb;
}

}  // namespace mcs::xlsform
