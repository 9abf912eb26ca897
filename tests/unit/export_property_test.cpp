// Proof that nothing is lost: random valid responses for every form of the repository (the four
// study questionnaires) and test forms with repeats, or_other, select_multiple, translations and
// two versions united, with hostile text (every control character XML allows, U+2028, bidi
// overrides, 10,000-character texts, =HYPERLINK formulas, "_x000D_"), are exported in every format
// by the one download writer and read back with the real readers (Python's csv, openpyxl, GNU PSPP,
// R haven) by tests/readers/check_property.py, which checks that every stored answer is in exactly
// its one cell with its value and label, and every other cell is empty.
//
// The expected tables are built here from the stored answers and the form by the rules the README
// of every export states (a column per question, a 0/1 column per choice, a table per repeat), not
// by the exporter's code.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "common/xml_text.h"
#include "engine/answers_json.h"
#include "engine/engine.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::exporter {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using form::Type;

constexpr int kResponsesPerForm = 24;
constexpr TimeMs kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

// Test forms beside the study's: every kind of question the exports type, or_other, translations,
// a repeat holding a select_multiple, and (kVersion1 + kVersion2) two versions united.
constexpr const char* kKinds =
    "| survey  | type                       | name   | label::English (en) | label::Français (fr) | personal |\n"
    "|         | text                       | t      | Text                | Texte                |          |\n"
    "|         | integer                    | i      | Integer             | Entier               |          |\n"
    "|         | decimal                    | d      | Decimal             | Décimal              |          |\n"
    "|         | date                       | day    | Day                 | Jour                 |          |\n"
    "|         | select_one yn or_other     | yn     | Yes or no           | Oui ou non           |          |\n"
    "|         | select_multiple tp         | tp     | Topics              | Sujets               |          |\n"
    "|         | text                       | mail   | E-mail              | Courriel             | yes      |\n"
    "|         | begin_repeat               | mc     | Credential          | Certificat           |          |\n"
    "|         | text                       | title  | Title               | Titre                |          |\n"
    "|         | select_one yn              | online | Online?             | En ligne ?           |          |\n"
    "|         | select_multiple tp         | ctp    | Its topics          | Ses sujets           |          |\n"
    "|         | integer                    | hours  | Hours               | Heures               |          |\n"
    "|         | end_repeat                 |        |                     |                      |          |\n"
    "|         | begin_repeat               | other_r | Another repeat     | Une autre            |          |\n"
    "|         | text                       | note_r | Note                | Note                 |          |\n"
    "|         | end_repeat                 |        |                     |                      |          |\n"
    "| choices | list_name | name  | label::English (en) | label::Français (fr) |\n"
    "|         | yn        | yes   | Yes                 | Oui                  |\n"
    "|         | yn        | no    | No, “never”         | Non                  |\n"
    "|         | tp        | a-b   | A, and B            | A et B               |\n"
    "|         | tp        | c     | =C                  | C                    |\n"
    "|         | tp        | d     | D                   | D                    |\n"
    "| settings | form_id | default_language | version |\n"
    "|          | kinds   | en               | 1       |\n";

constexpr const char* kVersion1 =
    "| survey | type    | name | label |\n"
    "|        | text    | kept | Kept  |\n"
    "|        | integer | old  | Old   |\n"
    "| settings | form_id | version |\n"
    "|          | versions | 1      |\n";
constexpr const char* kVersion2 =
    "| survey | type          | name | label |\n"
    "|        | text          | kept | Kept  |\n"
    "|        | select_one ab | new  | New   |\n"
    "| choices | list_name | name | label |\n"
    "|         | ab        | a    | A     |\n"
    "|         | ab        | b    | B     |\n"
    "| settings | form_id | version |\n"
    "|          | versions | 2      |\n";

// Pieces of hostile text: every control XML 1.0 allows, a line separator, bidi overrides, what
// spreadsheets run or unescape, CSV's own characters, markup, astral characters.
const std::vector<std::string> kPieces = {"plain",
                                          "\t",
                                          "\n",
                                          "\r\n",
                                          "\r",
                                          "\u2028",
                                          "\u202e",
                                          "\u2066",
                                          "\u200f",
                                          "=HYPERLINK(\"http://x.example\",\"y\")",
                                          "+1",
                                          "-2",
                                          "@SUM(A1)",
                                          "'",
                                          "'=",
                                          ",",
                                          "\"",
                                          "\"\"",
                                          "é",
                                          "ß",
                                          "😀",
                                          "  ",
                                          "_x000D_",
                                          "_x0041_",
                                          "<b>&amp;</b>",
                                          "; ",
                                          "Norsk, bokmål",
                                          "\\",
                                          "0",
                                          "-",
                                          "Ω"};

