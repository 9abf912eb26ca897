#include "engine/answers_json.h"

#include "engine/consent.h"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "common/strings.h"

namespace mcs::engine {
namespace json = boost::json;
using form::Type;

namespace {

json::value TypedValue(const form::Node& n, const std::string& v) {
  switch (n.type) {
    case Type::kInteger: {
      try {
        return json::value(std::stoll(v));
      } catch (...) {
        return json::value(v);
      }
    }
    case Type::kDecimal:
    case Type::kRange: {
      try {
        return json::value(std::stod(v));
      } catch (...) {
        return json::value(v);
      }
    }
    case Type::kSelectMultiple:
    case Type::kRank: {
      json::array arr;
      for (auto& w : SplitWords(v)) arr.emplace_back(w);
      return arr;
    }
    default: return json::value(v);
  }
}

// A JSON value as the text a respondent could have typed: numbers printed plainly, arrays joined.
bool ScalarText(const json::value& v, std::string& out) {
  if (v.is_string()) {
    out = std::string(v.as_string());
    return true;
  }
  if (v.is_int64()) {
    out = std::to_string(v.as_int64());
    return true;
  }
  if (v.is_uint64()) {
    out = std::to_string(v.as_uint64());
    return true;
  }
  if (v.is_double()) {
    out = xpath::FormatNumber(v.as_double());
    return true;
  }
  if (v.is_null()) {
    out.clear();
    return true;
  }
  return false;
}

void ReadOne(const form::Form& f, const form::Node& n, const json::value& v, int instance, std::string_view lang,
             Answers& out, std::vector<FieldError>& errors) {
  if (!form::HoldsValue(n.type) || n.type == Type::kCalculate || n.type == Type::kMeta || n.type == Type::kHidden) {
    errors.push_back({n.name, instance, "This is not a question that takes an answer."});
    return;
  }
  std::string text;
  if ((n.type == Type::kSelectMultiple || n.type == Type::kRank) && v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v.as_array()) {
      if (!e.is_string()) {
        errors.push_back({n.name, instance, "Give the chosen options as a list of choice names."});
        return;
      }
      std::string s(e.as_string());
      if (s.find_first_of(" \t\n") != std::string::npos || s.empty()) {
        errors.push_back({n.name, instance, Message("choice", lang)});
        return;
      }
      parts.push_back(std::move(s));
    }
    text = Join(parts, " ");
  } else if (!ScalarText(v, text)) {
    errors.push_back({n.name, instance, Message("type", lang)});
    return;
  }
  auto canon = Canonicalize(n, text, lang);
  if (!canon.ok()) {
    errors.push_back({n.name, instance, canon.error().message});
    return;
  }
  out.Set(f, n.name, instance, std::move(canon).value());
}

}  // namespace

namespace {

void AppendValues(std::string& out, const Values& v, const std::map<std::string, std::vector<Values>>* skip) {
  out += '{';
  bool first = true;
  for (const auto& [k, val] : v) {
    if (skip && skip->count(k)) continue;  // a repeat's list wins over a plain value of its name
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, k);
    out += ':';
    AppendJsonString(out, val);
  }
}

}  // namespace

// Written straight into the string (no JSON document in between): this runs on every save.
std::string ToStoredJson(const Answers& a) {
  std::string out;
  out.reserve(64 + a.values.size() * 24);
  AppendValues(out, a.values, a.repeats.empty() ? nullptr : &a.repeats);
  bool first = out.size() == 1;
  for (const auto& [name, list] : a.repeats) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, name);
    out += ":[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) out += ',';
      AppendValues(out, list[i], nullptr);
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

namespace {

// FromStoredJson's SAX handler (no JSON document in between; a page load runs this): depth 1 holds
// the top-level answers, depth 2 a repeat's list, depth 3 an instance's answers.
struct AnswersSax {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  Answers* a = nullptr;
  int depth = 0;
  std::string key, text;
  std::vector<Values>* list = nullptr;
  const char* error = nullptr;

