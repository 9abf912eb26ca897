// Answers ↔ JSON. Two shapes:
//  - stored: every value a string in canonical form, repeats as arrays of objects (what Storage keeps);
//  - API (INTERFACE.md): integers and decimals as numbers, select_multiple as arrays of choice names.
#pragma once
#include <boost/json/fwd.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/engine.h"

namespace mcs::engine {

std::string ToStoredJson(const Answers& a);
Result<Answers> FromStoredJson(std::string_view json);

// Splits answers into the part stored with the response and the personal data kept apart.
void SplitPersonal(const form::Form& f, const Answers& all, Answers& answers, Answers& personal);
// The inverse: merges personal data back.
void MergePersonal(Answers& into, const Answers& personal);

boost::json::object ToApiJson(const form::Form& f, const Answers& a);

// Reads an API submission's "answers" object: each value checked against its question's type
// (Canonicalize), unknown names refused. Errors use the same messages as the pages.
Answers FromApiJson(const form::Form& f, const boost::json::object& answers, std::string_view lang,
                    std::vector<FieldError>& errors);

}  // namespace mcs::engine
