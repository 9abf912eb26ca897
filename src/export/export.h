// One response table → files for analysis. CSV now (RFC 4180, UTF-8); xlsx, sav, dta, jsonl later.
// Streams: memory stays flat however many responses there are.
#pragma once
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::exporter {

struct Options {
  bool complete_only = true;
  std::string form_version;  // empty: every version
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

// RFC 4180 field quoting, with spreadsheet formula neutralisation for text (a leading = + - @ gets
// a ' so Excel or LibreOffice shows it instead of running it).
void AppendCsvField(std::string& line, std::string_view value, bool is_text);

}  // namespace mcs::exporter
