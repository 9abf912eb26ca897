#include "mail/templates.h"

#include <algorithm>

#include "common/strings.h"

namespace mcs::mail {
namespace {

struct Builtin {
  const char* lang;
  const char* kind;
  const char* subject;
  const char* body;
};

// Short and plain: who asks, why, how long, until when, the personal link, how to stop.
constexpr Builtin kBuiltins[] = {
    {"en", "invitation", "Your view on microcredentials: Cedefop survey",
     "Dear {name},\n\nCedefop, the EU agency for vocational education and training, is studying the role of "
     "microcredentials in learning for employment. We would value your organisation's view.\n\nThe questionnaire "
     "takes about 15 minutes and is open until {closing_date}. The link is personal; if you stop halfway, the "
     "page gives you a link to come back to your answers.\n\n{link}\n\nThank you for your time.\n\nThe study team\n\nIf you do not want further "
     "messages about this survey: {optout_link}"},
    {"en", "reminder", "Reminder: Cedefop survey on microcredentials closes on {closing_date}",
     "Dear {name},\n\nA few weeks ago we invited you to Cedefop's survey on microcredentials. If you have not "
     "had the time yet, the questionnaire is open until {closing_date} and takes about 15 minutes. Your personal "
     "link:\n\n{link}\n\nThank you.\n\nThe study team\n\nIf you do not want "
     "further messages about this survey: {optout_link}"},
    {"fr", "invitation", "Votre avis sur les microcertifications : enquête du Cedefop",
     "Bonjour {name},\n\nLe Cedefop, l'agence de l'UE pour la formation professionnelle, étudie le rôle "
     "des microcertifications dans l'apprentissage pour l'emploi. L'avis de votre organisation nous serait "
     "précieux.\n\nLe questionnaire prend environ 15 minutes et reste ouvert jusqu'au {closing_date}. Ce lien est "
     "personnel ; si vous vous interrompez, la page vous donne un lien pour retrouver vos réponses.\n\n{link}\n\nMerci de votre temps.\n\n"
     "L'équipe de l'étude\n\nSi vous ne souhaitez plus recevoir de messages sur cette enquête : {optout_link}"},
    {"fr", "reminder", "Rappel : l'enquête du Cedefop sur les microcertifications se termine le {closing_date}",
     "Bonjour {name},\n\nIl y a quelques semaines, nous vous avons invité à l'enquête du Cedefop sur les "
     "microcertifications. Si vous n'avez pas encore eu le temps d'y répondre, le questionnaire reste ouvert "
     "jusqu'au {closing_date} et prend environ 15 minutes. Votre lien "
     "personnel :\n\n{link}\n\nMerci.\n\nL'équipe de l'étude\n\nSi vous ne souhaitez plus recevoir de messages sur "
     "cette enquête : {optout_link}"},
    {"de", "invitation", "Ihre Sicht auf Microcredentials: Umfrage des Cedefop",
     "Guten Tag {name},\n\ndas Cedefop, die Agentur der EU für berufliche Bildung, untersucht die Rolle von "
     "Microcredentials beim Lernen für die Beschäftigung. Die Sicht Ihrer Organisation ist uns wichtig.\n\nDer "
     "Fragebogen dauert etwa 15 Minuten und ist bis {closing_date} geöffnet. Der Link ist persönlich; wenn Sie "
     "unterbrechen, erhalten Sie auf der Seite einen Link zurück zu Ihren Antworten.\n\n{link}\n\nVielen Dank für Ihre Zeit.\n\nDas "
     "Studienteam\n\nWenn Sie keine weiteren Nachrichten zu dieser Umfrage wünschen: {optout_link}"},
    {"de", "reminder", "Erinnerung: Die Cedefop-Umfrage zu Microcredentials endet am {closing_date}",
     "Guten Tag {name},\n\nvor einigen Wochen haben wir Sie zur Umfrage des Cedefop zu Microcredentials "
     "eingeladen. Falls Sie noch keine Zeit hatten: Der Fragebogen ist bis {closing_date} geöffnet und dauert etwa "
     "15 Minuten. Ihr persönlicher Link:\n\n{link}\n\nVielen "
     "Dank.\n\nDas Studienteam\n\nWenn Sie keine weiteren Nachrichten zu dieser Umfrage wünschen: {optout_link}"},
};

bool Known(std::string_view name) {
  return std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) != std::end(kPlaceholders);
}

// Calls text(piece) for literal text and field(name) for each {placeholder}; "{" without a known
// name after it is literal text.
template <typename Text, typename Field>
void Walk(std::string_view s, Text text, Field field) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t open = s.find('{', i);
    if (open == std::string_view::npos) break;
    std::size_t close = s.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = s.substr(open + 1, close - open - 1);
    if (!Known(name)) {
      text(s.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    text(s.substr(i, open - i));
    field(name);
    i = close + 1;
  }
  text(s.substr(i));
}

std::string Get(const std::map<std::string, std::string>& values, std::string_view name) {
  auto it = values.find(std::string(name));
  return it == values.end() ? "" : it->second;
}

}  // namespace