// A label in `lang`, else in `fallback` (the form's default, as the exports fall back), else the name.
std::string Label(const form::Translated& t, const std::string& lang, const std::string& name,
                  const std::string& fallback = "") {
  if (t.empty()) return name;
  const std::string& s = t.Get(lang, fallback.empty() ? lang : fallback);
  return s.empty() ? name : s;
}

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

  std::string Text() {
    if (Chance(4)) {
      // 10,000 characters, the most an answer may hold, mixed widths.
      std::string s;
      for (int k = 0; k < 10000; ++k) s += k % 7 == 0 ? "é" : k % 11 == 0 ? "\n" : "x";
      return s;
    }
    std::string s;
    for (int k = Int(1, 5); k > 0; --k)
      s += kPieces[static_cast<std::size_t>(Int(0, static_cast<int>(kPieces.size()) - 1))];
    return s;
  }

  // A raw answer for `n`, or "" to leave it unanswered.
  std::string Raw(const form::Node& n) {
    if (Chance(20)) return "";
    switch (n.type) {
      case Type::kText:
        return Text();
      case Type::kInteger:
        return std::to_string(Int(-100000, 100000));
      case Type::kDecimal:
        return std::to_string(Int(-5000, 5000)) + "." + std::to_string(Int(0, 99));
      case Type::kDate:
        return std::to_string(Int(1990, 2030)) + "-0" + std::to_string(Int(1, 9)) + "-" + std::to_string(Int(10, 28));
      case Type::kSelectOne: {
        const auto& cs = n.choices->choices;
        return cs.empty() ? "" : cs[static_cast<std::size_t>(Int(0, static_cast<int>(cs.size()) - 1))].name;
      }
      case Type::kSelectMultiple: {
        std::string s;
        for (const auto& c : n.choices->choices) {
          if (Chance(40)) s += (s.empty() ? "" : " ") + c.name;
        }
        return s;
      }
      default:
        return "";  // calculations, ranks, meta: filled by the engine, not by respondents
    }
  }

 private:
  std::mt19937 rng_;
};

// A column of an expected table and its cells.
struct Col {
  std::string column;
  std::string kind;  // string, number, date, datetime, code, flag
  std::string label;
  const form::Node* node = nullptr;
  std::string choice = {};
};

std::vector<Col> ExpectedColumns(const form::Form& f, int repeat, const std::string& in = "") {
  const std::string lang = in.empty() ? f.lang() : in;
  auto Label = [&](const form::Translated& t, const std::string& l, const std::string& name) {
    return exporter::Label(t, l, name, f.lang());
  };
  std::vector<Col> cols;
  if (repeat == 0) {
    cols = {{"id", "string", "Response id", nullptr, ""},
            {"form_version", "string", "Form version", nullptr, ""},
            {"lang", "string", "Language of the response", nullptr, ""},
            {"status", "string", "Status (complete or partial)", nullptr, ""},
            {"started_at", "datetime", "Started at (Europe/Brussels)", nullptr, ""},
            {"submitted_at", "datetime", "Submitted at (Europe/Brussels)", nullptr, ""}};
  } else {
    cols = {{"response_id", "string", "Response id", nullptr, ""},
            {"instance", "number",
             "Instance of " + Label(f.nodes[static_cast<std::size_t>(repeat)].label, lang,
                                    f.nodes[static_cast<std::size_t>(repeat)].name),
             nullptr, ""}};
  }
  for (const form::Node& n : f.nodes) {
    if (!form::HoldsValue(n.type) || n.personal || n.repeat != repeat) continue;
    std::string kind = n.type == Type::kInteger || n.type == Type::kDecimal || n.type == Type::kRange ? "number"
                       : n.type == Type::kDate                                                        ? "date"
                       : n.type == Type::kSelectOne                                                   ? "code"
                                                                                                      : "string";
    cols.push_back({n.name, kind, Label(n.label, lang, n.name), &n, ""});
    if (n.type == Type::kSelectMultiple) {
      for (const auto& c : n.choices->choices) {
        cols.push_back({n.name + "/" + c.name, "flag",
                        Label(n.label, lang, n.name) + ": " + Label(c.label, lang, c.name), &n, c.name});
      }
    }
  }
  return cols;
}

