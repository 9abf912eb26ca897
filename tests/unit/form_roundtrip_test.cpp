// The round trip the XLSForm issue asks for: a form read from .xlsx (or whatever encoding it comes
// in) → model → .md (ToWorkbook + WriteMarkdown) → model again must give the identical normalised
// form (ToJson), for every form the repository holds that loads: the pyxform forms table, the study
// questionnaires, the forms of the declarative tests and the hand-made workbooks. A difference names
// the form and the JSON field.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <iostream>
#include <set>

#include "common/strings.h"
#include "form/form.h"
#include "test_util.h"
#include "xlsform/workbook.h"

namespace mcs::form {
namespace {

const std::string kSource = MCS_SOURCE_DIR;
const std::string kData = kSource + "/tests/data/";

// The first place where two JSON values differ, as "survey[3].label.fr: "a" != "b"", or "".
std::string FirstDifference(const boost::json::value& a, const boost::json::value& b, const std::string& path) {
  auto shown = [](const boost::json::value& v) {
    std::string s = boost::json::serialize(v);
    return s.size() > 200 ? s.substr(0, 200) + "..." : s;
  };
  if (a.kind() != b.kind() && !(a.is_number() && b.is_number())) {
    return path + ": " + shown(a) + " != " + shown(b);
  }
  if (a.is_object()) {
    const auto& oa = a.as_object();
    const auto& ob = b.as_object();
    for (const auto& [k, v] : oa) {
      std::string p = path.empty() ? std::string(k) : path + "." + std::string(k);
      if (!ob.contains(k)) return p + ": " + shown(v) + " != (missing)";
      if (std::string d = FirstDifference(v, ob.at(k), p); !d.empty()) return d;
    }
    for (const auto& [k, v] : ob) {
      if (!oa.contains(k)) return (path.empty() ? "" : path + ".") + std::string(k) + ": (missing) != " + shown(v);
    }
    // The same members in another order still serialise differently: the order is part of the form.
    std::size_t i = 0;
    for (auto ia = oa.begin(), ib = ob.begin(); ia != oa.end(); ++ia, ++ib, ++i) {
      if (ia->key() != ib->key()) {
        return path + ": member " + std::to_string(i) + " is '" + std::string(ia->key()) + "' != '" +
               std::string(ib->key()) + "'";
      }
    }
    return "";
  }
  if (a.is_array()) {
    const auto& xa = a.as_array();
    const auto& xb = b.as_array();
    for (std::size_t i = 0; i < xa.size() && i < xb.size(); ++i) {
      std::string p = path + "[" + std::to_string(i) + "]";
      // Name the question, not just its index.
      if (xa[i].is_object() && xa[i].as_object().contains("name") && xa[i].as_object().at("name").is_string()) {
        p += "(" + std::string(xa[i].as_object().at("name").as_string()) + ")";
      }
      if (std::string d = FirstDifference(xa[i], xb[i], p); !d.empty()) return d;
    }
    if (xa.size() != xb.size()) {
      return path + ": " + std::to_string(xa.size()) + " items != " + std::to_string(xb.size()) + " items";
    }
    return "";
  }
  return a == b ? "" : path + ": " + shown(a) + " != " + shown(b);
}

// Writes `form` as .md, compiles it back and compares. Returns "" or what went wrong.
std::string RoundTrip(const Form& form, const std::string& label) {
  std::string md = xlsform::WriteMarkdown(ToWorkbook(form));
  Diagnostics d;
  auto back = Compile(md, "roundtrip.md", d);
  // The written file is not shown: `mcsurvey form FILE --to md` prints it.
  if (!back) return label + ": the written .md does not compile:\n" + d.ToString();
  std::string before = ToJson(form), after = ToJson(*back);
  if (before != after) {
    return label + ": the form read back from .md differs at " +
           FirstDifference(boost::json::parse(before), boost::json::parse(after), "");
  }
  // Writing is a fixed point: the form read back writes the same .md.
  std::string again = xlsform::WriteMarkdown(ToWorkbook(*back));
  if (again != md) {
    std::size_t at = 0;
    while (at < md.size() && at < again.size() && md[at] == again[at]) ++at;
    std::size_t line_start = md.rfind('\n', at);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    return label + ": writing the form read back gives another .md, from: " + md.substr(line_start, 200);
  }
  return "";
}

// Fails the test with the message RoundTrip gave, unescaped so that names and texts read as written.
void ExpectRoundTrip(const Form& form, const std::string& label) {
  if (std::string problem = RoundTrip(form, label); !problem.empty()) ADD_FAILURE() << problem;
}

std::shared_ptr<const Form> CompileFile(const std::string& path, Diagnostics& d) {
  return Compile(testing::ReadTestFile(path), path, d);
}

// Every pyxform form that the table says loads, in each encoding it comes in.
TEST(FormRoundTrip, PyxformFormsThatLoad) {
  std::string table = testing::ReadTestFile(kData + "pyxform_expected.tsv");
  int forms = 0;
  for (const auto& line : Split(table, '\n')) {
    auto cols = Split(line, '\t');
    if (cols.size() < 2 || cols[1] != "ok") continue;
    Diagnostics d;
    auto f = CompileFile(kData + "pyxform/" + cols[0], d);
    ASSERT_TRUE(f) << cols[0] << "\n" << d.ToString();
    ExpectRoundTrip(*f, cols[0]);
    ++forms;
  }
  std::cout << "[ round trip ] " << forms << " pyxform forms\n";
  EXPECT_GE(forms, 14);
}

// The study's four questionnaires: three languages, repeats, matrices, constraints.
TEST(FormRoundTrip, StudyForms) {
  int forms = 0;
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/forms/study")) {
    if (e.path().extension() != ".md") continue;  // study.json: the study's own texts, not a form
    Diagnostics d;
    auto f = CompileFile(e.path().string(), d);
    ASSERT_TRUE(f) << e.path() << "\n" << d.ToString();
    ExpectRoundTrip(*f, e.path().filename().string());
    ++forms;
  }
  std::cout << "[ round trip ] " << forms << " study forms\n";
  EXPECT_EQ(forms, 4);
}

// The workbooks of tests/data/xlsx (written by make_xlsx.py with openpyxl) that are forms: every
// feature in one form, the four study questionnaires as a team keeps them in Excel, and the reader's
// corner cases that happen to compile.
TEST(FormRoundTrip, XlsxTestForms) {
  int forms = 0;
  for (const auto& e : std::filesystem::directory_iterator(kData + "xlsx")) {
    std::string name = e.path().filename().string();
    Diagnostics d;
    auto f = CompileFile(e.path().string(), d);
    if (name == "features.xlsx" || StartsWith(name, "study_")) {
      ASSERT_TRUE(f) << name << "\n" << d.ToString();
    }
    if (!f) continue;
    ExpectRoundTrip(*f, name);
    ++forms;
  }
  std::cout << "[ round trip ] " << forms << " .xlsx test forms\n";
  EXPECT_GE(forms, 6);
}

// The same questionnaire in .xlsx (numbers typed as numbers, as Excel keeps them) and in .md gives the
// identical normalised form.
TEST(FormRoundTrip, StudyFormsInXlsxMatchTheirMarkdown) {
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    Diagnostics d1, d2;
    auto md = CompileFile(kSource + "/forms/study/" + id + ".md", d1);
    auto xlsx = CompileFile(kData + "xlsx/study_" + id + ".xlsx", d2);
    ASSERT_TRUE(md && xlsx) << d1.ToString() << d2.ToString();
    std::string diff = FirstDifference(boost::json::parse(ToJson(*md)), boost::json::parse(ToJson(*xlsx)), "");
    EXPECT_EQ(diff, "") << id;
  }
}

