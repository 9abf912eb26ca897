// .xlsx (Office Open XML spreadsheets, ECMA-376 Part 1 §18) → Workbook. The archive is opened with
// libzip from memory and every part is streamed through expat; no DOM is built. Only what an XLSForm
// needs is read: sheet names and order, cell text, and enough of the styles to tell a date from a
// number. Cell values are the cached results Excel saved, never the formulas.
//
// An .xlsx arrives from the network, so every size is bounded before it is allocated: the archive
// (entries, expanded size, compression ratio), the cells a sheet may fill (rows, columns, text per
// cell, cells and text in all), and the XML itself (no DTDs, hence no entity expansion).
#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/strings.h"
#include "xlsform/internal/table_builder.h"

namespace mcs::xlsform::internal {
namespace {

constexpr std::size_t kMaxEntries = 1000;
constexpr std::uint64_t kMaxExpandedBytes = 100ULL << 20;
// A big entry compressed more than this is a zip bomb; small ones (styles, empty sheets) legitimately
// compress far better, and cannot hurt.
constexpr std::uint64_t kMaxRatio = 100;
constexpr std::uint64_t kRatioCheckedFrom = 1ULL << 20;
constexpr std::size_t kMaxCellBytes = 1 << 20;
// What the cells of all sheets may hold in memory: every std::string costs ~32 bytes even when empty,
// so sparse cells far apart ("A1" and "ALL1") are as costly as full ones.
constexpr std::size_t kMaxCells = 4'000'000;
constexpr std::size_t kMaxTextBytes = 64 << 20;
constexpr std::size_t kMaxSharedStrings = 1'000'000;
constexpr std::size_t kMaxProblemsPerSheet = 100;
constexpr int kExcelMaxRow = 1048576;
constexpr int kExcelMaxColumn = 16384;

std::string MiB(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// OPC part names are case-insensitive (ECMA-376 Part 2 §9.1.1.1); some Windows tools also write
// backslashes or a leading slash into the zip directory.
std::string NormalizePartName(std::string_view name) {
  std::string n = ToLower(name);
  for (char& c : n) {
    if (c == '\\') c = '/';
  }
  while (!n.empty() && n[0] == '/') n.erase(0, 1);
  return n;
}

// ---- The archive -------------------------------------------------------------------------------

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class ZipArchive {
 public:
  ZipArchive() = default;
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  ~ZipArchive() {
    if (za_) zip_discard(za_);
  }

  // Opens the archive held in `bytes` (which must outlive this) and checks it against the limits.
  // Returns the problem, or "" when the archive may be read.
  std::string Open(std::string_view bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src) za_ = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za_) {
      std::string why = zip_error_strerror(&err);
      if (src) zip_source_free(src);
      zip_error_fini(&err);
      return "not an .xlsx file: the zip archive is damaged or truncated (" + why + ")";
    }
    zip_error_fini(&err);
    zip_int64_t n = zip_get_num_entries(za_, 0);
    if (n < 0 || static_cast<std::uint64_t>(n) > kMaxEntries) {
      return "the .xlsx archive has more than " + std::to_string(kMaxEntries) + " entries (an .xlsx form has about 15)";
    }
    std::uint64_t total = 0;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(n); ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(za_, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE) ||
          !(st.valid & ZIP_STAT_COMP_SIZE)) {
        return "not an .xlsx file: the zip archive is damaged (" + std::string(zip_strerror(za_)) + ")";
      }
      total += st.size;
      if (st.size > kMaxExpandedBytes || total > kMaxExpandedBytes) {
        return "the .xlsx expands to more than " + MiB(kMaxExpandedBytes) +
               " (a zip bomb?); an .xlsx form is far smaller";
      }
      if (st.size >= kRatioCheckedFrom && st.size / std::max<std::uint64_t>(st.comp_size, 1) > kMaxRatio) {
        return "the .xlsx part " + std::string(st.name) + " is compressed more than " + std::to_string(kMaxRatio) +
               ":1 (a zip bomb?)";
      }
      entries_[NormalizePartName(st.name)] = {i, st.size};
    }
    return "";
  }

  bool Has(std::string_view part) const { return entries_.count(NormalizePartName(part)) > 0; }

  // Expands one part into `out`. Returns the problem, or "" when all went well.
  std::string Read(std::string_view part, std::string& out) {
    auto it = entries_.find(NormalizePartName(part));
    if (it == entries_.end()) return "the part " + std::string(part) + " is missing";
    auto [index, size] = it->second;
    std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(za_, index, 0));
    if (!f) return "cannot read " + std::string(part) + ": " + zip_strerror(za_);
    // The directory's size was checked against the limits; never expand more than it promised.
    out.resize(size);
    std::uint64_t got = 0;
    while (got < size) {
      zip_int64_t r = zip_fread(f.get(), out.data() + got, size - got);
      if (r < 0) return "cannot read " + std::string(part) + ": " + zip_error_strerror(zip_file_get_error(f.get()));
      if (r == 0) break;
      got += static_cast<std::uint64_t>(r);
    }
    // Reading past the end makes libzip check the CRC.
    char extra;
    zip_int64_t r = got == size ? zip_fread(f.get(), &extra, 1) : 0;
    if (r < 0) return "cannot read " + std::string(part) + ": " + zip_error_strerror(zip_file_get_error(f.get()));
    if (got != size || r > 0) return "cannot read " + std::string(part) + ": its size differs from the zip directory's";
    return "";
  }

 private:
  zip_t* za_ = nullptr;
  std::map<std::string, std::pair<zip_uint64_t, std::uint64_t>> entries_;  // name → index, expanded size
};

