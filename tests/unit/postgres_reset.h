// For the unit tests that run against PostgreSQL too (the storage conformance suites): the database
// named by MCS_TEST_PG_URL (ctest pg.conformance makes a throwaway cluster, tests/pg/with_postgres.sh)
// emptied before each test.
#pragma once
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>

namespace mcs::testing {

// Empties the PostgreSQL database at `url` (drops and recreates the public schema), so a test starts
// from nothing; a failure to connect or to drop is a test failure.
inline void ResetPostgres(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
}

}  // namespace mcs::testing
