// The words of the refusals a respondent may get before any page handles the request (session 12,
// i18n4; web/refusal.h): a body too large (413), a request that cannot be read (400), headers too
// large (431), too many connections (503, with a counted "try again in N seconds" written as an ICU
// plural: CLDR's categories per language, FormatCount), a method an address does not take (405), a
// failed handler (500). Kept apart from the other tables so that they grow without touching each
// other; i18n.cpp reads it. "en" adds the keys and their English texts. Written without a native
// speaker's review: the list is in notes/i18n4.md.
#include <map>
#include <string>

#include "common/internal/i18n_table.h"

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& RefusalTranslations() {
  static const std::map<std::string, Table, std::less<>> kTables = internal::MakeTables({
      {"en",
       {
           {"refusal_too_large",
            "What was sent is too large for this site. Go back, shorten your answers and try again."},
           {"refusal_bad_request",
            "This site could not read what your browser sent. Go back, reload the page and try again."},
           {"refusal_headers_too_large",
            "Your browser sent too much with its request, often too many cookies. Delete this site's cookies and try "
            "again."},
           {"refusal_busy", "Too many people are connected right now."},
           {"refusal_retry", "{0, plural, one {Try again in # second.} other {Try again in # seconds.}}"},
           {"refusal_method",
            "This page cannot be used in this way. Go back and use the page's own links and buttons."},
           {"refusal_error", "Something went wrong on our side. Try again in a moment."},
       }},
      {"bg",
       {
           {"refusal_too_large",
            "Изпратеното е твърде голямо за този сайт. Върнете се назад, съкратете отговорите си и опитайте отново."},
           {"refusal_bad_request",
            "Този сайт не можа да прочете изпратеното от браузъра Ви. Върнете се назад, презаредете страницата и "
            "опитайте отново."},
           {"refusal_headers_too_large",
            "Браузърът Ви изпрати твърде много данни със заявката, често твърде много бисквитки. Изтрийте бисквитките "
            "на този сайт и опитайте отново."},
           {"refusal_busy", "В момента са свързани твърде много хора."},
           {"refusal_retry",
            "{0, plural, one {Опитайте отново след # секунда.} other {Опитайте отново след # секунди.}}"},
           {"refusal_method",
            "Тази страница не може да се използва по този начин. Върнете се назад и използвайте връзките и бутоните на "
            "страницата."},
           {"refusal_error", "Възникна грешка от наша страна. Опитайте отново след малко."},
       }},
      {"cs",
       {
           {"refusal_too_large",
            "Odeslaná data jsou pro tento web příliš velká. Vraťte se zpět, zkraťte své odpovědi a zkuste to znovu."},
           {"refusal_bad_request",
            "Tento web nedokázal přečíst, co váš prohlížeč odeslal. Vraťte se zpět, načtěte stránku znovu a zkuste to "
            "znovu."},
           {"refusal_headers_too_large",
            "Váš prohlížeč odeslal s požadavkem příliš mnoho dat, často příliš mnoho souborů cookie. Smažte soubory "
            "cookie tohoto webu a zkuste to znovu."},
           {"refusal_busy", "Právě je připojeno příliš mnoho lidí."},
           {"refusal_retry",
            "{0, plural, one {Zkuste to znovu za # sekundu.} few {Zkuste to znovu za # sekundy.} many {Zkuste to znovu "
            "za # sekundy.} other {Zkuste to znovu za # sekund.}}"},
           {"refusal_method",
            "Tuto stránku nelze použít tímto způsobem. Vraťte se zpět a použijte odkazy a tlačítka na stránce."},
           {"refusal_error", "Na naší straně došlo k chybě. Zkuste to za chvíli znovu."},
       }},
      {"da",
       {
           {"refusal_too_large",
            "Det sendte er for stort til dette websted. Gå tilbage, gør dine svar kortere, og prøv igen."},
           {"refusal_bad_request",
            "Dette websted kunne ikke læse det, din browser sendte. Gå tilbage, genindlæs siden, og prøv igen."},
           {"refusal_headers_too_large",
            "Din browser sendte for meget med sin forespørgsel, ofte for mange cookies. Slet dette websteds cookies, "
            "og prøv igen."},
           {"refusal_busy", "Der er for mange forbundet lige nu."},
           {"refusal_retry", "{0, plural, one {Prøv igen om # sekund.} other {Prøv igen om # sekunder.}}"},
           {"refusal_method",
            "Denne side kan ikke bruges på denne måde. Gå tilbage, og brug sidens egne links og knapper."},
           {"refusal_error", "Der opstod en fejl hos os. Prøv igen om et øjeblik."},
       }},
      {"de",
       {
           {"refusal_too_large",
            "Die gesendeten Daten sind zu groß für diese Website. Gehen Sie zurück, kürzen Sie Ihre Antworten und "
            "versuchen Sie es erneut."},
           {"refusal_bad_request",
            "Diese Website konnte nicht lesen, was Ihr Browser gesendet hat. Gehen Sie zurück, laden Sie die Seite neu "
            "und versuchen Sie es erneut."},
           {"refusal_headers_too_large",
            "Ihr Browser hat mit seiner Anfrage zu viele Daten gesendet, oft zu viele Cookies. Löschen Sie die Cookies "
            "dieser Website und versuchen Sie es erneut."},
           {"refusal_busy", "Im Moment sind zu viele Personen verbunden."},
           {"refusal_retry",
            "{0, plural, one {Versuchen Sie es in # Sekunde erneut.} other {Versuchen Sie es in # Sekunden erneut.}}"},
           {"refusal_method",
            "Diese Seite kann so nicht verwendet werden. Gehen Sie zurück und verwenden Sie die Links und "
            "Schaltflächen der Seite."},
           {"refusal_error", "Bei uns ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal."},
       }},
      {"el",
       {
           {"refusal_too_large",
            "Αυτό που στάλθηκε είναι πολύ μεγάλο για αυτόν τον ιστότοπο. Επιστρέψτε, συντομεύστε τις απαντήσεις σας "
            "και δοκιμάστε ξανά."},
           {"refusal_bad_request",
            "Ο ιστότοπος δεν μπόρεσε να διαβάσει ό,τι έστειλε το πρόγραμμα περιήγησής σας. Επιστρέψτε, φορτώστε ξανά "
            "τη σελίδα και δοκιμάστε ξανά."},
           {"refusal_headers_too_large",
            "Το πρόγραμμα περιήγησής σας έστειλε πάρα πολλά δεδομένα με το αίτημα, συχνά πάρα πολλά cookies. Διαγράψτε "
            "τα cookies αυτού του ιστότοπου και δοκιμάστε ξανά."},
           {"refusal_busy", "Πάρα πολλά άτομα είναι συνδεδεμένα αυτή τη στιγμή."},
           {"refusal_retry",
            "{0, plural, one {Δοκιμάστε ξανά σε # δευτερόλεπτο.} other {Δοκιμάστε ξανά σε # δευτερόλεπτα.}}"},
           {"refusal_method",
            "Αυτή η σελίδα δεν μπορεί να χρησιμοποιηθεί με αυτόν τον τρόπο. Επιστρέψτε και χρησιμοποιήστε τους "
            "συνδέσμους και τα κουμπιά της σελίδας."},
           {"refusal_error", "Παρουσιάστηκε σφάλμα από την πλευρά μας. Δοκιμάστε ξανά σε λίγο."},
       }},
      {"es",
       {
           {"refusal_too_large",
            "Lo enviado es demasiado grande para este sitio. Vuelva atrás, acorte sus respuestas e inténtelo de "
            "nuevo."},
           {"refusal_bad_request",
            "Este sitio no ha podido leer lo que envió su navegador. Vuelva atrás, recargue la página e inténtelo de "
            "nuevo."},
           {"refusal_headers_too_large",
            "Su navegador envió demasiados datos con la solicitud, a menudo demasiadas cookies. Borre las cookies de "
            "este sitio e inténtelo de nuevo."},
           {"refusal_busy", "En este momento hay demasiadas personas conectadas."},
           {"refusal_retry",
            "{0, plural, one {Inténtelo de nuevo dentro de # segundo.} many {Inténtelo de nuevo dentro de # de "
            "segundos.} other {Inténtelo de nuevo dentro de # segundos.}}"},
           {"refusal_method",
            "Esta página no se puede usar de esta manera. Vuelva atrás y utilice los enlaces y botones de la página."},
           {"refusal_error", "Se ha producido un error por nuestra parte. Inténtelo de nuevo en un momento."},
       }},
      {"et",
       {
           {"refusal_too_large",
            "Saadetu on selle saidi jaoks liiga suur. Minge tagasi, lühendage oma vastuseid ja proovige uuesti."},
           {"refusal_bad_request",
            "See sait ei suutnud lugeda, mida teie brauser saatis. Minge tagasi, laadige leht uuesti ja proovige "
            "uuesti."},
           {"refusal_headers_too_large",
            "Teie brauser saatis päringuga liiga palju andmeid, sageli liiga palju küpsiseid. Kustutage selle saidi "
            "küpsised ja proovige uuesti."},
           {"refusal_busy", "Praegu on ühendatud liiga palju inimesi."},
           {"refusal_retry",
            "{0, plural, one {Proovige uuesti # sekundi pärast.} other {Proovige uuesti # sekundi pärast.}}"},
           {"refusal_method", "Seda lehte ei saa nii kasutada. Minge tagasi ja kasutage lehe enda linke ja nuppe."},
           {"refusal_error", "Meie poolel tekkis viga. Proovige hetke pärast uuesti."},
       }},
      {"fi",
       {
           {"refusal_too_large",
            "Lähetetty tieto on liian suuri tälle sivustolle. Palaa takaisin, lyhennä vastauksiasi ja yritä "
            "uudelleen."},
           {"refusal_bad_request",
            "Sivusto ei pystynyt lukemaan selaimesi lähettämää pyyntöä. Palaa takaisin, lataa sivu uudelleen ja yritä "
            "uudelleen."},
           {"refusal_headers_too_large",
            "Selaimesi lähetti pyynnön mukana liikaa tietoa, usein liikaa evästeitä. Poista tämän sivuston evästeet ja "
            "yritä uudelleen."},
           {"refusal_busy", "Juuri nyt yhteydessä on liian monta ihmistä."},
           {"refusal_retry",
            "{0, plural, one {Yritä uudelleen # sekunnin kuluttua.} other {Yritä uudelleen # sekunnin kuluttua.}}"},
           {"refusal_method",
            "Tätä sivua ei voi käyttää näin. Palaa takaisin ja käytä sivun omia linkkejä ja painikkeita."},
           {"refusal_error", "Meillä tapahtui virhe. Yritä hetken kuluttua uudelleen."},
       }},
      {"fr",
       {
           {"refusal_too_large",
            "Ce qui a été envoyé est trop volumineux pour ce site. Revenez en arrière, raccourcissez vos réponses et "
            "réessayez."},
           {"refusal_bad_request",
            "Ce site n'a pas pu lire ce que votre navigateur a envoyé. Revenez en arrière, rechargez la page et "
            "réessayez."},
           {"refusal_headers_too_large",
            "Votre navigateur a envoyé trop de données avec sa demande, souvent trop de cookies. Supprimez les cookies "
            "de ce site et réessayez."},
           {"refusal_busy", "Trop de personnes sont connectées en ce moment."},
           {"refusal_retry",
            "{0, plural, one {Réessayez dans # seconde.} many {Réessayez dans # de secondes.} other {Réessayez dans # "
            "secondes.}}"},
           {"refusal_method",
            "Cette page ne peut pas être utilisée de cette façon. Revenez en arrière et utilisez les liens et boutons "
            "de la page."},
           {"refusal_error", "Un problème est survenu de notre côté. Réessayez dans un instant."},
       }},
      {"ga",
       {
           {"refusal_too_large",
            "Tá an méid a seoladh rómhór don suíomh seo. Téigh siar, giorraigh do chuid freagraí agus bain triail eile "
            "as."},
           {"refusal_bad_request",
            "Níorbh fhéidir leis an suíomh seo an méid a sheol do bhrabhsálaí a léamh. Téigh siar, athlódáil an "
            "leathanach agus bain triail eile as."},
           {"refusal_headers_too_large",
            "Sheol do bhrabhsálaí an iomarca leis an iarratas, go minic an iomarca fianán. Scrios fianáin an tsuímh "
            "seo agus bain triail eile as."},
           {"refusal_busy", "Tá an iomarca daoine ceangailte faoi láthair."},
           {"refusal_retry",
            "{0, plural, one {Bain triail eile as i gceann # soicind.} two {Bain triail eile as i gceann # shoicind.} "
            "few {Bain triail eile as i gceann # shoicind.} many {Bain triail eile as i gceann # soicind.} other {Bain "
            "triail eile as i gceann # soicind.}}"},
           {"refusal_method",
            "Ní féidir an leathanach seo a úsáid ar an mbealach seo. Téigh siar agus úsáid naisc agus cnaipí an "
            "leathanaigh féin."},
           {"refusal_error", "Tharla earráid ar ár dtaobh. Bain triail eile as i gceann nóiméid."},
       }},
      {"hr",
       {
           {"refusal_too_large",
            "Poslani sadržaj prevelik je za ovu stranicu. Vratite se, skratite odgovore i pokušajte ponovno."},
           {"refusal_bad_request",
            "Ova stranica nije mogla pročitati ono što je poslao vaš preglednik. Vratite se, ponovno učitajte stranicu "
            "i pokušajte ponovno."},
           {"refusal_headers_too_large",
            "Vaš je preglednik uz zahtjev poslao previše podataka, često previše kolačića. Izbrišite kolačiće ove "
            "stranice i pokušajte ponovno."},
           {"refusal_busy", "Trenutačno je povezano previše ljudi."},
           {"refusal_retry",
            "{0, plural, one {Pokušajte ponovno za # sekundu.} few {Pokušajte ponovno za # sekunde.} other {Pokušajte "
            "ponovno za # sekundi.}}"},
           {"refusal_method",
            "Ova se stranica ne može upotrebljavati na taj način. Vratite se i upotrijebite poveznice i gumbe na "
            "stranici."},
           {"refusal_error", "Došlo je do pogreške na našoj strani. Pokušajte ponovno za trenutak."},
       }},
      {"hu",
       {
           {"refusal_too_large",
            "Az elküldött adat túl nagy ehhez a webhelyhez. Lépjen vissza, rövidítse le a válaszait, és próbálja "
            "újra."},
           {"refusal_bad_request",
            "A webhely nem tudta értelmezni, amit a böngészője küldött. Lépjen vissza, töltse be újra az oldalt, és "
            "próbálja újra."},
           {"refusal_headers_too_large",
            "A böngészője túl sok adatot küldött a kéréssel, gyakran túl sok sütit. Törölje a webhely sütijeit, és "
            "próbálja újra."},
           {"refusal_busy", "Jelenleg túl sokan kapcsolódnak."},
           {"refusal_retry",
            "{0, plural, one {Próbálja újra # másodperc múlva.} other {Próbálja újra # másodperc múlva.}}"},
           {"refusal_method",
            "Ez az oldal így nem használható. Lépjen vissza, és használja az oldal saját hivatkozásait és gombjait."},
           {"refusal_error", "Hiba történt a mi oldalunkon. Próbálja újra egy pillanat múlva."},
       }},
      {"it",
       {
           {"refusal_too_large",
            "Quanto inviato è troppo grande per questo sito. Torni indietro, accorci le risposte e riprovi."},
           {"refusal_bad_request",
            "Questo sito non è riuscito a leggere ciò che il suo browser ha inviato. Torni indietro, ricarichi la "
            "pagina e riprovi."},
           {"refusal_headers_too_large",
            "Il suo browser ha inviato troppi dati con la richiesta, spesso troppi cookie. Cancelli i cookie di questo "
            "sito e riprovi."},
           {"refusal_busy", "In questo momento sono connesse troppe persone."},
           {"refusal_retry",
            "{0, plural, one {Riprovi tra # secondo.} many {Riprovi tra # di secondi.} other {Riprovi tra # "
            "secondi.}}"},
           {"refusal_method",
            "Questa pagina non può essere usata in questo modo. Torni indietro e usi i link e i pulsanti della "
            "pagina."},
           {"refusal_error", "Si è verificato un errore da parte nostra. Riprovi tra un momento."},
       }},
      {"lt",
       {
           {"refusal_too_large",
            "Išsiųsti duomenys šiai svetainei per dideli. Grįžkite atgal, sutrumpinkite atsakymus ir bandykite dar "
            "kartą."},
           {"refusal_bad_request",
            "Ši svetainė negalėjo perskaityti to, ką atsiuntė Jūsų naršyklė. Grįžkite atgal, iš naujo įkelkite puslapį "
            "ir bandykite dar kartą."},
           {"refusal_headers_too_large",
            "Jūsų naršyklė su užklausa atsiuntė per daug duomenų, dažnai per daug slapukų. Ištrinkite šios svetainės "
            "slapukus ir bandykite dar kartą."},
           {"refusal_busy", "Šiuo metu prisijungę per daug žmonių."},
           {"refusal_retry",
            "{0, plural, one {Bandykite dar kartą po # sekundės.} few {Bandykite dar kartą po # sekundžių.} many "
            "{Bandykite dar kartą po # sekundės.} other {Bandykite dar kartą po # sekundžių.}}"},
           {"refusal_method",
            "Šio puslapio negalima naudoti tokiu būdu. Grįžkite atgal ir naudokite puslapio nuorodas bei mygtukus."},
           {"refusal_error", "Mūsų pusėje įvyko klaida. Bandykite dar kartą po akimirkos."},
       }},
      {"lv",
       {
           {"refusal_too_large",
            "Nosūtītie dati šai vietnei ir pārāk lieli. Atgriezieties, saīsiniet savas atbildes un mēģiniet vēlreiz."},
           {"refusal_bad_request",
            "Šī vietne nevarēja nolasīt to, ko nosūtīja jūsu pārlūkprogramma. Atgriezieties, pārlādējiet lapu un "
            "mēģiniet vēlreiz."},
           {"refusal_headers_too_large",
            "Jūsu pārlūkprogramma kopā ar pieprasījumu nosūtīja pārāk daudz datu, bieži pārāk daudz sīkfailu. "
            "Izdzēsiet šīs vietnes sīkfailus un mēģiniet vēlreiz."},
           {"refusal_busy", "Pašlaik ir pieslēgušies pārāk daudz cilvēku."},
           {"refusal_retry",
            "{0, plural, zero {Mēģiniet vēlreiz pēc # sekundēm.} one {Mēģiniet vēlreiz pēc # sekundes.} other "
            "{Mēģiniet vēlreiz pēc # sekundēm.}}"},
           {"refusal_method", "Šo lapu nevar izmantot šādā veidā. Atgriezieties un izmantojiet lapas saites un pogas."},
           {"refusal_error", "Mūsu pusē radās kļūda. Mēģiniet vēlreiz pēc brīža."},
       }},
      {"mt",
       {
           {"refusal_too_large",
            "Dak li ntbagħat huwa kbir wisq għal dan is-sit. Mur lura, qassar it-tweġibiet tiegħek u erġa' pprova."},
           {"refusal_bad_request",
            "Dan is-sit ma setax jaqra dak li bagħat il-browser tiegħek. Mur lura, erġa' tella' l-paġna u erġa' "
            "pprova."},
           {"refusal_headers_too_large",
            "Il-browser tiegħek bagħat wisq mat-talba, ta' spiss wisq cookies. Ħassar il-cookies ta' dan is-sit u "
            "erġa' pprova."},
           {"refusal_busy", "Bħalissa hemm wisq nies konnessi."},
           {"refusal_retry",
            "{0, plural, one {Erġa' pprova wara # sekonda.} two {Erġa' pprova wara # sekondi.} few {Erġa' pprova wara "
            "# sekondi.} many {Erġa' pprova wara # sekonda.} other {Erġa' pprova wara # sekonda.}}"},
           {"refusal_method",
            "Din il-paġna ma tistax tintuża b'dan il-mod. Mur lura u uża l-links u l-buttuni tal-paġna."},
           {"refusal_error", "Inqalgħet problema min-naħa tagħna. Erġa' pprova fi ftit ħin."},
       }},
      {"nl",
       {
           {"refusal_too_large",
            "Wat is verzonden, is te groot voor deze website. Ga terug, maak uw antwoorden korter en probeer het "
            "opnieuw."},
           {"refusal_bad_request",
            "Deze website kon niet lezen wat uw browser heeft verzonden. Ga terug, laad de pagina opnieuw en probeer "
            "het opnieuw."},
           {"refusal_headers_too_large",
            "Uw browser heeft te veel gegevens met het verzoek meegestuurd, vaak te veel cookies. Verwijder de cookies "
            "van deze website en probeer het opnieuw."},
           {"refusal_busy", "Er zijn op dit moment te veel mensen verbonden."},
           {"refusal_retry",
            "{0, plural, one {Probeer het over # seconde opnieuw.} other {Probeer het over # seconden opnieuw.}}"},
           {"refusal_method",
            "Deze pagina kan niet op deze manier worden gebruikt. Ga terug en gebruik de links en knoppen van de "
            "pagina."},
           {"refusal_error", "Er is bij ons iets misgegaan. Probeer het zo meteen opnieuw."},
       }},
      {"pl",
       {
           {"refusal_too_large",
            "Wysłane dane są zbyt duże dla tej strony. Prosimy wrócić, skrócić odpowiedzi i spróbować ponownie."},
           {"refusal_bad_request",
            "Ta strona nie mogła odczytać tego, co wysłała przeglądarka. Prosimy wrócić, odświeżyć stronę i spróbować "
            "ponownie."},
           {"refusal_headers_too_large",
            "Przeglądarka wysłała wraz z żądaniem zbyt wiele danych, często zbyt wiele plików cookie. Prosimy usunąć "
            "pliki cookie tej strony i spróbować ponownie."},
           {"refusal_busy", "W tej chwili połączonych jest zbyt wiele osób."},
           {"refusal_retry",
            "{0, plural, one {Prosimy spróbować ponownie za # sekundę.} few {Prosimy spróbować ponownie za # sekundy.} "
            "many {Prosimy spróbować ponownie za # sekund.} other {Prosimy spróbować ponownie za # sekundy.}}"},
           {"refusal_method",
            "Tej strony nie można używać w ten sposób. Prosimy wrócić i użyć linków i przycisków na stronie."},
           {"refusal_error", "Wystąpił błąd po naszej stronie. Prosimy spróbować ponownie za chwilę."},
       }},
      {"pt",
       {
           {"refusal_too_large",
            "O que foi enviado é demasiado grande para este sítio. Volte atrás, encurte as suas respostas e tente "
            "novamente."},
           {"refusal_bad_request",
            "Este sítio não conseguiu ler o que o seu navegador enviou. Volte atrás, recarregue a página e tente "
            "novamente."},
           {"refusal_headers_too_large",
            "O seu navegador enviou demasiados dados com o pedido, muitas vezes demasiados cookies. Apague os cookies "
            "deste sítio e tente novamente."},
           {"refusal_busy", "Neste momento há demasiadas pessoas ligadas."},
           {"refusal_retry",
            "{0, plural, one {Tente novamente dentro de # segundo.} many {Tente novamente dentro de # de segundos.} "
            "other {Tente novamente dentro de # segundos.}}"},
           {"refusal_method",
            "Esta página não pode ser utilizada desta forma. Volte atrás e utilize as ligações e os botões da página."},
           {"refusal_error", "Ocorreu um erro do nosso lado. Tente novamente dentro de momentos."},
       }},
      {"ro",
       {
           {"refusal_too_large",
            "Ceea ce s-a trimis este prea mare pentru acest site. Reveniți, scurtați răspunsurile și încercați din "
            "nou."},
           {"refusal_bad_request",
            "Acest site nu a putut citi ce a trimis browserul dumneavoastră. Reveniți, reîncărcați pagina și încercați "
            "din nou."},
           {"refusal_headers_too_large",
            "Browserul dumneavoastră a trimis prea multe date cu cererea, adesea prea multe cookie-uri. Ștergeți "
            "cookie-urile acestui site și încercați din nou."},
           {"refusal_busy", "În acest moment sunt conectate prea multe persoane."},
           {"refusal_retry",
            "{0, plural, one {Încercați din nou peste # secundă.} few {Încercați din nou peste # secunde.} other "
            "{Încercați din nou peste # de secunde.}}"},
           {"refusal_method",
            "Această pagină nu poate fi folosită în acest mod. Reveniți și folosiți linkurile și butoanele paginii."},
           {"refusal_error", "A apărut o eroare din partea noastră. Încercați din nou peste câteva momente."},
       }},
      {"sk",
       {
           {"refusal_too_large",
            "Odoslané údaje sú pre túto stránku príliš veľké. Vráťte sa späť, skráťte svoje odpovede a skúste to "
            "znova."},
           {"refusal_bad_request",
            "Táto stránka nedokázala prečítať, čo odoslal váš prehliadač. Vráťte sa späť, znova načítajte stránku a "
            "skúste to znova."},
           {"refusal_headers_too_large",
            "Váš prehliadač odoslal s požiadavkou príliš veľa údajov, často príliš veľa súborov cookie. Vymažte súbory "
            "cookie tejto stránky a skúste to znova."},
           {"refusal_busy", "Práve je pripojených príliš veľa ľudí."},
           {"refusal_retry",
            "{0, plural, one {Skúste to znova o # sekundu.} few {Skúste to znova o # sekundy.} many {Skúste to znova o "
            "# sekundy.} other {Skúste to znova o # sekúnd.}}"},
           {"refusal_method",
            "Túto stránku nemožno použiť týmto spôsobom. Vráťte sa späť a použite odkazy a tlačidlá na stránke."},
           {"refusal_error", "Na našej strane nastala chyba. Skúste to o chvíľu znova."},
       }},
      {"sl",
       {
           {"refusal_too_large",
            "Poslani podatki so za to spletno mesto preveliki. Vrnite se, skrajšajte odgovore in poskusite znova."},
           {"refusal_bad_request",
            "To spletno mesto ni moglo prebrati tega, kar je poslal vaš brskalnik. Vrnite se, znova naložite stran in "
            "poskusite znova."},
           {"refusal_headers_too_large",
            "Vaš brskalnik je z zahtevo poslal preveč podatkov, pogosto preveč piškotkov. Izbrišite piškotke tega "
            "spletnega mesta in poskusite znova."},
           {"refusal_busy", "Trenutno je povezanih preveč ljudi."},
           {"refusal_retry",
            "{0, plural, one {Poskusite znova čez # sekundo.} two {Poskusite znova čez # sekundi.} few {Poskusite "
            "znova čez # sekunde.} other {Poskusite znova čez # sekund.}}"},
           {"refusal_method",
            "Te strani ni mogoče uporabiti na ta način. Vrnite se in uporabite povezave in gumbe na strani."},
           {"refusal_error", "Pri nas je prišlo do napake. Poskusite znova čez trenutek."},
       }},
      {"sv",
       {
           {"refusal_too_large",
            "Det som skickades är för stort för den här webbplatsen. Gå tillbaka, korta dina svar och försök igen."},
           {"refusal_bad_request",
            "Webbplatsen kunde inte läsa det som din webbläsare skickade. Gå tillbaka, ladda om sidan och försök "
            "igen."},
           {"refusal_headers_too_large",
            "Din webbläsare skickade för mycket med förfrågan, ofta för många kakor. Radera den här webbplatsens kakor "
            "och försök igen."},
           {"refusal_busy", "För många personer är anslutna just nu."},
           {"refusal_retry", "{0, plural, one {Försök igen om # sekund.} other {Försök igen om # sekunder.}}"},
           {"refusal_method",
            "Den här sidan kan inte användas på det här sättet. Gå tillbaka och använd sidans länkar och knappar."},
           {"refusal_error", "Något gick fel hos oss. Försök igen om en liten stund."},
       }},
  });
  return kTables;
}

}  // namespace mcs::i18n
