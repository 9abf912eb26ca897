// Tests of src/xpath: tables of expression -> string() of the result, and of expression -> parse
// error. Expected values follow the XPath 1.0 spec (section numbers in comments) and the ODK
// XForms spec / JavaRosa / ODK Web Forms where ODK extends or deviates.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "xpath/xpath.h"

namespace mcs::xpath {
namespace {

// 2026-11-28T12:00:00Z, a Saturday.
constexpr std::int64_t kNowMs = 1795867200000;

class TestContext : public EvalContext {
 public:
  TestContext() {
    answers_ = {
        {"age", "30"},          {"name", "Ada"},          {"empty", ""},
        {"decimal", "2.0"},     {"neg", "-4.5"},          {"langs", "en fr  de"},
        {"dob", "1990-05-15"},  {"d1", "2024-01-02"},     {"d2", "2024-03-01"},
        {"dt", "2024-01-02T14:00:00+02:00"},              {"dtz", "2024-01-02T12:00:00.250Z"},
        {"dtlocal", "2024-01-02T08:30:00"},               {"txt", "false"},
        {"one", "1"},           {"spaces", "  a  b\t c \n"}, {"color", "bl"},
        {"uni", "na\u00efve caf\u00e9"},                  {"plus", "+5"},
    };
    // Values across repeat instances (ResolveAll).
    repeats_ = {
        {"score", {"3", "", "7.5", "2"}},
        {"member", {"ann", "bob", "", "cy"}},
        {"flag", {"1", "0", "yes", ""}},
        {"weight", {"2", "3", "5", "7"}},
        {"none", {}},
    };
  }

