// Signing in and out of the console: sessions in cookies, lock-out after failed sign-ins.
#pragma once
#include <optional>

#include "web/admin/console.h"

namespace mcs::web::admin {

// Consecutive failed sign-ins that lock an account, and for how long.
inline constexpr int kMaxFailedSignIns = 5;
inline constexpr TimeMs kLockMs = 15 * 60 * 1000;
// A session ends after two idle hours, and twelve hours after sign-in whatever happens.
inline constexpr TimeMs kIdleMs = 2 * 3600 * 1000;
inline constexpr TimeMs kMaxSessionMs = 12 * 3600 * 1000;

// The signed-in team member behind the request's session cookie (sliding its expiry), or nullopt.
std::optional<Ctx> LoadSession(App& app, const http::Request& req, const http::Params& params);

}  // namespace mcs::web::admin
