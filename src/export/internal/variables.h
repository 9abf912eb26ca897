// The tables an export writes, as typed variables: what each column holds, its statistical name
// (valid in SPSS and Stata), its label in the chosen language, its value labels. Shared by the xlsx,
// sav/dta and codebook writers so that every format and the codebook agree.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "engine/answers_json.h"
#include "engine/engine.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::exporter::internal {

enum class Kind {
  kString,    // text; sav string / dta str or strL / xlsx text
  kInteger,   // numeric, whole
  kDecimal,   // numeric
  kDate,      // a calendar day
  kDateTime,  // an instant, millisecond precision; written as the local time in the study's zone
  kCode,      // select_one: numeric codes 1..n (sav/dta), the choice name or label (xlsx)
  kFlag,      // one choice of a select_multiple: 1 chosen, 0 not chosen, missing when unanswered
};

// Where a variable's value comes from.
enum class Source {
  kAnswer, kId, kFormVersion, kLang, kStatus, kStartedAt, kSubmittedAt, kResponseId, kInstance,
  kPrivacyAckAt, kPrivacyNotice
};

struct Variable {
  std::string column;  // the CSV/XLSX header ("fruit/apple")
  std::string name;    // valid, unique SPSS and Stata name ("fruit_apple")
  std::string label;   // full label in the export language
  Kind kind = Kind::kString;
  Source source = Source::kAnswer;
  const form::Node* node = nullptr;             // kAnswer
  int node_index = -1;                          // kAnswer: its index in Form::nodes
  std::string choice;                           // kFlag: the choice's name
  std::string value_set;                        // name of its value-label set ("" when none)
  std::string type_name;                        // for the codebook: "text", "select_one", ...
};

struct Table {
  std::string name;  // "" for the main table, else the repeat's name
  std::vector<Variable> vars;
};

// A set of value labels shared by the variables naming it.
struct ValueSet {
  std::string name;  // valid Stata label name
  std::vector<std::pair<double, std::string>> labels;
  std::vector<std::string> codes;  // for select_one sets: the choice names, codes 1..n
  // Per code 1..n of a select_one set: '\0' for a substantive answer, else the letter of the Stata
  // extended missing value (.a-.z) it is written as in .dta, for a non-substantive one
  // (stats::IsNonSubstantive: "Don't know", "Not applicable"...). In .sav those codes are
  // user-missing values instead (sav_missing).
  std::vector<char> missing_tags;
  // The codes declared user-missing in .sav: at most three discrete values (SPSS's limit), or
  // a range (sav_missing_range) when more non-substantive codes follow one another.
  std::vector<double> sav_missing;
  bool sav_missing_range = false;  // sav_missing is {low, high}
};

struct Layout {
  std::vector<Table> tables;  // the main table first, then one per repeat, in form order
  std::vector<ValueSet> sets;
  std::string time_zone;  // Options::time_zone: the zone of every time written
  const ValueSet* FindSet(std::string_view name) const;
};

Layout MakeLayout(const form::Form& f, const Options& opts);
// `opts` with what the storage says of the form: the acknowledgement columns when it asks (or asked)
// for the privacy notice to be acknowledged (storage::AcknowledgementSettingKey), and the study's
// time zone when the options name none (storage::kTimeZoneSetting; Europe/Brussels when unset or
// unknown to this build's tz database).
Options WithStoredSettings(storage::Storage& store, const form::Form& f, const Options& opts);

// The language labels are taken in: opts.lang when the form has it, else the form's default.
std::string LabelLanguage(const form::Form& f, const Options& opts);

// One value, ready for a typed writer.
struct Cell {
  enum What { kMissing, kText, kNumber } what = kMissing;
  std::string text;
  // kDate: days since 1970-01-01; kDateTime: seconds since 1970-01-01 on the wall clock of the
  // study's zone (the instant plus the zone's offset then), as sav, dta and xlsx keep a local time.
  double number = 0;
};

// `utc_ms` as seconds since 1970-01-01 on `zone`'s wall clock (Cell::number of a kDateTime).
double LocalSeconds(std::string_view zone, TimeMs utc_ms);

// The value of a metadata question `start` or `end` (stored as UTC, "2027-07-05T22:30:00.000Z") in
// the study's zone, as every other time is exported ("2027-07-06T00:30:00.000+02:00"); any other
// question's value, or one that does not read as a time, as it is.
std::string ExportedAnswer(const form::Node& n, std::string_view value, std::string_view zone);

// The value of `v` for a response (main table: `values` are its answers, instance -1) or for one
// repeat instance (`values` are the instance's answers, instance 0-based). `labels`: a select_one as
// its choice label (xlsx/csv "labels" mode) rather than its name; `codes`: a select_one as its
// number 1..n (sav/dta).
// `zone`: the study's time zone (Layout::time_zone). A non-substantive select_one answer is its code
// like any other here; the sav/dta writer marks it missing.
Cell GetCell(const Variable& v, const storage::ResponseRecord& r, engine::ValuesView values, int instance,
             const std::string& lang, const std::string& fallback, bool labels, bool codes, std::string_view zone);

// Days since 1970-01-01 of "YYYY-MM-DD", or nullopt.
std::optional<long long> ParseDay(std::string_view s);

// At most `max_bytes` of `s`, cut at a UTF-8 character boundary.
std::string Utf8Prefix(std::string_view s, std::size_t max_bytes);
// At most `max_chars` code points of `s`.
std::string Utf8PrefixChars(std::string_view s, std::size_t max_chars);

// The codebook: a header and one row per variable of every table.
inline constexpr std::array<const char*, 7> kCodebookHeader = {"table", "column", "variable", "label",
                                                               "type",  "values", "note"};
std::vector<std::array<std::string, 7>> CodebookRows(const Layout& layout);

// Limits of the formats on labels (bytes for SPSS, characters for Stata 118). Longer labels are cut
// at a character boundary in the file; the codebook keeps them whole.
inline constexpr std::size_t kSavVariableLabelBytes = 255;
inline constexpr std::size_t kSavValueLabelBytes = 120;
inline constexpr std::size_t kDtaVariableLabelChars = 80;
inline constexpr std::size_t kDtaStrMaxBytes = 2045;

// The one place exports read a stored response's answers into `view`. A complete response's answers
// are as Finalize left them; a partial one's may still hold answers to questions that no longer
// apply (the respondent went back and changed an earlier answer): they get the same
// engine::Runtime::Finalize, on a copy, so that an export never shows an answer the form would drop.
Status ReadAnswers(const form::Form& f, const storage::ResponseRecord& r, engine::StoredAnswersView& view);

// Runs `fn` over the answers of each response the options select; stops at the first error. The
// view is reused from row to row (no maps built, no allocation per response once warm).
Status ForEachAnswered(storage::Storage& store, const form::Form& f, const Options& opts,
                       const std::function<bool(const storage::ResponseRecord&, const engine::StoredAnswersView&)>& fn);

}  // namespace mcs::exporter::internal
