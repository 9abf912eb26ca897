// Data protection (issue 25) on every storage: a person's data found, exported, corrected and
// erased by e-mail address; one question's answers erased; a form anonymised; a respondent deleting
// their own response. The PostgreSQL instances run in ctest pg.conformance (the filter
// *StorageConformance*postgresql* picks them up).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "engine/answers_json.h"
#include "export/export.h"
#include "form/form.h"
#include "common/crypto.h"
#include "privacy/acknowledgement.h"
#include "privacy/privacy.h"
#include "postgres_reset.h"
#include "privacy/retention.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::privacy {
namespace {

// The study's shape in small: an organisation, free text where people write names, a repeat, and
// the follow-up contact questions marked `personal`.
constexpr const char* kForm =
    "| survey  | type         | name          | label         | personal |\n"
    "|         | text         | org           | Organisation  |          |\n"
    "|         | text         | comments      | Comments      |          |\n"
    "|         | begin_repeat | mc            | Credential    |          |\n"
    "|         | text         | title         | Title         |          |\n"
    "|         | end_repeat   |               |               |          |\n"
    "|         | text         | contact_name  | Your name     | yes      |\n"
    "|         | text         | contact_email | Your e-mail   | yes      |\n"
    "| settings | form_id | version |\n"
    "|          | pv      | 1       |\n";

constexpr TimeMs kDay = 24LL * 3600 * 1000;
constexpr TimeMs kT0 = 1767225600000 + 9 * 3600 * 1000 + 123;  // 2026-01-01 09:00:00.123 UTC

storage::Invitation Inv(const std::string& id, const std::string& form, const std::string& name,
                        const std::string& email) {
  return storage::Invitation{id, form, name, email, "vet", "BE", kT0, "", ""};
}

storage::ResponseRecord Resp(const std::string& id, const std::string& inv, const std::string& answers,
                             const std::string& personal, bool complete) {
  storage::ResponseRecord r;
  r.id = id;
  r.form_id = "pv";
  r.form_version = "1";
  r.lang = "en";
  r.status = complete ? storage::ResponseStatus::kComplete : storage::ResponseStatus::kPartial;
  r.resume_hash = "resume-" + id;
  r.answers_json = answers;
  r.personal_json = personal;
  r.channel = "web";
  r.started_at = kT0;
  r.updated_at = kT0 + 60000;
  r.submitted_at = complete ? kT0 + 120000 : 0;
  r.invitation_id = inv;
  return r;
}

class PrivacyStorageConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      const char* env = std::getenv("MCS_TEST_PG_URL");
      if (!env || !*env) GTEST_SKIP() << "MCS_TEST_PG_URL is not set (run tests/pg/with_postgres.sh)";
      url_ = env;
      testing::ResetPostgres(url_);
    } else {
      url_ = "sqlite:" + dir_.File("p.db");
    }
    auto s = storage::Open(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->Migrate().ok());
    Diagnostics d;
    form_ = form::Compile(kForm, "pv.md", d);
    ASSERT_TRUE(form_) << d.ToString();
  }

  // Alice answered through her invitation and left her contact; Bob started through his; Dana
  // answered on the public link and left her contact; Jim's address contains Bob's. Alice was
  // also invited to another questionnaire (unless `one_form`).
  void Seed(bool one_form = false) {
    std::vector<storage::Invitation> invs = {Inv("inv-alice", "pv", "Alice Martin", "alice@example.org"),
                                             Inv("inv-bob", "pv", "Bob Stone", "bob@example.org"),
                                             Inv("inv-jim", "pv", "Jim Bobson", "jimbob@example.org")};
    if (!one_form) invs.push_back(Inv("inv-alice-2", "other", "Alice Martin", "Alice@Example.org"));
    ASSERT_TRUE(store_->AddInvitations(invs).ok());
    for (const auto& r :
         {Resp("r-alice", "inv-alice",
               R"({"org":"Acme","comments":"Ask Carla Rossi","mc":[{"title":"Badge by Carla Rossi"}]})",
               R"({"contact_name":"Alice Martin","contact_email":"alice@example.org"})", true),
          Resp("r-bob", "inv-bob", R"({"org":"Stone Ltd","comments":"later"})", "", false),
          Resp("r-dana", "", R"({"org":"Public body","comments":"Carla Rossi again"})",
               R"({"contact_name":"Dana Public","contact_email":"dana@example.org"})", true),
          Resp("r-jim", "", R"({"org":"Jim Org"})", R"({"contact_email":"jimbob@example.org"})", true)}) {
      ASSERT_TRUE(store_->InsertResponse(r).ok()) << r.id;
    }
  }

  std::string Csv() {
    exporter::Options o;
    o.complete_only = false;
    std::ostringstream out;
    auto n = exporter::WriteCsv(*store_, *form_, o, out, [](const std::string&) { return nullptr; });
    EXPECT_TRUE(n.ok());
    return out.str();
  }

  std::set<std::string> Found(const std::string& email) {
    std::set<std::string> out;
    for (const auto& it : FindSubject(*store_, email)) out.insert(it.place + " " + it.id);
    return out;
  }

  std::vector<storage::AuditEvent> AuditOf(const std::string& action) {
    std::vector<storage::AuditEvent> out;
    for (const auto& e : store_->ListAudit(1000, 0)) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }

  Actor owner_{"owner1", kT0 + 30 * kDay};
  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<storage::Storage> store_;
  std::shared_ptr<const form::Form> form_;
};

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyStorageConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(PrivacyStorageConformance, AccessReturnsEveryItemForTheAddressAndNothingOfAnyoneElse) {
  Seed();
  // Case and surrounding blanks do not matter; a longer address that contains this one is someone else.
  EXPECT_EQ(Found("  ALICE@example.org "),
            (std::set<std::string>{"invited-response r-alice", "invitation inv-alice", "invitation inv-alice-2",
                                   "follow-up-contact r-alice"}));
  EXPECT_EQ(Found("bob@example.org"), (std::set<std::string>{"invited-response r-bob", "invitation inv-bob"}));
  EXPECT_EQ(Found("dana@example.org"), (std::set<std::string>{"follow-up-contact r-dana"}));
  EXPECT_TRUE(Found("nobody@example.org").empty());

  auto items = FindSubjectAudited(*store_, "alice@example.org", "subject-export", owner_);
  std::string file = SubjectReport("alice@example.org", items, owner_.now);
  for (const char* held : {"Alice Martin", "alice@example.org", "Acme", "Ask Carla Rossi", "Badge by Carla Rossi",
                           "inv-alice-2"}) {
    EXPECT_NE(file.find(held), std::string::npos) << held;
  }
  for (const char* other : {"Bob", "bob@", "Dana", "dana@", "jimbob", "Stone Ltd", "Public body"}) {
    EXPECT_EQ(file.find(other), std::string::npos) << other;
  }
  // The audit line says who and when, and names the address only by its hash.
  auto audit = AuditOf("subject-export");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].user, "owner1");
  EXPECT_EQ(audit[0].at, owner_.now);
  EXPECT_EQ(audit[0].target, SubjectRef("Alice@Example.org"));
  EXPECT_EQ(audit[0].target.find("alice"), std::string::npos);
}

