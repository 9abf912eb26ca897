// Storage: everything mcsurvey keeps, behind one interface. SQLite (embedded, the default) and
// PostgreSQL (several nodes) implement it; no SQL exists outside src/storage/<backend>/.
//
// Contract for every write: when it returns Ok the change is committed and on disk. Writers are
// batched into group commits, so many concurrent respondents share one fsync.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace mcs::storage {

struct FormRecord {
  std::string form_id;
  std::string version;
  std::string title;
  std::string file_name;  // as uploaded: its extension names the encoding
  std::string source;     // the XLSForm bytes, kept so a form can be recompiled and downloaded
  TimeMs created_at = 0;
};

// When a form takes answers. 0 means "no limit" for opens_at/closes_at.
struct FormWindow {
  std::string form_id;
  TimeMs opens_at = 0;
  TimeMs closes_at = 0;
  bool paused = false;
  std::string closed_message;
};

enum class ResponseStatus { kPartial, kComplete };

struct ResponseRecord {
  std::string id;  // the public reference, random
  std::string form_id;
  std::string form_version;
  std::string lang;
  ResponseStatus status = ResponseStatus::kPartial;
  std::string resume_hash;    // SHA-256 (hex) of the resume token; empty for API submissions
  std::string answers_json;   // engine::Answers as JSON
  std::string personal_json;  // answers to personal-data questions, kept apart ("" when none)
  int page = 0;               // where the respondent was (position in the page list)
  std::string channel;        // "web" or "api"
  TimeMs started_at = 0;
  TimeMs updated_at = 0;
  TimeMs submitted_at = 0;  // 0 while partial
};

struct ResponseFilter {
  bool complete_only = true;
  std::string form_version;  // empty: all versions
};

struct ResponseCounts {
  long long partial = 0;
  long long complete = 0;
};

struct UserRecord {
  std::string name;
  std::string role;  // owner, analyst, viewer
  std::string password_hash;
  TimeMs created_at = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Applies the numbered schema migrations that are not applied yet.
  virtual Status Migrate() = 0;
  // True when no form has ever been installed.
  virtual bool IsEmpty() = 0;

  virtual std::optional<std::string> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // Adds a form version. Conflict when (form_id, version) exists with other bytes.
  virtual Status AddFormVersion(const FormRecord& f) = 0;
  // Every version of every form, oldest first.
  virtual std::vector<FormRecord> AllFormVersions() = 0;
  virtual std::optional<FormWindow> GetWindow(const std::string& form_id) = 0;
  virtual Status PutWindow(const FormWindow& w) = 0;

  // Stores a new response (partial or complete).
  virtual Status InsertResponse(const ResponseRecord& r) = 0;
  // Replaces a partial response's answers, page, language and status. Conflict when the stored
  // response is already complete: a finished response cannot be changed through its resume link.
  virtual Status UpdateResponse(const ResponseRecord& r) = 0;
  virtual std::optional<ResponseRecord> FindByResumeHash(const std::string& hash) = 0;
  virtual std::optional<ResponseRecord> FindResponse(const std::string& id) = 0;
  // Streams responses of a form in submission order; `fn` returns false to stop.
  virtual Status ForEachResponse(const std::string& form_id, const ResponseFilter& filter,
                                 const std::function<bool(const ResponseRecord&)>& fn) = 0;
  virtual ResponseCounts CountResponses(const std::string& form_id) = 0;

  virtual Status AddUser(const UserRecord& u) = 0;
  virtual std::optional<UserRecord> GetUser(const std::string& name) = 0;
  virtual Status AddApiToken(const std::string& token_hash, const std::string& user, const std::string& label,
                             TimeMs now) = 0;
  // The user an unrevoked API token belongs to.
  virtual std::optional<UserRecord> FindApiTokenUser(const std::string& token_hash) = 0;

  // Waits for queued writes and closes.
  virtual void Close() = 0;
};

// Opens "sqlite:PATH" (creating the file and its folder) or, later, "postgresql://...".
Result<std::unique_ptr<Storage>> Open(const std::string& url);

std::string StatusName(ResponseStatus s);

}  // namespace mcs::storage