json::value Cell(const Col& c, const engine::Values& values) {
  auto it = values.find(c.node->name);
  if (it == values.end() || it->second.empty()) return nullptr;
  if (!c.choice.empty()) return engine::HasWord(it->second, c.choice) ? 1 : 0;
  // What XML 1.0 refuses (only in answers stored before Canonicalize checked it) is U+FFFD.
  return json::value(ToXmlText(it->second));
}

// The choice labels of a select (in the form's language), for the labels checks.
json::object ChoiceLabels(const form::Form& f, const form::Node& n, const std::string& lang = "") {
  json::object o;
  for (const auto& c : n.choices->choices) o[c.name] = Label(c.label, lang.empty() ? f.lang() : lang, c.name, f.lang());
  return o;
}

class ExportProperty : public ::testing::Test {
 protected:
  // Generates, stores and exports one form's responses (the versions' answers, `f` their union);
  // returns what check_property.py is to find.
  // `lang`: the labels' language asked of the exports (Options::lang); "" the form's default.
  json::object Run(const std::string& name, const std::vector<std::shared_ptr<const form::Form>>& versions,
                   const form::Form& f, unsigned seed, const std::string& lang = "") {
    // MCS_PROPERTY_DIR keeps the files for a look after a failure.
    const char* keep = std::getenv("MCS_PROPERTY_DIR");
    const std::string dir = keep ? std::string(keep) + "/" + name : dir_.File(name);
    fs::create_directories(dir);
    auto store = std::move(storage::Open("sqlite:" + dir + "/s.db").value());
    EXPECT_TRUE(store->Migrate().ok());
    Generator g(seed);
    std::vector<int> repeats;
    for (std::size_t i = 1; i < f.nodes.size(); ++i) {
      if (f.nodes[i].type == Type::kRepeat) repeats.push_back(static_cast<int>(i));
    }
    std::vector<std::vector<json::array>> rows(1 + repeats.size());  // per table
    std::vector<std::vector<Col>> cols;
    cols.push_back(ExpectedColumns(f, 0, lang));
    for (int r : repeats) cols.push_back(ExpectedColumns(f, r, lang));

    for (int k = 0; k < kResponsesPerForm; ++k) {
      const form::Form& v = *versions[static_cast<std::size_t>(k) % versions.size()];
      engine::Answers a;
      auto fill = [&](engine::Values& values, int repeat) {
        for (const form::Node& n : v.nodes) {
          if (!form::HoldsValue(n.type) || n.personal || n.repeat != repeat) continue;
          std::string raw = g.Raw(n);
          if (auto it = fixed_lengths_.find(n.name); it != fixed_lengths_.end()) raw = FixedText(it->second, k);
          if (raw.empty()) continue;
          auto canon = engine::Canonicalize(n, raw, "en");
          if (!canon.ok()) {
            ADD_FAILURE() << name << " " << n.name << ": a valid answer was refused: " << canon.error().message;
            continue;
          }
          if (!canon->empty()) values[n.name] = *canon;
        }
      };
      fill(a.values, 0);
      // An answer stored before answers were limited to XML 1.0 characters: a NUL, U+FFFE (UTF-8 was
      // always checked). Every export must stay readable, and show U+FFFD for each.
      if (name == "kinds" && k % 6 == 3) a.values["t"] = std::string("legacy\0nul\xEF\xBF\xBE end", 17);
      for (std::size_t i = 1; i < v.nodes.size(); ++i) {
        if (v.nodes[i].type != Type::kRepeat) continue;
        int instances = g.Int(0, 3);
        for (int m = 0; m < instances; ++m) {
          engine::Values inst;
          fill(inst, static_cast<int>(i));
          a.repeats[v.nodes[i].name].push_back(std::move(inst));
        }
      }
      storage::ResponseRecord rec;
      rec.id = name + "R" + std::to_string(k);
      rec.form_id = f.id;
      rec.form_version = v.version;
      rec.lang = k % 5 == 0 ? "Norsk, bokmål" : k % 5 == 1 ? "\"=1+1" : "en";
      rec.status = storage::ResponseStatus::kComplete;
      rec.answers_json = engine::ToStoredJson(a);
      rec.personal_json = R"({"mail":"someone@example.org"})";
      rec.channel = "web";
      // Every other response in summer time (Brussels +02:00, else +01:00).
      rec.started_at = kT0 + k * 61000 + (k % 2 ? 181LL * 86400000 : 0);
      rec.updated_at = rec.submitted_at = rec.started_at + 1500 + k;
      EXPECT_TRUE(store->InsertResponse(rec).ok());

      // The expected rows: the main table's, then each repeat's instances.
      json::array main{json::value(rec.id),
                       json::value(rec.form_version),
                       json::value(rec.lang),
                       json::value("complete"),
                       static_cast<double>(rec.started_at) / 1000.0,
                       static_cast<double>(rec.submitted_at) / 1000.0};
      for (std::size_t c = 6; c < cols[0].size(); ++c) main.push_back(Cell(cols[0][c], a.values));
      rows[0].push_back(std::move(main));
      for (std::size_t t = 0; t < repeats.size(); ++t) {
        auto it = a.repeats.find(f.nodes[static_cast<std::size_t>(repeats[t])].name);
        if (it == a.repeats.end()) continue;
        for (std::size_t m = 0; m < it->second.size(); ++m) {
          json::array row{json::value(rec.id), static_cast<double>(m + 1)};
          for (std::size_t c = 2; c < cols[t + 1].size(); ++c) row.push_back(Cell(cols[t + 1][c], it->second[m]));
          rows[t + 1].push_back(std::move(row));
        }
      }
    }

    json::object out{{"form", f.id}, {"dir", dir}, {"zone", "Europe/Brussels"}};
    json::array tables;
    for (std::size_t t = 0; t < cols.size(); ++t) {
      json::array jc;
      for (const Col& c : cols[t]) {
        json::object o{{"column", c.column}, {"kind", c.kind}, {"label", c.label}};
        if (c.node && (c.node->type == Type::kSelectOne || c.node->type == Type::kSelectMultiple) && c.choice.empty()) {
          o["choices"] = ChoiceLabels(f, *c.node, lang);
          json::array order;
          for (const auto& ch : c.node->choices->choices) order.push_back(json::value(ch.name));
          o["order"] = std::move(order);
        }
        jc.push_back(std::move(o));
      }
      json::array jr;
      for (auto& r : rows[t]) jr.push_back(std::move(r));
      tables.push_back(json::object{{"name", t == 0 ? "" : f.nodes[static_cast<std::size_t>(repeats[t - 1])].name},
                                    {"columns", std::move(jc)},
                                    {"rows", std::move(jr)}});
    }
    out["tables"] = std::move(tables);

    // Every format through the one download writer (what the console and the API serve).
    json::object files;
    for (FileFormat fmt : {FileFormat::kCsv, FileFormat::kXlsx, FileFormat::kSav, FileFormat::kDta}) {
      Options opts;
      opts.lang = lang;
      std::string path = dir + "/" + DownloadName(f.id, fmt);
      auto n = WriteDownload(*store, f, opts, fmt, path);
      EXPECT_TRUE(n.ok()) << name << " " << Extension(fmt) << ": " << (n.ok() ? "" : n.error().message);
      if (n.ok()) {
        EXPECT_EQ(*n, kResponsesPerForm);
      }
      files[std::string(Extension(fmt))] = path;
    }
    Options labels;
    labels.labels = true;
    labels.lang = lang;
    std::string lpath = dir + "/labels-" + DownloadName(f.id, FileFormat::kCsv);
    EXPECT_TRUE(WriteDownload(*store, f, labels, FileFormat::kCsv, lpath).ok());
    files["csv_labels"] = lpath;
    out["files"] = std::move(files);
    return out;
  }