// ---- XML ---------------------------------------------------------------------------------------

// Element and attribute names without their namespace URI: transitional and strict OOXML differ only
// there, and writers are free to choose prefixes.
std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  auto bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

const XML_Char* Attr(const XML_Char** attrs, std::string_view local) {
  for (int i = 0; attrs[i]; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

// Streams one XML part through expat into the handlers.
class XmlParser {
 public:
  std::function<void(std::string_view name, const XML_Char** attrs)> on_start = [](std::string_view, const XML_Char**) {
  };
  std::function<void(std::string_view name)> on_end = [](std::string_view) {};
  std::function<void(std::string_view text)> on_text = [](std::string_view) {};

  // Called from a handler: ends the parse, which returns `why`.
  void Stop(std::string why) {
    if (stopped_.empty()) stopped_ = std::move(why);
    XML_StopParser(parser_, XML_FALSE);
  }

  // Returns the problem ("line 3, column 7: mismatched tag", or what Stop was given), "" if none.
  std::string Parse(std::string_view xml) {
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreateNS(nullptr, '|'), &XML_ParserFree);
    if (!p) return "out of memory";
    parser_ = p.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(
        parser_,
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          static_cast<XmlParser*>(self)->on_start(LocalName(name), attrs);
        },
        [](void* self, const XML_Char* name) { static_cast<XmlParser*>(self)->on_end(LocalName(name)); });
    XML_SetCharacterDataHandler(parser_, [](void* self, const XML_Char* s, int len) {
      static_cast<XmlParser*>(self)->on_text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    // OOXML parts never declare a DTD; refusing one rules out entity-expansion attacks.
    XML_SetStartDoctypeDeclHandler(parser_, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
      static_cast<XmlParser*>(self)->Stop("it declares a DTD, which .xlsx parts never do");
    });
    XML_Status st = XML_Parse(parser_, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    std::string problem;
    if (!stopped_.empty()) {
      problem = stopped_;
    } else if (st != XML_STATUS_OK) {
      problem = "line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ", column " +
                std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) + ": " +
                XML_ErrorString(XML_GetErrorCode(parser_));
    }
    parser_ = nullptr;
    return problem;
  }

 private:
  XML_Parser parser_ = nullptr;
  std::string stopped_;
};

// ---- Values ------------------------------------------------------------------------------------

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::uint32_t> HexEscape(std::string_view s, std::size_t i) {
  // "_xHHHH_" (ECMA-376 Part 1 §22.9.2.19, ST_Xstring): how Excel writes characters XML cannot hold.
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
  std::uint32_t cp = 0;
  auto r = std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
  if (r.ec != std::errc() || r.ptr != s.data() + i + 6) return std::nullopt;
  return cp;
}

std::string UnescapeXstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto cp = HexEscape(s, i);
    if (!cp) {
      out += s[i++];
      continue;
    }
    i += 7;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
      auto lo = HexEscape(s, i);
      if (lo && *lo >= 0xDC00 && *lo <= 0xDFFF) {
        i += 7;
        AppendUtf8(out, 0x10000 + ((*cp - 0xD800) << 10) + (*lo - 0xDC00));
        continue;
      }
    }
    AppendUtf8(out, *cp >= 0xD800 && *cp <= 0xDFFF ? 0xFFFD : *cp);
  }
  return out;
}

