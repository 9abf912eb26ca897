// Bounces (issue 22): the DSN parser against the declarative fixtures in tests/data/bounces
// (expected.tsv says what each message must read as), VERP addresses and tokens, and the parser's
// limits on hostile input.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "mail/bounce_parser.h"
#include "mail/transfer_encoding.h"
#include "mail/verp.h"
#include "test_util.h"

namespace mcs::mail {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  return out;
}

std::string Dash(const std::string& s) { return s.empty() ? "-" : s; }

TEST(Bounces, ParserReadsTheFixturesAsExpectedTsvSays) {
  const std::string dir = std::string(MCS_SOURCE_DIR) + "/tests/data/bounces/";
  std::ifstream in(dir + "expected.tsv");
  ASSERT_TRUE(in) << "tests/data/bounces/expected.tsv is missing";
  std::map<std::string, std::size_t> next_recipient;  // a file's lines are its recipient blocks in order
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto c = SplitTabs(line);
    ASSERT_EQ(c.size(), 8u) << line;
    SCOPED_TRACE(c[0]);
    Dsn d = ParseDsn(testing::ReadTestFile(dir + c[0]));
    EXPECT_EQ(d.is_dsn ? "yes" : "no", c[1]);
    ASSERT_FALSE(d.delivered_to.empty());
    EXPECT_EQ(d.delivered_to[0], c[7]);
    ++cases;
    if (c[1] == "no") {
      EXPECT_TRUE(d.recipients.empty());
      continue;
    }
    std::size_t i = next_recipient[c[0]]++;
    ASSERT_LT(i, d.recipients.size());
    const DsnRecipient& r = d.recipients[i];
    EXPECT_EQ(Dash(r.Kind()), c[2]);
    EXPECT_EQ(Dash(r.status), c[3]);
    EXPECT_EQ(Dash(r.action), c[4]);
    EXPECT_EQ(Dash(r.final_recipient), c[5]);
    EXPECT_EQ(Dash(r.diagnostic), c[6]);
  }
  EXPECT_GE(cases, 7);
  for (const auto& [file, n] : next_recipient) {
    EXPECT_EQ(ParseDsn(testing::ReadTestFile(dir + file)).recipients.size(), n) << file << ": a block not in expected.tsv";
  }
}

TEST(Bounces, ParsedValuesHoldNoControlCharacters) {
  std::string raw = testing::ReadTestFile(std::string(MCS_SOURCE_DIR) + "/tests/data/bounces/hostile_injection.eml");
  Dsn d = ParseDsn(raw);
  for (const auto& r : d.recipients) {
    for (const std::string* v : {&r.diagnostic, &r.final_recipient, &r.action, &r.status}) {
      for (char ch : *v) EXPECT_GE(static_cast<unsigned char>(ch), 0x20) << *v;
    }
  }
}

TEST(Bounces, HostileSizesAreBounded) {
  // Many recipient blocks, a huge diagnostic, deep nesting and a message larger than the limit.
  std::string raw =
      "To: bounces+t@example.org\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
      "Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n";
  for (int i = 0; i < 500; ++i) raw += "Final-Recipient: rfc822; a" + std::to_string(i) + "@x.org\nAction: failed\nStatus: 5.1.1\n\n";
  raw += "Final-Recipient: rfc822; z@x.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; " + std::string(100000, 'x') + "\n\n--b--\n";
  Dsn d = ParseDsn(raw);
  EXPECT_TRUE(d.is_dsn);
  EXPECT_EQ(d.recipients.size(), 50u);
  std::string big = raw + std::string(kMaxBounceBytes, 'y');
  EXPECT_EQ(ParseDsn(big).recipients.size(), 50u);
  std::string nested = "Content-Type: multipart/mixed; boundary=n0\n\n";
  for (int i = 1; i < 50; ++i) nested += "--n" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=n" + std::to_string(i) + "\n\n";
  EXPECT_FALSE(ParseDsn(nested).is_dsn);
  EXPECT_FALSE(ParseDsn("").is_dsn);
  EXPECT_FALSE(ParseDsn("\n\n\n").is_dsn);
  Dsn big_diag = ParseDsn(raw.substr(0, raw.find("Final-Recipient: rfc822; a1@")) +
                          "Final-Recipient: rfc822; q@x.org\nAction: failed\nDiagnostic-Code: " + std::string(5000, 'd') + "\n\n--b--\n");
  ASSERT_EQ(big_diag.recipients.size(), 2u);
  EXPECT_LE(big_diag.recipients[1].diagnostic.size(), 310u);
  EXPECT_EQ(big_diag.recipients[1].Kind(), "hard");  // no Status: the failed action decides
}