// The features form holds what it is meant to: a form that stopped exercising or_other, repeats,
// ranges or translations would still round-trip, and prove nothing.
TEST(FormRoundTrip, FeaturesFormExercisesEveryFeature) {
  Diagnostics d;
  auto f = CompileFile(kData + "xlsx/features.xlsx", d);
  ASSERT_TRUE(f) << d.ToString();
  std::set<Type> types;
  for (const Node& n : f->nodes) types.insert(n.type);
  for (Type t : {Type::kText, Type::kInteger, Type::kDecimal, Type::kDate, Type::kTime, Type::kDateTime,
                 Type::kSelectOne, Type::kSelectMultiple, Type::kNote, Type::kCalculate, Type::kAcknowledge,
                 Type::kMeta, Type::kRange, Type::kRank, Type::kHidden, Type::kGroup, Type::kRepeat}) {
    EXPECT_TRUE(types.count(t)) << TypeName(t);
  }
  EXPECT_TRUE(f->Find("country")->or_other);
  EXPECT_TRUE(f->Find("langs")->or_other && f->Find("langs")->randomize && f->Find("langs")->seed);
  EXPECT_TRUE(f->Find("region")->choice_filter);
  EXPECT_TRUE(f->Find("jobs")->repeat_count);
  EXPECT_FALSE(f->Find("kids")->repeat_count);
  EXPECT_EQ(f->Find("share")->range_step, 0.25);
  EXPECT_TRUE(f->Find("email")->personal);
  EXPECT_EQ(f->Find("welcome")->label.Get("en", "en"), "Welcome!\nThis survey has two parts | both short.");
  EXPECT_EQ(f->Find("postcode")->constraint->text(), "regex(., '^\\d{4,5}$')");
  EXPECT_EQ(f->version, "3");
  ASSERT_EQ(f->languages.size(), 2u);
  std::string md = xlsform::WriteMarkdown(ToWorkbook(*f));
  EXPECT_NE(md.find("Welcome!\\nThis survey has two parts \\| both short."), std::string::npos) << md;
}

