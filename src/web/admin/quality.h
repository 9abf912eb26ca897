// The data-quality service: computes every response's flags for a form and stores the ones that
// changed (the team's exclusions and notes are kept).
#pragma once
#include <string>
#include <vector>

#include "storage/storage.h"
#include "web/app.h"

namespace mcs::web::admin {

// The form's responses (test previews left out, excluded ones in), with their flags up to date.
std::vector<storage::ResponseRecord> ScanQuality(App& app, const form::Form& f);

}  // namespace mcs::web::admin
