// What the two programs that hand mcsurvey's figures to R share (stats_r_check for run.sh, audit_check
// for audit.sh): the command line (`PROGRAM DIR`), the test questionnaire compiled, a fresh SQLite file
// in DIR written through the real store, the same pseudo-random answers on every platform, complete
// responses stored as the respondent's pages store them, and numbers written so R reads back the same
// double.
#pragma once
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/diagnostic.h"
#include "form/form.h"
#include "storage/storage.h"

namespace mcs::check {

// `d` with 17 significant digits: R reads back the same double.
inline std::string Num(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

// A linear congruential generator (Knuth's MMIX constants): the same answers on every platform.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : seed_(seed) {}
  unsigned Next() {
    seed_ = seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(seed_ >> 33);
  }

 private:
  std::uint64_t seed_;
};

// The program's folder, its questionnaire and the store its responses go to.
struct CheckStudy {
  std::string dir;
  std::shared_ptr<const form::Form> form;
  std::unique_ptr<storage::Storage> store;
};

// Reads `program DIR` from the command line, compiles `form_md` (as FORM_ID.md) and opens DIR/FORM_ID.db
// afresh (a file left by an earlier run is removed) with its tables made. On a usage error, a form that
// does not compile or a store that cannot be made, says so on stderr and returns false with `exit_code`
// set (2: usage, 1: otherwise).
inline bool OpenCheckStudy(int argc, char** argv, const char* program, const char* form_md, const std::string& form_id,
                           CheckStudy& out, int& exit_code) {
  if (argc != 2) {
    std::cerr << "usage: " << program << " DIR\n";
    exit_code = 2;
    return false;
  }
  exit_code = 1;
  out.dir = argv[1];
  Diagnostics d;
  out.form = form::Compile(form_md, form_id + ".md", d);
  if (!out.form) {
    std::cerr << d.ToString();
    return false;
  }
  const std::string db = out.dir + "/" + form_id + ".db";
  std::remove(db.c_str());
  auto store = storage::Open("sqlite:" + db);
  if (!store.ok()) {
    std::cerr << store.error().message << "\n";
    return false;
  }
  out.store = std::move(store).value();
  if (!out.store->Migrate().ok()) return false;
  exit_code = 0;
  return true;
}

// Stores response `id` of the study's form, complete, with `answers_json` (as stored: {"name":"value",
// a repeat as [{...}]}), started, saved and submitted at `at`.
inline bool InsertComplete(const CheckStudy& s, const std::string& id, const std::string& answers_json, TimeMs at) {
  storage::ResponseRecord r;
  r.id = id;
  r.form_id = s.form->id;
  r.form_version = s.form->version;
  r.status = storage::ResponseStatus::kComplete;
  r.answers_json = answers_json;
  r.channel = "web";
  r.started_at = r.updated_at = r.submitted_at = at;
  return s.store->InsertResponse(r).ok();
}

}  // namespace mcs::check