  bool Fail(boost::system::error_code& ec, const char* why) {
    error = why;
    ec = json::error::syntax;
    return false;
  }
  bool Scalar(boost::system::error_code& ec) {
    return Fail(ec, depth >= 2 ? "stored repeat is malformed"
                    : depth == 0 ? "stored answers are not a JSON object"
                                 : "stored answer is not a string");
  }
  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) {
    if (depth == 0) {
      depth = 1;
      return true;
    }
    if (depth == 2 && list) {
      list->emplace_back();
      depth = 3;
      return true;
    }
    return Fail(ec, depth == 1 ? "stored answer is not a string" : "stored repeat is malformed");
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    --depth;
    return true;
  }
  bool on_array_begin(boost::system::error_code& ec) {
    if (depth != 1) return Fail(ec, depth == 0 ? "stored answers are not a JSON object" : "stored repeat is malformed");
    list = &a->repeats[key];
    depth = 2;
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    depth = 1;
    list = nullptr;
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t n, boost::system::error_code&) {
    if (n == s.size()) key.clear();
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t n, boost::system::error_code& ec) { return on_key_part(s, n, ec); }
  bool on_string_part(json::string_view s, std::size_t n, boost::system::error_code&) {
    if (n == s.size()) text.clear();
    text.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t n, boost::system::error_code& ec) {
    on_string_part(s, n, ec);
    if (depth == 1) {
      a->values.insert_or_assign(key, text);
      return true;
    }
    if (depth == 3) {
      list->back().insert_or_assign(key, text);
      return true;
    }
    return Fail(ec, depth == 0 ? "stored answers are not a JSON object" : "stored repeat is malformed");
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_uint64(std::uint64_t, json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_double(double, json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_bool(bool, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_null(boost::system::error_code& ec) { return Scalar(ec); }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }
};

}  // namespace

Result<Answers> FromStoredJson(std::string_view text) {
  Answers a;
  if (text.empty()) return a;
  json::basic_parser<AnswersSax> p{json::parse_options{}};
  p.handler().a = &a;
  boost::system::error_code ec;
  std::size_t used = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && used != text.size()) ec = json::error::extra_data;
  if (ec || p.handler().depth != 0) return MakeError(ErrorCode::kInternal, p.handler().error ? p.handler().error : "stored answers are not a JSON object");
  return a;
}

// The SAX handler: depth 1 holds the top-level answers, depth 2 a repeat's array, depth 3 an
// instance's answers. Anything else is not a stored answer set.
struct StoredAnswersView::Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  StoredAnswersView* v = nullptr;
  int depth = 0;
  std::size_t position = 0;  // the index of the top-level key in this row
  Span key;                  // the key being read / just read
  std::uint32_t start = 0;   // where the key or string being read began in text_
  Repeat* repeat = nullptr;
  const char* error = nullptr;

