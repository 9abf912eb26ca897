// A copy of one's answers (issue 23): GET /s/{form_id}/r/{token}/answers.pdf gives the respondent of
// a completed response its answers in the questionnaire's paper layout, filled in
// (questionnaire_print.h). The resume token is the key, as for the thank-you page it comes from:
// another response's token, a partial response's, or none gives 404. Never cached (no-store), no
// Referer sent on (the token is in the address), a few per minute per client address (each is a
// Chromium print). Without Chromium on the server it is the same copy as an HTML page that says so.
#pragma once
#include <string>

#include "form/form.h"
#include "http/http.h"

namespace mcs::web {

class App;

void AddAnswersCopyRoutes(App& app, http::Router& r);

// The thank-you page's paragraph with the link to the copy, in `lang`.
std::string AnswersCopyLink(const form::Form& f, const std::string& token, const std::string& lang);

}  // namespace mcs::web