  // "name=value;name=value" replaces or adds answers; ".=value" sets '.' (5 unless given).
  void Apply(std::string_view overrides) {
    while (!overrides.empty()) {
      std::size_t semi = overrides.find(';');
      std::string_view pair = overrides.substr(0, semi);
      std::size_t eq = pair.find('=');
      if (pair.substr(0, eq) == ".") {
        current_ = std::string(pair.substr(eq + 1));
      } else {
        answers_[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
      }
      overrides = semi == std::string_view::npos ? "" : overrides.substr(semi + 1);
    }
  }
  void SetOffset(int minutes) { offset_ = minutes; }

  std::string Resolve(std::string_view name) const override {
    auto it = answers_.find(name);
    if (it != answers_.end()) return it->second;
    auto rep = repeats_.find(name);
    if (rep != repeats_.end() && !rep->second.empty()) return rep->second.front();
    return "";
  }
  std::vector<std::string> ResolveAll(std::string_view name) const override {
    auto rep = repeats_.find(name);
    if (rep != repeats_.end()) return rep->second;
    return {Resolve(name)};
  }
  std::string Current() const override { return current_; }
  std::string ChoiceLabel(std::string_view name, std::string_view choice) const override {
    if (name == "color" && choice == "bl") return "Blue";
    if (name == "color" && choice == "red") return "Red colour";
    return "";
  }
  std::int64_t NowMs() const override { return kNowMs; }
  int UtcOffsetMinutes() const override { return offset_; }
  double Random() const override {
    static constexpr double kSequence[] = {0.25, 0.5, 0.125, 0.875};
    return kSequence[next_random_++ % 4];
  }
  int Position() const override { return 2; }

 private:
  std::map<std::string, std::string, std::less<>> answers_;
  std::map<std::string, std::vector<std::string>, std::less<>> repeats_;
  std::string current_ = "5";
  int offset_ = 0;
  mutable int next_random_ = 0;
};

std::string Eval(std::string_view text, std::string_view overrides = "", int offset = 0) {
  ParseResult parsed = Parse(text);
  if (!parsed.ok()) return "PARSE ERROR at " + std::to_string(parsed.error().position) + ": " +
                            parsed.error().message;
  TestContext ctx;
  ctx.Apply(overrides);
  ctx.SetOffset(offset);
  return Evaluate(*parsed, ctx).ToString();
}

// ---------------------------------------------------------------------------------------------
// expression -> string()

struct EvalRow {
  std::string_view expr;
  std::string_view answers;  // overrides of TestContext's answers, "name=value;..."
  std::string_view expected;
};

void PrintTo(const EvalRow& row, std::ostream* os) { *os << row.expr; }

class EvalTable : public testing::TestWithParam<EvalRow> {};

TEST_P(EvalTable, Evaluates) {
  const EvalRow& row = GetParam();
  EXPECT_EQ(Eval(row.expr, row.answers), row.expected) << "expression: " << row.expr;
}

// Literals and number formatting (XPath 1.0 sections 3.7 and 4.2).
const EvalRow kLiterals[] = {
    {"1", "", "1"},
    {"1.5", "", "1.5"},
    {".5", "", "0.5"},
    {"5.", "", "5"},
    {"007", "", "7"},
    {"'abc'", "", "abc"},
    {"\"it's\"", "", "it's"},
    {"'say \"hi\"'", "", "say \"hi\""},
    {"''", "", ""},
    {"0.1 + 0.2", "", "0.30000000000000004"},
    {"1 div 3", "", "0.3333333333333333"},
    {"2 div 3", "", "0.6666666666666666"},
    {"1000000 * 1000000", "", "1000000000000"},
    {"1000000000 * 1000000000000", "", "1000000000000000000000"},
    {"123456789012345678901", "", "123456789012345680000"},
    {"0.000001", "", "0.000001"},
    {"1 div 1000000000", "", "0.000000001"},
    {"12345678.9", "", "12345678.9"},
    {"-123.456", "", "-123.456"},
    {"-0", "", "0"},
    {"0 * -1", "", "0"},
    {"1 div 0", "", "Infinity"},
    {"-1 div 0", "", "-Infinity"},
    {"0 div 0", "", "NaN"},
    {"-(1 div 0)", "", "-Infinity"},
    {"1 div -0", "", "-Infinity"},  // section 3.5: -0 is a distinct IEEE value
    {"'\u65e5\u672c\u8a9e'", "", "\u65e5\u672c\u8a9e"},
};
INSTANTIATE_TEST_SUITE_P(Literals, EvalTable, testing::ValuesIn(kLiterals));

// Arithmetic (section 3.5) and precedence (section 3).
const EvalRow kArithmetic[] = {
    {"1 + 2 * 3", "", "7"},
    {"(1 + 2) * 3", "", "9"},
    {"10 - 4 - 3", "", "3"},
    {"1 - 2 + 3", "", "2"},
    {"2 * 3 div 4", "", "1.5"},
    {"3 div 2 * 2", "", "3"},
    {"10 div 4", "", "2.5"},
    {"2 * 3 mod 4", "", "2"},
    {"7 mod 3", "", "1"},
    {"5 mod 2", "", "1"},     // section 3.5 examples
    {"5 mod -2", "", "1"},
    {"-5 mod 2", "", "-1"},
    {"-5 mod -2", "", "-1"},
    {"5.5 mod 2", "", "1.5"},
    {"1 mod 0", "", "NaN"},
    {"- 3", "", "-3"},
    {"--3", "", "3"},
    {"- - -2", "", "-2"},
    {"2 - -2", "", "4"},
    {"-2 * -2", "", "4"},
    {"- 2 + 3", "", "1"},
    {"2 * -3", "", "-6"},
    {"1 - 0.9", "", "0.09999999999999998"},
    {"-${age}", "", "-30"},
    {"${age} + 1", "", "31"},
    {"${age}+1", "", "31"},
    {"${age}-1", "", "29"},
    {"${age}*2", "", "60"},
    {"${age} div 7", "", "4.285714285714286"},
    {"${age} mod 7", "", "2"},
    {"${empty} + 1", "", "NaN"},
    {"${name} * 2", "", "NaN"},
    {"${decimal} * 2", "", "4"},
    {"${x} + ${y}", "x=1.5;y=2.25", "3.75"},
    {"${x} - 1", "x= 12 ", "11"},
    {"'3' * '4'", "", "12"},
    {"' 3 ' + 1", "", "4"},
    {"'+5' + 0", "", "NaN"},
    {"'1e3' + 0", "", "NaN"},
    {"${plus} + 0", "", "NaN"},
    {"true() + true()", "", "2"},
    {"false() - 1", "", "-1"},
    {". + 1", "", "6"},
    {"position(..) + 1", "", "3"},
};
INSTANTIATE_TEST_SUITE_P(Arithmetic, EvalTable, testing::ValuesIn(kArithmetic));

// and, or, comparisons (section 3.4), with references as node-sets.
const EvalRow kLogic[] = {
    {"true() and false()", "", "false"},
    {"true() or false()", "", "true"},
    {"1 and 'a'", "", "true"},
    {"0 or ''", "", "false"},
    {"0 div 0 or false()", "", "false"},
    {"'0' and true()", "", "true"},  // a non-empty string is true
    {"1 = 1 and 2 = 3", "", "false"},
    {"1 = 1 or 2 = 3 and 0", "", "true"},  // and binds tighter than or
    {"false() and 1 div 0", "", "false"},
    {"1 + 2 = 3", "", "true"},
    {"1 < 2 = true()", "", "true"},  // relational binds tighter than equality
    {"3 > 2 > 1", "", "false"},      // (3 > 2) > 1 is 1 > 1
    {"1 < 2 < 3", "", "true"},
    {"1 = 1", "", "true"},
    {"1 = 2", "", "false"},
    {"1 != 2", "", "true"},
    {"1 <= 1", "", "true"},
    {"2 >= 3", "", "false"},
    {"'a' = 'a'", "", "true"},
    {"'a' = 'A'", "", "false"},
    {"'a' != 'b'", "", "true"},
    {"'1' = 1", "", "true"},       // a number on either side: numeric
    {"'1.0' = 1", "", "true"},
    {"'1.0' = '1'", "", "false"},  // two strings: string comparison
    {"true() = 1", "", "true"},    // a boolean on either side: boolean
    {"true() = 2", "", "true"},
    {"false() = 0", "", "true"},
    {"true() = 'false'", "", "true"},
    {"false() = ''", "", "true"},
    {"0 div 0 = 0 div 0", "", "false"},
    {"0 div 0 != 0 div 0", "", "true"},
    {"'abc' < 'abd'", "", "false"},  // relational always numeric: NaN < NaN
    {"'2' < '10'", "", "true"},
    {"true() > false()", "", "true"},
    {"${decimal} = 2", "", "true"},     // node and number: number(string-value)
    {"${decimal} = '2'", "", "false"},  // node and string: string-value
    {"${x} = 2", "x=2.0", "true"},
    {"${x} = '2'", "x=2.0", "false"},
    {"${x} = ${y}", "x=2.0;y=2", "false"},  // two nodes: string-values
    {"${x} < ${y}", "x=2.0;y=10", "true"},  // two nodes, relational: numbers
    {"${x} = ${y}", "x=a;y=a", "true"},
    {"${age} = '30'", "", "true"},
    {"${age} > 4", "", "true"},
    {"${age} > '4'", "", "true"},
    {"${age} = ${age}", "", "true"},
    {"${empty} = ''", "", "true"},
    {"${empty} != ''", "", "false"},
    {"${name} != ''", "", "true"},
    {"${empty} = 0", "", "false"},
    {"${empty} = true()", "", "true"},  // node and boolean: boolean(node-set), non-empty
    {"${empty} = false()", "", "false"},
    {"${txt} = true()", "", "true"},
    {"${empty} and true()", "", "true"},
    {"${empty} or false()", "", "true"},
    {"${one} = true()", "", "true"},
    {"${one} = 1", "", "true"},
    {"${one} = '1'", "", "true"},
    {"${one} = '1.0'", "", "false"},
    {"${one} < 2", "", "true"},
    {"${neg} < 0", "", "true"},
    {"${decimal} < '3'", "", "true"},
    {". = 5", "", "true"},
    {". > 4", "", "true"},
    {"${missing} = ''", "", "true"},
    {"${age} >= 18 and selected(${langs}, 'fr')", "", "true"},
};
INSTANTIATE_TEST_SUITE_P(Logic, EvalTable, testing::ValuesIn(kLogic));

// References evaluate to their answer's string.
const EvalRow kReferences[] = {
    {"${age}", "", "30"},
    {".", "", "5"},
    {"${empty}", "", ""},
    {"${missing}", "", ""},
    {"${na\u00efve}", "na\u00efve=ok", "ok"},
    {"${a.b-c_d}", "a.b-c_d=x", "x"},
    {"position(..)", "", "2"},
    {"position()", "", "2"},
};
INSTANTIATE_TEST_SUITE_P(References, EvalTable, testing::ValuesIn(kReferences));

// Dates: ODK's number() reads them, so they compare and subtract.
const EvalRow kDateArithmetic[] = {
    {"${d1} < ${d2}", "", "true"},
    {"${d1} = '2024-01-02'", "", "true"},
    {"${d1} = 19724", "", "true"},
    {"${d2} - ${d1}", "", "59"},
    {"today() - ${dob}", "", "13346"},
    {"${dob} < today()", "", "true"},
    {"int((today() - ${dob}) div 365.25)", "", "36"},
    {"today() > '2026-11-27'", "", "true"},
    {"${d} <= today()", "d=2026-11-28", "true"},
    {"${d} < today()", "d=2026-11-29", "false"},
    {"'2024-01-02' + 1", "", "19725"},
    {"${d1} < ${dt}", "", "true"},
    {"${dt} < ${dtz}", "", "true"},
    {"number('2024-01-02')", "", "19724"},
    {"number('1970-01-01')", "", "0"},
    {"number('1969-12-31')", "", "-1"},
    {"number('2000-02-29')", "", "11016"},
    {"number('2024-01-02T12:00:00Z')", "", "19724.5"},
    {"number('2024-01-02T14:00:00+02:00')", "", "19724.5"},
    {"number('2024-01-02T14:00:00+0200')", "", "19724.5"},
    {"number('2024-01-02T12:00:00')", "", "19724.5"},  // no offset: taken as UTC
    {"number('2024-01-02T12:00Z')", "", "19724.5"},
    {"number(${dtz})", "", "19724.500002893517"},
    {"number('2024-02-30')", "", "NaN"},
    {"number('2023-02-29')", "", "NaN"},
    {"number('2024-1-2')", "", "19724"},
    {"number(' 2024-01-02 ')", "", "19724"},
    {"number('2024-01-02T25:00:00Z')", "", "NaN"},
    {"number('2024-01-02T12:00:00+25:00')", "", "NaN"},
    {"number('2024-01-02Tnoon')", "", "NaN"},
    {"number('24-01-02')", "", "NaN"},
    {"number('2024-13-01')", "", "NaN"},
    {"number('2024-01-02x')", "", "NaN"},
};
INSTANTIATE_TEST_SUITE_P(DateArithmetic, EvalTable, testing::ValuesIn(kDateArithmetic));

// Conversions: number(), string(), boolean() (sections 4.2-4.4).
const EvalRow kConversions[] = {
    {"number('12')", "", "12"},
    {"number(' 12 ')", "", "12"},
    {"number('\t7\n')", "", "7"},
    {"number('-12.5')", "", "-12.5"},
    {"number('- 12')", "", "NaN"},
    {"number('--1')", "", "NaN"},
    {"number('1,5')", "", "NaN"},
    {"number('.5')", "", "0.5"},
    {"number('-.5')", "", "-0.5"},
    {"number('5.')", "", "5"},
    {"number('.')", "", "NaN"},
    {"number('')", "", "NaN"},
    {"number('-')", "", "NaN"},
    {"number('1e3')", "", "NaN"},
    {"number('+1')", "", "NaN"},
    {"number('Infinity')", "", "NaN"},
    {"number('NaN')", "", "NaN"},
    {"number('0x10')", "", "NaN"},
    {"number('1.2.3')", "", "NaN"},
    {"number('-0')", "", "0"},
    {"1 div number('-0')", "", "-Infinity"},
    {"number(true())", "", "1"},
    {"number(false())", "", "0"},
    {"number(${age})", "", "30"},
    {"number()", "", "5"},
    {"number(${empty})", "", "NaN"},
    {"string(1.0)", "", "1"},
    {"string(-0.5)", "", "-0.5"},
    {"string(0.1)", "", "0.1"},
    {"string(100)", "", "100"},
    {"string(0.000123)", "", "0.000123"},
    {"string(1 div 0)", "", "Infinity"},
    {"string(true())", "", "true"},
    {"string(false())", "", "false"},
    {"string(${age})", "", "30"},
    {"string()", "", "5"},
    {"string('x')", "", "x"},
    {"boolean(0)", "", "false"},
    {"boolean(1)", "", "true"},
    {"boolean(-1)", "", "true"},
    {"boolean(0 div 0)", "", "false"},
    {"boolean('')", "", "false"},
    {"boolean('false')", "", "true"},
    {"boolean(${empty})", "", "true"},  // an unanswered question is still a node
    {"boolean(${name})", "", "true"},
    {"boolean(.)", "", "true"},
    {"boolean(string(${empty}))", "", "false"},
    {"not(${empty})", "", "false"},
    {"not(0)", "", "true"},
    {"not('')", "", "true"},
    {"not('a')", "", "false"},
    {"not(true())", "", "false"},
    {"true()", "", "true"},
    {"false()", "", "false"},
    {"boolean-from-string('true')", "", "true"},
    {"boolean-from-string('TRUE')", "", "true"},
    {"boolean-from-string('1')", "", "true"},
    {"boolean-from-string('yes')", "", "false"},
    {"boolean-from-string('false')", "", "false"},
    {"boolean-from-string('0')", "", "false"},
    {"boolean-from-string('')", "", "false"},
    {"boolean-from-string(' true')", "", "false"},
    {"boolean-from-string(${txt})", "", "false"},
    {"boolean-from-string(${one})", "", "true"},
    {"boolean-from-string(1 = 1)", "", "true"},
};
INSTANTIATE_TEST_SUITE_P(Conversions, EvalTable, testing::ValuesIn(kConversions));

// if, coalesce, once.
const EvalRow kControl[] = {
    {"if(true(), 'a', 'b')", "", "a"},
    {"if(false(), 'a', 'b')", "", "b"},
    {"if(${age} > 18, 'adult', 'minor')", "", "adult"},
    {"if(${age} > 18, 'adult', 'minor')", "age=9", "minor"},
    {"if('', 1, 2)", "", "2"},
    {"if(${empty}, 'x', 'y')", "", "x"},
    {"if(${empty} != '', 'x', 'y')", "", "y"},
    {"if(0, 'x', 'y')", "", "y"},
    {"if(1 = 1, 5, 1 div 0)", "", "5"},
    {"if(false(), 0, 1) + 1", "", "2"},
    {"if(true(), 0, 1) = false()", "", "true"},
    {"if(true(), ${decimal}, 0) = 2", "", "true"},
    {"if(true(), ${decimal}, 0) = '2'", "", "false"},
    {"coalesce(${empty}, 'x')", "", "x"},
    {"coalesce(${name}, 'x')", "", "Ada"},
    {"coalesce('', '')", "", ""},
    {"coalesce(0 div 0, 3)", "", "3"},
    {"coalesce(0, 3)", "", "0"},
    {"coalesce(${empty}, ${age})", "", "30"},
    // once(): the argument while '.' is empty, else '.' unevaluated (ODK spec, JavaRosa).
    {"once(${age})", ".=", "30"},
    {"once(1 + 1)", ".=", "2"},
    {"once(random())", ".=", "0.25"},
    {"once(${age})", "", "5"},
    {"once(random())", ".=0.5", "0.5"},
};
INSTANTIATE_TEST_SUITE_P(Control, EvalTable, testing::ValuesIn(kControl));

// Strings (section 4.2 and ODK); positions count characters, not bytes.
const EvalRow kStrings[] = {
    {"concat('a', 'b', 'c')", "", "abc"},
    {"concat('a')", "", "a"},
    {"concat(${name}, ' ', ${age})", "", "Ada 30"},
    {"concat(1 div 2, true())", "", "0.5true"},
    {"concat(${empty}, '')", "", ""},
    {"join(', ', ${member})", "", "ann, bob, , cy"},
    {"join('-', 'a', 'b', 'c')", "", "a-b-c"},
    {"join(' ', ${age})", "", "30"},
    {"join(', ', ${none})", "", ""},
    {"join('+')", "", ""},
    {"join('', ${score})", "", "37.52"},
    {"join(1, 'a', 'b')", "", "a1b"},
    {"substr('abcdef', 1, 3)", "", "bc"},
    {"substr('abcdef', 2)", "", "cdef"},
    {"substr('abcdef', 0, 0)", "", ""},
    {"substr('abcdef', -2)", "", "ef"},
    {"substr('abcdef', 1, -1)", "", "bcde"},
    {"substr('abcdef', 4, 2)", "", ""},
    {"substr('abcdef', 10)", "", ""},
    {"substr('abcdef', -10, 2)", "", "ab"},
    {"substr('abcdef', 1.9, 3.9)", "", "bc"},
    {"substr('', 0, 1)", "", ""},
    {"substr('abc', 0 div 0)", "", "abc"},
    {"substr('abc', 0, 1 div 0)", "", "abc"},
    {"substr(${uni}, 2, 4)", "", "\u00efv"},
    {"substr(12345, 1, 3)", "", "23"},
    {"substring('12345', 2, 3)", "", "234"},  // section 4.2 examples
    {"substring('12345', 2)", "", "2345"},
    {"substring('12345', 1.5, 2.6)", "", "234"},
    {"substring('12345', 0, 3)", "", "12"},
    {"substring('12345', 0 div 0, 3)", "", ""},
    {"substring('12345', 1, 0 div 0)", "", ""},
    {"substring('12345', -42, 1 div 0)", "", "12345"},
    {"substring('12345', -1 div 0, 1 div 0)", "", ""},
    {"substring('12345', 6)", "", ""},
    {"substring('12345', 5)", "", "5"},
    {"substring('', 1)", "", ""},
    {"substring('abc', -1, 3)", "", "a"},
    {"substring('abc', 2.5)", "", "c"},  // round(2.5) is 3
    {"substring(${uni}, 3, 1)", "", "\u00ef"},
    {"substring('\u65e5\u672c\u8a9e', 2)", "", "\u672c\u8a9e"},
    {"substring-before('1999/04/01', '/')", "", "1999"},
    {"substring-after('1999/04/01', '/')", "", "04/01"},
    {"substring-after('1999/04/01', '19')", "", "99/04/01"},
    {"substring-before('abc', 'x')", "", ""},
    {"substring-after('abc', 'x')", "", ""},
    {"substring-before('abc', '')", "", ""},
    {"substring-after('abc', '')", "", "abc"},
    {"translate('bar', 'abc', 'ABC')", "", "BAr"},
    {"translate('--aaa--', 'abc-', 'ABC')", "", "AAA"},
    {"translate('abc', '', 'x')", "", "abc"},
    {"translate('aaa', 'aa', 'bc')", "", "bbb"},
    {"translate('hello', 'lo', 'L')", "", "heLL"},
    {"translate(${uni}, '\u00ef\u00e9', 'ie')", "", "naive cafe"},
    {"translate('\u65e5\u672c', '\u65e5', 'x')", "", "x\u672c"},
    {"string-length('abc')", "", "3"},
    {"string-length('')", "", "0"},
    {"string-length(${uni})", "", "10"},
    {"string-length('\u65e5\u672c\u8a9e')", "", "3"},
    {"string-length(${empty})", "", "0"},
    {"string-length()", "", "1"},
    {"string-length(12.50)", "", "4"},
    {"normalize-space(${spaces})", "", "a b c"},
    {"normalize-space('')", "", ""},
    {"normalize-space('   ')", "", ""},
    {"normalize-space(' x ')", "", "x"},
    {"normalize-space()", "", "5"},
    {"contains('abc', 'b')", "", "true"},
    {"contains('abc', '')", "", "true"},
    {"contains('', 'a')", "", "false"},
    {"contains(${name}, 'd')", "", "true"},
    {"starts-with('abc', 'ab')", "", "true"},
    {"starts-with('abc', 'b')", "", "false"},
    {"starts-with('abc', '')", "", "true"},
    {"ends-with('abc', 'bc')", "", "true"},
    {"ends-with('abc', 'abcd')", "", "false"},
    {"ends-with('', '')", "", "true"},
    {"regex('abc123', '[0-9]+')", "", "true"},  // a search, as the ODK spec's /re/.test()
    {"regex('abc', '^[0-9]+$')", "", "false"},
    {"regex('12345', '^[0-9]{5}$')", "", "true"},
    {"regex('1234', '^[0-9]{5}$')", "", "false"},
    {"regex('', '^$')", "", "true"},
    {"regex('ABC', '^[a-z]+$')", "", "false"},
    {"regex(${name}, '^A')", "", "true"},
    {"regex('a.b', 'a\\.b')", "", "true"},
    {"regex('axb', 'a\\.b')", "", "false"},
    {"regex('abc', concat('^a', 'b'))", "", "true"},
    {"regex('abc', concat('(', ''))", "", "false"},  // bad pattern at run time: no match
    {"regex('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '^(a*)*$')", "", "false"},
    {"regex('abab', '^(ab)\\1$')", "", "true"},   // back-references, as the browser's RegExp
    {"regex('abba', '^(ab)\\1$')", "", "false"},
    {"regex('caf\u00e9', '^caf.$')", "", "true"},   // '.' is one character, not one byte
    {"regex('\u00fc', '^[\u00e0-\u00fc]$')", "", "true"},
    {"regex('12\n', '^[0-9]+$')", "", "false"},   // '$' only at the very end, as in JavaScript
    {"regex('\u0661', '^\\d$')", "", "false"},   // \d is ASCII digits, as in JavaScript
    {"regex('\u00e9', '^\\u00e9$')", "", "true"},   // \uHHHH is a code point
    {"string-length(uuid())", "", "36"},
    {"substring(uuid(), 15, 1)", "", "4"},
    {"string-length(uuid(8))", "", "8"},
    {"uuid(0)", "", ""},
    {"uuid(0 div 0)", "", ""},
};
INSTANTIATE_TEST_SUITE_P(Strings, EvalTable, testing::ValuesIn(kStrings));

// Selects.
const EvalRow kSelects[] = {
    {"selected(${langs}, 'fr')", "", "true"},
    {"selected(${langs}, 'de')", "", "true"},
    {"selected(${langs}, 'e')", "", "false"},
    {"selected(${langs}, ' en ')", "", "true"},
    {"selected(${langs}, '')", "", "false"},
    {"selected('', 'a')", "", "false"},
    {"selected('a', 'a')", "", "true"},
    {"selected(${empty}, '')", "", "false"},
    {"selected(., '5')", "", "true"},
    {"selected(${x}, 2)", "x=1 2 3", "true"},
    {"selected-at(${langs}, 0)", "", "en"},
    {"selected-at(${langs}, 1.7)", "", "fr"},
    {"selected-at(${langs}, 2)", "", "de"},
    {"selected-at(${langs}, 3)", "", ""},
    {"selected-at(${langs}, -1)", "", ""},
    {"selected-at('a b', 0 div 0)", "", ""},
    {"count-selected(${langs})", "", "3"},
    {"count-selected('')", "", "0"},
    {"count-selected(${empty})", "", "0"},
    {"count-selected(' a ')", "", "1"},
    {"jr:choice-name(${color}, '${color}')", "", "Blue"},
    {"jr:choice-name('red', 'color')", "", "Red colour"},
    {"jr:choice-name('zz', '${color}')", "", ""},
    {"jr:choice-name(${empty}, '${color}')", "", ""},
};
INSTANTIATE_TEST_SUITE_P(Selects, EvalTable, testing::ValuesIn(kSelects));

// Node-sets and repeats: score is {3, "", 7.5, 2}, member {ann, bob, "", cy}.
const EvalRow kNodeSets[] = {
    {"count(${score})", "", "4"},
    {"count(${age})", "", "1"},
    {"count(${none})", "", "0"},
    {"count(.)", "", "1"},
    {"count-non-empty(${score})", "", "3"},
    {"count-non-empty(${member})", "", "3"},
    {"count-non-empty(${empty})", "", "0"},
    {"count-non-empty(${none})", "", "0"},
    {"sum(${score})", "", "12.5"},  // the unanswered instance is skipped, as in JavaRosa
    {"sum(${none})", "", "0"},
    {"sum(${age})", "", "30"},
    {"sum(${weight})", "", "17"},
    {"sum(${member})", "", "0"},
    {"sum(.)", "", "5"},
    {"min(${score})", "", "2"},
    {"max(${score})", "", "7.5"},
    {"min(${none})", "", "NaN"},
    {"max(${member})", "", "NaN"},
    {"max(1, 5, 3)", "", "5"},
    {"min(1, 5, 3)", "", "1"},
    {"min(3)", "", "3"},
    {"max(${score}, 10)", "", "10"},
    {"min(${age}, 4)", "", "4"},
    {"max('a', 'b')", "", "NaN"},
    {"min(-1 div 0, 0)", "", "-Infinity"},
    {"max(${d1}, ${d2})", "", "19783"},
    {"indexed-repeat(${member}, ${hh}, 2)", "", "bob"},
    {"indexed-repeat(${member}, ${hh}, 3)", "", ""},
    {"indexed-repeat(${member}, ${hh}, 9)", "", ""},
    {"indexed-repeat(${member}, ${hh}, 0)", "", ""},  // no instance 0 (ODK Web Forms)
    {"indexed-repeat(${member}, ${hh}, 0 div 0)", "", ""},
    {"indexed-repeat(${member}, ${hh}, 1.5)", "", ""},
    {"boolean(indexed-repeat(${member}, ${hh}, 0))", "", "false"},
    {"indexed-repeat(${member}, ${hh}, position(..))", "", "bob"},
    {"indexed-repeat(${score}, ${hh}, 3) * 2", "", "15"},
    {"indexed-repeat(${score}, ${hh}, 1 + 1) = ''", "", "true"},
    {"indexed-repeat(${member}, ${hh}, 1, ${inner}, 1)", "", ""},  // default: one level only
};
INSTANTIATE_TEST_SUITE_P(NodeSets, EvalTable, testing::ValuesIn(kNodeSets));

// checklist and weighted-checklist: flag is {1, 0, yes, ""}, weight {2, 3, 5, 7}. A factor counts when
// its text is not empty, as JavaRosa's toBoolean() of text ("0" counts; issue 19).
const EvalRow kChecklists[] = {
    {"checklist(-1, -1, true(), false())", "", "true"},
    {"checklist(1, 1, true(), false())", "", "true"},
    {"checklist(2, -1, true(), false())", "", "false"},
    {"checklist(1, 2, ${flag})", "", "false"},
    {"checklist(3, -1, ${flag})", "", "true"},
    {"checklist(0, 0)", "", "true"},
    {"checklist(-1, 1, 'yes', 'no', '')", "", "false"},
    {"checklist(1, -1, 0, '0', '')", "", "true"},
    {"checklist(2, 2, 1, 'x', 0)", "", "true"},
    {"checklist(1, 1, ${a}, ${b})", "a=1;b=0", "false"},
    {"weighted-checklist(5, 10, ${flag}, ${weight})", "", "true"},
    {"weighted-checklist(8, 10, ${flag}, ${weight})", "", "true"},
    {"weighted-checklist(1, 3, true(), 2, false(), 5)", "", "true"},
    {"weighted-checklist(3, 5, true(), 2, true(), 2)", "", "true"},
    {"weighted-checklist(0, 0)", "", "true"},
    {"weighted-checklist(0, 1, true(), 'x')", "", "false"},
    {"weighted-checklist(-1, 1, true(), -1)", "", "true"},
};
INSTANTIATE_TEST_SUITE_P(Checklists, EvalTable, testing::ValuesIn(kChecklists));

// Numbers: int, round (ODK: ties towards +infinity as XPath 1.0 and JavaRosa, decimal digits), math.
const EvalRow kNumbers[] = {
    {"int(3.7)", "", "3"},
    {"int(-3.7)", "", "-3"},
    {"int('12.9')", "", "12"},
    {"int(-0.5)", "", "0"},
    {"int(0 div 0)", "", "NaN"},
    {"int(1 div 0)", "", "Infinity"},
    {"int('')", "", "NaN"},
    {"int('2024-01-02')", "", "19724"},
    {"round(2.5)", "", "3"},
    {"round(-2.5)", "", "-2"},  // ties towards +infinity (XPath 1.0, JavaRosa)
    {"round(2.4)", "", "2"},
    {"round(-0.4)", "", "0"},
    {"1 div round(-0.4)", "", "-Infinity"},  // -0 survives
    {"round(0.5)", "", "1"},
    {"round(0.49999999999999994)", "", "0"},
    {"round(999.5)", "", "1000"},
    {"round(1.005, 2)", "", "1.01"},
    {"round(2.675, 2)", "", "2.68"},
    {"round(9.995, 2)", "", "10"},
    {"round(1234.5678, 2)", "", "1234.57"},
    {"round(1234.5678, -2)", "", "1200"},
    {"round(35, -1)", "", "40"},
    {"round(-35, -1)", "", "-30"},
    {"round(33.33, -1)", "", "30"},
    {"round(4, -1)", "", "0"},
    {"round(123, 5)", "", "123"},
    {"round('7.45', 1)", "", "7.5"},
    {"round(-7.45, 1)", "", "-7.4"},
    {"round(0.0001, 2)", "", "0"},
    {"round(2.5, 0.9)", "", "3"},
    {"round(1 div 0)", "", "Infinity"},
    {"round(0 div 0)", "", "NaN"},
    {"round(5, 0 div 0)", "", "NaN"},
    {"round(1.5, 31)", "", "NaN"},
    {"round(1.5, 30)", "", "1.5"},
    {"round(${x}, 1)", "x=", "NaN"},
    {"floor(2.5)", "", "2"},
    {"floor(-2.5)", "", "-3"},
    {"floor('x')", "", "NaN"},
    {"ceiling(2.1)", "", "3"},
    {"ceiling(-2.1)", "", "-2"},
    {"ceiling(-0.5)", "", "0"},
    {"pow(2, 10)", "", "1024"},
    {"pow(2, -1)", "", "0.5"},
    {"pow(9, 0.5)", "", "3"},
    {"pow(0, 0)", "", "1"},
    {"pow(-8, 1 div 3)", "", "NaN"},
    {"pow(${age}, 2)", "", "900"},
    {"log(1)", "", "0"},
    {"log(0)", "", "-Infinity"},
    {"log(-1)", "", "NaN"},
    {"round(log(exp(2)), 10)", "", "2"},
    {"log10(1000)", "", "3"},
    {"log10(0.01)", "", "-2"},
    {"abs(-3.5)", "", "3.5"},
    {"abs(${neg})", "", "4.5"},
    {"abs(0 div 0)", "", "NaN"},
    {"sqrt(16)", "", "4"},
    {"sqrt(2)", "", "1.4142135623730951"},
    {"sqrt(-1)", "", "NaN"},
    {"exp(0)", "", "1"},
    {"exp10(3)", "", "1000"},
    {"exp10(-2)", "", "0.01"},
    {"pi()", "", "3.141592653589793"},
    {"round(sin(pi() div 2), 10)", "", "1"},
    {"cos(0)", "", "1"},
    {"tan(0)", "", "0"},
    {"asin(1) * 2 = pi()", "", "true"},
    {"acos(1)", "", "0"},
    {"atan(0)", "", "0"},
    {"atan2(1, 1) * 4 = pi()", "", "true"},
    {"atan2(0, -1) = pi()", "", "true"},
    {"random()", "", "0.25"},
    {"random() + random()", "", "0.75"},
    {"random() < 1", "", "true"},
};
INSTANTIATE_TEST_SUITE_P(Numbers, EvalTable, testing::ValuesIn(kNumbers));

// Dates: today() is 2026-11-28 (a Saturday), now() 12:00 UTC.
const EvalRow kDates[] = {
    {"today()", "", "2026-11-28"},
    {"now()", "", "2026-11-28T12:00:00.000+00:00"},
    {"date(0)", "", "1970-01-01"},
    {"date(19724)", "", "2024-01-02"},
    {"date(19724.9)", "", "2024-01-02"},
    {"date(-1)", "", "1969-12-31"},
    {"date(-0.5)", "", "1969-12-31"},
    {"date('2024-01-02')", "", "2024-01-02"},
    {"date('2024-1-2')", "", "2024-01-02"},
    {"date('2024-01-02T23:30:00-05:00')", "", "2024-01-03"},
    {"date('2024-01-02T23:30:00')", "", "2024-01-02"},
    {"date('19724')", "", "2024-01-02"},
    {"date('')", "", ""},
    {"date('garbage')", "", ""},
    {"date('2023-02-29')", "", ""},
    {"date(true())", "", ""},
    {"date(0 div 0)", "", ""},
    {"date(1 div 0)", "", ""},
    {"date(2932896)", "", "9999-12-31"},
    {"date(2932897)", "", ""},
    {"date(-719528)", "", "0000-01-01"},
    {"date(today())", "", "2026-11-28"},
    {"date(today() + 1)", "", "2026-11-29"},
    {"date(${dob} + 30)", "", "1990-06-14"},
    {"date('2024-02-28') + 1 = date('2024-02-29')", "", "true"},
    {"decimal-date-time('2024-01-02T12:00:00Z')", "", "19724.5"},
    {"decimal-date-time('2024-01-02T14:00:00+02:00')", "", "19724.5"},
    {"decimal-date-time('1970-01-01T06:00:00Z')", "", "0.25"},
    {"decimal-date-time('2024-01-02')", "", "19724"},
    {"decimal-date-time(${dt})", "", "19724.5"},
    {"decimal-date-time('x')", "", "NaN"},
    {"decimal-date-time(5.5)", "", "5.5"},
    {"decimal-date-time(true())", "", "NaN"},
    {"format-date('2024-01-02', '%Y/%m/%d')", "", "2024/01/02"},
    {"format-date('2024-01-02', '%y %n %e')", "", "24 1 2"},
    {"format-date('2024-01-02', '%a, %b %e')", "", "Tue, Jan 2"},
    {"format-date(${dob}, '%e %b %Y')", "", "15 May 1990"},
    {"format-date(today(), '%a %d')", "", "Sat 28"},
    {"format-date(0, '%Y-%m-%d')", "", "1970-01-01"},
    {"format-date(19724, '%d.%m.%Y')", "", "02.01.2024"},
    {"format-date('', '%Y')", "", ""},
    {"format-date(${empty}, '%Y')", "", ""},
    {"format-date('nope', '%Y')", "", ""},
    {"format-date('2024-01-02', '100%% %q')", "", "100% %q"},
    {"format-date('2024-01-02', 'x%')", "", "x%"},
    {"format-date('2024-01-02', '')", "", ""},
    {"format-date('0999-12-05', '%Y %y %b')", "", "0999 99 Dec"},
    {"format-date-time(${dtz}, '%H:%M:%S.%3')", "", "12:00:00.250"},
    {"format-date-time(${dt}, '%Y-%m-%d %H:%M')", "", "2024-01-02 12:00"},
    {"format-date-time(${dtlocal}, '%h:%M')", "", "8:30"},
    {"format-date-time('2024-01-02', '%H:%M')", "", "00:00"},
    {"format-date-time(19724.75, '%H:%M')", "", "18:00"},
    {"format-date-time(now(), '%Y-%m-%dT%H:%M')", "", "2026-11-28T12:00"},
    {"format-date-time('2024-01-02T12:00:00Z', '%a %b %e %h')", "", "Tue Jan 2 12"},
    {"format-date-time('2024-01-02T05:07:09.5Z', '%H %h %M %S %3')", "", "05 5 07 09 500"},
};
INSTANTIATE_TEST_SUITE_P(Dates, EvalTable, testing::ValuesIn(kDates));

// ---------------------------------------------------------------------------------------------
// expression -> parse error

struct ErrorRow {
  std::string_view expr;
  ErrorKind kind;
  std::size_t position;
};

void PrintTo(const ErrorRow& row, std::ostream* os) { *os << row.expr; }

class ErrorTable : public testing::TestWithParam<ErrorRow> {};

TEST_P(ErrorTable, Fails) {
  const ErrorRow& row = GetParam();
  ParseResult parsed = Parse(row.expr);
  ASSERT_FALSE(parsed.ok()) << "expression: " << row.expr;
  EXPECT_EQ(static_cast<int>(parsed.error().kind), static_cast<int>(row.kind))
      << "expression: " << row.expr << "\nmessage: " << parsed.error().message;
  EXPECT_EQ(parsed.error().position, row.position)
      << "expression: " << row.expr << "\nmessage: " << parsed.error().message;
  EXPECT_FALSE(parsed.error().message.empty());
}

constexpr ErrorKind kSyntax = ErrorKind::kSyntax;
constexpr ErrorKind kUnknown = ErrorKind::kUnknownFunction;
constexpr ErrorKind kArity = ErrorKind::kArity;
constexpr ErrorKind kUnsupported = ErrorKind::kUnsupported;

const ErrorRow kErrors[] = {
    // Syntax.
    {"", kSyntax, 0},
    {"   ", kSyntax, 3},
    {"1 +", kSyntax, 3},
    {"(1 + 2", kSyntax, 6},
    {"1 + 2)", kSyntax, 5},
    {"()", kSyntax, 1},
    {"= 1", kSyntax, 0},
    {"-", kSyntax, 1},
    {"1 and", kSyntax, 5},
    {"1 2", kSyntax, 2},
    {"${a} ${b}", kSyntax, 5},
    {"1 foo 2", kSyntax, 2},
    {"1.2.3", kSyntax, 3},
    {"1e5", kSyntax, 1},
    {"concat('a',", kSyntax, 11},
    {"concat('a' 'b')", kSyntax, 11},
    {"concat('a',)", kSyntax, 11},
    {"'abc", kSyntax, 0},
    {"\"abc'", kSyntax, 0},
    {"1 = 'a", kSyntax, 4},
    {"${", kSyntax, 0},
    {"${a", kSyntax, 0},
    {"${}", kSyntax, 0},
    {"${a b}", kSyntax, 3},
    {"${1a}", kSyntax, 2},
    {"${a!}", kSyntax, 3},
    {"1 # 2", kSyntax, 2},
    {"1 ! 2", kSyntax, 2},
    {"1 : 2", kSyntax, 2},
    {"\u2018yes\u2019", kSyntax, 0},
    {"regex('aa', 'a{2,1}')", kSyntax, 12},   // numbers out of order in a quantifier
    {"regex('a', 'a{3333333333333333333}')", kSyntax, 11},  // libstdc++'s <regex> overflowed here (fuzz_xpath)
    {"regex('a', '[')", kSyntax, 11},
    // Functions.
    {"foo(1)", kUnknown, 0},
    {"1 + bar()", kUnknown, 4},
    {"jr:foo(1)", kUnknown, 0},
    {"text()", kUnknown, 0},
    {"round()", kArity, 0},
    {"round(1, 2, 3)", kArity, 0},
    {"concat()", kArity, 0},
    {"if(1, 2)", kArity, 0},
    {"1 + today(1)", kArity, 4},
    {"true(1)", kArity, 0},
    {"not()", kArity, 0},
    {"substr('a')", kArity, 0},
    {"coalesce('a')", kArity, 0},
    {"jr:choice-name(${a})", kArity, 0},
    {"position(${a})", kArity, 0},
    {"indexed-repeat(${a}, ${r}, 1, ${s})", kArity, 0},
    {"indexed-repeat(${a}, ${r})", kArity, 0},
    {"weighted-checklist(1, 2, 3)", kArity, 0},
    {"concat(round(), 1)", kArity, 7},
    // Unsupported XPath.
    {"/data/x", kUnsupported, 0},
    {"//x", kUnsupported, 0},
    {"${a}/b", kUnsupported, 4},
    {"${a}[1]", kUnsupported, 4},
    {"${a} | ${b}", kUnsupported, 5},
    {"data", kUnsupported, 0},
    {"not", kUnsupported, 0},
    {"..", kUnsupported, 0},
    {"../x", kUnsupported, 0},
    {"./x", kUnsupported, 1},
    {"$x", kUnsupported, 0},
    {"@id", kUnsupported, 0},
    {"*", kUnsupported, 0},
    {"1 + * 2", kUnsupported, 4},
    {"ancestor::x", kUnsupported, 0},
    {"instance('c')/root/item", kUnsupported, 0},
    {"pulldata('a', 'b', 'c', 'd')", kUnsupported, 0},
    {"current()", kUnsupported, 0},
    {"count('a')", kUnsupported, 6},
    {"sum(1 + 2)", kUnsupported, 4},
    {"count(${a} + 1)", kUnsupported, 6},
    {"count-non-empty(concat(${a}))", kUnsupported, 16},
    {"indexed-repeat(${a}, 'r', 1)", kUnsupported, 21},
    {"indexed-repeat('a', ${r}, 1)", kUnsupported, 15},
};
INSTANTIATE_TEST_SUITE_P(Errors, ErrorTable, testing::ValuesIn(kErrors));

// ---------------------------------------------------------------------------------------------
// Everything else.

TEST(XPathParse, MessagesSayWhatWasExpected) {
  EXPECT_EQ(Parse("(1 + 2").error().message, "expected ')' but found end of expression");
  EXPECT_EQ(Parse("concat('a' 'b')").error().message, "expected ')' but found ''b''");
  EXPECT_EQ(Parse("foo(1)").error().message, "unknown function 'foo'");
  EXPECT_EQ(Parse("round(1, 2, 3)").error().message, "round() takes 1 or 2 arguments, not 3");
  EXPECT_EQ(Parse("today(1)").error().message, "today() takes 0 arguments, not 1");
  EXPECT_EQ(Parse("concat()").error().message, "concat() takes at least 1 argument, not 0");
  EXPECT_NE(Parse("/data/x").error().message.find("${name}"), std::string::npos);
  EXPECT_NE(Parse("\u2018yes\u2019").error().message.find("typographic"), std::string::npos);
}

TEST(XPathParse, ReferencesInOrderWithoutDuplicates) {
  EXPECT_EQ(Parse("${b} + ${a} + ${b}")->references(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(Parse("1")->references(), std::vector<std::string>{});
  EXPECT_EQ(Parse("concat(${x}, '${y}')")->references(), std::vector<std::string>{"x"});
  EXPECT_EQ(Parse("jr:choice-name(${a}, '${q}')")->references(),
            (std::vector<std::string>{"a", "q"}));
  EXPECT_EQ(Parse("if(${c}, ${b}, count(${c}))")->references(),
            (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(Parse(" ${a} ")->text(), " ${a} ");
}

TEST(XPathParse, NestingIsLimited) {
  auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '(') + "1" +
           std::string(static_cast<std::size_t>(depth), ')');
  };
  EXPECT_TRUE(Parse(nested(200)).ok());
  ParseResult deep = Parse(nested(201));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().kind, ErrorKind::kUnsupported);
  EXPECT_EQ(deep.error().position, 200u);
  // Hostile inputs far past the limit fail cleanly instead of overflowing the stack.
  EXPECT_FALSE(Parse(nested(30000)).ok());
  EXPECT_FALSE(Parse(std::string(60000, '-') + "1").ok());
  std::string calls;
  for (int i = 0; i < 5000; ++i) calls += "abs(";
  EXPECT_EQ(Parse(calls + "1").error().kind, ErrorKind::kUnsupported);
}

TEST(XPathParse, LengthIsLimited) {
  std::string text = "'" + std::string(64 * 1024 - 2, 'x') + "'";
  EXPECT_TRUE(Parse(text).ok());
  text.insert(1, "x");
  ParseResult long_one = Parse(text);
  ASSERT_FALSE(long_one.ok());
  EXPECT_EQ(long_one.error().kind, ErrorKind::kUnsupported);
}

TEST(XPathEvaluate, LongChainsDoNotRecurse) {
  // 5000 terms at one precedence level form one flat node.
  std::string text = "${age}";
  for (int i = 1; i < 5000; ++i) text += " + ${age}";
  EXPECT_EQ(Eval(text), "150000");
  std::string ors = "false()";
  for (int i = 0; i < 3000; ++i) ors += " or ${empty} = 'x'";
  EXPECT_EQ(Eval(ors), "false");
}

TEST(XPathEvaluate, NumbersFromHugeDigitStrings) {
  EXPECT_EQ(Eval("number('1" + std::string(400, '0') + "')"), "Infinity");
  EXPECT_EQ(Eval("number('0." + std::string(400, '0') + "1')"), "0");
  EXPECT_EQ(Eval("number('-1" + std::string(400, '0') + "')"), "-Infinity");
}

TEST(XPathEvaluate, RegexSubjectIsCapped) {
  const std::string at_cap(10000, 'a');
  const std::string over_cap(10001, 'a');
  EXPECT_EQ(Eval("regex(${s}, '^a+$')", "s=" + at_cap), "true");
  EXPECT_EQ(Eval("regex(${s}, '^a+$')", "s=" + over_cap), "false");
  // Nested quantifiers stay polynomial at the cap.
  EXPECT_EQ(Eval("regex(${s}, '^(a|aa)*(a*)*b$')", "s=" + at_cap), "false");
}

// Whether every character of s is in `allowed`, with '-' exactly at the given positions.
bool Matches(std::string_view s, std::string_view allowed, std::vector<std::size_t> dashes) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = std::find(dashes.begin(), dashes.end(), i) != dashes.end();
    if (dash ? s[i] != '-' : allowed.find(s[i]) == std::string_view::npos) return false;
  }
  return true;
}

TEST(XPathEvaluate, UuidIsVersion4FromContextRandomness) {
  const std::string uuid = Eval("uuid()");
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_TRUE(Matches(uuid, "0123456789abcdef", {8, 13, 18, 23})) << uuid;
  EXPECT_EQ(uuid[14], '4') << uuid;                                    // version 4
  EXPECT_NE(std::string_view("89ab").find(uuid[19]), std::string_view::npos) << uuid;  // RFC 4122
  EXPECT_EQ(Eval("uuid()"), uuid);  // the test context's randomness is deterministic
  const std::string short_id = Eval("uuid(20)");
  EXPECT_EQ(short_id.size(), 20u);
  EXPECT_TRUE(Matches(short_id,
                      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", {}));
}

TEST(XPathEvaluate, TimeZones) {
  // UTC+1: noon UTC is 13:00 local.
  EXPECT_EQ(Eval("now()", "", 60), "2026-11-28T13:00:00.000+01:00");
  EXPECT_EQ(Eval("today()", "", 60), "2026-11-28");
  EXPECT_EQ(Eval("format-date-time('2024-01-02T12:00:00Z', '%H:%M')", "", 60), "13:00");
  EXPECT_EQ(Eval("date('2024-01-02T23:30:00Z')", "", 60), "2024-01-03");
  EXPECT_EQ(Eval("format-date-time('2024-01-02T08:30:00', '%H:%M')", "", 60), "08:30");
  // UTC-13: it is still the 27th.
  EXPECT_EQ(Eval("now()", "", -780), "2026-11-27T23:00:00.000-13:00");
  EXPECT_EQ(Eval("today()", "", -780), "2026-11-27");
  EXPECT_EQ(Eval("format-date(today(), '%a')", "", -780), "Fri");
  // Date strings are calendar days whatever the zone.
  EXPECT_EQ(Eval("today() - ${dob}", "", -780), "13345");
  EXPECT_EQ(Eval("number('2024-01-02')", "", 330), "19724");
}

TEST(XPathEvaluate, SharedExpressionAcrossThreads) {
  ParseResult parsed = Parse(
      "concat(if(${age} > 18, 'adult', 'minor'), ':', format-date(${dob}, '%d %b'), ':',"
      " round(sum(${score}) div count(${score}), 2), ':', selected(${langs}, 'fr'))");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Expression& expr = *parsed;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      TestContext ctx;
      for (int i = 0; i < 500; ++i) {
        if (Evaluate(expr, ctx).ToString() != "adult:15 May:3.13:true") ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(XPathEvaluate, ResultKeepsItsType) {
  TestContext ctx;
  EXPECT_EQ(Evaluate(*Parse("1 + 1"), ctx).type(), Value::Type::kNumber);
  EXPECT_EQ(Evaluate(*Parse("1 = 1"), ctx).type(), Value::Type::kBoolean);
  EXPECT_EQ(Evaluate(*Parse("${age}"), ctx).type(), Value::Type::kString);
  EXPECT_EQ(Evaluate(*Parse("concat(1)"), ctx).type(), Value::Type::kString);
  EXPECT_EQ(Evaluate(Expression(), ctx).ToString(), "");
}

TEST(XPathValue, Conversions) {
  EXPECT_EQ(Value().type(), Value::Type::kString);
  EXPECT_EQ(Value::Number(0.5).ToString(), "0.5");
  EXPECT_EQ(Value::Number(-0.0).ToString(), "0");
  EXPECT_EQ(Value::Boolean(true).ToString(), "true");
  EXPECT_EQ(Value::Boolean(true).ToNumber(), 1.0);
  EXPECT_EQ(Value::String("2024-01-02").ToNumber(), 19724.0);
  EXPECT_TRUE(std::isnan(Value::String("abc").ToNumber()));
  EXPECT_FALSE(Value::String("").ToBoolean());
  EXPECT_TRUE(Value::String("false").ToBoolean());
  EXPECT_FALSE(Value::Number(std::nan("")).ToBoolean());
  EXPECT_FALSE(Value::Number(0).ToBoolean());
}

TEST(XPathValue, FormatNumber) {
  EXPECT_EQ(FormatNumber(1e21), "1000000000000000000000");
  EXPECT_EQ(FormatNumber(1e-7), "0.0000001");
  EXPECT_EQ(FormatNumber(-1.5), "-1.5");
  EXPECT_EQ(FormatNumber(123.0), "123");
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
  EXPECT_EQ(FormatNumber(-INFINITY), "-Infinity");
  const std::string tiny = FormatNumber(5e-324);
  EXPECT_EQ(tiny.size(), 326u);
  EXPECT_EQ(tiny.substr(0, 4), "0.00");
  EXPECT_EQ(tiny.back(), '5');
  const std::string huge = FormatNumber(1.7976931348623157e308);
  EXPECT_EQ(huge.size(), 309u);
  EXPECT_EQ(huge.substr(0, 17), "17976931348623157");
}

TEST(XPathFunctions, NamesAreListedOnce) {
  const std::vector<std::string>& names = FunctionNames();
  EXPECT_GE(names.size(), 60u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  for (std::string_view name : {"jr:choice-name", "indexed-repeat", "format-date-time", "floor",
                                "ceiling", "weighted-checklist", "substring", "substr"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

}  // namespace
}  // namespace mcs::xpath
