// The study's own texts (issue 24): its title, the header of its pages, the landing page's text, the
// note on the thank-you page, and which questionnaires are its groups, each with a name and a
// description. They belong to the study, not to the code: the built-in study's are in its own file
// (forms/study/study.json, compiled in like its forms), copied at the first start into the database's
// setting `study_texts` (the same on SQLite and PostgreSQL), where an owner edits them per language
// (console: Study texts) and translators fill languages in through XLIFF (`mcsurvey translate export
// --study`). A study run by another team sets its own title and groups there without touching code.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/result.h"
#include "form/form.h"
#include "form/xliff.h"
#include "storage/storage.h"

namespace mcs::web {

struct StudyTexts {
  std::string source_lang = "en";   // the language the others are translated from
  std::vector<std::string> groups;  // form ids, in the landing page's order
  // lang → key → text. Keys: Keys().
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts;
  // lang → key → the source text a translation was made from: when the source changed since, the
  // translation is flagged (XLIFF export: needs-review-translation; console: "English changed").
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> from;

  // The study's keys: study_header, study_title, study_intro ({0}: minutes), study_privacy,
  // next_text ({0}: the title), then group_ID and group_ID_desc for each group.
  std::vector<std::string> Keys() const;
  static std::vector<std::string> CommonKeys();
  // The text in `lang` (or its primary subtag: "fr" for "fr-BE"), else in the source language; "" when none.
  std::string Text(std::string_view lang, std::string_view key) const;
  // Text() with {0}, {1}... replaced by `args`.
  std::string Format(std::string_view lang, std::string_view key, const std::vector<std::string>& args) const;
  // Whether `lang` has a text of its own (not empty) for `key`.
  bool Has(std::string_view lang, std::string_view key) const;
  // Whether the source text changed since `lang`'s translation of `key` was made.
  bool Outdated(std::string_view lang, std::string_view key) const;
  bool IsGroup(std::string_view form_id) const;
  // Languages with at least one text: the source first, then by code.
  std::vector<std::string> Languages() const;
  // The keys `lang` lacks (empty or absent); for a form (its group keys only when it is a group).
  std::vector<std::string> Missing(std::string_view lang, std::string_view form_id = {}) const;
};

// The study file: {"source_language", "groups": [...], "texts": {LANG: {KEY: TEXT}}, "from": {...}}.
// Refuses a file that is not such a document, a group id that is not a form id, a key the study does
// not have, or a text that is not a string.
Result<StudyTexts> ParseStudyTexts(std::string_view json);
// The same document (what the setting holds and the parser reads).
std::string SerializeStudyTexts(const StudyTexts& s);
// The built-in study's texts (forms/study/study.json in the binary).
const StudyTexts& BuiltInStudyTexts();

// The setting that holds the study's texts.
inline constexpr const char* kStudyTextsSetting = "study_texts";
// The stored texts; the built-in ones when nothing is stored (or what is stored does not parse).
StudyTexts LoadStudyTexts(storage::Storage& store);
// Stores the built-in texts unless texts are stored already (nodes starting together: one wins).
Status SeedStudyTexts(storage::Storage& store);
Status SaveStudyTexts(storage::Storage& store, const StudyTexts& s);
// A short stamp of the texts (changes with any text): a console form carries it so that a save over
// texts someone else changed meanwhile is refused instead of undoing theirs.
std::string StudyTextsStamp(const StudyTexts& s);

// Sets `lang`'s texts (key → text; "" removes the text) and, for a translation, remembers the source
// text it was made from. Fails on an unknown key or a language code that is not one.
Status SetStudyTexts(StudyTexts& s, const std::string& lang, const std::map<std::string, std::string>& values);
// Sets the groups: each a form id (letters, digits, _ - .), no duplicates.
Status SetStudyGroups(StudyTexts& s, const std::vector<std::string>& groups);

// The texts the pages read when no App is at hand (message pages, fieldwork tables): the ones the
// last App of this process loaded (App::Study), the built-in ones before that.
std::shared_ptr<const StudyTexts> CurrentStudyTexts();
void SetCurrentStudyTexts(std::shared_ptr<const StudyTexts> s);

// XLIFF 1.2 of the study's texts translating the source language into `lang` (file original
// "study"; units "study/KEY"; translated ones with state="translated" approved="yes", those whose
// source changed since with state="needs-review-translation").
std::string WriteStudyXliff(const StudyTexts& s, std::string_view lang);
struct StudyTranslation {
  std::string lang;
  std::map<std::string, std::string> texts;  // key → target, to apply
  std::vector<std::string> source_changed;   // unit ids not applied: their source changed since export
  std::vector<std::string> not_translated;   // unit ids without a usable target
};
// What a translated file would change; an error (unknown unit, the source language, no language,
// a file for a form) changes nothing.
Result<StudyTranslation> ReadStudyTranslation(const StudyTexts& s, const form::XliffDocument& doc,
                                              std::string_view lang);

// An error for each study text a language of `f` lacks when `f` is one of the study's groups
// (file "study", sheet "texts", column "KEY::LANG"): publishing refuses it as it does missing form texts.
void CheckStudyTextsComplete(const StudyTexts& s, const form::Form& f, Diagnostics& diags);

}  // namespace mcs::web