TEST_P(PrivacyStorageConformance, ErasureRemovesEveryItemAndTheExportChanges) {
  Seed();
  ASSERT_NE(Csv().find("Acme"), std::string::npos);
  auto out = EraseSubject(*store_, "alice@example.org", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->changed, 4);
  EXPECT_TRUE(out->scrubbed.ok()) << out->scrubbed.error().message;
  EXPECT_TRUE(Found("alice@example.org").empty());
  EXPECT_FALSE(store_->FindResponse("r-alice"));
  EXPECT_FALSE(store_->FindInvitation("inv-alice"));
  // Everyone else's data is as it was.
  EXPECT_EQ(Found("bob@example.org"), (std::set<std::string>{"invited-response r-bob", "invitation inv-bob"}));
  EXPECT_EQ(Found("dana@example.org"), (std::set<std::string>{"follow-up-contact r-dana"}));
  const std::string csv = Csv();
  EXPECT_EQ(csv.find("Acme"), std::string::npos);
  EXPECT_NE(csv.find("Public body"), std::string::npos);
  EXPECT_NE(csv.find("Stone Ltd"), std::string::npos);
  auto audit = AuditOf("subject-erase");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].user, "owner1");
  EXPECT_EQ(audit[0].detail, "4 items erased");
}

TEST_P(PrivacyStorageConformance, RectificationCorrectsTheValueWhereverItIsHeld) {
  Seed();
  auto out = RectifySubject(*store_, "alice@example.org", "Alice Martin", "Alice Martin-Dupont", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->changed, 3);  // two invitations and the follow-up contact
  EXPECT_EQ(store_->FindInvitation("inv-alice")->name, "Alice Martin-Dupont");
  EXPECT_EQ(store_->FindInvitation("inv-alice-2")->name, "Alice Martin-Dupont");
  EXPECT_NE(store_->FindResponse("r-alice")->personal_json.find("Alice Martin-Dupont"), std::string::npos);
  // A new address: she is found under it, and no longer under the old one.
  ASSERT_TRUE(RectifySubject(*store_, "alice@example.org", "alice@example.org", "alice@new.example", owner_).ok());
  EXPECT_TRUE(Found("alice@example.org").empty());
  EXPECT_EQ(Found("alice@new.example").size(), 4u);
  EXPECT_EQ(AuditOf("subject-rectify").size(), 2u);
  EXPECT_FALSE(RectifySubject(*store_, "alice@new.example", "", "x", owner_).ok());
}

