// SPSS .sav and Stata .dta through ReadStat. ReadStat writes a file's header, including the number
// of rows and each string's width, before the first row; so the responses are read twice: a first
// pass counts rows and measures strings and numbers, a second writes. Neither keeps responses.
#include <readstat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "common/strings.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

namespace {

using internal::Cell;
using internal::Kind;
using internal::Layout;
using internal::Table;
using internal::Variable;

enum class Format { kSav, kDta };

// SPSS counts seconds from the start of the Gregorian calendar (1582-10-14); Stata counts days (%td)
// and milliseconds (%tc) from 1960-01-01.
constexpr double kSpssSecondsTo1970 = 12219379200.0;
constexpr double kStataDaysTo1970 = 3653.0;
constexpr double kSecondsPerDay = 86400.0;

std::string Upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return u;
}

// What the first pass learns about each variable of a table.
struct Measure {
  std::size_t bytes = 0;     // strings: the longest value
  std::size_t int_digits = 0;  // numbers: the most characters before the decimal point
  std::size_t decimals = 0;    // numbers: the most digits after it
};

struct TableStats {
  long long rows = 0;
  std::vector<Measure> vars;
};

void MeasureRow(const Table& t, std::string_view zone, TableStats& stats, const storage::ResponseRecord& r,
                engine::ValuesView values, int instance) {
  ++stats.rows;
  for (std::size_t i = 0; i < t.vars.size(); ++i) {
    const Variable& v = t.vars[i];
    Measure& m = stats.vars[i];
    if (v.kind == Kind::kString) {
      Cell c = internal::GetCell(v, r, values, instance, "", "", false, true, zone);
      m.bytes = std::max(m.bytes, c.text.size());
    } else if ((v.kind == Kind::kInteger || v.kind == Kind::kDecimal) && v.node) {
      auto found = values.Get(v.node_index);
      if (!found) continue;
      const std::string_view s = *found;
      std::size_t dot = s.find('.');
      m.int_digits = std::max(m.int_digits, dot == std::string_view::npos ? s.size() : dot);
      if (dot != std::string_view::npos) m.decimals = std::max(m.decimals, s.size() - dot - 1);
    }
  }
}

// ReadStat's output callback: bytes to the open file.
struct Sink {
  std::FILE* file = nullptr;
  std::string error;
};

ssize_t WriteBytes(const void* data, size_t len, void* ctx) {
  auto* sink = static_cast<Sink*>(ctx);
  return std::fwrite(data, 1, len, sink->file) == len ? static_cast<ssize_t>(len) : -1;
}

void OnError(const char* message, void* ctx) { static_cast<Sink*>(ctx)->error = message; }

// One table → one file.
class TableWriter {
 public:
  TableWriter(Format fmt, const Layout& layout, const Table& table, const TableStats& stats, std::string path)
      : fmt_(fmt), layout_(layout), table_(table), stats_(stats), path_(std::move(path)) {}
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  ~TableWriter() {
    if (writer_) readstat_writer_free(writer_);
    if (sink_.file) std::fclose(sink_.file);
  }

  const std::string& path() const { return path_; }

