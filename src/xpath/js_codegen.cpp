#include "xpath/js_codegen.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "xpath/internal/ast.h"
#include "xpath/internal/function_library.h"
#include "xpath/internal/utf8.h"

namespace mcs::xpath {
namespace {

using internal::BinaryOp;
using internal::Node;
using internal::NodeKind;

// How a function's arguments reach the runtime. Every name of the server's library
// (functions.cpp) must be here: ToJavaScript refuses the others, and the corpus test checks that
// FunctionNames() and this table agree.
enum class Shape {
  kPlain,         // R.fn[name](c, args...), arguments evaluated left to right as the server does
  kIf,            // inlined: only the chosen branch is evaluated
  kCoalesce,      // the second argument as a function: evaluated only when needed
  kNodeSets,      // references (and '.') as R.NodeSet of every repeat instance (Call::NodeValues)
  kFirstPlain,    // as kNodeSets from the second argument on (join's separator is a plain value)
  kSkipTwo,       // as kNodeSets from the third argument on (checklist's min and max)
  kWeighted,      // weighted-checklist: two node-sets, or pairs as functions (weights are lazy)
  kIndexedRepeat, // indexed-repeat: question and repeat names as strings, indexes as values
  kFirstNodeSet   // randomize: the first argument as kNodeSets, the seed a plain value
};

struct JsFunction {
  std::string_view name;
  Shape shape;
};

// clang-format off
constexpr std::array kJsFunctions = {
    JsFunction{"abs", Shape::kPlain},              JsFunction{"acos", Shape::kPlain},
    JsFunction{"asin", Shape::kPlain},             JsFunction{"atan", Shape::kPlain},
    JsFunction{"atan2", Shape::kPlain},            JsFunction{"boolean", Shape::kPlain},
    JsFunction{"base64-decode", Shape::kPlain},    JsFunction{"date-time", Shape::kPlain},
    JsFunction{"decimal-time", Shape::kPlain},     JsFunction{"digest", Shape::kPlain},
    JsFunction{"randomize", Shape::kFirstNodeSet},
    JsFunction{"boolean-from-string", Shape::kPlain},
    JsFunction{"ceiling", Shape::kPlain},          JsFunction{"checklist", Shape::kSkipTwo},
    JsFunction{"coalesce", Shape::kCoalesce},      JsFunction{"concat", Shape::kPlain},
    JsFunction{"contains", Shape::kPlain},         JsFunction{"cos", Shape::kPlain},
    JsFunction{"count", Shape::kNodeSets},         JsFunction{"count-non-empty", Shape::kNodeSets},
    JsFunction{"count-selected", Shape::kPlain},   JsFunction{"date", Shape::kPlain},
    JsFunction{"decimal-date-time", Shape::kPlain},
    JsFunction{"ends-with", Shape::kPlain},        JsFunction{"exp", Shape::kPlain},
    JsFunction{"exp10", Shape::kPlain},            JsFunction{"false", Shape::kPlain},
    JsFunction{"floor", Shape::kPlain},            JsFunction{"format-date", Shape::kPlain},
    JsFunction{"format-date-time", Shape::kPlain}, JsFunction{"if", Shape::kIf},
    JsFunction{"indexed-repeat", Shape::kIndexedRepeat},
    JsFunction{"int", Shape::kPlain},              JsFunction{"join", Shape::kFirstPlain},
    JsFunction{"jr:choice-name", Shape::kPlain},   JsFunction{"log", Shape::kPlain},
    JsFunction{"log10", Shape::kPlain},            JsFunction{"max", Shape::kNodeSets},
    JsFunction{"min", Shape::kNodeSets},           JsFunction{"normalize-space", Shape::kPlain},
    JsFunction{"not", Shape::kPlain},              JsFunction{"now", Shape::kPlain},
    JsFunction{"number", Shape::kPlain},           JsFunction{"once", Shape::kPlain},
    JsFunction{"pi", Shape::kPlain},               JsFunction{"position", Shape::kPlain},
    JsFunction{"pow", Shape::kPlain},              JsFunction{"random", Shape::kPlain},
    JsFunction{"regex", Shape::kPlain},            JsFunction{"round", Shape::kPlain},
    JsFunction{"selected", Shape::kPlain},         JsFunction{"selected-at", Shape::kPlain},
    JsFunction{"sin", Shape::kPlain},              JsFunction{"sqrt", Shape::kPlain},
    JsFunction{"starts-with", Shape::kPlain},      JsFunction{"string", Shape::kPlain},
    JsFunction{"string-length", Shape::kPlain},    JsFunction{"substr", Shape::kPlain},
    JsFunction{"substring", Shape::kPlain},        JsFunction{"substring-after", Shape::kPlain},
    JsFunction{"substring-before", Shape::kPlain}, JsFunction{"sum", Shape::kNodeSets},
    JsFunction{"tan", Shape::kPlain},              JsFunction{"today", Shape::kPlain},
    JsFunction{"translate", Shape::kPlain},        JsFunction{"true", Shape::kPlain},
    JsFunction{"uuid", Shape::kPlain},             JsFunction{"weighted-checklist", Shape::kWeighted},
};
// clang-format on

const JsFunction* FindJsFunction(std::string_view name) {
  for (const JsFunction& f : kJsFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Longer chains than this become one flat R.chain(...) call instead of nested calls, so that a
// 5000-term sum does not nest 5000 deep in the script.
constexpr std::size_t kMaxNestedOps = 16;

const char* OperatorFunction(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEqual: return "R.eq";
    case BinaryOp::kNotEqual: return "R.ne";
    case BinaryOp::kLess: return "R.lt";
    case BinaryOp::kLessEqual: return "R.le";
    case BinaryOp::kGreater: return "R.gt";
    case BinaryOp::kGreaterEqual: return "R.ge";
    case BinaryOp::kAdd: return "R.add";
    case BinaryOp::kSubtract: return "R.sub";
    case BinaryOp::kMultiply: return "R.mul";
    case BinaryOp::kDivide: return "R.div";
    case BinaryOp::kModulo: return "R.mod";
    default: return nullptr;  // and, or: inlined
  }
}

// One character per operator for R.chain (mcsurvey-xpath.js).
char OperatorCode(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEqual: return '=';
    case BinaryOp::kNotEqual: return '!';
    case BinaryOp::kLess: return '<';
    case BinaryOp::kLessEqual: return 'l';
    case BinaryOp::kGreater: return '>';
    case BinaryOp::kGreaterEqual: return 'g';
    case BinaryOp::kAdd: return '+';
    case BinaryOp::kSubtract: return '-';
    case BinaryOp::kMultiply: return '*';
    case BinaryOp::kDivide: return '/';
    case BinaryOp::kModulo: return '%';
    default: return '?';
  }
}

class Generator {
 public:
  std::string Run(const Node& root) {
    Emit(root);
    return std::move(out_);
  }