TEST_P(PrivacyStorageConformance, ErasingAQuestionEmptiesItInEveryResponseAndTheExport) {
  Seed();
  ASSERT_NE(Csv().find("Carla Rossi"), std::string::npos);
  EXPECT_EQ(EraseQuestion(*store_, *form_, "comments", " ", owner_).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(EraseQuestion(*store_, *form_, "nonesuch", "names", owner_).error().code, ErrorCode::kInvalid);
  auto out = EraseQuestion(*store_, *form_, "comments", "respondents wrote names", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->responses, 3);  // Alice, Bob (partial) and Dana answered it
  std::string csv = Csv();
  EXPECT_EQ(csv.find("Ask Carla Rossi"), std::string::npos);
  EXPECT_EQ(csv.find("Carla Rossi again"), std::string::npos);
  EXPECT_NE(csv.find("Acme"), std::string::npos);  // other questions keep their answers
  // A repeat's question, then a personal one (kept apart from the answers).
  ASSERT_EQ(EraseQuestion(*store_, *form_, "title", "names", owner_)->responses, 1);
  EXPECT_EQ(store_->FindResponse("r-alice")->answers_json.find("Badge by"), std::string::npos);
  ASSERT_EQ(EraseQuestion(*store_, *form_, "contact_name", "not needed", owner_)->responses, 2);
  EXPECT_EQ(store_->FindResponse("r-alice")->personal_json, R"({"contact_email":"alice@example.org"})");
  EXPECT_EQ(store_->FindResponse("r-dana")->personal_json, R"({"contact_email":"dana@example.org"})");
  auto audit = AuditOf("question-erase");
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit.back().detail, "question comments: answers erased in 3 responses; reason: respondents wrote names");
  EXPECT_EQ(audit.back().user, "owner1");
}

