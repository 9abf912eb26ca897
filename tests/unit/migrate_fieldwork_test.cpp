// Moving a study mid-fieldwork (mcsurvey migrate, storage/copy_study.h). A study on SQLite with an
// address book, an invitation campaign half sent through a real SMTP relay (tests/http/smtp_sink.py
// under Debian's Python), one message left uncertain by a node that stopped while handing it over, an
// opt-out, a hard bounce, a follow-up contact with its consent record and a response that acknowledged
// the privacy notice is copied to another database. There:
//   - every kind of record has the source's count and checksum (DigestStudy);
//   - the queue sends what was still queued and nothing else: nobody is mailed twice, the uncertain
//     message is not resent, the opted-out address is not mailed (the relay's own log says so);
//   - a reminder goes to exactly whom it went to from the source;
//   - a person's access copy finds the same data, and erasing them reaches all of it.
// "sqlite": SQLite -> SQLite. "postgresql": SQLite -> PostgreSQL (the behaviour is checked there) ->
// SQLite again, so both directions are proven; it needs MCS_TEST_PG_URL (ctest pg.conformance).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "engine/answers_json.h"
#include "engine/consent.h"
#include "postgres_reset.h"
#include "privacy/privacy.h"
#include "smtp_sink.h"
#include "storage/copy_study.h"
#include "test_util.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/form_registry.h"
#include "web/mail_sender.h"
#include "web/mail_settings.h"

