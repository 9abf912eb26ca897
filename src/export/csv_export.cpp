#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/clock.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "common/xml_text.h"
#include "engine/answers_json.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

using form::Type;

std::vector<Column> Columns(const form::Form& f, int repeat) {
  std::vector<Column> cols;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& n = f.nodes[i];
    if (!form::HoldsValue(n.type) || n.personal || n.repeat != repeat) continue;
    cols.push_back({n.name, static_cast<int>(i), ""});
    if (n.type == Type::kSelectMultiple) {
      for (const auto& c : n.choices->choices) cols.push_back({n.name + "/" + c.name, static_cast<int>(i), c.name});
    }
  }
  return cols;
}

namespace {

bool IsFormulaStart(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

}  // namespace

void AppendCsvField(std::string& line, std::string_view v, bool is_text) {
  // A spreadsheet would run a text starting with = + - @ (or a tab or CR before one) as a formula: it
  // gets a leading apostrophe. So that the apostrophe can always be taken off again, a text whose
  // leading apostrophes precede such a character gets one more too (the README says so).
  std::size_t first = 0;
  while (first < v.size() && v[first] == '\'') ++first;
  bool neutralise = is_text && first < v.size() && IsFormulaStart(v[first]);
  // Text XML 1.0 refuses (a NUL, other controls, U+FFFE; only in answers stored before the check)
  // is written as U+FFFD, as in every other format, so that readers neither stop nor misread.
  std::string clean;
  if (!IsXmlText(v)) {
    clean = ToXmlText(v);
    v = clean;
  }
  bool quote = neutralise;
  for (std::size_t i = 0; i < v.size() && !quote; ++i) {
    char c = v[i];
    quote = c == ',' || c == '"' || c == '\r' || c == '\n';
  }
  if (!quote) {
    line.append(v);
    return;
  }
  line += '"';
  if (neutralise) line += '\'';
  // Runs between double quotes are appended whole; each quote is doubled.
  for (std::size_t q = v.find('"'); q != std::string_view::npos; q = v.find('"')) {
    line.append(v.substr(0, q + 1));
    line += '"';
    v.remove_prefix(q + 1);
  }
  line.append(v);
  line += '"';
}

namespace {

// Every value but a number or a date is text to a spreadsheet, so it goes through the formula
// defence (choice names and calculations too: a form may name a choice "-1" or "=x").
bool IsText(const form::Node& n) {
  return n.type != Type::kInteger && n.type != Type::kDecimal && n.type != Type::kRange && n.type != Type::kDate;
}

// The choice label of `name` in `lang` (the name itself when the form has none).
std::string ChoiceLabel(const form::Form& f, const form::Node& n, const std::string& name, const std::string& lang) {
  const form::Choice* c = n.choices ? n.choices->Find(name) : nullptr;
  if (!c || c->label.empty()) return name;
  const std::string& l = c->label.Get(lang, f.lang());
  return l.empty() ? name : l;
}

// A select's answer as its choice labels (Options::labels).
std::string AsLabels(const form::Form& f, const form::Node& n, const std::string& value, const std::string& lang) {
  if (n.type == Type::kSelectOne) return ChoiceLabel(f, n, value, lang);
  std::string out;
  for (const auto& w : SplitWords(value)) {
    if (!out.empty()) out += "; ";
    out += ChoiceLabel(f, n, w, lang);
  }
  return out;
}

void AppendValues(std::string& line, const form::Form& f, const std::vector<Column>& cols, engine::ValuesView v,
                  const std::string* labels_lang, std::string_view zone) {
  int last_node = -1;
  std::optional<std::string_view> value;
  for (const Column& c : cols) {
    line += ',';
    const form::Node& n = f.nodes[static_cast<std::size_t>(c.node)];
    // A select_multiple's 0/1 columns follow it: look its value up once.
    if (c.node != last_node) {
      value = v.Get(c.node);
      last_node = c.node;
    }
    if (!c.choice.empty()) {
      // Unanswered stays empty (missing), not 0: "not asked" differs from "not chosen".
      if (!value) continue;
      line += engine::HasWord(*value, c.choice) ? '1' : '0';
    } else if (value && labels_lang && (n.type == Type::kSelectOne || n.type == Type::kSelectMultiple)) {
      AppendCsvField(line, AsLabels(f, n, std::string(*value), *labels_lang), true);
    } else if (value && n.type == Type::kMeta) {
      AppendCsvField(line, internal::ExportedAnswer(n, *value, zone), true);
    } else if (value) {
      AppendCsvField(line, *value, IsText(n));
    }
  }
}

}  // namespace

Result<long long> WriteCsv(storage::Storage& store, const form::Form& f, const Options& given, std::ostream& out,
                           const std::function<std::ostream*(const std::string&)>& repeat_out) {
  const Options opts = internal::WithStoredSettings(store, f, given);
  const std::vector<Column> cols = Columns(f);
  const std::string lang = !opts.lang.empty() && f.HasLanguage(opts.lang) ? opts.lang : f.lang();
  const std::string* labels_lang = opts.labels ? &lang : nullptr;
  const std::string& zone = opts.time_zone;  // WithStoredSettings named it
  std::string line = "id,form_version,lang,status,started_at,submitted_at";
  if (opts.privacy_acknowledgement) line += ",privacy_acknowledged_at,privacy_notice";
  for (const Column& c : cols) {
    line += ',';
    AppendCsvField(line, c.name, true);
  }
  line += "\r\n";
  out << line;

  struct RepeatOut {
    std::string name;
    std::vector<Column> cols;
    std::ostream* os;
  };
  std::vector<RepeatOut> reps;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].type != Type::kRepeat || !repeat_out) continue;
    std::ostream* os = repeat_out(f.nodes[i].name);
    if (!os) continue;
    RepeatOut r{f.nodes[i].name, Columns(f, static_cast<int>(i)), os};
    std::string h = "response_id,instance";
    for (const Column& c : r.cols) {
      h += ',';
      AppendCsvField(h, c.name, true);
    }
    *os << h << "\r\n";
    reps.push_back(std::move(r));
  }

  // A pipeline: this thread reads responses in batches off the store; formatter threads turn each
  // batch into text (decoding answers is most of the work); this thread writes the texts in order.
  // At most kInFlight batches are held, so memory stays flat however many responses there are.
  struct Batch {
    std::vector<storage::ResponseRecord> rows;
    std::string main;
    std::vector<std::string> repeats;
    Status failure;
    bool formatted = false;
  };
  constexpr std::size_t kBatchRows = 256;
  constexpr std::size_t kInFlight = 8;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Batch>> queue;  // in response order
  std::size_t next_to_format = 0;            // index into queue of the next batch nobody formats yet
  bool finished = false;

  auto format = [&](Batch& b, engine::StoredAnswersView& answers) {
    std::string row;
    for (const storage::ResponseRecord& r : b.rows) {
      if (Status parsed = internal::ReadAnswers(f, r, answers); !parsed.ok()) {
        b.failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + parsed.error().message};
        return;
      }
      std::string& line = b.main;
      AppendCsvField(line, r.id, true);
      line += ',';
      AppendCsvField(line, r.form_version, true);
      line += ',';
      AppendCsvField(line, r.lang, true);
      line += ',';
      line += storage::StatusName(r.status);
      line += ',';
      line += LocalIsoTime(zone, r.started_at);
      line += ',';
      if (r.submitted_at) line += LocalIsoTime(zone, r.submitted_at);
      if (opts.privacy_acknowledgement) {
        line += ',';
        if (r.privacy_ack_at) line += LocalIsoTime(zone, r.privacy_ack_at);
        line += ',';
        AppendCsvField(line, r.privacy_notice, true);
      }
      AppendValues(line, f, cols, answers.Main(), labels_lang, zone);
      line += "\r\n";
      for (std::size_t i = 0; i < reps.size(); ++i) {
        const RepeatOut& rep = reps[i];
        for (std::size_t k = 0, instances = answers.RepeatSize(rep.name); k < instances; ++k) {
          std::string& rline = b.repeats[i];
          AppendCsvField(rline, r.id, true);
          rline += ',';
          rline += std::to_string(k + 1);
          AppendValues(rline, f, rep.cols, answers.RepeatInstance(rep.name, k), labels_lang, zone);
          rline += "\r\n";
        }
      }
    }
  };

  auto worker = [&] {
    engine::StoredAnswersView answers(f);
    std::unique_lock lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return finished || next_to_format < queue.size(); });
      if (next_to_format >= queue.size()) return;
      Batch& b = *queue[next_to_format++];
      lock.unlock();
      format(b, answers);
      lock.lock();
      b.formatted = true;
      cv.notify_all();
    }
  };
  const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < workers; ++i) threads.emplace_back(worker);

  long long count = 0;
  Status failure;
  // Writes the formatted batches at the head of the queue; with `all`, waits for every batch.
  auto flush = [&](bool all) {
    std::unique_lock lock(mu);
    for (;;) {
      if (queue.empty()) return;
      if (!queue.front()->formatted) {
        if (!all && queue.size() < kInFlight) return;
        cv.wait(lock, [&] { return queue.front()->formatted; });
      }
      std::unique_ptr<Batch> b = std::move(queue.front());
      queue.pop_front();
      --next_to_format;
      lock.unlock();
      if (failure.ok() && !b->failure.ok()) failure = b->failure;
      if (failure.ok()) {
        out << b->main;
        for (std::size_t i = 0; i < reps.size(); ++i) *reps[i].os << b->repeats[i];
        count += static_cast<long long>(b->rows.size());
        if (opts.progress && count % 4096 < static_cast<long long>(b->rows.size())) opts.progress(count);
        if (!out) failure = Error{ErrorCode::kUnavailable, "could not write the export"};
      }
      lock.lock();
    }
  };
  auto submit = [&](std::unique_ptr<Batch> b) {
    {
      std::lock_guard lock(mu);
      queue.push_back(std::move(b));
    }
    cv.notify_all();
    flush(false);
  };

  storage::ResponseFilter filter{opts.complete_only, opts.form_version};
  filter.include_excluded = opts.include_excluded;
  auto batch = std::make_unique<Batch>();
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    batch->rows.push_back(r);
    if (batch->rows.size() == kBatchRows) {
      batch->repeats.resize(reps.size());
      submit(std::move(batch));
      batch = std::make_unique<Batch>();
    }
    return failure.ok();
  });
  if (!batch->rows.empty()) {
    batch->repeats.resize(reps.size());
    submit(std::move(batch));
  }
  flush(true);
  {
    std::lock_guard lock(mu);
    finished = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();
  if (!out) return MakeError(ErrorCode::kUnavailable, "could not write the export");
  return count;
}

}  // namespace mcs::exporter
