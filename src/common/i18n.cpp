#include "common/i18n.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/internal/i18n_table.h"
#include "common/strings.h"

namespace mcs::i18n {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

// Keys and English texts. Other languages: i18n_tables.cpp.
const Table& English() {
  static const Table kEnglish = internal::MakeTable({
      {"required", "This question is required."},
      {"constraint", "This answer is not accepted. Please check it."},
      {"integer", "Enter a whole number, like 12."},
      {"decimal", "Enter a number, like 2.5."},
      {"date", "Enter a real date, like 2026-07-05."},
      {"time", "Enter a time, like 14:30."},
      {"datetime", "Enter a date and time, like 2026-07-05 14:30."},
      {"range", "Choose a value from {0} to {1}."},
      {"rank", "Give every option its own place."},
      {"rank_place", "Place {0}"},
      {"repeat_add", "Add another"},
      {"repeat_remove", "Remove this one"},
      {"choice", "Choose one of the options listed."},
      {"too_long", "This answer is too long: at most 10,000 characters."},
      {"invalid_text",
       "This answer contains characters that cannot be stored: control characters other than tab and line "
       "breaks, and the non-characters U+FFFE and U+FFFF, are not allowed."},
      {"unknown_question", "The form has no question with this name."},
      {"type", "This answer has the wrong type."},
      {"continue", "Continue"},
      {"submit", "Submit your answers"},
      {"back", "Back"},
      {"save_later", "Save and continue later"},
      {"page_of", "Page {0} of {1}"},
      {"there_is_a_problem", "There is a problem"},
      {"error_prefix", "Error:"},
      {"required_marker", "(required)"},
      {"skip_link", "Skip to main content"},
      {"privacy_notice", "Privacy notice"},
      {"privacy_ack_title", "Before you start"},
      {"privacy_ack_intro", "Please read the privacy notice before you answer."},
      {"privacy_ack_full", "Read the full privacy notice"},
      {"privacy_ack_check", "I have read the privacy notice"},
      {"privacy_ack_required", "Tick the box to confirm that you have read the privacy notice."},
      {"language", "Language"},
      {"continue_later_title", "Continue later"},
      {"continue_later_text",
       "Your answers are saved as you go. To come back to them, on this or another device, use this link:"},
      {"saved_notice",
       "Your answers have been saved. You can close this page and come back later with the link below."},
      {"saved_notice_link", "Go to your link and code"},
      {"thank_you_title", "Thank you: your answers have been sent"},
      {"thank_you_text", "Your answers to \u201c{0}\u201d have been received and saved."},
      {"thank_you_more",
       "Thank you for taking part in the study. Your answers can no longer be changed through this link."},
      {"next_title", "What happens next"},
      {"your_reference", "Your reference"},
      {"back_home", "Back to the study's home page"},
      {"closed_title", "This questionnaire is closed"},
      {"closed_text", "This questionnaire is closed. Thank you for your interest."},
      {"not_open_yet", "This questionnaire is not open yet. It opens on {0}."},
      {"session_expired_title", "Your session has expired"},
      {"session_expired_text",
       "For your security this page could not be sent. Please go back, reload the page and try again. Your browser "
       "needs to accept cookies from this site."},
      {"not_saved_title", "Your answers could not be saved"},
      {"not_saved_text",
       "Your answers could not be saved, please try again in a moment. Use your browser's Back button to return to "
       "the page: what you typed is still there."},
      {"link_invalid_title", "This link is not valid"},
      {"link_invalid_text",
       "Check that you copied the whole link. If it still does not work, start the questionnaire again from the "
       "study's home page."},
      {"page_not_found", "Page not found"},
      {"answer_only_if", "Answer only if you chose \u201c{0}\u201d for \u201c{1}\u201d."},
      {"answer_only_if_above", "Answer only if you chose \u201c{0}\u201d above."},
      {"answer_only_if_more", "Answer only if \u201c{0}\u201d is more than {1}."},
      {"answer_only_if_at_least", "Answer only if \u201c{0}\u201d is {1} or more."},
      {"answer_only_if_less", "Answer only if \u201c{0}\u201d is less than {1}."},
      {"answer_only_if_at_most", "Answer only if \u201c{0}\u201d is {1} or less."},
      {"answer_only_if_generic", "Answer only if it applies to your answers above on this page."},
      {"repeat_of", "{0} ({1} of {2})"},
      {"review_title", "Check your answers before sending them"},
      {"review_intro", "You can still change any answer. Your answers are sent only when you press the button below."},
      {"change", "Change"},
      {"not_answered", "Not answered"},
      {"time_left", "about {0} min left"},
      {"time_left_under_minute", "less than a minute left"},
      {"answer_by", "Please answer by {0}."},
      {"choose_questionnaire", "Choose the questionnaire for your organisation"},
      {"closed_short", "Closed."},
      {"open_until", "Open until {0}."},
      {"resume_title", "Continue your answers"},
      {"resume_intro", "Enter the code you were shown when your answers were saved, for example ABCDE-FGHJK."},
      {"resume_code_label", "Your code"},
      {"resume_code_text", "On any device you can also go to {0} and enter this code:"},
      {"download_code", "Download the link and code"},
      {"resume_code_wrong", "This code was not found. Check it and try again."},
      {"resume_too_many", "Too many attempts. Wait a few minutes and try again."},
      // The public results page (issue 23).
      {"results_title", "{0}: results"},
      {"results_index_title", "Published results"},
      {"results_index_intro", "The results the study team has published, questionnaire by questionnaire."},
      {"results_responses", "Completed responses: {0}."},
      {"results_published_on", "Published: {0}."},
      {"results_method",
       "The responses come from an open survey, not a random sample: the figures describe those who answered and are "
       "not weighted. Percentages are of those who answered each question, with 95% intervals."},
      {"results_merged", "Some answers are combined into one category before small counts are hidden:"},
      {"results_table_one", "Respondents by answer"},
      {"results_table_multi", "Respondents choosing each answer (more than one answer possible)"},
      {"results_answer", "Answer"},
      {"results_respondents", "Respondents"},
      {"results_percent", "Percent"},
      {"results_interval", "95% interval"},
      {"results_answered", "Answered"},
      {"results_pdf", "Download these results as a PDF"},
  });
  return kEnglish;
}

}  // namespace