TEST_P(PrivacyStorageConformance, AnonymisingRemovesContactsLinksAndPersonalAnswersAndKeepsDays) {
  Seed();
  // Not while the form takes answers.
  EXPECT_EQ(AnonymiseForm(*store_, "pv", owner_).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->PutWindow({"pv", 0, kT0 + 10 * kDay, false, ""}).ok());
  // Sent at 00:30 on 6 July 2026 in Brussels (22:30 UTC the day before): it keeps its day.
  auto night = Resp("r-night", "", R"({"org":"Night owl"})", "", true);
  night.started_at = 1783290600000 - 600000;  // 00:20 summer time
  night.updated_at = night.submitted_at = 1783290600000;
  ASSERT_TRUE(store_->InsertResponse(night).ok());
  auto out = AnonymiseForm(*store_, "pv", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->counts.invitations, 3);
  EXPECT_EQ(out->counts.responses, 5);
  auto owl = store_->FindResponse("r-night");
  ASSERT_TRUE(owl);
  for (TimeMs t : {owl->started_at, owl->updated_at, owl->submitted_at}) {
    EXPECT_EQ(t, 1783288800000) << "the start of 6 July 2026 on the study's clock (22:00 UTC on the 5th)";
  }
  EXPECT_NE(Csv().find("2026-07-06T00:00:00.000+02:00"), std::string::npos) << Csv();
  EXPECT_TRUE(out->scrubbed.ok()) << out->scrubbed.error().message;
  EXPECT_TRUE(store_->ListInvitations("pv").empty());
  EXPECT_EQ(store_->ListInvitations("other").size(), 1u);  // another form's contacts are not touched
  for (const char* id : {"r-alice", "r-bob", "r-dana", "r-jim"}) {
    auto r = store_->FindResponse(id);
    ASSERT_TRUE(r) << id;
    EXPECT_EQ(r->personal_json, "") << id;
    EXPECT_EQ(r->invitation_id, "") << id;
    EXPECT_EQ(r->resume_hash, "") << id;
    // To the start of the day on the study's clock: Brussels, in winter UTC+1 (1 January 2026, 00:00
    // is 23:00 UTC on 31 December); a time never set stays unset.
    constexpr TimeMs kHour = 3600 * 1000;
    EXPECT_EQ(r->started_at, kT0 - 9 * kHour - 123 - kHour) << id;
    EXPECT_EQ(r->updated_at, kT0 - 9 * kHour - 123 - kHour) << id;
    EXPECT_EQ(r->submitted_at, std::string(id) == "r-bob" ? 0 : kT0 - 9 * kHour - 123 - kHour) << id;
  }
  EXPECT_FALSE(store_->FindByResumeHash("resume-r-bob"));  // the resume link no longer leads anywhere
  EXPECT_EQ(AnonymisedAt(*store_, "pv"), owner_.now);
  EXPECT_EQ(Found("dana@example.org").size(), 0u);
  // Exports still work (the answers stay), and say the data is anonymised.
  EXPECT_NE(Csv().find("Acme"), std::string::npos);
  exporter::Options o;
  auto files = exporter::WriteFiles(*store_, *form_, o, exporter::FileFormat::kCsv, dir_.File(""), "x");
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_NE(testing::ReadTestFile(dir_.File("x-README.txt")).find("Anonymised: the data were anonymised on 2026-01-31"),
            std::string::npos);
  EXPECT_NE(RecordsOfProcessing(*store_, *form_).find("Anonymised on 2026-01-31"), std::string::npos);
  EXPECT_EQ(AuditOf("form-anonymise").size(), 1u);
}

TEST_P(PrivacyStorageConformance, ARespondentDeletesTheirOwnResponseInProgressOnly) {
  Seed();
  auto bob = store_->FindByResumeHash("resume-r-bob");
  ASSERT_TRUE(bob);
  ASSERT_TRUE(DeleteOwnResponse(*store_, *bob, kT0).ok());
  EXPECT_FALSE(store_->FindResponse("r-bob"));
  EXPECT_EQ(DeleteOwnResponse(*store_, *store_->FindResponse("r-alice"), kT0).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store_->FindResponse("r-alice"));
  auto audit = AuditOf("response-delete-own");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].target, "r-bob");
}

TEST_P(PrivacyStorageConformance, RecordsOfProcessingNameThePersonalQuestionsAndEveryPlace) {
  std::string rec = RecordsOfProcessing(*store_, *form_);
  EXPECT_NE(rec.find("contact_name: Your name"), std::string::npos);
  EXPECT_NE(rec.find("contact_email: Your e-mail"), std::string::npos);
  EXPECT_EQ(rec.find("- org"), std::string::npos);
  for (const auto& p : PlacesOfPersonalData()) EXPECT_NE(rec.find(p.name), std::string::npos) << p.name;
}

