// One response table → files for analysis: CSV (RFC 4180, UTF-8), XLSX, SPSS .sav, Stata .dta, JSON
// lines, and a codebook for each. Streams: memory stays flat however many responses there are (the
// one exception, Stata strL text, is explained at WriteDta).
#pragma once
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::exporter {

struct Options {
  bool complete_only = true;
  std::string form_version;  // empty: every version
  std::string lang;          // language of labels (codebook, sav/dta, labels mode); empty: the form's default
  bool include_excluded = false;  // responses the team excluded in the data-quality review (flagged)
  // Called now and then with the number of responses read so far (a progress bar); may be empty.
  std::function<void(long long)> progress;
  bool labels = false;       // CSV/XLSX: a select_one as its choice label, a select_multiple as labels
                             // joined by "; " (the 0/1 columns stay); false: choice names
  // The columns privacy_acknowledged_at and privacy_notice (issue 25). Every writer turns it on by
  // itself for a form that asks (or asked) for the privacy notice to be acknowledged.
  bool privacy_acknowledgement = false;
  // The study's time zone (an IANA name): every exported time is in it (csv/json ISO 8601 with its
  // offset, xlsx/sav/dta the local time with the zone named). Empty: what the storage says
  // (storage::kTimeZoneSetting), else Europe/Brussels. Every writer fills it in by itself.
  std::string time_zone;
};

// A column of the main table.
struct Column {
  std::string name;  // header
  int node = 0;      // the question
  std::string choice;  // for a select_multiple's 0/1 column
};

// The main table's question columns, in form order: each question, and after a select_multiple one
// 0/1 column per choice named "question/choice". Personal-data questions are left out.
std::vector<Column> Columns(const form::Form& f, int repeat = 0);

// Writes the main CSV to `out` and, for each repeat, a CSV to the stream `repeat_out(name)` returns
// (nullptr skips it). Returns the number of responses written.
Result<long long> WriteCsv(storage::Storage& store, const form::Form& f, const Options& opts, std::ostream& out,
                           const std::function<std::ostream*(const std::string&)>& repeat_out);

// RFC 4180 field quoting, the one path every CSV field takes: spreadsheet formula neutralisation for
// text (a leading = + - @ tab or CR, after any apostrophes, gets one more ' so Excel or LibreOffice
// shows it instead of running it; take one leading ' off such a value to read it back), and text
// that is not XML 1.0 characters written with U+FFFD in their place.
void AppendCsvField(std::string& line, std::string_view value, bool is_text);

// Where a repeat's own file goes: a path, or "" to skip it.
using RepeatPath = std::function<std::string(const std::string& repeat_name)>;

// Writes an .xlsx workbook (libxlsxwriter, constant-memory mode): a "data" sheet (columns as in the
// CSV; numbers as numbers, dates as dates), one sheet per repeat keyed by response_id, and a
// "codebook" sheet. Returns the number of responses written.
Result<long long> WriteXlsx(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path);

// Writes an SPSS system file (ReadStat): variable labels from the question labels, select_one as
// codes 1..n with value labels, select_multiple as its text plus one 0/1 variable per choice, dates
// as DATE11, times of the response as DATETIME24.3, text as strings as wide as the longest answer
// (very long strings beyond 255 bytes), unanswered as system missing (numbers) or "" (text). Each
// repeat goes to its own file, keyed by response_id. Two passes over the responses: ReadStat needs
// the row count and the string widths before the first row.
Result<long long> WriteSav(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path,
                           const RepeatPath& repeat_path);

// Writes a Stata 14+ .dta file (format 118, UTF-8), as WriteSav: dates as %td, times as %tc, text
// as str# up to 2045 bytes and strL when a variable has a longer answer. ReadStat keeps strL texts
// in memory until the file is closed (the strL section follows the data), so memory grows with the
// total size of those long answers only.
Result<long long> WriteDta(storage::Storage& store, const form::Form& f, const Options& opts, const std::string& path,
                           const RepeatPath& repeat_path);

// Writes JSON lines: one object per response {"id", "form_version", "lang", "status",
// "started_at", "submitted_at", "answers"}; answers typed as in the API (numbers as numbers,
// select_multiple as arrays), repeats as arrays of objects. Personal data is left out.
Result<long long> WriteJsonl(storage::Storage& store, const form::Form& f, const Options& opts, std::ostream& out);

// Writes the codebook as CSV: one row per variable of every table (table, column, variable, label,
// type, values, note). `column` is the CSV/XLSX header, `variable` the SPSS/Stata name.
void WriteCodebookCsv(const form::Form& f, const Options& opts, std::ostream& out);
void WriteCodebookCsv(const form::Form& f, std::ostream& out);

// One export, whatever the door (console, API, command line): the same files from the same code.
enum class FileFormat { kCsv, kXlsx, kSav, kDta, kJsonl };

// "csv", "xlsx", "sav", "dta", "jsonl" (or "json"); nullopt for anything else.
std::optional<FileFormat> ParseFileFormat(std::string_view name);
std::string_view Extension(FileFormat fmt);
// csv, sav and dta hold one table a file: their download is a zip of the tables, the codebook and
// a README. xlsx (a sheet per table) and jsonl (repeats nested) are one file.
bool IsZipped(FileFormat fmt);
// The download's file name ("employers-csv.zip", "employers.xlsx") and content type.
std::string DownloadName(std::string_view form_id, FileFormat fmt);
std::string_view ContentType(FileFormat fmt);

// What WriteFiles wrote: the responses exported and the files' names, main table first.
struct Written {
  long long responses = 0;
  std::vector<std::string> files;
};

// Writes an export's files into the folder `dir`: `STEM.EXT` (the main table; xlsx: every table and
// the codebook; jsonl: everything), for csv/sav/dta `STEM-REPEAT.EXT` per repeat, and always
// `STEM-codebook.csv` and `STEM-README.txt` (which files there are and how they join). No file is
// left behind on failure.
Result<Written> WriteFiles(storage::Storage& store, const form::Form& f, const Options& opts, FileFormat fmt,
                           const std::string& dir, const std::string& stem);

// Writes the download to `path`: for csv/sav/dta a zip (libzip) of WriteFiles' files, else its one
// file. Returns the number of responses.
Result<long long> WriteDownload(storage::Storage& store, const form::Form& f, const Options& opts, FileFormat fmt,
                                const std::string& path);

// Follow-up contacts (owner only; the caller writes the audit line): one CSV row per complete,
// not excluded response with personal data (the form's `personal` questions, asked only of those
// who consented): response_id, submitted_at, each personal question; with `with_answers`, the main
// table's answer columns after them (codes, as the csv export). Returns the number of contacts.
struct FollowupOptions {
  bool with_answers = false;
};
Result<long long> WriteFollowups(storage::Storage& store, const form::Form& f, const FollowupOptions& fo,
                                 std::ostream& out);

// The README of a csv/sav/dta export: the files, their keys, how repeat rows join the main table.
std::string Readme(const form::Form& f, const Options& opts, FileFormat fmt, const std::vector<std::string>& files);

}  // namespace mcs::exporter
