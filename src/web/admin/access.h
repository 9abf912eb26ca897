// Signing in and out of the console: sessions in cookies, a throttle after failed sign-ins
// (storage.h: SignInDelayMs) that a browser the account signed in with before passes.
#pragma once
#include <optional>

#include "web/admin/console.h"

namespace mcs::web::admin {

// A session ends after two idle hours, and twelve hours after sign-in whatever happens.
inline constexpr TimeMs kIdleMs = 2 * 3600 * 1000;
inline constexpr TimeMs kMaxSessionMs = 12 * 3600 * 1000;

// The signed-in team member behind the request's session cookie (sliding its expiry), or nullopt.
std::optional<Ctx> LoadSession(App& app, const http::Request& req, const http::Params& params);

}  // namespace mcs::web::admin
