// Proof with real readers: the .sav is read back with GNU PSPP and R's haven, the .dta with haven,
// the .xlsx with openpyxl, and every value and every variable and value label is compared with what
// was submitted (tests/readers/check_exports.sh). The expected values are written here by hand from
// the fixture's answers, not derived from the exporter.
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "export_fixture.h"

namespace mcs::exporter {
namespace {

namespace json = boost::json;
using testdata::ExportFixture;

bool OnPath(const std::string& tool) { return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0; }

json::object Var(const char* name, const char* column, const std::string& label, const char* kind) {
  return json::object{{"name", name}, {"column", column}, {"label", label}, {"kind", kind}};
}

// Response S: in summer, at half past midnight on 6 July in Brussels (22:30 UTC on 5 July), "Don't
// know" for the size, and text answers that end in spaces (one a strL in .dta, one a str#).
constexpr TimeMs kSummer = 1783290600000;  // 2026-07-05T22:30:00Z

// Output of a shell command (standard output and error).
std::string Shell(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen((cmd + " 2>&1").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
  }
  return out;
}

json::value Expected(const std::string& dir) {
  const json::value null = nullptr;
  // Times of the fixture's responses, seconds since 1970 (UTC): compare_exports.py expects them on
  // Brussels' clock in the files (+1 hour in winter, +2 in summer), by Python's own tz database.
  const double t0 = static_cast<double>(testdata::kT0) / 1000.0;
  const double ts = static_cast<double>(kSummer) / 1000.0;

  json::array main_vars = {
      Var("id", "id", "Response id", "string"),
      Var("form_version", "form_version", "Form version", "string"),
      Var("lang", "lang", "Language of the response", "string"),
      Var("status", "status", "Status (complete or partial)", "string"),
      Var("started_at", "started_at", "Started at (Europe/Brussels)", "datetime"),
      Var("submitted_at", "submitted_at", "Submitted at (Europe/Brussels)", "datetime"),
      Var("comment", "comment", "Your comment — “in full”", "string"),
      Var("staff", "staff",
          "How many people does your organisation employ in total, counting part-time staff as full-time "
          "equivalents?",
          "number"),
      Var("ects", "ects", "ECTS credits", "number"),
      Var("issued", "issued", "Date issued", "date"),
      Var("size", "size", "Size of the organisation", "number"),
      Var("format", "format", "Format of the credential", "string"),
      Var("format_pdf_2", "format/pdf", "Format of the credential: PDF", "number"),
      Var("format_badge", "format/badge", "Format of the credential: Digital badge", "number"),
      Var("format_euro_pass", "format/euro-pass", "Format of the credential: Europass credential", "number"),
      Var("format_pdf", "format_pdf", "Which PDF standard?", "string"),
      Var("a_very_long_question_name_beyond", "a_very_long_question_name_beyond_stata_limits", "Long name", "string"),
      Var("never", "never", "Never answered", "number"),
  };
  json::object size_labels{{"1", "Micro (<10)"}, {"2", "Small (10–49)"}, {"3", "Large (250+)"}, {"4", "Don't know"}};
  json::object flag_labels{{"0", "not selected"}, {"1", "selected"}};
  for (auto& v : main_vars) {
    auto& o = v.as_object();
    if (o["name"] == "size") {
      o["labels"] = size_labels;
      o["codes"] = json::object{{"1", "micro"}, {"2", "small"}, {"3", "large"}, {"4", "dk"}};
      // "Don't know": user-missing in .sav, .d in .dta.
      o["tags"] = json::object{{"4", "d"}};
      o["sav_missing"] = json::array{4};
    }
    if (o["column"].as_string().starts_with("format/")) o["labels"] = flag_labels;
  }
  json::array main_rows = {
      json::object{{"id", "A"}, {"form_version", "1"}, {"lang", "de"}, {"status", "complete"},
                   {"started_at", t0 + 0.234}, {"submitted_at", t0 + 1.234}, {"comment", testdata::LongText()},
                   {"staff", 42}, {"ects", 2.5}, {"issued", "2026-07-05"}, {"size", 3}, {"format", "pdf euro-pass"},
                   {"format_pdf_2", 1}, {"format_badge", 0}, {"format_euro_pass", 1}, {"format_pdf", "PDF/A-3"},
                   {"a_very_long_question_name_beyond", "x"}, {"never", null}},
      json::object{{"id", "B"}, {"form_version", "1"}, {"lang", "en"}, {"status", "complete"},
                   {"started_at", t0 + 59}, {"submitted_at", t0 + 60}, {"comment", "short, with \"quotes\""},
                   {"staff", -7}, {"ects", null}, {"issued", null}, {"size", 1}, {"format", ""},
                   {"format_pdf_2", null}, {"format_badge", null}, {"format_euro_pass", null}, {"format_pdf", ""},
                   {"a_very_long_question_name_beyond", ""}, {"never", null}},
      json::object{{"id", "C"}, {"form_version", "1"}, {"lang", "en"}, {"status", "complete"},
                   {"started_at", t0 + 119}, {"submitted_at", t0 + 120}, {"comment", ""}, {"staff", null},
                   {"ects", 1234567.125}, {"issued", "1999-12-31"}, {"size", null}, {"format", "badge"},
                   {"format_pdf_2", 0}, {"format_badge", 1}, {"format_euro_pass", 0}, {"format_pdf", ""},
                   {"a_very_long_question_name_beyond", ""}, {"never", null}},
      json::object{{"id", "S"}, {"form_version", "1"}, {"lang", "en"}, {"status", "complete"},
                   {"started_at", ts - 1}, {"submitted_at", ts}, {"comment", "trailing  "}, {"staff", null},
                   {"ects", null}, {"issued", null}, {"size", 4}, {"format", ""}, {"format_pdf_2", null},
                   {"format_badge", null}, {"format_euro_pass", null}, {"format_pdf", "PDF/UA  "},
                   {"a_very_long_question_name_beyond", ""}, {"never", null}},
  };
  json::array mc_vars = {
      Var("response_id", "response_id", "Response id", "string"),
      Var("instance", "instance", "Instance of Microcredential", "number"),
      Var("title", "title", "Title", "string"),
      Var("hours", "hours", "Workload (hours)", "number"),
  };
  json::array mc_rows = {
      json::object{{"response_id", "A"}, {"instance", 1}, {"title", "Badge in Datenanalyse"}, {"hours", 25}},
      json::object{{"response_id", "A"}, {"instance", 2}, {"title", "=1+1"}, {"hours", null}},
      json::object{{"response_id", "C"}, {"instance", 1}, {"title", ""}, {"hours", 3}},
  };
  auto path = [&](const char* f) { return dir + "/" + f; };
  return json::object{
      {"zone", "Europe/Brussels"},
      {"tables", json::object{{"main", json::object{{"variables", main_vars}, {"rows", main_rows}}},
                              {"mc", json::object{{"variables", mc_vars}, {"rows", mc_rows}}}}},
      {"files", json::object{{"sav", json::object{{"main", path("out.sav")}, {"mc", path("out-mc.sav")}}},
                             {"dta", json::object{{"main", path("out.dta")}, {"mc", path("out-mc.dta")}}},
                             {"xlsx", path("out.xlsx")},
                             {"codebook", path("out-codebook.csv")}}},
      {"xlsx_sheets", json::object{{"main", "data"}, {"mc", "mc"}}},
  };
}

class ExportReaders : public ExportFixture {
 protected:
  void AddSummer() {
    engine::Answers s;
    s.values = {{"comment", "trailing  "}, {"size", "dk"}, {"format_pdf", "PDF/UA  "}};
    Add("S", s, storage::ResponseStatus::kComplete, kSummer, "en");
  }
};

TEST_F(ExportReaders, PsppHavenAndOpenpyxlReadBackEveryValueAndLabel) {
  // MCS_EXPORT_DIR keeps the files for a look by hand.
  const char* keep = std::getenv("MCS_EXPORT_DIR");
  const std::string dir = keep ? keep : dir_.File("readers");
  std::filesystem::create_directories(dir);
  AddSummer();

  auto repeats = [&](const std::string& ext) {
    return [dir, ext](const std::string& name) { return dir + "/out-" + name + ext; };
  };
  ASSERT_TRUE(WriteSav(*store_, *form_, Options{}, dir + "/out.sav", repeats(".sav")).ok());
  ASSERT_TRUE(WriteDta(*store_, *form_, Options{}, dir + "/out.dta", repeats(".dta")).ok());
  ASSERT_TRUE(WriteXlsx(*store_, *form_, Options{}, dir + "/out.xlsx").ok());
  {
    std::ofstream cb(dir + "/out-codebook.csv", std::ios::binary);
    WriteCodebookCsv(*form_, cb);
    std::ofstream ex(dir + "/expected.json", std::ios::binary);
    ex << json::serialize(Expected(dir));
  }

  const bool pspp = OnPath("pspp");
  const bool haven = OnPath("Rscript") && std::system("Rscript -e 'library(haven)' >/dev/null 2>&1") == 0;
  const bool openpyxl = std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
  if (!pspp && !haven && !openpyxl) GTEST_SKIP() << "none of pspp, R haven, python3-openpyxl is installed";
  std::printf("readers: pspp %s, haven %s, openpyxl %s\n", pspp ? "yes" : "MISSING", haven ? "yes" : "MISSING",
              openpyxl ? "yes" : "MISSING");
  std::fflush(stdout);

  const std::string script = std::string(MCS_SOURCE_DIR) + "/tests/readers/check_exports.sh";
  const std::string cmd = "bash '" + script + "' '" + dir + "/expected.json' 2>&1";
  int rc = std::system(cmd.c_str());
  EXPECT_EQ(rc, 0) << "the readers disagree with what was submitted (see above)";

  // Trailing spaces: the .dta holds them (Stata reads str# and strL byte for byte). ReadStat's
  // reader, inside haven, drops them from a str# (compare_exports.py knows it), so the proof for
  // the str# is the file's bytes: "PDF/UA  " is the longest answer, the variable exactly 8 bytes wide.
  std::ifstream dta(dir + "/out.dta", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(dta)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("PDF/UA  "), std::string::npos);
  EXPECT_NE(bytes.find(std::string("trailing  \0", 11)), std::string::npos);  // the strL, NUL-ended
  if (!pspp || !haven || !openpyxl) GTEST_SKIP() << "some readers are missing: only the others were checked";
}

// "Don't know" is missing where it counts: PSPP's DESCRIPTIVES leaves it out of the mean and
// FREQUENCIES lists it under Missing with its label; R haven reads the .sav's user-missing value
// (na_values) and the .dta's extended missing value .d with its label, and the means leave it out.
// Sizes: A large (3), B micro (1), C unanswered, S don't know: the mean is 2 of 2 valid answers.
TEST_F(ExportReaders, DontKnowIsMissingInPsppHavenAndStataMeans) {
  AddSummer();
  const std::string dir = dir_.File("dk");
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteSav(*store_, *form_, Options{}, dir + "/out.sav", nullptr).ok());
  ASSERT_TRUE(WriteDta(*store_, *form_, Options{}, dir + "/out.dta", nullptr).ok());
  bool checked = false;
  if (OnPath("pspp")) {
    checked = true;
    {
      std::ofstream sps(dir + "/dk.sps");
      sps << "SET TVARS=NAMES.\nGET FILE='" << dir << "/out.sav'.\nDESCRIPTIVES size.\nFREQUENCIES size.\n";
    }
    const std::string out = Shell("cd '" + dir + "' && pspp -O format=csv -o dk.csv dk.sps && cat dk.csv");
    EXPECT_NE(out.find("\nsize,2,2.00,1.41,Micro (<10),Large (250+)\n"), std::string::npos) << out;  // N, mean
    // Frequencies: valid Micro and Large (50% each), then missing: unanswered (.) and Don't know.
    EXPECT_NE(out.find("Valid,Micro (<10),1,25.0%,50.0%,50.0%\n,Large (250+),1,25.0%,50.0%,100.0%\n"
                       "Missing,.,1,25.0%,,\n,Don't know,1,25.0%,,\n"),
              std::string::npos)
        << out;
  }
  if (OnPath("Rscript") && std::system("Rscript -e 'library(haven)' >/dev/null 2>&1") == 0) {
    checked = true;
    {
      std::ofstream r(dir + "/dk.R");
      r << "library(haven)\ns <- read_sav('" << dir << "/out.sav', user_na = TRUE)\nd <- read_dta('" << dir
        << "/out.dta')\nl <- attr(d$size, 'labels')\n"
           "cat('sav na_values', attr(s$size, 'na_values'), 'values', as.numeric(s$size),\n"
           "    'mean', mean(zap_missing(s$size), na.rm = TRUE), '\\n')\n"
           "cat('dta tags', na_tag(d$size), 'mean', mean(d$size, na.rm = TRUE),\n"
           "    'label .d', names(l)[is_tagged_na(l, 'd')], '\\n')\n";
    }
    const std::string out = Shell("Rscript '" + dir + "/dk.R'");
    EXPECT_NE(out.find("sav na_values 4 values 3 1 NA 4 mean 2"), std::string::npos) << out;
    EXPECT_NE(out.find("dta tags NA NA NA d mean 2 label .d Don't know"), std::string::npos) << out;
  }
  if (!checked) GTEST_SKIP() << "neither pspp nor R haven is installed";
}

// SPSS keeps three discrete missing values or a range: four non-substantive codes in a row are the
// range 4-7; four apart, the first three (the codebook says which is left). In .dta each has its own
// letter, the next free one when two names share a first letter (dk and dont_know, na and no_opinion).
TEST_F(ExportReaders, MoreThanThreeNonSubstantiveCodesAreARangeOrTheFirstThree) {
  Diagnostics d;
  auto f = form::Compile(
      "| survey  | type          | name | label |\n"
      "|         | select_one r  | q1   | Q1    |\n"
      "|         | select_one s  | q2   | Q2    |\n"
      "| choices | list_name | name       | label          |\n"
      "|         | r         | yes        | Yes            |\n"
      "|         | r         | no         | No             |\n"
      "|         | r         | maybe      | Maybe          |\n"
      "|         | r         | dk         | Don't know     |\n"
      "|         | r         | dont_know  | Don't know (2) |\n"
      "|         | r         | na         | Not applicable |\n"
      "|         | r         | no_opinion | No opinion     |\n"
      "|         | s         | refused    | Refused        |\n"
      "|         | s         | yes        | Yes            |\n"
      "|         | s         | prefer_not | Prefer not     |\n"
      "|         | s         | no         | No             |\n"
      "|         | s         | na         | N/A            |\n"
      "|         | s         | n_a        | N/A (2)        |\n"
      "| settings | form_id |\n"
      "|          | ms      |\n",
      "ms.md", d);
  ASSERT_TRUE(f) << d.ToString();
  std::ostringstream cb;
  WriteCodebookCsv(*f, cb);
  EXPECT_NE(cb.str().find("4=dk (sav user-missing 4, dta .d); 5=dont_know (sav user-missing 5, dta .a); "
                          "6=na (sav user-missing 6, dta .n); 7=no_opinion (sav user-missing 7, dta .b)"),
            std::string::npos)
      << cb.str();
  EXPECT_NE(cb.str().find("1=refused (sav user-missing 1, dta .r); 3=prefer_not (sav user-missing 3, dta .p); "
                          "5=na (sav user-missing 5, dta .n); 6=n_a (sav: not missing, SPSS takes three, dta .a)"),
            std::string::npos)
      << cb.str();
  if (!OnPath("pspp")) GTEST_SKIP() << "pspp is not installed";
  const std::string dir = dir_.File("ms");
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteSav(*store_, *f, Options{}, dir + "/ms.sav", nullptr).ok());
  const std::string out = Shell("/usr/bin/python3 '" + std::string(MCS_SOURCE_DIR) + "/tests/readers/read_pspp.py' '" +
                                dir + "/ms.sav' '" + dir + "/ms.json' && cat '" + dir + "/ms.json'");
  EXPECT_NE(out.find(R"("name": "q1", "label": "Q1", "kind": "number", "labels": {)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("missing": [], "missing_range": [4.0, 7.0])"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("missing": [1.0, 3.0, 5.0])"), std::string::npos) << out;
}

}  // namespace
}  // namespace mcs::exporter