// Defined in i18n_tables.cpp: code → table.
const std::map<std::string, Table, std::less<>>& Translations();
// Defined in i18n_page_tables.cpp: more keys, English ("en") included.
const std::map<std::string, Table, std::less<>>& PageTranslations();
// Defined in i18n_results_tables.cpp: the public results page's hidden counts, English included.
const std::map<std::string, Table, std::less<>>& ResultsTranslations();
// Defined in i18n_chart_tables.cpp: the charts' own words, English included.
const std::map<std::string, Table, std::less<>>& ChartTranslations();
// Defined in i18n_busy_tables.cpp: the plain-text 429/503 answers of public pages, English included.
const std::map<std::string, Table, std::less<>>& BusyTranslations();
// Defined in i18n_refusal_tables.cpp: the refusals made before any page (web/refusal.h), English included.
const std::map<std::string, Table, std::less<>>& RefusalTranslations();
// Defined in i18n_report_tables.cpp: the report's own words (report/report.cpp), English included.
const std::map<std::string, Table, std::less<>>& ReportTranslations();

namespace {
const std::string* Find(const std::map<std::string, Table, std::less<>>& all, std::string_view lang,
                        std::string_view key) {
  auto t = all.find(lang);
  if (t == all.end()) return nullptr;
  auto it = t->second.find(key);
  return it == t->second.end() ? nullptr : &it->second;
}
// The tables beside i18n_tables.cpp's, English ("en") included.
const std::string* FindMore(std::string_view lang, std::string_view key) {
  if (const std::string* s = Find(PageTranslations(), lang, key)) return s;
  if (const std::string* s = Find(ResultsTranslations(), lang, key)) return s;
  if (const std::string* s = Find(ChartTranslations(), lang, key)) return s;
  if (const std::string* s = Find(BusyTranslations(), lang, key)) return s;
  if (const std::string* s = Find(RefusalTranslations(), lang, key)) return s;
  return Find(ReportTranslations(), lang, key);
}
}  // namespace

namespace {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Memo = std::unordered_map<std::string, const std::string*, TextHash, std::equal_to<>>;

const std::string& Lookup(std::string_view primary, std::string_view key);

}  // namespace

