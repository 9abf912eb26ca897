#include "web/admin/console.h"

namespace mcs::web::admin {

void AddDataRoutes(App&, http::Router&) {}

}  // namespace mcs::web::admin
