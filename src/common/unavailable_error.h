// UnavailableError: thrown by a storage read that has no error channel when the storage cannot answer
// now (the database server is down or restarting). The HTTP server answers it with 503 and
// Retry-After, not 500: the client may try again in a moment.
#pragma once
#include <stdexcept>

namespace mcs {

class UnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mcs