 private:
  void Emit(const Node& n) {
    switch (n.kind) {
      case NodeKind::kNumber: EmitNumber(n.number); return;
      case NodeKind::kString: out_ += JsStringLiteral(n.text); return;
      case NodeKind::kReference:
        out_ += "R.ref(c,";
        out_ += JsStringLiteral(n.text);
        out_ += ')';
        return;
      case NodeKind::kCurrent: out_ += "R.cur(c)"; return;
      case NodeKind::kPosition: out_ += "R.pos(c)"; return;
      case NodeKind::kNegate:
        out_ += "R.neg(";
        Emit(*n.children[0]);
        out_ += ')';
        return;
      case NodeKind::kChain: EmitChain(n); return;
      case NodeKind::kCall: EmitCall(n); return;
    }
    throw JsCodegenError("js_codegen: unknown node kind at position " + std::to_string(n.position));
  }

  void EmitNumber(double d) {
    if (std::isnan(d)) {
      out_ += "NaN";
      return;
    }
    if (std::isinf(d)) {
      out_ += d > 0 ? "Infinity" : "(-Infinity)";
      return;
    }
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
    (void)ec;
    const std::string_view text(buf, static_cast<std::size_t>(end - buf));
    if (d < 0 || std::signbit(d)) {
      out_ += "(";
      out_ += std::signbit(d) && d == 0 ? "-0" : text;
      out_ += ")";
    } else {
      out_ += text;
    }
  }

  void EmitChain(const Node& n) {
    const BinaryOp first = n.ops.front();
    if (first == BinaryOp::kOr || first == BinaryOp::kAnd) {
      // Short-circuit as the server does (section 3.4): JavaScript's && and || on booleans.
      const char* joiner = first == BinaryOp::kOr ? "||" : "&&";
      out_ += '(';
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out_ += joiner;
        out_ += "R.b(";
        Emit(*n.children[i]);
        out_ += ')';
      }
      out_ += ')';
      return;
    }
    if (n.ops.size() > kMaxNestedOps) {
      out_ += "R.chain(\"";
      for (BinaryOp op : n.ops) out_ += OperatorCode(op);
      out_ += "\",[";
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out_ += ',';
        Emit(*n.children[i]);
      }
      out_ += "])";
      return;
    }
    // Left to right, as the server folds the chain: f2(f1(a, b), c).
    for (std::size_t i = n.ops.size(); i-- > 0;) {
      out_ += OperatorFunction(n.ops[i]);
      out_ += '(';
    }
    Emit(*n.children[0]);
    for (std::size_t i = 0; i < n.ops.size(); ++i) {
      out_ += ',';
      Emit(*n.children[i + 1]);
      out_ += ')';
    }
  }

