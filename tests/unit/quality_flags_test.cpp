// Data-quality flags, rule by rule, with the edges: the speeder threshold, too few timed responses
// for a median, partial matrices, the server's own times in duplicates, abandonment after a day.
// Also the contact CSV and signed links of web/invitation.h.
#include "web/admin/quality_flags.h"

#include <gtest/gtest.h>

#include "engine/answers_json.h"
#include "web/invitation.h"

namespace mcs::web::admin {
namespace {

const char* kForm = R"(| survey | type | name | label | appearance |
| | select_one country | country | Country? | |
| | begin_group | grid | Rate | table-list |
| | select_one agree | a1 | A1 | |
| | select_one agree | a2 | A2 | |
| | select_one agree | a3 | A3 | |
| | end_group | | | |
| | begin_group | pair | Two only | table-list |
| | select_one agree | b1 | B1 | |
| | select_one agree | b2 | B2 | |
| | end_group | | | |
| | text | honeypot | Leave empty | |
| | start | start | | |
| choices | list_name | name | label |
| | country | BE | Belgium |
| | agree | 1 | No |
| | agree | 2 | Yes |
| settings | form_id | version |
| | q | 1 |
)";

std::shared_ptr<const form::Form> TestForm() {
  Diagnostics d;
  auto f = form::Compile(kForm, "q.md", d);
  EXPECT_TRUE(f) << d.ToString();
  return f;
}

FlagInput Done(TimeMs seconds, engine::Values v) {
  FlagInput x;
  x.complete = true;
  x.started_at = 1000000;
  x.submitted_at = x.updated_at = 1000000 + seconds * 1000;
  x.answers.values = std::move(v);
  return x;
}

std::vector<std::string> V(std::initializer_list<const char*> l) {
  return {l.begin(), l.end()};
}

TEST(QualityFlags, Median) {
  EXPECT_EQ(Median({}), 0);
  EXPECT_EQ(Median({5}), 5);
  EXPECT_EQ(Median({9, 1, 5}), 5);
  EXPECT_EQ(Median({1, 2, 3, 10}), 2.5);
}

TEST(QualityFlags, SpeederIsUnderAThirdOfTheMedian) {
  auto f = TestForm();
  FlagOptions o;
  o.now = 2000000;
  // Times 300, 300, 300, 99, 100: median 300; 99 * 3 < 300 is a speeder, 100 * 3 = 300 is not.
  std::vector<FlagInput> rs = {Done(300, {{"country", "BE"}, {"a1", "1"}}), Done(300, {{"country", "BE"}, {"a1", "2"}}),
                               Done(300, {{"country", "BE"}, {"b1", "1"}}), Done(99, {{"country", "BE"}, {"b1", "2"}}),
                               Done(100, {{"country", "BE"}, {"a2", "1"}})};
  auto flags = ComputeFlags(*f, rs, o);
  EXPECT_EQ(flags[3], V({"speeder"}));
  EXPECT_TRUE(flags[4].empty());
  EXPECT_TRUE(flags[0].empty());
  // API submissions carry no timing: never speeders, and not in the median.
  rs[3].timed = false;
  EXPECT_TRUE(ComputeFlags(*f, rs, o)[3].empty());
  // Below three timed responses there is no median to judge by.
  std::vector<FlagInput> two = {Done(300, {{"a1", "1"}}), Done(1, {{"a1", "2"}})};
  EXPECT_TRUE(ComputeFlags(*f, two, o)[1].empty());
}

TEST(QualityFlags, StraightLiningNeedsAWholeMatrixOfThree) {
  auto f = TestForm();
  FlagOptions o;
  std::vector<FlagInput> rs = {
      Done(10, {{"a1", "2"}, {"a2", "2"}, {"a3", "2"}}), Done(10, {{"a1", "2"}, {"a2", "2"}}),  // one item unanswered
      Done(10, {{"a1", "2"}, {"a2", "1"}, {"a3", "2"}}),                                        // varied
      Done(10, {{"b1", "1"}, {"b2", "1"}, {"country", "BE"}})};  // a matrix of two is no matrix
  auto flags = ComputeFlags(*f, rs, o);
  EXPECT_EQ(flags[0], V({"straightliner"}));
  EXPECT_TRUE(flags[1].empty());
  EXPECT_TRUE(flags[2].empty());
  EXPECT_TRUE(flags[3].empty());
}

TEST(QualityFlags, DuplicatesIgnoreTheServersTimes) {
  auto f = TestForm();
  FlagOptions o;
  std::vector<FlagInput> rs = {Done(10, {{"country", "BE"}, {"a1", "1"}, {"start", "2026-01-01T10:00:00Z"}}),
                               Done(20, {{"country", "BE"}, {"a1", "1"}, {"start", "2026-01-02T11:00:00Z"}}),
                               Done(30, {{"country", "BE"}, {"a1", "2"}})};
  auto flags = ComputeFlags(*f, rs, o);
  EXPECT_EQ(flags[0], V({"duplicate"}));
  EXPECT_EQ(flags[1], V({"duplicate"}));
  EXPECT_TRUE(flags[2].empty());
}

TEST(QualityFlags, HoneypotAndAbandoned) {
  auto f = TestForm();
  FlagOptions o;
  o.now = 10LL * 24 * 3600 * 1000;
  FlagInput bot = Done(10, {{"honeypot", "x"}, {"a1", "1"}, {"a2", "1"}, {"a3", "1"}});
  FlagInput left;
  left.updated_at = o.now - o.abandoned_after - 1;
  FlagInput recent;
  recent.updated_at = o.now - o.abandoned_after;
  auto flags = ComputeFlags(*f, {bot, left, recent}, o);
  EXPECT_EQ(flags[0], V({"honeypot", "straightliner"}));
  EXPECT_EQ(flags[1], V({"abandoned"}));
  EXPECT_TRUE(flags[2].empty());
}

TEST(QualityFlags, StoredAnswersGiveTheSameFlagsAsMaps) {
  // The console scans stored answers without maps (FlagScanner over StoredAnswersView); every rule
  // must come out as it does from the maps the rules above are written against.
  auto f = TestForm();
  FlagOptions o;
  o.now = 10LL * 24 * 3600 * 1000;
  std::vector<FlagInput> rs = {
      Done(300, {{"country", "BE"}, {"a1", "1"}, {"start", "2026-01-01T10:00:00Z"}, {"old_q", "x"}}),
      Done(310, {{"country", "BE"}, {"a1", "1"}, {"start", "2026-01-02T10:00:00Z"}, {"old_q", "x"}}),  // duplicate
      Done(320, {{"country", "BE"}, {"a1", "1"}, {"old_q", "y"}}),  // another version's answer differs
      Done(50, {{"a1", "2"}, {"a2", "2"}, {"a3", "2"}}),           // speeder, straightliner
      Done(330, {{"honeypot", "http://spam.example/"}}),
  };
  FlagInput left;  // abandoned, with a honeypot answer
  left.updated_at = 1;
  left.answers.values = {{"honeypot", "x"}};
  rs.push_back(left);
  FlagInput api = Done(1, {{"b1", "1"}});
  api.timed = false;
  rs.push_back(api);
  FlagScanner scan(*f, o);
  engine::StoredAnswersView view(*f);
  for (const FlagInput& r : rs) {
    ASSERT_TRUE(view.Parse(engine::ToStoredJson(r.answers)).ok());
    scan.Add(r.complete, r.timed, r.started_at, r.submitted_at, r.updated_at, view);
  }
  auto from_maps = ComputeFlags(*f, rs, o);
  EXPECT_EQ(scan.Finish(), from_maps);
  EXPECT_EQ(from_maps[0], V({"duplicate"}));
  EXPECT_EQ(from_maps[1], V({"duplicate"}));
  EXPECT_TRUE(from_maps[2].empty());
  EXPECT_EQ(from_maps[3], V({"speeder", "straightliner"}));
  EXPECT_EQ(from_maps[4], V({"honeypot"}));
  EXPECT_EQ(from_maps[5], V({"abandoned", "honeypot"}));
  EXPECT_TRUE(from_maps[6].empty());
}

}  // namespace
}  // namespace mcs::web::admin

