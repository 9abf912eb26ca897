#include "web/admin/console.h"

namespace mcs::web::admin {

void AddQualityRoutes(App&, http::Router&) {}

}  // namespace mcs::web::admin
