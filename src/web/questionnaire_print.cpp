#include "web/questionnaire_print.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "common/crypto.h"
#include "common/i18n.h"
#include "common/strings.h"
#include "engine/view.h"
#include "report/report.h"
#include "web/condition_words.h"
#include "web/views.h"

namespace mcs::web {

// Defined in questionnaire_print_words.cpp: the paper's words in the other EU languages.
const std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>& PrintWordsMoreLanguages();

namespace {

using form::Node;
using form::Type;

// The words of the paper questionnaire: English, French and German here, the other 21 EU languages
// in questionnaire_print_words.cpp (English for any language beyond those; the interface's tables in
// common/i18n have the respondent pages' words, these are the paper's own).
const std::string& W(const std::string& lang, std::string_view key) {
  using Table = std::map<std::string, std::string, std::less<>>;
  static const std::map<std::string, Table, std::less<>> kWords = {
      {"en",
       {{"answer_if", "Answer if {0}."},
        {"section_if", "Answer this section if {0}."},
        {"quote", "“{0}”"},
        {"cond_chose", "you chose {0} at question {1}"},
        {"cond_not_chose", "you did not choose {0} at question {1}"},
        {"cond_answered", "you answered question {0}"},
        {"cond_equals", "your answer to question {0} is {1}"},
        {"cond_more", "your answer to question {0} is more than {1}"},
        {"cond_at_least", "your answer to question {0} is at least {1}"},
        {"cond_less", "your answer to question {0} is less than {1}"},
        {"cond_at_most", "your answer to question {0} is at most {1}"},
        {"cond_generic", "it applies to you (see {0})"},
        {"cond_earlier", "it applies to you, given your earlier answers"},
        {"question_one", "question {0}"},
        {"question_many", "questions {0}"},
        {"or", " or "},
        {"and", " and "},
        {"repeat_count", "Repeat this section for each one: as many times as your answer to question {0}."},
        {"repeat_free", "Repeat this section for each one (copy it as many times as needed)."},
        {"tick_one", "Tick one box."},
        {"tick_any", "Tick all that apply."},
        {"rank", "Number the options in order of preference (1 = first)."},
        {"number", "Write a number."},
        {"date", "Write a date (YYYY-MM-DD)."},
        {"time", "Write a time (HH:MM)."},
        {"datetime", "Write a date and time (YYYY-MM-DD HH:MM)."},
        {"required_mark", "required"},
        {"intro", "The questionnaire for printing (version {0}). Questions marked “required” must be answered."},
        {"copy_title", "Your answers"},
        {"copy_intro", "A copy of the answers you sent, as you gave them. Reference: {0}. Sent: {1}."},
        {"copy_link", "Download a copy of your answers (PDF)"},
        {"copy_no_pdf", "This server cannot make PDF files just now, so here is your copy as a web page: use your browser’s Print command to print it or save it as PDF."},
        {"acknowledge", "OK"}}},
      {"fr",
       {{"answer_if", "Répondez si {0}."},
        {"section_if", "Répondez à cette section si {0}."},
        {"quote", "« {0} »"},
        {"cond_chose", "vous avez choisi {0} à la question {1}"},
        {"cond_not_chose", "vous n'avez pas choisi {0} à la question {1}"},
        {"cond_answered", "vous avez répondu à la question {0}"},
        {"cond_equals", "votre réponse à la question {0} est {1}"},
        {"cond_more", "votre réponse à la question {0} est supérieure à {1}"},
        {"cond_at_least", "votre réponse à la question {0} est d'au moins {1}"},
        {"cond_less", "votre réponse à la question {0} est inférieure à {1}"},
        {"cond_at_most", "votre réponse à la question {0} est d'au plus {1}"},
        {"cond_generic", "cela vous concerne (voir {0})"},
        {"cond_earlier", "cela vous concerne, compte tenu de vos réponses précédentes"},
        {"question_one", "la question {0}"},
        {"question_many", "les questions {0}"},
        {"or", " ou "},
        {"and", " et "},
        {"repeat_count",
         "Répétez cette section pour chacune : autant de fois que l'indique votre réponse à la question {0}."},
        {"repeat_free", "Répétez cette section pour chacune (copiez-la autant de fois que nécessaire)."},
        {"tick_one", "Cochez une seule case."},
        {"tick_any", "Cochez toutes les cases qui s'appliquent."},
        {"rank", "Numérotez les options par ordre de préférence (1 = la première)."},
        {"number", "Écrivez un nombre."},
        {"date", "Écrivez une date (AAAA-MM-JJ)."},
        {"time", "Écrivez une heure (HH:MM)."},
        {"datetime", "Écrivez une date et une heure (AAAA-MM-JJ HH:MM)."},
        {"required_mark", "obligatoire"},
        {"intro",
         "Le questionnaire à imprimer (version {0}). Il faut répondre aux questions marquées « obligatoire »."},
        {"copy_title", "Vos réponses"},
        {"copy_intro", "Une copie des réponses que vous avez envoyées, telles que vous les avez données. Référence : {0}. "
                       "Envoyées : {1}."},
        {"copy_link", "Télécharger une copie de vos réponses (PDF)"},
        {"copy_no_pdf", "Ce serveur ne peut pas produire de fichier PDF pour le moment ; voici donc votre copie sous forme de page web : utilisez la commande Imprimer de votre navigateur pour l’imprimer ou l’enregistrer en PDF."},
        {"acknowledge", "OK"}}},
      {"de",
       {{"answer_if", "Beantworten, wenn {0}."},
        {"section_if", "Diesen Abschnitt beantworten, wenn {0}."},
        {"quote", "„{0}“"},
        {"cond_chose", "Sie bei Frage {1} {0} gewählt haben"},
        {"cond_not_chose", "Sie bei Frage {1} nicht {0} gewählt haben"},
        {"cond_answered", "Sie Frage {0} beantwortet haben"},
        {"cond_equals", "Ihre Antwort auf Frage {0} {1} ist"},
        {"cond_more", "Ihre Antwort auf Frage {0} größer als {1} ist"},
        {"cond_at_least", "Ihre Antwort auf Frage {0} mindestens {1} ist"},
        {"cond_less", "Ihre Antwort auf Frage {0} kleiner als {1} ist"},
        {"cond_at_most", "Ihre Antwort auf Frage {0} höchstens {1} ist"},
        {"cond_generic", "es auf Sie zutrifft (siehe {0})"},
        {"cond_earlier", "es nach Ihren bisherigen Antworten auf Sie zutrifft"},
        {"question_one", "Frage {0}"},
        {"question_many", "Fragen {0}"},
        {"or", " oder "},
        {"and", " und "},
        {"repeat_count", "Wiederholen Sie diesen Abschnitt für jedes einzelne: so oft, wie Ihre Antwort auf Frage {0} "
                         "angibt."},
        {"repeat_free", "Wiederholen Sie diesen Abschnitt für jedes einzelne (so oft wie nötig kopieren)."},
        {"tick_one", "Kreuzen Sie ein Kästchen an."},
        {"tick_any", "Kreuzen Sie alle zutreffenden Kästchen an."},
        {"rank", "Nummerieren Sie die Optionen nach Ihrer Präferenz (1 = erste Wahl)."},
        {"number", "Schreiben Sie eine Zahl."},
        {"date", "Schreiben Sie ein Datum (JJJJ-MM-TT)."},
        {"time", "Schreiben Sie eine Uhrzeit (HH:MM)."},
        {"datetime", "Schreiben Sie Datum und Uhrzeit (JJJJ-MM-TT HH:MM)."},
        {"required_mark", "Pflichtfrage"},
        {"intro", "Der Fragebogen zum Ausdrucken (Version {0}). Als „Pflichtfrage“ markierte Fragen müssen "
                  "beantwortet werden."},
        {"copy_title", "Ihre Antworten"},
        {"copy_intro", "Eine Kopie der Antworten, die Sie gesendet haben, so wie Sie sie gegeben haben. Referenz: {0}. "
                       "Gesendet: {1}."},
        {"copy_link", "Eine Kopie Ihrer Antworten herunterladen (PDF)"},
        {"copy_no_pdf", "Dieser Server kann derzeit keine PDF-Dateien erstellen; hier ist Ihre Kopie daher als Webseite: Nutzen Sie den Druckbefehl Ihres Browsers, um sie zu drucken oder als PDF zu speichern."},
        {"acknowledge", "OK"}}},
  };
  std::string_view primary = std::string_view(lang).substr(0, lang.find('-'));
  auto t = kWords.find(primary);
  if (t != kWords.end()) {
    if (auto it = t->second.find(key); it != t->second.end()) return it->second;
  }
  // The other EU languages (questionnaire_print_words.cpp).
  const auto& more = PrintWordsMoreLanguages();
  if (auto m = more.find(primary); m != more.end()) {
    if (auto it = m->second.find(key); it != m->second.end()) return it->second;
  }
  const auto& en = kWords.at("en");
  auto it = en.find(key);
  static const std::string kMissing = "?";
  return it == en.end() ? kMissing : it->second;
}

}  // namespace

const std::string& PrintWord(const std::string& lang, std::string_view key) { return W(lang, key); }

namespace {

std::string F(const std::string& lang, std::string_view key, const std::vector<std::string>& args) {
  const std::string& t = W(lang, key);
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}' && t[i + 1] >= '0' && t[i + 1] <= '9') {
      auto k = static_cast<std::size_t>(t[i + 1] - '0');
      if (k < args.size()) out += args[k];
      i += 2;
    } else {
      out += t[i];
    }
  }
  return out;
}