  bool Fail(boost::system::error_code& ec, const char* why) {
    error = why;
    ec = boost::json::error::syntax;
    return false;
  }
  std::uint32_t Size() const { return static_cast<std::uint32_t>(v->text_.size()); }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) {
    if (depth == 0 || (depth == 2 && repeat)) {
      if (depth == 2) {
        if (repeat->used == repeat->instances.size()) repeat->instances.emplace_back();
        repeat->instances[repeat->used++].clear();
      }
      ++depth;
      return true;
    }
    return Fail(ec, depth == 2 ? "stored repeat is malformed" : "stored answer is not a string");
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    --depth;
    return true;
  }
  bool on_array_begin(boost::system::error_code& ec) {
    if (depth != 1) return Fail(ec, depth == 0 ? "stored answers are not a JSON object" : "stored repeat is malformed");
    if (v->repeats_used_ == v->repeats_.size()) v->repeats_.emplace_back();
    repeat = &v->repeats_[v->repeats_used_++];
    repeat->name = key;
    repeat->used = 0;
    ++depth;
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    --depth;
    repeat = nullptr;
    return true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t n, boost::system::error_code&) {
    if (n == s.size()) start = Size();
    v->text_.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t n, boost::system::error_code& ec) {
    on_key_part(s, n, ec);
    key = Span{start, Size() - start};
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t n, boost::system::error_code& ec) {
    return on_key_part(s, n, ec);
  }
  bool on_string(boost::json::string_view s, std::size_t n, boost::system::error_code& ec) {
    on_key_part(s, n, ec);
    Span value{start, Size() - start};
    if (depth == 3) {
      repeat->instances[repeat->used - 1].push_back(Pair{key, value});
      return true;
    }
    if (depth != 1) return Fail(ec, depth == 0 ? "stored answers are not a JSON object" : "stored repeat is malformed");
    std::string_view name = v->Text(key);
    // Rows name their questions in the same order: try where the last row had this one first.
    int node = -1;
    if (position < v->order_.size()) {
      int guess = v->order_[position];
      if (v->form_.nodes[static_cast<std::size_t>(guess)].name == name) node = guess;
    }
    if (node < 0) {
      auto it = v->form_.by_name.find(name);
      if (it != v->form_.by_name.end()) node = it->second;
      if (node >= 0) {
        if (position >= v->order_.size()) v->order_.resize(position + 1);
        v->order_[position] = node;
      }
    }
    ++position;
    if (node < 0) {
      v->extra_.push_back(Pair{key, value});
      return true;
    }
    v->slots_[static_cast<std::size_t>(node)] = Slot{v->generation_, value};
    return true;
  }
  bool Scalar(boost::system::error_code& ec) {
    return Fail(ec, depth >= 2 ? "stored repeat is malformed" : depth == 0 ? "stored answers are not a JSON object"
                                                                          : "stored answer is not a string");
  }
  bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, boost::json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_uint64(std::uint64_t, boost::json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_double(double, boost::json::string_view, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_bool(bool, boost::system::error_code& ec) { return Scalar(ec); }
  bool on_null(boost::system::error_code& ec) { return Scalar(ec); }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

struct StoredAnswersView::Parser {
  boost::json::basic_parser<Handler> p{boost::json::parse_options{}};
};

StoredAnswersView::StoredAnswersView(const form::Form& f)
    : form_(f), slots_(f.nodes.size()), parser_(std::make_unique<Parser>()) {}

StoredAnswersView::~StoredAnswersView() = default;

Status StoredAnswersView::Parse(std::string_view json) {
  text_.clear();
  extra_.clear();
  repeats_used_ = 0;
  if (++generation_ == 0) {
    // After 2^32 rows: forget every slot rather than mistake an old one for this row's.
    for (Slot& s : slots_) s.generation = 0;
    generation_ = 1;
  }
  if (json.empty()) return {};
  auto& p = parser_->p;
  p.reset();
  Handler& h = p.handler();
  h = Handler{};
  h.v = this;
  boost::system::error_code ec;
  std::size_t used = p.write_some(false, json.data(), json.size(), ec);
  if (!ec && used != json.size()) ec = boost::json::error::extra_data;
  if (ec || h.depth != 0) {
    ++generation_;  // nothing of a malformed row is readable
    extra_.clear();
    repeats_used_ = 0;
    return MakeError(ErrorCode::kInternal, h.error ? h.error : "stored answers are not a JSON object");
  }
  return {};
}

int StoredAnswersView::FindRepeat(std::string_view name) const {
  for (std::size_t i = 0; i < repeats_used_; ++i) {
    if (Text(repeats_[i].name) == name) return static_cast<int>(i);
  }
  return -1;
}

std::size_t StoredAnswersView::RepeatSize(std::string_view repeat) const {
  int r = FindRepeat(repeat);
  return r < 0 ? 0 : repeats_[static_cast<std::size_t>(r)].used;
}

ValuesView StoredAnswersView::RepeatInstance(std::string_view repeat, std::size_t k) const {
  int r = FindRepeat(repeat);
  if (r < 0 || k >= repeats_[static_cast<std::size_t>(r)].used) return ValuesView();
  return ValuesView(this, r, static_cast<int>(k));
}

std::optional<std::string_view> ValuesView::Get(int node) const {
  if (!owner_ || node < 0 || static_cast<std::size_t>(node) >= owner_->form_.nodes.size()) return std::nullopt;
  if (repeat_ < 0) {
    const StoredAnswersView::Slot& s = owner_->slots_[static_cast<std::size_t>(node)];
    if (s.generation != owner_->generation_) return std::nullopt;
    return owner_->Text(s.value);
  }
  return Get(std::string_view(owner_->form_.nodes[static_cast<std::size_t>(node)].name));
}

std::optional<std::string_view> ValuesView::Get(std::string_view name) const {
  if (!owner_) return std::nullopt;
  if (repeat_ < 0) {
    auto it = owner_->form_.by_name.find(name);
    if (it != owner_->form_.by_name.end()) return Get(it->second);
    for (const auto& p : owner_->extra_) {
      if (owner_->Text(p.key) == name) return owner_->Text(p.value);
    }
    return std::nullopt;
  }
  const auto& inst = owner_->repeats_[static_cast<std::size_t>(repeat_)].instances[static_cast<std::size_t>(instance_)];
  for (const auto& p : inst) {
    if (owner_->Text(p.key) == name) return owner_->Text(p.value);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> ValuesView::Pairs() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  if (!owner_ || repeat_ < 0) return out;
  const auto& inst = owner_->repeats_[static_cast<std::size_t>(repeat_)].instances[static_cast<std::size_t>(instance_)];
  out.reserve(inst.size());
  for (const auto& p : inst) out.emplace_back(owner_->Text(p.key), owner_->Text(p.value));
  return out;
}

std::vector<std::string_view> StoredAnswersView::RepeatNames() const {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < repeats_used_; ++i) out.push_back(Text(repeats_[i].name));
  return out;
}

std::vector<std::pair<std::string_view, std::string_view>> StoredAnswersView::Extras() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& p : extra_) out.emplace_back(Text(p.key), Text(p.value));
  return out;
}

