#include "export/internal/variables.h"

#include <array>
#include <charconv>
#include <chrono>
#include <set>

#include "common/strings.h"
#include "common/timezone.h"
#include "common/xml_text.h"
#include "engine/answers_json.h"
#include "stats/dataset.h"

namespace mcs::exporter::internal {

using form::Type;

namespace {

// Stata allows 32 characters; SPSS 64 bytes. One name serves both.
constexpr std::size_t kMaxName = 32;

// Words neither SPSS (its reserved keywords, any case) nor Stata (reserved names) accept as a
// variable name.
bool IsReserved(const std::string& lower) {
  static const std::set<std::string> kWords = {
      "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",           // SPSS
      "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n",  // Stata
      "_pi", "_pred", "_rc", "_skip", "strl", "using"};
  if (kWords.count(lower)) return true;
  // Stata's str1 ... str2045 type names; ReadStat 1.1.8 refuses every name that begins "str" and a
  // digit (it tests sscanf(name, "str%d")), so "str12_" and "str1_b" too.
  return lower.size() > 3 && lower.starts_with("str") && lower[3] >= '0' && lower[3] <= '9';
}

// [A-Za-z][A-Za-z0-9_]*: what both SPSS (a letter first) and Stata accept.
std::string Sanitize(std::string_view column) {
  std::string s;
  for (char c : column) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    s += ok ? c : '_';
  }
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) s = "v" + s;
  return s;
}

// Names unique case-insensitively (SPSS ignores case), within kMaxName.
class NameSet {
 public:
  std::string Add(std::string_view column) {
    std::string base = Sanitize(column);
    if (base.size() > kMaxName) base.resize(kMaxName);
    if (IsReserved(ToLower(base))) base = base.substr(0, kMaxName - 1) + "_";
    if (IsReserved(ToLower(base))) base = "v" + base.substr(0, kMaxName - 1);  // "str12_" → "vstr12_"
    std::string name = base;
    for (int k = 2; used_.count(ToLower(name)); ++k) {
      std::string suffix = "_" + std::to_string(k);
      name = base.substr(0, std::min(base.size(), kMaxName - suffix.size())) + suffix;
    }
    used_.insert(ToLower(name));
    return name;
  }

 private:
  std::set<std::string> used_;
};

Variable Meta(NameSet& names, const std::string& column, const std::string& label, Kind kind, Source source,
              const std::string& type_name) {
  Variable v;
  v.column = column;
  v.name = names.Add(column);
  v.label = label;
  v.kind = kind;
  v.source = source;
  v.type_name = type_name;
  return v;
}

Kind KindOf(Type t) {
  switch (t) {
    case Type::kInteger: return Kind::kInteger;
    case Type::kDecimal:
    case Type::kRange: return Kind::kDecimal;
    case Type::kDate: return Kind::kDate;
    case Type::kSelectOne: return Kind::kCode;
    default: return Kind::kString;
  }
}

std::string Label(const form::Translated& t, const std::string& lang, const std::string& fallback,
                  const std::string& name) {
  if (t.empty()) return name;
  const std::string& s = t.Get(lang, fallback);
  return s.empty() ? name : s;
}

// The non-substantive answers of a select_one set (stats::IsNonSubstantive, the report's rule):
// Stata's extended missing letter of each (the choice name's first letter, so dk is .d, refused .r,
// prefer_not .p; the next free letter when two of a list share one) and SPSS's user-missing codes.
void MarkNonSubstantive(ValueSet& vs) {
  vs.missing_tags.assign(vs.codes.size(), '\0');
  std::set<char> used;
  std::vector<double> codes;
  for (std::size_t k = 0; k < vs.codes.size(); ++k) {
    if (!stats::IsNonSubstantive(vs.codes[k])) continue;
    char tag = vs.codes[k][0];
    for (char c = 'a'; used.count(tag) && c <= 'z'; ++c) tag = c;
    used.insert(tag);
    vs.missing_tags[k] = tag;
    codes.push_back(static_cast<double>(k + 1));
  }
  // SPSS keeps up to three discrete missing values, or a range (System File Format, "Variable
  // Record"): more than three codes that follow one another become the range; otherwise the first
  // three (the codebook says which; .dta marks every one).
  bool consecutive = codes.size() > 3 && codes.back() - codes.front() + 1 == static_cast<double>(codes.size());
  if (consecutive) {
    vs.sav_missing = {codes.front(), codes.back()};
    vs.sav_missing_range = true;
  } else {
    if (codes.size() > 3) codes.resize(3);
    vs.sav_missing = codes;
  }
}

}  // namespace

