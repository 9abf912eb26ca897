#include "web/admin/console.h"

namespace mcs::web::admin {

void AddFormRoutes(App&, http::Router&) {}

}  // namespace mcs::web::admin
