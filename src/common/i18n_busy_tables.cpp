// The plain-text answers a visitor may get instead of a public page (session 11, i18n3): too many
// requests (429) and "cannot be made just now" (503) on the public results page, its PDF and the
// respondent's copy of answers were English on every language's page. Kept apart from the other
// tables so that they grow without touching each other; i18n.cpp reads it. "en" adds the keys and
// their English texts. Written without a native speaker's review: the list is in notes/i18n3.md.
#include <map>
#include <string>

#include "common/internal/i18n_table.h"

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& BusyTranslations() {
  static const std::map<std::string, Table, std::less<>> kTables = internal::MakeTables({
      {"en",
       {
           {"busy_too_many", "Too many requests: try again in a minute."},
           {"busy_unavailable", "This page cannot be shown just now: try again in a minute."},
           {"busy_pdf", "The PDF cannot be made just now: print the page from your browser instead."},
           {"busy_copy", "The copy cannot be made just now: try again in a minute."},
       }},
      {"bg",
       {
           {"busy_too_many", "Твърде много заявки: опитайте отново след минута."},
           {"busy_unavailable", "Тази страница не може да бъде показана в момента: опитайте отново след минута."},
           {"busy_pdf",
            "PDF файлът не може да бъде създаден в момента: вместо това отпечатайте страницата от браузъра."},
           {"busy_copy", "Копието не може да бъде създадено в момента: опитайте отново след минута."},
       }},
      {"cs",
       {
           {"busy_too_many", "Příliš mnoho požadavků: zkuste to znovu za minutu."},
           {"busy_unavailable", "Tuto stránku teď nelze zobrazit: zkuste to znovu za minutu."},
           {"busy_pdf", "PDF teď nelze vytvořit: vytiskněte místo toho stránku z prohlížeče."},
           {"busy_copy", "Kopii teď nelze vytvořit: zkuste to znovu za minutu."},
       }},
      {"da",
       {
           {"busy_too_many", "For mange forespørgsler: prøv igen om et minut."},
           {"busy_unavailable", "Siden kan ikke vises lige nu: prøv igen om et minut."},
           {"busy_pdf", "PDF-filen kan ikke laves lige nu: udskriv i stedet siden fra din browser."},
           {"busy_copy", "Kopien kan ikke laves lige nu: prøv igen om et minut."},
       }},
      {"de",
       {
           {"busy_too_many", "Zu viele Anfragen: Bitte versuchen Sie es in einer Minute erneut."},
           {"busy_unavailable",
            "Diese Seite kann gerade nicht angezeigt werden: Bitte versuchen Sie es in einer Minute erneut."},
           {"busy_pdf",
            "Das PDF kann gerade nicht erstellt werden: Drucken Sie die Seite stattdessen aus Ihrem Browser."},
           {"busy_copy", "Die Kopie kann gerade nicht erstellt werden: Bitte versuchen Sie es in einer Minute erneut."},
       }},
      {"el",
       {
           {"busy_too_many", "Πάρα πολλά αιτήματα: δοκιμάστε ξανά σε ένα λεπτό."},
           {"busy_unavailable", "Αυτή η σελίδα δεν μπορεί να εμφανιστεί αυτή τη στιγμή: δοκιμάστε ξανά σε ένα λεπτό."},
           {"busy_pdf",
            "Το PDF δεν μπορεί να δημιουργηθεί αυτή τη στιγμή: εκτυπώστε τη σελίδα από το πρόγραμμα περιήγησης."},
           {"busy_copy", "Το αντίγραφο δεν μπορεί να δημιουργηθεί αυτή τη στιγμή: δοκιμάστε ξανά σε ένα λεπτό."},
       }},
      {"es",
       {
           {"busy_too_many", "Demasiadas solicitudes: inténtelo de nuevo dentro de un minuto."},
           {"busy_unavailable",
            "Esta página no se puede mostrar en este momento: inténtelo de nuevo dentro de un minuto."},
           {"busy_pdf", "El PDF no se puede generar en este momento: imprima la página desde su navegador."},
           {"busy_copy", "La copia no se puede generar en este momento: inténtelo de nuevo dentro de un minuto."},
       }},
      {"et",
       {
           {"busy_too_many", "Liiga palju päringuid: proovige minuti pärast uuesti."},
           {"busy_unavailable", "Seda lehte ei saa praegu näidata: proovige minuti pärast uuesti."},
           {"busy_pdf", "PDF-i ei saa praegu koostada: printige leht hoopis brauserist."},
           {"busy_copy", "Koopiat ei saa praegu koostada: proovige minuti pärast uuesti."},
       }},
      {"fi",
       {
           {"busy_too_many", "Liian monta pyyntöä: yritä uudelleen minuutin kuluttua."},
           {"busy_unavailable", "Sivua ei voi näyttää juuri nyt: yritä uudelleen minuutin kuluttua."},
           {"busy_pdf", "PDF-tiedostoa ei voi tehdä juuri nyt: tulosta sivu sen sijaan selaimesta."},
           {"busy_copy", "Kopiota ei voi tehdä juuri nyt: yritä uudelleen minuutin kuluttua."},
       }},
      {"fr",
       {
           {"busy_too_many", "Trop de demandes : réessayez dans une minute."},
           {"busy_unavailable", "Cette page ne peut pas être affichée pour le moment : réessayez dans une minute."},
           {"busy_pdf",
            "Le PDF ne peut pas être créé pour le moment : imprimez plutôt la page depuis votre navigateur."},
           {"busy_copy", "La copie ne peut pas être créée pour le moment : réessayez dans une minute."},
       }},
      {"ga",
       {
           {"busy_too_many", "An iomarca iarratas: bain triail eile as i gceann nóiméid."},
           {"busy_unavailable",
            "Ní féidir an leathanach seo a thaispeáint faoi láthair: bain triail eile as i gceann nóiméid."},
           {"busy_pdf",
            "Ní féidir an PDF a dhéanamh faoi láthair: priontáil an leathanach ón mbrabhsálaí ina ionad sin."},
           {"busy_copy", "Ní féidir an chóip a dhéanamh faoi láthair: bain triail eile as i gceann nóiméid."},
       }},
      {"hr",
       {
           {"busy_too_many", "Previše zahtjeva: pokušajte ponovno za minutu."},
           {"busy_unavailable", "Ova se stranica trenutačno ne može prikazati: pokušajte ponovno za minutu."},
           {"busy_pdf", "PDF se trenutačno ne može izraditi: umjesto toga ispišite stranicu iz preglednika."},
           {"busy_copy", "Kopija se trenutačno ne može izraditi: pokušajte ponovno za minutu."},
       }},
      {"hu",
       {
           {"busy_too_many", "Túl sok kérés: próbálja újra egy perc múlva."},
           {"busy_unavailable", "Ez az oldal most nem jeleníthető meg: próbálja újra egy perc múlva."},
           {"busy_pdf", "A PDF most nem készíthető el: nyomtassa ki inkább az oldalt a böngészőből."},
           {"busy_copy", "A másolat most nem készíthető el: próbálja újra egy perc múlva."},
       }},
      {"it",
       {
           {"busy_too_many", "Troppe richieste: riprovi tra un minuto."},
           {"busy_unavailable", "Questa pagina non può essere mostrata in questo momento: riprovi tra un minuto."},
           {"busy_pdf", "Il PDF non può essere creato in questo momento: stampi invece la pagina dal browser."},
           {"busy_copy", "La copia non può essere creata in questo momento: riprovi tra un minuto."},
       }},
      {"lt",
       {
           {"busy_too_many", "Per daug užklausų: bandykite dar kartą po minutės."},
           {"busy_unavailable", "Šio puslapio šiuo metu negalima parodyti: bandykite dar kartą po minutės."},
           {"busy_pdf", "PDF šiuo metu negalima sukurti: verčiau atsispausdinkite puslapį iš naršyklės."},
           {"busy_copy", "Kopijos šiuo metu negalima sukurti: bandykite dar kartą po minutės."},
       }},
      {"lv",
       {
           {"busy_too_many", "Pārāk daudz pieprasījumu: mēģiniet vēlreiz pēc minūtes."},
           {"busy_unavailable", "Šo lapu pašlaik nevar parādīt: mēģiniet vēlreiz pēc minūtes."},
           {"busy_pdf", "PDF pašlaik nevar izveidot: tā vietā izdrukājiet lapu no pārlūkprogrammas."},
           {"busy_copy", "Kopiju pašlaik nevar izveidot: mēģiniet vēlreiz pēc minūtes."},
       }},
      {"mt",
       {
           {"busy_too_many", "Wisq talbiet: erġa' pprova wara minuta."},
           {"busy_unavailable", "Din il-paġna ma tistax tintwera bħalissa: erġa' pprova wara minuta."},
           {"busy_pdf", "Il-PDF ma jistax isir bħalissa: minflok, ipprintja l-paġna mill-browser."},
           {"busy_copy", "Il-kopja ma tistax issir bħalissa: erġa' pprova wara minuta."},
       }},
      {"nl",
       {
           {"busy_too_many", "Te veel verzoeken: probeer het over een minuut opnieuw."},
           {"busy_unavailable", "Deze pagina kan nu niet worden getoond: probeer het over een minuut opnieuw."},
           {"busy_pdf", "De pdf kan nu niet worden gemaakt: druk de pagina in plaats daarvan af vanuit uw browser."},
           {"busy_copy", "De kopie kan nu niet worden gemaakt: probeer het over een minuut opnieuw."},
       }},
      {"pl",
       {
           {"busy_too_many", "Zbyt wiele żądań: prosimy spróbować ponownie za minutę."},
           {"busy_unavailable", "Tej strony nie można teraz wyświetlić: prosimy spróbować ponownie za minutę."},
           {"busy_pdf", "Nie można teraz utworzyć pliku PDF: prosimy wydrukować stronę bezpośrednio z przeglądarki."},
           {"busy_copy", "Nie można teraz utworzyć kopii: prosimy spróbować ponownie za minutę."},
       }},
      {"pt",
       {
           {"busy_too_many", "Demasiados pedidos: tente novamente dentro de um minuto."},
           {"busy_unavailable",
            "Esta página não pode ser apresentada neste momento: tente novamente dentro de um minuto."},
           {"busy_pdf", "Não é possível criar o PDF neste momento: imprima a página a partir do navegador."},
           {"busy_copy", "Não é possível criar a cópia neste momento: tente novamente dentro de um minuto."},
       }},
      {"ro",
       {
           {"busy_too_many", "Prea multe cereri: încercați din nou peste un minut."},
           {"busy_unavailable", "Această pagină nu poate fi afișată acum: încercați din nou peste un minut."},
           {"busy_pdf", "PDF-ul nu poate fi generat acum: tipăriți în schimb pagina din browser."},
           {"busy_copy", "Copia nu poate fi generată acum: încercați din nou peste un minut."},
       }},
      {"sk",
       {
           {"busy_too_many", "Príliš veľa požiadaviek: skúste to znova o minútu."},
           {"busy_unavailable", "Túto stránku teraz nemožno zobraziť: skúste to znova o minútu."},
           {"busy_pdf", "PDF teraz nemožno vytvoriť: vytlačte namiesto toho stránku z prehliadača."},
           {"busy_copy", "Kópiu teraz nemožno vytvoriť: skúste to znova o minútu."},
       }},
      {"sl",
       {
           {"busy_too_many", "Preveč zahtev: poskusite znova čez minuto."},
           {"busy_unavailable", "Te strani trenutno ni mogoče prikazati: poskusite znova čez minuto."},
           {"busy_pdf", "PDF-ja trenutno ni mogoče izdelati: namesto tega natisnite stran iz brskalnika."},
           {"busy_copy", "Kopije trenutno ni mogoče izdelati: poskusite znova čez minuto."},
       }},
      {"sv",
       {
           {"busy_too_many", "För många förfrågningar: försök igen om en minut."},
           {"busy_unavailable", "Sidan kan inte visas just nu: försök igen om en minut."},
           {"busy_pdf", "PDF-filen kan inte skapas just nu: skriv i stället ut sidan från webbläsaren."},
           {"busy_copy", "Kopian kan inte skapas just nu: försök igen om en minut."},
       }},
  });
  return kTables;
}

}  // namespace mcs::i18n