  // Texts of a fixed length instead of random ones (question name → bytes), for the tests whose
  // point is a string's width; unanswered in every fifth response. ASCII, different in each response.
  std::map<std::string, std::size_t> fixed_lengths_;
  static std::string FixedText(std::size_t bytes, int k) {
    if (k % 5 == 0) return "";
    std::string s = "r" + std::to_string(k) + ":";
    while (s.size() < bytes) s += static_cast<char>('a' + (s.size() * 7 + static_cast<std::size_t>(k)) % 26);
    s.resize(bytes);
    return s;
  }

  testing::TempDir dir_;
};

std::shared_ptr<const form::Form> CompileText(const std::string& text, const std::string& file) {
  Diagnostics d;
  auto f = form::Compile(text, file, d);
  EXPECT_TRUE(f) << file << ": " << d.ToString();
  return f;
}

TEST_F(ExportProperty, EveryStoredAnswerInExactlyOneCellInEveryFormat) {
  const bool have_python = std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
  if (!have_python) GTEST_SKIP() << "/usr/bin/python3 with openpyxl is not installed";
  json::array forms;
  unsigned seed = 20;
  for (const auto& e : fs::directory_iterator(std::string(MCS_SOURCE_DIR) + "/forms/study")) {
    if (e.path().extension() != ".md") continue;
    auto f = CompileText(testing::ReadTestFile(e.path().string()), e.path().filename().string());
    ASSERT_TRUE(f);
    forms.push_back(Run(f->id, {f}, *f, ++seed));
    // The audit: labels in the questionnaires' other languages too (German and French: accents,
    // quotes, long texts cut at the formats' limits on a character boundary). The form under another
    // id, so that its files are named apart; seeds apart from the others'.
    for (const auto& [id, lang] : {std::pair{"employers", "de"}, std::pair{"vet_providers", "fr"}}) {
      if (f->id != id) continue;
      std::string text = testing::ReadTestFile(e.path().string());
      const std::string row = "\n| | " + std::string(id) + " | ", renamed = "\n| | " + std::string(id) + "_" + lang + " | ";
      ASSERT_NE(text.find(row), std::string::npos) << id;
      text.replace(text.find(row), row.size(), renamed);
      auto other = CompileText(text, e.path().filename().string());
      ASSERT_TRUE(other);
      forms.push_back(Run(other->id, {other}, *other, 100 + seed, lang));
    }
  }
  auto kinds = CompileText(kKinds, "kinds.md");
  ASSERT_TRUE(kinds);
  forms.push_back(Run("kinds", {kinds}, *kinds, ++seed));
  auto v1 = CompileText(kVersion1, "v1.md"), v2 = CompileText(kVersion2, "v2.md");
  ASSERT_TRUE(v1 && v2);
  auto united = form::UniteVersions({v1, v2});
  forms.push_back(Run("versions", {v1, v2}, *united, ++seed));
  ASSERT_EQ(forms.size(), 8u);

  const char* keep = std::getenv("MCS_PROPERTY_DIR");
  const std::string expected = keep ? std::string(keep) + "/expected.json" : dir_.File("expected.json");
  std::ofstream(expected) << json::serialize(forms);
  const std::string cmd = "/usr/bin/python3 " + std::string(MCS_SOURCE_DIR) + "/tests/readers/check_property.py " +
                          expected + " > " + dir_.File("verdict.txt") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::string verdict = testing::ReadTestFile(dir_.File("verdict.txt"));
  std::cout << verdict;
  EXPECT_EQ(rc, 0) << verdict;
}

