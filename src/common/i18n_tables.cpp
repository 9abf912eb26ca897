// The interface's texts in languages other than English (keys: see English() in i18n.cpp).
// A missing key falls back to English.
#include <map>
#include <string>

namespace mcs::i18n {

using Table = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, Table, std::less<>>& Translations() {
  static const std::map<std::string, Table, std::less<>> kTables = {
      {"fr",
       {
           {"required", "Cette question est obligatoire."},
           {"constraint", "Cette réponse n'est pas acceptée. Veuillez la vérifier."},
           {"integer", "Saisissez un nombre entier, par exemple 12."},
           {"decimal", "Saisissez un nombre, par exemple 2,5."},
           {"date", "Saisissez une date réelle, par exemple 2026-07-05."},
           {"choice", "Choisissez l'une des options proposées."},
           {"too_long", "Cette réponse est trop longue : 10 000 caractères au maximum."},
           {"continue", "Continuer"},
           {"submit", "Envoyer vos réponses"},
           {"back", "Retour"},
           {"save_later", "Enregistrer et continuer plus tard"},
           {"page_of", "Page {0} sur {1}"},
           {"there_is_a_problem", "Il y a un problème"},
           {"error_prefix", "Erreur :"},
           {"required_marker", "(obligatoire)"},
           {"skip_link", "Aller au contenu principal"},
           {"language", "Langue"},
           {"continue_later_title", "Continuer plus tard"},
           {"continue_later_text",
            "Vos réponses sont enregistrées au fur et à mesure. Pour y revenir, sur cet appareil ou un autre, "
            "utilisez ce lien :"},
           {"saved_notice",
            "Vos réponses ont été enregistrées. Vous pouvez fermer cette page et revenir plus tard avec le lien "
            "ci-dessous."},
           {"thank_you_title", "Merci : vos réponses ont été envoyées"},
           {"thank_you_text", "Vos réponses à « {0} » ont été reçues et enregistrées."},
           {"thank_you_more",
            "Merci de votre participation à l'étude. Vos réponses ne peuvent plus être modifiées avec ce lien."},
           {"your_reference", "Votre référence"},
           {"back_home", "Retour à la page d'accueil de l'étude"},
           {"closed_title", "Ce questionnaire est fermé"},
           {"closed_text", "Ce questionnaire est fermé. Merci de votre intérêt."},
           {"not_open_yet", "Ce questionnaire n'est pas encore ouvert. Il ouvre le {0}."},
           {"not_saved_title", "Vos réponses n'ont pas pu être enregistrées"},
           {"not_saved_text",
            "Vos réponses n'ont pas pu être enregistrées, veuillez réessayer dans un instant. Revenez à la page avec "
            "le bouton Retour de votre navigateur : ce que vous avez saisi y est toujours."},
           {"answer_only_if", "Répondez seulement si vous avez choisi « {0} » pour « {1} »."},
           {"answer_only_if_generic", "Répondez seulement si cela s'applique à vos réponses ci-dessus."},
           {"repeat_of", "{0} ({1} sur {2})"},
           {"study_header", "Étude du Cedefop"},
           {"study_title", "Le rôle des microcertifications pour faciliter l'apprentissage en vue de l'emploi"},
           {"study_intro",
            "Cette étude examine comment les microcertifications soutiennent l'apprentissage en vue de l'emploi : ce "
            "qu'elles sont, qui les propose et les utilise, à quoi elles servent et quelle confiance elles inspirent. "
            "Une microcertification est une preuve des acquis d'apprentissage qu'un apprenant a obtenus à la suite "
            "d'une courte expérience d'apprentissage, évalués selon des normes transparentes. Veuillez choisir le "
            "questionnaire qui correspond à votre organisation. Il prend environ 15 minutes ; vous pouvez "
            "l'interrompre et le reprendre plus tard."},
           {"study_privacy",
            "Étude organisée par le Cedefop, le Centre européen pour le développement de la formation "
            "professionnelle. Les réponses sont anonymes : aucune adresse IP n'est conservée. Les coordonnées ne sont "
            "demandées que pour un éventuel entretien de suivi et sont conservées séparément des réponses."},
           {"answer_by", "Merci de répondre avant le {0}."},
           {"choose_questionnaire", "Choisissez le questionnaire de votre organisation"},
           {"closed_short", "Fermé."},
           {"open_until", "Ouvert jusqu'au {0}."},
           {"brussels_datetime", "{0} {1} {2} à {3} (heure de Bruxelles, {4})"},
           {"month_1", "janvier"}, {"month_2", "février"}, {"month_3", "mars"}, {"month_4", "avril"},
           {"month_5", "mai"}, {"month_6", "juin"}, {"month_7", "juillet"}, {"month_8", "août"},
           {"month_9", "septembre"}, {"month_10", "octobre"}, {"month_11", "novembre"}, {"month_12", "décembre"},
           {"group_vet_providers", "Prestataires d'EFP"},
           {"group_vet_providers_desc",
            "Écoles, lycées professionnels, centres de formation, hautes écoles spécialisées, plateformes de MOOC et "
            "organismes privés."},
           {"group_authorities", "Autorités nationales et régionales"},
           {"group_authorities_desc", "Ministères, agences de certification et organismes d'assurance qualité."},
           {"group_employers", "Employeurs et organisations d'employeurs"},
           {"group_employers_desc", "Entreprises, chambres, organisations sectorielles et d'employeurs."},
           {"group_employee_orgs", "Organisations représentant les travailleurs"},
           {"group_employee_orgs_desc", "Syndicats et leurs confédérations."},
       }},
      {"de",
       {
           {"required", "Diese Frage muss beantwortet werden."},
           {"constraint", "Diese Antwort wird nicht akzeptiert. Bitte prüfen Sie sie."},
           {"integer", "Geben Sie eine ganze Zahl ein, zum Beispiel 12."},
           {"decimal", "Geben Sie eine Zahl ein, zum Beispiel 2,5."},
           {"date", "Geben Sie ein gültiges Datum ein, zum Beispiel 2026-07-05."},
           {"choice", "Wählen Sie eine der angebotenen Möglichkeiten."},
           {"too_long", "Diese Antwort ist zu lang: höchstens 10.000 Zeichen."},
           {"continue", "Weiter"},
           {"submit", "Antworten absenden"},
           {"back", "Zurück"},
           {"save_later", "Speichern und später fortsetzen"},
           {"page_of", "Seite {0} von {1}"},
           {"there_is_a_problem", "Es gibt ein Problem"},
           {"error_prefix", "Fehler:"},
           {"required_marker", "(Pflichtfrage)"},
           {"skip_link", "Zum Hauptinhalt springen"},
           {"language", "Sprache"},
           {"continue_later_title", "Später fortsetzen"},
           {"continue_later_text",
            "Ihre Antworten werden laufend gespeichert. Um später weiterzumachen, auf diesem oder einem anderen "
            "Gerät, verwenden Sie diesen Link:"},
           {"saved_notice",
            "Ihre Antworten wurden gespeichert. Sie können diese Seite schließen und später mit dem Link unten "
            "weitermachen."},
           {"thank_you_title", "Vielen Dank: Ihre Antworten wurden gesendet"},
           {"thank_you_text", "Ihre Antworten zu „{0}“ wurden empfangen und gespeichert."},
           {"thank_you_more",
            "Vielen Dank für Ihre Teilnahme an der Studie. Über diesen Link können Ihre Antworten nicht mehr "
            "geändert werden."},
           {"your_reference", "Ihre Referenznummer"},
           {"back_home", "Zurück zur Startseite der Studie"},
           {"closed_title", "Dieser Fragebogen ist geschlossen"},
           {"closed_text", "Dieser Fragebogen ist geschlossen. Vielen Dank für Ihr Interesse."},
           {"not_open_yet", "Dieser Fragebogen ist noch nicht geöffnet. Er öffnet am {0}."},
           {"not_saved_title", "Ihre Antworten konnten nicht gespeichert werden"},
           {"not_saved_text",
            "Ihre Antworten konnten nicht gespeichert werden, bitte versuchen Sie es gleich noch einmal. Kehren Sie "
            "mit der Zurück-Taste Ihres Browsers zur Seite zurück: Ihre Eingaben sind noch da."},
           {"answer_only_if", "Nur beantworten, wenn Sie bei „{1}“ „{0}“ gewählt haben."},
           {"answer_only_if_generic", "Nur beantworten, wenn es auf Ihre Antworten oben zutrifft."},
           {"repeat_of", "{0} ({1} von {2})"},
           {"study_header", "Cedefop-Studie"},
           {"study_title", "Die Rolle von Microcredentials bei der Förderung des Lernens für die Beschäftigung"},
           {"study_intro",
            "Diese Studie untersucht, wie Microcredentials das Lernen für die Beschäftigung unterstützen: was sie "
            "sind, wer sie anbietet und nutzt, wozu sie dienen und wie sehr man ihnen vertraut. Ein Microcredential "
            "ist ein Nachweis der Lernergebnisse, die eine lernende Person nach einer kurzen Lernerfahrung erworben "
            "hat und die anhand transparenter Standards bewertet wurden. Bitte wählen Sie den Fragebogen für Ihre "
            "Organisation. Er dauert etwa 15 Minuten; Sie können jederzeit unterbrechen und später weitermachen."},
           {"study_privacy",
            "Durchgeführt vom Cedefop, dem Europäischen Zentrum für die Förderung der Berufsbildung. Die Antworten "
            "sind anonym: Es werden keine IP-Adressen gespeichert. Kontaktdaten werden nur für ein freiwilliges "
            "Folgeinterview erfragt und getrennt von den Antworten aufbewahrt."},
           {"answer_by", "Bitte antworten Sie bis {0}."},
           {"choose_questionnaire", "Wählen Sie den Fragebogen für Ihre Organisation"},
           {"closed_short", "Geschlossen."},
           {"open_until", "Geöffnet bis {0}."},
           {"brussels_datetime", "{0}. {1} {2}, {3} Uhr (Brüsseler Zeit, {4})"},
           {"month_1", "Januar"}, {"month_2", "Februar"}, {"month_3", "März"}, {"month_4", "April"},
           {"month_5", "Mai"}, {"month_6", "Juni"}, {"month_7", "Juli"}, {"month_8", "August"},
           {"month_9", "September"}, {"month_10", "Oktober"}, {"month_11", "November"}, {"month_12", "Dezember"},
           {"group_vet_providers", "Berufsbildungsanbieter"},
           {"group_vet_providers_desc",
            "Schulen, Berufskollegs, Bildungszentren, Fachhochschulen, MOOC- und private Anbieter."},
           {"group_authorities", "Nationale und regionale Behörden"},
           {"group_authorities_desc", "Ministerien, Qualifikations- und Qualitätssicherungsstellen."},
           {"group_employers", "Arbeitgeber und Arbeitgeberorganisationen"},
           {"group_employers_desc", "Unternehmen, Kammern, Branchen- und Arbeitgeberverbände."},
           {"group_employee_orgs", "Organisationen der Arbeitnehmerinnen und Arbeitnehmer"},
           {"group_employee_orgs_desc", "Gewerkschaften und ihre Dachverbände."},
       }},
  };
  return kTables;
}

}  // namespace mcs::i18n
