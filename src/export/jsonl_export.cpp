// JSON lines: one response per line, so a reader can stream it as this writes it.
//
// Each row is decoded by engine::StoredAnswersView (no maps or DOM) and written straight as text,
// byte for byte what engine::ToApiJson + boost::json::serialize give (names in byte order, repeats
// after the answers), which tests/unit/export_formats_test.cpp checks against that reference. Times
// are in the study's zone with their offset, as in every export (the API gives them in UTC), and
// so are the metadata questions start and end.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "common/clock.h"
#include "common/strings.h"
#include "common/timezone.h"
#include "engine/answers_json.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {
namespace {

using form::Type;
using NameValue = std::pair<std::string_view, std::string_view>;

enum class Kind { kString, kInteger, kDecimal, kWords };

Kind KindOf(const form::Node& n) {
  switch (n.type) {
    case Type::kInteger: return Kind::kInteger;
    case Type::kDecimal:
    case Type::kRange: return Kind::kDecimal;
    case Type::kSelectMultiple:
    case Type::kRank: return Kind::kWords;
    default: return Kind::kString;
  }
}

// A stored value typed as the API gives it (engine's TypedValue): numbers as numbers when they
// read as numbers, select_multiple and rank as arrays of names.
void AppendTyped(std::string& out, Kind kind, std::string_view v) {
  switch (kind) {
    case Kind::kInteger:
      try {
        long long x = std::stoll(std::string(v));
        char buf[24];
        auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
        out.append(buf, end);
        return;
      } catch (...) {
      }
      break;
    case Kind::kDecimal:
      try {
        out += boost::json::serialize(boost::json::value(std::stod(std::string(v))));
        return;
      } catch (...) {
      }
      break;
    case Kind::kWords: {
      out += '[';
      bool first = true;
      for (const auto& w : SplitWords(v)) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, w);
      }
      out += ']';
      return;
    }
    case Kind::kString: break;
  }
  AppendJsonString(out, v);
}

class RowWriter {
 public:
  RowWriter(const form::Form& f, std::string zone) : f_(f), zone_(std::move(zone)), view_(f) {
    // Every question that may hold a top-level answer, in name order. Personal data is stored apart
    // and never exported; it is left out here too should an old row carry it.
    for (std::size_t i = 1; i < f.nodes.size(); ++i) {
      if (!f.nodes[i].personal) by_name_.push_back(static_cast<int>(i));
    }
    std::sort(by_name_.begin(), by_name_.end(), [&](int a, int b) {
      return f.nodes[static_cast<std::size_t>(a)].name < f.nodes[static_cast<std::size_t>(b)].name;
    });
  }

  Status Append(const storage::ResponseRecord& r, std::string& out) {
    if (Status st = internal::ReadAnswers(f_, r, view_); !st.ok()) return st;
    out += "{\"id\":";
    AppendJsonString(out, r.id);
    out += ",\"form_version\":";
    AppendJsonString(out, r.form_version);
    out += ",\"lang\":";
    AppendJsonString(out, r.lang);
    out += ",\"status\":";
    AppendJsonString(out, storage::StatusName(r.status));
    out += ",\"started_at\":";
    AppendJsonString(out, LocalIsoTime(zone_, r.started_at));
    out += ",\"submitted_at\":";
    if (r.submitted_at)
      AppendJsonString(out, LocalIsoTime(zone_, r.submitted_at));
    else
      out += "null";
    if (r.privacy_ack_at) {
      out += ",\"privacy_acknowledged_at\":";
      AppendJsonString(out, LocalIsoTime(zone_, r.privacy_ack_at));
      out += ",\"privacy_notice\":";
      AppendJsonString(out, r.privacy_notice);
    }
    out += ",\"answers\":{";
    bool first = true;
    auto key = [&](std::string_view name) {
      if (!first) out += ',';
      first = false;
      AppendJsonString(out, name);
      out += ':';
    };
    // The form's questions and the names it lacks, merged in name order.
    auto extras = view_.Extras();
    std::sort(extras.begin(), extras.end(), [](const NameValue& a, const NameValue& b) { return a.first < b.first; });
    const engine::ValuesView main = view_.Main();
    auto e = extras.begin();
    for (int node : by_name_) {
      auto value = main.Get(node);
      if (!value) continue;
      const form::Node& n = f_.nodes[static_cast<std::size_t>(node)];
      for (; e != extras.end() && e->first < n.name; ++e) {
        key(e->first);
        AppendJsonString(out, e->second);
      }
      key(n.name);
      if (n.type == Type::kMeta)
        AppendJsonString(out, internal::ExportedAnswer(n, *value, zone_));
      else
        AppendTyped(out, KindOf(n), *value);
    }
    for (; e != extras.end(); ++e) {
      key(e->first);
      AppendJsonString(out, e->second);
    }
    auto repeats = view_.RepeatNames();
    std::sort(repeats.begin(), repeats.end());
    repeats.erase(std::unique(repeats.begin(), repeats.end()), repeats.end());
    for (std::string_view name : repeats) {
      key(name);
      out += '[';
      for (std::size_t k = 0, size = view_.RepeatSize(name); k < size; ++k) {
        if (k) out += ',';
        auto pairs = view_.RepeatInstance(name, k).Pairs();
        // Later duplicates of a name replace earlier ones, as in a map; then name order.
        std::stable_sort(pairs.begin(), pairs.end(),
                         [](const NameValue& a, const NameValue& b) { return a.first < b.first; });
        out += '{';
        for (std::size_t i = 0; i < pairs.size(); ++i) {
          if (i + 1 < pairs.size() && pairs[i + 1].first == pairs[i].first) continue;
          if (out.back() != '{') out += ',';
          AppendJsonString(out, pairs[i].first);
          out += ':';
          const form::Node* n = f_.Find(pairs[i].first);
          AppendTyped(out, n ? KindOf(*n) : Kind::kString, pairs[i].second);
        }
        out += '}';
      }
      out += ']';
    }
    out += "}}\n";
    return Status::Ok();
  }

 private:
  const form::Form& f_;
  std::string zone_;
  engine::StoredAnswersView view_;
  std::vector<int> by_name_;
};

}  // namespace

Result<long long> WriteJsonl(storage::Storage& store, const form::Form& f, const Options& given, std::ostream& out) {
  const Options opts = internal::WithStoredSettings(store, f, given);
  long long count = 0;
  Status failure;
  storage::ResponseFilter filter{opts.complete_only, opts.form_version};
  filter.include_excluded = opts.include_excluded;
  RowWriter writer(f, opts.time_zone);
  std::string buf;
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    if (Status s = writer.Append(r, buf); !s.ok()) {
      failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + s.error().message};
      return false;
    }
    ++count;
    if (buf.size() >= (1 << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
    if (opts.progress && count % 4096 == 0) opts.progress(count);
    return static_cast<bool>(out);
  });
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();
  if (!out) return MakeError(ErrorCode::kUnavailable, "could not write the export");
  return count;
}

}  // namespace mcs::exporter