const ValueSet* Layout::FindSet(std::string_view name) const {
  for (const ValueSet& s : sets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string LabelLanguage(const form::Form& f, const Options& opts) {
  return !opts.lang.empty() && f.HasLanguage(opts.lang) ? opts.lang : f.lang();
}

Layout MakeLayout(const form::Form& f, const Options& opts) {
  const std::string lang = LabelLanguage(f, opts);
  const std::string& fallback = f.lang();
  Layout layout;
  layout.time_zone = opts.time_zone.empty() ? std::string(kDefaultTimeZone) : opts.time_zone;
  const std::string in_zone = " (" + layout.time_zone + ")";

  // Value-label sets: one per choice list used by a select_one, and one for the 0/1 choice variables.
  NameSet set_names;
  std::map<const form::ChoiceList*, std::string> list_set;
  std::string flag_set;
  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    const form::Node& n = f.nodes[i];
    if (n.personal || !n.choices) continue;
    if (n.type == Type::kSelectOne && !list_set.count(n.choices)) {
      ValueSet vs;
      vs.name = set_names.Add(n.choices->name);
      for (std::size_t k = 0; k < n.choices->choices.size(); ++k) {
        const form::Choice& c = n.choices->choices[k];
        vs.labels.emplace_back(static_cast<double>(k + 1), Label(c.label, lang, fallback, c.name));
        vs.codes.push_back(c.name);
      }
      MarkNonSubstantive(vs);
      list_set[n.choices] = vs.name;
      layout.sets.push_back(std::move(vs));
    } else if (n.type == Type::kSelectMultiple && flag_set.empty()) {
      ValueSet vs;
      vs.name = flag_set = set_names.Add("selected");
      vs.labels = {{0.0, "not selected"}, {1.0, "selected"}};
      layout.sets.push_back(std::move(vs));
    }
  }

  auto add_questions = [&](Table& t, NameSet& names, int repeat) {
    const std::vector<Column> columns = Columns(f, repeat);
    // A question keeps its own name: the study's "please specify" beside a select_multiple is
    // terms_used_other, which the 0/1 column of its choice "other" (terms_used/other) would also
    // become. The question's name is the one in the form, the csv, xlsx and json and the
    // questionnaire, so the derived column is the one that yields (terms_used_other_2).
    std::vector<std::string> var_names(columns.size());
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t k = 0; k < columns.size(); ++k) {
        if (columns[k].choice.empty() == (pass == 0)) var_names[k] = names.Add(columns[k].name);
      }
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const Column& c = columns[k];
      const form::Node& n = f.nodes[static_cast<std::size_t>(c.node)];
      Variable v;
      v.column = c.name;
      v.name = var_names[k];
      v.node = &n;
      v.node_index = c.node;
      std::string qlabel = Label(n.label, lang, fallback, n.name);
      if (c.choice.empty()) {
        v.label = qlabel;
        v.kind = KindOf(n.type);
        v.type_name = std::string(form::TypeName(n.type));
        if (v.kind == Kind::kCode) v.value_set = list_set[n.choices];
      } else {
        const form::Choice* ch = n.choices->Find(c.choice);
        v.label = qlabel + ": " + (ch ? Label(ch->label, lang, fallback, ch->name) : c.choice);
        v.kind = Kind::kFlag;
        v.choice = c.choice;
        v.type_name = "select_multiple choice (0/1)";
        v.value_set = flag_set;
      }
      t.vars.push_back(std::move(v));
    }
  };

  Table main;
  NameSet main_names;
  main.vars.push_back(Meta(main_names, "id", "Response id", Kind::kString, Source::kId, "response id"));
  main.vars.push_back(Meta(main_names, "form_version", "Form version", Kind::kString, Source::kFormVersion, "text"));
  main.vars.push_back(Meta(main_names, "lang", "Language of the response", Kind::kString, Source::kLang, "text"));
  main.vars.push_back(
      Meta(main_names, "status", "Status (complete or partial)", Kind::kString, Source::kStatus, "text"));
  main.vars.push_back(
      Meta(main_names, "started_at", "Started at" + in_zone, Kind::kDateTime, Source::kStartedAt, "datetime"));
  main.vars.push_back(
      Meta(main_names, "submitted_at", "Submitted at" + in_zone, Kind::kDateTime, Source::kSubmittedAt, "datetime"));
  if (opts.privacy_acknowledgement) {
    main.vars.push_back(Meta(main_names, "privacy_acknowledged_at", "Privacy notice acknowledged at" + in_zone,
                             Kind::kDateTime, Source::kPrivacyAckAt, "datetime"));
    main.vars.push_back(Meta(main_names, "privacy_notice", "Privacy notice acknowledged (version: SHA-256 of its text)",
                             Kind::kString, Source::kPrivacyNotice, "text"));
  }
  add_questions(main, main_names, 0);
  layout.tables.push_back(std::move(main));

  for (std::size_t i = 1; i < f.nodes.size(); ++i) {
    if (f.nodes[i].type != Type::kRepeat) continue;
    Table t;
    t.name = f.nodes[i].name;
    NameSet names;
    t.vars.push_back(Meta(names, "response_id", "Response id", Kind::kString, Source::kResponseId, "response id"));
    t.vars.push_back(Meta(names, "instance", "Instance of " + Label(f.nodes[i].label, lang, fallback, t.name),
                          Kind::kInteger, Source::kInstance, "integer"));
    add_questions(t, names, static_cast<int>(i));
    layout.tables.push_back(std::move(t));
  }
  return layout;
}

