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
    // The other official EU languages (issue 24): the same message, in the formal register.
    {"bg", "invitation", "Вашето мнение за микроквалификациите: проучване на Cedefop",
     "Здравейте, {name},\n\nCedefop, агенцията на ЕС за професионално образование и обучение, проучва "
     "ролята на микроквалификациите в ученето с цел заетост. Мнението на Вашата организация е ценно за "
     "нас.\n\nПопълването на въпросника отнема около 15 минути и той е отворен до {closing_date}. "
     "Връзката е лична; ако прекъснете по средата, страницата ще Ви даде връзка, с която да се върнете "
     "към отговорите си.\n\n{link}\n\nБлагодарим Ви за отделеното време.\n\nЕкипът на проучването\n\nАко "
     "не желаете да получавате повече съобщения за това проучване: {optout_link}"},
    {"bg", "reminder", "Напомняне: проучването на Cedefop за микроквалификациите приключва на {closing_date}",
     "Здравейте, {name},\n\nПреди няколко седмици Ви поканихме да участвате в проучването на Cedefop за "
     "микроквалификациите. Ако все още не сте имали време, въпросникът е отворен до {closing_date} и "
     "попълването му отнема около 15 минути. Вашата лична връзка:\n\n{link}\n\nБлагодарим Ви.\n\nЕкипът "
     "на проучването\n\nАко не желаете да получавате повече съобщения за това проучване: {optout_link}"},
    {"cs", "invitation", "Váš pohled na mikrocertifikáty: průzkum Cedefop",
     "Dobrý den, {name},\n\nCedefop, agentura EU pro odborné vzdělávání a přípravu, zkoumá úlohu "
     "mikrocertifikátů ve vzdělávání pro zaměstnanost. Pohled Vaší organizace je pro nás "
     "cenný.\n\nVyplnění dotazníku trvá přibližně 15 minut a dotazník je otevřen do {closing_date}. Odkaz "
     "je osobní; pokud vyplňování přerušíte, stránka Vám nabídne odkaz, kterým se ke svým odpovědím "
     "vrátíte.\n\n{link}\n\nDěkujeme za Váš čas.\n\nTým studie\n\nPokud si nepřejete dostávat další "
     "zprávy o tomto průzkumu: {optout_link}"},
    {"cs", "reminder", "Připomínka: průzkum Cedefop o mikrocertifikátech končí {closing_date}",
     "Dobrý den, {name},\n\npřed několika týdny jsme Vás pozvali k účasti v průzkumu Cedefop o "
     "mikrocertifikátech. Pokud jste dosud neměli čas, dotazník je otevřen do {closing_date} a jeho "
     "vyplnění trvá přibližně 15 minut. Váš osobní odkaz:\n\n{link}\n\nDěkujeme.\n\nTým studie\n\nPokud "
     "si nepřejete dostávat další zprávy o tomto průzkumu: {optout_link}"},
    {"da", "invitation", "Jeres syn på mikroeksamensbeviser: Cedefop-undersøgelse",
     "Kære {name}\n\nCedefop, EU's agentur for erhvervsuddannelse, undersøger mikroeksamensbevisers rolle i "
     "læring med henblik på beskæftigelse. Vi vil sætte stor pris på jeres organisations syn på "
     "emnet.\n\nSpørgeskemaet tager ca. 15 minutter og er åbent indtil den {closing_date}. Linket er "
     "personligt; hvis du stopper undervejs, giver siden dig et link, så du kan vende tilbage til dine "
     "svar.\n\n{link}\n\nTak for din tid.\n\nUndersøgelsens team\n\nHvis du ikke ønsker flere beskeder om "
     "denne undersøgelse: {optout_link}"},
    {"da", "reminder", "Påmindelse: Cedefops undersøgelse om mikroeksamensbeviser lukker den {closing_date}",
     "Kære {name}\n\nFor nogle uger siden inviterede vi dig til at deltage i Cedefops undersøgelse om "
     "mikroeksamensbeviser. Hvis du ikke har haft tid endnu, er spørgeskemaet åbent indtil den {closing_date} og "
     "tager ca. 15 minutter. Dit personlige link:\n\n{link}\n\nTak.\n\nUndersøgelsens team\n\nHvis du "
     "ikke ønsker flere beskeder om denne undersøgelse: {optout_link}"},
    {"el", "invitation", "Η άποψή σας για τα μικροδιαπιστευτήρια: έρευνα του Cedefop",
     "Αγαπητέ/Αγαπητή {name},\n\nΤο Cedefop, ο οργανισμός της ΕΕ για την επαγγελματική εκπαίδευση και "
     "κατάρτιση, μελετά τον ρόλο των μικροδιαπιστευτηρίων στη μάθηση για την απασχόληση. Η άποψη του "
     "οργανισμού σας θα ήταν πολύτιμη για εμάς.\n\nΤο ερωτηματολόγιο διαρκεί περίπου 15 λεπτά και είναι "
     "ανοιχτό έως τις {closing_date}. Ο σύνδεσμος είναι προσωπικός· αν διακόψετε στη μέση, η σελίδα σάς δίνει "
     "έναν σύνδεσμο για να επιστρέψετε στις απαντήσεις σας.\n\n{link}\n\nΣας ευχαριστούμε για τον χρόνο "
     "σας.\n\nΗ ομάδα της μελέτης\n\nΑν δεν επιθυμείτε να λαμβάνετε άλλα μηνύματα για αυτή την έρευνα: "
     "{optout_link}"},
    {"el", "reminder", "Υπενθύμιση: η έρευνα του Cedefop για τα μικροδιαπιστευτήρια κλείνει στις {closing_date}",
     "Αγαπητέ/Αγαπητή {name},\n\nΠριν από μερικές εβδομάδες σάς προσκαλέσαμε στην έρευνα του Cedefop για "
     "τα μικροδιαπιστευτήρια. Αν δεν είχατε ακόμη χρόνο, το ερωτηματολόγιο είναι ανοιχτό έως τις "
     "{closing_date} και διαρκεί περίπου 15 λεπτά. Ο προσωπικός σας σύνδεσμος:\n\n{link}\n\nΣας "
     "ευχαριστούμε.\n\nΗ ομάδα της μελέτης\n\nΑν δεν επιθυμείτε να λαμβάνετε άλλα μηνύματα για αυτή την "
     "έρευνα: {optout_link}"},
    {"es", "invitation", "Su opinión sobre las microcredenciales: encuesta del Cedefop",
     "Estimado/a {name}:\n\nEl Cedefop, la agencia de la UE para la formación profesional, está "
     "estudiando el papel de las microcredenciales en el aprendizaje para el empleo. Nos sería muy "
     "valiosa la opinión de su organización.\n\nEl cuestionario lleva unos 15 minutos y está abierto "
     "hasta el {closing_date}. El enlace es personal; si lo interrumpe a mitad, la página le da un enlace "
     "para volver a sus respuestas.\n\n{link}\n\nGracias por su tiempo.\n\nEl equipo del estudio\n\nSi no "
     "desea recibir más mensajes sobre esta encuesta: {optout_link}"},
    {"es", "reminder", "Recordatorio: la encuesta del Cedefop sobre microcredenciales se cierra el {closing_date}",
     "Estimado/a {name}:\n\nHace unas semanas le invitamos a participar en la encuesta del Cedefop sobre "
     "microcredenciales. Si todavía no ha tenido tiempo, el cuestionario está abierto hasta el "
     "{closing_date} y lleva unos 15 minutos. Su enlace personal:\n\n{link}\n\nGracias.\n\nEl equipo del "
     "estudio\n\nSi no desea recibir más mensajes sobre esta encuesta: {optout_link}"},
    {"et", "invitation", "Teie arvamus mikrokvalifikatsioonide kohta: Cedefopi küsitlus",
     "Lugupeetud {name}\n\nCedefop, ELi kutsehariduse ja -koolituse amet, uurib mikrokvalifikatsioonide "
     "rolli tööhõivele suunatud õppes. Teie organisatsiooni arvamus on meile väga "
     "oluline.\n\nKüsimustikule vastamine võtab umbes 15 minutit ja see on avatud kuni {closing_date}. "
     "Link on isiklik; kui katkestate poole pealt, annab leht teile lingi, millega oma vastuste juurde "
     "tagasi tulla.\n\n{link}\n\nTäname teid aja eest.\n\nUuringu meeskond\n\nKui te ei soovi selle "
     "küsitluse kohta rohkem sõnumeid: {optout_link}"},
    {"et", "reminder", "Meeldetuletus: Cedefopi mikrokvalifikatsioonide küsitlus sulgub {closing_date}",
     "Lugupeetud {name}\n\nMõni nädal tagasi kutsusime teid osalema Cedefopi mikrokvalifikatsioonide "
     "küsitluses. Kui teil pole veel olnud aega, on küsimustik avatud kuni {closing_date} ja vastamine "
     "võtab umbes 15 minutit. Teie isiklik link:\n\n{link}\n\nTäname teid.\n\nUuringu meeskond\n\nKui te "
     "ei soovi selle küsitluse kohta rohkem sõnumeid: {optout_link}"},
    {"fi", "invitation", "Näkemyksenne mikrotutkinnoista: Cedefopin kysely",
     "Hyvä {name}\n\nCedefop, EU:n ammatillisen koulutuksen virasto, tutkii mikrotutkintojen roolia "
     "työllistymistä tukevassa oppimisessa. Organisaationne näkemys olisi meille arvokas.\n\nKyselyyn "
     "vastaaminen kestää noin 15 minuuttia, ja kysely on avoinna {closing_date} asti. Linkki on "
     "henkilökohtainen; jos keskeytätte vastaamisen, sivu antaa teille linkin, jolla pääsette takaisin "
     "vastauksiinne.\n\n{link}\n\nKiitos ajastanne.\n\nTutkimusryhmä\n\nJos ette halua enää viestejä "
     "tästä kyselystä: {optout_link}"},
    {"fi", "reminder", "Muistutus: Cedefopin mikrotutkintoja koskeva kysely sulkeutuu {closing_date}",
     "Hyvä {name}\n\nKutsuimme teidät muutama viikko sitten vastaamaan Cedefopin mikrotutkintoja "
     "koskevaan kyselyyn. Jos ette ole vielä ehtineet vastata, kysely on avoinna {closing_date} asti, ja "
     "vastaaminen kestää noin 15 minuuttia. Henkilökohtainen "
     "linkkinne:\n\n{link}\n\nKiitos.\n\nTutkimusryhmä\n\nJos ette halua enää viestejä tästä kyselystä: "
     "{optout_link}"},
    {"ga", "invitation", "Do thuairim faoi mhicridhintiúir: suirbhé de chuid Cedefop",
     "A {name}, a chara,\n\nTá Cedefop, gníomhaireacht an Aontais um ghairmoideachas agus ghairmoiliúint, "
     "ag déanamh staidéir ar ról na micridhintiúr san fhoghlaim chun fostaíochta. Chuirfimis an-luach "
     "ar thuairim d'eagraíochta.\n\nTógann an ceistneoir timpeall 15 nóiméad agus beidh sé oscailte go "
     "dtí an {closing_date}. Is nasc pearsanta é; má stopann tú leath bealaigh, tugann an leathanach nasc "
     "duit chun filleadh ar d'fhreagraí.\n\n{link}\n\nGo raibh maith agat as do chuid ama.\n\nFoireann "
     "an staidéir\n\nMura dteastaíonn tuilleadh teachtaireachtaí uait faoin suirbhé seo: {optout_link}"},
    {"ga", "reminder", "Meabhrúchán: dúnfaidh suirbhé Cedefop ar mhicridhintiúir an {closing_date}",
     "A {name}, a chara,\n\nCúpla seachtain ó shin thugamar cuireadh duit páirt a ghlacadh i suirbhé "
     "Cedefop ar mhicridhintiúir. Mura raibh an t-am agat go fóill, beidh an ceistneoir oscailte go "
     "dtí an {closing_date} agus tógann sé timpeall 15 nóiméad. Do nasc pearsanta:\n\n{link}\n\nGo raibh "
     "maith agat.\n\nFoireann an staidéir\n\nMura dteastaíonn tuilleadh teachtaireachtaí uait faoin "
     "suirbhé seo: {optout_link}"},
    {"hr", "invitation", "Vaše mišljenje o mikrokvalifikacijama: anketa Cedefopa",
     "Poštovani/Poštovana {name},\n\nCedefop, agencija EU-a za strukovno obrazovanje i osposobljavanje, "
     "istražuje ulogu mikrokvalifikacija u učenju za zapošljavanje. Mišljenje Vaše organizacije bilo bi "
     "nam vrlo vrijedno.\n\nIspunjavanje upitnika traje oko 15 minuta, a upitnik je otvoren do "
     "{closing_date}. Poveznica je osobna; ako prekinete na pola puta, stranica će Vam dati poveznicu za "
     "povratak na Vaše odgovore.\n\n{link}\n\nZahvaljujemo na Vašem vremenu.\n\nIstraživački tim\n\nAko "
     "ne želite primati daljnje poruke o ovoj anketi: {optout_link}"},
    {"hr", "reminder", "Podsjetnik: anketa Cedefopa o mikrokvalifikacijama zatvara se {closing_date}",
     "Poštovani/Poštovana {name},\n\nprije nekoliko tjedana pozvali smo Vas da sudjelujete u anketi "
     "Cedefopa o mikrokvalifikacijama. Ako još niste stigli, upitnik je otvoren do {closing_date}, a "
     "ispunjavanje traje oko 15 minuta. Vaša osobna poveznica:\n\n{link}\n\nHvala Vam.\n\nIstraživački "
     "tim\n\nAko ne želite primati daljnje poruke o ovoj anketi: {optout_link}"},
    {"hu", "invitation", "Az Ön véleménye a mikrotanúsítványokról: a Cedefop felmérése",
     "Tisztelt {name}!\n\nA Cedefop, az EU szakképzési ügynöksége, a mikrotanúsítványok szerepét "
     "vizsgálja a foglalkoztatást szolgáló tanulásban. Nagyra értékelnénk szervezete véleményét.\n\nA "
     "kérdőív kitöltése körülbelül 15 percet vesz igénybe, és {closing_date} időpontig van nyitva. A "
     "hivatkozás személyes; ha félbehagyja a kitöltést, az oldal ad egy hivatkozást, amellyel "
     "visszatérhet a válaszaihoz.\n\n{link}\n\nKöszönjük, hogy időt szán ránk.\n\nA kutatócsoport\n\nHa "
     "nem kíván több üzenetet kapni erről a felmérésről: {optout_link}"},
    {"hu", "reminder", "Emlékeztető: a Cedefop mikrotanúsítványokról szóló felmérése lezárul: {closing_date}",
     "Tisztelt {name}!\n\nNéhány héttel ezelőtt meghívtuk Önt a Cedefop mikrotanúsítványokról szóló "
     "felmérésébe. Ha eddig nem volt rá ideje, a kérdőív {closing_date} időpontig van nyitva, és "
     "kitöltése körülbelül 15 percet vesz igénybe. Az Ön személyes "
     "hivatkozása:\n\n{link}\n\nKöszönjük.\n\nA kutatócsoport\n\nHa nem kíván több üzenetet kapni erről a "
     "felmérésről: {optout_link}"},
    {"it", "invitation", "La Sua opinione sulle microcredenziali: indagine del Cedefop",
     "Gentile {name},\n\nil Cedefop, l'agenzia dell'UE per l'istruzione e la formazione professionale, "
     "sta studiando il ruolo delle microcredenziali nell'apprendimento per l'occupazione. L'opinione "
     "della Sua organizzazione ci sarebbe molto preziosa.\n\nIl questionario richiede circa 15 minuti ed "
     "è aperto fino al {closing_date}. Il link è personale; se si interrompe a metà, la pagina Le "
     "fornisce un link per tornare alle Sue risposte.\n\n{link}\n\nLa ringraziamo per il Suo tempo.\n\nIl "
     "gruppo di studio\n\nSe non desidera ricevere altri messaggi su questa indagine: {optout_link}"},
    {"it", "reminder", "Promemoria: l'indagine del Cedefop sulle microcredenziali si chiude il {closing_date}",
     "Gentile {name},\n\nqualche settimana fa L'abbiamo invitata a partecipare all'indagine del Cedefop "
     "sulle microcredenziali. Se non ne ha ancora avuto il tempo, il questionario è aperto fino al "
     "{closing_date} e richiede circa 15 minuti. Il Suo link personale:\n\n{link}\n\nGrazie.\n\nIl gruppo "
     "di studio\n\nSe non desidera ricevere altri messaggi su questa indagine: {optout_link}"},
    {"lt", "invitation", "Jūsų nuomonė apie mikrokredencialus: Cedefop apklausa",
     "Gerb. {name},\n\nCedefop, ES profesinio mokymo agentūra, tiria mikrokredencialų vaidmenį mokantis "
     "užimtumo tikslais. Jūsų organizacijos nuomonė mums būtų labai vertinga.\n\nKlausimyną užpildyti "
     "užtrunka apie 15 minučių, jis atviras iki {closing_date}. Nuoroda yra asmeninė; jei nutrauksite "
     "pusiaukelėje, puslapyje gausite nuorodą, kuria galėsite grįžti prie savo "
     "atsakymų.\n\n{link}\n\nDėkojame už Jūsų laiką.\n\nTyrimo grupė\n\nJei nebenorite gauti pranešimų "
     "apie šią apklausą: {optout_link}"},
    {"lt", "reminder", "Priminimas: Cedefop apklausa apie mikrokredencialus baigiasi {closing_date}",
     "Gerb. {name},\n\nprieš keletą savaičių pakvietėme Jus dalyvauti Cedefop apklausoje apie "
     "mikrokredencialus. Jei dar neturėjote laiko, klausimynas atviras iki {closing_date}, o jį užpildyti "
     "užtrunka apie 15 minučių. Jūsų asmeninė nuoroda:\n\n{link}\n\nDėkojame.\n\nTyrimo grupė\n\nJei "
     "nebenorite gauti pranešimų apie šią apklausą: {optout_link}"},
    {"lv", "invitation", "Jūsu viedoklis par mikrokvalifikācijām: Cedefop aptauja",
     "Godātais/Godātā {name}!\n\nCedefop, ES profesionālās izglītības un apmācības aģentūra, pēta "
     "mikrokvalifikāciju lomu mācībās nodarbinātības nolūkā. Jūsu organizācijas viedoklis mums būtu ļoti "
     "vērtīgs.\n\nAnketas aizpildīšana aizņem aptuveni 15 minūtes, un tā ir atvērta līdz {closing_date}. "
     "Saite ir personīga; ja pārtraucat pusceļā, lapa jums sniegs saiti, ar kuru atgriezties pie savām "
     "atbildēm.\n\n{link}\n\nPaldies par jūsu laiku.\n\nPētījuma komanda\n\nJa nevēlaties saņemt vairs "
     "ziņojumus par šo aptauju: {optout_link}"},
    {"lv", "reminder", "Atgādinājums: Cedefop aptauja par mikrokvalifikācijām noslēdzas {closing_date}",
     "Godātais/Godātā {name}!\n\nPirms dažām nedēļām mēs jūs aicinājām piedalīties Cedefop aptaujā par "
     "mikrokvalifikācijām. Ja jums vēl nav bijis laika, anketa ir atvērta līdz {closing_date}, un tās "
     "aizpildīšana aizņem aptuveni 15 minūtes. Jūsu personīgā saite:\n\n{link}\n\nPaldies.\n\nPētījuma "
     "komanda\n\nJa nevēlaties saņemt vairs ziņojumus par šo aptauju: {optout_link}"},
    {"mt", "invitation", "Il-fehma tiegħek dwar il-mikrokredenzjali: stħarriġ tas-Cedefop",
     "Għażiż/Għażiża {name},\n\nIs-Cedefop, l-aġenzija tal-UE għall-edukazzjoni u t-taħriġ vokazzjonali, "
     "qed jistudja r-rwol tal-mikrokredenzjali fit-tagħlim għall-impjieg. Nagħtu ħafna valur lill-fehma "
     "tal-organizzazzjoni tiegħek.\n\nIl-kwestjonarju jieħu madwar 15-il minuta u jibqa' miftuħ sal-"
     "{closing_date}. Il-link hija personali; jekk tieqaf f'nofs triq, il-paġna tagħtik link biex terġa' "
     "lura għat-tweġibiet tiegħek.\n\n{link}\n\nGrazzi tal-ħin tiegħek.\n\nIt-tim tal-istudju\n\nJekk ma "
     "tridx aktar messaġġi dwar dan l-istħarriġ: {optout_link}"},
    {"mt", "reminder", "Tfakkira: l-istħarriġ tas-Cedefop dwar il-mikrokredenzjali jagħlaq fil-{closing_date}",
     "Għażiż/Għażiża {name},\n\nFtit ġimgħat ilu stednejnik tieħu sehem fl-istħarriġ tas-Cedefop dwar "
     "il-mikrokredenzjali. Jekk għadek ma sibtx il-ħin, il-kwestjonarju jibqa' miftuħ sal-{closing_date} u "
     "jieħu madwar 15-il minuta. Il-link personali tiegħek:\n\n{link}\n\nGrazzi.\n\nIt-tim "
     "tal-istudju\n\nJekk ma tridx aktar messaġġi dwar dan l-istħarriġ: {optout_link}"},
    {"nl", "invitation", "Uw mening over microcredentials: enquête van Cedefop",
     "Geachte {name},\n\nCedefop, het EU-agentschap voor beroepsonderwijs en -opleiding, onderzoekt de "
     "rol van microcredentials bij leren voor werk. Wij stellen de mening van uw organisatie zeer op "
     "prijs.\n\nDe vragenlijst duurt ongeveer 15 minuten en is open tot {closing_date}. De link is "
     "persoonlijk; als u halverwege stopt, geeft de pagina u een link om later naar uw antwoorden terug "
     "te keren.\n\n{link}\n\nHartelijk dank voor uw tijd.\n\nHet onderzoeksteam\n\nAls u geen berichten "
     "meer wilt ontvangen over deze enquête: {optout_link}"},
    {"nl", "reminder", "Herinnering: de enquête van Cedefop over microcredentials sluit op {closing_date}",
     "Geachte {name},\n\nEnkele weken geleden hebben wij u uitgenodigd voor de enquête van Cedefop over "
     "microcredentials. Als u nog geen tijd hebt gehad: de vragenlijst is open tot {closing_date} en "
     "duurt ongeveer 15 minuten. Uw persoonlijke link:\n\n{link}\n\nHartelijk dank.\n\nHet "
     "onderzoeksteam\n\nAls u geen berichten meer wilt ontvangen over deze enquête: {optout_link}"},
    {"pl", "invitation", "Państwa opinia o mikropoświadczeniach: ankieta Cedefop",
     "Szanowni Państwo ({name}),\n\nCedefop, agencja UE ds. kształcenia i szkolenia zawodowego, bada rolę "
     "mikropoświadczeń w uczeniu się na potrzeby zatrudnienia. Opinia Państwa organizacji byłaby dla nas "
     "bardzo cenna.\n\nWypełnienie kwestionariusza zajmuje około 15 minut; jest on dostępny do "
     "{closing_date}. Link jest osobisty; jeśli przerwą Państwo w połowie, strona poda link umożliwiający "
     "powrót do odpowiedzi.\n\n{link}\n\nDziękujemy za poświęcony czas.\n\nZespół badawczy\n\nJeśli nie "
     "chcą Państwo otrzymywać dalszych wiadomości o tej ankiecie: {optout_link}"},
    {"pl", "reminder", "Przypomnienie: ankieta Cedefop o mikropoświadczeniach zostanie zamknięta {closing_date}",
     "Szanowni Państwo ({name}),\n\nkilka tygodni temu zaprosiliśmy Państwa do udziału w ankiecie Cedefop "
     "o mikropoświadczeniach. Jeśli nie mieli Państwo jeszcze czasu, kwestionariusz jest dostępny do "
     "{closing_date}, a jego wypełnienie zajmuje około 15 minut. Państwa osobisty "
     "link:\n\n{link}\n\nDziękujemy.\n\nZespół badawczy\n\nJeśli nie chcą Państwo otrzymywać dalszych "
     "wiadomości o tej ankiecie: {optout_link}"},
    {"pt", "invitation", "A sua opinião sobre as microcredenciais: inquérito do Cedefop",
     "Caro(a) {name},\n\nO Cedefop, a agência da UE para o ensino e a formação profissionais, está a "
     "estudar o papel das microcredenciais na aprendizagem para o emprego. A opinião da sua organização "
     "seria muito valiosa para nós.\n\nO questionário demora cerca de 15 minutos e está aberto até "
     "{closing_date}. A ligação é pessoal; se interromper a meio, a página dá-lhe uma ligação para voltar "
     "às suas respostas.\n\n{link}\n\nObrigado pelo seu tempo.\n\nA equipa do estudo\n\nSe não pretender "
     "receber mais mensagens sobre este inquérito: {optout_link}"},
    {"pt", "reminder", "Lembrete: o inquérito do Cedefop sobre microcredenciais encerra a {closing_date}",
     "Caro(a) {name},\n\nHá algumas semanas convidámo-lo(a) a participar no inquérito do Cedefop sobre "
     "microcredenciais. Se ainda não teve tempo, o questionário está aberto até {closing_date} e demora "
     "cerca de 15 minutos. A sua ligação pessoal:\n\n{link}\n\nObrigado.\n\nA equipa do estudo\n\nSe não "
     "pretender receber mais mensagens sobre este inquérito: {optout_link}"},
    {"ro", "invitation", "Opinia dumneavoastră despre microcertificate: sondajul Cedefop",
     "Stimate/Stimată {name},\n\nCedefop, agenția UE pentru educație și formare profesională, studiază "
     "rolul microcertificatelor în învățarea în vederea ocupării unui loc de muncă. Opinia organizației "
     "dumneavoastră ne-ar fi foarte utilă.\n\nCompletarea chestionarului durează aproximativ 15 minute, "
     "iar chestionarul este deschis până la {closing_date}. Linkul este personal; dacă vă opriți la "
     "jumătatea drumului, pagina vă oferă un link pentru a reveni la răspunsurile "
     "dumneavoastră.\n\n{link}\n\nVă mulțumim pentru timpul acordat.\n\nEchipa studiului\n\nDacă nu mai "
     "doriți să primiți mesaje despre acest sondaj: {optout_link}"},
    {"ro", "reminder", "Memento: sondajul Cedefop privind microcertificatele se închide la {closing_date}",
     "Stimate/Stimată {name},\n\nAcum câteva săptămâni v-am invitat să participați la sondajul Cedefop "
     "privind microcertificatele. Dacă nu ați avut încă timp, chestionarul este deschis până la "
     "{closing_date} și durează aproximativ 15 minute. Linkul dumneavoastră personal:\n\n{link}\n\nVă "
     "mulțumim.\n\nEchipa studiului\n\nDacă nu mai doriți să primiți mesaje despre acest sondaj: "
     "{optout_link}"},
    {"sk", "invitation", "Váš pohľad na mikrocertifikáty: prieskum Cedefop",
     "Dobrý deň, {name},\n\nCedefop, agentúra EÚ pre odborné vzdelávanie a prípravu, skúma úlohu "
     "mikrocertifikátov vo vzdelávaní pre zamestnanosť. Pohľad Vašej organizácie je pre nás "
     "cenný.\n\nVyplnenie dotazníka trvá približne 15 minút a dotazník je otvorený do {closing_date}. "
     "Odkaz je osobný; ak vypĺňanie prerušíte, stránka Vám ponúkne odkaz, ktorým sa k svojim odpovediam "
     "vrátite.\n\n{link}\n\nĎakujeme za Váš čas.\n\nTím štúdie\n\nAk si neželáte dostávať ďalšie správy o "
     "tomto prieskume: {optout_link}"},
    {"sk", "reminder", "Pripomienka: prieskum Cedefop o mikrocertifikátoch sa končí {closing_date}",
     "Dobrý deň, {name},\n\npred niekoľkými týždňami sme Vás pozvali na účasť v prieskume Cedefop o "
     "mikrocertifikátoch. Ak ste doteraz nemali čas, dotazník je otvorený do {closing_date} a jeho "
     "vyplnenie trvá približne 15 minút. Váš osobný odkaz:\n\n{link}\n\nĎakujeme.\n\nTím štúdie\n\nAk si "
     "neželáte dostávať ďalšie správy o tomto prieskume: {optout_link}"},
    {"sl", "invitation", "Vaše mnenje o mikrodokazilih: anketa Cedefopa",
     "Spoštovani/Spoštovana {name},\n\nCedefop, agencija EU za poklicno izobraževanje in usposabljanje, "
     "preučuje vlogo mikrodokazil pri učenju za zaposlitev. Mnenje vaše organizacije bi nam bilo zelo "
     "dragoceno.\n\nIzpolnjevanje vprašalnika traja približno 15 minut, vprašalnik pa je odprt do "
     "{closing_date}. Povezava je osebna; če izpolnjevanje prekinete, vam stran da povezavo, s katero se "
     "vrnete k svojim odgovorom.\n\n{link}\n\nZahvaljujemo se vam za vaš čas.\n\nRaziskovalna "
     "skupina\n\nČe ne želite več prejemati sporočil o tej anketi: {optout_link}"},
    {"sl", "reminder", "Opomnik: anketa Cedefopa o mikrodokazilih se zapre {closing_date}",
     "Spoštovani/Spoštovana {name},\n\npred nekaj tedni smo vas povabili k sodelovanju v anketi Cedefopa "
     "o mikrodokazilih. Če še niste imeli časa, je vprašalnik odprt do {closing_date}, izpolnjevanje pa "
     "traja približno 15 minut. Vaša osebna povezava:\n\n{link}\n\nHvala.\n\nRaziskovalna skupina\n\nČe "
     "ne želite več prejemati sporočil o tej anketi: {optout_link}"},
    {"sv", "invitation", "Er syn på mikromeriter: Cedefops enkät",
     "Hej {name},\n\nCedefop, EU:s byrå för yrkesutbildning, studerar vilken roll mikromeriter spelar för "
     "lärande som leder till arbete. Vi skulle sätta stort värde på er organisations "
     "syn.\n\nFrågeformuläret tar cirka 15 minuter och är öppet till och med den {closing_date}. Länken är "
     "personlig; om du avbryter halvvägs ger sidan dig en länk så att du kan komma tillbaka till dina "
     "svar.\n\n{link}\n\nTack för din tid.\n\nStudiens team\n\nOm du inte vill ha fler meddelanden om den "
     "här enkäten: {optout_link}"},
    {"sv", "reminder", "Påminnelse: Cedefops enkät om mikromeriter stänger den {closing_date}",
     "Hej {name},\n\nför några veckor sedan bjöd vi in dig till Cedefops enkät om mikromeriter. Om du "
     "inte har hunnit ännu är frågeformuläret öppet till och med den {closing_date} och tar cirka 15 minuter. "
     "Din personliga länk:\n\n{link}\n\nTack.\n\nStudiens team\n\nOm du inte vill ha fler meddelanden om "
     "den här enkäten: {optout_link}"},
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

std::vector<std::string> DefaultLanguages() {
  std::vector<std::string> out;
  for (const auto& b : kBuiltins) {
    if (std::find(out.begin(), out.end(), b.lang) == out.end()) out.push_back(b.lang);
  }
  return out;
}

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
