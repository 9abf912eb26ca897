#include "storage/storage.h"

#include "common/strings.h"
#include "storage/postgres/pg_storage.h"
#include "storage/sqlite/sqlite_storage.h"

namespace mcs::storage {

std::string StatusName(ResponseStatus s) { return s == ResponseStatus::kComplete ? "complete" : "partial"; }

bool Storage::SaveResponseAsync(ResponseRecord r, bool insert, std::function<void(Status)> done) {
  done(insert ? InsertResponse(r) : UpdateResponse(r));
  return true;
}

Result<std::unique_ptr<Storage>> Open(const std::string& url) {
  if (StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (StartsWith(path, "//")) path = path.substr(2);
    if (path.empty()) return MakeError(ErrorCode::kInvalid, "sqlite: needs a path, e.g. sqlite:data/mcsurvey.db");
    auto s = sqlite::SqliteStorage::Open(path);
    if (!s.ok()) return s.error();
    return std::unique_ptr<Storage>(std::move(s).value());
  }
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    auto s = postgres::PgStorage::Open(url);
    if (!s.ok()) return s.error();
    return std::unique_ptr<Storage>(std::move(s).value());
  }
  return MakeError(ErrorCode::kInvalid, "unknown database URL '" + url + "': use sqlite:PATH or postgresql://...");
}

}  // namespace mcs::storage
