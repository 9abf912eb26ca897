// Moving a whole study between databases (mcsurvey migrate) and proving the copy is faithful.
// Written against the Storage interface only, so any backend can be the source or the target.
#pragma once
#include <string>

#include "storage/storage.h"

namespace mcs::storage {

struct CopyCounts {
  long long forms = 0;
  long long responses = 0;
  long long users = 0;
  long long invitations = 0;
  long long audit = 0;
};

// Copies settings, forms, windows, users, API tokens, invitations, responses and the audit log from
// `from` into `to` (migrated, holding no responses). Console sign-in sessions are not copied: they
// are short-lived and people sign in again.
Result<CopyCounts> CopyStudy(Storage& from, Storage& to);

struct ResponseDigest {
  long long count = 0;
  std::string checksum;  // SHA-256 (hex) over every response's fields, in id order
};

// The number of responses of every stored form (test previews included) and one checksum of all of
// them: equal digests mean equal responses.
ResponseDigest DigestResponses(Storage& s);

}  // namespace mcs::storage
