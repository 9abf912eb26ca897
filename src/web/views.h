// HTML views. Everything rendered goes through HtmlEscape; no inline script or style (the CSP
// forbids both). Follows the GOV.UK Design System's form patterns: fieldset + legend for choices, a
// label on every control, hints tied with aria-describedby, an error summary linking to each field.
#pragma once
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/view.h"
#include "form/form.h"

namespace mcs::web {

struct Link {
  std::string href;
  std::string text;
};

// The page frame: <html lang>, title, stylesheet, header, <main>.
// `languages`: links to the same page in the other languages (a switch in the header).
std::string Layout(const std::string& title, const std::string& lang, const std::string& header,
                   const std::string& main_html, const std::vector<Link>& languages = {});

// A simple page with a heading and paragraphs (closed, not found, thank you...).
// A respondent's page of a title and paragraphs. `header` is what the banner names (a questionnaire's
// title); empty: the study's name in `lang`. `doc_title` is the browser tab's title; empty: `title`.
std::string MessagePage(const std::string& title, const std::vector<std::string>& paragraphs,
                        const std::string& lang = "en", const std::string& extra_html = "",
                        const std::string& header = "", const std::string& doc_title = "");

struct QuestionPage {
  const form::Form* form = nullptr;
  const engine::Runtime* runtime = nullptr;
  const engine::Answers* answers = nullptr;
  const engine::View* view = nullptr;  // what expressions see of `answers` (engine/view.h)
  // What the respondent sent that could not be stored (a mistyped number), shown back to them.
  const engine::Values* raw = nullptr;
  engine::PageRef page;
  std::vector<int> questions;
  int position = 1;  // 1-based among the pages shown
  int total = 1;
  bool is_last = false;
  std::vector<engine::FieldError> errors;
  std::string lang;
  std::string action;      // form post URL
  std::string csrf;        // hidden token
  std::string resume_url;  // shown once the response has been saved; empty before
  std::string resume_code;  // "ABCDE-FGHJK" beside the link (resume_code.h); empty for older links
  std::string notice;      // e.g. "Your answers have been saved."
  std::vector<Link> languages;  // the language switch (href, language code as text)
  bool return_to_review = false;  // a change made from the review page goes back to it
  int minutes_left = -1;          // estimate for the pages after this one, -1 to leave out
  // The text of the page's script data when given (a kept page's placeholder, web/respondent.cpp
  // ReusedPage); else the answers the script can read are written out (PageAnswersData).
  const std::string* stored_answers = nullptr;
  // What the page's script sees of the answers when some stored answer does not apply now (it is
  // kept, but counts as blank): the answers without those. Null: `answers`.
  const engine::Answers* script_answers = nullptr;
  // The choice-order seed a page carries before its response exists (empty: none).
  std::string seed;
  // Set while rendering whenever something on the page came from the answers (a value, a piped
  // label, a filtered or shuffled choice list, a repeat count): a page that stays false looks the
  // same for every respondent who reaches it with the same questions shown, and can be reused.
  mutable bool used_answers = false;
  // Set by a caller that keys a kept rendering by the page's instance and its repeat's count: the
  // count is then part of what the page is rendered for, and reading it does not make the page the
  // respondent's own (ReusedPage in respondent.cpp).
  bool repeat_count_keyed = false;
};

std::string RenderQuestionPage(const QuestionPage& p);

// "Check your answers": every page that applies, each answer with a link to change it, and the
// button that sends the response.
struct ReviewPage {
  const form::Form* form = nullptr;
  const engine::Runtime* runtime = nullptr;
  const engine::Answers* answers = nullptr;
  const engine::View* view = nullptr;  // what expressions see of `answers` (engine/view.h)
  std::vector<engine::PageRef> pages;
  std::string lang;
  std::string action;  // the resume URL (form post, and base of the change links)
  std::string csrf;
  std::string resume_url;
  std::string resume_code;
  std::string notice;
  std::vector<engine::FieldError> errors;
  std::vector<Link> languages;
};

std::string RenderReviewPage(const ReviewPage& r);

// The answer as a respondent reads it: choice labels, "Not answered".
std::string DisplayAnswer(const form::Form& f, const form::Node& n, const std::string& value, const std::string& lang);

// id attribute of a question's first control (targets of the error summary's links).
std::string ControlId(const std::string& name, int choice_index = -1);

}  // namespace mcs::web