bool HasWord(std::string_view words, std::string_view word) {
  if (word.empty()) return false;
  for (std::size_t pos = words.find(word); pos != std::string_view::npos; pos = words.find(word, pos + 1)) {
    bool starts = pos == 0 || std::isspace(static_cast<unsigned char>(words[pos - 1]));
    std::size_t end = pos + word.size();
    if (starts && (end == words.size() || std::isspace(static_cast<unsigned char>(words[end])))) return true;
  }
  return false;
}

void SplitPersonal(const form::Form& f, const Answers& all, Answers& answers, Answers& personal) {
  personal = Answers{};
  if (std::none_of(f.nodes.begin(), f.nodes.end(), [](const form::Node& n) { return n.personal; })) {
    answers = all;  // nothing personal in this form: one copy, no lookups
    return;
  }
  answers = Answers{};
  for (const auto& [k, v] : all.values) {
    const form::Node* n = f.Find(k);
    (k == kConsentKey || (n && n->personal) ? personal : answers).values[k] = v;
  }
  for (const auto& [rname, list] : all.repeats) {
    auto& a_list = answers.repeats[rname];
    for (const Values& inst : list) {
      Values a_inst, p_inst;
      for (const auto& [k, v] : inst) {
        const form::Node* n = f.Find(k);
        (n && n->personal ? p_inst : a_inst)[k] = v;
      }
      a_list.push_back(std::move(a_inst));
      if (!p_inst.empty()) {
        auto& p_list = personal.repeats[rname];
        p_list.resize(a_list.size());
        p_list.back() = std::move(p_inst);
      }
    }
  }
}

void ToStoredJsonSplit(const form::Form& f, const Answers& a, std::string& main, std::string& personal) {
  personal.clear();
  // The personal questions' names (a form has a handful): every stored name is checked against
  // them, cheaper than looking each one up in the form.
  std::vector<std::string_view> personal_names;
  for (const form::Node& n : f.nodes) {
    if (n.personal) personal_names.push_back(n.name);
  }
  if (personal_names.empty()) {
    main = ToStoredJson(a);
    return;
  }
  // The consent record (engine/consent.h) is kept with the contact details it allowed.
  personal_names.push_back(kConsentKey);
  // Most stored names have a length no personal name has: a bit per length (63 and more share the
  // last) tells so without comparing them with every personal name (this runs on every page save).
  auto length_bit = [](std::size_t n) { return std::uint64_t{1} << std::min<std::size_t>(n, 63); };
  std::uint64_t personal_lengths = 0;
  for (std::string_view n : personal_names) personal_lengths |= length_bit(n.size());
  auto is_personal = [&](const std::string& name) {
    if ((personal_lengths & length_bit(name.size())) == 0) return false;
    return std::find(personal_names.begin(), personal_names.end(), name) != personal_names.end();
  };
  // Per repeat, how many instances the personal part lists (up to the last with personal data).
  std::map<std::string, std::size_t, std::less<>> personal_len;
  for (const auto& [rname, list] : a.repeats) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (std::any_of(list[i].begin(), list[i].end(), [&](const auto& kv) { return is_personal(kv.first); })) {
        personal_len[rname] = i + 1;
      }
    }
  }
  auto append_pair = [](std::string& out, bool& first, const std::string& k, const std::string& v) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, k);
    out += ':';
    AppendJsonString(out, v);
  };
  main.clear();
  main.reserve(64 + a.values.size() * 24);
  main += '{';
  bool first = true;
  for (const auto& [k, v] : a.values) {
    if (!a.repeats.count(k) && !is_personal(k)) append_pair(main, first, k, v);
  }
  for (const auto& [rname, list] : a.repeats) {
    if (!first) main += ',';
    first = false;
    AppendJsonString(main, rname);
    main += ":[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) main += ',';
      main += '{';
      bool f1 = true;
      for (const auto& [k, v] : list[i]) {
        if (!is_personal(k)) append_pair(main, f1, k, v);
      }
      main += '}';
    }
    main += ']';
  }
  main += '}';
  bool any = !personal_len.empty();
  std::string out = "{";
  first = true;
  for (const auto& [k, v] : a.values) {
    if (!personal_len.count(k) && is_personal(k)) {
      append_pair(out, first, k, v);
      any = true;
    }
  }
  if (!any) return;
  for (const auto& [rname, len] : personal_len) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, rname);
    out += ":[";
    const auto& list = a.repeats.at(rname);
    for (std::size_t i = 0; i < len; ++i) {
      if (i) out += ',';
      out += '{';
      bool f1 = true;
      for (const auto& [k, v] : list[i]) {
        if (is_personal(k)) append_pair(out, f1, k, v);
      }
      out += '}';
    }
    out += ']';
  }
  out += '}';
  personal = std::move(out);
}