// SPSS stores a string longer than 255 bytes as 252-byte segments, each a variable of its own in the
// file's dictionary with an 8-byte name. ReadStat 1.1.8 names them after the first five characters
// of the variable's short name plus one character 1-9, A-Z, 0 for the segment: a text `t` of 7,000
// bytes got segments T1...TO (TO is an SPSS keyword, not a name), `b` BY, `wit` WITH, `an` AND, `no`
// NOT, `e` EQ; `t`'s T1 was also the name of the question `t1`; two long texts whose names share
// their first five characters got the same segment names; and past 36 segments (`long`, 10,000
// bytes) the names repeated. GNU PSPP renamed them with warnings. Every name in the dictionary must
// be a valid, unique SPSS name; PSPP and R haven read every cell back.
constexpr const char* kSegments =
    "| survey  | type | name    | label           |\n"
    "|         | text | t       | Seven thousand  |\n"
    "|         | text | t1      | Short           |\n"
    "|         | text | b       | Nine thousand   |\n"
    "|         | text | wit     | With            |\n"
    "|         | text | an      | And             |\n"
    "|         | text | no      | Not             |\n"
    "|         | text | e       | Equals          |\n"
    "|         | text | abcdefg | Same stem       |\n"
    "|         | text | abcdexy | Same stem again |\n"
    "|         | text | long    | Forty segments  |\n"
    "|         | begin_repeat | r | Repeat |\n"
    "|         | text | to_    | In the repeat   |\n"
    "|         | end_repeat |   |                 |\n"
    "| settings | form_id  | version |\n"
    "|          | segments | 1       |\n";

