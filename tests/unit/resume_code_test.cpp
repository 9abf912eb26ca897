// Resume codes: readable, typed back in any form a person might, tied to the database's secret.
#include "web/resume_code.h"

#include <gtest/gtest.h>

#include <set>

namespace mcs::web {
namespace {

TEST(ResumeCode, TenCharactersWithoutLookAlikes) {
  SecureRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    std::string code = NewResumeCode(random);
    ASSERT_EQ(code.size(), 10u);
    EXPECT_EQ(code.find_first_of("IL1O0abcdefghijklmnopqrstuvwxyz"), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 500u);
}

TEST(ResumeCode, TokenCarriesTheCodeAndOnlyThisSecretReadsItBack) {
  std::string token = ResumeTokenForCode("secret-a", "ABCDE23456");
  EXPECT_EQ(token.size(), 26u);
  EXPECT_EQ(token.substr(0, 10), "abcde23456");
  EXPECT_EQ(ResumeCodeOfToken("secret-a", token), "ABCDE-23456");
  EXPECT_EQ(ResumeCodeOfToken("secret-b", token), "");
  // Same code, other MAC: not a token of this site.
  std::string forged = token;
  forged[20] = forged[20] == 'a' ? 'b' : 'a';
  EXPECT_EQ(ResumeCodeOfToken("secret-a", forged), "");
  // Older links (random 26 characters) show no code.
  EXPECT_EQ(ResumeCodeOfToken("secret-a", "abcdefghijkmnpqrstuvwxyz23"), "");
  EXPECT_EQ(ResumeCodeOfToken("secret-a", ""), "");
}

TEST(ResumeCode, TypedCodesAreNormalised) {
  struct Case {
    const char* typed;
    const char* code;
  } cases[] = {
      {"ABCDE-FGHJK", "ABCDEFGHJK"}, {"abcde-fghjk", "ABCDEFGHJK"}, {" abcde fghjk ", "ABCDEFGHJK"},
      {"ABCDEFGHJK", "ABCDEFGHJK"},  {"ABCDE-FGHJ", ""},            {"ABCDE-FGHJKM", ""},
      {"ABCDE-FGHJ0", ""},           {"ABCDE-FGHJI", ""},           {"", ""},
      {"ABCDE/FGHJK", ""},           {"ÄBCDE-FGHJK", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(NormalizeResumeCode(c.typed), c.code) << c.typed;
}

}  // namespace
}  // namespace mcs::web