Options WithStoredSettings(storage::Storage& store, const form::Form& f, const Options& opts) {
  Options out = opts;
  if (!out.privacy_acknowledgement) {
    out.privacy_acknowledgement = store.GetSetting(storage::AcknowledgementSettingKey(f.id)).has_value();
  }
  if (out.time_zone.empty()) {
    // As the server reads it (web::App::TimeZone): a name this build's tz database does not know
    // falls back to the default rather than failing the export.
    auto zone = store.GetSetting(storage::kTimeZoneSetting);
    out.time_zone = zone && CheckTimeZone(*zone).ok() ? *zone : std::string(kDefaultTimeZone);
  }
  return out;
}

std::optional<long long> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::from_chars(s.data(), s.data() + 4, y).ptr != s.data() + 4 ||
      std::from_chars(s.data() + 5, s.data() + 7, m).ptr != s.data() + 7 ||
      std::from_chars(s.data() + 8, s.data() + 10, d).ptr != s.data() + 10) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string Utf8Prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t n = max_bytes;
  // Back up over continuation bytes so a character is never cut.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

std::string Utf8PrefixChars(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(s.substr(0, i));
      ++chars;
    }
  }
  return std::string(s);
}

double LocalSeconds(std::string_view zone, TimeMs utc_ms) {
  return static_cast<double>(utc_ms + ZoneOffsetMinutes(zone, utc_ms) * 60000LL) / 1000.0;
}

std::string ExportedAnswer(const form::Node& n, std::string_view value, std::string_view zone) {
  if (n.type != Type::kMeta || (n.meta != "start" && n.meta != "end")) return std::string(value);
  const std::string s(value);
  const TimeMs t = ParseTimeUtc(s);
  // Only a value FormatTimeUtc wrote (what the server stores) is rewritten.
  if (t < 0 || FormatTimeUtc(t) != s) return s;
  return LocalIsoTime(zone, t);
}

