// A form's identity (form_id and version) is written into URLs, response headers, metric labels and
// generated script: it is held to a strict pattern when the form is compiled, so no later writer
// has to trust it.
#pragma once
#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "xlsform/workbook.h"

namespace mcs::form {

// form_id: an ASCII letter or '_', then up to 63 ASCII letters, digits, '_', '-', '.'. This is an
// XML name (what pyxform asks of form_id) restricted to ASCII, so it is also a URL path segment.
inline constexpr std::string_view kFormIdPattern = "[A-Za-z_][A-Za-z0-9_.-]{0,63}";
// version: an ASCII letter or digit, then up to 63 ASCII letters, digits, '_', '-', '.', ':', '+'
// (pyxform takes any string; ODK's usual versions, 2026112801, 1.2.0, 2024-01-01, v2, fit).
inline constexpr std::string_view kVersionPattern = "[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}";

bool IsValidFormId(std::string_view id);
bool IsValidVersion(std::string_view version);

// Errors for a form_id or version outside its pattern, located at the settings cell they came from
// (SHEET:ROW:COLUMN), or at the file when the form_id is the file's name.
void CheckFormIdentity(const xlsform::Workbook& wb, const std::string& id, const std::string& version,
                       Diagnostics& diags);

}  // namespace mcs::form
