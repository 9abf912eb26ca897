#include "engine/answers_json.h"

#include <boost/json.hpp>

#include "common/strings.h"

namespace mcs::engine {
namespace json = boost::json;
using form::Type;

namespace {

json::object ValuesObject(const Values& v) {
  json::object o;
  for (const auto& [k, val] : v) o[k] = val;
  return o;
}

bool ReadValues(const json::object& o, Values& out) {
  for (const auto& kv : o) {
    if (!kv.value().is_string()) return false;
    out[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  return true;
}

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

std::string ToStoredJson(const Answers& a) {
  json::object o = ValuesObject(a.values);
  for (const auto& [name, list] : a.repeats) {
    json::array arr;
    for (const Values& v : list) arr.push_back(ValuesObject(v));
    o[name] = std::move(arr);
  }
  return json::serialize(o);
}

Result<Answers> FromStoredJson(std::string_view text) {
  Answers a;
  if (text.empty()) return a;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return MakeError(ErrorCode::kInternal, "stored answers are not a JSON object");
  for (const auto& kv : v.as_object()) {
    if (kv.value().is_string()) {
      a.values[std::string(kv.key())] = std::string(kv.value().as_string());
    } else if (kv.value().is_array()) {
      auto& list = a.repeats[std::string(kv.key())];
      for (const auto& inst : kv.value().as_array()) {
        Values vals;
        if (!inst.is_object() || !ReadValues(inst.as_object(), vals)) {
          return MakeError(ErrorCode::kInternal, "stored repeat is malformed");
        }
        list.push_back(std::move(vals));
      }
    } else {
      return MakeError(ErrorCode::kInternal, "stored answer is not a string");
    }
  }
  return a;
}

void SplitPersonal(const form::Form& f, const Answers& all, Answers& answers, Answers& personal) {
  answers = Answers{};
  personal = Answers{};
  for (const auto& [k, v] : all.values) {
    const form::Node* n = f.Find(k);
    (n && n->personal ? personal : answers).values[k] = v;
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
