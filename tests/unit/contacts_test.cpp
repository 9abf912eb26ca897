// The address book's checks (issue 22): countries as ISO codes whatever language a list wrote them
// in, e-mail syntax, and contact files (CSV and XLSX) refused whole when a line is bad.
#include "web/contacts.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <sstream>

#include "common/country.h"
#include "common/email_address.h"
#include "test_util.h"
#include "web/app.h"
#include "web/campaigns.h"
#include "web/form_registry.h"
#include "web/mail_sender.h"

namespace mcs::web {
namespace {

TEST(Country, NamesInTheEuLanguagesBecomeIsoCodes) {
  // text as a contact list wrote it -> the code stored
  const std::pair<const char*, const char*> cases[] = {
      {"GR", "GR"},           {"gr", "GR"},          {"EL", "GR"},        {"GRC", "GR"},
      {"Greece", "GR"},       {"greece", "GR"},      {" Grèce ", "GR"},   {"Griechenland", "GR"},
      {"Ελλάδα", "GR"},       {"Grecia", "GR"},      {"Řecko", "GR"},     {"Kreikka", "GR"},
      {"Deutschland", "DE"},  {"Allemagne", "DE"},   {"Niemcy", "DE"},    {"Германия", "DE"},
      {"Österreich", "AT"},   {"OSTERREICH", "AT"},  {"Belgique", "BE"},  {"België", "BE"},
      {"Česko", "CZ"},        {"Magyarország", "HU"}, {"Éire", "IE"},     {"Is-Slovakkja", "SK"},
      {"United Kingdom", "GB"}, {"UK", "GB"},        {"Ukraine", "UA"},   {"Noorwegen", "NO"},
      {"Türkei", "TR"},      {"North Macedonia", "MK"},
  };
  for (const auto& [text, code] : cases) {
    auto got = NormalizeCountry(text);
    ASSERT_TRUE(got.has_value()) << text;
    EXPECT_EQ(*got, code) << text;
  }
  for (const char* bad : {"", "Greece2", "XX", "Atlantis", "Europe", "G R", "ZZZ", "Grece land"}) {
    EXPECT_FALSE(NormalizeCountry(bad).has_value()) << bad;
  }
  EXPECT_EQ(CountryName("GR", "fr"), "Grèce");
  EXPECT_EQ(CountryName("DE", "en"), "Germany");
}

TEST(Email, SyntaxAndTheKeyDuplicatesMergeOn) {
  for (const char* ok : {"a@example.org", "Anna.Smith+eu@Mail.Example.ORG", "o'brien@example.ie", "x@b-c.eu"})
    EXPECT_TRUE(ValidEmail(ok)) << ok;
  for (const char* bad : {"", "a", "a@", "@example.org", "a@example", "a@@example.org", "a b@example.org",
                          "a@example.org\r\nBcc: x@y.org", "a.@example.org", ".a@example.org", "a..b@example.org",
                          "a@-example.org", "a@example..org", "\"a\"@example.org", "a@exa_mple.org"})
    EXPECT_FALSE(ValidEmail(bad)) << bad;
  EXPECT_EQ(NormalizeEmail("Anna@Example.ORG"), "Anna@example.org");
}

ContactRules Rules() {
  ContactRules r;
  r.groups = {"vet_providers", "authorities", "employers", "employee_orgs"};
  r.languages = {"en", "fr", "de", "el"};
  return r;
}

TEST(ContactFile, CsvGoodLinesAreCheckedNormalisedAndMerged) {
  ContactImport in = ReadContactFile(
      "\xEF\xBB\xBF"
      "E-mail;Name;Organisation;Group;Country;Language\r\n"
      "ana@Example.ORG;Ana;Ministry;authorities;Greece;el\r\n"
      "bo@example.org;\"Bo; B.\";;employers;DE;\r\n"
      "\r\n"
      "ana@example.org;;Ministry of Education;;;EN\r\n",
      "list.csv", Rules(), 42);
  ASSERT_TRUE(in.problems.empty()) << in.problems[0].message;
  EXPECT_EQ(in.lines, 3);
  EXPECT_EQ(in.merged, 1);
  ASSERT_EQ(in.contacts.size(), 2u);
  const auto& ana = in.contacts[0];
  EXPECT_EQ(ana.email, "ana@example.org");
  EXPECT_EQ(ana.name, "Ana");
  EXPECT_EQ(ana.organisation, "Ministry of Education");  // the later line's non-empty field wins
  EXPECT_EQ(ana.group, "authorities");
  EXPECT_EQ(ana.country, "GR");
  EXPECT_EQ(ana.lang, "en");
  EXPECT_EQ(ana.created_at, 42);
  EXPECT_EQ(in.contacts[1].name, "Bo; B.");
}

TEST(ContactFile, OneBadLineRefusesTheWholeFileWithEveryBadLineListed) {
  ContactImport in = ReadContactFile(
      "email,name,group,country,language\n"
      "ok@example.org,Ok,employers,FR,fr\n"
      "not-an-address,Bad,employers,FR,fr\n"
      "g@example.org,Greece2,employers,Greece2,fr\n"
      "p@example.org,Pilot,pilot_form,BE,fr\n"
      "\"multi\nline\"@example.org,M,employers,BE,\n"
      "l@example.org,L,employers,BE,klingon\n",
      "c.csv", Rules(), 1);
  EXPECT_TRUE(in.contacts.empty());
  ASSERT_EQ(in.problems.size(), 5u);
  EXPECT_EQ(in.problems[0].line, 3);
  EXPECT_EQ(in.problems[0].message, "'not-an-address' is not an e-mail address");
  EXPECT_EQ(in.problems[1].line, 4);
  EXPECT_NE(in.problems[1].message.find("'Greece2' is not a country"), std::string::npos);
  EXPECT_EQ(in.problems[2].line, 5);
  EXPECT_NE(in.problems[2].message.find("the group 'pilot_form' is none of authorities, employee_orgs"),
            std::string::npos);
  EXPECT_EQ(in.problems[3].line, 6);  // the record starts on line 6
  EXPECT_EQ(in.problems[4].line, 8);
  EXPECT_NE(in.problems[4].message.find("language 'klingon'"), std::string::npos);
  EXPECT_EQ(ReadContactFile("name,group\nA,employers\n", "c.csv", Rules(), 1).problems.at(0).line, 1);
  EXPECT_EQ(ReadContactFile("", "c.csv", Rules(), 1).problems.size(), 1u);
  EXPECT_NE(ReadContactFile("email\n\xff@x.org\n", "c.csv", Rules(), 1).problems.at(0).message.find("UTF-8"),
            std::string::npos);
}

// A quote left open used to swallow the rest of the file into one field without a word (the reader
// was web/invitation's own); now the file is refused, at the line and column where the quote opened.
TEST(ContactFile, AQuoteLeftOpenIsAProblemAtItsLine) {
  ContactImport in =
      ReadContactFile("email,name\na@example.org,A\nb@example.org,\"B\nc@example.org,C\n", "c.csv", Rules(), 1);
  ASSERT_EQ(in.problems.size(), 1u);
  EXPECT_EQ(in.problems[0].line, 3);
  EXPECT_EQ(in.problems[0].message, "column 2: a quote is not closed");
  EXPECT_TRUE(in.contacts.empty());
  ContactList l = ParseContacts("name,email,group,country\n\"A,a@example.org,employers,GR\n", {"employers"});
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].line, 2);
  EXPECT_EQ(l.problems[0].message, "column 1: a quote is not closed");
  EXPECT_TRUE(l.contacts.empty());
}

