// The browser half of the expression engine: JavaScript generated from the parse tree, so that
// pages re-evaluate relevance, constraints and calculations as the respondent types with the very
// logic the server applies. The output is one JavaScript expression over the runtime `R` of
// src/web/assets/mcsurvey-xpath.js and an evaluation context `c` (its EvalContext), e.g.
//
//   ${age} >= 18 and selected(${langs}, 'fr')
//   → (R.b(R.ge(R.ref(c,"age"),18)) && R.b(R.fn["selected"](c,R.ref(c,"langs"),"fr")))
//
// Never the source text: the tree is walked node by node, every operator and function mapped to
// its runtime counterpart. The output is plain ASCII (other characters are \u escapes) and safe
// inside an external script; it needs no eval().
#pragma once
#include <stdexcept>
#include <string>

#include "xpath/xpath.h"

namespace mcs::xpath {

// Thrown when the tree holds something the browser runtime has no counterpart for (a function
// added to the library without one): a programmer error, caught by the corpus tests.
class JsCodegenError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// One JavaScript expression evaluating `e` with R and c in scope; its value is an R value (string,
// number, boolean or R.Node). An empty expression gives "\"\"". Throws JsCodegenError.
std::string ToJavaScript(const Expression& e);

// `text` as a JavaScript string literal in double quotes, ASCII only ("<" escaped too, so the
// result can sit anywhere in a script).
std::string JsStringLiteral(std::string_view text);

}  // namespace mcs::xpath