// One fixed style sheet: A4, page numbers in the bottom margin (CSS Paged Media margin boxes,
// which Chromium prints), a question never split across pages, a heading never left alone at a
// page's foot. Checkbox glyphs are text (DejaVu Sans has them) so a PDF's text says what is ticked.
constexpr std::string_view kCss = R"css(
@page { size: A4; margin: 18mm 17mm 20mm 17mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", sans-serif; color: #333; } }
html { font: 10.5pt/1.4 "DejaVu Sans", "Noto Sans", sans-serif; color: #000; background: #fff; }
body { margin: 0; max-width: 176mm; }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-top: 2mm; border-top: 1.5pt solid #000; break-after: avoid; break-inside: avoid; }
p { margin: 0 0 2mm; }
.intro { color: #222; margin-bottom: 5mm; }
.note { font-style: italic; margin: 0 0 4mm; break-inside: avoid; }
.section-if, .repeat-how { font-weight: bold; break-after: avoid; break-inside: avoid; }
.q { margin: 0 0 5mm; break-inside: avoid; }
.q-label { font-weight: bold; margin: 0 0 1mm; padding-left: 9mm; text-indent: -9mm; }
.q-req { font-weight: normal; font-size: 9pt; }
.q-if { font-style: italic; margin: 0 0 1mm; }
.q-hint, .q-how { color: #333; font-size: 9.5pt; margin: 0 0 1mm 9mm; }
.choices { list-style: none; margin: 0 0 0 9mm; padding: 0; }
.choices--3 { columns: 3; column-gap: 6mm; }
.choices--2 { columns: 2; column-gap: 6mm; }
.choices li { break-inside: avoid; padding-left: 5mm; text-indent: -5mm; }
.choices--row li { display: inline-block; margin-right: 5mm; padding-left: 0; text-indent: 0; }
.write { margin: 1mm 0 0 9mm; border: 0.75pt solid #444; min-height: 8mm; padding: 1mm 2mm; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.write--long { min-height: 28mm; }
.empty { color: #555; font-style: italic; }
.notice { border: 1.5pt solid #000; padding: 2mm 3mm; margin: 0 0 4mm; }
@media print { .notice { display: none; } }
)css";

constexpr const char* kBox = "☐";
constexpr const char* kBoxTicked = "☒";
constexpr const char* kCircle = "○";
constexpr const char* kCircleTicked = "●";

bool Printed(const Node& n) {
  switch (n.type) {
    case Type::kCalculate:
    case Type::kMeta:
    case Type::kHidden:
      return false;
    default:
      return true;
  }
}

bool Numbered(const Node& n) { return Printed(n) && form::HoldsValue(n.type) && n.type != Type::kNote; }

std::string Esc(std::string_view s) { return HtmlEscape(s); }

class Writer {
 public:
  Writer(const form::Form& f, const PrintRequest& r)
      : f_(f), r_(r), lang_(r.lang.empty() || !f.HasLanguage(r.lang) ? f.lang() : r.lang), rt_(f) {
    numbers_.assign(f.nodes.size(), 0);
    int next = 0;
    for (std::size_t i = 0; i < f.nodes.size(); ++i) {
      if (Numbered(f.nodes[i]) && !Hidden(static_cast<int>(i))) numbers_[i] = ++next;
    }
    if (r.answers) view_ = std::make_unique<engine::View>(f, *r.answers);
  }

  std::string Run() {
    std::string out;
    out.reserve(65536);
    out += "<!DOCTYPE html>\n<html lang=\"" + Esc(lang_) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    std::string title = r_.answers ? W(lang_, "copy_title") + " - " + f_.Title(lang_) : f_.Title(lang_);
    out += Esc(title) + "</title>\n<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n";
    if (!r_.notice.empty()) out += "<p class=\"notice\">" + Esc(r_.notice) + "</p>\n";
    out += "<h1>";
    out += Esc(r_.answers ? W(lang_, "copy_title") + ": " + f_.Title(lang_) : f_.Title(lang_)) + "</h1>\n<p class=\"intro\">";
    if (r_.answers) {
      out += Esc(F(lang_, "copy_intro", {r_.reference, r_.submitted}));
    } else {
      out += Esc(F(lang_, "intro", {f_.version}));
    }
    out += "</p>\n";
    for (int c : f_.root().children) Element(out, c, -1);
    out += "</body>\n</html>\n";
    return out;
  }

  const std::vector<int>& numbers() const { return numbers_; }

 private:
  // Inside a node that is never printed (nothing is, under a calculate).
  bool Hidden(int n) const {
    for (int p = n; p > 0; p = f_.nodes[static_cast<std::size_t>(p)].parent) {
      if (!Printed(f_.nodes[static_cast<std::size_t>(p)])) return true;
    }
    return false;
  }

  std::string Text(const form::Translated& t, int instance) const {
    const std::string& s = t.Get(lang_, f_.lang());
    if (view_) return rt_.Pipe(*view_, s, instance);
    // On blank paper a piped answer is a gap.
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 2, "${") == 0) {
        auto e = s.find('}', i);
        if (e != std::string::npos) {
          out += "…";
          i = e;
          continue;
        }
      }
      out += s[i];
    }
    return out;
  }

  void Element(std::string& out, int idx, int instance) {
    const Node& n = f_.nodes[static_cast<std::size_t>(idx)];
    if (!Printed(n)) return;
    if (view_ && !view_->Relevant(idx, instance)) return;
    if (n.type == Type::kGroup || n.type == Type::kRepeat) {
      if (n.type == Type::kRepeat && view_) {
        int count = view_->Count(idx);
        for (int i = 0; i < count; ++i) {
          if (!view_->Relevant(idx, i)) continue;
          std::string label = Text(n.label, i);
          out += "<section>\n<h2>" + Esc(i18n::Format(lang_, "repeat_of", {label, std::to_string(i + 1), std::to_string(count)})) +
                 "</h2>\n";
          for (int c : n.children) Element(out, c, i);
          out += "</section>\n";
        }
        return;
      }
      std::string label = Text(n.label, instance);
      out += "<section>\n";
      if (!label.empty()) out += "<h2>" + Esc(label) + "</h2>\n";
      if (!view_) {
        if (std::string cond = ConditionInWords(f_, n, numbers_, lang_); !cond.empty())
          out += "<p class=\"section-if\">" + Esc(F(lang_, "section_if", {cond})) + "</p>\n";
        if (n.type == Type::kRepeat) out += "<p class=\"repeat-how\">" + Esc(RepeatHow(n)) + "</p>\n";
      }
      for (int c : n.children) Element(out, c, instance);
      out += "</section>\n";
      return;
    }
    if (n.type == Type::kNote) {
      out += "<p class=\"note\">" + Esc(Text(n.label, instance)) + "</p>\n";
      return;
    }
    Question(out, idx, instance);
  }

  std::string RepeatHow(const Node& n) const {
    if (n.repeat_count) {
      // "${q}" (or an expression of one question): as many times as that answer says.
      const auto& refs = n.repeat_count->references();
      const Node* q = refs.size() == 1 ? f_.Find(*refs.begin()) : nullptr;
      int num = q ? numbers_[static_cast<std::size_t>(q - f_.nodes.data())] : 0;
      if (num > 0) return F(lang_, "repeat_count", {std::to_string(num)});
    }
    return W(lang_, "repeat_free");
  }

  std::string Value(int idx, int instance) const {
    if (!view_) return {};
    return view_->Value(idx, instance);
  }

  void Question(std::string& out, int idx, int instance) {
    const Node& n = f_.nodes[static_cast<std::size_t>(idx)];
    out += "<div class=\"q\">\n";
    if (!view_) {
      if (std::string cond = ConditionInWords(f_, n, numbers_, lang_); !cond.empty())
        out += "<p class=\"q-if\">" + Esc(F(lang_, "answer_if", {cond})) + "</p>\n";
    }
    // Number and mark run inline with their text (a no-break space between): a PDF's text then
    // reads "7. Label" and "☒ Choice" on one line, as a person does.
    out += "<p class=\"q-label\">" + std::to_string(numbers_[static_cast<std::size_t>(idx)]) + ".\u00a0 " +
           Esc(Text(n.label, instance));
    if (n.required || n.required_if) out += " <span class=\"q-req\">(" + Esc(W(lang_, "required_mark")) + ")</span>";
    out += "</p>\n";
    if (std::string hint = Text(n.hint, instance); !hint.empty()) out += "<p class=\"q-hint\">" + Esc(hint) + "</p>\n";
    const std::string value = Value(idx, instance);
    switch (n.type) {
      case Type::kSelectOne:
      case Type::kSelectMultiple:
      case Type::kRank:
        Choices(out, idx, instance, value);
        break;
      case Type::kRange:
        Range(out, n, value);
        break;
      case Type::kAcknowledge:
        out += "<ul class=\"choices\"><li><span class=\"box\">" + std::string(value.empty() ? kBox : kBoxTicked) +
               "</span>\u00a0" + Esc(W(lang_, "acknowledge")) + "</li></ul>\n";
        break;
      default:
        Write(out, n, value);
        break;
    }
    out += "</div>\n";
  }

  void Choices(std::string& out, int idx, int instance, const std::string& value) {
    const Node& n = f_.nodes[static_cast<std::size_t>(idx)];
    std::vector<const form::Choice*> list;
    if (view_) {
      list = rt_.Choices(*view_, idx, instance);
    } else if (n.choices) {
      for (const auto& c : n.choices->choices) list.push_back(&c);
    }
    const bool one = n.type == Type::kSelectOne;
    const bool rank = n.type == Type::kRank;
    if (!view_) out += "<p class=\"q-how\">" + Esc(W(lang_, one ? "tick_one" : rank ? "rank" : "tick_any")) + "</p>\n";
    std::vector<std::string> chosen = SplitWords(value);
    // A long list of short labels in columns; a label that would wrap in a column stays in one
    // (wrapped labels side by side are hard to read, and a PDF's text would interleave them).
    std::size_t longest = 0;
    for (const form::Choice* c : list) longest = std::max(longest, Utf8Length(Text(c->label, instance)));
    const char* cols = list.size() <= 8 ? "" : longest <= 20 ? " choices--3" : longest <= 32 ? " choices--2" : "";
    out += std::string("<ul class=\"choices") + cols + "\">\n";
    for (const form::Choice* c : list) {
      auto at = std::find(chosen.begin(), chosen.end(), c->name);
      bool ticked = at != chosen.end();
      std::string mark;
      if (rank) {
        mark = ticked ? "[" + std::to_string(at - chosen.begin() + 1) + "]" : "[  ]";
      } else {
        mark = one ? (ticked ? kCircleTicked : kCircle) : (ticked ? kBoxTicked : kBox);
      }
      out += "<li><span class=\"box\">" + mark + "</span>\u00a0" + Esc(Text(c->label, instance)) + "</li>\n";
    }
    out += "</ul>\n";
    if (view_ && chosen.empty()) out += "<p class=\"q-hint empty\">" + Esc(i18n::T(lang_, "not_answered")) + "</p>\n";
  }

  void Range(std::string& out, const Node& n, const std::string& value) {
    if (!view_) out += "<p class=\"q-how\">" + Esc(W(lang_, "tick_one")) + "</p>\n";
    out += "<ul class=\"choices choices--row\">\n";
    int steps = static_cast<int>(std::floor((n.range_end - n.range_start) / n.range_step + 1e-9)) + 1;
    double chosen = value.empty() ? std::nan("") : std::strtod(value.c_str(), nullptr);
    for (int i = 0; i < steps && i < 101; ++i) {
      double v = n.range_start + i * n.range_step;
      std::ostringstream s;
      s << v;
      bool ticked = !std::isnan(chosen) && std::abs(chosen - v) < 1e-9;
      out += "<li><span class=\"box\">" + std::string(ticked ? kCircleTicked : kCircle) + "</span>\u00a0" + Esc(s.str()) + "</li>\n";
    }
    out += "</ul>\n";
    if (view_ && value.empty()) out += "<p class=\"q-hint empty\">" + Esc(i18n::T(lang_, "not_answered")) + "</p>\n";
  }

  void Write(std::string& out, const Node& n, const std::string& value) {
    const char* how = nullptr;
    switch (n.type) {
      case Type::kInteger:
      case Type::kDecimal: how = "number"; break;
      case Type::kDate: how = "date"; break;
      case Type::kTime: how = "time"; break;
      case Type::kDateTime: how = "datetime"; break;
      default: break;
    }
    if (how && !view_) out += "<p class=\"q-how\">" + Esc(W(lang_, how)) + "</p>\n";
    bool long_text = n.type == Type::kText && (n.appearance.find("multiline") != std::string::npos || !view_);
    out += "<div class=\"write";
    if (long_text && !view_ && n.appearance.find("multiline") != std::string::npos) out += " write--long";
    if (view_ && value.empty()) {
      out += " empty\">" + Esc(i18n::T(lang_, "not_answered")) + "</div>\n";
    } else {
      out += "\">" + Esc(value) + "</div>\n";
    }
  }

  const form::Form& f_;
  const PrintRequest& r_;
  std::string lang_;
  engine::Runtime rt_;
  std::unique_ptr<engine::View> view_;
  std::vector<int> numbers_;
};

// One clause ("${q} = 'a'") in words; empty when it is not a simple comparison with a question
// that has a number on paper.
std::string Clause(const form::Form& f, std::string_view text, const std::vector<int>& numbers,
                   const std::string& lang) {
  auto c = ParseComparison(text);
  if (!c) return {};
  const Node* q = f.Find(c->name);
  if (!q) return {};
  int num = numbers[static_cast<std::size_t>(q - f.nodes.data())];
  if (num <= 0) return {};
  const std::string n = std::to_string(num);
  if (c->quoted) {
    if (c->literal.empty() && c->op == "!=") return F(lang, "cond_answered", {n});
    const form::Choice* ch = q->choices ? q->choices->Find(c->literal) : nullptr;
    if (!ch) return {};
    std::string label = F(lang, "quote", {ch->label.Get(lang, f.lang())});
    if (c->op == "=") return F(lang, "cond_chose", {label, n});
    if (c->op == "!=") return F(lang, "cond_not_chose", {label, n});
    return {};
  }
  if (c->op == "=") return F(lang, "cond_equals", {n, c->literal});
  if (c->op == ">") return F(lang, "cond_more", {n, c->literal});
  if (c->op == ">=") return F(lang, "cond_at_least", {n, c->literal});
  if (c->op == "<") return F(lang, "cond_less", {n, c->literal});
  if (c->op == "<=") return F(lang, "cond_at_most", {n, c->literal});
  return {};
}

// "${q} = 'c'" or "selected(${q}, 'c')" with a choice of q, and q numbered on paper: the choice's
// label (quoted as the language quotes) and q's number.
struct ChoiceClause {
  std::string name, label;
  int number = 0;
};
std::optional<ChoiceClause> ChoiceEquality(const form::Form& f, std::string_view text, const std::vector<int>& numbers,
                                           const std::string& lang) {
  auto c = ParseComparison(text);
  if (!c || c->op != "=" || !c->quoted) return std::nullopt;
  const Node* q = f.Find(c->name);
  const form::Choice* ch = q && q->choices ? q->choices->Find(c->literal) : nullptr;
  int num = ch ? numbers[static_cast<std::size_t>(q - f.nodes.data())] : 0;
  if (num <= 0) return std::nullopt;
  return ChoiceClause{c->name, F(lang, "quote", {ch->label.Get(lang, f.lang())}), num};
}

// Whether "not(" at the start of `t` closes at its very end.
bool WholeNot(std::string_view t) {
  if (!StartsWith(t, "not(") || t.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 3; i < t.size(); ++i) {
    char ch = t[i];
    if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')' && --depth == 0) {
      return i + 1 == t.size();
    }
  }
  return false;
}

// "a or b", "a and b" (nested up to two levels) of clauses, and not() of one question's choices. A
// run of one question's choices reads as one clause: "you chose “Yes” or “Planned” at question 12".
std::string Phrase(const form::Form& f, std::string_view text, const std::vector<int>& numbers, const std::string& lang,
                   int depth) {
  std::string_view t = Trim(text);
  if (WholeNot(t)) {
    // not(${q} = 'a' or ${q} = 'b'): "you did not choose “A” or “B” at question N".
    std::vector<std::string> labels;
    std::string name;
    int num = 0;
    for (auto p : SplitTopLevel(t.substr(4, t.size() - 5), true)) {
      auto c = ChoiceEquality(f, p, numbers, lang);
      if (!c || (!name.empty() && c->name != name)) return {};
      name = c->name;
      num = c->number;
      labels.push_back(c->label);
    }
    return labels.empty() ? "" : F(lang, "cond_not_chose", {Join(labels, W(lang, "or")), std::to_string(num)});
  }
  for (bool any : {true, false}) {
    auto parts = SplitTopLevel(t, any);
    if (parts.size() < 2) continue;
    if (depth >= 2) return {};
    std::vector<std::string> words;
    std::vector<std::string> run;  // labels of a run of one question's choices
    std::string run_name;
    int run_number = 0;
    auto flush = [&]() {
      if (!run.empty()) words.push_back(F(lang, "cond_chose", {Join(run, W(lang, "or")), std::to_string(run_number)}));
      run.clear();
      run_name.clear();
    };
    for (auto p : parts) {
      auto c = any ? ChoiceEquality(f, p, numbers, lang) : std::nullopt;
      if (c) {
        if (c->name != run_name) flush();
        run_name = c->name;
        run_number = c->number;
        run.push_back(c->label);
        continue;
      }
      flush();
      std::string w = Phrase(f, p, numbers, lang, depth + 1);
      if (w.empty()) return {};
      words.push_back(w);
    }
    flush();
    return Join(words, W(lang, any ? "or" : "and"));
  }
  return Clause(f, t, numbers, lang);
}

constexpr int kMaxWaitingPrints = 3;

std::mutex& PrintMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

std::string ConditionInWords(const form::Form& f, const form::Node& n, const std::vector<int>& numbers,
                             const std::string& lang) {
  if (!n.relevant) return {};
  std::string words = Phrase(f, n.relevant->text(), numbers, lang, 0);
  if (!words.empty()) return words;
  // Otherwise: which questions it hangs on.
  std::vector<std::string> refs;
  std::set<int> seen;
  for (const auto& r : n.relevant->references()) {
    const Node* q = f.Find(r);
    int num = q ? numbers[static_cast<std::size_t>(q - f.nodes.data())] : 0;
    if (num > 0 && seen.insert(num).second) refs.push_back(std::to_string(num));
  }
  if (refs.empty()) return W(lang, "cond_earlier");
  std::string which = F(lang, refs.size() == 1 ? "question_one" : "question_many", {Join(refs, ", ")});
  return F(lang, "cond_generic", {which});
}

std::string QuestionnaireHtml(const form::Form& f, const PrintRequest& r) { return Writer(f, r).Run(); }

std::string PrintCssHash() {
  const std::string hex = Sha256Hex(kCss);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  std::size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    b64 += kB64[(v >> 18) & 63];
    b64 += kB64[(v >> 12) & 63];
    b64 += kB64[(v >> 6) & 63];
    b64 += kB64[v & 63];
  }
  if (i + 1 == raw.size()) {
    unsigned v = static_cast<unsigned char>(raw[i]) << 16;
    b64 += kB64[(v >> 18) & 63];
    b64 += kB64[(v >> 12) & 63];
    b64 += "==";
  } else if (i + 2 == raw.size()) {
    unsigned v = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8);
    b64 += kB64[(v >> 18) & 63];
    b64 += kB64[(v >> 12) & 63];
    b64 += kB64[(v >> 6) & 63];
    b64 += '=';
  }
  return "'sha256-" + b64 + "'";
}