// Integers as integers ("3", not "3.0"; "100000000000000000000", not "1e+20", as pyxform writes
// them); other numbers in the shortest form that reads back the same.
std::string FormatNumber(double v) {
  char buf[64];
  if (v == 0) return "0";  // and -0
  bool integral = std::floor(v) == v && std::fabs(v) < 1e21;
  auto r = integral ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                    : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// What a number format shows of a serial date-time number.
enum class DateKind { kNone, kDate, kTime, kDateTime };

// The built-in formats of ECMA-376 Part 1 §18.8.30 that show dates or times (46, "[h]:mm:ss", is a
// duration and stays a number).
DateKind BuiltinDateKind(int id) {
  if (id >= 14 && id <= 17) return DateKind::kDate;
  if ((id >= 18 && id <= 21) || id == 45 || id == 47) return DateKind::kTime;
  if (id == 22) return DateKind::kDateTime;
  return DateKind::kNone;
}

// A custom format code shows a date when its first section uses date or time codes outside quoted
// text, escapes and [brackets] (as openpyxl decides, so pyxform and mcsurvey read a cell alike).
DateKind CustomDateKind(std::string_view code) {
  bool date = false, time = false, month = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == ';') break;
    if (c == '"') {
      auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string inner = ToLower(code.substr(i + 1, close - i - 1));
      // [h], [mm], [ss]: elapsed time, a duration rather than a moment.
      if (!inner.empty() && inner.find_first_not_of("hms") == std::string::npos) return DateKind::kNone;
      i = close;
    } else if (c == 'd' || c == 'y') {
      date = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    } else if (c == 'm') {
      month = true;
    }
  }
  if (month && !time) date = true;  // "mmm-yy": m beside h or s is minutes
  if (date && time) return DateKind::kDateTime;
  if (date) return DateKind::kDate;
  if (time) return DateKind::kTime;
  return DateKind::kNone;
}

// Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant's days_from_civil).
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void CivilFromDays(long long z, int& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<long long>(yoe) + era * 400 + (m <= 2));
}

