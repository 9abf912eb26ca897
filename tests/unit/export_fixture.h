// A survey with every kind of question and a few responses in a temporary SQLite store, shared by
// the export format tests (export_formats_test.cpp) and the real-reader tests (export_readers_test.cpp).
#pragma once
#include <gtest/gtest.h>

#include "engine/answers_json.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"
#include "test_util.h"

namespace mcs::exporter::testdata {

// English and German labels, non-ASCII text, a label longer than Stata's 80 characters, a choice
// name that is not a valid variable name (euro-pass), a question whose name collides with a choice
// column (format_pdf vs format/pdf), a name longer than 32 characters, a personal question, a repeat,
// a "Don't know" (dk: missing in sav/dta).
inline constexpr const char* kForm =
    "| survey  | type               | name                                        | label::English (en)                 | label::Deutsch (de)        | personal |\n"
    "|         | text               | comment                                     | Your comment — “in full”            | Ihr Kommentar über Größe   |          |\n"
    "|         | integer            | staff                                       | How many people does your organisation employ in total, counting part-time staff as full-time equivalents? | Beschäftigte | |\n"
    "|         | decimal            | ects                                        | ECTS credits                        | ECTS-Punkte                |          |\n"
    "|         | date               | issued                                      | Date issued                         | Ausstellungsdatum          |          |\n"
    "|         | select_one size    | size                                        | Size of the organisation            | Größe der Organisation     |          |\n"
    "|         | select_multiple fm | format                                      | Format of the credential            | Format des Nachweises      |          |\n"
    "|         | text               | format_pdf                                  | Which PDF standard?                 | Welcher PDF-Standard?      |          |\n"
    "|         | text               | a_very_long_question_name_beyond_stata_limits | Long name                         | Langer Name                |          |\n"
    "|         | text               | email                                       | E-mail                              | E-Mail                     | yes      |\n"
    "|         | integer            | never                                       | Never answered                      | Nie beantwortet            |          |\n"
    "|         | begin_repeat       | mc                                          | Microcredential                     | Mikrozertifikat            |          |\n"
    "|         | text               | title                                       | Title                               | Titel                      |          |\n"
    "|         | integer            | hours                                       | Workload (hours)                    | Arbeitsaufwand (Stunden)   |          |\n"
    "|         | end_repeat         |                                             |                                     |                            |          |\n"
    "| choices | list_name | name      | label::English (en)    | label::Deutsch (de)    |\n"
    "|         | size      | micro     | Micro (<10)            | Kleinst (<10)          |\n"
    "|         | size      | small     | Small (10–49)          | Klein (10–49)          |\n"
    "|         | size      | large     | Large (250+)           | Groß (250+)            |\n"
    "|         | size      | dk        | Don't know             | Weiß nicht             |\n"
    "|         | fm        | pdf       | PDF                    | PDF                    |\n"
    "|         | fm        | badge     | Digital badge          | Digitales Abzeichen    |\n"
    "|         | fm        | euro-pass | Europass credential    | Europass-Nachweis      |\n"
    "| settings | form_id | default_language |\n"
    "|          | ex      | en               |\n";

// 3000 characters (3750 bytes) of non-ASCII text with line breaks and quotes, beyond SPSS's 255-byte
// short strings and Stata's 2045-byte str#. It ends with a full stop: SPSS pads strings with blanks,
// so no reader can tell a trailing space from padding.
inline std::string LongText() {
  const std::string piece = "Größe “Mikro” — naïve café, line\nbreak; ";
  std::string s;
  std::size_t chars = 0;
  while (chars < 3000) {
    for (std::size_t i = 0; i < piece.size() && chars < 3000;) {
      std::size_t len = 1;
      auto b = static_cast<unsigned char>(piece[i]);
      if (b >= 0xF0) len = 4;
      else if (b >= 0xE0) len = 3;
      else if (b >= 0xC0) len = 2;
      s += piece.substr(i, len);
      i += len;
      ++chars;
    }
  }
  s.back() = '.';
  return s;
}

// 2026-01-01T00:00:00Z and a minute later, in ms.
inline constexpr TimeMs kT0 = 1767225600000;

class ExportFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics d;
    form_ = form::Compile(kForm, "ex.md", d);
    ASSERT_TRUE(form_) << d.ToString();
    store_ = std::move(storage::Open("sqlite:" + dir_.File("e.db")).value());
    ASSERT_TRUE(store_->Migrate().ok());

    engine::Answers a;
    a.values = {{"comment", LongText()},
                {"staff", "42"},
                {"ects", "2.5"},
                {"issued", "2026-07-05"},
                {"size", "large"},
                {"format", "pdf euro-pass"},
                {"format_pdf", "PDF/A-3"},
                {"a_very_long_question_name_beyond_stata_limits", "x"}};
    a.repeats["mc"] = {{{"title", "Badge in Datenanalyse"}, {"hours", "25"}}, {{"title", "=1+1"}}};
    Add("A", a, storage::ResponseStatus::kComplete, kT0 + 1234, "de");

    engine::Answers b;
    b.values = {{"comment", "short, with \"quotes\""}, {"staff", "-7"}, {"size", "micro"}};
    Add("B", b, storage::ResponseStatus::kComplete, kT0 + 60000, "en");

    engine::Answers c;
    c.values = {{"ects", "1234567.125"}, {"format", "badge"}, {"issued", "1999-12-31"}};
    c.repeats["mc"] = {{{"hours", "3"}}};
    Add("C", c, storage::ResponseStatus::kComplete, kT0 + 120000, "en");

    engine::Answers p;
    p.values = {{"comment", "partial"}};
    Add("P", p, storage::ResponseStatus::kPartial, kT0 + 180000, "en");
  }

  void Add(const std::string& id, const engine::Answers& a, storage::ResponseStatus st, TimeMs at,
           const std::string& lang) {
    storage::ResponseRecord r;
    r.id = id;
    r.form_id = "ex";
    r.form_version = "1";
    r.lang = lang;
    r.status = st;
    r.answers_json = engine::ToStoredJson(a);
    r.personal_json = R"({"email":"someone@example.org"})";
    r.channel = "api";
    r.started_at = at - 1000;
    r.updated_at = at;
    r.submitted_at = st == storage::ResponseStatus::kComplete ? at : 0;
    ASSERT_TRUE(store_->InsertResponse(r).ok());
  }

  RepeatPath Repeats(const std::string& ext) {
    return [this, ext](const std::string& name) { return dir_.File("out-" + name + ext); };
  }

  testing::TempDir dir_;
  std::shared_ptr<const form::Form> form_;
  std::unique_ptr<storage::Storage> store_;
};

}  // namespace mcs::exporter::testdata