// Retention on a manual clock: nothing goes the moment before it ends; at the moment it ends two
// nodes (two connections to one database) run the job together: the data goes, the audit line is
// written once, and later runs do nothing.
TEST_P(PrivacyStorageConformance, RetentionDeletesOnTheDayItEndsOnceForTwoNodes) {
  Seed();
  const TimeMs closes = kT0 + 10 * kDay;
  ASSERT_TRUE(store_->PutWindow({"pv", 0, closes, false, ""}).ok());
  EXPECT_FALSE(RetentionDue(*store_, "pv"));
  ASSERT_TRUE(SetRetention(*store_, "pv", {30, true}, owner_).ok());
  const TimeMs due = closes + 30 * kDay;
  EXPECT_EQ(RetentionDue(*store_, "pv"), due);
  const std::vector<std::shared_ptr<const form::Form>> forms{form_};
  EXPECT_TRUE(RunRetention(*store_, forms, due - 1, "node-a").empty());
  EXPECT_EQ(store_->ListInvitations("pv").size(), 3u);
  EXPECT_NE(store_->FindResponse("r-dana")->personal_json, "");

  auto second = storage::Open(url_);
  ASSERT_TRUE(second.ok());
  std::vector<RetentionRun> a, b;
  std::thread node_a([&] { a = RunRetention(*store_, forms, due, "node-a"); });
  std::thread node_b([&] { b = RunRetention(**second, forms, due, "node-b"); });
  node_a.join();
  node_b.join();
  long long audited = 0, invitations = 0;
  for (const auto* runs : {&a, &b}) {
    for (const auto& r : *runs) {
      audited += r.audited_here;
      invitations += r.counts.invitations;
    }
  }
  EXPECT_EQ(audited, 1);
  EXPECT_EQ(invitations, 3);  // each deleted once, by one node or the other
  EXPECT_TRUE(store_->ListInvitations("pv").empty());
  EXPECT_EQ(store_->ListInvitations("other").size(), 1u);
  for (const char* id : {"r-alice", "r-bob", "r-dana", "r-jim"}) {
    auto r = store_->FindResponse(id);
    ASSERT_TRUE(r) << id;
    EXPECT_EQ(r->personal_json, "") << id;
    EXPECT_EQ(r->invitation_id, "") << id;
    EXPECT_EQ(r->answers_json.find("\"comments\""), std::string::npos) << id;  // free text too, as chosen
    EXPECT_EQ(r->answers_json.find("\"org\""), std::string::npos) << id;
    EXPECT_EQ(r->started_at, kT0) << id;  // retention keeps the times (anonymisation coarsens them)
  }
  EXPECT_EQ(RetentionDoneAt(*store_, "pv"), due);
  auto audit = AuditOf("retention");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].at, due);
  EXPECT_EQ(audit[0].target, "pv");
  EXPECT_TRUE(RunRetention(*store_, forms, due + 10 * kDay, "node-a").empty());
  EXPECT_TRUE(RunRetention(**second, forms, due + 10 * kDay, "node-b").empty());
  EXPECT_EQ(AuditOf("retention").size(), 1u);
  (*second)->Close();
}

// An archived form (fieldwork is over for good) counts as closed: it can be anonymised, and its
// archiving starts the retention when it comes before the closing time.
TEST_P(PrivacyStorageConformance, AnArchivedFormCountsAsClosed) {
  Seed();
  storage::FormWindow w{"pv", 0, kT0 + 100 * kDay, false, ""};
  w.archived_at = kT0 + 5 * kDay;
  ASSERT_TRUE(store_->PutWindow(w).ok());
  ASSERT_TRUE(SetRetention(*store_, "pv", {10, false}, owner_).ok());
  EXPECT_EQ(RetentionDue(*store_, "pv"), kT0 + 15 * kDay);
  ASSERT_TRUE(AnonymiseForm(*store_, "pv", Actor{"owner1", kT0 + 6 * kDay}).ok());
  EXPECT_TRUE(store_->ListInvitations("pv").empty());
}

