// Data protection (issue 25): erasing a question's answers, anonymising a form after fieldwork, and
// serving a data subject's rights (access, rectification, erasure) for an e-mail address. Everything
// goes through the one Storage interface, so it works alike on SQLite and PostgreSQL; every change
// is in the audit log with who and when, and ends with the storage scrubbing freed space so the
// removed data leaves the database files.
//
// Which questions are personal: the XLSForm column `personal` (yes/true) on the survey sheet. Their
// answers are stored apart from the others (ResponseRecord::personal_json), are in no export but
// the owner's follow-up contacts, and are what anonymisation removes.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::privacy {

// Who acts, for the audit log: a console user's name, or "command line".
struct Actor {
  std::string user;
  TimeMs now = 0;
};

// ---- Erasing one question's answers across all responses of a form ----

struct EraseOutcome {
  long long responses = 0;  // responses that held an answer to it
  Status scrubbed;          // the database files rewritten (ScrubFreedSpace); an error leaves the erasure done
};
// Removes every answer to `question` (at the top level and in every repeat instance, personal or
// not) from every response of `f.id` (partial, excluded and test previews included), with `reason`
// in the audit log. `f` is the form as exported (every version united): Invalid when it has no such
// question or when the reason is empty.
Result<EraseOutcome> EraseQuestion(storage::Storage& s, const form::Form& f, const std::string& question,
                                   const std::string& reason, const Actor& who);

// ---- Anonymising a form after fieldwork ----

struct AnonymiseOutcome {
  storage::AnonymisedCounts counts;
  Status scrubbed;
};
// One step: deletes the form's invitations (contacts and links), every response's personal
// answers (follow-up contacts and other `personal` questions), the link between responses and
// invitations and the resume links, and rounds every response time down to its day (UTC). Conflict
// while the form still takes answers (close or pause it first). Recorded in the audit log and in the
// setting storage::AnonymisedSettingKey, which exports and reports read to say so.
Result<AnonymiseOutcome> AnonymiseForm(storage::Storage& s, const std::string& form_id, const Actor& who);
// When the form was anonymised, if it was.
std::optional<TimeMs> AnonymisedAt(storage::Storage& s, const std::string& form_id);

// ---- A data subject's rights, for an e-mail address ----

// One thing held about a person, from one place.
struct Item {
  std::string place;    // the place's name (PlacesOfPersonalData)
  std::string id;       // its key there (invitation id, response id, audit sequence number)
  std::string form_id;  // "" when not tied to a form
  std::vector<std::pair<std::string, std::string>> fields;  // what is held, in a readable order
};

// Where personal data lives: every store of data about a person, each able to find what it holds
// about an e-mail address, and to erase and correct it. Finding, exporting, correcting and erasing go
// over this list and nothing else, so a new store of personal data (an address book, sent messages)
// is one more entry here.
struct Place {
  const char* name;
  const char* description;  // for the records of processing and the console
  std::function<std::vector<Item>(storage::Storage&, const std::string& email)> find;
  // Erases one found item. Empty: kept, with the reason in `kept_because`.
  std::function<Status(storage::Storage&, const Item&)> erase;
  // Replaces every field value equal to `from` by `to` in one found item; empty: not correctable here.
  std::function<Status(storage::Storage&, const Item&, const std::string& from, const std::string& to)> rectify;
  const char* kept_because = "";
};
const std::vector<Place>& PlacesOfPersonalData();

// Everything held about `email` (whitespace around it and ASCII case ignored), place by place: only
// items that hold that exact address, or are tied to an item that does (the response started
// with an invitation sent to it).
std::vector<Item> FindSubject(storage::Storage& s, const std::string& email);
// The access copy for the person: a plain text file listing every item with its fields.
std::string SubjectReport(const std::string& email, const std::vector<Item>& items, TimeMs now);
// Audited lookups: `action` is "subject-find" or "subject-export". The audit line names the address
// only by a hash (SubjectRef), so the log does not become another place holding it.
std::vector<Item> FindSubjectAudited(storage::Storage& s, const std::string& email, const std::string& action,
                                     const Actor& who);
std::string SubjectRef(const std::string& email);

struct SubjectOutcome {
  long long changed = 0;  // items erased or corrected
  long long kept = 0;     // items a place keeps (see Place::kept_because)
  Status scrubbed;
};
// Erasure: every item found is erased, in every place that erases; audited.
Result<SubjectOutcome> EraseSubject(storage::Storage& s, const std::string& email, const Actor& who);
// Rectification: in every item found, a field value equal to `from` becomes `to` (e.g. a misspelt
// name, or the address itself). Invalid when `from` is empty or equal to `to`; audited.
Result<SubjectOutcome> RectifySubject(storage::Storage& s, const std::string& email, const std::string& from,
                                      const std::string& to, const Actor& who);

// ---- A respondent's own in-progress response ----

// Deletes the partial response a resume link leads to (the respondent's own erasure): Conflict when
// it is complete (a finished response is the team's to erase on request). Audited without the link.
Status DeleteOwnResponse(storage::Storage& s, const storage::ResponseRecord& r, TimeMs now);

// ---- The privacy notice ----

// The study's notice (form_id "") or a form's own, one text per language code, as the team wrote
// them (settings "privacy_notice" and "privacy_notice:FORM", a JSON object {"en": "...", ...}).
std::map<std::string, std::string> NoticeTexts(storage::Storage& s, const std::string& form_id);
// The text to show in `lang`: that language's, else `fallback`'s, else English, else any; "" when none.
std::string NoticeText(storage::Storage& s, const std::string& form_id, const std::string& lang,
                       const std::string& fallback);
// Sets (or with an empty text removes) one language's text; audited. Invalid for a malformed code.
Status SetNoticeText(storage::Storage& s, const std::string& form_id, const std::string& lang,
                     const std::string& text, const Actor& who);

// ---- Records of processing ----

// A plain-text record of the personal data `f` collects: its personal questions, where each kind
// of personal data is stored, who can read it (roles), how long it is kept, and whether the form is
// anonymised. The raw material for the privacy statement; the same text on the console and from
// `mcsurvey records`.
std::string RecordsOfProcessing(storage::Storage& s, const form::Form& f);

}  // namespace mcs::privacy
