// The charts' own words on the public results page (session 11, exports3): a chart's accessible name
// said "(chart; the table below gives the numbers)" in English on every language's page. Kept apart
// from the other tables so that they grow without touching each other; i18n.cpp reads it. "en" adds
// the keys and their English texts. Written without a native speaker's review: the list to review
// is in notes/exports3.md.
#include <map>
#include <string>

#include "common/internal/i18n_table.h"

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& ChartTranslations() {
  // {0}: the chart's title (the question's label).
  static const std::map<std::string, Table, std::less<>> kTables = internal::MakeTables({
      {"en", {{"chart_label", "{0} (chart; the table below gives the numbers)"}}},
      {"bg", {{"chart_label", "{0} (диаграма; числата са в таблицата по-долу)"}}},
      {"cs", {{"chart_label", "{0} (graf; čísla uvádí tabulka níže)"}}},
      {"da", {{"chart_label", "{0} (diagram; tallene står i tabellen nedenfor)"}}},
      {"de", {{"chart_label", "{0} (Diagramm; die Zahlen stehen in der Tabelle darunter)"}}},
      {"el", {{"chart_label", "{0} (διάγραμμα· οι αριθμοί βρίσκονται στον πίνακα παρακάτω)"}}},
      {"es", {{"chart_label", "{0} (gráfico; las cifras figuran en la tabla siguiente)"}}},
      {"et", {{"chart_label", "{0} (diagramm; arvud on allolevas tabelis)"}}},
      {"fi", {{"chart_label", "{0} (kaavio; luvut ovat alla olevassa taulukossa)"}}},
      {"fr", {{"chart_label", "{0} (graphique ; les chiffres figurent dans le tableau ci-dessous)"}}},
      {"ga", {{"chart_label", "{0} (cairt; tá na figiúirí sa tábla thíos)"}}},
      {"hr", {{"chart_label", "{0} (grafikon; brojevi su u tablici ispod)"}}},
      {"hu", {{"chart_label", "{0} (diagram; a számok az alábbi táblázatban találhatók)"}}},
      {"it", {{"chart_label", "{0} (grafico; i numeri sono nella tabella sottostante)"}}},
      {"lt", {{"chart_label", "{0} (diagrama; skaičiai pateikti lentelėje žemiau)"}}},
      {"lv", {{"chart_label", "{0} (diagramma; skaitļi ir tabulā zemāk)"}}},
      {"mt", {{"chart_label", "{0} (graff; in-numri jinsabu fit-tabella ta’ taħt)"}}},
      {"nl", {{"chart_label", "{0} (grafiek; de aantallen staan in de tabel hieronder)"}}},
      {"pl", {{"chart_label", "{0} (wykres; liczby podano w tabeli poniżej)"}}},
      {"pt", {{"chart_label", "{0} (gráfico; os números constam do quadro abaixo)"}}},
      {"ro", {{"chart_label", "{0} (grafic; cifrele sunt în tabelul de mai jos)"}}},
      {"sk", {{"chart_label", "{0} (graf; čísla sú v tabuľke nižšie)"}}},
      {"sl", {{"chart_label", "{0} (grafikon; številke so v spodnji tabeli)"}}},
      {"sv", {{"chart_label", "{0} (diagram; siffrorna finns i tabellen nedan)"}}},
  });
  return kTables;
}

}  // namespace mcs::i18n