// The tables are constants: what a (language, key) gives is found once per thread and kept (the
// tables are std::maps of strings, searched three deep for English). At most 64 languages of 4,096
// keys each are kept, whatever languages requests name.
const std::string& T(std::string_view lang, std::string_view key) {
  std::string_view primary = lang.substr(0, lang.find('-'));
  thread_local std::unordered_map<std::string, Memo, TextHash, std::equal_to<>> memo;
  auto l = memo.find(primary);
  if (l == memo.end()) {
    if (memo.size() >= 64) memo.clear();
    l = memo.emplace(std::string(primary), Memo{}).first;
  }
  if (auto it = l->second.find(key); it != l->second.end()) return *it->second;
  const std::string& text = Lookup(primary, key);
  if (l->second.size() >= 4096) l->second.clear();
  l->second.emplace(std::string(key), &text);
  return text;
}

namespace {

const std::string& Lookup(std::string_view primary, std::string_view key) {
  static const std::string kMissing = "?";
  const auto& all = Translations();
  if (auto t = all.find(primary); t != all.end()) {
    if (auto it = t->second.find(key); it != t->second.end()) return it->second;
  }
  if (primary != "en") {
    if (const std::string* more = FindMore(primary, key)) return *more;
  }
  const Table& en = English();
  auto it = en.find(key);
  if (it != en.end()) return it->second;
  const std::string* more = FindMore("en", key);
  return more ? *more : kMissing;
}

}  // namespace

std::string Format(std::string_view lang, std::string_view key, const std::vector<std::string>& args) {
  std::string out = T(lang, key);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string mark = "{" + std::to_string(i) + "}";
    for (auto p = out.find(mark); p != std::string::npos; p = out.find(mark, p + args[i].size())) {
      out.replace(p, mark.size(), args[i]);
    }
  }
  return out;
}

std::string NativeName(std::string_view code) {
  static const std::map<std::string, std::string, std::less<>> kNative = {
      {"bg", "Български"},
      {"cs", "Čeština"},
      {"da", "Dansk"},
      {"de", "Deutsch"},
      {"el", "Ελληνικά"},
      {"en", "English"},
      {"es", "Español"},
      {"et", "Eesti"},
      {"fi", "Suomi"},
      {"fr", "Français"},
      {"ga", "Gaeilge"},
      {"hr", "Hrvatski"},
      {"hu", "Magyar"},
      {"it", "Italiano"},
      {"lt", "Lietuvių"},
      {"lv", "Latviešu"},
      {"mt", "Malti"},
      {"nl", "Nederlands"},
      {"pl", "Polski"},
      {"pt", "Português"},
      {"ro", "Română"},
      {"sk", "Slovenčina"},
      {"sl", "Slovenščina"},
      {"sv", "Svenska"},
      // Beyond the EU's 24: languages a form may have (an Arabic translation reads right to left).
      {"ar", "العربية"},
  };
  auto it = kNative.find(code);
  return it == kNative.end() ? std::string(code) : it->second;
}

std::vector<std::string> Languages() {
  std::vector<std::string> out = {"en"};
  for (const auto& [code, t] : Translations()) out.push_back(code);
  return out;
}

std::vector<std::string> Keys() {
  std::vector<std::string> out;
  for (const auto& [key, text] : English()) out.push_back(key);
  for (const auto& [key, text] : PageTranslations().at("en")) out.push_back(key);
  for (const auto& [key, text] : ResultsTranslations().at("en")) out.push_back(key);
  for (const auto& [key, text] : ChartTranslations().at("en")) out.push_back(key);
  for (const auto& [key, text] : BusyTranslations().at("en")) out.push_back(key);
  for (const auto& [key, text] : RefusalTranslations().at("en")) out.push_back(key);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ReportKeys() {
  std::vector<std::string> out;
  for (const auto& [key, text] : ReportTranslations().at("en")) out.push_back(key);
  return out;
}

bool Has(std::string_view lang, std::string_view key) {
  if (FindMore(lang, key)) return true;
  if (lang == "en") return English().contains(key);
  const auto& all = Translations();
  auto t = all.find(lang);
  return t != all.end() && t->second.contains(key);
}

}  // namespace mcs::i18n
