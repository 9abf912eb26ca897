// The XLSForm expression language: the ODK dialect of XPath 1.0 (relevant, constraint, required,
// calculation, choice_filter, default). Public surface of src/xpath; everything else is internal/.
//
//   auto expr = xpath::Parse("${age} >= 18 and selected(${langs}, 'fr')");
//   if (!expr.ok()) ... expr.error().position, expr.error().message
//   xpath::Value v = xpath::Evaluate(*expr, context);
//
// Knows nothing of forms, HTTP or storage: names are resolved through EvalContext.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcs::xpath {

// An XPath 1.0 value. Node-sets never escape evaluation: a reference evaluates to the string value
// of the answer it names (the empty string when unanswered).
class Value {
 public:
  enum class Type { kString, kNumber, kBoolean };
  Value() : v_(std::string()) {}
  static Value String(std::string s) { return Value(std::move(s)); }
  static Value Number(double d) { return Value(d); }
  static Value Boolean(bool b) { return Value(b); }

  Type type() const { return static_cast<Type>(v_.index()); }
  // XPath 1.0 conversions (string(), number(), boolean()). ToNumber() is ODK's number(): besides
  // XPath numbers it turns 'YYYY-MM-DD' into days since 1970-01-01 and a dateTime into fractional
  // days, so that dates compare and subtract.
  std::string ToString() const;
  double ToNumber() const;
  bool ToBoolean() const;

 private:
  explicit Value(std::string s) : v_(std::move(s)) {}
  explicit Value(double d) : v_(d) {}
  explicit Value(bool b) : v_(b) {}
  std::variant<std::string, double, bool> v_;
};

// XPath's string() of a number: 1, 1.5, -0.25, NaN, Infinity, -Infinity; no exponent notation.
std::string FormatNumber(double d);

// kUnsupported: valid XPath this dialect leaves out (paths other than ${name}, '.', position(..);
// unions; instance(); over-long or over-deep expressions).
enum class ErrorKind { kSyntax, kUnknownFunction, kArity, kUnsupported };

struct ParseError {
  ErrorKind kind = ErrorKind::kSyntax;
  std::size_t position = 0;  // 0-based byte offset into the expression text
  std::string message;       // e.g. "expected ')'", "unknown function 'foo'"
};

namespace internal {
struct Node;
class Parser;
}

// A parsed expression: immutable, cheap to share between threads.
class Expression {
 public:
  const std::string& text() const { return text_; }
  // Every ${name} the expression mentions, in order of first appearance, without duplicates.
  const std::vector<std::string>& references() const { return refs_; }
  const internal::Node* root() const { return root_.get(); }

 private:
  friend class internal::Parser;
  std::string text_;
  std::vector<std::string> refs_;
  std::shared_ptr<const internal::Node> root_;
};

// Parses `text`. Returns the expression or the first error.
class ParseResult {
 public:
  bool ok() const { return ok_; }
  const Expression& operator*() const { return expr_; }
  const Expression* operator->() const { return &expr_; }
  const ParseError& error() const { return error_; }

 private:
  friend class internal::Parser;
  bool ok_ = false;
  Expression expr_;
  ParseError error_;
};
ParseResult Parse(std::string_view text);

// One level of indexed-repeat(): the `index`-th (1-based) instance of the repeat named `repeat`.
struct RepeatIndex {
  std::string_view repeat;
  int index = 1;
};

// Everything evaluation needs from outside. Evaluate calls it from the evaluating thread only.
class EvalContext {
 public:
  virtual ~EvalContext() = default;
  // The answer named by ${name}: its stored string ("" when unanswered). For a select_multiple,
  // the space-separated choice names. Inside a repeat the caller resolves the current instance.
  virtual std::string Resolve(std::string_view name) const = 0;
  // The value of "." (the question the expression belongs to), "" when none.
  virtual std::string Current() const { return std::string(); }
  // All values of a name across repeat instances (count(), sum(), join(), indexed-repeat()); for
  // a repeat itself, one (empty) value per instance, so count(${repeat}) counts its instances.
  // Default: the single value from Resolve.
  virtual std::vector<std::string> ResolveAll(std::string_view name) const { return {Resolve(name)}; }
  // Whether ${name}, evaluated here, is a node-set of repeat instances rather than one node: a
  // repeat, or a question inside a repeat the expression is not in (pyxform writes an absolute path
  // there, a relative one inside the same repeat). Such a reference is false in boolean() when
  // it has no instance, and concat(${name}) joins every instance's value as JavaRosa does.
  // Default: false (every name is one node).
  virtual bool IsNodeSet(std::string_view /*name*/) const { return false; }
  // indexed-repeat(${name}, ${rep1}, i1, ${rep2}, i2, ...): the value of `name` in the given
  // instances of its enclosing repeats, outermost first; "" when there is no such instance.
  // Default: one level only, the index-th value of ResolveAll(name).
  virtual std::string ResolveIndexed(std::string_view name, std::span<const RepeatIndex> path) const;
  // The label of choice `choice` of the select question `name` (jr:choice-name), "" if unknown.
  virtual std::string ChoiceLabel(std::string_view name, std::string_view choice) const;
  // Milliseconds since the Unix epoch (now(), today()); injectable for tests.
  virtual std::int64_t NowMs() const;
  // Minutes east of UTC for today() and date formatting.
  virtual int UtcOffsetMinutes() const { return 0; }
  // A uniform random number in [0, 1) (random()).
  virtual double Random() const;
  // 1-based position of the current repeat instance (position(..)), 0 outside a repeat.
  virtual int Position() const { return 0; }
};

// Evaluates. Thread-safe for a shared Expression. Never throws for bad data: XPath's conversions give NaN, "" or false instead.
Value Evaluate(const Expression& expr, const EvalContext& ctx);

// The names of all supported functions (for diagnostics and the browser-side generator).
const std::vector<std::string>& FunctionNames();

// The ${name}s `expr` uses as a single value, in order, without duplicates: every reference except
// those that are a node-set argument of count(), count-non-empty(), sum(), min(), max(), join()
// (from its second argument), concat() (its only argument), indexed-repeat() (its first argument
// and repeats), randomize(), checklist() and weighted-checklist() (their node-set arguments).
// `check` refuses a question inside a repeat used this way from outside the repeat.
std::vector<std::string> SingleValueReferences(const Expression& expr);

}  // namespace mcs::xpath