// Question names that are SPSS keywords or Stata reserved names, and names alike in their first 32
// characters (Stata's limit): every .sav and .dta variable name must still be valid and unique
// (check_property.py checks the names PSPP and haven read). `str12` was renamed `str12_`, which
// ReadStat refuses (any name "str" + digit): the .dta export failed.
constexpr const char* kReservedNames =
    "| survey  | type    | name  | label |\n"
    "|         | text    | to    | To    |\n"
    "|         | text    | to_   | To_   |\n"
    "|         | integer | if    | If    |\n"
    "|         | text    | in    | In    |\n"
    "|         | integer | byte  | Byte  |\n"
    "|         | text    | using | Using |\n"
    "|         | text    | with  | With  |\n"
    "|         | text    | by    | By    |\n"
    "|         | text    | str12 | Str12 |\n"
    "|         | text    | strL  | StrL  |\n"
    "|         | text    | _N    | N     |\n"
    "|         | text    | a_question_name_of_forty_characters_one | First  |\n"
    "|         | text    | a_question_name_of_forty_characters_two | Second |\n"
    "| settings | form_id | version |\n"
    "|          | names   | 1       |\n";

// SPSS keeps an 8-byte short name for every variable beside its long name. ReadStat 1.1.8 takes the
// first 8 bytes upper-cased and, when that is taken, `V<index>_A`, without checking that name in its
// turn: a question literally named `v9_a` and two questions whose names share their first 8
// characters (the second, the 9th variable after the response's own six, got V9_A as well) made two
// variables of one short name, and GNU PSPP refused the file ("Renaming variable with duplicate
// name"); the same for a select_one (value labels) and a select_multiple's 0/1 variable (V14_A,
// V17_A). The names here are also others' truncations (`abcdefgh`), SPSS's own default names
// (VAR001: what PSPP renames duplicates to), reserved words of SPSS and Stata, 64-byte names alike in
// their first 8 or first 40 bytes (Stata keeps 32 characters), names in other scripts (`größe`,
// `ύψος`: the exports' names are ASCII), and one of the V9_A pair is a string over 255 bytes (its
// short name is in the very long string record too). Every .sav and .dta name must be valid and
// unique, and PSPP and R haven must read every cell back.
constexpr const char* kShortNames =
    "| survey  | type                 | name         | label         |\n"
    "|         | text                 | v9_a         | Literal V9_A  |\n"
    "|         | text                 | abcdefgh_one | First         |\n"
    "|         | text                 | abcdefgh_two | Second        |\n"
    "|         | integer              | abcdefgh     | Truncation    |\n"
    "|         | text                 | v14_a        | Literal V14_A |\n"
    "|         | text                 | v17_a        | Literal V17_A |\n"
    "|         | select_one yn        | selectone_a  | One           |\n"
    "|         | select_one yn        | selectone_b  | Another       |\n"
    "|         | select_multiple yn   | multiple_x   | Several       |\n"
    "|         | text                 | VAR001       | Default name  |\n"
    "|         | text                 | var00100     | Default too   |\n"
    "|         | integer              | all          | All           |\n"
    "|         | text                 | _b           | Stata _b      |\n"
    "|         | text                 | _cons        | Stata _cons   |\n"
    "|         | text                 | double       | Double        |\n"
    "|         | text                 | str2045      | Str2045       |\n"
    "|         | text                 | x_64_bytes_long_name_0123456789abcdef0123456789abcdef01234567a | Long 1 |\n"
    "|         | text                 | x_64_bytes_long_name_0123456789abcdef0123456789abcdef01234567b | Long 2 |\n"
    "|         | text                 | x_64_bytes_alike_for_40_bytes_then_different_after_that_____a | Long 3 |\n"
    "|         | text                 | x_64_bytes_alike_for_40_bytes_then_different_after_that_____b | Long 4 |\n"
    "|         | text                 | größe        | Size          |\n"
    "|         | text                 | größe2       | Size again    |\n"
    "|         | integer              | ύψος         | Height        |\n"
    "|         | text                 | v10_a        | Literal V10_A |\n"
    "| choices | list_name | name | label |\n"
    "|         | yn        | yes  | Yes   |\n"
    "|         | yn        | no   | No    |\n"
    "| settings | form_id    | version |\n"
    "|          | shortnames | 1       |\n";