std::string TwoDigits(long long v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

// A serial date-time as ISO 8601: "2024-03-01", "2024-03-01T14:30:00", or "14:30:00" for a time of day.
// The time is kept whenever there is one, even under a date-only format, so nothing is lost.
// nullopt when Excel itself shows no date (negative, or past 9999-12-31).
std::optional<std::string> FormatSerialDate(double v, DateKind kind, bool date1904) {
  if (!(v >= 0) || v >= 2958466) return std::nullopt;
  long long secs = std::llround(v * 86400.0);
  long long days = secs / 86400, sod = secs % 86400;
  std::string time = TwoDigits(sod / 3600) + ":" + TwoDigits(sod / 60 % 60) + ":" + TwoDigits(sod % 60);
  if (kind == DateKind::kTime && days == 0) return time;
  long long civil;
  if (date1904) {
    civil = DaysFromCivil(1904, 1, 1) + days;  // ECMA-376 Part 1 §18.17.4.1: serial 0 is 1904-01-01
  } else {
    // The 1900 system counts 1900-02-29, which never was (Lotus 1-2-3's bug, kept for compatibility):
    // serial 61 is 1900-03-01, serial 1 is 1900-01-01, and the phantom 60 reads as 1900-02-28, as
    // openpyxl has it.
    civil = DaysFromCivil(1899, 12, 30) + days + (days >= 1 && days < 60 ? 1 : 0);
  }
  int y, m, d;
  CivilFromDays(civil, y, m, d);
  std::string date = std::to_string(y) + "-" + TwoDigits(m) + "-" + TwoDigits(d);
  if (kind == DateKind::kDate && sod == 0) return date;
  return date + "T" + time;
}

// t="d" cells already hold ISO 8601; midnight is a plain date.
std::string FormatIsoDate(std::string_view v) {
  std::string s(Trim(v));
  if (!s.empty() && s.back() == 'Z') s.pop_back();
  auto t = s.find('T');
  if (t != std::string::npos && s.substr(t + 1).find_first_not_of("0:.") == std::string::npos) s.resize(t);
  return s;
}

// "AB12" → column 27 (0-based), row 12. False when it is not a cell reference.
bool ParseCellRef(std::string_view ref, int& col, int& row) {
  std::size_t i = 0;
  long long c = 0;
  while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])) && i < 3) {
    c = c * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    ++i;
  }
  if (i == 0 || c > kExcelMaxColumn) return false;
  col = static_cast<int>(c - 1);
  row = 0;
  if (i == ref.size()) return true;  // a column alone: the row comes from <row>
  auto r = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  return r.ec == std::errc() && r.ptr == ref.data() + ref.size() && row >= 1 && row <= kExcelMaxRow;
}

std::string ColumnLetters(int col) {
  std::string s;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  return s;
}

// ---- The reader --------------------------------------------------------------------------------

struct Relationship {
  std::string target;  // resolved to a part name
  std::string type;
};

// A problem found in a cell, reported once the sheet's header is known so that it can name the column.
struct CellProblem {
  int row = 0;
  int col = -1;  // -1: about the row, not a cell
  std::string message;
  bool warning = false;
};

class XlsxReader {
 public:
  XlsxReader(std::string_view bytes, Diagnostics& diags) : bytes_(bytes), diags_(diags) {}
  Workbook Run();

 private:
  // Parses a part; a problem goes to diags (naming the part and, if given, the sheet). False on failure.
  bool ParsePart(const std::string& part, XmlParser& parser, const std::string& sheet = "");
  bool ReadPart(const std::string& part, std::string& out, const std::string& sheet = "");
  std::map<std::string, Relationship> ReadRelationships(const std::string& part);
  bool ReadSharedStrings(const std::string& part);
  bool ReadStyles(const std::string& part);
  bool ReadSheet(const std::string& name, const std::string& part, Sheet& sheet);
  std::string CellText(const std::string& type, int style, const std::string& raw, bool has_value, std::string& error,
                       std::string& warning) const;
  bool Charge(std::size_t cells, std::size_t text, const std::string& sheet);

  std::string_view bytes_;
  Diagnostics& diags_;
  ZipArchive zip_;
  std::vector<std::string> shared_;
  std::vector<bool> shared_too_long_;
  std::vector<DateKind> xf_kinds_;  // per cellXfs entry, what its number format shows
  bool date1904_ = false;
  std::size_t cells_ = 0, text_ = 0;
  bool budget_reported_ = false;
};

bool XlsxReader::ReadPart(const std::string& part, std::string& out, const std::string& sheet) {
  std::string problem = zip_.Read(part, out);
  if (problem.empty()) return true;
  diags_.Error(sheet, 0, "", problem);
  return false;
}