// SQLite: after anonymisation not a byte of the contacts is left in the database files (main file
// and WAL): VACUUM and a truncating checkpoint. Checked against the files before too, so the
// search can fail.
TEST(PrivacySqliteFiles, AnonymisedContactsAreGoneFromTheDatabaseFiles) {
  testing::TempDir dir;
  const std::string path = dir.File("a.db");
  auto store = std::move(storage::Open("sqlite:" + path).value());
  ASSERT_TRUE(store->Migrate().ok());
  ASSERT_TRUE(store->AddInvitations({Inv("inv-alice", "pv", "Alice Martin", "alice@example.org"),
                                     Inv("inv-bob", "pv", "Bob Stone", "bob@example.org")})
                  .ok());
  auto r = Resp("r-alice", "inv-alice", R"({"org":"Acme"})",
                R"({"contact_name":"Alice Martin","contact_email":"alice@example.org"})", false);
  ASSERT_TRUE(store->InsertResponse(r).ok());
  // Saved a few times on the way, as a respondent does: old row versions linger in free space.
  for (int i = 0; i < 5; ++i) {
    r.personal_json = R"({"contact_name":"Dana Public )" + std::to_string(i) + R"(","contact_email":"dana@example.org"})";
    r.updated_at += 1000;
    ASSERT_TRUE(store->UpdateResponse(r).ok());
  }
  auto bytes = [&] {
    std::string all;
    for (const std::string& f : {path, path + "-wal"}) {
      std::ifstream in(f, std::ios::binary);
      all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  };
  const char* kContacts[] = {"alice@example.org", "Alice Martin", "bob@example.org", "Bob Stone", "dana@example.org",
                             "Dana Public"};
  std::string before = bytes();
  for (const char* c : kContacts) EXPECT_NE(before.find(c), std::string::npos) << c << " should be there before";
  ASSERT_TRUE(store->PutWindow({"pv", 0, kT0, true, ""}).ok());
  auto out = AnonymiseForm(*store, "pv", Actor{"owner1", kT0 + kDay});
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_TRUE(out->scrubbed.ok()) << out->scrubbed.error().message;
  std::string after = bytes();
  for (const char* c : kContacts) EXPECT_EQ(after.find(c), std::string::npos) << c << " is still in the files";
  EXPECT_NE(after.find("Acme"), std::string::npos);  // the answers stay
}

// The address book and the mail queue (issue 22) are places of personal data too: found, erased and
// corrected with the rest; the do-not-mail list is found but kept (the person asked not to be mailed).
TEST_P(PrivacyStorageConformance, ContactsAndTheMailQueueAreFoundErasedAndCorrected) {
  Seed();
  ASSERT_TRUE(store_
                  ->UpsertContacts({{"alice@example.org", "Alice Martin", "Acme", "employers", "FR", "fr", kT0, kT0},
                                    {"bob@example.org", "Bob Stone", "Stone Ltd", "employers", "DE", "de", kT0, kT0}})
                  .ok());
  storage::CampaignRecord c{"camp-1", "pv", "invitation", "group employers", "owner1", kT0};
  storage::QueuedMail to_alice;
  to_alice.id = "m-alice";
  to_alice.campaign_id = "camp-1";
  to_alice.email = "alice@example.org";
  to_alice.invitation_id = "inv-alice";
  storage::QueuedMail to_bob = to_alice;
  to_bob.id = "m-bob";
  to_bob.email = "bob@example.org";
  to_bob.invitation_id = "inv-bob";
  ASSERT_TRUE(store_->CreateCampaign(c, {}, {to_alice, to_bob}).ok());
  ASSERT_TRUE(store_->BlockAddress("alice@example.org", "opted-out", kT0).ok());

  EXPECT_EQ(Found("Alice@Example.org"),
            (std::set<std::string>{"invited-response r-alice", "invitation inv-alice", "invitation inv-alice-2",
                                   "follow-up-contact r-alice", "contact alice@example.org", "sent-message m-alice",
                                   "blocklist alice@example.org"}));
  const std::string file =
      SubjectReport("alice@example.org", FindSubject(*store_, "alice@example.org"), owner_.now);
  EXPECT_NE(file.find("camp-1"), std::string::npos);
  EXPECT_NE(file.find("opted-out"), std::string::npos);
  EXPECT_EQ(file.find("Stone Ltd"), std::string::npos);

  // Rectification reaches the address book; a new address replaces the contact's key.
  ASSERT_TRUE(RectifySubject(*store_, "alice@example.org", "Alice Martin", "Alice Martin-Dupont", owner_).ok());
  ASSERT_TRUE(RectifySubject(*store_, "alice@example.org", "alice@example.org", "alice@new.example", owner_).ok());
  std::map<std::string, std::string> names;
  for (const auto& ct : store_->ListContacts()) names[ct.email] = ct.name;
  EXPECT_EQ(names, (std::map<std::string, std::string>{{"alice@new.example", "Alice Martin-Dupont"},
                                                       {"bob@example.org", "Bob Stone"}}));

  // Erasure: her contact and her message go, the opt-out stays (and says why), Bob's are untouched.
  auto out = EraseSubject(*store_, "alice@example.org", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->kept, 1);  // the blocklist entry
  auto erased = EraseSubject(*store_, "alice@new.example", owner_);
  ASSERT_TRUE(erased.ok()) << erased.error().message;
  EXPECT_EQ(Found("alice@new.example"), std::set<std::string>{});
  EXPECT_EQ(Found("alice@example.org"), (std::set<std::string>{"blocklist alice@example.org"}));
  std::vector<std::string> left;
  for (const auto& m : store_->ListMail("camp-1")) left.push_back(m.id);
  EXPECT_EQ(left, std::vector<std::string>{"m-bob"});
  EXPECT_EQ(store_->ListContacts().size(), 1u);

  // Anonymising the form takes its campaigns' messages (they hold the addresses) with its invitations.
  ASSERT_TRUE(store_->AnonymiseForm("pv", nullptr).ok());
  EXPECT_TRUE(store_->ListMail("camp-1").empty());
}

// Bounce reports (issue 22) about an address are personal data too: found and erased with the rest;
// the blocklist entry a hard bounce made stays (the address must not be mailed again).
TEST_P(PrivacyStorageConformance, BouncesAreFoundAndErased) {
  Seed();
  ASSERT_TRUE(store_->RecordBounce({"h1:0", kT0, "zed.bounce@example.org", "", "hard", "5.1.1", "smtp; 550 unknown"}).ok());
  ASSERT_TRUE(store_->RecordBounce({"h2:0", kT0, "zed.bounce@example.org", "", "soft", "4.2.2", "full"}).ok());
  ASSERT_TRUE(store_->RecordBounce({"h3:0", kT0, "other.bounce@example.org", "", "soft", "4.2.2", ""}).ok());
  ASSERT_TRUE(store_->BlockAddress("zed.bounce@example.org", "bounced", kT0).ok());
  EXPECT_EQ(Found("Zed.Bounce@example.org"),
            (std::set<std::string>{"bounce h1:0", "bounce h2:0", "blocklist zed.bounce@example.org"}));
  auto out = EraseSubject(*store_, "zed.bounce@example.org", owner_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(Found("zed.bounce@example.org"), (std::set<std::string>{"blocklist zed.bounce@example.org"}));
  auto left = store_->ListBounces("");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].email, "other.bounce@example.org");
}