  Status Open() {
    // Read back too: a .dta with strLs gets its map corrected once written (FixDtaMap).
    sink_.file = std::fopen(path_.c_str(), "wb+");
    if (!sink_.file) return Error{ErrorCode::kUnavailable, "cannot write " + path_};
    writer_ = readstat_writer_init();
    if (!writer_) return Error{ErrorCode::kInternal, "out of memory"};
    readstat_set_data_writer(writer_, WriteBytes);
    readstat_writer_set_error_handler(writer_, OnError);
    if (fmt_ == Format::kSav) {
      // Row compression (bytecode): what SPSS itself writes by default, and far smaller for 0/1 columns.
      readstat_writer_set_compression(writer_, READSTAT_COMPRESS_ROWS);
    } else {
      readstat_writer_set_file_format_version(writer_, 118);  // Stata 14+: UTF-8, strL
    }

    std::map<std::string, readstat_label_set_t*> sets;
    for (const internal::ValueSet& vs : layout_.sets) {
      // Stata keeps value labels for integers; SPSS for any number.
      readstat_label_set_t* ls =
          readstat_add_label_set(writer_, fmt_ == Format::kDta ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE,
                                 vs.name.c_str());
      for (std::size_t k = 0; k < vs.labels.size(); ++k) {
        const auto& [value, label] = vs.labels[k];
        const char tag = k < vs.missing_tags.size() ? vs.missing_tags[k] : '\0';
        if (fmt_ == Format::kDta && tag) {
          // Written as the extended missing value .d (say) in the data: its label goes with it.
          readstat_label_tagged_value(ls, tag, label.c_str());
        } else if (fmt_ == Format::kDta) {
          readstat_label_int32_value(ls, static_cast<int32_t>(value), label.c_str());
        } else {
          readstat_label_double_value(ls, value, internal::Utf8Prefix(label, internal::kSavValueLabelBytes).c_str());
        }
      }
      sets[vs.name] = ls;
    }

    for (std::size_t i = 0; i < table_.vars.size(); ++i) {
      const Variable& v = table_.vars[i];
      const Measure& m = stats_.vars[i];
      readstat_variable_t* rv = nullptr;
      bool strl = false;
      if (v.kind == Kind::kString) {
        std::size_t width = std::max<std::size_t>(m.bytes, 1);
        strl = fmt_ == Format::kDta && width > internal::kDtaStrMaxBytes;
        rv = readstat_add_variable(writer_, v.name.c_str(), strl ? READSTAT_TYPE_STRING_REF : READSTAT_TYPE_STRING,
                                   strl ? 0 : width);
      } else {
        rv = readstat_add_variable(writer_, v.name.c_str(), READSTAT_TYPE_DOUBLE, 0);
        std::string format = NumberFormat(v, m);
        readstat_variable_set_format(rv, format.c_str());
      }
      if (!rv) return Error{ErrorCode::kInternal, "out of memory"};
      std::string label = fmt_ == Format::kSav ? internal::Utf8Prefix(v.label, internal::kSavVariableLabelBytes)
                                               : internal::Utf8PrefixChars(v.label, internal::kDtaVariableLabelChars);
      readstat_variable_set_label(rv, label.c_str());
      if (fmt_ == Format::kSav) {
        bool scale = v.kind == Kind::kInteger || v.kind == Kind::kDecimal || v.kind == Kind::kDate ||
                     v.kind == Kind::kDateTime;
        readstat_variable_set_measure(rv, scale ? READSTAT_MEASURE_SCALE : READSTAT_MEASURE_NOMINAL);
      }
      const internal::ValueSet* vs = v.value_set.empty() ? nullptr : layout_.FindSet(v.value_set);
      if (vs) readstat_variable_set_label_set(rv, sets[v.value_set]);
      if (fmt_ == Format::kSav && vs && v.kind == Kind::kCode && !vs->sav_missing.empty()) {
        // "Don't know" and the like: user-missing, so SPSS and PSPP leave them out of means and
        // show them as missing, with their label, in frequencies.
        readstat_error_t merr = vs->sav_missing_range ? readstat_variable_add_missing_double_range(
                                                            rv, vs->sav_missing[0], vs->sav_missing[1])
                                                      : READSTAT_OK;
        for (std::size_t k = 0; !vs->sav_missing_range && k < vs->sav_missing.size() && merr == READSTAT_OK; ++k) {
          merr = readstat_variable_add_missing_double_value(rv, vs->sav_missing[k]);
        }
        if (Status st = Check(merr); !st.ok()) return st;
      }
      sets_.push_back(vs);
      vars_.push_back(rv);
      strl_.push_back(strl);
    }

    readstat_error_t err = fmt_ == Format::kSav ? readstat_begin_writing_sav(writer_, &sink_, stats_.rows)
                                                : readstat_begin_writing_dta(writer_, &sink_, stats_.rows);
    if (err == READSTAT_OK) err = readstat_validate_metadata(writer_);
    for (const readstat_variable_t* rv : vars_) {
      if (err == READSTAT_OK) err = readstat_validate_variable(writer_, rv);
    }
    return Check(err);
  }