// The forms of the declarative tests (tests/forms/*.test) that compile: each exercises a feature
// (repeats, randomize, types, logic) with a small form.
TEST(FormRoundTrip, DeclarativeTestForms) {
  int forms = 0;
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/tests/forms")) {
    if (e.path().extension() != ".test") continue;
    std::vector<std::string> lines = Split(testing::ReadTestFile(e.path().string()), '\n');
    std::string title, form;
    bool in_form = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      if (StartsWith(line, "# ")) title = line.substr(2);
      if (Trim(line) == "form" && !in_form) {
        in_form = true;
        form.clear();
        continue;
      }
      if (!in_form) continue;
      if (line != "----") {
        form += line + "\n";
        continue;
      }
      in_form = false;
      Diagnostics d;
      auto f = Compile(form, "test.md", d);
      if (!f) continue;  // a case about a form error
      ExpectRoundTrip(*f, e.path().filename().string() + ": " + title);
      ++forms;
    }
  }
  std::cout << "[ round trip ] " << forms << " forms of the declarative tests\n";
  EXPECT_GE(forms, 40);
}

// ---- the writer's own cases ---------------------------------------------------------------------

TEST(MarkdownWriter, EscapesWhatATableLineCannotHold) {
  xlsform::Workbook wb;
  xlsform::Sheet s;
  s.name = "survey";
  s.header = {"type", "name", "label"};
  const std::vector<std::string> texts = {
      "a | b", "line one\nline two", "back\\slash", "\\d+ and \\n literally", "ends in \\", "\\|",
      "---",   "caf\xc3\xa9"};
  int number = 2;
  for (const auto& t : texts) s.rows.push_back({number++, {"note", "n" + std::to_string(number), t}});
  wb.sheets.push_back(s);
  std::string md = xlsform::WriteMarkdown(wb);
  for (const auto& line : Split(md, '\n')) EXPECT_EQ(line.find('\n'), std::string::npos);
  Diagnostics d;
  xlsform::Workbook back = xlsform::Read(md, xlsform::Encoding::kMarkdown, d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  ASSERT_EQ(back.sheets.size(), 1u);
  EXPECT_EQ(back.sheets[0].header, s.header);
  ASSERT_EQ(back.sheets[0].rows.size(), texts.size()) << md;
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(back.sheets[0].rows[i].cells[2], texts[i]) << md;
}

TEST(MarkdownWriter, AReadersEscapesLeaveOtherBackslashesAlone) {
  Diagnostics d;
  xlsform::Workbook wb = xlsform::Read(
      "| survey | type | name | constraint |\n"
      "| | text | a | regex(., '^\\d{4}\\s\\w$') |\n"
      "| | text | b | a\\|b\\\\c\\nd |\n",
      xlsform::Encoding::kMarkdown, d);
  ASSERT_EQ(wb.sheets.size(), 1u);
  EXPECT_EQ(wb.sheets[0].rows[0].cells[2], "regex(., '^\\d{4}\\s\\w$')");
  EXPECT_EQ(wb.sheets[0].rows[1].cells[2], "a|b\\c\nd");
}

// What the compiler derives is not written; what the author wrote is, column by column.
TEST(FormWriter, WritesOrOtherTranslationsParametersAndChoiceColumns) {
  const std::string src =
      "| survey | type | name | label::English (en) | label::Français (fr) | hint::English (en) | relevant | "
      "choice_filter | parameters | appearance | required | default |\n"
      "| | select_one c or_other | q | Colour? | Couleur ? | Pick | | | randomize=true | minimal | yes | |\n"
      "| | select_one c | q2 | Again? | Encore ? | | ${q} != 'red' | kind = 'warm' | | | . = 'x' | blue |\n"
      "| | range | r | Scale | Échelle | | | | start=0 end=1 step=0.25 | | | |\n"
      "| | begin repeat | kids | Children | Enfants | | | | | field-list | | |\n"
      "| | text | kid | Name \\| nickname | Nom | | | | | | | |\n"
      "| | end repeat | | | | | | | | | | |\n"
      "| choices | list_name | name | label::English (en) | label::Français (fr) | kind |\n"
      "| | c | red | Red | Rouge | warm |\n"
      "| | c | blue | Blue | Bleu | cold |\n"
      "| settings | form_id | version | default_language |\n"
      "| | colours | 7 | English (en) |\n";
  Diagnostics d;
  auto f = Compile(src, "colours.md", d);
  ASSERT_TRUE(f) << d.ToString();
  EXPECT_TRUE(f->Find("q")->or_other);
  std::string md = xlsform::WriteMarkdown(ToWorkbook(*f));
  EXPECT_NE(md.find("select_one c or_other"), std::string::npos) << md;
  EXPECT_EQ(md.find("q_other"), std::string::npos) << md;  // or_other adds it again
  EXPECT_EQ(md.find("Other"), std::string::npos) << md;    // ... and the choice
  EXPECT_NE(md.find("label::Français (fr)"), std::string::npos) << md;
  EXPECT_NE(md.find("start=0 end=1 step=0.25"), std::string::npos) << md;
  EXPECT_NE(md.find("randomize=true"), std::string::npos) << md;
  EXPECT_NE(md.find("kind = 'warm'"), std::string::npos) << md;
  EXPECT_NE(md.find("Name \\| nickname"), std::string::npos) << md;
  EXPECT_NE(md.find("| kind"), std::string::npos) << md;
  EXPECT_NE(md.find("English (en)"), std::string::npos) << md;
  EXPECT_EQ(RoundTrip(*f, "colours"), "");
}

// A form whose texts carry no language, with or_other: no default_language may be invented, or the
// "Other" choice would change language on reading back.
TEST(FormWriter, NoLanguageStaysNoLanguage) {
  Diagnostics d;
  auto f = Compile(
      "| survey | type | name | label | hint::Deutsch (de) |\n"
      "| | select_multiple c or_other | q | Q | H |\n"
      "| choices | list_name | name | label |\n"
      "| | c | a | A |\n",
      "plain.md", d);
  ASSERT_TRUE(f) << d.ToString();
  std::string md = xlsform::WriteMarkdown(ToWorkbook(*f));
  EXPECT_EQ(md.find("default_language"), std::string::npos) << md;
  EXPECT_EQ(RoundTrip(*f, "plain"), "");
}

// Found by the fuzzer (fuzz_xlsform_md): a language written without a code whose name holds a
// parenthesis must not be written as "NAME (CODE)", which reads back as another language.
TEST(FormWriter, LanguagesWhoseNamesHoldParentheses) {
  Diagnostics d;
  auto f = Compile(
      "| survey | type | name | label:English (en) # | label::Tok (Pisin | hint::Chinese (Simplified) (zh) |\n"
      "| | text | a | A | B | C |\n",
      "parens.md", d);
  ASSERT_TRUE(f) << d.ToString();
  ASSERT_EQ(f->languages.size(), 3u);
  EXPECT_EQ(f->languages[0].code, "English (en) #");
  EXPECT_EQ(f->languages[1].code, "Tok (Pisin");
  EXPECT_EQ(f->languages[2].code, "zh");
  EXPECT_EQ(f->languages[2].name, "Chinese (Simplified)");
  EXPECT_EQ(RoundTrip(*f, "parens"), "");
}

// The comparison itself must be able to fail, and say where.
TEST(FormRoundTrip, DifferencesNameTheField) {
  auto a = boost::json::parse(R"({"survey":[{"name":"q","label":{"en":"A"}}],"version":"1"})");
  auto b = boost::json::parse(R"({"survey":[{"name":"q","label":{"en":"B"}}],"version":"1"})");
  EXPECT_EQ(FirstDifference(a, b, ""), "survey[0](q).label.en: \"A\" != \"B\"");
  auto c = boost::json::parse(R"({"version":"1","survey":[{"name":"q","label":{"en":"A"}}]})");
  EXPECT_EQ(FirstDifference(a, c, ""), ": member 0 is 'survey' != 'version'");
  EXPECT_EQ(FirstDifference(a, a, ""), "");
}

}  // namespace
}  // namespace mcs::form
