// The browser-side logic of a form version: GET /s/{form_id}/logic.js?v={version}, a script that
// registers, for every relevant / constraint / required / calculation expression of the form, a
// function generated from the server's own syntax tree (xpath::ToJavaScript), to run on the
// runtime of /static/mcsurvey-xpath.js. /static/mcsurvey.js uses it to show and hide questions,
// update calculations and piped labels, and show constraint messages as the respondent types.
// Pages work the same without it: the server stays the authority on every post.
#pragma once
#include <string>
#include <vector>

#include "engine/engine.h"
#include "form/form.h"
#include "http/http.h"

namespace mcs::web {

class App;

// The script for one form version (generated once per version, then served from memory);
// 404 when the version is unknown. Cached for a year: the version is in the URL.
http::Response LogicScript(App& app, const std::string& form_id, const std::string& version);

// Registers GET /s/{form_id}/logic.js.
void AddLogicRoutes(App& app, http::Router& r);

// The generated script itself (what LogicScript serves), for tests.
std::string GenerateLogicScript(const form::Form& f);

// What a question page adds at the end of its body for the browser-side logic: the data blocks
// mcs-logic (which form version, page, language and questions) and mcs-answers (the answers the
// expressions may refer to), and the three external scripts. Data blocks are JSON with '<', '>'
// and '&' escaped, so no answer can close the script element. `stored`: the text of mcs-answers
// when given (a kept page's placeholder).
std::string LogicPageScripts(const form::Form& f, const engine::Answers& answers, int instance,
                             const std::string& lang, const std::vector<int>& questions,
                             const std::string* stored = nullptr);

// The text of the mcs-answers data block: `stored` when given, else the answers the page's script
// can read (named in an expression it runs or a text it pipes, and the calculations), without
// personal data; escaped for a script element.
std::string PageAnswersData(const form::Form& f, const engine::Answers& answers, const std::string* stored);

}  // namespace mcs::web