  Status WriteRow(const storage::ResponseRecord& r, engine::ValuesView values, int instance) {
    if (written_ == stats_.rows) return Changed();
    readstat_error_t err = readstat_begin_row(writer_);
    for (std::size_t i = 0; i < table_.vars.size() && err == READSTAT_OK; ++i) {
      const Variable& v = table_.vars[i];
      Cell c = internal::GetCell(v, r, values, instance, "", "", false, true, layout_.time_zone);
      readstat_variable_t* rv = vars_[i];
      if (v.kind == Kind::kString) {
        // A longer answer than the first pass saw: the responses changed in between.
        if (c.text.size() > std::max<std::size_t>(stats_.vars[i].bytes, 1)) return Changed();
        if (strl_[i]) {
          // ReadStat 1.1.8 refuses a null reference for a missing strL: unanswered cells share one
          // empty string (Stata lets cells point at the same strL).
          if (c.text.empty() && !empty_ref_) empty_ref_ = readstat_add_string_ref(writer_, "");
          readstat_string_ref_t* ref = c.text.empty() ? empty_ref_ : readstat_add_string_ref(writer_, c.text.c_str());
          if (!ref) return Error{ErrorCode::kInternal, "out of memory"};
          err = readstat_insert_string_ref(writer_, rv, ref);
        } else {
          err = readstat_insert_string_value(writer_, rv, c.text.c_str());
        }
      } else if (char tag = DtaMissingTag(i, c); tag) {
        err = readstat_insert_tagged_missing_value(writer_, rv, tag);
      } else if (c.what == Cell::kNumber) {
        err = readstat_insert_double_value(writer_, rv, ToFileNumber(v.kind, c.number));
      } else {
        err = readstat_insert_missing_value(writer_, rv);
      }
    }
    if (err == READSTAT_OK) err = readstat_end_row(writer_);
    ++written_;
    return Check(err);
  }

  Status Close() {
    if (written_ != stats_.rows) return Changed();
    readstat_error_t err = readstat_end_writing(writer_);
    readstat_writer_free(writer_);
    writer_ = nullptr;
    Status st = Check(err);
    if (st.ok() && std::find(strl_.begin(), strl_.end(), true) != strl_.end()) st = FixDtaMap();
    if (st.ok() && fmt_ == Format::kSav) st = FixSavShortNames();
    if (st.ok() && fmt_ == Format::kSav) st = FixSavSegmentNames();
    if (std::fclose(sink_.file) != 0 && st.ok()) st = Error{ErrorCode::kUnavailable, "cannot write " + path_};
    sink_.file = nullptr;
    return st;
  }

 private:
  // The extended missing value (.a-.z) a .dta cell of variable `i` is written as: a select_one's
  // non-substantive answer ("Don't know": .d), so that Stata leaves it out of means; else '\0'.
  char DtaMissingTag(std::size_t i, const Cell& c) const {
    const internal::ValueSet* vs = sets_[i];
    if (fmt_ != Format::kDta || !vs || table_.vars[i].kind != Kind::kCode || c.what != Cell::kNumber) return '\0';
    const auto k = static_cast<std::size_t>(c.number) - 1;
    return k < vs->missing_tags.size() ? vs->missing_tags[k] : '\0';
  }

  double ToFileNumber(Kind kind, double d) const {
    if (kind == Kind::kDate) {
      return fmt_ == Format::kSav ? d * kSecondsPerDay + kSpssSecondsTo1970 : d + kStataDaysTo1970;
    }
    if (kind == Kind::kDateTime) {
      return fmt_ == Format::kSav ? d + kSpssSecondsTo1970 : (d + kStataDaysTo1970 * kSecondsPerDay) * 1000.0;
    }
    return d;
  }

