// The answers a respondent gets when a request is turned away before any page handles it (session
// 12, i18n4): a body too large (413), a request the server cannot read (400) or whose headers are
// too large (431), too many connections (503) or a storage that cannot answer (503), a failed
// handler (500), an unknown address (404), a method the address does not take (405), too many posts
// (429). They were the HTTP server's English sentences; now they speak the respondent's language
// as a small page for a browser, a line of text for other programs, and stay JSON under /api/.
#pragma once
#include <string>
#include <vector>

#include "http/http.h"

namespace mcs::web {

class FormRegistry;

// The language of a turned-away request, as the respondent pages choose it: `wanted` or ?lang= or
// the browser's Accept-Language, among the interface's languages; else, on /s/{form_id}/..., that
// form's default language (when `forms` knows it); else the study's source language; else "en".
std::string RefusalLang(const http::Request& req, const FormRegistry* forms, const std::string& wanted = "");

// A refusal worded for its client, with status `status`:
//  - under /api/: {"error": `english`}, as the API's own errors;
//  - a browser (its Accept names text/html, or nothing of the request could be read): a page in
//    `lang` (lang and dir attributes) with `title`, `paragraphs` and a link to the study's home page;
//  - any other client: `title` and `paragraphs` as plain text in `lang`.
// Content-Language says `lang`; never stored (Cache-Control: no-store); Retry-After when
// `retry_after` > 0. Nothing of the request is written back but `lang`, one of the interface's codes.
http::Response RefusalFor(const http::Request& req, int status, int retry_after, const std::string& lang,
                          const std::string& title, const std::vector<std::string>& paragraphs,
                          const std::string& english);

// The server's and the router's refusals (http::Refusal) worded as RefusalFor does, in RefusalLang's
// language. Reads the forms' registry only (memory, no storage): it runs on an I/O thread.
http::Response RefusalResponse(http::Refusal why, const http::Request& req, const FormRegistry* forms);

// RefusalResponse bound to `forms`: what ServerOptions::refusal and Router::SetRefusal take.
http::RefusalPage RefusalPageFor(const FormRegistry& forms);

}  // namespace mcs::web