bool XlsxReader::ParsePart(const std::string& part, XmlParser& parser, const std::string& sheet) {
  std::string xml;
  if (!ReadPart(part, xml, sheet)) return false;
  std::string problem = parser.Parse(xml);
  if (problem.empty()) return true;
  diags_.Error(sheet, 0, "", "malformed XML in " + part + ", " + problem);
  return false;
}

// Where a relationship points, as a part name (ECMA-376 Part 2 §9.3: targets are relative to the
// folder of the part that holds the relationships, or absolute when they start with "/").
std::string ResolveTarget(const std::string& source_part, std::string_view target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    path = std::string(target.substr(1));
  } else {
    auto slash = source_part.rfind('/');
    path = (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + std::string(target);
  }
  std::vector<std::string> parts;
  for (const std::string& seg : Split(path, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else {
      parts.push_back(seg);
    }
  }
  return Join(parts, "/");
}

std::map<std::string, Relationship> XlsxReader::ReadRelationships(const std::string& part) {
  // The relationships of "xl/workbook.xml" are in "xl/_rels/workbook.xml.rels".
  auto slash = part.rfind('/');
  std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  std::string rels = dir + "_rels/" + file + ".rels";
  std::map<std::string, Relationship> out;
  if (!zip_.Has(rels)) return out;
  XmlParser p;
  p.on_start = [&](std::string_view name, const XML_Char** attrs) {
    if (name != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* target = Attr(attrs, "Target");
    const char* type = Attr(attrs, "Type");
    const char* mode = Attr(attrs, "TargetMode");
    if (!id || !target || (mode && std::string_view(mode) == "External")) return;
    out[id] = Relationship{ResolveTarget(part, target), type ? type : ""};
  };
  if (!ParsePart(rels, p)) out.clear();
  return out;
}

bool XlsxReader::ReadSharedStrings(const std::string& part) {
  XmlParser p;
  std::string cur;
  bool in_si = false, in_t = false, too_long = false;
  int phonetic = 0;  // <rPh> runs are reading aids for East Asian text, not part of the string
  p.on_start = [&](std::string_view name, const XML_Char**) {
    if (name == "si") {
      in_si = true;
      too_long = false;
      cur.clear();
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_si && phonetic == 0) {
      in_t = true;
    }
  };
  p.on_text = [&](std::string_view text) {
    if (!in_t || too_long) return;
    if (cur.size() + text.size() > kMaxCellBytes) {
      too_long = true;  // reported where a cell uses it, with the cell's place
      cur.clear();
      return;
    }
    cur += text;
  };
  p.on_end = [&](std::string_view name) {
    if (name == "t") {
      in_t = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "si") {
      in_si = false;
      if (shared_.size() >= kMaxSharedStrings) {
        p.Stop("more than " + std::to_string(kMaxSharedStrings) + " shared strings");
        return;
      }
      shared_.push_back(UnescapeXstring(cur));
      shared_too_long_.push_back(too_long);
    }
  };
  return ParsePart(part, p);
}

bool XlsxReader::ReadStyles(const std::string& part) {
  XmlParser p;
  std::map<int, DateKind> custom;
  std::vector<int> xf_formats;
  bool in_cell_xfs = false;
  p.on_start = [&](std::string_view name, const XML_Char** attrs) {
    if (name == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id && code) custom[std::atoi(id)] = CustomDateKind(code);
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = Attr(attrs, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  };
  p.on_end = [&](std::string_view name) {
    if (name == "cellXfs") in_cell_xfs = false;
  };
  if (!ParsePart(part, p)) return false;
  for (int id : xf_formats) {
    auto it = custom.find(id);
    xf_kinds_.push_back(it != custom.end() ? it->second : BuiltinDateKind(id));
  }
  return true;
}

bool XlsxReader::Charge(std::size_t cells, std::size_t text, const std::string& sheet) {
  cells_ += cells;
  text_ += text;
  if (cells_ <= kMaxCells && text_ <= kMaxTextBytes) return true;
  if (!budget_reported_) {
    diags_.Error(sheet, 0, "",
                 cells_ > kMaxCells ? "the workbook has more than " + std::to_string(kMaxCells) + " cells"
                                    : "the workbook holds more than " + MiB(kMaxTextBytes) + " of text");
    budget_reported_ = true;
  }
  return false;
}

std::string XlsxReader::CellText(const std::string& type, int style, const std::string& raw, bool has_value,
                                 std::string& error, std::string& warning) const {
  if (!has_value) return "";
  if (type == "s") {
    std::size_t idx = 0;
    std::string_view v = Trim(raw);
    auto r = std::from_chars(v.data(), v.data() + v.size(), idx);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || idx >= shared_.size()) {
      error = "the cell refers to shared string " + std::string(v) + ", which the file does not hold";
      return "";
    }
    if (shared_too_long_[idx]) {
      error = "the cell holds more than " + MiB(kMaxCellBytes) + " of text";
      return "";
    }
    return shared_[idx];
  }
  if (type == "inlineStr" || type == "str") return UnescapeXstring(raw);
  if (type == "b") {
    // As Excel shows them; the form compiler reads TRUE/FALSE like yes/no.
    std::string_view v = Trim(raw);
    return v == "1" ? "TRUE" : v == "0" ? "FALSE" : std::string(v);
  }
  if (type == "e") {
    warning = "the cell shows the Excel error " + std::string(Trim(raw)) + "; its text is read as written";
    return raw;
  }
  if (type == "d") return FormatIsoDate(raw);
  std::string_view v = Trim(raw);
  double d = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), d);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(d)) return std::string(v);
  DateKind kind = style >= 0 && static_cast<std::size_t>(style) < xf_kinds_.size()
                      ? xf_kinds_[static_cast<std::size_t>(style)]
                      : DateKind::kNone;
  if (kind != DateKind::kNone) {
    if (auto date = FormatSerialDate(d, kind, date1904_)) return *date;
  }
  return FormatNumber(d);
}

