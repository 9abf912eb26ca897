// More of the interface's texts (issue 24): the pages around a questionnaire that were English only
// (deleting one's own answers, the default privacy notice, opting out of the e-mails, a refused page
// post). Kept apart from i18n_tables.cpp so that the two grow without touching each other; i18n.cpp
// reads both. "en" here adds English reference texts (and keys) to English() in i18n.cpp.
#include <map>
#include <string>

#include "common/internal/i18n_table.h"

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& PageTranslations() {
  static const std::map<std::string, Table, std::less<>> kTables = internal::MakeTables({
      {"en",
       {
           {"closed_on", "It closed on {0}."},  // the closed page: when (the study's zone, common/timezone.h)
           {"delete_button", "Delete my answers"},
           {"delete_title", "Delete your answers?"},
           {"delete_text",
            "Your answers so far will be deleted for good. Nobody, including the study team, can bring them back, and "
            "this link will stop working."},
           {"delete_go_back", "No, go back to the questionnaire"},
           {"delete_sent_title", "Your response has been sent"},
           {"delete_sent_text",
            "A sent response can no longer be deleted with this link. To have it erased, write to the study team (see "
            "the privacy notice)."},
           {"delete_gone_title", "Nothing to delete"},
           {"delete_gone_text",
            "This link leads to no response in progress: it was deleted, or it is not a resume link."},
           {"delete_failed_text", "Your answers could not be deleted just now. Please try again in a moment."},
           {"delete_done_title", "Your answers have been deleted"},
           {"delete_done_text", "Nothing of this response is kept. Thank you."},
           {"privacy_default",
            "This survey stores your answers with the language you chose and the times you started, saved and sent "
            "them. It does not store your IP address. Contact details you give for a follow-up are kept apart from "
            "your answers and only the study's owners can read them.\n\nWhile your response is in progress, its "
            "resume link lets you delete it yourself. For anything else, write to the study team."},
           {"optout_title", "Stop e-mails about this survey"},
           {"optout_ask", "Press the button and we will not e-mail you about this survey again."},
           {"optout_button", "Stop the e-mails"},
           {"optout_done_title", "You will not get further e-mails"},
           {"optout_done_text",
            "Your address is on the survey's do-not-mail list. You can still answer through the link you have."},
           {"bad_request_text",
            "The page sent does not belong to this questionnaire. Go back to the questionnaire and try again."},
           {"no_questions", "This questionnaire has no questions yet."},
           {"optout_failed", "Your request could not be recorded just now. Please try again in a moment."},
           {"answers_copy_link", "Download a copy of your answers (PDF)"},
       }},
      {"bg",
       {
           {"closed_on", "Затворен е на {0}."},
           {"delete_button", "Изтриване на моите отговори"},
           {"delete_title", "Да бъдат ли изтрити отговорите Ви?"},
           {"delete_text",
            "Отговорите Ви дотук ще бъдат изтрити окончателно. Никой, включително екипът на проучването, не може да "
            "ги възстанови, а тази връзка ще спре да работи."},
           {"delete_go_back", "Не, обратно към въпросника"},
           {"delete_sent_title", "Отговорите Ви са изпратени"},
           {"delete_sent_text",
            "Изпратените отговори вече не могат да бъдат изтрити чрез тази връзка. За да бъдат заличени, пишете на "
            "екипа на проучването (вж. декларацията за поверителност)."},
           {"delete_gone_title", "Няма какво да бъде изтрито"},
           {"delete_gone_text",
            "Тази връзка не води до незавършен отговор: той е бил изтрит или това не е връзка за продължаване."},
           {"delete_failed_text",
            "В момента отговорите Ви не могат да бъдат изтрити. Моля, опитайте отново след малко."},
           {"delete_done_title", "Отговорите Ви са изтрити"},
           {"delete_done_text", "Нищо от тези отговори не се съхранява. Благодарим Ви."},
           {"privacy_default",
            "Това проучване съхранява отговорите Ви заедно с избрания от Вас език и часа, в който сте започнали, "
            "записали и изпратили отговорите. IP адресът Ви не се съхранява. Данните за контакт, които предоставите "
            "за последващо интервю, се съхраняват отделно от отговорите и до тях имат достъп само собствениците на "
            "проучването.\n\nДокато отговорите Ви не са изпратени, можете сами да ги изтриете чрез връзката за "
            "продължаване. За всичко останало пишете на екипа на проучването."},
           {"optout_title", "Без повече имейли за това проучване"},
           {"optout_ask", "Натиснете бутона и няма да Ви пишем повече във връзка с това проучване."},
           {"optout_button", "Спиране на имейлите"},
           {"optout_done_title", "Няма да получавате повече имейли"},
           {"optout_done_text",
            "Адресът Ви е в списъка на проучването с адреси, на които не се изпращат съобщения. Все още можете да "
            "отговорите чрез връзката, която имате."},
           {"bad_request_text",
            "Изпратената страница не принадлежи на този въпросник. Върнете се към въпросника и опитайте отново."},
           {"no_questions", "Този въпросник все още няма въпроси."},
           {"optout_failed", "В момента заявката Ви не може да бъде записана. Моля, опитайте отново след малко."},
           {"answers_copy_link", "Изтегляне на копие от Вашите отговори (PDF)"},
       }},
      {"cs",
       {
           {"closed_on", "Byl uzavřen {0}."},
           {"delete_button", "Smazat mé odpovědi"},
           {"delete_title", "Smazat vaše odpovědi?"},
           {"delete_text",
            "Vaše dosavadní odpovědi budou nenávratně smazány. Nikdo, ani tým studie, je nebude moci obnovit a tento "
            "odkaz přestane fungovat."},
           {"delete_go_back", "Ne, zpět k dotazníku"},
           {"delete_sent_title", "Vaše odpovědi byly odeslány"},
           {"delete_sent_text",
            "Odeslané odpovědi již nelze tímto odkazem smazat. Chcete-li je vymazat, napište týmu studie (viz "
            "prohlášení o ochraně osobních údajů)."},
           {"delete_gone_title", "Není co smazat"},
           {"delete_gone_text",
            "Tento odkaz nevede k žádným rozpracovaným odpovědím: byly smazány, nebo nejde o odkaz k pokračování."},
           {"delete_failed_text", "Vaše odpovědi teď nebylo možné smazat. Zkuste to prosím za chvíli znovu."},
           {"delete_done_title", "Vaše odpovědi byly smazány"},
           {"delete_done_text", "Z těchto odpovědí se nic neuchovává. Děkujeme."},
           {"privacy_default",
            "Tento průzkum ukládá vaše odpovědi spolu se zvoleným jazykem a časem, kdy jste začali, odpovědi uložili "
            "a odeslali. Vaši IP adresu neukládá. Kontaktní údaje, které uvedete pro navazující rozhovor, se "
            "uchovávají "
            "odděleně od odpovědí a mohou je číst pouze vlastníci studie.\n\nDokud odpovědi neodešlete, můžete je "
            "sami smazat pomocí odkazu k pokračování. Ve všech ostatních záležitostech napište týmu studie."},
           {"optout_title", "Žádné další e-maily k tomuto průzkumu"},
           {"optout_ask", "Stiskněte tlačítko a k tomuto průzkumu vám již nebudeme psát."},
           {"optout_button", "Zastavit e-maily"},
           {"optout_done_title", "Další e-maily již nedostanete"},
           {"optout_done_text",
            "Vaše adresa je na seznamu adres, na které se v rámci průzkumu nic neposílá. Stále můžete odpovědět "
            "prostřednictvím odkazu, který máte."},
           {"bad_request_text",
            "Odeslaná stránka nepatří k tomuto dotazníku. Vraťte se k dotazníku a zkuste to znovu."},
           {"no_questions", "Tento dotazník zatím nemá žádné otázky."},
           {"optout_failed", "Váš požadavek teď nebylo možné zaznamenat. Zkuste to prosím za chvíli znovu."},
           {"answers_copy_link", "Stáhnout kopii vašich odpovědí (PDF)"},
       }},
      {"da",
       {
           {"closed_on", "Det lukkede den {0}."},
           {"delete_button", "Slet mine svar"},
           {"delete_title", "Vil du slette dine svar?"},
           {"delete_text",
            "Dine svar indtil nu bliver slettet for altid. Ingen, heller ikke undersøgelsens team, kan hente dem "
            "tilbage, og dette link holder op med at virke."},
           {"delete_go_back", "Nej, tilbage til spørgeskemaet"},
           {"delete_sent_title", "Dine svar er sendt"},
           {"delete_sent_text",
            "Sendte svar kan ikke længere slettes med dette link. Skriv til undersøgelsens team, hvis du vil have dem "
            "slettet (se databeskyttelseserklæringen)."},
           {"delete_gone_title", "Der er intet at slette"},
           {"delete_gone_text",
            "Dette link fører ikke til en besvarelse i gang: den er slettet, eller det er ikke et link til at "
            "fortsætte."},
           {"delete_failed_text", "Dine svar kunne ikke slettes lige nu. Prøv venligst igen om et øjeblik."},
           {"delete_done_title", "Dine svar er slettet"},
           {"delete_done_text", "Intet fra denne besvarelse gemmes. Tak."},
           {"privacy_default",
            "Denne undersøgelse gemmer dine svar sammen med det sprog, du valgte, og tidspunkterne for, hvornår du "
            "begyndte, gemte og sendte dem. Din IP-adresse gemmes ikke. Kontaktoplysninger, som du giver til et "
            "opfølgende interview, opbevares adskilt fra dine svar, og kun undersøgelsens ejere kan læse dem.\n\nMens "
            "din besvarelse er i gang, kan du selv slette den via linket til at fortsætte. Skriv til undersøgelsens "
            "team om alt andet."},
           {"optout_title", "Ingen flere e-mails om denne undersøgelse"},
           {"optout_ask", "Tryk på knappen, så skriver vi ikke til dig om denne undersøgelse igen."},
           {"optout_button", "Stop e-mailene"},
           {"optout_done_title", "Du får ikke flere e-mails"},
           {"optout_done_text",
            "Din adresse står på undersøgelsens liste over adresser, der ikke skal kontaktes. Du kan stadig svare via "
            "det link, du har."},
           {"bad_request_text",
            "Den sendte side hører ikke til dette spørgeskema. Gå tilbage til spørgeskemaet, og prøv igen."},
           {"no_questions", "Dette spørgeskema har endnu ingen spørgsmål."},
           {"optout_failed", "Din anmodning kunne ikke registreres lige nu. Prøv venligst igen om et øjeblik."},
           {"answers_copy_link", "Download en kopi af dine svar (PDF)"},
       }},
      {"de",
       {
           {"closed_on", "Geschlossen seit {0}."},
           {"delete_button", "Meine Antworten löschen"},
           {"delete_title", "Ihre Antworten löschen?"},
           {"delete_text",
            "Ihre bisherigen Antworten werden endgültig gelöscht. Niemand, auch nicht das Studienteam, kann sie "
            "wiederherstellen, und dieser Link funktioniert dann nicht mehr."},
           {"delete_go_back", "Nein, zurück zum Fragebogen"},
           {"delete_sent_title", "Ihre Antworten wurden gesendet"},
           {"delete_sent_text",
            "Gesendete Antworten können mit diesem Link nicht mehr gelöscht werden. Wenn Sie die Löschung wünschen, "
            "schreiben Sie bitte dem Studienteam (siehe Datenschutzerklärung)."},
           {"delete_gone_title", "Nichts zu löschen"},
           {"delete_gone_text",
            "Dieser Link führt zu keiner laufenden Beantwortung: Sie wurde gelöscht, oder es ist kein Link zum "
            "Fortsetzen."},
           {"delete_failed_text",
            "Ihre Antworten konnten gerade nicht gelöscht werden. Bitte versuchen Sie es in einem Moment erneut."},
           {"delete_done_title", "Ihre Antworten wurden gelöscht"},
           {"delete_done_text", "Von dieser Beantwortung wird nichts aufbewahrt. Vielen Dank."},
           {"privacy_default",
            "Diese Umfrage speichert Ihre Antworten zusammen mit der gewählten Sprache und den Zeitpunkten, zu denen "
            "Sie begonnen, gespeichert und gesendet haben. Ihre IP-Adresse wird nicht gespeichert. Kontaktdaten, die "
            "Sie für ein Folgeinterview angeben, werden getrennt von Ihren Antworten aufbewahrt und sind nur für die "
            "Verantwortlichen der Studie lesbar.\n\nSolange Ihre Beantwortung nicht abgeschlossen ist, können Sie sie "
            "über Ihren Link zum Fortsetzen selbst löschen. Für alles Weitere schreiben Sie bitte dem Studienteam."},
           {"optout_title", "Keine E-Mails mehr zu dieser Umfrage"},
           {"optout_ask", "Drücken Sie die Schaltfläche, und wir schreiben Ihnen zu dieser Umfrage nicht mehr."},
           {"optout_button", "Keine E-Mails mehr"},
           {"optout_done_title", "Sie erhalten keine weiteren E-Mails"},
           {"optout_done_text",
            "Ihre Adresse steht auf der Sperrliste der Umfrage. Sie können weiterhin über Ihren Link antworten."},
           {"bad_request_text",
            "Die gesendete Seite gehört nicht zu diesem Fragebogen. Kehren Sie zum Fragebogen zurück und versuchen "
            "Sie es erneut."},
           {"no_questions", "Dieser Fragebogen enthält noch keine Fragen."},
           {"optout_failed",
            "Ihre Anfrage konnte gerade nicht gespeichert werden. Bitte versuchen Sie es in einem Moment erneut."},
           {"answers_copy_link", "Eine Kopie Ihrer Antworten herunterladen (PDF)"},
       }},
      {"el",
       {
           {"closed_on", "Έκλεισε στις {0}."},
           {"delete_button", "Διαγραφή των απαντήσεών μου"},
           {"delete_title", "Διαγραφή των απαντήσεών σας;"},
           {"delete_text",
            "Οι απαντήσεις σας μέχρι τώρα θα διαγραφούν οριστικά. Κανείς, ούτε η ομάδα της μελέτης, δεν μπορεί να "
            "τις ανακτήσει, και ο σύνδεσμος αυτός θα πάψει να λειτουργεί."},
           {"delete_go_back", "Όχι, επιστροφή στο ερωτηματολόγιο"},
           {"delete_sent_title", "Οι απαντήσεις σας έχουν σταλεί"},
           {"delete_sent_text",
            "Οι απαντήσεις που έχουν σταλεί δεν μπορούν πλέον να διαγραφούν με αυτόν τον σύνδεσμο. Για να "
            "διαγραφούν, γράψτε στην ομάδα της μελέτης (βλ. δήλωση περί απορρήτου)."},
           {"delete_gone_title", "Δεν υπάρχει τίποτα προς διαγραφή"},
           {"delete_gone_text",
            "Ο σύνδεσμος αυτός δεν οδηγεί σε απαντήσεις σε εξέλιξη: έχουν διαγραφεί ή δεν πρόκειται για σύνδεσμο "
            "συνέχισης."},
           {"delete_failed_text",
            "Δεν ήταν δυνατή η διαγραφή των απαντήσεών σας αυτή τη στιγμή. Παρακαλούμε δοκιμάστε ξανά σε λίγο."},
           {"delete_done_title", "Οι απαντήσεις σας διαγράφηκαν"},
           {"delete_done_text", "Δεν διατηρείται τίποτα από αυτές τις απαντήσεις. Σας ευχαριστούμε."},
           {"privacy_default",
            "Η έρευνα αποθηκεύει τις απαντήσεις σας μαζί με τη γλώσσα που επιλέξατε και τις ώρες κατά τις οποίες "
            "ξεκινήσατε, αποθηκεύσατε και στείλατε τις απαντήσεις. Δεν αποθηκεύει τη διεύθυνση IP σας. Τα στοιχεία "
            "επικοινωνίας που δίνετε για συνέντευξη παρακολούθησης φυλάσσονται χωριστά από τις απαντήσεις σας και "
            "μόνο οι υπεύθυνοι της μελέτης μπορούν να τα διαβάσουν.\n\nΌσο οι απαντήσεις σας δεν έχουν σταλεί, "
            "μπορείτε να τις διαγράψετε μόνοι σας μέσω του συνδέσμου συνέχισης. Για οτιδήποτε άλλο, γράψτε στην "
            "ομάδα της μελέτης."},
           {"optout_title", "Τέλος στα μηνύματα για αυτή την έρευνα"},
           {"optout_ask", "Πατήστε το κουμπί και δεν θα σας ξαναστείλουμε μηνύματα για αυτή την έρευνα."},
           {"optout_button", "Διακοπή των μηνυμάτων"},
           {"optout_done_title", "Δεν θα λαμβάνετε άλλα μηνύματα"},
           {"optout_done_text",
            "Η διεύθυνσή σας βρίσκεται στον κατάλογο της έρευνας με διευθύνσεις στις οποίες δεν αποστέλλονται "
            "μηνύματα. Μπορείτε ακόμη να απαντήσετε μέσω του συνδέσμου που έχετε."},
           {"bad_request_text",
            "Η σελίδα που στάλθηκε δεν ανήκει σε αυτό το ερωτηματολόγιο. Επιστρέψτε στο ερωτηματολόγιο και δοκιμάστε "
            "ξανά."},
           {"no_questions", "Αυτό το ερωτηματολόγιο δεν έχει ακόμη ερωτήσεις."},
           {"optout_failed",
            "Δεν ήταν δυνατή η καταχώριση του αιτήματός σας αυτή τη στιγμή. Παρακαλούμε δοκιμάστε ξανά σε λίγο."},
           {"answers_copy_link", "Λήψη αντιγράφου των απαντήσεών σας (PDF)"},
       }},
      {"es",
       {
           {"closed_on", "Se cerró el {0}."},
           {"delete_button", "Borrar mis respuestas"},
           {"delete_title", "¿Desea borrar sus respuestas?"},
           {"delete_text",
            "Sus respuestas hasta ahora se borrarán definitivamente. Nadie, ni siquiera el equipo del estudio, podrá "
            "recuperarlas, y este enlace dejará de funcionar."},
           {"delete_go_back", "No, volver al cuestionario"},
           {"delete_sent_title", "Sus respuestas se han enviado"},
           {"delete_sent_text",
            "Las respuestas enviadas ya no pueden borrarse con este enlace. Para que se supriman, escriba al equipo "
            "del estudio (véase el aviso de privacidad)."},
           {"delete_gone_title", "No hay nada que borrar"},
           {"delete_gone_text",
            "Este enlace no lleva a ninguna respuesta en curso: se ha borrado o no es un enlace para continuar."},
           {"delete_failed_text",
            "No ha sido posible borrar sus respuestas en este momento. Vuelva a intentarlo dentro de un momento."},
           {"delete_done_title", "Sus respuestas se han borrado"},
           {"delete_done_text", "No se conserva nada de estas respuestas. Gracias."},
           {"privacy_default",
            "Esta encuesta guarda sus respuestas junto con el idioma que eligió y las horas en que empezó, guardó y "
            "envió las respuestas. No guarda su dirección IP. Los datos de contacto que facilite para una entrevista "
            "de seguimiento se conservan aparte de sus respuestas y solo pueden leerlos los responsables del "
            "estudio.\n\nMientras sus respuestas estén en curso, puede borrarlas usted mismo con su enlace para "
            "continuar. Para cualquier otra cuestión, escriba al equipo del estudio."},
           {"optout_title", "No recibir más correos sobre esta encuesta"},
           {"optout_ask", "Pulse el botón y no volveremos a escribirle sobre esta encuesta."},
           {"optout_button", "No recibir más correos"},
           {"optout_done_title", "No recibirá más correos"},
           {"optout_done_text",
            "Su dirección figura en la lista de exclusión de la encuesta. Todavía puede responder con el enlace que "
            "tiene."},
           {"bad_request_text",
            "La página enviada no pertenece a este cuestionario. Vuelva al cuestionario e inténtelo de nuevo."},
           {"no_questions", "Este cuestionario todavía no tiene preguntas."},
           {"optout_failed",
            "No ha sido posible registrar su solicitud en este momento. Vuelva a intentarlo dentro de un momento."},
           {"answers_copy_link", "Descargar una copia de sus respuestas (PDF)"},
       }},
      {"et",
       {
           {"closed_on", "See suleti {0}."},
           {"delete_button", "Kustuta minu vastused"},
           {"delete_title", "Kas kustutada teie vastused?"},
           {"delete_text",
            "Teie senised vastused kustutatakse jäädavalt. Keegi, ka uuringu meeskond, ei saa neid taastada ja see "
            "link lakkab töötamast."},
           {"delete_go_back", "Ei, tagasi küsimustiku juurde"},
           {"delete_sent_title", "Teie vastused on saadetud"},
           {"delete_sent_text",
            "Saadetud vastuseid ei saa enam selle lingiga kustutada. Nende kustutamiseks kirjutage uuringu meeskonnale "
            "(vt privaatsusteade)."},
           {"delete_gone_title", "Pole midagi kustutada"},
           {"delete_gone_text",
            "See link ei vii pooleliolevate vastusteni: need on kustutatud või see ei ole jätkamise link."},
           {"delete_failed_text", "Teie vastuseid ei õnnestunud praegu kustutada. Palun proovige hetke pärast uuesti."},
           {"delete_done_title", "Teie vastused on kustutatud"},
           {"delete_done_text", "Nendest vastustest ei säilitata midagi. Täname teid."},
           {"privacy_default",
            "See küsitlus salvestab teie vastused koos teie valitud keele ning alustamise, salvestamise ja saatmise "
            "ajaga. Teie IP-aadressi ei salvestata. Järelintervjuu jaoks antud kontaktandmeid hoitakse vastustest "
            "eraldi ja neid saavad lugeda ainult uuringu omanikud.\n\nKuni teie vastused on pooleli, saate need ise "
            "jätkamise lingi kaudu kustutada. Kõigis muudes küsimustes kirjutage uuringu meeskonnale."},
           {"optout_title", "Selle küsitluse kohta e-kirju enam mitte"},
           {"optout_ask", "Vajutage nuppu ja me ei kirjuta teile selle küsitluse kohta enam."},
           {"optout_button", "Lõpeta e-kirjad"},
           {"optout_done_title", "Te ei saa enam e-kirju"},
           {"optout_done_text",
            "Teie aadress on küsitluse nende aadresside loendis, kuhu kirju ei saadeta. Saate endiselt vastata oma "
            "lingi kaudu."},
           {"bad_request_text",
            "Saadetud leht ei kuulu selle küsimustiku juurde. Minge küsimustiku juurde tagasi ja "
            "proovige uuesti."},
           {"no_questions", "Selles küsimustikus ei ole veel küsimusi."},
           {"optout_failed", "Teie taotlust ei õnnestunud praegu salvestada. Palun proovige hetke pärast uuesti."},
           {"answers_copy_link", "Laadige alla oma vastuste koopia (PDF)"},
       }},
      {"fi",
       {
           {"closed_on", "Se suljettiin {0}."},
           {"delete_button", "Poista vastaukseni"},
           {"delete_title", "Poistetaanko vastauksesi?"},
           {"delete_text",
            "Tähänastiset vastauksesi poistetaan pysyvästi. Kukaan, ei myöskään tutkimusryhmä, voi palauttaa niitä, "
            "eikä tämä linkki enää toimi."},
           {"delete_go_back", "Ei, takaisin kyselylomakkeeseen"},
           {"delete_sent_title", "Vastauksesi on lähetetty"},
           {"delete_sent_text",
            "Lähetettyjä vastauksia ei voi enää poistaa tällä linkillä. Jos haluat ne poistettaviksi, kirjoita "
            "tutkimusryhmälle (ks. tietosuojaseloste)."},
           {"delete_gone_title", "Ei poistettavaa"},
           {"delete_gone_text",
            "Tämä linkki ei johda keskeneräisiin vastauksiin: ne on poistettu, tai linkki ei ole jatkamislinkki."},
           {"delete_failed_text", "Vastauksiasi ei voitu poistaa juuri nyt. Yritä hetken kuluttua uudelleen."},
           {"delete_done_title", "Vastauksesi on poistettu"},
           {"delete_done_text", "Näistä vastauksista ei säilytetä mitään. Kiitos."},
           {"privacy_default",
            "Kysely tallentaa vastauksesi sekä valitsemasi kielen ja ajat, jolloin aloitit, tallensit ja "
            "lähetit vastaukset. IP-osoitettasi ei tallenneta. Jatkohaastattelua varten antamasi yhteystiedot "
            "säilytetään erillään vastauksista, ja vain tutkimuksen omistajat voivat lukea ne.\n\nNiin kauan kuin "
            "vastauksesi ovat kesken, voit poistaa ne itse jatkamislinkin kautta. Kaikissa muissa asioissa "
            "kirjoita tutkimusryhmälle."},
           {"optout_title", "Ei enää sähköposteja tästä kyselystä"},
           {"optout_ask", "Paina painiketta, niin emme enää kirjoita sinulle tästä kyselystä."},
           {"optout_button", "Lopeta sähköpostit"},
           {"optout_done_title", "Et saa enää sähköposteja"},
           {"optout_done_text",
            "Osoitteesi on kyselyn estolistalla. Voit edelleen vastata sinulla olevan linkin kautta."},
           {"bad_request_text",
            "Lähetetty sivu ei kuulu tähän kyselylomakkeeseen. Palaa kyselylomakkeeseen ja yritä uudelleen."},
           {"no_questions", "Tässä kyselylomakkeessa ei ole vielä kysymyksiä."},
           {"optout_failed", "Pyyntöäsi ei voitu kirjata juuri nyt. Yritä hetken kuluttua uudelleen."},
           {"answers_copy_link", "Lataa kopio vastauksistasi (PDF)"},
       }},
      {"fr",
       {
           {"closed_on", "Il est fermé depuis le {0}."},
           {"delete_button", "Supprimer mes réponses"},
           {"delete_title", "Supprimer vos réponses ?"},
           {"delete_text",
            "Vos réponses enregistrées jusqu'ici seront supprimées définitivement. Personne, pas même l'équipe de "
            "l'étude, ne pourra les récupérer, et ce lien ne fonctionnera plus."},
           {"delete_go_back", "Non, revenir au questionnaire"},
           {"delete_sent_title", "Vos réponses ont été envoyées"},
           {"delete_sent_text",
            "Des réponses envoyées ne peuvent plus être supprimées avec ce lien. Pour les faire effacer, écrivez à "
            "l'équipe de l'étude (voir la déclaration de confidentialité)."},
           {"delete_gone_title", "Rien à supprimer"},
           {"delete_gone_text",
            "Ce lien ne mène à aucune réponse en cours : elle a été supprimée, ou ce n'est pas un lien de reprise."},
           {"delete_failed_text",
            "Vos réponses n'ont pas pu être supprimées pour le moment. Veuillez réessayer dans un instant."},
           {"delete_done_title", "Vos réponses ont été supprimées"},
           {"delete_done_text", "Rien de ces réponses n'est conservé. Merci."},
           {"privacy_default",
            "Cette enquête enregistre vos réponses avec la langue que vous avez choisie et les heures auxquelles vous "
            "avez commencé, enregistré et envoyé vos réponses. Elle n'enregistre pas votre adresse IP. Les coordonnées "
            "que vous donnez pour un entretien de suivi sont conservées à part de vos réponses et seuls les "
            "responsables de l'étude peuvent les lire.\n\nTant que vos réponses sont en cours, vous pouvez les "
            "supprimer vous-même avec votre lien de reprise. Pour toute autre demande, écrivez à l'équipe de l'étude."},
           {"optout_title", "Ne plus recevoir de messages sur cette enquête"},
           {"optout_ask", "Appuyez sur le bouton et nous ne vous écrirons plus au sujet de cette enquête."},
           {"optout_button", "Ne plus recevoir de messages"},
           {"optout_done_title", "Vous ne recevrez plus de messages"},
           {"optout_done_text",
            "Votre adresse figure sur la liste des personnes à ne plus contacter. Vous pouvez toujours répondre avec "
            "le lien que vous avez."},
           {"bad_request_text",
            "La page envoyée n'appartient pas à ce questionnaire. Revenez au questionnaire et réessayez."},
           {"no_questions", "Ce questionnaire ne contient pas encore de questions."},
           {"optout_failed",
            "Votre demande n'a pas pu être enregistrée pour le moment. Veuillez réessayer dans un instant."},
           {"answers_copy_link", "Télécharger une copie de vos réponses (PDF)"},
       }},
      {"ga",
       {
           {"closed_on", "Dúnadh é ar {0}."},
           {"delete_button", "Scrios m'fhreagraí"},
           {"delete_title", "An bhfuil tú ag iarraidh d'fhreagraí a scriosadh?"},
           {"delete_text",
            "Scriosfar d'fhreagraí go dtí seo go buan. Ní féidir le haon duine, foireann an staidéir san áireamh, "
            "iad a fháil ar ais, agus stopfaidh an nasc seo ag obair."},
           {"delete_go_back", "Ní hea, ar ais chuig an gceistneoir"},
           {"delete_sent_title", "Seoladh d'fhreagraí"},
           {"delete_sent_text",
            "Ní féidir freagraí seolta a scriosadh leis an nasc seo a thuilleadh. Chun iad a léirscriosadh, scríobh "
            "chuig foireann an staidéir (féach an ráiteas príobháideachais)."},
           {"delete_gone_title", "Níl aon rud le scriosadh"},
           {"delete_gone_text",
            "Ní thugann an nasc seo chuig freagraí atá ar siúl thú: scriosadh iad, nó ní nasc atosaithe é."},
           {"delete_failed_text",
            "Níorbh fhéidir d'fhreagraí a scriosadh anois. Bain triail eile as i gceann tamaillín."},
           {"delete_done_title", "Scriosadh d'fhreagraí"},
           {"delete_done_text", "Ní choinnítear aon chuid de na freagraí seo. Go raibh maith agat."},
           {"privacy_default",
            "Stórálann an suirbhé seo d'fhreagraí mar aon leis an teanga a roghnaigh tú agus na hamanna ar thosaigh "
            "tú, ar shábháil tú agus ar sheol tú iad. Ní stórálann sé do sheoladh IP. Coinnítear na sonraí teagmhála "
            "a thugann tú le haghaidh agallaimh leantaigh ar leith ó d'fhreagraí agus ní féidir ach le húinéirí an "
            "staidéir iad a léamh.\n\nFad atá d'fhreagraí ar siúl, is féidir leat iad a scriosadh tú féin leis an "
            "nasc atosaithe. Maidir le haon rud eile, scríobh chuig foireann an staidéir."},
           {"optout_title", "Gan tuilleadh ríomhphost faoin suirbhé seo"},
           {"optout_ask", "Brúigh an cnaipe agus ní sheolfaimid ríomhphost chugat faoin suirbhé seo arís."},
           {"optout_button", "Stop na ríomhphoist"},
           {"optout_done_title", "Ní bhfaighidh tú tuilleadh ríomhphost"},
           {"optout_done_text",
            "Tá do sheoladh ar liosta an tsuirbhé de sheoltaí nach seoltar ríomhphost chucu. Is féidir leat freagra a "
            "thabhairt fós tríd an nasc atá agat."},
           {"bad_request_text",
            "Ní bhaineann an leathanach a seoladh leis an gceistneoir seo. Téigh ar ais chuig an gceistneoir agus bain "
            "triail eile as."},
           {"no_questions", "Níl aon cheist sa cheistneoir seo fós."},
           {"optout_failed", "Níorbh fhéidir d'iarratas a thaifeadadh anois. Bain triail eile as i gceann tamaillín."},
           {"answers_copy_link", "Íoslódáil cóip de d'fhreagraí (PDF)"},
       }},
      {"hr",
       {
           {"closed_on", "Zatvoren je {0}."},
           {"delete_button", "Izbriši moje odgovore"},
           {"delete_title", "Izbrisati vaše odgovore?"},
           {"delete_text",
            "Vaši dosadašnji odgovori bit će trajno izbrisani. Nitko, pa ni istraživački tim, ne može ih vratiti, a "
            "ova poveznica prestat će raditi."},
           {"delete_go_back", "Ne, natrag na upitnik"},
           {"delete_sent_title", "Vaši su odgovori poslani"},
           {"delete_sent_text",
            "Poslani odgovori više se ne mogu izbrisati ovom poveznicom. Ako želite da se izbrišu, pišite "
            "istraživačkom timu (vidjeti izjavu o zaštiti privatnosti)."},
           {"delete_gone_title", "Nema se što izbrisati"},
           {"delete_gone_text",
            "Ova poveznica ne vodi do odgovora u tijeku: izbrisani su ili to nije poveznica za nastavak."},
           {"delete_failed_text", "Vaše odgovore trenutačno nije moguće izbrisati. Pokušajte ponovno za trenutak."},
           {"delete_done_title", "Vaši su odgovori izbrisani"},
           {"delete_done_text", "Ništa od ovih odgovora ne čuva se. Hvala vam."},
           {"privacy_default",
            "Ova anketa pohranjuje vaše odgovore zajedno s jezikom koji ste odabrali i vremenom kada ste ih započeli, "
            "spremili i poslali. Vašu IP adresu ne pohranjuje. Kontaktni podaci koje navedete za naknadni razgovor "
            "čuvaju se odvojeno od vaših odgovora i mogu ih čitati samo vlasnici istraživanja.\n\nDok su vaši odgovori "
            "u tijeku, možete ih sami izbrisati putem poveznice za nastavak. Za sve ostalo pišite istraživačkom timu."},
           {"optout_title", "Bez daljnjih e-poruka o ovoj anketi"},
           {"optout_ask", "Pritisnite gumb i više vam nećemo pisati o ovoj anketi."},
           {"optout_button", "Zaustavi e-poruke"},
           {"optout_done_title", "Nećete primati daljnje e-poruke"},
           {"optout_done_text",
            "Vaša je adresa na popisu adresa ankete na koje se poruke ne šalju. I dalje možete odgovoriti putem "
            "poveznice koju imate."},
           {"bad_request_text",
            "Poslana stranica ne pripada ovom upitniku. Vratite se na upitnik i pokušajte ponovno."},
           {"no_questions", "Ovaj upitnik još nema pitanja."},
           {"optout_failed", "Vaš zahtjev trenutačno nije moguće zabilježiti. Pokušajte ponovno za trenutak."},
           {"answers_copy_link", "Preuzmite kopiju svojih odgovora (PDF)"},
       }},
      {"hu",
       {
           {"closed_on", "Lezárult: {0}."},
           {"delete_button", "Válaszaim törlése"},
           {"delete_title", "Törli a válaszait?"},
           {"delete_text",
            "Eddigi válaszait véglegesen töröljük. Senki, a kutatócsoport sem tudja visszaállítani őket, és ez a "
            "hivatkozás többé nem fog működni."},
           {"delete_go_back", "Nem, vissza a kérdőívhez"},
           {"delete_sent_title", "Válaszait elküldte"},
           {"delete_sent_text",
            "Az elküldött válaszok ezzel a hivatkozással már nem törölhetők. Ha törölni szeretné őket, írjon a "
            "kutatócsoportnak (lásd az adatvédelmi nyilatkozatot)."},
           {"delete_gone_title", "Nincs mit törölni"},
           {"delete_gone_text",
            "Ez a hivatkozás nem vezet folyamatban lévő válaszokhoz: törölték őket, vagy ez nem a folytatáshoz "
            "kapott hivatkozás."},
           {"delete_failed_text", "Válaszait most nem sikerült törölni. Kérjük, próbálja újra egy pillanat múlva."},
           {"delete_done_title", "Válaszait töröltük"},
           {"delete_done_text", "Ezekből a válaszokból semmit sem őrzünk meg. Köszönjük."},
           {"privacy_default",
            "A felmérés a válaszait a választott nyelvvel, valamint a kitöltés megkezdésének, mentésének és "
            "elküldésének idejével együtt tárolja. IP-címét nem tárolja. A nyomon követő interjúhoz megadott "
            "elérhetőségeit a válaszaitól elkülönítve őrizzük, és csak a tanulmány tulajdonosai olvashatják.\n\n"
            "Amíg válaszai folyamatban vannak, a folytatáshoz kapott hivatkozással maga is törölheti őket. Minden más "
            "ügyben írjon a kutatócsoportnak."},
           {"optout_title", "Nem kérek több e-mailt erről a felmérésről"},
           {"optout_ask", "Nyomja meg a gombot, és többé nem írunk Önnek erről a felmérésről."},
           {"optout_button", "E-mailek leállítása"},
           {"optout_done_title", "Nem kap több e-mailt"},
           {"optout_done_text",
            "Címe felkerült a felmérés tiltólistájára. A meglévő hivatkozásával továbbra is válaszolhat."},
           {"bad_request_text",
            "Az elküldött oldal nem ehhez a kérdőívhez tartozik. Térjen vissza a kérdőívhez, és próbálja újra."},
           {"no_questions", "Ebben a kérdőívben még nincsenek kérdések."},
           {"optout_failed", "Kérését most nem sikerült rögzíteni. Kérjük, próbálja újra egy pillanat múlva."},
           {"answers_copy_link", "Válaszai másolatának letöltése (PDF)"},
       }},
      {"it",
       {
           {"closed_on", "È stato chiuso il {0}."},
           {"delete_button", "Elimina le mie risposte"},
           {"delete_title", "Eliminare le Sue risposte?"},
           {"delete_text",
            "Le Sue risposte date finora saranno eliminate definitivamente. Nessuno, nemmeno il gruppo di studio, "
            "potrà recuperarle e questo link smetterà di funzionare."},
           {"delete_go_back", "No, torna al questionario"},
           {"delete_sent_title", "Le Sue risposte sono state inviate"},
           {"delete_sent_text",
            "Le risposte inviate non possono più essere eliminate con questo link. Per farle cancellare, scriva al "
            "gruppo di studio (si veda l'informativa sulla privacy)."},
           {"delete_gone_title", "Niente da eliminare"},
           {"delete_gone_text",
            "Questo link non porta a nessuna risposta in corso: è stata eliminata, oppure non è un link per "
            "riprendere."},
           {"delete_failed_text",
            "Al momento non è stato possibile eliminare le Sue risposte. La preghiamo di riprovare tra poco."},
           {"delete_done_title", "Le Sue risposte sono state eliminate"},
           {"delete_done_text", "Di queste risposte non viene conservato nulla. Grazie."},
           {"privacy_default",
            "Questa indagine conserva le Sue risposte insieme alla lingua scelta e agli orari in cui ha iniziato, "
            "salvato e inviato le risposte. Non conserva il Suo indirizzo IP. I recapiti che fornisce per "
            "un'intervista "
            "di approfondimento sono conservati separatamente dalle risposte e solo i titolari dello studio possono "
            "leggerli.\n\nFinché le Sue risposte sono in corso, può eliminarle Lei stesso con il link per riprendere. "
            "Per qualsiasi altra richiesta, scriva al gruppo di studio."},
           {"optout_title", "Non ricevere più e-mail su questa indagine"},
           {"optout_ask", "Prema il pulsante e non Le scriveremo più a proposito di questa indagine."},
           {"optout_button", "Interrompi le e-mail"},
           {"optout_done_title", "Non riceverà più e-mail"},
           {"optout_done_text",
            "Il Suo indirizzo è nell'elenco dei contatti esclusi dall'indagine. Può comunque rispondere con il link "
            "che ha ricevuto."},
           {"bad_request_text",
            "La pagina inviata non appartiene a questo questionario. Torni al questionario e riprovi."},
           {"no_questions", "Questo questionario non contiene ancora domande."},
           {"optout_failed",
            "Al momento non è stato possibile registrare la Sua richiesta. La preghiamo di riprovare tra poco."},
           {"answers_copy_link", "Scarichi una copia delle Sue risposte (PDF)"},
       }},
      {"lt",
       {
           {"closed_on", "Jis uždarytas {0}."},
           {"delete_button", "Ištrinti mano atsakymus"},
           {"delete_title", "Ar ištrinti Jūsų atsakymus?"},
           {"delete_text",
            "Jūsų iki šiol pateikti atsakymai bus ištrinti visam laikui. Niekas, net tyrimo grupė, negalės jų "
            "atkurti, o ši nuoroda nebeveiks."},
           {"delete_go_back", "Ne, grįžti į klausimyną"},
           {"delete_sent_title", "Jūsų atsakymai išsiųsti"},
           {"delete_sent_text",
            "Išsiųstų atsakymų šia nuoroda nebegalima ištrinti. Jei norite, kad jie būtų ištrinti, parašykite tyrimo "
            "grupei (žr. privatumo pranešimą)."},
           {"delete_gone_title", "Nėra ką ištrinti"},
           {"delete_gone_text",
            "Ši nuoroda neveda į nebaigtus atsakymus: jie buvo ištrinti arba tai nėra tęsimo nuoroda."},
           {"delete_failed_text", "Šiuo metu Jūsų atsakymų ištrinti nepavyko. Bandykite dar kartą po akimirkos."},
           {"delete_done_title", "Jūsų atsakymai ištrinti"},
           {"delete_done_text", "Iš šių atsakymų nieko nesaugoma. Dėkojame."},
           {"privacy_default",
            "Ši apklausa saugo Jūsų atsakymus kartu su pasirinkta kalba ir laiku, kada pradėjote, išsaugojote ir "
            "išsiuntėte atsakymus. Jūsų IP adresas nesaugomas. Kontaktiniai duomenys, kuriuos pateikiate tolesniam "
            "pokalbiui, saugomi atskirai nuo atsakymų, ir juos gali skaityti tik tyrimo savininkai.\n\nKol Jūsų "
            "atsakymai nebaigti, galite juos patys ištrinti tęsimo nuoroda. Visais kitais klausimais rašykite tyrimo "
            "grupei."},
           {"optout_title", "Nebegauti el. laiškų apie šią apklausą"},
           {"optout_ask", "Paspauskite mygtuką ir mes Jums nebesiųsime laiškų apie šią apklausą."},
           {"optout_button", "Nebesiųsti el. laiškų"},
           {"optout_done_title", "Daugiau el. laiškų negausite"},
           {"optout_done_text",
            "Jūsų adresas įtrauktas į apklausos adresų, kuriais laiškai nesiunčiami, sąrašą. Vis dar galite atsakyti "
            "naudodamiesi turima nuoroda."},
           {"bad_request_text",
            "Išsiųstas puslapis nepriklauso šiam klausimynui. Grįžkite į klausimyną ir bandykite dar kartą."},
           {"no_questions", "Šiame klausimyne dar nėra klausimų."},
           {"optout_failed", "Šiuo metu Jūsų prašymo užregistruoti nepavyko. Bandykite dar kartą po akimirkos."},
           {"answers_copy_link", "Atsisiųsti savo atsakymų kopiją (PDF)"},
       }},
      {"lv",
       {
           {"closed_on", "Tā tika slēgta {0}."},
           {"delete_button", "Dzēst manas atbildes"},
           {"delete_title", "Vai dzēst jūsu atbildes?"},
           {"delete_text",
            "Jūsu līdzšinējās atbildes tiks neatgriezeniski dzēstas. Neviens, arī pētījuma komanda, tās nevarēs "
            "atjaunot, un šī saite vairs nedarbosies."},
           {"delete_go_back", "Nē, atpakaļ uz anketu"},
           {"delete_sent_title", "Jūsu atbildes ir nosūtītas"},
           {"delete_sent_text",
            "Nosūtītās atbildes ar šo saiti vairs nevar dzēst. Lai tās izdzēstu, rakstiet pētījuma komandai (skatīt "
            "paziņojumu par privātumu)."},
           {"delete_gone_title", "Nav ko dzēst"},
           {"delete_gone_text",
            "Šī saite neved uz iesāktām atbildēm: tās ir dzēstas, vai arī šī nav saite turpināšanai."},
           {"delete_failed_text", "Jūsu atbildes pašlaik neizdevās dzēst. Lūdzu, mēģiniet vēlreiz pēc brīža."},
           {"delete_done_title", "Jūsu atbildes ir dzēstas"},
           {"delete_done_text", "No šīm atbildēm nekas netiek glabāts. Paldies."},
           {"privacy_default",
            "Šī aptauja saglabā jūsu atbildes kopā ar jūsu izvēlēto valodu un laiku, kad sākāt, saglabājāt un "
            "nosūtījāt atbildes. Jūsu IP adrese netiek saglabāta. Kontaktinformācija, ko sniedzat turpmākai "
            "intervijai, tiek glabāta atsevišķi no atbildēm, un to var lasīt tikai pētījuma īpašnieki.\n\nKamēr jūsu "
            "atbildes nav nosūtītas, varat tās pats dzēst ar turpināšanas saiti. Visos citos jautājumos rakstiet "
            "pētījuma komandai."},
           {"optout_title", "Vairs nesaņemt e-pasta vēstules par šo aptauju"},
           {"optout_ask", "Nospiediet pogu, un mēs jums vairs nerakstīsim par šo aptauju."},
           {"optout_button", "Pārtraukt e-pasta vēstules"},
           {"optout_done_title", "Jūs vairs nesaņemsiet e-pasta vēstules"},
           {"optout_done_text",
            "Jūsu adrese ir aptaujas sarakstā ar adresēm, uz kurām vēstules netiek sūtītas. Jūs joprojām varat "
            "atbildēt, izmantojot savu saiti."},
           {"bad_request_text", "Nosūtītā lapa nepieder šai anketai. Atgriezieties anketā un mēģiniet vēlreiz."},
           {"no_questions", "Šajā anketā vēl nav jautājumu."},
           {"optout_failed", "Jūsu pieprasījumu pašlaik neizdevās reģistrēt. Lūdzu, mēģiniet vēlreiz pēc brīža."},
           {"answers_copy_link", "Lejupielādēt savu atbilžu kopiju (PDF)"},
       }},
      {"mt",
       {
           {"closed_on", "Ingħalaq fil-{0}."},
           {"delete_button", "Ħassar it-tweġibiet tiegħi"},
           {"delete_title", "Trid tħassar it-tweġibiet tiegħek?"},
           {"delete_text",
            "It-tweġibiet tiegħek s'issa se jitħassru għal dejjem. Ħadd, lanqas it-tim tal-istudju, ma jista' "
            "jġibhom lura, u din il-link ma tibqax taħdem."},
           {"delete_go_back", "Le, erġa' lura għall-kwestjonarju"},
           {"delete_sent_title", "It-tweġibiet tiegħek intbagħtu"},
           {"delete_sent_text",
            "Tweġibiet li ntbagħtu ma jistgħux jibqgħu jitħassru b'din il-link. Biex jitħassru, ikteb lit-tim "
            "tal-istudju (ara l-avviż ta' privatezza)."},
           {"delete_gone_title", "M'hemm xejn x'jitħassar"},
           {"delete_gone_text",
            "Din il-link ma twassal għal ebda tweġiba li għadha għaddejja: tħassret, jew mhijiex link biex "
            "tkompli."},
           {"delete_failed_text",
            "It-tweġibiet tiegħek ma setgħux jitħassru bħalissa. Jekk jogħġbok erġa' pprova ftit "
            "wara."},
           {"delete_done_title", "It-tweġibiet tiegħek tħassru"},
           {"delete_done_text", "Xejn minn dawn it-tweġibiet ma jinżamm. Grazzi."},
           {"privacy_default",
            "Dan l-istħarriġ jaħżen it-tweġibiet tiegħek flimkien mal-lingwa li għażilt u l-ħinijiet meta bdejt, "
            "issejvjajt u bgħatt it-tweġibiet. Ma jaħżinx l-indirizz IP tiegħek. Id-dettalji ta' kuntatt li tagħti "
            "għal intervista ta' segwitu jinżammu separati mit-tweġibiet tiegħek u s-sidien tal-istudju biss jistgħu "
            "jaqrawhom.\n\nSakemm it-tweġibiet tiegħek ikunu għadhom għaddejjin, tista' tħassarhom int stess "
            "bil-link biex tkompli. Għal kull ħaġa oħra, ikteb lit-tim tal-istudju."},
           {"optout_title", "Ebda aktar emails dwar dan l-istħarriġ"},
           {"optout_ask", "Agħfas il-buttuna u ma nibqgħux nibagħtulek emails dwar dan l-istħarriġ."},
           {"optout_button", "Waqqaf l-emails"},
           {"optout_done_title", "Ma tirċievix aktar emails"},
           {"optout_done_text",
            "L-indirizz tiegħek jinsab fil-lista tal-istħarriġ ta' indirizzi li ma jintbagħtilhomx emails. Xorta "
            "tista' twieġeb permezz tal-link li għandek."},
           {"bad_request_text",
            "Il-paġna mibgħuta ma tappartjenix għal dan il-kwestjonarju. Mur lura għall-kwestjonarju u erġa' pprova."},
           {"no_questions", "Dan il-kwestjonarju għad m'għandux mistoqsijiet."},
           {"optout_failed",
            "It-talba tiegħek ma setgħetx tiġi rreġistrata bħalissa. Jekk jogħġbok erġa' pprova ftit wara."},
           {"answers_copy_link", "Niżżel kopja tat-tweġibiet tiegħek (PDF)"},
       }},
      {"nl",
       {
           {"closed_on", "Het is gesloten sinds {0}."},
           {"delete_button", "Mijn antwoorden verwijderen"},
           {"delete_title", "Uw antwoorden verwijderen?"},
           {"delete_text",
            "Uw antwoorden tot nu toe worden definitief verwijderd. Niemand, ook het onderzoeksteam niet, kan ze "
            "terughalen, en deze link werkt daarna niet meer."},
           {"delete_go_back", "Nee, terug naar de vragenlijst"},
           {"delete_sent_title", "Uw antwoorden zijn verzonden"},
           {"delete_sent_text",
            "Verzonden antwoorden kunnen niet meer met deze link worden verwijderd. Schrijf het onderzoeksteam als u "
            "ze wilt laten wissen (zie de privacyverklaring)."},
           {"delete_gone_title", "Niets te verwijderen"},
           {"delete_gone_text",
            "Deze link leidt niet naar antwoorden in behandeling: ze zijn verwijderd, of dit is geen link om verder "
            "te gaan."},
           {"delete_failed_text",
            "Uw antwoorden konden nu niet worden verwijderd. Probeer het over een ogenblik opnieuw."},
           {"delete_done_title", "Uw antwoorden zijn verwijderd"},
           {"delete_done_text", "Van deze antwoorden wordt niets bewaard. Dank u wel."},
           {"privacy_default",
            "Deze enquête slaat uw antwoorden op met de taal die u koos en de tijdstippen waarop u begon, opsloeg en "
            "verzond. Uw IP-adres wordt niet opgeslagen. Contactgegevens die u opgeeft voor een vervolginterview "
            "worden apart van uw antwoorden bewaard en alleen de eigenaars van het onderzoek kunnen ze lezen.\n\n"
            "Zolang uw antwoorden niet zijn verzonden, kunt u ze zelf verwijderen met uw link om verder te gaan. "
            "Schrijf voor al het andere naar het onderzoeksteam."},
           {"optout_title", "Geen e-mails meer over deze enquête"},
           {"optout_ask", "Druk op de knop en wij mailen u niet meer over deze enquête."},
           {"optout_button", "Stop de e-mails"},
           {"optout_done_title", "U krijgt geen e-mails meer"},
           {"optout_done_text",
            "Uw adres staat op de lijst van adressen die over deze enquête niet meer worden gemaild. U kunt nog "
            "steeds antwoorden via de link die u hebt."},
           {"bad_request_text",
            "De verzonden pagina hoort niet bij deze vragenlijst. Ga terug naar de vragenlijst en probeer het "
            "opnieuw."},
           {"no_questions", "Deze vragenlijst heeft nog geen vragen."},
           {"optout_failed", "Uw verzoek kon nu niet worden vastgelegd. Probeer het over een ogenblik opnieuw."},
           {"answers_copy_link", "Een kopie van uw antwoorden downloaden (PDF)"},
       }},
      {"pl",
       {
           {"closed_on", "Została zamknięta {0}."},
           {"delete_button", "Usuń moje odpowiedzi"},
           {"delete_title", "Czy usunąć Państwa odpowiedzi?"},
           {"delete_text",
            "Dotychczasowe odpowiedzi zostaną usunięte na zawsze. Nikt, także zespół badawczy, nie będzie mógł ich "
            "odzyskać, a ten link przestanie działać."},
           {"delete_go_back", "Nie, powrót do kwestionariusza"},
           {"delete_sent_title", "Odpowiedzi zostały wysłane"},
           {"delete_sent_text",
            "Wysłanych odpowiedzi nie można już usunąć za pomocą tego linku. Aby je usunąć, prosimy napisać do zespołu "
            "badawczego (zob. informacja o prywatności)."},
           {"delete_gone_title", "Nie ma nic do usunięcia"},
           {"delete_gone_text",
            "Ten link nie prowadzi do rozpoczętych odpowiedzi: zostały usunięte albo nie jest to link do "
            "kontynuowania."},
           {"delete_failed_text", "Nie udało się teraz usunąć odpowiedzi. Prosimy spróbować ponownie za chwilę."},
           {"delete_done_title", "Odpowiedzi zostały usunięte"},
           {"delete_done_text", "Nic z tych odpowiedzi nie jest przechowywane. Dziękujemy."},
           {"privacy_default",
            "Ankieta przechowuje Państwa odpowiedzi wraz z wybranym językiem oraz czasem rozpoczęcia, zapisania i "
            "wysłania odpowiedzi. Nie przechowuje adresu IP. Dane kontaktowe podane na potrzeby wywiadu "
            "uzupełniającego "
            "są przechowywane oddzielnie od odpowiedzi i mogą je odczytać wyłącznie właściciele badania.\n\nDopóki "
            "odpowiedzi nie zostały wysłane, mogą je Państwo sami usunąć za pomocą linku do kontynuowania. We "
            "wszystkich innych sprawach prosimy pisać do zespołu badawczego."},
           {"optout_title", "Rezygnacja z wiadomości e-mail o tej ankiecie"},
           {"optout_ask", "Prosimy nacisnąć przycisk, a nie będziemy już pisać do Państwa w sprawie tej ankiety."},
           {"optout_button", "Zatrzymaj wiadomości"},
           {"optout_done_title", "Nie otrzymają Państwo więcej wiadomości"},
           {"optout_done_text",
            "Państwa adres znajduje się na liście adresów, do których w ramach ankiety nie wysyła się wiadomości. "
            "Nadal mogą Państwo odpowiedzieć za pomocą posiadanego linku."},
           {"bad_request_text",
            "Wysłana strona nie należy do tego kwestionariusza. Prosimy wrócić do kwestionariusza i spróbować "
            "ponownie."},
           {"no_questions", "Ten kwestionariusz nie ma jeszcze pytań."},
           {"optout_failed", "Nie udało się teraz zarejestrować prośby. Prosimy spróbować ponownie za chwilę."},
           {"answers_copy_link", "Pobierz kopię swoich odpowiedzi (PDF)"},
       }},
      {"pt",
       {
           {"closed_on", "Foi encerrado em {0}."},
           {"delete_button", "Apagar as minhas respostas"},
           {"delete_title", "Apagar as suas respostas?"},
           {"delete_text",
            "As suas respostas até agora serão apagadas definitivamente. Ninguém, nem mesmo a equipa do estudo, as "
            "poderá recuperar, e esta ligação deixará de funcionar."},
           {"delete_go_back", "Não, voltar ao questionário"},
           {"delete_sent_title", "As suas respostas foram enviadas"},
           {"delete_sent_text",
            "As respostas enviadas já não podem ser apagadas com esta ligação. Para as mandar apagar, escreva à equipa "
            "do estudo (ver o aviso de privacidade)."},
           {"delete_gone_title", "Nada a apagar"},
           {"delete_gone_text",
            "Esta ligação não leva a nenhuma resposta em curso: foi apagada, ou não é uma ligação para continuar."},
           {"delete_failed_text",
            "Não foi possível apagar as suas respostas neste momento. Tente novamente dentro de instantes."},
           {"delete_done_title", "As suas respostas foram apagadas"},
           {"delete_done_text", "Nada destas respostas é conservado. Obrigado."},
           {"privacy_default",
            "Este inquérito guarda as suas respostas juntamente com a língua que escolheu e as horas a que começou, "
            "guardou e enviou as respostas. Não guarda o seu endereço IP. Os dados de contacto que indicar para uma "
            "entrevista de seguimento são conservados separadamente das suas respostas e só os responsáveis do estudo "
            "os podem ler.\n\nEnquanto as suas respostas estiverem em curso, pode apagá-las com a sua ligação para "
            "continuar. Para qualquer outro assunto, escreva à equipa do estudo."},
           {"optout_title", "Deixar de receber mensagens sobre este inquérito"},
           {"optout_ask", "Prima o botão e não voltaremos a escrever-lhe sobre este inquérito."},
           {"optout_button", "Parar as mensagens"},
           {"optout_done_title", "Não receberá mais mensagens"},
           {"optout_done_text",
            "O seu endereço consta da lista de exclusão do inquérito. Pode continuar a responder com a ligação que "
            "tem."},
           {"bad_request_text",
            "A página enviada não pertence a este questionário. Volte ao questionário e tente novamente."},
           {"no_questions", "Este questionário ainda não tem perguntas."},
           {"optout_failed",
            "Não foi possível registar o seu pedido neste momento. Tente novamente dentro de instantes."},
           {"answers_copy_link", "Descarregar uma cópia das suas respostas (PDF)"},
       }},
      {"ro",
       {
           {"closed_on", "A fost închis la {0}."},
           {"delete_button", "Șterge răspunsurile mele"},
           {"delete_title", "Doriți să vă ștergeți răspunsurile?"},
           {"delete_text",
            "Răspunsurile dumneavoastră de până acum vor fi șterse definitiv. Nimeni, nici echipa studiului, nu le "
            "va putea recupera, iar acest link nu va mai funcționa."},
           {"delete_go_back", "Nu, înapoi la chestionar"},
           {"delete_sent_title", "Răspunsurile dumneavoastră au fost trimise"},
           {"delete_sent_text",
            "Răspunsurile trimise nu mai pot fi șterse cu acest link. Pentru a le șterge, scrieți echipei studiului "
            "(a se vedea declarația de confidențialitate)."},
           {"delete_gone_title", "Nu există nimic de șters"},
           {"delete_gone_text",
            "Acest link nu duce la niciun răspuns în curs: a fost șters sau nu este un link de continuare."},
           {"delete_failed_text",
            "Răspunsurile dumneavoastră nu au putut fi șterse acum. Vă rugăm să încercați din nou peste câteva clipe."},
           {"delete_done_title", "Răspunsurile dumneavoastră au fost șterse"},
           {"delete_done_text", "Nu se păstrează nimic din aceste răspunsuri. Vă mulțumim."},
           {"privacy_default",
            "Acest sondaj stochează răspunsurile dumneavoastră împreună cu limba aleasă și orele la care ați început, "
            "salvat și trimis răspunsurile. Nu vă stochează adresa IP. Datele de contact pe care le furnizați pentru "
            "un interviu ulterior sunt păstrate separat de răspunsuri și pot fi citite doar de titularii studiului."
            "\n\nCât timp răspunsurile dumneavoastră sunt în curs, le puteți șterge singur(ă) cu linkul de continuare. "
            "Pentru orice altă solicitare, scrieți echipei studiului."},
           {"optout_title", "Nu mai doresc e-mailuri despre acest sondaj"},
           {"optout_ask", "Apăsați butonul și nu vă vom mai scrie despre acest sondaj."},
           {"optout_button", "Oprește e-mailurile"},
           {"optout_done_title", "Nu veți mai primi e-mailuri"},
           {"optout_done_text",
            "Adresa dumneavoastră se află pe lista de excludere a sondajului. Puteți răspunde în continuare prin "
            "linkul pe care îl aveți."},
           {"bad_request_text",
            "Pagina trimisă nu aparține acestui chestionar. Reveniți la chestionar și încercați din nou."},
           {"no_questions", "Acest chestionar nu are încă întrebări."},
           {"optout_failed",
            "Solicitarea dumneavoastră nu a putut fi înregistrată acum. Vă rugăm să încercați din nou peste câteva "
            "clipe."},
           {"answers_copy_link", "Descărcați o copie a răspunsurilor dumneavoastră (PDF)"},
       }},
      {"sk",
       {
           {"closed_on", "Bol uzavretý {0}."},
           {"delete_button", "Vymazať moje odpovede"},
           {"delete_title", "Vymazať vaše odpovede?"},
           {"delete_text",
            "Vaše doterajšie odpovede budú natrvalo vymazané. Nikto, ani tím štúdie, ich nebude môcť obnoviť a tento "
            "odkaz prestane fungovať."},
           {"delete_go_back", "Nie, späť na dotazník"},
           {"delete_sent_title", "Vaše odpovede boli odoslané"},
           {"delete_sent_text",
            "Odoslané odpovede už nemožno týmto odkazom vymazať. Ak ich chcete vymazať, napíšte tímu štúdie (pozri "
            "vyhlásenie o ochrane osobných údajov)."},
           {"delete_gone_title", "Nie je čo vymazať"},
           {"delete_gone_text",
            "Tento odkaz nevedie k rozpracovaným odpovediam: boli vymazané alebo nejde o odkaz na pokračovanie."},
           {"delete_failed_text", "Vaše odpovede sa teraz nepodarilo vymazať. Skúste to, prosím, o chvíľu znova."},
           {"delete_done_title", "Vaše odpovede boli vymazané"},
           {"delete_done_text", "Z týchto odpovedí sa nič neuchováva. Ďakujeme."},
           {"privacy_default",
            "Tento prieskum ukladá vaše odpovede spolu so zvoleným jazykom a časom, keď ste začali, odpovede uložili a "
            "odoslali. Vašu IP adresu neukladá. Kontaktné údaje, ktoré uvediete na účely nadväzujúceho rozhovoru, sa "
            "uchovávajú oddelene od odpovedí a môžu ich čítať iba vlastníci štúdie.\n\nKým odpovede neodošlete, "
            "môžete ich sami vymazať pomocou odkazu na pokračovanie. Vo všetkých ostatných veciach napíšte tímu "
            "štúdie."},
           {"optout_title", "Žiadne ďalšie e-maily k tomuto prieskumu"},
           {"optout_ask", "Stlačte tlačidlo a k tomuto prieskumu vám už nebudeme písať."},
           {"optout_button", "Zastaviť e-maily"},
           {"optout_done_title", "Ďalšie e-maily už nedostanete"},
           {"optout_done_text",
            "Vaša adresa je na zozname adries, na ktoré sa v rámci prieskumu nič neposiela. Stále môžete odpovedať "
            "prostredníctvom odkazu, ktorý máte."},
           {"bad_request_text",
            "Odoslaná stránka nepatrí k tomuto dotazníku. Vráťte sa k dotazníku a skúste to znova."},
           {"no_questions", "Tento dotazník zatiaľ nemá žiadne otázky."},
           {"optout_failed", "Vašu žiadosť sa teraz nepodarilo zaznamenať. Skúste to, prosím, o chvíľu znova."},
           {"answers_copy_link", "Stiahnuť kópiu vašich odpovedí (PDF)"},
       }},
      {"sl",
       {
           {"closed_on", "Zaprt je bil {0}."},
           {"delete_button", "Izbriši moje odgovore"},
           {"delete_title", "Želite izbrisati svoje odgovore?"},
           {"delete_text",
            "Vaši dosedanji odgovori bodo trajno izbrisani. Nihče, tudi raziskovalna skupina ne, jih ne bo mogel "
            "obnoviti, ta povezava pa ne bo več delovala."},
           {"delete_go_back", "Ne, nazaj na vprašalnik"},
           {"delete_sent_title", "Vaši odgovori so poslani"},
           {"delete_sent_text",
            "Poslanih odgovorov s to povezavo ni več mogoče izbrisati. Če želite, da se izbrišejo, pišite "
            "raziskovalni skupini (glejte izjavo o varstvu zasebnosti)."},
           {"delete_gone_title", "Ničesar ni za izbrisati"},
           {"delete_gone_text",
            "Ta povezava ne vodi do nedokončanih odgovorov: bili so izbrisani ali pa to ni povezava za nadaljevanje."},
           {"delete_failed_text", "Vaših odgovorov trenutno ni bilo mogoče izbrisati. Poskusite znova čez trenutek."},
           {"delete_done_title", "Vaši odgovori so izbrisani"},
           {"delete_done_text", "Od teh odgovorov se nič ne hrani. Hvala."},
           {"privacy_default",
            "Ta anketa shrani vaše odgovore skupaj z izbranim jezikom in časom, ko ste odgovore začeli, shranili in "
            "poslali. Vašega naslova IP ne shrani. Kontaktni podatki, ki jih navedete za nadaljnji pogovor, se hranijo "
            "ločeno od odgovorov in jih lahko berejo samo lastniki raziskave.\n\nDokler odgovori niso poslani, jih "
            "lahko sami izbrišete s povezavo za nadaljevanje. Za vse drugo pišite raziskovalni skupini."},
           {"optout_title", "Nič več e-poštnih sporočil o tej anketi"},
           {"optout_ask", "Pritisnite gumb in o tej anketi vam ne bomo več pisali."},
           {"optout_button", "Ustavi e-poštna sporočila"},
           {"optout_done_title", "Ne boste več prejemali e-poštnih sporočil"},
           {"optout_done_text",
            "Vaš naslov je na seznamu naslovov ankete, na katere se sporočila ne pošiljajo. Še vedno lahko "
            "odgovorite prek povezave, ki jo imate."},
           {"bad_request_text",
            "Poslana stran ne spada k temu vprašalniku. Vrnite se na vprašalnik in poskusite znova."},
           {"no_questions", "Ta vprašalnik še nima vprašanj."},
           {"optout_failed", "Vaše zahteve trenutno ni bilo mogoče zabeležiti. Poskusite znova čez trenutek."},
           {"answers_copy_link", "Prenesite kopijo svojih odgovorov (PDF)"},
       }},
      {"sv",
       {
           {"closed_on", "Den stängdes {0}."},
           {"delete_button", "Radera mina svar"},
           {"delete_title", "Vill du radera dina svar?"},
           {"delete_text",
            "Dina svar hittills raderas för gott. Ingen, inte heller studiens team, kan få tillbaka dem, och den här "
            "länken slutar fungera."},
           {"delete_go_back", "Nej, tillbaka till frågeformuläret"},
           {"delete_sent_title", "Dina svar har skickats"},
           {"delete_sent_text",
            "Skickade svar kan inte längre raderas med den här länken. Om du vill att de raderas, skriv till studiens "
            "team (se integritetsmeddelandet)."},
           {"delete_gone_title", "Det finns inget att radera"},
           {"delete_gone_text",
            "Den här länken leder inte till några påbörjade svar: de har raderats, eller så är det inte en länk för "
            "att fortsätta."},
           {"delete_failed_text", "Dina svar kunde inte raderas just nu. Försök igen om en stund."},
           {"delete_done_title", "Dina svar har raderats"},
           {"delete_done_text", "Ingenting av dessa svar sparas. Tack."},
           {"privacy_default",
            "Den här enkäten sparar dina svar tillsammans med det språk du valde och tidpunkterna då du började, "
            "sparade och skickade dem. Din IP-adress sparas inte. Kontaktuppgifter som du lämnar för en "
            "uppföljningsintervju förvaras separat från dina svar och kan bara läsas av studiens ägare.\n\nSå länge "
            "dina svar är påbörjade kan du själv radera dem med länken för att fortsätta. För allt annat, skriv till "
            "studiens team."},
           {"optout_title", "Inga fler e-postmeddelanden om den här enkäten"},
           {"optout_ask", "Tryck på knappen så skriver vi inte till dig om den här enkäten igen."},
           {"optout_button", "Stoppa e-posten"},
           {"optout_done_title", "Du får inga fler e-postmeddelanden"},
           {"optout_done_text",
            "Din adress finns på enkätens spärrlista. Du kan fortfarande svara via den länk du har."},
           {"bad_request_text",
            "Den skickade sidan hör inte till det här frågeformuläret. Gå tillbaka till frågeformuläret och försök "
            "igen."},
           {"no_questions", "Det här frågeformuläret har ännu inga frågor."},
           {"optout_failed", "Din begäran kunde inte registreras just nu. Försök igen om en stund."},
           {"answers_copy_link", "Ladda ned en kopia av dina svar (PDF)"},
       }},
  });
  return kTables;
}

}  // namespace mcs::i18n