TEST(Bounces, VerpTokensAreSignedAndNameTheMessage) {
  const std::string secret = "s3cret";
  std::string token = VerpToken(secret, "abcdefghijkmnpqrstuv");
  EXPECT_EQ(token.size(), 20u + 1 + 16);
  std::string verp = VerpAddress("bounces@example.org", token);
  EXPECT_EQ(verp, "bounces+" + token + "@example.org");
  EXPECT_EQ(VerpTokenOf(verp, "bounces@example.org").value_or(""), token);
  // A remote server may change case; the token still names the message.
  std::string upper = verp;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto t2 = VerpTokenOf(upper, "bounces@example.org");
  ASSERT_TRUE(t2);
  EXPECT_EQ(VerifyVerpToken(secret, *t2).value_or(""), "abcdefghijkmnpqrstuv");
  EXPECT_EQ(VerifyVerpToken(secret, token).value_or(""), "abcdefghijkmnpqrstuv");
  // Forged, altered, other secret, other address: nothing.
  EXPECT_FALSE(VerifyVerpToken(secret, "abcdefghijkmnpqrstuw-" + token.substr(21)));
  EXPECT_FALSE(VerifyVerpToken("other", token));
  EXPECT_FALSE(VerifyVerpToken(secret, "no-dash-mac"));
  EXPECT_FALSE(VerifyVerpToken(secret, ""));
  EXPECT_FALSE(VerpTokenOf("bounces+" + token + "@example.net", "bounces@example.org"));
  EXPECT_FALSE(VerpTokenOf("team@example.org", "bounces@example.org"));
  EXPECT_FALSE(VerpTokenOf("bounces+@example.org", "bounces@example.org"));
  // The bounce address itself: an address with room for the token, no '+' of its own.
  EXPECT_EQ(CheckBounceAddress("bounces@example.org"), "");
  EXPECT_NE(CheckBounceAddress("bounces+x@example.org"), "");
  EXPECT_NE(CheckBounceAddress("not an address"), "");
  EXPECT_NE(CheckBounceAddress("averyveryverylongbounceaddress@example.org"), "");
  EXPECT_NE(CheckBounceAddress("b@example.org\r\nBcc: x@y.org"), "");
  EXPECT_EQ(VerpAddress("bad", token), "");
}

}  // namespace
}  // namespace mcs::mail

// The report part's transfer encoding (RFC 2045 §6), decoded before it is read: encoding -> body -> what is read.

namespace mcs::mail {
namespace {

TEST(Bounces, TransferEncodingsDecodeAsRfc2045Says) {
  struct Case {
    const char* encoding;
    std::string body;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {"", "Status: 5.1.1\r\n", "Status: 5.1.1\r\n"},
      {"7bit", "as is =41", "as is =41"},
      {"8BIT", "Grèce", "Grèce"},
      {"binary", "x", "x"},
      {"base64", "U3RhdHVzOiA1LjEuMQ==", "Status: 5.1.1"},
      {" Base64 ", "U3Rh\r\ndHVz\r\nOiA1LjEuMQ==\r\n\r\n", "Status: 5.1.1"},  // lines of any length
      {"base64", "U3RhdHVzOiA1LjEuMQ", std::nullopt},                        // padding missing
      {"base64", "U3Rh<dHVz", std::nullopt},                                 // outside the alphabet
      {"base64", "U3RhdHVzOiA1LjEuMQ==\r\nQUJD", std::nullopt},              // data after the end
      {"base64", "", ""},
      {"quoted-printable", "a=3Db=20\r\n", "a=b \r\n"},
      {"Quoted-Printable", "soft=\r\nbreak\n", "softbreak\r\n"},
      {"quoted-printable", "trailing   \r\nspace\t\r\n", "trailing\r\nspace\r\n"},
      {"quoted-printable", "Gr=C3=A8ce", "Grèce"},
      {"quoted-printable", "lower =c3=a8 ok", "lower \xc3\xa8 ok"},
      {"quoted-printable", "lone = and =ZZ and =4", "lone = and =ZZ and =4"},  // kept as they are
      {"quoted-printable", "end=", "end"},
      {"x-uuencode", "begin 644 x", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.encoding) + ": " + c.body);
    EXPECT_EQ(DecodeTransferEncoding(c.encoding, c.body), c.want);
  }
}

}  // namespace
}  // namespace mcs::mail
