// The questionnaire on paper (issue 23): every question with its choices as boxes to tick, hints,
// when to answer in words ("Answer if you chose “Yes” at question 4."), a repeat shown once with
// "repeat this section for each one", in one of the form's languages, A4 with page numbers; and the
// same layout filled in with one respondent's answers (their copy, from the thank-you page).
//
// The HTML is one self-contained document (one fixed <style>, no script, no inline style) so a
// server can send it under `style-src` of its hash alone (PrintCssHash()); the PDF is that HTML
// printed by headless Chromium, the path the report takes (report::PrintPdf).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "engine/engine.h"
#include "form/form.h"

namespace mcs::web {

struct PrintRequest {
  std::string lang;                          // one of the form's languages; "" its default
  const engine::Answers* answers = nullptr;  // set: a respondent's copy (only what applied, filled in)
  std::string reference;                     // the copy's response reference
  std::string submitted;                     // when the copy's response was sent, as shown
  std::string notice;                        // a line above everything (why this is not a PDF)
};

// The questionnaire (or a respondent's copy) as an HTML document.
std::string QuestionnaireHtml(const form::Form& f, const PrintRequest& r);

// The CSP source expression of the document's only <style> element, "'sha256-<base64>'".
std::string PrintCssHash();

// The document printed to PDF (its bytes). Unavailable when Chromium is missing or fails; the
// Chromium used is $MCSURVEY_CHROMIUM, else /usr/bin/chromium. One print at a time per process;
// Unavailable at once when three more are waiting already.
Result<std::string> QuestionnairePdf(const form::Form& f, const PrintRequest& r);
// A self-contained HTML document (its style inline, nothing fetched) printed to PDF by headless
// Chromium: one print at a time per server, at most a few waiting (Unavailable beyond that, or
// without Chromium). Shared by the paper questionnaire, the copy of one's answers and the public
// results page. `lang`: the language of the page numbers at the foot ("Page N of M").
Result<std::string> HtmlPdf(const std::string& html, std::string_view lang = "en");

// One of the paper's own words (the keys in questionnaire_print.cpp) in `lang`, English if it has none.
const std::string& PrintWord(const std::string& lang, std::string_view key);

// The plain words for node `n`'s relevance ("you chose “Yes” at question 4"), given each
// question's number on paper (0: not numbered); empty when the node has no condition. Exposed for
// the tests.
std::string ConditionInWords(const form::Form& f, const form::Node& n, const std::vector<int>& numbers,
                             const std::string& lang);

}  // namespace mcs::web