  // Display formats wide enough for the numbers the first pass saw (the stored value is exact).
  std::string NumberFormat(const Variable& v, const Measure& m) const {
    bool sav = fmt_ == Format::kSav;
    switch (v.kind) {
      case Kind::kDate: return sav ? "DATE11" : "%td";
      case Kind::kDateTime: return sav ? "DATETIME24.3" : "%tc";
      case Kind::kCode:
      case Kind::kFlag: return sav ? "F8.0" : "%8.0g";
      case Kind::kInteger:
      case Kind::kDecimal: {
        std::size_t decimals = std::min<std::size_t>(v.kind == Kind::kDecimal ? std::max<std::size_t>(m.decimals, 2) : 0, 16);
        std::size_t width = std::clamp<std::size_t>(m.int_digits + (decimals ? decimals + 1 : 0), 8, 40);
        if (sav) return "F" + std::to_string(width) + "." + std::to_string(decimals);
        return "%" + std::to_string(std::max<std::size_t>(width, 9)) + ".0g";
      }
      case Kind::kString: break;
    }
    return "";
  }

  // ReadStat 1.1.8 writes the .dta map (the offsets of the file's sections, Stata dta 117+ format
  // description, "map") before the data, counting only the strLs added before it began writing; ours
  // are added row by row, so the offsets of <value_labels>, </stata_dta> and the end of file are short
  // by the size of the <strls> section. Once the file is complete, walk that section and write the
  // three true offsets into the map.
  Status FixDtaMap() {
    std::FILE* f = sink_.file;
    auto bad = [&] { return Error{ErrorCode::kInternal, path_ + ": could not complete the strL section"}; };
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_END) != 0) return bad();
    const long size = std::ftell(f);
    char head[512] = {};
    if (std::fseek(f, 0, SEEK_SET) != 0 || std::fread(head, 1, sizeof(head), f) != sizeof(head)) return bad();
    std::string_view hv(head, sizeof(head));
    std::size_t map_at = hv.find("<map>");
    if (map_at == std::string_view::npos) return bad();
    uint64_t map[14];
    if (std::fseek(f, static_cast<long>(map_at + 5), SEEK_SET) != 0 || std::fread(map, 8, 14, f) != 14) return bad();
    // map[10]: <strls>; then "GSO" v(4) o(8) t(1) len(4) data... up to </strls>.
    long pos = static_cast<long>(map[10]) + 7;
    for (;;) {
      char tag[8];
      if (std::fseek(f, pos, SEEK_SET) != 0 || std::fread(tag, 1, 8, f) != 8) return bad();
      if (std::string_view(tag, 8) == "</strls>") break;
      if (std::string_view(tag, 3) != "GSO") return bad();
      uint32_t len = 0;
      if (std::fseek(f, pos + 3 + 4 + 8 + 1, SEEK_SET) != 0 || std::fread(&len, 4, 1, f) != 1) return bad();
      pos += 3 + 4 + 8 + 1 + 4 + static_cast<long>(len);
      if (pos > size) return bad();
    }
    const std::string_view end_tag = "</stata_dta>";
    map[11] = static_cast<uint64_t>(pos + 8);                          // <value_labels>
    map[12] = static_cast<uint64_t>(size - static_cast<long>(end_tag.size()));  // </stata_dta>
    map[13] = static_cast<uint64_t>(size);                             // end of file
    if (std::fseek(f, static_cast<long>(map_at + 5), SEEK_SET) != 0 || std::fwrite(map, 8, 14, f) != 14) return bad();
    return Status::Ok();
  }

  // How many variables of the .sav dictionary a variable takes: a string over 255 bytes is cut into
  // segments of 252 bytes (ReadStat's sav_variable_segments), each a variable record of its own.
  std::size_t SavSegments(std::size_t i) const {
    if (table_.vars[i].kind != Kind::kString) return 1;
    const std::size_t width = std::max<std::size_t>(stats_.vars[i].bytes, 1);
    return width > 255 ? (width + 251) / 252 : 1;
  }

  // One variable record of a .sav dictionary: where its 8-byte name is, the name, and whether it is a
  // very long string's second or later segment rather than a variable's first record.
  struct SavRecord {
    long name_at;
    std::string name;
    bool segment;
  };

  static bool IsSavKeyword(const std::string& upper) {
    static const std::set<std::string> kKeywords = {"ALL", "AND", "BY",  "EQ", "GE", "GT",  "LE",
                                                    "LT",  "NE",  "NOT", "OR", "TO", "WITH"};
    return kKeywords.count(upper) > 0;
  }

  // A short name as every reader takes it: 1-8 of A-Z, 0-9 and _, a letter first, no keyword (the
  // exports' names are ASCII; SPSS allows more, which is not needed here).
  static bool IsSavShortName(const std::string& s) {
    bool valid = !s.empty() && s.size() <= 8 && s[0] >= 'A' && s[0] <= 'Z' && !IsSavKeyword(s);
    for (char c : s) valid = valid && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    return valid;
  }

  // The dictionary of the file just written (System File Format, "Variable Record"): the header is
  // 176 bytes, then one record of type 2 per variable or segment, each followed by blank continuation
  // records (type -1) for the rest of a string's width. `after`: the offset of the first other record.
  bool ReadSavVariableRecords(std::vector<SavRecord>& records, long& after) const {
    std::FILE* f = sink_.file;
    auto read_i32 = [&](long at, int32_t& v) {
      return std::fseek(f, at, SEEK_SET) == 0 && std::fread(&v, 4, 1, f) == 1;
    };
    if (std::fflush(f) != 0) return false;
    int32_t layout = 0;
    if (!read_i32(64, layout) || layout != 2) return false;  // native byte order, as ReadStat writes
    std::size_t var = 0, seg = 0;
    long pos = 176;
    for (;;) {
      int32_t rec[8];  // rec_type, type, has_var_label, n_missing_values, print, write, name[8]
      if (std::fseek(f, pos, SEEK_SET) != 0 || std::fread(rec, 4, 8, f) != 8) return false;
      if (rec[0] != 2) break;
      const long name_at = pos + 24;
      pos += 32;
      if (rec[2] == 1) {
        int32_t label_len = 0;
        if (!read_i32(pos, label_len) || label_len < 0) return false;
        pos += 4 + (label_len + 3) / 4 * 4;
      }
      pos += 8L * std::abs(rec[3]);
      if (rec[1] == -1) continue;
      if (var >= table_.vars.size()) return false;
      char name[9] = {};
      if (std::fseek(f, name_at, SEEK_SET) != 0 || std::fread(name, 1, 8, f) != 8) return false;
      std::string n(name);
      n.erase(n.find_last_not_of(' ') + 1);
      records.push_back({name_at, n, seg > 0});
      if (++seg == SavSegments(var)) {
        ++var;
        seg = 0;
      }
    }
    after = pos;
    return var == table_.vars.size() && seg == 0;
  }

  // ReadStat 1.1.8 gives each variable an 8-byte short name: its name's first 8 bytes upper-cased, or
  // `V<index>_A` when an earlier variable has that short name already, but it does not check
  // V<index>_A in its turn. A question named `v9_a` before a clash at the 9th variable gave two
  // variables the short name V9_A, and GNU PSPP renamed one (warning) to a name such as VAR001,
  // perhaps another question's. Once the file is written, each short name that is not a valid SPSS
  // name, repeats an earlier one or is an earlier variable's (long) name is replaced by an unused name
  // of the same length (V9_B, V9_C ...; ABCDEFG0 ...) in the three places it is written (System
  // File Format): the variable record, the long variable names record (7.13, `SHORT=long` per
  // variable, in dictionary order) and the very long string record (7.14, `SHORT=width` per string
  // over 255 bytes, in order). Value labels (record 4) refer to variables by dictionary index, and the
  // long string value labels and missing values (7.21, 7.22) by long name. Same-length names keep
  // every record's size, so nothing else in the file moves.
  Status FixSavShortNames() {
    std::FILE* f = sink_.file;
    auto bad = [&] { return Error{ErrorCode::kInternal, path_ + ": could not give the variables unique short names"}; };
    std::vector<SavRecord> records;
    long after = 0;
    if (!ReadSavVariableRecords(records, after)) return bad();
    std::vector<const SavRecord*> first;  // each variable's own record
    for (const SavRecord& r : records) {
      if (!r.segment) first.push_back(&r);
    }
    if (first.size() != table_.vars.size()) return bad();

    // Which short names stay: valid, the first of their kind, and no other variable's name.
    std::map<std::string, std::size_t> long_names;  // upper-cased name → variable
    for (std::size_t i = 0; i < table_.vars.size(); ++i) long_names[Upper(table_.vars[i].name)] = i;
    std::set<std::string> taken;
    for (const auto& [name, i] : long_names) taken.insert(name);
    std::vector<std::string> renamed(first.size());  // "" where kept
    std::set<std::string> kept;
    bool any = false;
    for (std::size_t i = 0; i < first.size(); ++i) {
      const std::string& s = first[i]->name;
      bool valid = IsSavShortName(s);
      // PSPP gives the variables their long names one by one, in dictionary order: a short name that
      // is an earlier variable's long name is still in use when that one is renamed.
      auto other = long_names.find(s);
      valid = valid && (other == long_names.end() || other->second >= i) && kept.insert(s).second;
      if (!valid) {
        renamed[i] = "?";
        any = true;
      }
    }
    if (!any) return Status::Ok();
    taken.insert(kept.begin(), kept.end());
    for (std::size_t i = 0; i < first.size(); ++i) {
      if (renamed[i].empty()) continue;
      renamed[i] = UnusedSavName(first[i]->name, taken);
      if (renamed[i].empty()) return bad();
      taken.insert(renamed[i]);
    }

    auto write_at = [&](long at, const std::string& bytes) {
      return std::fseek(f, at, SEEK_SET) == 0 && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    };
    for (std::size_t i = 0; i < first.size(); ++i) {
      if (renamed[i].empty()) continue;
      std::string field = renamed[i];
      field.resize(8, ' ');
      if (!write_at(first[i]->name_at, field)) return bad();
    }

    // The records after the dictionary, up to the end of the dictionary (999).
    auto read_i32 = [&](long at, int32_t& v) {
      return std::fseek(f, at, SEEK_SET) == 0 && std::fread(&v, 4, 1, f) == 1;
    };
    bool names_done = false;
    for (long pos = after;;) {
      int32_t type = 0, n = 0;
      if (!read_i32(pos, type)) return bad();
      if (type == 999) break;
      if (type == 3) {  // value labels: count, then per label 8 bytes, a length byte, the label padded
        if (!read_i32(pos + 4, n) || n < 0) return bad();
        pos += 8;
        for (int32_t k = 0; k < n; ++k) {
          unsigned char len = 0;
          if (std::fseek(f, pos + 8, SEEK_SET) != 0 || std::fread(&len, 1, 1, f) != 1) return bad();
          pos += 8 + (len + 1 + 7) / 8 * 8;
        }
      } else if (type == 4) {  // the variables of those labels, by index
        if (!read_i32(pos + 4, n) || n < 0) return bad();
        pos += 8 + 4L * n;
      } else if (type == 6) {  // document: lines of 80 bytes
        if (!read_i32(pos + 4, n) || n < 0) return bad();
        pos += 8 + 80L * n;
      } else if (type == 7) {
        int32_t subtype = 0, size = 0, count = 0;
        if (!read_i32(pos + 4, subtype) || !read_i32(pos + 8, size) || !read_i32(pos + 12, count) || size < 0 ||
            count < 0) {
          return bad();
        }
        const long data_at = pos + 16;
        pos = data_at + static_cast<long>(size) * count;
        if (subtype != 13 && subtype != 14) continue;
        std::string data(static_cast<std::size_t>(size) * static_cast<std::size_t>(count), '\0');
        if (std::fseek(f, data_at, SEEK_SET) != 0 || std::fread(data.data(), 1, data.size(), f) != data.size()) {
          return bad();
        }
        // 7.13: SHORT=long, tab-separated, a pair per variable; 7.14: SHORT=width, each ended by NUL
        // and tab, a pair per string over 255 bytes.
        const std::string_view sep = subtype == 13 ? "\t" : std::string_view("\0\t", 2);
        std::size_t at = 0;
        for (std::size_t i = 0; i < first.size(); ++i) {
          if (subtype == 14 && SavSegments(i) == 1) continue;
          if (at >= data.size()) return bad();
          const std::size_t eq = data.find('=', at);
          if (eq == std::string::npos || data.compare(at, eq - at, first[i]->name) != 0) return bad();
          if (!renamed[i].empty() && !write_at(data_at + static_cast<long>(at), renamed[i])) return bad();
          const std::size_t next = data.find(sep, eq);
          at = next == std::string::npos ? data.size() : next + sep.size();
        }
        if (subtype == 13) names_done = true;
      } else {
        return bad();
      }
    }
    if (!names_done) return bad();
    return std::fflush(f) == 0 ? Status::Ok() : bad();
  }

  // An SPSS name of `old`'s length (an SPSS name itself, or ReadStat's V<index>_A) that is not in
  // `taken`: V<index>_B ... for ReadStat's, else `old` with its last one or two characters counting
  // up; "" if there is none (over 1,300 names alike).
  static std::string UnusedSavName(const std::string& old, const std::set<std::string>& taken) {
    const std::size_t len = old.size();
    if (len >= 4 && old[0] == 'V' && old[len - 2] == '_' && old[len - 1] >= 'A' && old[len - 1] <= 'Z') {
      for (char c = 'B'; c <= 'Z'; ++c) {
        std::string name = old.substr(0, len - 1) + c;
        if (!taken.count(name)) return name;
      }
    }
    static constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    // The name with its last one or two characters counting up (ABCDEFGH → ABCDEFG0, ..., ABCDEF00).
    for (std::size_t tail = 1; tail <= 2 && tail < len; ++tail) {
      for (std::size_t k = 0; k < (tail == 1 ? 36u : 36u * 36u); ++k) {
        std::string name = old;
        name[len - 1] = kDigits[k % 36];
        if (tail == 2) name[len - 2] = kDigits[k / 36];
        if (IsSavShortName(name) && !taken.count(name)) return name;
      }
    }
    return "";
  }

  // ReadStat 1.1.8 names a very long string's segments 2, 3, ... after the first five characters of
  // its 8-byte short name plus one character (1-9, A-Z, then 0 and round again). Those names can be
  // SPSS keywords (a text `t` of 7,000 bytes has segments T1 ... TO ...; `b`: BY; `wit`: WITH), the
  // short name of another variable (`t1`), another string's segments (two names sharing their first
  // five characters) or the string's own earlier segments (past 36 segments). SPSS and GNU PSPP then
  // rename them with warnings, or refuse the file. Segment names are referred to nowhere else in the
  // file (the very long string record names only the first segment), so once the file is written,
  // each segment name that is not a valid, unused name is replaced in its fixed 8-byte field by
  // SEG1, SEG2, ... (the first that is not a short name, a variable's name or a segment name kept).
  Status FixSavSegmentNames() {
    bool segmented = false;
    for (std::size_t i = 0; i < table_.vars.size(); ++i) segmented = segmented || SavSegments(i) > 1;
    if (!segmented) return Status::Ok();
    std::FILE* f = sink_.file;
    auto bad = [&] { return Error{ErrorCode::kInternal, path_ + ": could not name the long strings' segments"}; };
    std::vector<SavRecord> records;
    long after = 0;
    if (!ReadSavVariableRecords(records, after)) return bad();

    std::set<std::string> used;
    for (const Variable& v : table_.vars) used.insert(Upper(v.name));
    for (const SavRecord& r : records) {
      if (!r.segment) used.insert(Upper(r.name));
    }
    int next = 1;
    for (const SavRecord& r : records) {
      if (!r.segment) continue;
      const std::string upper = Upper(r.name);
      const bool valid = !upper.empty() && upper[0] >= 'A' && upper[0] <= 'Z' && !IsSavKeyword(upper);
      if (valid && used.insert(upper).second) continue;
      std::string name;
      do {
        name = "SEG" + std::to_string(next++);
      } while (used.count(name));
      if (name.size() > 8) return bad();
      used.insert(name);
      name.resize(8, ' ');
      if (std::fseek(f, r.name_at, SEEK_SET) != 0 || std::fwrite(name.data(), 1, 8, f) != 8) return bad();
    }
    return std::fflush(f) == 0 ? Status::Ok() : bad();
  }

  Status Check(readstat_error_t err) const {
    if (err == READSTAT_OK) return Status::Ok();
    std::string msg = path_ + ": " + readstat_error_message(err);
    if (!sink_.error.empty()) msg += " (" + sink_.error + ")";
    return Error{ErrorCode::kInternal, msg};
  }

  Status Changed() const {
    return Error{ErrorCode::kConflict, path_ + ": the responses changed during the export; run it again"};
  }

  Format fmt_;
  const Layout& layout_;
  const Table& table_;
  const TableStats& stats_;
  std::string path_;
  Sink sink_;
  readstat_writer_t* writer_ = nullptr;
  std::vector<readstat_variable_t*> vars_;
  std::vector<const internal::ValueSet*> sets_;  // per variable: its value labels, or nullptr
  std::vector<bool> strl_;
  readstat_string_ref_t* empty_ref_ = nullptr;
  long long written_ = 0;
};

