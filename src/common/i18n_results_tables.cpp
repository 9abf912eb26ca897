// The public results page's words for a hidden count (session 10, audit2): every hidden count was
// marked "<5", which is false for a count hidden only so that the totals do not give a small one away
// (it holds 5 or more). Such counts are now marked "hidden", in every language; and a page with fewer
// completed responses than the threshold shows no table (its one total would give a single answer
// away). Kept apart from i18n_tables.cpp and i18n_page_tables.cpp so that the three grow without
// touching each other; i18n.cpp reads all three. "en" adds the keys and their English texts.
#include <map>
#include <string>

#include "common/internal/i18n_table.h"

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& ResultsTranslations() {
  static const std::map<std::string, Table, std::less<>> kTables = internal::MakeTables({
      {"en",
       {{"results_hidden", "hidden"},
        {"results_hidden_note",
         "To protect respondents, a count under {0} is not shown, nor any other count from which it could be worked "
         "out; such counts are marked “{1}”."},
        {"results_too_few", "No table is shown until the number of completed responses reaches {0}."}}},
      {"bg",
       {{"results_hidden", "скрито"},
        {"results_hidden_note",
         "За защита на респондентите брой под {0} не се показва, нито друг брой, от който би могъл да бъде изчислен; "
         "такива броеве са отбелязани като „{1}“."},
        {"results_too_few", "Таблици не се показват, докато броят на завършените отговори не достигне {0}."}}},
      {"cs",
       {{"results_hidden", "skryto"},
        {"results_hidden_note",
         "Na ochranu respondentů se počet nižší než {0} nezobrazuje, ani žádný jiný počet, z něhož by jej bylo možné "
         "dopočítat; takové počty jsou označeny „{1}“."},
        {"results_too_few", "Tabulky se nezobrazují, dokud počet dokončených odpovědí nedosáhne {0}."}}},
      {"da",
       {{"results_hidden", "skjult"},
        {"results_hidden_note",
         "For at beskytte respondenterne vises et antal under {0} ikke, og heller ikke et andet antal, som det kan "
         "udregnes ud fra; sådanne antal er markeret »{1}«."},
        {"results_too_few", "Der vises ingen tabeller, før antallet af fuldførte besvarelser når {0}."}}},
      {"de",
       {{"results_hidden", "ausgeblendet"},
        {"results_hidden_note",
         "Zum Schutz der Befragten wird eine Anzahl unter {0} nicht angezeigt, ebenso wenig eine andere Anzahl, aus "
         "der sie sich errechnen ließe; solche Anzahlen sind als „{1}“ markiert."},
        {"results_too_few",
         "Tabellen werden erst angezeigt, wenn die Zahl der abgeschlossenen Antworten {0} erreicht."}}},
      {"el",
       {{"results_hidden", "κρυφό"},
        {"results_hidden_note",
         "Για την προστασία των ερωτηθέντων, αριθμός μικρότερος από {0} δεν εμφανίζεται, ούτε άλλος αριθμός από τον "
         "οποίο θα μπορούσε να υπολογιστεί· οι αριθμοί αυτοί σημειώνονται «{1}»."},
        {"results_too_few",
         "Δεν εμφανίζονται πίνακες έως ότου ο αριθμός των ολοκληρωμένων απαντήσεων φτάσει τις {0}."}}},
      {"es",
       {{"results_hidden", "oculto"},
        {"results_hidden_note",
         "Para proteger a los encuestados, no se muestra un recuento inferior a {0}, ni ningún otro recuento a partir "
         "del cual pudiera calcularse; estos recuentos se marcan «{1}»."},
        {"results_too_few", "No se muestra ninguna tabla hasta que el número de respuestas completas llegue a {0}."}}},
      {"et",
       {{"results_hidden", "peidetud"},
        {"results_hidden_note",
         "Vastajate kaitseks ei näidata arvu, mis on väiksem kui {0}, ega ka muud arvu, mille põhjal seda saaks välja "
         "arvutada; sellised arvud on tähistatud „{1}“."},
        {"results_too_few", "Tabeleid ei näidata enne, kui lõpetatud vastuste arv jõuab {0}-ni."}}},
      {"fi",
       {{"results_hidden", "piilotettu"},
        {"results_hidden_note",
         "Vastaajien suojaamiseksi alle {0} lukumäärää ei näytetä, eikä muutakaan lukumäärää, josta sen voisi "
         "päätellä; tällaiset lukumäärät on merkitty ”{1}”."},
        {"results_too_few", "Taulukoita ei näytetä, ennen kuin valmiiden vastausten määrä on vähintään {0}."}}},
      {"fr",
       {{"results_hidden", "masqué"},
        {"results_hidden_note",
         "Pour protéger les répondants, un effectif inférieur à {0} n'est pas affiché, ni aucun autre effectif "
         "permettant de le retrouver ; ces effectifs sont notés « {1} »."},
        {"results_too_few",
         "Aucun tableau n'est affiché tant que le nombre de réponses complètes n'atteint pas {0}."}}},
      {"ga",
       {{"results_hidden", "i bhfolach"},
        {"results_hidden_note",
         "Chun na freagróirí a chosaint, ní thaispeántar líon faoi {0}, ná aon líon eile óna bhféadfaí é a oibriú "
         "amach; tá na líonta sin marcáilte “{1}”."},
        {"results_too_few",
         "Ní thaispeántar aon tábla go dtí go mbeidh líon na bhfreagraí críochnaithe {0} ar a laghad."}}},
      {"hr",
       {{"results_hidden", "skriveno"},
        {"results_hidden_note",
         "Radi zaštite ispitanika broj manji od {0} ne prikazuje se, kao ni bilo koji drugi broj iz kojeg bi se mogao "
         "izračunati; takvi su brojevi označeni „{1}”."},
        {"results_too_few", "Tablice se ne prikazuju dok broj dovršenih odgovora ne dosegne {0}."}}},
      {"hu",
       {{"results_hidden", "rejtett"},
        {"results_hidden_note",
         "A válaszadók védelmében a(z) {0} alatti darabszám nem jelenik meg, és más olyan darabszám sem, amelyből "
         "kiszámítható lenne; ezek jelölése „{1}”."},
        {"results_too_few",
         "Táblázat csak akkor jelenik meg, ha a befejezett válaszok száma eléri a(z) {0} értéket."}}},
      {"it",
       {{"results_hidden", "nascosto"},
        {"results_hidden_note",
         "Per proteggere i rispondenti, un conteggio inferiore a {0} non è mostrato, né alcun altro conteggio da cui "
         "si potrebbe ricavarlo; tali conteggi sono indicati con «{1}»."},
        {"results_too_few", "Nessuna tabella è mostrata finché il numero di risposte complete non raggiunge {0}."}}},
      {"lt",
       {{"results_hidden", "paslėpta"},
        {"results_hidden_note",
         "Siekiant apsaugoti respondentus, mažesnis nei {0} skaičius nerodomas, kaip ir joks kitas skaičius, iš kurio "
         "jį būtų galima apskaičiuoti; tokie skaičiai pažymėti „{1}“."},
        {"results_too_few", "Lentelės nerodomos, kol užbaigtų atsakymų skaičius nepasiekia {0}."}}},
      {"lv",
       {{"results_hidden", "slēpts"},
        {"results_hidden_note",
         "Lai aizsargātu respondentus, skaits, kas mazāks par {0}, netiek rādīts, kā arī neviens cits skaits, no kura "
         "to varētu aprēķināt; šādi skaiti ir atzīmēti ar “{1}”."},
        {"results_too_few", "Tabulas netiek rādītas, kamēr pabeigto atbilžu skaits nesasniedz {0}."}}},
      {"mt",
       {{"results_hidden", "moħbi"},
        {"results_hidden_note",
         "Biex jitħarsu r-rispondenti, għadd taħt {0} ma jintweriex, u lanqas xi għadd ieħor li minnu jista' "
         "jinħadem; għadd bħal dan huwa mmarkat “{1}”."},
        {"results_too_few", "L-ebda tabella ma tintwera sakemm in-numru ta' tweġibiet mimlija ma jilħaqx {0}."}}},
      {"nl",
       {{"results_hidden", "verborgen"},
        {"results_hidden_note",
         "Ter bescherming van de respondenten wordt een aantal onder {0} niet getoond, evenmin als een ander aantal "
         "waaruit het kan worden berekend; zulke aantallen zijn aangegeven als ‘{1}’."},
        {"results_too_few", "Er worden geen tabellen getoond totdat het aantal voltooide antwoorden {0} bereikt."}}},
      {"pl",
       {{"results_hidden", "ukryte"},
        {"results_hidden_note",
         "W celu ochrony respondentów liczba mniejsza niż {0} nie jest pokazywana, podobnie jak żadna inna liczba, z "
         "której można by ją obliczyć; takie liczby są oznaczone „{1}”."},
        {"results_too_few", "Tabele nie są pokazywane, dopóki liczba ukończonych odpowiedzi nie osiągnie {0}."}}},
      {"pt",
       {{"results_hidden", "oculto"},
        {"results_hidden_note",
         "Para proteger os inquiridos, uma contagem inferior a {0} não é apresentada, nem qualquer outra contagem a "
         "partir da qual possa ser calculada; estas contagens estão assinaladas «{1}»."},
        {"results_too_few", "Nenhuma tabela é apresentada enquanto o número de respostas completas não atingir {0}."}}},
      {"ro",
       {{"results_hidden", "ascuns"},
        {"results_hidden_note",
         "Pentru protecția respondenților, un număr mai mic de {0} nu este afișat, nici vreun alt număr din care ar "
         "putea fi calculat; astfel de numere sunt marcate „{1}”."},
        {"results_too_few", "Nu se afișează niciun tabel până când numărul de răspunsuri complete nu ajunge la {0}."}}},
      {"sk",
       {{"results_hidden", "skryté"},
        {"results_hidden_note",
         "Na ochranu respondentov sa počet nižší ako {0} nezobrazuje, ani žiadny iný počet, z ktorého by sa dal "
         "vypočítať; takéto počty sú označené „{1}“."},
        {"results_too_few", "Tabuľky sa nezobrazujú, kým počet dokončených odpovedí nedosiahne {0}."}}},
      {"sl",
       {{"results_hidden", "skrito"},
        {"results_hidden_note",
         "Zaradi zaščite anketirancev število, manjše od {0}, ni prikazano, prav tako ne nobeno drugo število, iz "
         "katerega bi ga bilo mogoče izračunati; takšna števila so označena „{1}“."},
        {"results_too_few", "Tabele se ne prikažejo, dokler število dokončanih odgovorov ne doseže {0}."}}},
      {"sv",
       {{"results_hidden", "dolt"},
        {"results_hidden_note",
         "För att skydda de svarande visas inte ett antal under {0}, och inte heller något annat antal som det skulle "
         "kunna räknas fram ur; sådana antal är markerade ”{1}”."},
        {"results_too_few", "Inga tabeller visas förrän antalet fullständiga svar når {0}."}}},
  });
  return kTables;
}

}  // namespace mcs::i18n