bool XlsxReader::ReadSheet(const std::string& name, const std::string& part, Sheet& sheet) {
  std::map<int, std::vector<std::string>> rows;  // by spreadsheet row number; cells trimmed, gaps empty
  std::vector<CellProblem> problems;
  auto problem = [&](int row, int col, std::string message, bool warning = false) {
    if (problems.size() < kMaxProblemsPerSheet) problems.push_back({row, col, std::move(message), warning});
  };
  bool rows_reported = false, columns_reported = false, over_budget = false;

  XmlParser p;
  bool in_data = false, in_cell = false, in_v = false, in_is = false, in_t = false, has_value = false;
  bool too_long = false;
  int phonetic = 0, row = 0, next_col = 0, col = 0, style = 0;
  std::string type, value;
  p.on_start = [&](std::string_view el, const XML_Char** attrs) {
    if (el == "sheetData") {
      in_data = true;
    } else if (!in_data) {
      return;
    } else if (el == "row") {
      const char* r = Attr(attrs, "r");
      int n = row + 1;
      if (r) {
        std::string_view rv(r);
        auto res = std::from_chars(rv.data(), rv.data() + rv.size(), n);
        if (res.ec != std::errc() || res.ptr != rv.data() + rv.size()) n = 0;
      }
      if (n < 1 || n > kExcelMaxRow) return p.Stop("the row number '" + std::string(r ? r : "") + "' is not valid");
      row = n;
      next_col = 0;
    } else if (el == "c") {
      if (row == 0) row = 1;  // a cell outside any <row>: tolerated as row 1
      const char* ref = Attr(attrs, "r");
      col = next_col;
      if (ref) {
        int ref_row = 0;
        if (!ParseCellRef(ref, col, ref_row))
          return p.Stop("the cell reference '" + std::string(ref) + "' is not valid");
      }
      next_col = col + 1;
      const char* t = Attr(attrs, "t");
      type = t ? t : "n";
      const char* s = Attr(attrs, "s");
      style = s ? std::atoi(s) : 0;
      in_cell = true;
      has_value = too_long = false;
      value.clear();
    } else if (!in_cell) {
      return;
    } else if (el == "v") {
      in_v = has_value = true;
      value.clear();
    } else if (el == "is") {
      in_is = has_value = true;
      value.clear();
    } else if (el == "rPh") {
      ++phonetic;
    } else if (el == "t" && in_is && phonetic == 0) {
      in_t = true;
    }
  };
  p.on_text = [&](std::string_view text) {
    if (!(in_v || in_t) || too_long) return;
    if (value.size() + text.size() > kMaxCellBytes) {
      too_long = true;
      value.clear();
      return;
    }
    value += text;
  };
  p.on_end = [&](std::string_view el) {
    if (el == "sheetData") {
      in_data = false;
    } else if (el == "v") {
      in_v = false;
    } else if (el == "t") {
      in_t = false;
    } else if (el == "is") {
      in_is = false;
    } else if (el == "rPh") {
      --phonetic;
    } else if (el == "c" && in_cell) {
      in_cell = false;
      if (too_long) {
        problem(row, col, "the cell holds more than " + MiB(kMaxCellBytes) + " of text");
        return;
      }
      std::string error, warning;
      std::string text(Trim(CellText(type, style, value, has_value, error, warning)));
      if (!error.empty()) problem(row, col, error);
      if (!warning.empty()) problem(row, col, warning, true);
      if (text.empty()) return;  // formatted but empty cells are common and cost nothing
      if (row > static_cast<int>(kMaxRows)) {
        if (!rows_reported) problem(row, -1, "more than " + std::to_string(kMaxRows) + " rows");
        rows_reported = true;
        return;
      }
      if (col >= static_cast<int>(kMaxColumns)) {
        if (!columns_reported) problem(row, col, "more than " + std::to_string(kMaxColumns) + " columns");
        columns_reported = true;
        return;
      }
      std::vector<std::string>& cells = rows[row];
      std::size_t grow =
          cells.size() <= static_cast<std::size_t>(col) ? static_cast<std::size_t>(col) + 1 - cells.size() : 0;
      if (!Charge(grow, text.size(), name)) {
        over_budget = true;
        return p.Stop("");
      }
      if (grow) cells.resize(static_cast<std::size_t>(col) + 1);
      cells[static_cast<std::size_t>(col)] = std::move(text);
    }
  };
  std::string xml;
  if (!ReadPart(part, xml, name)) return false;
  std::string parse_problem = p.Parse(xml);
  if (over_budget) return false;
  bool ok = parse_problem.empty();
  if (!ok) diags_.Error(name, 0, "", "malformed XML in " + part + " (the sheet '" + name + "'), " + parse_problem);

  // The header is the first row with any text; rows keep the numbers Excel shows.
  sheet.name = name;
  bool have_header = false;
  for (auto& [number, cells] : rows) {
    if (!have_header) {
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
      sheet.header = std::move(cells);
      have_header = true;
      continue;
    }
    if (cells.size() < sheet.header.size()) {
      if (!Charge(sheet.header.size() - cells.size(), 0, name)) return false;
      cells.resize(sheet.header.size());
    }
    sheet.rows.push_back(Row{number, std::move(cells)});
  }
  for (const CellProblem& pr : problems) {
    std::string column;
    if (pr.col >= 0) {
      bool named = static_cast<std::size_t>(pr.col) < sheet.header.size() &&
                   !sheet.header[static_cast<std::size_t>(pr.col)].empty();
      column = named ? sheet.header[static_cast<std::size_t>(pr.col)] : ColumnLetters(pr.col);
    }
    if (pr.warning)
      diags_.Warning(name, pr.row, column, pr.message);
    else
      diags_.Error(name, pr.row, column, pr.message);
  }
  return ok;
}

