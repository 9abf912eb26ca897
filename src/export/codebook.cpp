#include <algorithm>
#include <ostream>

#include "common/strings.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

namespace internal {

namespace {

std::string FormatCode(double d) {
  return std::to_string(static_cast<long long>(d));
}

std::string Note(const Variable& v, const Layout& layout) {
  std::vector<std::string> notes;
  switch (v.kind) {
    case Kind::kString:
      if (v.source == Source::kAnswer) {
        notes.push_back(
            "sav: string as wide as the longest answer (very long string beyond 255 bytes); "
            "dta: str up to 2045 bytes, strL beyond; unanswered is an empty string; sav drops trailing "
            "spaces (SPSS pads strings with blanks); dta keeps them (Stata reads them back; readers "
            "built on ReadStat, such as R haven's read_dta, drop them from str values up to 2045 bytes)");
        if (v.node && v.node->type == form::Type::kMeta && (v.node->meta == "start" || v.node->meta == "end")) {
          notes.push_back("a time in the study's time zone " + layout.time_zone +
                          ", ISO 8601 with its UTC offset (2027-07-06T00:30:00.000+02:00)");
        }
      }
      break;
    case Kind::kInteger:
    case Kind::kDecimal:
      if (v.source == Source::kAnswer) notes.push_back("unanswered is system missing");
      break;
    case Kind::kDate: notes.push_back("sav DATE11, dta %td, xlsx date; unanswered is system missing"); break;
    case Kind::kDateTime:
      notes.push_back("the study's time zone " + layout.time_zone +
                      ": csv/json ISO 8601 with its UTC offset (2027-07-06T00:30:00.000+02:00); sav DATETIME24.3, "
                      "dta %tc, xlsx date and time: the local time there");
      break;
    case Kind::kCode:
      if (const ValueSet* vs = layout.FindSet(v.value_set)) {
        std::string codes = "sav/dta codes (csv/xlsx show the choice name, or its label with --labels):";
        for (std::size_t k = 0; k < vs->codes.size(); ++k) {
          codes += (k ? "; " : " ") + std::to_string(k + 1) + "=" + vs->codes[k];
        }
        notes.push_back(codes);
        std::string missing;
        for (std::size_t k = 0; k < vs->missing_tags.size(); ++k) {
          if (!vs->missing_tags[k]) continue;
          const double code = static_cast<double>(k + 1);
          const bool in_sav = vs->sav_missing_range ? code >= vs->sav_missing[0] && code <= vs->sav_missing[1]
                                                    : std::find(vs->sav_missing.begin(), vs->sav_missing.end(), code) !=
                                                          vs->sav_missing.end();
          missing += std::string(missing.empty() ? " " : "; ") + std::to_string(k + 1) + "=" + vs->codes[k] + " (" +
                     (in_sav ? "sav user-missing " + std::to_string(k + 1)
                             : std::string("sav: not missing, SPSS takes three")) +
                     ", dta ." + vs->missing_tags[k] + ")";
        }
        if (!missing.empty()) {
          notes.push_back(
              "non-substantive answers, missing values in sav/dta (left out of means, as the report leaves "
              "them out of mean scores; csv/xlsx/json keep them as answers):" +
              missing);
        }
      }
      notes.push_back("unanswered is system missing");
      break;
    case Kind::kFlag:
      notes.push_back("choice '" + v.choice + "' of " + v.node->name + "; missing when the question was unanswered");
      break;
  }
  if (v.column != v.name) notes.push_back("sav/dta variable " + v.name + " holds column " + v.column);
  if (v.label.size() > kSavVariableLabelBytes) notes.push_back("label cut to 255 bytes in sav");
  if (Utf8Length(v.label) > kDtaVariableLabelChars) notes.push_back("label cut to 80 characters in dta");
  if (const ValueSet* vs = layout.FindSet(v.value_set)) {
    for (const auto& [value, label] : vs->labels) {
      if (label.size() > kSavValueLabelBytes) {
        notes.push_back("value labels cut to 120 bytes in sav");
        break;
      }
    }
  }
  return Join(notes, "; ");
}

}  // namespace

std::vector<std::array<std::string, 7>> CodebookRows(const Layout& layout) {
  std::vector<std::array<std::string, 7>> rows;
  for (const Table& t : layout.tables) {
    for (const Variable& v : t.vars) {
      std::string values;
      if (const ValueSet* vs = layout.FindSet(v.value_set)) {
        for (const auto& [value, label] : vs->labels) {
          if (!values.empty()) values += "; ";
          values += FormatCode(value) + "=" + label;
        }
      }
      rows.push_back({t.name.empty() ? "main" : t.name, v.column, v.name, v.label, v.type_name, values, Note(v, layout)});
    }
  }
  return rows;
}

}  // namespace internal

void WriteCodebookCsv(const form::Form& f, const Options& opts, std::ostream& out) {
  std::string line;
  for (const char* h : internal::kCodebookHeader) {
    if (!line.empty()) line += ',';
    line += h;
  }
  out << line << "\r\n";
  for (const auto& row : internal::CodebookRows(internal::MakeLayout(f, opts))) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += ',';
      AppendCsvField(line, row[i], true);
    }
    out << line << "\r\n";
  }
}

void WriteCodebookCsv(const form::Form& f, std::ostream& out) { WriteCodebookCsv(f, Options{}, out); }

}  // namespace mcs::exporter