void MergePersonal(Answers& into, const Answers& personal) {
  for (const auto& [k, v] : personal.values) into.values[k] = v;
  for (const auto& [rname, list] : personal.repeats) {
    auto& dst = into.repeats[rname];
    if (dst.size() < list.size()) dst.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (const auto& [k, v] : list[i]) dst[i][k] = v;
    }
  }
}

json::object ToApiJson(const form::Form& f, const Answers& a) {
  json::object o;
  for (const auto& [k, v] : a.values) {
    const form::Node* n = f.Find(k);
    o[k] = n ? TypedValue(*n, v) : json::value(v);
  }
  for (const auto& [rname, list] : a.repeats) {
    json::array arr;
    for (const Values& inst : list) {
      json::object io;
      for (const auto& [k, v] : inst) {
        const form::Node* n = f.Find(k);
        io[k] = n ? TypedValue(*n, v) : json::value(v);
      }
      arr.push_back(std::move(io));
    }
    o[rname] = std::move(arr);
  }
  return o;
}

Answers FromApiJson(const form::Form& f, const json::object& answers, std::string_view lang,
                    std::vector<FieldError>& errors) {
  Answers out;
  for (const auto& kv : answers) {
    std::string name(kv.key());
    const form::Node* n = f.Find(name);
    if (!n || n->repeat != 0) {
      errors.push_back({name, -1, Message("unknown_question", lang)});
      continue;
    }
    if (n->type == Type::kRepeat) {
      if (!kv.value().is_array()) {
        errors.push_back({name, -1, "Give the repeated answers as a list of objects."});
        continue;
      }
      const auto& arr = kv.value().as_array();
      if (arr.size() > static_cast<std::size_t>(kMaxRepeatInstances)) {
        errors.push_back({name, -1, "At most " + std::to_string(kMaxRepeatInstances) + " repeats are accepted."});
        continue;
      }
      out.repeats[name].resize(arr.size());
      for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_object()) {
          errors.push_back({name, static_cast<int>(i), "Give each repeat as an object."});
          continue;
        }
        for (const auto& ikv : arr[i].as_object()) {
          const form::Node* in = f.Find(ikv.key());
          int idx = f.by_name.at(name);
          if (!in || in->repeat != idx) {
            errors.push_back({std::string(ikv.key()), static_cast<int>(i), Message("unknown_question", lang)});
            continue;
          }
          ReadOne(f, *in, ikv.value(), static_cast<int>(i), lang, out, errors);
        }
      }
      continue;
    }
    if (n->type == Type::kGroup) {
      errors.push_back({name, -1, Message("unknown_question", lang)});
      continue;
    }
    ReadOne(f, *n, kv.value(), -1, lang, out, errors);
  }
  return out;
}

}  // namespace mcs::engine