TEST(ContactFile, XlsxRowsAreNumberedAsTheSpreadsheetShowsThem) {
  testing::TempDir dir;
  std::string path = dir.File("contacts.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Contacts");
  const char* rows[][4] = {{"Name", "E-mail", "Country", "Group"},
                           {"Zoé", "zoe@example.fr", "Frankreich", "employee_orgs"},
                           {"", "", "", ""},
                           {"Yann", "yann@example", "FR", "employee_orgs"}};
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c)
      if (*rows[r][c]) worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c], nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::string bytes = testing::ReadTestFile(path);
  ContactImport in = ReadContactFile(bytes, "Contacts.XLSX", Rules(), 1);
  ASSERT_EQ(in.problems.size(), 1u);
  EXPECT_EQ(in.problems[0].line, 4);
  EXPECT_EQ(in.problems[0].message, "'yann@example' is not an e-mail address");
  ContactImport again = ReadContactFile(bytes.substr(0, 10), "c.xlsx", Rules(), 1);
  EXPECT_FALSE(again.problems.empty());  // a broken workbook is a problem, not a crash
}

TEST(ContactFile, InvitationImportUsesTheSameChecks) {
  ContactList l = ParseContacts(
      "name,email,group,country\n"
      "A,a@example.org,employers,Greece\n"
      "B,b@example.org,authorities,GR\n"
      "C,c@example.org,employers,Grèce2\n",
      {"employers"});
  ASSERT_EQ(l.contacts.size(), 1u);
  EXPECT_EQ(l.contacts[0].country, "GR");
  ASSERT_EQ(l.problems.size(), 2u);
  EXPECT_EQ(l.problems[0].line, 3);
  EXPECT_NE(l.problems[0].message.find("the group 'authorities' is none of employers"), std::string::npos);
  EXPECT_EQ(l.problems[1].line, 4);
}

}  // namespace
}  // namespace mcs::web

