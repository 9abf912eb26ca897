// Resume codes: readable, typed back in any form a person might, tied to the database's secret.
#include "web/resume_code.h"

#include <gtest/gtest.h>

#include <map>
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

// Tokens take their random bytes a batch at a time: still every symbol of the alphabet, about
// equally often, and long tokens as well as short ones.
TEST(RandomToken, EverySymbolAboutEquallyOften) {
  SecureRandom random;
  const std::string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // 31: rejection sampling at work
  std::map<char, int> count;
  for (int i = 0; i < 2000; ++i) {
    for (char c : random.Token(31, alphabet)) count[c]++;
  }
  ASSERT_EQ(count.size(), alphabet.size());
  for (auto [c, n] : count) {
    EXPECT_GT(n, 1600) << c;  // 2000 expected; 9 standard deviations below
    EXPECT_LT(n, 2400) << c;
  }
  EXPECT_EQ(random.Token(200, alphabet).size(), 200u);
  EXPECT_EQ(random.Token(0, alphabet), "");
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
  // Asked again (codes checked lately are kept per thread): the same answers, per secret.
  EXPECT_EQ(ResumeCodeOfToken("secret-a", token), "ABCDE-23456");
  EXPECT_EQ(ResumeCodeOfToken("secret-b", token), "");
  EXPECT_EQ(ResumeCodeOfToken("secret-a", forged), "");
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
