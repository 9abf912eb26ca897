#include "web/admin/console.h"

namespace mcs::web::admin {

void AddInvitationRoutes(App&, http::Router&) {}

}  // namespace mcs::web::admin
