// The interface language of a request that names no response and no form language: a page whose
// link is broken, unknown or used up still speaks the respondent's language (issue 24).
#pragma once
#include <string>

#include "http/http.h"

namespace mcs::web {

// `wanted` when the interface has it, else ?lang=, else the browser's first Accept-Language the
// interface has (primary subtag: "fr-BE" → "fr"), else `fallback`.
std::string RequestLang(const http::Request& req, const std::string& wanted = "", const std::string& fallback = "en");

// A respondent's page that only reads, when the storage cannot answer (the database server
// restarting): 503, a page in `lang` saying to try again in a minute, Retry-After: 5 (as the
// HTTP server's own 503), not stored.
http::Response UnavailablePage(const std::string& lang);

}  // namespace mcs::web
