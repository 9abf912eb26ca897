#include <gtest/gtest.h>

#include <filesystem>

#include "common/strings.h"
#include "form/form.h"
#include "test_util.h"

namespace mcs::form {
namespace {

const std::string kData = std::string(MCS_SOURCE_DIR) + "/tests/data/";

std::shared_ptr<const Form> CompileFile(const std::string& path, Diagnostics& d) {
  return Compile(testing::ReadTestFile(path), path, d);
}

// Every pyxform form either loads or is refused with the first error the table names.
TEST(PyxformForms, MatchTheExpectationsTable) {
  std::string table = testing::ReadTestFile(kData + "pyxform_expected.tsv");
  int checked = 0;
  for (const auto& line : Split(table, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = Split(line, '\t');
    ASSERT_GE(cols.size(), 2u) << line;
    SCOPED_TRACE(cols[0]);
    Diagnostics d;
    auto f = CompileFile(kData + "pyxform/" + cols[0], d);
    if (cols[1] == "ok") {
      EXPECT_TRUE(f) << d.ToString();
    } else {
      ASSERT_FALSE(f);
      ASSERT_GE(cols.size(), 3u);
      std::string first;
      for (const auto& item : d.items()) {
        if (item.severity == Severity::kError) {
          first = std::string(Trim(item.ToString().substr(item.file.size() + 1)));
          break;
        }
      }
      EXPECT_EQ(first, cols[2]);
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

// A form written in both encodings gives the same normalised form.
TEST(PyxformForms, MarkdownAndCsvAgree) {
  int pairs = 0;
  for (const auto& e : std::filesystem::directory_iterator(kData + "pyxform")) {
    if (e.path().extension() != ".md") continue;
    auto csv = e.path();
    csv.replace_extension(".csv");
    if (!std::filesystem::exists(csv)) continue;
    SCOPED_TRACE(e.path().filename().string());
    Diagnostics d1, d2;
    auto a = CompileFile(e.path().string(), d1);
    auto b = CompileFile(csv.string(), d2);
    ASSERT_EQ(static_cast<bool>(a), static_cast<bool>(b));
    if (a) {
      EXPECT_EQ(ToJson(*a), ToJson(*b));
    } else {
      // Same problems at the same places, whatever the encoding.
      ASSERT_EQ(d1.items().size(), d2.items().size());
      for (std::size_t i = 0; i < d1.items().size(); ++i) {
        EXPECT_EQ(d1.items()[i].row, d2.items()[i].row);
        EXPECT_EQ(d1.items()[i].message, d2.items()[i].message);
      }
    }
    ++pairs;
  }
  EXPECT_GE(pairs, 5);
}

TEST(StudyForms, AllFourLoadWithPagesAndExpectedStructure) {
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    SCOPED_TRACE(id);
    Diagnostics d;
    auto f = CompileFile(std::string(MCS_SOURCE_DIR) + "/forms/study/" + id + ".md", d);
    ASSERT_TRUE(f) << d.ToString();
    EXPECT_FALSE(d.HasErrors());
    EXPECT_EQ(f->id, id);
    EXPECT_EQ(f->default_language, "en");
    EXPECT_GE(f->pages.size(), 8u);
    int questions = 0;
    for (const auto& n : f->nodes) questions += HoldsValue(n.type) ? 1 : 0;
    EXPECT_GE(questions, 40);
    EXPECT_LE(questions, 90);
    // The shared core, with the same names in every form so results pool.
    for (const char* core : {"country", "org_type", "org_size", "sector", "role", "familiarity", "mc_count", "comments"}) {
      EXPECT_NE(f->Find(core), nullptr) << core;
    }
    // The repeat of section C, driven by mc_count.
    const Node* mc = f->Find("mc");
    ASSERT_NE(mc, nullptr);
    EXPECT_EQ(mc->type, Type::kRepeat);
    ASSERT_TRUE(mc->repeat_count);
    EXPECT_EQ(mc->repeat_count->references(), std::vector<std::string>{"mc_count"});
    // Contact details are personal data, kept apart.
    ASSERT_NE(f->Find("contact_email"), nullptr);
    EXPECT_TRUE(f->Find("contact_email")->personal);
  }
}

// What the issue asks of the study's questionnaires: English, French and German with every text
// translated, agreement scales as matrices, "other, please specify" boxes, and the repeat.
TEST(StudyForms, TranslatedWithMatricesAndOtherPleaseSpecify) {
  for (const char* id : {"vet_providers", "authorities", "employers", "employee_orgs"}) {
    SCOPED_TRACE(id);
    Diagnostics d;
    auto f = CompileFile(std::string(MCS_SOURCE_DIR) + "/forms/study/" + id + ".md", d);
    ASSERT_TRUE(f) << d.ToString();
    ASSERT_EQ(f->languages.size(), 3u);
    EXPECT_EQ(f->languages[0].code, "en");
    EXPECT_EQ(f->languages[1].code, "fr");
    EXPECT_EQ(f->languages[2].code, "de");
    for (const auto& item : d.items()) EXPECT_NE(item.severity, Severity::kWarning) << item.ToString();
    int matrices = 0, specify = 0;
    for (const Node& n : f->nodes) {
      if (n.type == Type::kGroup && n.appearance.find("table-list") != std::string::npos) ++matrices;
      // "Other, please specify": a text question shown when its select's "other" is picked.
      if (n.type == Type::kText && n.relevant && n.relevant->text().find(", 'other')") != std::string::npos) ++specify;
    }
    EXPECT_GE(matrices, 2);
    EXPECT_GE(specify, 3);
  }
}

TEST(Compile, LanguagesFromColumnsAndDefault) {
  Diagnostics d;
  auto f = Compile(
      "| survey | type | name | label::English (en) | label::Français (fr) | hint |\n"
      "|        | text | a    | Name                | Nom                  | h    |\n"
      "| settings | form_id | version | default_language |\n"
      "|          | myform  | 7       | English (en)     |\n",
      "x.md", d);
  ASSERT_TRUE(f) << d.ToString();
  EXPECT_EQ(f->id, "myform");
  EXPECT_EQ(f->version, "7");
  ASSERT_EQ(f->languages.size(), 2u);
  EXPECT_EQ(f->languages[0].code, "en");
  EXPECT_EQ(f->languages[1].code, "fr");
  EXPECT_EQ(f->languages[1].name, "Français");
  const Node* a = f->Find("a");
  EXPECT_EQ(a->label.Get("fr", "en"), "Nom");
  EXPECT_EQ(a->label.Get("de", "en"), "Name");
  // A column without a language belongs to the default language.
  EXPECT_EQ(a->hint.Get("en", "en"), "h");
}

TEST(Compile, PagesFromTopLevelGroupsAndLooseQuestions) {
  Diagnostics d;
  auto f = Compile(
      "| survey | type        | name | label |\n"
      "|        | text        | a    | A     |\n"
      "|        | text        | b    | B     |\n"
      "|        | begin_group | g    | G     |\n"
      "|        | text        | c    | C     |\n"
      "|        | begin_group | h    | H     |\n"
      "|        | text        | d    | D     |\n"
      "|        | end_group   |      |       |\n"
      "|        | end_group   |      |       |\n"
      "|        | text        | e    | E     |\n",
      "pages.md", d);
  ASSERT_TRUE(f) << d.ToString();
  ASSERT_EQ(f->pages.size(), 3u);
  EXPECT_EQ(f->pages[0].questions.size(), 2u);
  EXPECT_EQ(f->nodes[static_cast<std::size_t>(f->pages[1].node)].name, "g");
  EXPECT_EQ(f->pages[1].questions.size(), 2u);  // nested group flattened onto its page
  EXPECT_EQ(f->pages[2].questions.size(), 1u);
  EXPECT_EQ(f->id, "pages");  // no settings: the file name
}

TEST(Compile, ExpressionErrorsNameRowColumnAndPosition) {
  Diagnostics d;
  auto f = Compile(
      "| survey | type    | name | label | relevant      | constraint |\n"
      "|        | integer | a    | A     |               |            |\n"
      "|        | text    | b    | B     | ${a} > 3 and  |            |\n"
      "|        | text    | c    | C     | ${nope} = 1   |            |\n"
      "|        | integer | e    | E     |               | frob(.)    |\n",
      "exprs.md", d);
  ASSERT_FALSE(f);
  std::string all = d.ToString();
  EXPECT_NE(all.find("exprs.md:survey:3:relevant:"), std::string::npos) << all;
  EXPECT_NE(all.find("exprs.md:survey:4:relevant: ${nope} names no question"), std::string::npos) << all;
  EXPECT_NE(all.find("exprs.md:survey:5:constraint:"), std::string::npos) << all;
  EXPECT_NE(all.find("frob"), std::string::npos) << all;
}

TEST(Compile, JsonIsStable) {
  Diagnostics d;
  const char* src =
      "| survey  | type          | name | label | required |\n"
      "|         | select_one yn | q    | Q?    | yes      |\n"
      "| choices | list_name     | name | label |\n"
      "|         | yn            | yes  | Yes   |\n"
      "|         | yn            | no   | No    |\n";
  auto f = Compile(src, "j.md", d);
  ASSERT_TRUE(f);
  EXPECT_EQ(ToJson(*f),
            "{\"id\":\"j\",\"title\":\"j\",\"version\":\"1\",\"default_language\":\"\",\"languages\":[],\"pages\":1,"
            "\"survey\":[{\"type\":\"select_one\",\"name\":\"q\",\"label\":{\"\":\"Q?\"},\"required\":true,\"choices\":\"yn\"}],"
            "\"choices\":{\"yn\":[{\"name\":\"yes\",\"label\":{\"\":\"Yes\"}},{\"name\":\"no\",\"label\":{\"\":\"No\"}}]}}");
}

}  // namespace
}  // namespace mcs::form
