// The PostgreSQL schema, as numbered migrations mirroring src/storage/sqlite/migrations.cpp.
#pragma once
#include "storage/postgres/pg_conn.h"

namespace mcs::storage::postgres {

// Applies every migration not yet applied, each in its own transaction, under a session-level
// advisory lock: nodes starting together wait for the first one and then find nothing to do.
Status ApplyMigrations(Conn& c);

}  // namespace mcs::storage::postgres