Result<std::string> QuestionnairePdf(const form::Form& f, const PrintRequest& r) {
  return HtmlPdf(QuestionnaireHtml(f, r), r.lang.empty() || !f.HasLanguage(r.lang) ? f.lang() : r.lang);
}

Result<std::string> HtmlPdf(const std::string& html, std::string_view lang) {
  const char* env = std::getenv("MCSURVEY_CHROMIUM");
  const std::string chromium = env && *env ? env : "/usr/bin/chromium";
  std::string tmpl = (std::filesystem::temp_directory_path() / "mcsurvey-print-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return MakeError(ErrorCode::kUnavailable, "cannot make a temporary directory");
  const std::filesystem::path dir = tmpl;
  struct Cleanup {
    std::filesystem::path d;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(d, ec);
    }
  } cleanup{dir};
  const std::string html_path = (dir / "q.html").string(), pdf_path = (dir / "q.pdf").string();
  {
    std::ofstream out(html_path, std::ios::binary);
    out << html;
    if (!out.flush()) return MakeError(ErrorCode::kUnavailable, "cannot write " + html_path);
  }
  // Chromium is heavy (a browser per print): one at a time, and no more than a few waiting, so a
  // burst of copies cannot hold every worker thread (the caller then falls back to the HTML).
  static std::atomic<int> waiting{0};
  if (waiting.fetch_add(1) >= kMaxWaitingPrints) {
    waiting.fetch_sub(1);
    return MakeError(ErrorCode::kUnavailable, "too many PDFs being printed; try again in a minute");
  }
  std::unique_lock<std::mutex> lock(PrintMutex());
  waiting.fetch_sub(1);
  if (Status st = report::PrintPdf(html_path, pdf_path, chromium, lang); !st.ok()) return st.error();
  std::ifstream in(pdf_path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mcs::web
