// The one way a command opens the study's database: open it and bring its schema up to date. On a
// failure the reason is written to standard error and nullptr returned (the command exits 1). And the
// one way it finds the form it is told to work on (LatestForm).
#pragma once
#include <iostream>
#include <memory>
#include <string>

#include "common/diagnostic.h"
#include "common/timezone.h"
#include "form/form.h"
#include "storage/storage.h"
#include "web/form_registry.h"

namespace mcs::app {

inline std::unique_ptr<storage::Storage> OpenStore(const std::string& url) {
  auto s = storage::Open(url);
  if (!s.ok()) {
    std::cerr << "mcsurvey: " << s.error().message << "\n";
    return nullptr;
  }
  if (Status st = (*s)->Migrate(); !st.ok()) {
    std::cerr << "mcsurvey: " << st.error().message << "\n";
    return nullptr;
  }
  // The study's time zone (issue 24) for what the command prints and dates.
  SetStudyTimeZone((*s)->GetSetting(storage::kTimeZoneSetting).value_or(std::string(kDefaultTimeZone)));
  return std::move(s).value();
}

// The newest version of the form `form_id` stored in `store` (the database `db`), or nullptr with
// "no form 'ID' in DB" on standard error (the command exits 1).
inline std::shared_ptr<const form::Form> LatestForm(storage::Storage& store, const std::string& form_id,
                                                    const std::string& db) {
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(store, diags);
  auto f = reg.Latest(form_id);
  if (!f) std::cerr << "mcsurvey: no form '" << form_id << "' in " << db << "\n";
  return f;
}

}  // namespace mcs::app
