// XLSX through libxlsxwriter in constant-memory mode: each row goes to a temporary file as soon as
// it is written (rows in order, one sheet at a time or interleaved), so memory stays flat.
#include <xlsxwriter.h>

#include <filesystem>
#include <set>

#include "common/strings.h"
#include "common/xml_text.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

namespace {

using internal::Cell;
using internal::Kind;

// Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
constexpr double kExcelDaysTo1970 = 25569.0;
// Excel keeps at most 32767 characters in a cell.
constexpr std::size_t kExcelCellChars = 32767;

// Sheet names: at most 31 characters, none of []:*?/\, unique regardless of case.
std::string SheetName(const std::string& want, std::set<std::string>& used) {
  std::string base;
  for (char c : want) base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  base = internal::Utf8PrefixChars(base, 28);
  if (base.empty()) base = "repeat";
  std::string name = base;
  for (int k = 2; used.count(ToLower(name)); ++k) name = base + "_" + std::to_string(k);
  used.insert(ToLower(name));
  return name;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// OOXML strings (ST_Xstring) read "_xHHHH_" as the character U+HHHH; libxlsxwriter writes control
// characters that way (a CR as _x000D_) but leaves such text in an answer as it is, so Excel would
// show "_x0041_" as "A". The underscore of each literal one is escaped as _x005F_, as Excel does.
std::string EscapeXstring(std::string s) {
  for (std::size_t i = s.find("_x"); i != std::string::npos; i = s.find("_x", i + 1)) {
    if (i + 7 <= s.size() && IsHex(s[i + 2]) && IsHex(s[i + 3]) && IsHex(s[i + 4]) && IsHex(s[i + 5]) &&
        s[i + 6] == '_') {
      s.replace(i, 1, "_x005F_");
      i += 6;
    }
  }
  return s;
}

class Workbook {
 public:
  explicit Workbook(const std::string& path) {
    lxw_workbook_options o{};
    o.constant_memory = LXW_TRUE;
    o.use_zip64 = LXW_TRUE;
    wb_ = workbook_new_opt(path.c_str(), &o);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (wb_) (void)workbook_close(wb_);
  }
  lxw_workbook* get() { return wb_; }
  // Writes the file and frees the workbook.
  lxw_error Close() {
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e;
  }

 private:
  lxw_workbook* wb_ = nullptr;
};

Status Check(lxw_error e, const std::string& path) {
  if (e == LXW_NO_ERROR) return Status::Ok();
  return Error{ErrorCode::kUnavailable, path + ": " + lxw_strerror(e)};
}

Result<long long> WriteWorkbook(storage::Storage& store, const form::Form& f, const Options& given,
                                const std::string& path) {
  const Options opts = internal::WithStoredSettings(store, f, given);
  const internal::Layout layout = internal::MakeLayout(f, opts);
  const std::string lang = internal::LabelLanguage(f, opts);
  Workbook wb(path);
  if (!wb.get()) return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
  lxw_format* bold = workbook_add_format(wb.get());
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(wb.get());
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* datetime = workbook_add_format(wb.get());
  format_set_num_format(datetime, "yyyy-mm-dd hh:mm:ss.000");

  std::set<std::string> used{"data", "codebook"};
  std::vector<lxw_worksheet*> sheets;
  std::vector<lxw_row_t> next_row;
  for (const internal::Table& t : layout.tables) {
    std::string name = t.name.empty() ? "data" : SheetName(t.name, used);
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
    if (!ws) return MakeError(ErrorCode::kInternal, "cannot add the sheet " + name);
    for (std::size_t c = 0; c < t.vars.size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      if (Status st = Check(worksheet_write_string(ws, 0, col, EscapeXstring(ToXmlText(t.vars[c].column)).c_str(), bold), path); !st.ok()) {
        return st.error();
      }
      Kind k = t.vars[c].kind;
      if (k == Kind::kDate) worksheet_set_column(ws, col, col, 11, date);
      if (k == Kind::kDateTime) worksheet_set_column(ws, col, col, 23, datetime);
    }
    worksheet_freeze_panes(ws, 1, 0);
    sheets.push_back(ws);
    next_row.push_back(1);
  }

  Status failure;
  auto write_row = [&](std::size_t t, const storage::ResponseRecord& r, engine::ValuesView values, int instance) {
    if (next_row[t] >= LXW_ROW_MAX) {
      failure = Error{ErrorCode::kInvalid, "more rows than an Excel sheet holds (1048576); export to csv, sav or dta"};
      return false;
    }
    lxw_row_t row = next_row[t]++;
    const auto& vars = layout.tables[t].vars;
    for (std::size_t c = 0; c < vars.size(); ++c) {
      Cell cell = internal::GetCell(vars[c], r, values, instance, lang, f.lang(), opts.labels, false, layout.time_zone);
      auto col = static_cast<lxw_col_t>(c);
      lxw_error e = LXW_NO_ERROR;
      if (cell.what == Cell::kText && !cell.text.empty()) {
        // Text goes in as a string, never as a formula: nothing to neutralise. GetCell gave XML text
        // (no NUL to cut the C string short, nothing that makes the sheet not well-formed).
        std::string s = EscapeXstring(internal::Utf8PrefixChars(cell.text, kExcelCellChars));
        e = worksheet_write_string(sheets[t], row, col, s.c_str(), nullptr);
      } else if (cell.what == Cell::kNumber) {
        Kind k = vars[c].kind;
        if (k == Kind::kDate) {
          e = worksheet_write_number(sheets[t], row, col, cell.number + kExcelDaysTo1970, date);
        } else if (k == Kind::kDateTime) {
          e = worksheet_write_number(sheets[t], row, col, cell.number / 86400.0 + kExcelDaysTo1970, datetime);
        } else {
          e = worksheet_write_number(sheets[t], row, col, cell.number, nullptr);
        }
      }
      if (e != LXW_NO_ERROR) {
        failure = Check(e, path);
        return false;
      }
    }
    return true;
  };

  long long count = 0;
  Status st = internal::ForEachAnswered(store, f, opts, [&](const storage::ResponseRecord& r, const engine::StoredAnswersView& a) {
    if (!write_row(0, r, a.Main(), -1)) return false;
    for (std::size_t t = 1; t < layout.tables.size(); ++t) {
      const std::string& name = layout.tables[t].name;
      for (std::size_t k = 0, n = a.RepeatSize(name); k < n; ++k) {
        if (!write_row(t, r, a.RepeatInstance(name, k), static_cast<int>(k))) return false;
      }
    }
    ++count;
    return true;
  });
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();

  lxw_worksheet* cb = workbook_add_worksheet(wb.get(), "codebook");
  if (!cb) return MakeError(ErrorCode::kInternal, "cannot add the codebook sheet");
  for (std::size_t c = 0; c < internal::kCodebookHeader.size(); ++c) {
    worksheet_write_string(cb, 0, static_cast<lxw_col_t>(c), internal::kCodebookHeader[c], bold);
  }
  lxw_row_t row = 1;
  for (const auto& cols : internal::CodebookRows(layout)) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].empty()) continue;
      if (Status s = Check(worksheet_write_string(cb, row, static_cast<lxw_col_t>(c), EscapeXstring(ToXmlText(cols[c])).c_str(), nullptr), path);
          !s.ok()) {
        return s.error();
      }
    }
    ++row;
  }
  worksheet_freeze_panes(cb, 1, 0);

  if (Status s = Check(wb.Close(), path); !s.ok()) return s.error();
  return count;
}

}  // namespace

Result<long long> WriteXlsx(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path) {
  auto n = WriteWorkbook(store, f, opts, path);
  if (!n.ok()) {
    // The workbook was closed on the way out, which writes what it had: no half export is left behind.
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  return n;
}

}  // namespace mcs::exporter
