// Acknowledging the privacy notice before the first question (issue 25). A per-form setting: when on,
// a respondent sees the notice and ticks "I have read the privacy notice" before any question is
// shown or taken; the response records when, and which notice (a hash of the text shown), so a later
// change of the notice is visible in the data. The respondent pages, the JSON API, the console and
// the command line all decide through these functions.
//
// Why a precondition of the flow and not a step of the engine's (engine/flow.h): the engine walks the
// form's own pages, whose numbers are stored as positions, key the page cache and the browser-side
// logic; the acknowledgement belongs to no form version (the team turns it on or off without a new
// version) and its text lives in storage, which the engine never reads. Like the answering window and
// the CSRF check, it is decided before the engine is asked, and it is decided here, once.
#pragma once
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "privacy/privacy.h"
#include "storage/storage.h"

namespace mcs::privacy {

// The setting that holds it: "on" or "off"; absent when the form never asked.
std::string AcknowledgementSettingKey(const std::string& form_id);
// Whether respondents of `form_id` must acknowledge the notice before the first question.
bool AcknowledgementRequired(storage::Storage& s, const std::string& form_id);
// Whether the form asks now or ever asked (the setting exists): its exports then carry the columns.
bool AcknowledgementAsked(storage::Storage& s, const std::string& form_id);
// Turns it on or off; audited ("privacy-acknowledgement").
Status SetAcknowledgementRequired(storage::Storage& s, const std::string& form_id, bool on, const Actor& who);

// What the software itself does with a respondent's data, in plain words, in `lang` (the i18n text
// `privacy_default`, as /privacy shows it): the notice shown until the team writes one.
std::string BuiltInNotice(const std::string& lang);
// The notice a respondent of `form_id` acknowledges in `lang` (`form_lang`: the form's default): the
// study's notice and the form's own as the team wrote them, else the built-in text. Paragraphs are
// separated by blank lines.
std::string NoticeToAcknowledge(storage::Storage& s, const std::string& form_id, const std::string& lang,
                                const std::string& form_lang);
// The paragraphs of a notice's text: blank lines separate them, lines within one are joined.
std::vector<std::string> NoticeParagraphs(const std::string& text);
// Which notice: "sha256:" and the first 16 hex digits of the SHA-256 of `text`.
std::string NoticeVersion(const std::string& text);
// Records on `r` that its respondent acknowledged `text` at `now`.
void Acknowledge(storage::ResponseRecord& r, const std::string& text, TimeMs now);

}  // namespace mcs::privacy
