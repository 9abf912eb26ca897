// Moving a whole study between databases (mcsurvey migrate) and proving the copy is faithful.
// Written against the Storage interface only, so any backend can be the source or the target
// (SQLite -> PostgreSQL when one machine is not enough, PostgreSQL -> SQLite back).
//
// What is copied, table by table of the two migrations arrays (sqlite/migrations.cpp,
// postgres/migrations.cpp):
//   meta            copied: every setting (AllSettings), i.e. the CSRF, resume and invitation secrets,
//                   the study's texts and groups, SMTP settings with their password, bounce mailbox
//                   settings with theirs, templates, reminder schedules, privacy notices and the
//                   acknowledgement switch, targets, merges, quotes, retention, results pages, marks
//                   such as study_installed and anonymised:FORM.
//   forms           copied (every version, drafts included, with its bytes and publication time).
//   form_windows    copied (opening, closing, pause, message, archived).
//   responses       copied, every field: partial, excluded and test previews, review, personal part
//                   (follow-up contacts and their consent records, engine/consent.h), invitation link,
//                   privacy acknowledgement columns (privacy_ack_at, privacy_notice).
//   users           copied, with password hashes and the sign-in throttle (failed_logins, locked_until).
//   api_tokens      copied (hashes), revoked ones stay revoked.
//   invitations     copied; each is linked to its response again when the response is copied.
//   audit_log       copied oldest first; the target numbers the lines afresh (seq is not compared).
//   contacts        copied (the address book, created_at and updated_at kept).
//   campaigns       copied.
//   mail_queue      copied verbatim (RestoreCampaign): state, attempts, claim, node, outcome, queue
//                   order. Sent, failed and uncertain messages are never sent again by the target;
//                   a message left `sending` by a stopped node becomes uncertain there as anywhere.
//   mail_blocklist  copied with reason and time: opt-outs and bounced addresses hold.
//   mail_bounces    copied (each DSN's key, so a bounce read again is still recognised).
// Deliberately not copied:
//   sessions           console sign-ins are short-lived and bound to the old server; people sign in again.
//   response_versions  (SQLite) and forms_version (SQLite): counters kept by triggers that the target
//                   moves on by itself as the copy inserts; they are opaque change marks, not data.
//   schema_migrations  the target's own schema history (Migrate).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "storage/storage.h"

namespace mcs::storage {

struct CopyCounts {
  long long settings = 0;
  long long forms = 0;
  long long windows = 0;
  long long users = 0;
  long long api_tokens = 0;
  long long invitations = 0;
  long long contacts = 0;
  long long campaigns = 0;
  long long mail = 0;
  long long blocked = 0;
  long long bounces = 0;
  long long responses = 0;
  long long audit = 0;
};

// Copies everything listed above from `from` into `to` (migrated; see StudyDataIn for what it must
// not hold yet). Stops at the first failed write.
Result<CopyCounts> CopyStudy(Storage& from, Storage& to);

struct ResponseDigest {
  long long count = 0;
  std::string checksum;  // SHA-256 (hex) over every response's fields, in id order
};

// The number of responses of every stored form (test previews included) and one checksum of all of
// them: equal digests mean equal responses.
ResponseDigest DigestResponses(Storage& s);

// One kind of record CopyStudy copies: how many, and a SHA-256 (hex) over all of them (every field
// but the audit log's line numbers). Equal digests of every kind mean an equal study.
struct KindDigest {
  std::string kind;  // settings, forms, windows, users, api_tokens, invitations, contacts, campaigns,
                     // mail, blocklist, bounces, responses, audit
  long long count = 0;
  std::string checksum;
};
// Every kind, always in the order above.
std::vector<KindDigest> DigestStudy(Storage& s);

// The first kind of study data `s` holds that a copy would mix with (responses, invitations,
// contacts, campaigns, mail, blocklist, bounces, audit), nullopt when it holds none. Forms, users and
// settings may be there (a server started on the target installs them); the copy overwrites them.
std::optional<std::string> StudyDataIn(const std::vector<KindDigest>& digests);

}  // namespace mcs::storage