namespace mcs::storage {
namespace {

std::string Email(int i) {
  return "p" + std::to_string(i) + "@example.org";
}

// What a person's access copy holds, without the audit log's line numbers (a copy numbers them afresh).
std::vector<std::string> AccessCopy(Storage& s, const std::string& email) {
  std::vector<std::string> out;
  for (const auto& it : privacy::FindSubject(s, email)) {
    std::string line = it.place + " " + (it.place == "audit" ? "" : it.id) + " " + it.form_id;
    for (const auto& [k, v] : it.fields) line += " | " + k + "=" + v;
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Reminder {
  std::set<std::string> to;
  int blocked = 0, already = 0;
};
Reminder PlanReminder(Storage& s, const form::Form& f, TimeMs now) {
  SeededRandom random(3);
  web::CampaignPlan p = web::PlanReminders(s, f, "", "t", now, random);
  Reminder r;
  for (const auto& m : p.mail) r.to.insert(m.email);
  r.blocked = p.blocked;
  r.already = p.already;
  return r;
}

// address -> state of its message in the campaigns of `kind`.
std::map<std::string, std::string> MailStates(Storage& s, const std::string& kind) {
  std::map<std::string, std::string> out;
  for (const auto& c : s.ListCampaigns())
    if (c.kind == kind)
      for (const auto& m : s.ListMail(c.id)) out[m.email] = m.state;
  return out;
}

std::map<std::string, int> Count(const std::vector<std::string>& v) {
  std::map<std::string, int> out;
  for (const auto& x : v) out[x]++;
  return out;
}

void ExpectSameStudy(Storage& a, Storage& b, const std::string& what) {
  auto da = DigestStudy(a), db = DigestStudy(b);
  ASSERT_EQ(da.size(), db.size());
  for (std::size_t i = 0; i < da.size(); ++i) {
    EXPECT_EQ(da[i].kind, db[i].kind);
    EXPECT_EQ(da[i].count, db[i].count) << what << ": " << da[i].kind;
    EXPECT_EQ(da[i].checksum, db[i].checksum) << what << ": " << da[i].kind;
  }
}

class MigrateFieldwork : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(StorageConformance, MigrateFieldwork, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(MigrateFieldwork, TheCopyCarriesOnAsTheSourceWould) {
  std::string pg;
  if (GetParam() == "postgresql") {
    const char* env = std::getenv("MCS_TEST_PG_URL");
    if (!env || !*env) GTEST_SKIP() << "MCS_TEST_PG_URL is not set (run tests/pg/with_postgres.sh)";
    pg = env;
    testing::ResetPostgres(pg);
  }
  setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
  testing::TempDir dir;
  std::filesystem::create_directories(dir.File("relay"));
  testing::SmtpSink relay(dir.File("relay"));
  if (relay.port() == 0) GTEST_SKIP() << "no SMTP sink (Debian's python3-aiosmtpd: scripts/install-deps.sh test)";

  // --- The study on SQLite, mid-fieldwork ---
  auto src = std::move(Open("sqlite:" + dir.File("source.db")).value());
  ManualClock clock(ParseTimeUtc("2027-06-01T08:00:00Z"));
  SeededRandom random(7);
  web::App app(*src, clock, random);
  std::ostringstream log;
  ASSERT_TRUE(app.Init(log).ok()) << log.str();
  auto form = app.forms().Published("employers");
  ASSERT_TRUE(form);
  mail::SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = relay.port();
  smtp.security = "none";
  smtp.from_address = "survey@example.org";
  smtp.per_minute = 0;
  smtp.password = "relay-secret";
  ASSERT_TRUE(web::SaveSmtp(*src, smtp, false).ok());
  ASSERT_TRUE(src->PutSetting("mail.public_url", "https://survey.example.org").ok());
  ASSERT_TRUE(src->PutSetting(AcknowledgementSettingKey("employers"), "on").ok());
  std::vector<ContactRecord> contacts;
  for (int i = 0; i < 8; ++i)
    contacts.push_back({Email(i), "Person " + std::to_string(i), "Org", "employers", "BE", i % 2 ? "fr" : "en", 1, 2});
  contacts.push_back({"other@example.org", "O", "", "authorities", "BE", "en", 1, 1});
  ASSERT_TRUE(src->UpsertContacts(contacts).ok());
  web::CampaignPlan inv = web::PlanInvitations(*src, *form, {}, "ann", clock.Now(), random);
  ASSERT_EQ(inv.mail.size(), 8u);
  ASSERT_TRUE(src->CreateCampaign(inv.campaign, inv.invitations, inv.mail).ok());
  std::map<std::string, std::string> invitation_of;
  for (const auto& i : inv.invitations) invitation_of[i.email] = i.id;

  // p5 opts out before their message leaves; p0, p1, p2 are sent through the relay.
  ASSERT_TRUE(src->BlockAddress(Email(5), "opted-out", clock.Now()).ok());
  web::MailSender sender(app, "node-a", 60000);
  EXPECT_EQ(sender.SendSome(3), 3);
  ASSERT_EQ(relay.Recipients(), (std::vector<std::string>{Email(0), Email(1), Email(2)}));
  // A node claims p3 and stops while handing it over: after the lease it is uncertain.
  ASSERT_EQ(src->ClaimMails("node-b", clock.Now(), 1, 0).size(), 1u);
  clock.Set(clock.Now() + 120000);
  ASSERT_EQ(src->ExpireClaims(clock.Now() - 60000).value(), 1);
  // p2's invitation bounced for good.
  auto p2_mail = std::find_if(inv.mail.begin(), inv.mail.end(), [](const auto& m) { return m.email == Email(2); });
  ASSERT_TRUE(src->RecordBounce({"dsn-p2", clock.Now(), Email(2), p2_mail->id, "hard", "5.1.1",
                                 "smtp; 550 5.1.1 <p2@example.org>: unknown"})
                  .value());
  ASSERT_TRUE(src->BlockAddress(Email(2), "bounced", clock.Now()).ok());
  // p0 finished, acknowledged the privacy notice and left a follow-up contact with their consent;
  // p1 started.
  engine::Answers a;
  a.values = {{"followup_consent", "yes"}, {"contact_name", "Person 0"}, {"contact_email", Email(0)}};
  engine::RecordConsent(*form, a, "en", "2027-06-01T08:03:00.000Z");
  ResponseRecord r;
  r.id = "R0";
  r.form_id = "employers";
  r.form_version = form->version;
  r.lang = "en";
  r.status = ResponseStatus::kComplete;
  r.channel = "web";
  engine::ToStoredJsonSplit(*form, a, r.answers_json, r.personal_json);
  ASSERT_NE(r.personal_json.find(engine::kConsentKey), std::string::npos);
  r.started_at = r.updated_at = r.submitted_at = clock.Now();
  r.invitation_id = invitation_of[Email(0)];
  r.privacy_ack_at = clock.Now() - 1000;
  r.privacy_notice = "sha256:0123456789abcdef";
  ASSERT_TRUE(src->InsertResponse(r).ok());
  r = ResponseRecord{};
  r.id = "R1";
  r.form_id = "employers";
  r.form_version = form->version;
  r.lang = "fr";
  r.channel = "web";
  r.answers_json = "{}";
  r.resume_hash = "resume-p1";
  r.started_at = r.updated_at = clock.Now();
  r.invitation_id = invitation_of[Email(1)];
  ASSERT_TRUE(src->InsertResponse(r).ok());

  const Reminder reminder_before = PlanReminder(*src, *form, clock.Now());
  // finished p0; bounced p2 and opted-out p5 left out; p3 (uncertain) is still invited.
  EXPECT_EQ(reminder_before.to, (std::set<std::string>{Email(1), Email(3), Email(4), Email(6), Email(7)}));
  // The reminder scheduled 40 days before closing is made (queued) on the source.
  ASSERT_TRUE(web::SetReminderDays(*src, "employers", "40").ok());
  EXPECT_EQ(sender.ScheduleReminders(), 1);
  const std::map<std::string, std::string> states_before = MailStates(*src, "invitation");
  EXPECT_EQ(states_before.at(Email(3)), "uncertain");
  EXPECT_EQ(states_before.at(Email(4)), "queued");
  const std::vector<std::string> p0_before = AccessCopy(*src, Email(0)), p2_before = AccessCopy(*src, Email(2));
  EXPECT_GE(p0_before.size(), 4u);  // contact, invitation, response with its consent, mail, audit

  // --- The move ---
  std::unique_ptr<Storage> dst = std::move(Open(pg.empty() ? "sqlite:" + dir.File("target.db") : pg).value());
  ASSERT_TRUE(dst->Migrate().ok());
  EXPECT_FALSE(StudyDataIn(DigestStudy(*dst)));
  auto n = CopyStudy(*src, *dst);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->contacts, 9);
  EXPECT_EQ(n->campaigns, 2);  // the invitation and the scheduled reminder
  EXPECT_EQ(n->mail, 8 + 5);
  EXPECT_EQ(n->blocked, 2);
  EXPECT_EQ(n->bounces, 1);
  EXPECT_EQ(n->responses, 2);
  ExpectSameStudy(*src, *dst, "the copy");
  EXPECT_EQ(StudyDataIn(DigestStudy(*dst)).value_or(""), "invitations");  // a second copy is refused
  if (!pg.empty()) {                                                      // and back: PostgreSQL -> SQLite
    auto back = std::move(Open("sqlite:" + dir.File("back.db")).value());
    ASSERT_TRUE(back->Migrate().ok());
    ASSERT_TRUE(CopyStudy(*dst, *back).ok());
    ExpectSameStudy(*src, *back, "the copy of the copy");
    back->Close();
  }
  // One changed byte is seen.
  {
    auto d = DigestStudy(*dst);
    ASSERT_TRUE(dst->BlockAddress("late@example.org", "opted-out", 1).ok());
    auto e = DigestStudy(*dst);
    EXPECT_NE(d[9].checksum, e[9].checksum);
    EXPECT_EQ(e[9].kind, "blocklist");
  }

  // --- After the move, on the target ---
  web::App moved(*dst, clock, random);
  ASSERT_TRUE(moved.Init(log).ok()) << log.str();
  EXPECT_EQ(moved.csrf_secret(), app.csrf_secret());  // links already sent keep working
  EXPECT_EQ(web::LoadSmtp(*dst).password, "relay-secret");
  EXPECT_EQ(MailStates(*dst, "invitation"), states_before);
  auto moved_form = moved.forms().Published("employers");
  ASSERT_TRUE(moved_form);
  const Reminder reminder_after = PlanReminder(*dst, *moved_form, clock.Now());
  EXPECT_EQ(reminder_after.to, reminder_before.to);
  EXPECT_EQ(reminder_after.blocked, reminder_before.blocked);
  EXPECT_EQ(reminder_after.already, reminder_before.already);
  EXPECT_EQ(AccessCopy(*dst, Email(0)), p0_before);
  EXPECT_EQ(AccessCopy(*dst, Email(2)), p2_before);
  EXPECT_EQ(dst->FindResponse("R0")->privacy_ack_at, clock.Now() - 1000);

  // The queue goes on from the target: what was queued leaves once; nothing sent or uncertain again,
  // and the reminder already made is not made again.
  web::MailSender sender2(moved, "node-c", 60000);
  EXPECT_EQ(sender2.ScheduleReminders(), 0);
  EXPECT_EQ(sender2.SendSome(20), 9);  // invitations p4, p5, p6, p7; reminders p1, p3, p4, p6, p7
  EXPECT_EQ(sender2.SendSome(20), 0);
  // Per address: the invitation (not p3's, uncertain; not p5's, opted out) and the reminder.
  EXPECT_EQ(
      Count(relay.Recipients()),
      (std::map<std::string, int>{
          {Email(0), 1}, {Email(1), 2}, {Email(2), 1}, {Email(3), 1}, {Email(4), 2}, {Email(6), 2}, {Email(7), 2}}));
  auto states = MailStates(*dst, "invitation");
  EXPECT_EQ(states.at(Email(3)), "uncertain");
  EXPECT_EQ(states.at(Email(5)), "failed");  // the opt-out holds
  EXPECT_EQ(dst->BlockedReason(Email(5)).value_or(""), "opted-out");

  // Erasure on the target reaches everything the source held about the person.
  privacy::Actor owner{"admin", clock.Now()};
  auto erased = privacy::EraseSubject(*dst, Email(0), owner);
  ASSERT_TRUE(erased.ok());
  EXPECT_GE(erased->changed, static_cast<long long>(p0_before.size()) - erased->kept);
  for (const auto& line : AccessCopy(*dst, Email(0)))
    EXPECT_EQ(line.rfind("audit", 0), 0u) << "left after erasure: " << line;
  dst->Close();
  src->Close();
}

}  // namespace
}  // namespace mcs::storage