bool ValidKind(std::string_view kind) { return kind == "invitation" || kind == "reminder"; }

Template DefaultTemplate(std::string_view kind, std::string_view lang) {
  for (const auto& b : kBuiltins)
    if (kind == b.kind && lang == b.lang) return Template{b.subject, b.body};
  for (const auto& b : kBuiltins)
    if (kind == b.kind && std::string_view(b.lang) == "en") return Template{b.subject, b.body};
  return {};
}

std::vector<std::string> DefaultLanguages() { return {"en", "fr", "de"}; }

std::string CheckTemplate(const Template& t) {
  if (Trim(t.subject).empty()) return "the subject is empty";
  if (t.subject.find_first_of("\r\n") != std::string::npos) return "the subject must be one line";
  if (t.subject.size() > 500 || t.body.size() > 20000) return "the template is too long";
  if (!IsValidUtf8(t.subject) || !IsValidUtf8(t.body)) return "the template is not UTF-8 text";
  for (const std::string* s : {&t.subject, &t.body}) {
    for (std::size_t open = s->find('{'); open != std::string::npos; open = s->find('{', open + 1)) {
      std::size_t close = s->find('}', open);
      if (close == std::string::npos) break;
      std::string_view name = std::string_view(*s).substr(open + 1, close - open - 1);
      bool word = !name.empty() && name.size() < 40 &&
                  name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
      if (word && !Known(name))
        return "{" + std::string(name) + "} is not a placeholder (use {name}, {link}, {closing_date}, {optout_link})";
    }
  }
  if (t.body.find("{link}") == std::string::npos) return "the message has no {link}: the contact could not answer";
  return "";
}

Rendered Render(const Template& t, const std::map<std::string, std::string>& values, std::string_view lang) {
  Rendered r;
  Walk(
      t.subject, [&](std::string_view s) { r.subject += s; }, [&](std::string_view n) { r.subject += Get(values, n); });
  Walk(
      t.body, [&](std::string_view s) { r.text += s; }, [&](std::string_view n) { r.text += Get(values, n); });
  // HTML: the same walk, escaping literal text and values; blank lines make paragraphs.
  std::string html;
  Walk(
      t.body,
      [&](std::string_view s) {
        std::size_t i = 0;
        while (i <= s.size()) {
          std::size_t nl = s.find('\n', i);
          std::string_view piece = s.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
          AppendHtmlEscaped(html, piece);
          if (nl == std::string_view::npos) break;
          if (nl + 1 < s.size() && s[nl + 1] == '\n') {
            html += "</p>\n<p>";
            i = nl + 2;
            while (i < s.size() && s[i] == '\n') ++i;
          } else {
            html += "<br>\n";
            i = nl + 1;
          }
        }
      },
      [&](std::string_view n) {
        std::string v = Get(values, n);
        if ((n == "link" || n == "optout_link") && (v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0)) {
          html += "<a href=\"";
          AppendHtmlEscaped(html, v);
          html += "\">";
          AppendHtmlEscaped(html, v);
          html += "</a>";
        } else {
          AppendHtmlEscaped(html, v);
        }
      });
  r.html = "<!DOCTYPE html>\n<html lang=\"" + HtmlEscape(lang) +
           "\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(r.subject) + "</title></head>\n<body>\n<p>" + html +
           "</p>\n</body></html>\n";
  return r;
}

}  // namespace mcs::mail