// Scheduled reminders on the injectable clock (issue 22): "7, 2" days before closing make one reminder
// campaign each, at those times and not before, once however often the scheduler looks, to the
// invited who have not finished, opted out or bounced.
namespace mcs::web {
namespace {

TEST(Reminders, ScheduledDaysBeforeClosingOnTheManualClock) {
  setenv("MCSURVEY_ADMIN_PASSWORD", "test-password-123", 1);
  testing::TempDir dir;
  auto store = std::move(storage::Open("sqlite:" + dir.File("r.db")).value());
  ManualClock clock(ParseTimeUtc("2027-06-01T08:00:00Z"));
  SeededRandom random(7);
  App app(*store, clock, random);
  std::ostringstream log;
  ASSERT_TRUE(app.Init(log).ok());
  auto form = app.forms().Published("employers");
  ASSERT_TRUE(form);
  storage::FormWindow w;
  app.Window("employers", &w);
  ASSERT_EQ(FormatTimeUtc(w.closes_at), "2027-07-05T21:59:59.999Z");
  std::vector<storage::ContactRecord> contacts;
  for (int i = 0; i < 6; ++i)
    contacts.push_back({"p" + std::to_string(i) + "@example.org", "P", "", "employers", "BE", i % 2 ? "fr" : "en", 1, 1});
  contacts.push_back({"other@example.org", "O", "", "authorities", "BE", "en", 1, 1});  // another group
  ASSERT_TRUE(store->UpsertContacts(contacts).ok());
  CampaignPlan inv = PlanInvitations(*store, *form, {}, "t", clock.Now(), random);
  ASSERT_EQ(inv.mail.size(), 6u);
  ASSERT_TRUE(store->CreateCampaign(inv.campaign, inv.invitations, inv.mail).ok());
  // p0 finished, p1 opted out, p2 bounced, p3 started only.
  storage::ResponseRecord r;
  r.id = "R0";
  r.form_id = "employers";
  r.form_version = form->version;
  r.lang = "en";
  r.status = storage::ResponseStatus::kComplete;
  r.channel = "web";
  r.invitation_id = inv.invitations[0].id;
  ASSERT_TRUE(store->InsertResponse(r).ok());
  r.id = "R3";
  r.status = storage::ResponseStatus::kPartial;
  r.resume_hash = "h3";
  r.invitation_id = inv.invitations[3].id;
  ASSERT_TRUE(store->InsertResponse(r).ok());
  ASSERT_TRUE(store->BlockAddress("p1@example.org", "opted-out", 1).ok());
  ASSERT_TRUE(store->BlockAddress("p2@example.org", "bounced", 1).ok());
  ASSERT_TRUE(SetReminderDays(*store, "employers", "7, 2").ok());

  MailSender sender(app, "test-node", 60000);
  auto reminders = [&] {
    std::vector<std::string> out;
    for (const auto& c : store->ListCampaigns())
      if (c.kind == "reminder") out.push_back(c.id);
    return out;
  };
  clock.Set(ParseTimeUtc("2027-06-28T21:59:59Z"));  // 7 days and a second before closing
  EXPECT_EQ(sender.ScheduleReminders(), 0);
  clock.Set(ParseTimeUtc("2027-06-28T22:00:00Z"));
  EXPECT_EQ(sender.ScheduleReminders(), 1);
  EXPECT_EQ(sender.ScheduleReminders(), 0);  // once
  ASSERT_EQ(reminders().size(), 1u);
  std::vector<std::string> to;
  for (const auto& m : store->ListMail(reminders()[0])) to.push_back(m.email + "/" + m.lang);
  EXPECT_EQ(to, (std::vector<std::string>{"p3@example.org/fr", "p4@example.org/en", "p5@example.org/fr"}));
  clock.Set(ParseTimeUtc("2027-07-03T22:00:00Z"));  // 2 days before
  EXPECT_EQ(sender.ScheduleReminders(), 1);
  EXPECT_EQ(reminders().size(), 2u);
  EXPECT_NE(reminders()[1].find("-d2"), std::string::npos);
  clock.Set(ParseTimeUtc("2027-07-06T08:00:00Z"));  // closed
  EXPECT_EQ(sender.ScheduleReminders(), 0);
  // Nothing is sent while the relay is not set up: the queue keeps it.
  EXPECT_FALSE(sender.SendOne());
  EXPECT_EQ(RetryDelayMs(1), 60000);
  EXPECT_EQ(RetryDelayMs(3), 240000);
  EXPECT_EQ(RetryDelayMs(20), 3600000);
  EXPECT_EQ(CheckReminderDays("7, 2"), "");
  EXPECT_NE(CheckReminderDays("seven"), "");
  EXPECT_NE(CheckReminderDays("0"), "");
}

}  // namespace
}  // namespace mcs::web
