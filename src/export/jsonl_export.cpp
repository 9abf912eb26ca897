// JSON lines: one response per line, so a reader can stream it as this writes it.
#include <boost/json.hpp>

#include "common/clock.h"
#include "engine/answers_json.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

Result<long long> WriteJsonl(storage::Storage& store, const form::Form& f, const Options& opts, std::ostream& out) {
  long long count = 0;
  Status failure;
  storage::ResponseFilter filter{opts.complete_only, opts.form_version};
  filter.include_excluded = opts.include_excluded;
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    auto parsed = engine::FromStoredJson(r.answers_json);
    if (!parsed.ok()) {
      failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + parsed.error().message};
      return false;
    }
    engine::Answers& a = *parsed;
    // Personal data is stored apart and never exported; drop it here too should an old row carry it.
    for (auto it = a.values.begin(); it != a.values.end();) {
      const form::Node* n = f.Find(it->first);
      it = n && n->personal ? a.values.erase(it) : std::next(it);
    }
    boost::json::object o;
    o["id"] = r.id;
    o["form_version"] = r.form_version;
    o["lang"] = r.lang;
    o["status"] = std::string(storage::StatusName(r.status));
    o["started_at"] = FormatTimeUtc(r.started_at);
    o["submitted_at"] = r.submitted_at ? boost::json::value(FormatTimeUtc(r.submitted_at)) : boost::json::value(nullptr);
    o["answers"] = engine::ToApiJson(f, a);
    out << boost::json::serialize(o) << '\n';
    ++count;
    if (opts.progress && count % 4096 == 0) opts.progress(count);
    return static_cast<bool>(out);
  });
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();
  if (!out) return MakeError(ErrorCode::kUnavailable, "could not write the export");
  return count;
}

}  // namespace mcs::exporter