TEST_F(ExportProperty, SavAndDtaNamesAreValidAndUnique) {
  const bool have_python = std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
  if (!have_python) GTEST_SKIP() << "/usr/bin/python3 with openpyxl is not installed";
  if (std::system("pspp --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "GNU PSPP is not installed";
  if (std::system("Rscript -e 'library(haven)' >/dev/null 2>&1") != 0) GTEST_SKIP() << "R haven is not installed";
  fixed_lengths_ = {{"t", 7000}, {"t1", 20},       {"b", 9000},      {"wit", 4400},   {"an", 3400}, {"no", 7400},
                    {"e", 6600}, {"abcdefg", 600}, {"abcdexy", 600}, {"long", 10000}, {"to_", 7000}};
  auto f = CompileText(kSegments, "segments.md");
  ASSERT_TRUE(f);
  json::array forms;
  forms.push_back(Run("segments", {f}, *f, 7));
  auto names = CompileText(kReservedNames, "names.md");
  ASSERT_TRUE(names);
  forms.push_back(Run("names", {names}, *names, 8));
  fixed_lengths_ = {{"abcdefgh_two", 600}};
  // V9_B ... V9_Z taken as well (questions v9_b ... v9_z): the second of the V9_A pair becomes V9_0.
  std::string shortnames_md = kShortNames;
  for (char c = 'b'; c <= 'z'; ++c) {
    const std::string row = std::string("|         | integer              | v9_") + c + "         | Literal       |\n";
    shortnames_md.insert(shortnames_md.find("| choices"), row);
  }
  auto shortnames = CompileText(shortnames_md, "shortnames.md");
  ASSERT_TRUE(shortnames);
  forms.push_back(Run("shortnames", {shortnames}, *shortnames, 9));
  const std::string expected = dir_.File("segments.json");
  std::ofstream(expected) << json::serialize(forms);
  const std::string cmd = "/usr/bin/python3 " + std::string(MCS_SOURCE_DIR) + "/tests/readers/check_property.py " +
                          expected + " > " + dir_.File("segments.txt") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::string verdict = testing::ReadTestFile(dir_.File("segments.txt"));
  std::cout << verdict;
  EXPECT_EQ(rc, 0) << verdict;
  EXPECT_EQ(verdict.find("KNOWN"), std::string::npos) << verdict;
  EXPECT_EQ(verdict.find("SKIP"), std::string::npos) << verdict;
}

// What answers may hold: XML 1.0 characters. Every other control character, U+FFFE and U+FFFF are
// refused with a message that says so; tab, line feed and carriage return are kept.
TEST(AnswerText, XmlCharactersOnly) {
  form::Node q;
  q.type = Type::kText;
  for (int c = 0; c < 0x20; ++c) {
    std::string raw = "a" + std::string(1, static_cast<char>(c)) + "b";
    auto r = engine::Canonicalize(q, raw, "en");
    if (c == '\t' || c == '\n' || c == '\r') {
      EXPECT_TRUE(r.ok()) << c;
    } else {
      ASSERT_FALSE(r.ok()) << c;
      EXPECT_NE(r.error().message.find("control characters"), std::string::npos) << r.error().message;
    }
  }
  for (const char* bad : {"a\xEF\xBF\xBE", "a\xEF\xBF\xBF", "\xED\xA0\x80", "\xC0\x80"}) {
    EXPECT_FALSE(engine::Canonicalize(q, bad, "en").ok()) << bad;
  }
  for (const char* good : {"\u2028", "\u202e", "\uFFFD", "😀", "=HYPERLINK(\"x\")"}) {
    EXPECT_TRUE(engine::Canonicalize(q, good, "en").ok()) << good;
  }
  // What older answers may hold anyway comes out of every export as U+FFFD, a character each.
  EXPECT_EQ(ToXmlText(std::string("a\0b", 3)), "a\uFFFDb");
  EXPECT_EQ(ToXmlText("a\xEF\xBF\xBE"
                      "b"),
            "a\uFFFDb");
  EXPECT_EQ(ToXmlText("a\xFF"
                      "b"),
            "a\uFFFDb");
  EXPECT_TRUE(IsXmlText("tab\tline\r\n\u2028"));
}

}  // namespace
}  // namespace mcs::exporter
