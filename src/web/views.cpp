#include "web/views.h"

#include <unicode/locid.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "common/i18n.h"
#include "common/i18n_count.h"
#include "common/strings.h"
#include "web/condition_words.h"
#include "web/logic.h"  // browser-side logic: LogicPageScripts
#include "web/study_texts.h"

namespace mcs::web {

using form::Type;

namespace {

void Esc(std::string& out, std::string_view s) {
  AppendHtmlEscaped(out, s);
}

// What a question page reads from the answers goes through these three, which note that it did.
std::string Piped(const QuestionPage& p, std::string_view text) {
  if (text.find("${") != std::string_view::npos) p.used_answers = true;
  return p.view ? p.runtime->Pipe(*p.view, text, p.page.instance) : p.runtime->Pipe(*p.answers, text, p.page.instance);
}

std::vector<const form::Choice*> ChoicesOf(const QuestionPage& p, int idx) {
  const form::Node& n = p.form->nodes[static_cast<std::size_t>(idx)];
  if (n.choice_filter || n.randomize) p.used_answers = true;
  return p.view ? p.runtime->Choices(*p.view, idx, p.page.instance)
                : p.runtime->Choices(*p.answers, idx, p.page.instance);
}

int RepeatCountOf(const QuestionPage& p, int node) {
  // Only the page's own repeat is read here; a caller that keyed its kept rendering by that count
  // (repeat_count_keyed) reads nothing more of the answers.
  if (!p.repeat_count_keyed || node != p.form->pages[static_cast<std::size_t>(p.page.page)].node) p.used_answers = true;
  return p.view ? p.view->Count(node) : p.runtime->RepeatCount(*p.answers, node);
}

}  // namespace

std::string ControlId(const std::string& name, int choice_index) {
  // Names are NCNames (letters, digits, _ - .): safe in an id once escaped.
  std::string id = "q-" + name;
  if (choice_index >= 0) id += "-" + std::to_string(choice_index);
  return id;
}

std::string Layout(const std::string& title, const std::string& lang, const std::string& header,
                   const std::string& main_html, const std::vector<Link>& languages) {
  std::string out;
  out.reserve(main_html.size() + 1024 + 256 * languages.size());  // the frame and its language switch
  out += "<!DOCTYPE html>\n<html lang=\"";
  Esc(out, lang.empty() ? "en" : lang);
  // Arabic, Hebrew, Persian...: the page reads right to left (CLDR's script direction, through ICU).
  if (!lang.empty() && icu::Locale(lang.c_str()).isRightToLeft()) out += "\" dir=\"rtl";
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>";
  Esc(out, title);
  out += "</title>\n<link rel=\"stylesheet\" href=\"/static/mcsurvey.css\">\n</head>\n<body>\n";
  out += "<a class=\"skip-link\" href=\"#main\">";
  Esc(out, i18n::T(lang, "skip_link"));
  out += "</a>\n<header class=\"site-header\"><div class=\"width\">";
  Esc(out, header);
  if (languages.size() > 1) {
    out += "<nav class=\"languages\" aria-label=\"";
    Esc(out, i18n::T(lang, "language"));
    out += "\"><ul>";
    for (const Link& l : languages) {
      out += "<li>";
      if (l.text == lang) {
        out += "<span aria-current=\"true\" lang=\"" + HtmlEscape(l.text) + "\">";
        Esc(out, i18n::NativeName(l.text));
        out += "</span>";
      } else if (l.href.empty()) {
        // On a questionnaire page the switch posts the page (saving what was typed) and comes back
        // in the other language.
        out += "<button form=\"mcs-page\" name=\"_mcs_action\" value=\"lang:" + HtmlEscape(l.text) + "\" lang=\"" +
               HtmlEscape(l.text) + "\">";
        Esc(out, i18n::NativeName(l.text));
        out += "</button>";
      } else {
        out += "<a href=\"";
        Esc(out, l.href);
        out += "\" lang=\"" + HtmlEscape(l.text) + "\" hreflang=\"" + HtmlEscape(l.text) + "\">";
        Esc(out, i18n::NativeName(l.text));
        out += "</a>";
      }
      out += "</li>";
    }
    out += "</ul></nav>";
  }
  out += "</div></header>\n<main id=\"main\" class=\"width\" tabindex=\"-1\">\n";
  out += main_html;
  // Every respondent page links the privacy notice (issue 25; web/respondent_privacy.cpp).
  out += "</main>\n<footer class=\"site-footer\"><div class=\"width\"><a href=\"/privacy?lang=";
  Esc(out, lang.empty() ? "en" : lang);
  out += "\">";
  Esc(out, i18n::T(lang, "privacy_notice"));
  out += "</a></div></footer>\n</body>\n</html>\n";
  return out;
}

std::string MessagePage(const std::string& title, const std::vector<std::string>& paragraphs, const std::string& lang,
                        const std::string& extra_html, const std::string& header, const std::string& doc_title) {
  std::string body = "<h1>";
  Esc(body, title);
  body += "</h1>\n";
  for (const auto& p : paragraphs) {
    body += "<p>";
    Esc(body, p);
    body += "</p>\n";
  }
  body += extra_html;
  return Layout(doc_title.empty() ? title : doc_title, lang,
                header.empty() ? CurrentStudyTexts()->Text(lang, "study_header") : header, body);
}

namespace {

const std::string& ErrorFor(const QuestionPage& p, const std::string& name) {
  static const std::string kNone;
  for (const auto& e : p.errors) {
    if (e.field == name) return e.message;
  }
  return kNone;
}

std::string ValueFor(const QuestionPage& p, const form::Node& n) {
  if (p.raw) {
    auto it = p.raw->find(n.name);
    if (it != p.raw->end()) {
      p.used_answers = true;
      return it->second;
    }
  }
  const std::string& v = p.answers->Get(*p.form, n.name, p.page.instance);
  if (!v.empty()) p.used_answers = true;
  return v;
}

void RenderLabelText(std::string& out, const QuestionPage& p, const form::Node& n) {
  // A question with a hint and no label (pyxform accepts it) is named by its hint, so that its
  // field still has an accessible name; the hint is then not repeated below it.
  const form::Translated& text = n.label.empty() ? n.hint : n.label;
  Esc(out, Piped(p, text.Get(p.lang, p.form->lang())));
  bool required = n.required || n.required_if;
  if (required) out += " <span class=\"required\">" + HtmlEscape(i18n::T(p.lang, "required_marker")) + "</span>";
}

void RenderHintAndError(std::string& out, const QuestionPage& p, const form::Node& n, const std::string& id,
                        std::string& describedby) {
  const std::string& hint = n.hint.Get(p.lang, p.form->lang());
  if (!hint.empty() && !n.label.empty()) {
    out += "<div class=\"hint\" id=\"" + id + "-hint\">";
    Esc(out, Piped(p, hint));
    out += "</div>\n";
    if (!describedby.empty()) describedby += ' ';
    describedby += id + "-hint";
  }
  const std::string& err = ErrorFor(p, n.name);
  if (!err.empty()) {
    out += "<p class=\"error-message\" id=\"" + id + "-error\"><span class=\"vh\">" +
           HtmlEscape(i18n::T(p.lang, "error_prefix")) + "</span> ";
    Esc(out, err);
    out += "</p>\n";
    if (!describedby.empty()) describedby += ' ';
    describedby += id + "-error";
  }
}

// Without JavaScript a question whose relevance hangs on an answer on the same page is shown all
// the time; say when it applies, in short plain words, for the common spellings: "selected(${q}, 'c')"
// and "${q} = 'c'" (a choice: "above" when ${q} is the question just before), and "${q} > 0" and its
// kin (a number). Anything else gets the general wording.
std::string ConditionText(const QuestionPage& p, const form::Node& n) {
  if (!n.relevant) return {};
  const auto& on_page = p.form->pages[static_cast<std::size_t>(p.page.page)].questions;
  std::set<std::string> names;
  for (int q : on_page) names.insert(p.form->nodes[static_cast<std::size_t>(q)].name);
  bool depends = false;
  for (const auto& r : n.relevant->references()) depends = depends || names.count(r) > 0;
  if (!depends) return {};
  // The recogniser is shared with the questionnaire on paper (condition_words.h).
  auto cmp = ParseComparison(n.relevant->text());
  bool matched = cmp && cmp->op != "!=";
  std::string qname = cmp ? cmp->name : "", literal = cmp ? cmp->literal : "", op = cmp ? cmp->op : "";
  bool quoted = cmp && cmp->quoted;
  const form::Node* q = matched ? p.form->Find(qname) : nullptr;
  if (q && quoted && op == "=") {
    const form::Choice* c = q->choices ? q->choices->Find(literal) : nullptr;
    if (c) {
      // "above" when the question it hangs on is the one just before it on the page.
      int self = static_cast<int>(&n - p.form->nodes.data());
      auto at = std::find(on_page.begin(), on_page.end(), self);
      bool above = at != on_page.begin() && at != on_page.end() &&
                   p.form->nodes[static_cast<std::size_t>(*(at - 1))].name == qname;
      std::string choice = c->label.Get(p.lang, p.form->lang());
      if (above) return i18n::Format(p.lang, "answer_only_if_above", {choice});
      return i18n::Format(p.lang, "answer_only_if", {choice, Piped(p, q->label.Get(p.lang, p.form->lang()))});
    }
  } else if (q && !quoted && op != "=") {
    const char* key = op == ">"    ? "answer_only_if_more"
                      : op == ">=" ? "answer_only_if_at_least"
                      : op == "<"  ? "answer_only_if_less"
                                   : "answer_only_if_at_most";
    return i18n::Format(p.lang, key, {Piped(p, q->label.Get(p.lang, p.form->lang())), literal});
  }
  return i18n::T(p.lang, "answer_only_if_generic");
}

// A range with few values is a row of radio buttons (a scale: nothing to drag, works without
// JavaScript and with a keyboard); a long one a number field bounded by min, max and step.
int RangeValues(const form::Node& n) {
  // Whole steps only: from 1 to 10 in steps of 4 offers 1, 5, 9 (pyxform and ODK allow such a range).
  return static_cast<int>(std::floor((n.range_end - n.range_start) / n.range_step + 1e-9)) + 1;
}

bool RangeAsRadios(const form::Node& n) {
  return n.type == Type::kRange && RangeValues(n) <= 11;
}

// The control a link to question `name` lands on: its first choice's radio or checkbox (a fieldset
// has no id), the acknowledgement's box, else the question's own control. The error summary and the
// review page's "Change" links both point there.
std::string FocusId(const std::string& name, const form::Node* n) {
  const int first_choice = n && (((n->type == Type::kSelectOne || n->type == Type::kSelectMultiple) &&
                                  n->appearance.find("minimal") == std::string::npos) ||
                                 n->type == Type::kRank || RangeAsRadios(*n))
                               ? 0
                               : -1;
  std::string id = ControlId(name, first_choice);
  if (n && n->type == Type::kAcknowledge) id += "-ok";
  return id;
}

void RenderRangeOrRank(std::string& out, const QuestionPage& p, int idx, const std::string& condition) {
  const form::Node& n = p.form->nodes[static_cast<std::size_t>(idx)];
  const std::string id = "q-" + HtmlEscape(n.name);
  const std::string name = HtmlEscape(n.name);
  std::string value = ValueFor(p, n);
  std::string describedby = condition.empty() ? "" : id + "-condition";
  std::string inner;
  RenderHintAndError(inner, p, n, id, describedby);
  if (n.type == Type::kRange && !RangeAsRadios(n)) {
    out += "<label for=\"" + id + "\">";
    RenderLabelText(out, p, n);
    out += "</label>\n" + inner + "<input type=\"number\" class=\"input input--short\" id=\"" + id + "\" name=\"" +
           name + "\" min=\"" + xpath::FormatNumber(n.range_start) + "\" max=\"" + xpath::FormatNumber(n.range_end) +
           "\" step=\"" + xpath::FormatNumber(n.range_step) + "\" inputmode=\"decimal\" value=\"";
    Esc(out, value);
    out += "\"";
    if (!describedby.empty()) out += " aria-describedby=\"" + describedby + "\"";
    if (!ErrorFor(p, n.name).empty()) out += " aria-invalid=\"true\"";
    out += ">\n</div>\n";
    return;
  }
  out += "<fieldset";
  if (!describedby.empty()) out += " aria-describedby=\"" + describedby + "\"";
  out += ">\n<legend>";
  RenderLabelText(out, p, n);
  out += "</legend>\n" + inner;
  if (n.type == Type::kRange) {
    out += "<div class=\"cs in\">\n";
    for (int k = 0; k < RangeValues(n); ++k) {
      std::string v = xpath::FormatNumber(n.range_start + k * n.range_step);
      std::string cid = id + "-" + std::to_string(k);
      out += "<div><input type=\"radio\" id=\"" + cid + "\" name=\"" + name + "\" value=\"" + v + "\"" +
             (v == value ? " checked" : "") + "><label for=\"" + cid + "\">" + v + "</label></div>\n";
    }
    out += "</div>\n</fieldset>\n</div>\n";
    return;
  }
  // Rank without JavaScript: one drop-down per place, each offering every option.
  std::vector<std::string> order = SplitWords(value);
  auto choices = ChoicesOf(p, idx);
  out += "<div class=\"rank\">\n";
  for (std::size_t k = 0; k < choices.size(); ++k) {
    std::string cid = id + "-" + std::to_string(k);
    out += "<div class=\"rank__place\"><label class=\"label\" for=\"" + cid + "\">";
    Esc(out, i18n::Format(p.lang, "rank_place", {std::to_string(k + 1)}));
    out += "</label><select class=\"select\" id=\"" + cid + "\" name=\"" + name + "\">\n<option value=\"\"></option>\n";
    for (const form::Choice* c : choices) {
      out += "<option value=\"";
      Esc(out, c->name);
      out += "\"";
      if (k < order.size() && order[k] == c->name) out += " selected";
      out += ">";
      Esc(out, c->label.Get(p.lang, p.form->lang()));
      out += "</option>\n";
    }
    out += "</select></div>\n";
  }
  out += "</div>\n</fieldset>\n</div>\n";
}

void RenderQuestion(std::string& out, const QuestionPage& p, int idx) {
  const form::Node& n = p.form->nodes[static_cast<std::size_t>(idx)];
  const std::string condition = ConditionText(p, n);
  const std::string id = "q-" + HtmlEscape(n.name);
  const std::string name = HtmlEscape(n.name);
  bool has_error = !ErrorFor(p, n.name).empty();
  std::string value = ValueFor(p, n);
  out += "<div class=\"q";
  if (has_error) out += " e";
  if (!condition.empty()) out += " c";
  // A honeypot is for bots only: hidden from people (and their screen readers) by the stylesheet.
  if (n.name == "honeypot" || n.appearance.find("honeypot") != std::string::npos) out += " h";
  out += "\" id=\"" + id + "-block\"";
  // The browser-side logic (when present) shows and hides by this expression.
  if (n.relevant) {
    out += " data-relevant=\"";
    Esc(out, n.relevant->text());
    out += "\"";
  }
  out += ">\n";
  if (!condition.empty()) {
    out += "<p class=\"condition\" id=\"" + id + "-condition\">";
    Esc(out, condition);
    out += "</p>\n";
  }
  if (n.type == Type::kNote) {
    out += "<div class=\"note\" id=\"" + id + "\">";
    for (const auto& para : Split(Piped(p, n.label.Get(p.lang, p.form->lang())), '\n')) {
      if (Trim(para).empty()) continue;
      out += "<p>";
      Esc(out, para);
      out += "</p>";
    }
    out += "</div>\n</div>\n";
    return;
  }
  if (n.type == Type::kRange || n.type == Type::kRank) {
    RenderRangeOrRank(out, p, idx, condition);
    return;
  }
  bool is_choice = n.type == Type::kSelectOne || n.type == Type::kSelectMultiple;
  bool dropdown = n.type == Type::kSelectOne && n.appearance.find("minimal") != std::string::npos;
  if (is_choice && !dropdown) {
    std::string describedby = condition.empty() ? "" : id + "-condition";
    std::string inner;
    RenderHintAndError(inner, p, n, id, describedby);
    out += "<fieldset";
    if (!describedby.empty()) out += " aria-describedby=\"" + describedby + "\"";
    out += ">\n<legend>";
    RenderLabelText(out, p, n);
    out += "</legend>\n" + inner;
    bool horizontal =
        n.appearance.find("horizontal") != std::string::npos || n.appearance.find("likert") != std::string::npos;
    out += horizontal ? "<div class=\"cs in\">\n" : "<div class=\"cs\">\n";
    std::vector<std::string> chosen = SplitWords(value);
    int k = 0;
    for (const form::Choice* cp : ChoicesOf(p, idx)) {
      const form::Choice& c = *cp;
      std::string cid = id + "-" + std::to_string(k++);
      bool checked = std::find(chosen.begin(), chosen.end(), c.name) != chosen.end();
      out += "<div><input type=\"";
      out += n.type == Type::kSelectOne ? "radio" : "checkbox";
      out += "\" id=\"" + cid + "\" name=\"" + name + "\" value=\"";
      Esc(out, c.name);
      out += "\"";
      if (checked) out += " checked";
      out += "><label for=\"" + cid + "\">";
      Esc(out, c.label.Get(p.lang, p.form->lang()));
      out += "</label></div>\n";
    }
    out += "</div>\n</fieldset>\n</div>\n";
    return;
  }
  out += "<label for=\"" + id + "\">";
  RenderLabelText(out, p, n);
  out += "</label>\n";
  std::string describedby = condition.empty() ? "" : id + "-condition";
  RenderHintAndError(out, p, n, id, describedby);
  std::string aria;
  if (!describedby.empty()) aria += " aria-describedby=\"" + describedby + "\"";
  if (has_error) aria += " aria-invalid=\"true\"";
  if (dropdown) {
    out +=
        "<select class=\"select\" id=\"" + id + "\" name=\"" + name + "\"" + aria + ">\n<option value=\"\"></option>\n";
    for (const form::Choice* cp : ChoicesOf(p, idx)) {
      const form::Choice& c = *cp;
      out += "<option value=\"";
      Esc(out, c.name);
      out += "\"";
      if (c.name == value) out += " selected";
      out += ">";
      Esc(out, c.label.Get(p.lang, p.form->lang()));
      out += "</option>\n";
    }
    out += "</select>\n</div>\n";
    return;
  }
  if (n.type == Type::kText && n.appearance.find("multiline") != std::string::npos) {
    out += "<textarea class=\"textarea\" id=\"" + id + "\" name=\"" + name + "\" rows=\"5\"" + aria + ">";
    Esc(out, value);
    out += "</textarea>\n</div>\n";
    return;
  }
  if (n.type == Type::kAcknowledge) {
    out += "<div class=\"choice\"><input class=\"choice__input\" type=\"checkbox\" id=\"" + id + "-ok\" name=\"" +
           name + "\" value=\"OK\"" + (value == "OK" ? " checked" : "") + aria +
           "><label class=\"choice__label\" for=\"" + id + "-ok\">OK</label></div>\n</div>\n";
    return;
  }
  std::string type = "text", extra;
  switch (n.type) {
    case Type::kInteger:
      extra = " inputmode=\"numeric\" class=\"input input--short\"";
      break;
    case Type::kDecimal:
      extra = " inputmode=\"decimal\" class=\"input input--short\"";
      break;
    case Type::kDate:
      type = "date";
      extra = " class=\"input input--date\"";
      break;
    case Type::kTime:
      type = "time";
      extra = " class=\"input input--short\"";
      break;
    case Type::kDateTime:
      type = "datetime-local";
      extra = " class=\"input input--date\"";
      break;
    default:
      extra = " class=\"input\"";
      break;
  }
  bool email = n.name.find("email") != std::string::npos;
  if (email && n.type == Type::kText) type = "email";
  out += "<input type=\"" + type + "\" id=\"" + id + "\" name=\"" + name + "\" value=\"";
  Esc(out, value);
  out += "\"" + extra + aria;
  if (n.type == Type::kText) out += email ? " autocomplete=\"email\" spellcheck=\"false\"" : " spellcheck=\"true\"";
  out += ">\n</div>\n";
}

// A notice above the page. "Saved" links to the resume link and code, which on a phone sit far below.
void AppendNotice(std::string& body, const std::string& lang, const std::string& notice,
                  const std::string& resume_url) {
  if (notice.empty()) return;
  body += "<div class=\"notice\" role=\"status\"><p>";
  Esc(body, notice);
  if (!resume_url.empty() && notice == i18n::T(lang, "saved_notice")) {
    body += " <a href=\"#continue-later\">";
    Esc(body, i18n::T(lang, "saved_notice_link"));
    body += "</a>";
  }
  body += "</p></div>\n";
}

// "Continue later": the resume link, once the response has been saved.
void AppendResumeLink(std::string& body, const std::string& lang, const std::string& url, const std::string& code) {
  if (url.empty()) return;
  body += "<aside class=\"resume\" id=\"continue-later\" tabindex=\"-1\"><h2>" +
          HtmlEscape(i18n::T(lang, "continue_later_title")) + "</h2><p>" +
          HtmlEscape(i18n::T(lang, "continue_later_text")) + "</p><p class=\"resume__link\"><a href=\"";
  Esc(body, url);
  body += "\">";
  Esc(body, url);
  body += "</a></p>";
  if (!code.empty()) {
    // The code, for another device: typed at /resume on the same site.
    std::string entry = url.substr(0, url.find("/s/")) + "/resume";
    std::string text = HtmlEscape(i18n::Format(lang, "resume_code_text", {"\x01"}));
    // The code page opens in the respondent's language wherever the code is typed.
    std::string link =
        "<a href=\"" + HtmlEscape(entry + "?lang=" + UrlEncode(lang)) + "\">" + HtmlEscape(entry) + "</a>";
    if (auto at = text.find('\x01'); at != std::string::npos) text.replace(at, 1, link);
    body += "<p>" + text + "</p><p class=\"resume__code\">" + HtmlEscape(code) +
            "</p><p class=\"resume__download\"><a href=\"" + HtmlEscape(url) + "/code.txt\" download>" +
            HtmlEscape(i18n::T(lang, "download_code")) + "</a></p>";
  }
  // The respondent's own erasure (issue 25; web/respondent_privacy.cpp): a confirmation page first.
  body += "<p class=\"resume__delete\"><a href=\"" + HtmlEscape(url) + "/delete\">" +
          HtmlEscape(i18n::T(lang, "delete_button")) + "</a></p>";
  body += "</aside>\n";
}

// Agreement scales: a run of select_one questions on one list, on a page whose group asks for a
// table ("table-list", or items marked "likert"/"list-nolabel"). Each item is a radio group whose
// choices line up under one header row on a wide screen, and stack with their own labels on a narrow
// one. Every radio keeps a <label for>, so nothing depends on the table's visual layout.
bool IsMatrixPage(const QuestionPage& p) {
  const form::Page& page = p.form->pages[static_cast<std::size_t>(p.page.page)];
  if (!page.node) return false;
  return p.form->nodes[static_cast<std::size_t>(page.node)].appearance.find("table-list") != std::string::npos;
}

bool MatrixItem(const form::Node& n) {
  return n.type == Type::kSelectOne && n.appearance.find("minimal") == std::string::npos && n.choices &&
         !n.choice_filter && !n.randomize && n.choices->choices.size() <= 8;
}

// ODK's other spelling of a matrix, in any group: a select_one with appearance "label" shows only
// its list's choices, as the header; the selects after it on that list with "list-nolabel" are the
// rows. The header asks nothing: its label becomes the matrix's caption.
bool AppearanceHas(const form::Node& n, std::string_view word) {
  for (const auto& w : SplitWords(n.appearance)) {
    if (w == word) return true;
  }
  return false;
}
bool MatrixHeader(const form::Node& n) {
  return MatrixItem(n) && AppearanceHas(n, "label");
}

void RenderMatrix(std::string& out, const QuestionPage& p, const std::vector<int>& items,
                  const form::Node* header = nullptr) {
  const form::ChoiceList& list = *p.form->nodes[static_cast<std::size_t>(items[0])].choices;
  std::string cols = std::to_string(list.choices.size());
  out += "<div class=\"m c" + cols + "\"";
  if (header) out += " role=\"group\" aria-labelledby=\"q-" + HtmlEscape(header->name) + "-label\"";
  out += ">\n";
  if (header) {
    out += "<p class=\"mc\" id=\"q-" + HtmlEscape(header->name) + "-label\">";
    RenderLabelText(out, p, *header);
    out += "</p>\n";
  }
  out += "<div class=\"mh\" aria-hidden=\"true\"><span></span>";
  for (const auto& c : list.choices) {
    out += "<span>";
    Esc(out, c.label.Get(p.lang, p.form->lang()));
    out += "</span>";
  }
  out += "</div>\n";
  for (int q : items) {
    const form::Node& n = p.form->nodes[static_cast<std::size_t>(q)];
    const std::string id = "q-" + HtmlEscape(n.name);
    const std::string name = HtmlEscape(n.name);
    const std::string& err = ErrorFor(p, n.name);
    std::string value = ValueFor(p, n);
    std::string condition = ConditionText(p, n);
    out += "<div class=\"q r";
    if (!err.empty()) out += " e";
    out += "\" id=\"" + id + "-block\" role=\"radiogroup\" aria-labelledby=\"" + id + "-label\"";
    std::string describedby = condition.empty() ? "" : id + "-condition";
    const std::string& hint = n.hint.Get(p.lang, p.form->lang());
    if (!hint.empty()) describedby += (describedby.empty() ? "" : " ") + id + "-hint";
    if (!err.empty()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
    if (!describedby.empty()) out += " aria-describedby=\"" + describedby + "\"";
    if (n.relevant) {
      out += " data-relevant=\"";
      Esc(out, n.relevant->text());
      out += "\"";
    }
    out += ">\n<div><span id=\"" + id + "-label\">";
    RenderLabelText(out, p, n);
    out += "</span>";
    if (!condition.empty()) {
      out += "<p class=\"condition\" id=\"" + id + "-condition\">";
      Esc(out, condition);
      out += "</p>";
    }
    if (!hint.empty()) {
      out += "<div class=\"hint\" id=\"" + id + "-hint\">";
      Esc(out, Piped(p, hint));
      out += "</div>";
    }
    if (!err.empty()) {
      out += "<p class=\"error-message\" id=\"" + id + "-error\"><span class=\"vh\">" +
             HtmlEscape(i18n::T(p.lang, "error_prefix")) + "</span> ";
      Esc(out, err);
      out += "</p>";
    }
    out += "</div>\n";
    int k = 0;
    for (const auto& c : list.choices) {
      std::string cid = id + "-" + std::to_string(k++);
      out += "<div><input type=\"radio\" id=\"" + cid + "\" name=\"" + name + "\" value=\"";
      Esc(out, c.name);
      out += "\"";
      if (c.name == value) out += " checked";
      out += "><label for=\"" + cid + "\">";
      Esc(out, c.label.Get(p.lang, p.form->lang()));
      out += "</label></div>\n";
    }
    out += "</div>\n";
  }
  out += "</div>\n";
}

void RenderQuestions(std::string& out, const QuestionPage& p) {
  bool table = IsMatrixPage(p);
  std::size_t i = 0;
  while (i < p.questions.size()) {
    const form::Node& n = p.form->nodes[static_cast<std::size_t>(p.questions[i])];
    std::vector<int> run;
    if (MatrixHeader(n)) {
      std::size_t k = i + 1;
      for (; k < p.questions.size(); ++k) {
        const form::Node& m = p.form->nodes[static_cast<std::size_t>(p.questions[k])];
        if (!MatrixItem(m) || m.choices != n.choices || !AppearanceHas(m, "list-nolabel")) break;
        run.push_back(p.questions[k]);
      }
      if (!run.empty()) {
        RenderMatrix(out, p, run, &n);
        i = k;
        continue;
      }
    }
    if (table && MatrixItem(n)) {
      while (i + run.size() < p.questions.size()) {
        const form::Node& m = p.form->nodes[static_cast<std::size_t>(p.questions[i + run.size()])];
        if (!MatrixItem(m) || m.choices != n.choices) break;
        run.push_back(p.questions[i + run.size()]);
      }
    }
    if (run.size() >= 2) {
      RenderMatrix(out, p, run);
      i += run.size();
    } else {
      RenderQuestion(out, p, p.questions[i]);
      ++i;
    }
  }
}

}  // namespace

std::string RenderQuestionPage(const QuestionPage& p) {
  const form::Form& f = *p.form;
  std::string body;
  // Room for a long page at once (the study forms' pages are 10–25 KB): growing the text as it is
  // written copied it again at every doubling.
  body.reserve(32768);
  if (!p.errors.empty()) {
    body +=
        "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n"
        "<h2 class=\"error-summary__title\">" +
        HtmlEscape(i18n::T(p.lang, "there_is_a_problem")) + "</h2>\n<ul class=\"error-summary__list\">\n";
    for (const auto& e : p.errors) {
      const form::Node* n = f.Find(e.field);
      const std::string target = FocusId(e.field, n);
      body += "<li><a href=\"#";
      Esc(body, target);
      // GOV.UK error summary: the link text is the error message itself, the same as above the field.
      body += "\">";
      Esc(body, e.message);
      body += "</a></li>\n";
    }
    body += "</ul>\n</div>\n";
  }
  AppendNotice(body, p.lang, p.notice, p.resume_url);
  body += "<p class=\"progress\">" +
          HtmlEscape(i18n::Format(p.lang, "page_of", {std::to_string(p.position), std::to_string(p.total)}));
  if (p.minutes_left == 0) body += " \u00b7 " + HtmlEscape(i18n::T(p.lang, "time_left_under_minute"));
  if (p.minutes_left > 0) body += " \u00b7 " + HtmlEscape(i18n::FormatCount(p.lang, "time_left", p.minutes_left));
  body += "</p>\n";
  const form::Page& page = f.pages[static_cast<std::size_t>(p.page.page)];
  std::string heading = page.node ? f.nodes[static_cast<std::size_t>(page.node)].label.Get(p.lang, f.lang()) : "";
  if (heading.empty()) heading = f.Title(p.lang);
  if (p.page.instance >= 0) {
    heading = i18n::Format(p.lang, "repeat_of",
                           {heading, std::to_string(p.page.instance + 1), std::to_string(RepeatCountOf(p, page.node))});
  }
  body += "<h1 class=\"page-heading\">";
  Esc(body, heading);
  body += "</h1>\n<form method=\"post\" id=\"mcs-page\" action=\"";
  Esc(body, p.action);
  body += "\" novalidate>\n<input type=\"hidden\" name=\"_mcs_csrf\" value=\"";
  Esc(body, p.csrf);
  body += "\">\n<input type=\"hidden\" name=\"_mcs_page\" value=\"" + std::to_string(p.page.page) + "." +
          std::to_string(p.page.instance) + "\">\n<input type=\"hidden\" name=\"_mcs_lang\" value=\"";
  Esc(body, p.lang);
  body += "\">\n";
  if (p.return_to_review) body += "<input type=\"hidden\" name=\"_mcs_return\" value=\"review\">\n";
  if (!p.seed.empty()) {
    // Before the response exists the first page carries its choice-order seed, so the order the
    // respondent saw is the order kept (the server ignores it once the response is stored).
    body += "<input type=\"hidden\" name=\"_mcs_seed\" value=\"";
    Esc(body, p.seed);
    body += "\">\n";
  }
  RenderQuestions(body, p);
  // "Continue" first in the markup: pressing Enter in a field submits with the first button.
  body += "<div class=\"buttons\">\n<button name=\"_mcs_action\" value=\"";
  body += "next\">" + HtmlEscape(i18n::T(p.lang, "continue"));
  body += "</button>\n";
  if (p.position > 1) {
    body += "<button class=\"sec\" name=\"_mcs_action\" value=\"back\">" + HtmlEscape(i18n::T(p.lang, "back")) +
            "</button>\n";
  }
  body += "<button class=\"lnk\" name=\"_mcs_action\" value=\"save\">" + HtmlEscape(i18n::T(p.lang, "save_later")) +
          "</button>\n";
  body += "</div>\n";
  if (p.page.instance >= 0 && p.runtime->RespondentAdds(page.node)) {
    // The respondent says how many: add one after the last, or drop this one (plain form posts). After
    // "Continue" in the markup, so Enter still continues.
    int count = RepeatCountOf(p, page.node);
    body += "<div class=\"repeat-controls\">\n";
    if (p.page.instance + 1 == count && count < engine::kMaxRepeatInstances) {
      body += "<button class=\"sec\" name=\"_mcs_action\" value=\"add\">" + HtmlEscape(i18n::T(p.lang, "repeat_add")) +
              "</button>\n";
    }
    if (count > 1) {
      body += "<button class=\"sec\" name=\"_mcs_action\" value=\"remove\">" +
              HtmlEscape(i18n::T(p.lang, "repeat_remove")) + "</button>\n";
    }
    body += "</div>\n";
  }
  body += "</form>\n";
  AppendResumeLink(body, p.lang, p.resume_url, p.resume_code);
  // Browser-side logic (logic.cpp): data blocks and external scripts; the page works without them.
  body += LogicPageScripts(f, p.script_answers ? *p.script_answers : *p.answers, p.page.instance, p.lang, p.questions,
                           p.stored_answers);
  std::string title = heading + " - " + f.Title(p.lang);
  if (!p.errors.empty()) title = i18n::T(p.lang, "error_prefix") + " " + title;
  return Layout(title, p.lang, f.Title(p.lang), body, p.languages);
}

std::string DisplayAnswer(const form::Form& f, const form::Node& n, const std::string& value, const std::string& lang) {
  if (value.empty()) return i18n::T(lang, "not_answered");
  if (!n.choices) return value;
  std::vector<std::string> labels;
  for (const auto& w : SplitWords(value)) {
    const form::Choice* c = n.choices->Find(w);
    labels.push_back(c ? c->label.Get(lang, f.lang()) : w);
  }
  return Join(labels, "; ");
}

std::string RenderReviewPage(const ReviewPage& r) {
  const form::Form& f = *r.form;
  std::string body;
  body.reserve(65536);  // the study forms' reviews are 30–40 KB: written without growing
  AppendNotice(body, r.lang, r.notice, r.resume_url);
  body += "<h1 class=\"page-heading\">";
  Esc(body, i18n::T(r.lang, "review_title"));
  body += "</h1>\n<p>";
  Esc(body, i18n::T(r.lang, "review_intro"));
  body += "</p>\n";
  for (const engine::PageRef& pr : r.pages) {
    const form::Page& page = f.pages[static_cast<std::size_t>(pr.page)];
    std::string heading =
        page.node ? f.nodes[static_cast<std::size_t>(page.node)].label.Get(r.lang, f.lang()) : f.Title(r.lang);
    if (pr.instance >= 0) {
      heading = i18n::Format(r.lang, "repeat_of",
                             {heading, std::to_string(pr.instance + 1), std::to_string(r.view->Count(page.node))});
    }
    // Each page's answers fold into one line (details/summary: no script needed): on a phone the
    // whole review is a list of the sections with their first answers, each opened with a tap.
    std::string glance;
    const std::vector<int> visible = r.runtime->VisibleQuestions(*r.view, pr);
    for (int q : visible) {
      const form::Node& n = f.nodes[static_cast<std::size_t>(q)];
      if (!form::HoldsValue(n.type)) continue;
      const std::string& v = r.view->Value(q, pr.instance);
      if (v.empty()) continue;
      if (!glance.empty()) glance += " \u00b7 ";
      glance += DisplayAnswer(f, n, v, r.lang);
      if (glance.size() > 90) break;
    }
    if (glance.size() > 90) {
      // Cut at a character boundary (UTF-8 continuation bytes are 10xxxxxx).
      std::size_t cut = 88;
      while (cut > 0 && (static_cast<unsigned char>(glance[cut]) & 0xC0) == 0x80) --cut;
      glance = glance.substr(0, cut) + "\u2026";
    }
    body += "<details class=\"rs\">\n<summary><h2>";
    Esc(body, heading);
    body += "</h2>";
    if (!glance.empty()) {
      body += "<span>";
      Esc(body, glance);
      body += "</span>";
    }
    body += "</summary>\n<dl class=\"summary\">\n";
    for (int q : visible) {
      const form::Node& n = f.nodes[static_cast<std::size_t>(q)];
      if (!form::HoldsValue(n.type)) continue;
      std::string label = r.runtime->Pipe(*r.view, n.label.Get(r.lang, f.lang()), pr.instance);
      const std::string& v = r.view->Value(q, pr.instance);
      body += "<div><dt>";
      Esc(body, label);
      body += v.empty() ? "</dt><dd class=\"e\">" : "</dt><dd>";
      Esc(body, DisplayAnswer(f, n, v, r.lang));
      body += "</dd><dd><a href=\"";
      Esc(body, r.action + "?change=" + std::to_string(pr.page) + "." + std::to_string(pr.instance) + "#" +
                    FocusId(n.name, &n));
      body += "\">";
      Esc(body, i18n::T(r.lang, "change"));
      body += "<span class=\"vh\"> ";
      Esc(body, label);
      body += "</span></a></dd></div>\n";
    }
    body += "</dl>\n</details>\n";
  }
  body += "<form method=\"post\" id=\"mcs-page\" action=\"";
  Esc(body, r.action);
  body += "\" novalidate>\n<input type=\"hidden\" name=\"_mcs_csrf\" value=\"";
  Esc(body, r.csrf);
  body +=
      "\">\n<input type=\"hidden\" name=\"_mcs_page\" value=\"review\">\n<input type=\"hidden\" name=\"_mcs_lang\" "
      "value=\"";
  Esc(body, r.lang);
  body += "\">\n<div class=\"buttons\">\n<button name=\"_mcs_action\" value=\"submit\">" +
          HtmlEscape(i18n::T(r.lang, "submit")) +
          "</button>\n<button class=\"sec\" name=\"_mcs_action\" value=\"back\">" +
          HtmlEscape(i18n::T(r.lang, "back")) + "</button>\n</div>\n</form>\n";
  AppendResumeLink(body, r.lang, r.resume_url, r.resume_code);
  // The review's one script (mcsurvey.js): its post answered with the thank-you page in the same
  // exchange; the page works without it.
  body += "<script src=\"/static/mcsurvey.js\" defer></script>\n";
  return Layout(i18n::T(r.lang, "review_title") + " - " + f.Title(r.lang), r.lang, f.Title(r.lang), body, r.languages);
}

}  // namespace mcs::web
