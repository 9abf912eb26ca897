#include "web/admin/console.h"

namespace mcs::web::admin {

void AddDashboardRoutes(App& app, http::Router& r) {
  Get(app, r, "/admin", Role::kViewer, [](Ctx& c) { return Page(c, 200, "Dashboard", "<p>Coming.</p>"); });
}

}  // namespace mcs::web::admin