// The acknowledgement of the privacy notice (privacy/acknowledgement.h): the setting, the time and the
// notice's version kept by every save of the response, in every export format's main table and its
// codebook once the form asks, in the person's access copy, and coarsened to the day by anonymisation.
TEST_P(PrivacyStorageConformance, TheAcknowledgementIsKeptExportedAndInTheAccessCopy) {
  Seed(/*one_form=*/true);
  EXPECT_FALSE(AcknowledgementRequired(*store_, "pv"));
  EXPECT_FALSE(AcknowledgementAsked(*store_, "pv"));
  EXPECT_EQ(Csv().find("privacy_acknowledged_at"), std::string::npos);  // a form that never asked: no columns
  ASSERT_TRUE(SetAcknowledgementRequired(*store_, "pv", true, owner_).ok());
  EXPECT_TRUE(AcknowledgementRequired(*store_, "pv"));
  ASSERT_EQ(AuditOf("privacy-acknowledgement").size(), 1u);
  EXPECT_EQ(AuditOf("privacy-acknowledgement")[0].user, "owner1");

  // Bob (in progress) acknowledges on his way back; the page saves after it keep it.
  auto bob = store_->FindResponse("r-bob");
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->privacy_ack_at, 0);
  const TimeMs at = kT0 + 3 * kDay + 4321;
  Acknowledge(*bob, "Notice v1", at);
  ASSERT_TRUE(store_->UpdateResponse(*bob).ok());
  bob = store_->FindByResumeHash("resume-r-bob");
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->privacy_ack_at, at);
  EXPECT_EQ(bob->privacy_notice, NoticeVersion("Notice v1"));
  EXPECT_EQ(bob->privacy_notice, "sha256:" + Sha256Hex("Notice v1").substr(0, 16));
  bob->answers_json = R"({"org":"Stone Ltd","comments":"done"})";
  bob->updated_at = at + 1000;
  ASSERT_TRUE(store_->UpdateResponse(*bob).ok());  // a page saved on the way
  bob->status = storage::ResponseStatus::kComplete;
  bob->submitted_at = at + 2000;
  ASSERT_TRUE(store_->UpdateResponse(*bob).ok());  // sent
  bob = store_->FindResponse("r-bob");
  EXPECT_EQ(bob->privacy_ack_at, at);
  EXPECT_EQ(bob->privacy_notice, NoticeVersion("Notice v1"));
  // A response stored with it from the start (a new respondent, the API).
  auto eve = Resp("r-eve", "", R"({"org":"Eve Org"})", "", true);
  Acknowledge(eve, "Notice v2", at + 5000);
  ASSERT_TRUE(store_->InsertResponse(eve).ok());
  EXPECT_EQ(store_->FindResponse("r-eve")->privacy_notice, NoticeVersion("Notice v2"));

  // Turned off again: the columns stay, since responses hold acknowledgements.
  ASSERT_TRUE(SetAcknowledgementRequired(*store_, "pv", false, owner_).ok());
  EXPECT_FALSE(AcknowledgementRequired(*store_, "pv"));
  EXPECT_TRUE(AcknowledgementAsked(*store_, "pv"));
  const std::string csv = Csv();
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "id,form_version,lang,status,started_at,submitted_at,privacy_acknowledged_at,privacy_notice,org,comments");
  EXPECT_NE(csv.find(",2026-01-04T10:00:04.444+01:00," + NoticeVersion("Notice v1") + ",Stone Ltd"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("r-alice,1,en,complete,2026-01-01T10:00:00.123+01:00,2026-01-01T10:02:00.123+01:00,,,Acme"),
            std::string::npos)
      << csv;
  // Every format's main table and the codebook carry it; JSON lines only where there is one.
  for (auto fmt : {exporter::FileFormat::kXlsx, exporter::FileFormat::kSav, exporter::FileFormat::kDta}) {
    exporter::Options o;
    o.complete_only = false;
    auto files = exporter::WriteFiles(*store_, *form_, o, fmt, dir_.File(""), "ack");
    ASSERT_TRUE(files.ok()) << files.error().message;
    const std::string codebook = testing::ReadTestFile(dir_.File("ack-codebook.csv"));
    EXPECT_NE(codebook.find("privacy_acknowledged_at"), std::string::npos) << static_cast<int>(fmt);
    EXPECT_NE(codebook.find("Privacy notice acknowledged at (Europe/Brussels)"), std::string::npos);
    EXPECT_NE(testing::ReadTestFile(dir_.File("ack-README.txt")).find("privacy_acknowledged_at is when"), std::string::npos);
    // The data file itself names the variable (an xlsx is zipped: the sav and dta hold the name as is).
    if (fmt != exporter::FileFormat::kXlsx) {
      const std::string data = testing::ReadTestFile(dir_.File(fmt == exporter::FileFormat::kSav ? "ack.sav" : "ack.dta"));
      EXPECT_NE(data.find("privacy_notice"), std::string::npos) << static_cast<int>(fmt);
      // (a sav's cases are compressed in 8-byte pieces; a dta's strings are stored as they are)
      if (fmt == exporter::FileFormat::kDta) {
        EXPECT_NE(data.find(NoticeVersion("Notice v1")), std::string::npos);
      }
    }
  }
  {
    exporter::Options o;
    o.complete_only = false;
    std::ostringstream out;
    ASSERT_TRUE(exporter::WriteJsonl(*store_, *form_, o, out).ok());
    const std::string jsonl = out.str();
    EXPECT_NE(jsonl.find("\"privacy_acknowledged_at\":\"2026-01-04T10:00:04.444+01:00\",\"privacy_notice\":\"" +
                         NoticeVersion("Notice v1") + "\""),
              std::string::npos)
        << jsonl;
  }

  // Bob's access copy says when he acknowledged which notice.
  std::string copy = SubjectReport("bob@example.org", FindSubject(*store_, "bob@example.org"), owner_.now);
  EXPECT_NE(copy.find("privacy notice acknowledged"), std::string::npos) << copy;
  EXPECT_NE(copy.find("2026-01-04T09:00:04.444Z"), std::string::npos) << copy;
  EXPECT_NE(copy.find(NoticeVersion("Notice v1")), std::string::npos) << copy;

  // Anonymised: the time of the acknowledgement is kept to the day, like the others (the start of
  // 4 January 2026 in Brussels, 23:00 UTC on the 3rd).
  ASSERT_TRUE(store_->PutWindow({"pv", 0, kT0 + 10 * kDay, false, ""}).ok());
  ASSERT_TRUE(AnonymiseForm(*store_, "pv", owner_).ok());
  EXPECT_EQ(store_->FindResponse("r-bob")->privacy_ack_at, at - at % kDay - 3600 * 1000);
  EXPECT_EQ(store_->FindResponse("r-bob")->privacy_notice, NoticeVersion("Notice v1"));
}

}  // namespace
}  // namespace mcs::privacy