Result<long long> WriteStat(Format fmt, storage::Storage& store, const form::Form& f, const Options& given,
                            const std::string& path, const RepeatPath& repeat_path) {
  const Options opts = internal::WithStoredSettings(store, f, given);
  const Layout layout = internal::MakeLayout(f, opts);
  std::vector<std::string> paths{path};
  for (std::size_t t = 1; t < layout.tables.size(); ++t) {
    paths.push_back(repeat_path ? repeat_path(layout.tables[t].name) : "");
  }
  std::vector<TableStats> stats(layout.tables.size());
  for (std::size_t t = 0; t < layout.tables.size(); ++t) stats[t].vars.resize(layout.tables[t].vars.size());

  auto for_each_table = [&](const engine::StoredAnswersView& a, auto&& fn) {
    if (!fn(0, a.Main(), -1)) return false;
    for (std::size_t t = 1; t < layout.tables.size(); ++t) {
      if (paths[t].empty()) continue;
      const std::string& name = layout.tables[t].name;
      for (std::size_t k = 0, n = a.RepeatSize(name); k < n; ++k) {
        if (!fn(t, a.RepeatInstance(name, k), static_cast<int>(k))) return false;
      }
    }
    return true;
  };

  // Pass 1: rows and widths.
  Status st = internal::ForEachAnswered(
      store, f, opts, [&](const storage::ResponseRecord& r, const engine::StoredAnswersView& a) {
        return for_each_table(a, [&](std::size_t t, engine::ValuesView values, int instance) {
          MeasureRow(layout.tables[t], layout.time_zone, stats[t], r, values, instance);
          return true;
        });
      });
  if (!st.ok()) return st.error();

  // Pass 2: the files. Responses that arrived after the first pass are left for the next export.
  std::vector<std::unique_ptr<TableWriter>> writers(layout.tables.size());
  auto fail = [&](const Error& e) -> Result<long long> {
    for (auto& w : writers) {
      if (!w) continue;
      std::string p = w->path();
      w.reset();
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
    return e;
  };
  for (std::size_t t = 0; t < layout.tables.size(); ++t) {
    if (paths[t].empty()) continue;
    writers[t] = std::make_unique<TableWriter>(fmt, layout, layout.tables[t], stats[t], paths[t]);
    if (Status o = writers[t]->Open(); !o.ok()) return fail(o.error());
  }
  long long count = 0;
  Status failure;
  st = internal::ForEachAnswered(store, f, opts, [&](const storage::ResponseRecord& r, const engine::StoredAnswersView& a) {
    if (count == stats[0].rows) return false;
    ++count;
    return for_each_table(a, [&](std::size_t t, engine::ValuesView values, int instance) {
      failure = writers[t]->WriteRow(r, values, instance);
      return failure.ok();
    });
  });
  if (!st.ok()) return fail(st.error());
  if (!failure.ok()) return fail(failure.error());
  for (auto& w : writers) {
    if (!w) continue;
    if (Status c = w->Close(); !c.ok()) return fail(c.error());
  }
  return count;
}

}  // namespace

Result<long long> WriteSav(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path,
                           const RepeatPath& repeat_path) {
  return WriteStat(Format::kSav, store, f, opts, path, repeat_path);
}

Result<long long> WriteDta(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path,
                           const RepeatPath& repeat_path) {
  return WriteStat(Format::kDta, store, f, opts, path, repeat_path);
}

}  // namespace mcs::exporter