namespace mcs::web {
namespace {

TEST(Invitations, SignedLinks) {
  std::string t = SignInvitation("secret", "abc123");
  EXPECT_EQ(VerifyInvitation("secret", t), "abc123");
  EXPECT_EQ(VerifyInvitation("other secret", t), std::nullopt);
  EXPECT_EQ(VerifyInvitation("secret", "abc124" + t.substr(6)), std::nullopt);
  EXPECT_EQ(VerifyInvitation("secret", "abc123"), std::nullopt);
  EXPECT_EQ(VerifyInvitation("secret", "." + t.substr(7)), std::nullopt);
  std::string p = SignPreview("secret", "form_a", 5000);
  EXPECT_TRUE(VerifyPreview("secret", "form_a", p, 4999));
  EXPECT_FALSE(VerifyPreview("secret", "form_a", p, 5000));  // expired
  EXPECT_FALSE(VerifyPreview("secret", "form_b", p, 1));     // another form
  EXPECT_FALSE(VerifyPreview("secret", "form_a", "9" + p, 1));
  EXPECT_FALSE(VerifyPreview("secret", "form_a", "x.y", 1));
}

TEST(Invitations, ContactsCsv) {
  ContactList l = ParseContacts(
      "\xEF\xBB\xBF"
      "Country;Group;E-mail;Name\r\n"
      "BE;employers;a@example.org;\"Ana; A.\"\r\n"
      "FR;employers;bad@;Bob\r\n"
      "FR;;c@example.org;Cy\r\n"
      "\r\n"
      "DE;authorities;\"multi\nline@example.org\";Dee\r\n"
      "DE;authorities;A@EXAMPLE.ORG;Again\r\n",
      {"employers", "authorities"});
  ASSERT_EQ(l.contacts.size(), 1u);
  EXPECT_EQ(l.contacts[0].name, "Ana; A.");
  EXPECT_EQ(l.contacts[0].email, "a@example.org");
  EXPECT_EQ(l.contacts[0].country, "BE");
  EXPECT_EQ(l.contacts[0].line, 2);
  ASSERT_EQ(l.problems.size(), 4u);
  EXPECT_EQ(l.problems[0].line, 3);
  EXPECT_EQ(l.problems[1].line, 4);
  EXPECT_EQ(l.problems[1].message, "the group is missing");
  EXPECT_EQ(l.problems[2].line, 6);  // a quoted line break: the record starts on line 6
  EXPECT_EQ(l.problems[3].line, 8);
  EXPECT_NE(l.problems[3].message.find("earlier line"), std::string::npos);
  EXPECT_NE(ParseContacts("name,email\nA,a@example.org\n", {"g"}).problems.at(0).message.find("group, country"),
            std::string::npos);
  EXPECT_EQ(ParseContacts("", {"g"}).problems.size(), 1u);
  EXPECT_EQ(ParseContacts("name,email,group,country\n\xff,a@b.c,g,c\n", {"g"}).problems.at(0).line, 1);
}

}  // namespace
}  // namespace mcs::web
