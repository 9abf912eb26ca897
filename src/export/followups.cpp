// Follow-up contacts: the personal data respondents gave when they agreed to be contacted (the
// form's `personal` questions, stored apart from the answers), for the owner only. No other export
// holds them; this one holds the answers only when the owner asks for the join.
#include <ostream>

#include "common/clock.h"
#include "common/timezone.h"
#include "engine/answers_json.h"
#include "engine/consent.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

Result<long long> WriteFollowups(storage::Storage& store, const form::Form& f, const FollowupOptions& fo,
                                 std::ostream& out) {
  std::vector<int> personal;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].personal && form::HoldsValue(f.nodes[i].type)) personal.push_back(static_cast<int>(i));
  }
  const std::vector<Column> cols = fo.with_answers ? Columns(f) : std::vector<Column>{};
  std::string line = "response_id,submitted_at";
  for (int p : personal) {
    line += ',';
    AppendCsvField(line, f.nodes[static_cast<std::size_t>(p)].name, true);
  }
  // The consent that allowed them (engine/consent.h): the question's text as shown, the answer, the
  // language and the time.
  line += ",consent_question,consent_text,consent_answer,consent_lang,consent_at";
  for (const Column& c : cols) {
    line += ',';
    AppendCsvField(line, c.name, true);
  }
  line += "\r\n";
  out << line;

  // Times in the study's zone, as in every export.
  const std::string zone = internal::WithStoredSettings(store, f, Options{}).time_zone;
  storage::ResponseFilter filter;  // complete responses, not excluded, no test previews
  engine::StoredAnswersView view(f);
  long long count = 0;
  Status failure;
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    // Consent is what put the contact questions in the respondent's path: no personal data, no consent.
    if (r.personal_json.empty()) return true;
    auto contact = engine::FromStoredJson(r.personal_json);
    if (!contact.ok()) {
      failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + contact.error().message};
      return false;
    }
    bool any = false;
    for (int p : personal) any = any || contact->values.count(f.nodes[static_cast<std::size_t>(p)].name);
    if (!any) return true;
    line.clear();
    AppendCsvField(line, r.id, true);
    line += ',';
    if (r.submitted_at) line += LocalIsoTime(zone, r.submitted_at);
    for (int p : personal) {
      line += ',';
      auto it = contact->values.find(f.nodes[static_cast<std::size_t>(p)].name);
      if (it != contact->values.end()) AppendCsvField(line, it->second, true);
    }
    auto consent = contact->values.find(engine::kConsentKey);
    auto parts = consent == contact->values.end() ? std::vector<std::pair<std::string, std::string>>{}
                                                   : engine::ConsentFields(consent->second);
    for (std::size_t i = 0; i < 5; ++i) {
      line += ',';
      if (i >= parts.size()) continue;
      // consent_at, stored in UTC as FormatTimeUtc writes it.
      const TimeMs at = i == 4 ? ParseTimeUtc(parts[i].second) : -1;
      const bool utc_time = at >= 0 && FormatTimeUtc(at) == parts[i].second;
      AppendCsvField(line, utc_time ? LocalIsoTime(zone, at) : parts[i].second, true);
    }
    if (!cols.empty()) {
      if (Status parsed = internal::ReadAnswers(f, r, view); !parsed.ok()) {
        failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + parsed.error().message};
        return false;
      }
      engine::ValuesView v = view.Main();
      for (const Column& c : cols) {
        line += ',';
        auto value = v.Get(c.node);
        if (!value) continue;
        if (!c.choice.empty()) {
          line += engine::HasWord(*value, c.choice) ? '1' : '0';
        } else {
          AppendCsvField(line, *value, true);
        }
      }
    }
    line += "\r\n";
    out << line;
    ++count;
    return static_cast<bool>(out);
  });
  if (!st.ok()) return st.error();
  if (!failure.ok()) return failure.error();
  if (!out) return MakeError(ErrorCode::kUnavailable, "could not write the follow-up contacts");
  return count;
}

}  // namespace mcs::exporter