Workbook XlsxReader::Run() {
  Workbook wb;
  if (std::string problem = zip_.Open(bytes_); !problem.empty()) {
    diags_.Error("", 0, "", problem);
    return wb;
  }
  // The package's root relationships name the workbook part (ECMA-376 Part 1 §8.2); it is
  // xl/workbook.xml in every file Excel, LibreOffice and openpyxl write.
  std::string workbook_part = "xl/workbook.xml";
  for (const auto& [id, rel] : ReadRelationships("")) {
    if (rel.type.ends_with("/officeDocument") && zip_.Has(rel.target)) workbook_part = rel.target;
  }
  if (!zip_.Has(workbook_part)) {
    if (zip_.Has("content.xml") && zip_.Has("mimetype")) {
      diags_.Error("", 0, "", "not an .xlsx file: this is an OpenDocument spreadsheet (.ods); save the form as .xlsx");
    } else {
      diags_.Error("", 0, "", "not an .xlsx file: the zip archive holds no workbook (xl/workbook.xml)");
    }
    return wb;
  }
  struct SheetRef {
    std::string name, rel_id;
  };
  std::vector<SheetRef> refs;
  XmlParser p;
  p.on_start = [&](std::string_view el, const XML_Char** attrs) {
    if (el == "workbookPr") {
      const char* v = Attr(attrs, "date1904");
      date1904_ = v && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (el == "sheet") {
      const char* name = Attr(attrs, "name");
      const char* id = Attr(attrs, "id");  // r:id
      refs.push_back({name ? name : "", id ? id : ""});
    }
  };
  if (!ParsePart(workbook_part, p)) return wb;
  if (refs.empty()) {
    diags_.Error("", 0, "", "the workbook has no sheets");
    return wb;
  }
  auto rels = ReadRelationships(workbook_part);
  if (diags_.HasErrors()) return wb;
  std::string shared_part = "xl/sharedStrings.xml", styles_part = "xl/styles.xml";
  for (const auto& [id, rel] : rels) {
    if (rel.type.ends_with("/sharedStrings")) shared_part = rel.target;
    if (rel.type.ends_with("/styles")) styles_part = rel.target;
  }
  if (zip_.Has(shared_part) && !ReadSharedStrings(shared_part)) return wb;
  if (zip_.Has(styles_part) && !ReadStyles(styles_part)) return wb;

  for (const SheetRef& ref : refs) {
    for (const Sheet& s : wb.sheets) {
      if (EqualsIgnoreCase(s.name, ref.name)) diags_.Error(ref.name, 0, "", "the sheet appears twice");
    }
    auto it = rels.find(ref.rel_id);
    if (it == rels.end() || !zip_.Has(it->second.target)) {
      diags_.Error(ref.name, 0, "", "the workbook lists the sheet '" + ref.name + "' but the file does not hold it");
      continue;
    }
    Sheet sheet;
    bool ok = ReadSheet(ref.name, it->second.target, sheet);
    if (budget_reported_) break;
    if (ok) wb.sheets.push_back(std::move(sheet));
  }
  return wb;
}

}  // namespace

Workbook ReadXlsx(std::string_view bytes, Diagnostics& diags) {
  // Compound File Binary (Excel 97-2003 .xls; also what Office makes of a password-protected .xlsx).
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    diags.Error("", 0, "",
                "this is a legacy .xls workbook (or a password-protected .xlsx), not an .xlsx: "
                "save the form as .xlsx (Excel 2007 or later), without a password");
    return {};
  }
  if (bytes.substr(0, 2) != "PK") {
    diags.Error("", 0, "", "not an .xlsx file: an .xlsx file is a zip archive, and this is not one");
    return {};
  }
  XlsxReader reader(bytes, diags);
  return reader.Run();
}

}  // namespace mcs::xlsform::internal