Cell GetCell(const Variable& v, const storage::ResponseRecord& r, engine::ValuesView values, int instance,
             const std::string& lang, const std::string& fallback, bool labels, bool codes, std::string_view zone) {
  Cell c;
  auto text = [&](std::string s) {
    c.what = Cell::kText;
    // Every format gets XML 1.0 text (xlsx is XML; a NUL would cut a sav/dta string): what answers
    // may hold since Canonicalize checks it, and U+FFFD for what older answers held beyond that.
    c.text = IsXmlText(s) ? std::move(s) : ToXmlText(s);
    return c;
  };
  auto number = [&](double d) {
    c.what = Cell::kNumber;
    c.number = d;
    return c;
  };
  switch (v.source) {
    case Source::kId:
    case Source::kResponseId: return text(r.id);
    case Source::kFormVersion: return text(r.form_version);
    case Source::kLang: return text(r.lang);
    case Source::kStatus: return text(std::string(storage::StatusName(r.status)));
    case Source::kStartedAt:
      return r.started_at ? number(LocalSeconds(zone, r.started_at)) : c;
    case Source::kSubmittedAt:
      return r.submitted_at ? number(LocalSeconds(zone, r.submitted_at)) : c;
    case Source::kInstance: return number(instance + 1);
    case Source::kPrivacyAckAt:
      return r.privacy_ack_at ? number(LocalSeconds(zone, r.privacy_ack_at)) : c;
    case Source::kPrivacyNotice: return r.privacy_notice.empty() ? c : text(r.privacy_notice);
    case Source::kAnswer: break;
  }
  auto found = values.Get(v.node_index);
  if (!found || found->empty()) return c;
  const std::string_view s = *found;
  switch (v.kind) {
    case Kind::kString:
      if (labels && v.node->type == Type::kSelectMultiple) {
        std::string joined;
        for (const auto& w : SplitWords(s)) {
          const form::Choice* ch = v.node->choices->Find(w);
          if (!joined.empty()) joined += "; ";
          joined += ch ? Label(ch->label, lang, fallback, w) : w;
        }
        return text(std::move(joined));
      }
      return text(ExportedAnswer(*v.node, s, zone));
    case Kind::kInteger:
    case Kind::kDecimal: {
      double d = 0;
      auto [p, ec] = std::from_chars(s.data() + (s[0] == '+'), s.data() + s.size(), d);
      // Stored answers are canonical; anything else (a form changed under old data) is kept as text.
      if (ec != std::errc() || p != s.data() + s.size()) return codes ? c : text(std::string(s));
      return number(d);
    }
    case Kind::kDate: {
      auto day = ParseDay(s);
      if (!day) return codes ? c : text(std::string(s));
      return number(static_cast<double>(*day));
    }
    case Kind::kDateTime: return text(std::string(s));
    case Kind::kCode: {
      const auto& list = v.node->choices->choices;
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (list[k].name != s) continue;
        if (codes) return number(static_cast<double>(k + 1));
        return text(labels ? Label(list[k].label, lang, fallback, std::string(s)) : std::string(s));
      }
      // A name the form no longer has: no code for it; the text keeps it.
      return codes ? c : text(std::string(s));
    }
    case Kind::kFlag: {
      return number(engine::HasWord(s, v.choice) ? 1 : 0);
    }
  }
  return c;
}

Status ReadAnswers(const form::Form& f, const storage::ResponseRecord& r, engine::StoredAnswersView& view) {
  if (r.status == storage::ResponseStatus::kComplete) return view.Parse(r.answers_json);
  auto answers = engine::FromStoredJson(r.answers_json);
  if (!answers.ok()) return answers.error();
  engine::Runtime(f).Finalize(*answers);
  return view.Parse(engine::ToStoredJson(*answers));
}

Status ForEachAnswered(storage::Storage& store, const form::Form& f, const Options& opts,
                       const std::function<bool(const storage::ResponseRecord&, const engine::StoredAnswersView&)>& fn) {
  Status failure;
  storage::ResponseFilter filter{opts.complete_only, opts.form_version};
  filter.include_excluded = opts.include_excluded;
  engine::StoredAnswersView view(f);
  long long seen = 0;
  Status st = store.ForEachResponse(f.id, filter, [&](const storage::ResponseRecord& r) {
    if (Status parsed = ReadAnswers(f, r, view); !parsed.ok()) {
      failure = Error{ErrorCode::kInternal, "response " + r.id + ": " + parsed.error().message};
      return false;
    }
    if (opts.progress && ++seen % 4096 == 0) opts.progress(seen);
    return fn(r, view);
  });
  if (!st.ok()) return st;
  return failure;
}

}  // namespace mcs::exporter::internal