  static bool IsNodeSet(const Node& n) {
    return n.kind == NodeKind::kReference || n.kind == NodeKind::kCurrent;
  }

  // A reference as every repeat instance's value; anything else as its value.
  void EmitNodeSetArg(const Node& n) {
    if (n.kind == NodeKind::kReference) {
      out_ += "R.nodes(c,";
      out_ += JsStringLiteral(n.text);
      out_ += ')';
    } else if (n.kind == NodeKind::kCurrent) {
      out_ += "R.curNodes(c)";
    } else {
      Emit(n);
    }
  }

  void EmitThunk(const Node& n) {
    out_ += "function(){return ";
    Emit(n);
    out_ += ";}";
  }

  void EmitCall(const Node& n) {
    const JsFunction* f = FindJsFunction(n.text);
    if (f == nullptr || n.function == nullptr) {
      throw JsCodegenError("js_codegen: function '" + n.text +
                           "' has no browser implementation (add it to js_codegen.cpp and "
                           "mcsurvey-xpath.js)");
    }
    const auto& args = n.children;
    if (f->shape == Shape::kIf) {
      out_ += "(R.b(";
      Emit(*args[0]);
      out_ += ")?";
      Emit(*args[1]);
      out_ += ':';
      Emit(*args[2]);
      out_ += ')';
      return;
    }
    out_ += "R.fn[";
    out_ += JsStringLiteral(f->name);
    out_ += "](c";
    for (std::size_t i = 0; i < args.size(); ++i) {
      out_ += ',';
      const Node& arg = *args[i];
      switch (f->shape) {
        case Shape::kCoalesce:
          if (i == 1) EmitThunk(arg);
          else Emit(arg);
          break;
        case Shape::kNodeSets: EmitNodeSetArg(arg); break;
        case Shape::kFirstPlain:
          if (i >= 1) EmitNodeSetArg(arg);
          else Emit(arg);
          break;
        case Shape::kFirstNodeSet:
          if (i == 0) EmitNodeSetArg(arg);
          else Emit(arg);
          break;
        case Shape::kSkipTwo:
          if (i >= 2) EmitNodeSetArg(arg);
          else Emit(arg);
          break;
        case Shape::kWeighted: {
          // JavaRosa's repeat form only for exactly one pair of references (FnWeightedChecklist).
          const bool sets = args.size() == 4 && IsNodeSet(*args[2]) && IsNodeSet(*args[3]);
          if (i < 2) Emit(arg);
          else if (sets) EmitNodeSetArg(arg);
          else EmitThunk(arg);
          break;
        }
        case Shape::kIndexedRepeat:
          if (i == 0) {
            if (arg.kind == NodeKind::kReference) out_ += JsStringLiteral(arg.text);
            else out_ += "null";  // '.': the current answer (FnIndexedRepeat)
          } else if (i % 2 == 1) {
            out_ += JsStringLiteral(arg.text);  // a repeat's name ("" for '.')
          } else {
            Emit(arg);
          }
          break;
        default: Emit(arg); break;
      }
    }
    out_ += ')';
  }

  std::string out_;
};

void AppendUnicodeEscape(std::string& out, unsigned unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 0xF]);
}

}  // namespace

std::string JsStringLiteral(std::string_view text) {
  std::string out = "\"";
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t len = internal::Utf8SequenceLength(text, pos);
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (len == 1 && lead < 0x80) {
      const char ch = static_cast<char>(lead);
      if (ch == '"' || ch == '\\') {
        out.push_back('\\');
        out.push_back(ch);
      } else if (lead < 0x20 || lead == 0x7F || ch == '<' || ch == '>' || ch == '&') {
        AppendUnicodeEscape(out, lead);
      } else {
        out.push_back(ch);
      }
    } else if (len == 1) {
      AppendUnicodeEscape(out, 0xFFFD);  // a malformed byte: the replacement character
    } else {
      // Decode the sequence (Utf8SequenceLength checked its continuation bytes).
      unsigned cp = lead & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
      for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        AppendUnicodeEscape(out, 0xD800 + (cp >> 10));
        AppendUnicodeEscape(out, 0xDC00 + (cp & 0x3FF));
      } else {
        AppendUnicodeEscape(out, cp);
      }
    }
    pos += len;
  }
  out += '"';
  return out;
}

std::string ToJavaScript(const Expression& e) {
  if (e.root() == nullptr) return "\"\"";
  return Generator().Run(*e.root());
}

}  // namespace mcs::xpath
