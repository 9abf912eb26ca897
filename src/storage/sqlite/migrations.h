// The SQLite schema, as numbered migrations applied in order, each once (schema_migrations).
#pragma once
#include "storage/sqlite/sqlite_db.h"

namespace mcs::storage::sqlite {

// Applies every migration not yet applied. Runs inside the caller's transaction.
Status ApplyMigrations(Db& db);

}  // namespace mcs::storage::sqlite
