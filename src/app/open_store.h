// The one way a command opens the study's database: open it and bring its schema up to date. On a
// failure the reason is written to standard error and nullptr returned (the command exits 1).
#pragma once
#include <iostream>
#include <memory>
#include <string>

#include "common/timezone.h"
#include "storage/storage.h"

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

}  // namespace mcs::app
