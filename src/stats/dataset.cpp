#include "stats/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/strings.h"
#include "engine/answers_json.h"
#include "stats/group_country.h"

namespace mcs::stats {
namespace {

using form::Type;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using NameIndex = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

// A select_one is an agreement or rating scale when its appearance says "likert" or its choice
// list is named like one. The study's lists (agree5, importance, trend) follow this convention.
bool IsScale(const form::Node& n) {
  if (n.appearance.find("likert") != std::string::npos) return true;
  const std::string list = ToLower(n.choices ? n.choices->name : "");
  for (std::string_view p : {"agree", "likert", "scale", "importance", "satisf", "rating", "trend", "likely"})
    if (list.find(p) != std::string::npos) return true;
  return false;
}

bool Wanted(const LoadOptions& opts, const std::string& name) {
  if (opts.only.empty()) return true;
  for (const auto& o : opts.only)
    if (o == name) return true;
  return false;
}

}  // namespace

bool IsNonSubstantive(std::string_view choice_name) {
  static constexpr std::string_view kNames[] = {"dk",  "dont_know",      "do_not_know", "don_t_know", "na",
                                                "n_a", "not_applicable", "no_opinion",  "prefer_not", "refused"};
  for (auto n : kNames)
    if (choice_name == n) return true;
  return false;
}

bool Variable::Missing(std::size_t row) const {
  switch (kind) {
    case VarKind::kCategory: return cat[row] == kMissing;
    case VarKind::kNumber: return std::isnan(num[row]);
    case VarKind::kText: return text[row].empty();
  }
  return true;
}

const Variable* Dataset::Find(std::string_view name) const {
  if (name == kGroupQuestion || name == kCountryQuestion) {
    // The shared rule's columns (group_country.h) before the bare question.
    const std::string derived = "_" + std::string(name);
    for (const auto& v : vars_)
      if (v.name == derived) return &v;
  }
  for (const auto& v : vars_)
    if (v.name == name) return &v;
  return nullptr;
}

Variable& Dataset::Add(Variable v) {
  vars_.push_back(std::move(v));
  return vars_.back();
}

Dataset Schema(const form::Form& f, const LoadOptions& opts, int repeat) {
  Dataset ds;
  const std::string& fb = f.lang();
  const std::string& lang = opts.lang.empty() ? fb : opts.lang;
  for (const form::Node& n : f.nodes) {
    if (n.repeat != repeat || n.personal || !form::HoldsValue(n.type) || n.type == Type::kMeta ||
        n.type == Type::kCalculate || n.type == Type::kAcknowledge || n.type == Type::kRepeat)
      continue;
    if (!Wanted(opts, n.name)) continue;
    Variable v;
    v.name = n.name;
    v.label = n.label.Get(lang, fb);
    if (v.label.empty()) v.label = n.name;
    switch (n.type) {
      case Type::kSelectOne:
        v.kind = VarKind::kCategory;
        for (const auto& c : n.choices->choices) {
          v.codes.push_back(c.name);
          v.code_labels.push_back(c.label.empty() ? c.name : c.label.Get(lang, fb));
          v.scored.push_back(!IsNonSubstantive(c.name));
        }
        v.ordinal = IsScale(n);
        ds.Add(std::move(v));
        break;
      case Type::kSelectMultiple: {
        // The question itself as text (what was chosen), then its 0/1 columns.
        v.kind = VarKind::kText;
        ds.Add(v);
        for (const auto& c : n.choices->choices) {
          Variable cv;
          cv.name = n.name + "/" + c.name;
          cv.label = c.label.empty() ? c.name : c.label.Get(lang, fb);
          cv.kind = VarKind::kCategory;
          cv.codes = {"0", "1"};
          cv.code_labels = {"not chosen", "chosen"};
          cv.question = n.name;
          ds.Add(std::move(cv));
        }
        break;
      }
      case Type::kInteger:
      case Type::kDecimal: v.kind = VarKind::kNumber; ds.Add(std::move(v)); break;
      default: v.kind = VarKind::kText; ds.Add(std::move(v)); break;
    }
  }
  return ds;
}

// The decoder: stored answers are read by the one reader every consumer shares
// (engine::StoredAnswersView: a single streaming pass into slots per question, no map or DOM), and
// each column takes its question's value by the question's node index.
struct RowDecoder::Impl {
  struct Target {
    int var = -1;
    int node = -1;        // the question's index in Form::nodes
    Type type = Type::kText;
    NameIndex choices;    // select_one: choice → category; select_multiple: choice → column
    int first_col = -1;   // select_multiple: its first 0/1 column
    int ncols = 0;
  };

  explicit Impl(const form::Form& f) : view(f) {}

  Dataset* ds = nullptr;
  std::vector<Variable*> vars;
  std::vector<Target> target_list;
  engine::StoredAnswersView view;
  std::size_t row = 0;

  void Set(const Target& t, std::string_view v) {
    Variable& var = *vars[t.var];
    switch (t.type) {
      case Type::kSelectOne: {
        auto it = t.choices.find(v);
        if (it != t.choices.end()) var.cat[row] = it->second;
        break;
      }
      case Type::kSelectMultiple: {
        var.text[row].assign(v);
        if (v.empty()) break;
        for (int c = 0; c < t.ncols; ++c) vars[t.first_col + c]->cat[row] = 0;
        std::size_t i = 0;
        while (i < v.size()) {
          std::size_t j = v.find(' ', i);
          if (j == std::string_view::npos) j = v.size();
          if (j > i) {
            auto it = t.choices.find(v.substr(i, j - i));
            if (it != t.choices.end()) vars[it->second]->cat[row] = 1;
          }
          i = j + 1;
        }
        break;
      }
      case Type::kInteger:
      case Type::kDecimal: {
        double d = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
        if (ec == std::errc() && p == v.data() + v.size()) var.num[row] = d;
        break;
      }
      default: var.text[row].assign(v); break;
    }
  }
};

RowDecoder::RowDecoder(Dataset& ds, const form::Form& f, int repeat) : impl_(std::make_unique<Impl>(f)) {
  impl_->ds = &ds;
  auto& vars = const_cast<std::vector<Variable>&>(ds.vars());
  for (auto& v : vars) impl_->vars.push_back(&v);
  for (std::size_t i = 0; i < vars.size(); ++i) {
    Variable& v = vars[i];
    if (v.name.starts_with("_") || !v.question.empty()) continue;
    const form::Node* n = f.Find(v.name);
    if (!n || n->repeat != repeat) continue;
    Impl::Target t;
    t.var = static_cast<int>(i);
    t.node = static_cast<int>(n - f.nodes.data());
    if (v.kind == VarKind::kCategory) {
      t.type = Type::kSelectOne;
      for (std::size_t c = 0; c < v.codes.size(); ++c) t.choices.emplace(v.codes[c], static_cast<int>(c));
    } else if (v.kind == VarKind::kNumber) {
      t.type = Type::kDecimal;
    } else {
      t.type = Type::kText;
      // A select_multiple's text column is followed by its 0/1 columns.
      std::size_t j = i + 1;
      while (j < vars.size() && vars[j].question == v.name) {
        t.choices.emplace(vars[j].name.substr(v.name.size() + 1), static_cast<int>(j));
        ++j;
      }
      if (j > i + 1) {
        t.type = Type::kSelectMultiple;
        t.first_col = static_cast<int>(i + 1);
        t.ncols = static_cast<int>(j - i - 1);
      }
    }
    impl_->target_list.push_back(std::move(t));
  }
  impl_->row = ds.rows();
}

RowDecoder::~RowDecoder() = default;

void RowDecoder::AddValues(const engine::ValuesView& values) {
  Impl& m = *impl_;
  for (Variable* v : m.vars) {
    switch (v->kind) {
      case VarKind::kCategory: v->cat.push_back(kMissing); break;
      case VarKind::kNumber: v->num.push_back(kNaN); break;
      case VarKind::kText: v->text.emplace_back(); break;
    }
  }
  m.row = m.ds->rows();
  m.ds->SetRows(m.row + 1);
  for (const Impl::Target& t : m.target_list) {
    if (auto v = values.Get(t.node)) m.Set(t, *v);
  }
}

Status RowDecoder::AddRow(std::string_view json) {
  Impl& m = *impl_;
  Status st = m.view.Parse(json);
  // A row that cannot be read is still a row (of missing values), as before.
  AddValues(st.ok() ? m.view.Main() : engine::ValuesView());
  if (!st.ok()) return MakeError(ErrorCode::kInvalid, "stored answers are not valid: " + st.error().message);
  return Status::Ok();
}

const engine::StoredAnswersView& RowDecoder::view() const { return impl_->view; }

namespace {

// A loaded column's answer in row `row` as stored text ("" when unanswered or not text-like).
std::string_view AnswerText(const Variable* v, std::size_t row) {
  if (!v) return {};
  switch (v->kind) {
    case VarKind::kCategory: return v->cat[row] == kMissing ? std::string_view() : v->codes[v->cat[row]];
    case VarKind::kText: return v->text[row];
    case VarKind::kNumber: return {};
  }
  return {};
}

// A category column grown as codes turn up, seeded with a question's own categories (so a
// select_one `country` keeps its choice labels).
struct Coder {
  Variable v;
  std::unordered_map<std::string, std::int32_t> index;
  Coder(std::string name, std::string label, const Variable* seed) {
    v.name = std::move(name);
    v.label = std::move(label);
    v.kind = VarKind::kCategory;
    if (seed && seed->kind == VarKind::kCategory) {
      v.codes = seed->codes;
      v.code_labels = seed->code_labels;
      for (std::size_t i = 0; i < v.codes.size(); ++i) index.emplace(v.codes[i], static_cast<std::int32_t>(i));
    }
  }
  void Push(const std::string& code) {
    if (code.empty()) {
      v.cat.push_back(kMissing);
      return;
    }
    auto [it, added] = index.emplace(code, static_cast<std::int32_t>(v.codes.size()));
    if (added) {
      v.codes.push_back(code);
      v.code_labels.push_back(code);
    }
    v.cat.push_back(it->second);
  }
};

}  // namespace

Result<Dataset> Load(storage::Storage& store, const form::Form& f, const LoadOptions& opts) {
  // The group and country questions are read whatever `only` asks for: the shared rule needs them.
  LoadOptions o = opts;
  if (!o.only.empty()) {
    for (std::string_view q : {kGroupQuestion, kCountryQuestion})
      if (std::find(o.only.begin(), o.only.end(), q) == o.only.end()) o.only.emplace_back(q);
  }
  Dataset ds = Schema(f, o);
  std::unordered_map<std::string, storage::Invitation> invitations;
  for (auto& inv : store.ListInvitations(f.id)) invitations.emplace(inv.id, std::move(inv));
  int gq = -1, cq = -1;  // the questions' columns
  for (std::size_t i = 0; i < ds.vars().size(); ++i) {
    if (ds.vars()[i].name == kGroupQuestion) gq = static_cast<int>(i);
    if (ds.vars()[i].name == kCountryQuestion) cq = static_cast<int>(i);
  }
  Coder group("_group", "Group", gq < 0 ? nullptr : &ds.vars()[gq]);
  Coder country("_country", "Country", cq < 0 ? nullptr : &ds.vars()[cq]);

  RowDecoder dec(ds, f);
  // Each repeat: a dataset of its instances (its questions, and the response's group and country).
  struct Rep {
    const form::Node* node;
    RepeatData data;
    std::unique_ptr<RowDecoder> dec;
    Coder group{"_group", "Group", nullptr}, country{"_country", "Country", nullptr};
  };
  std::vector<std::unique_ptr<Rep>> reps;
  if (opts.repeats) {
    const std::string& fb = f.lang();
    for (std::size_t i = 1; i < f.nodes.size(); ++i) {
      const form::Node& n = f.nodes[i];
      if (n.type != Type::kRepeat || n.repeat != 0) continue;
      auto r = std::make_unique<Rep>();
      r->node = &n;
      r->data.name = n.name;
      r->data.label = n.label.Get(opts.lang.empty() ? fb : opts.lang, fb);
      if (r->data.label.empty()) r->data.label = n.name;
      r->data.instances = Schema(f, o, static_cast<int>(i));
      r->dec = std::make_unique<RowDecoder>(r->data.instances, f, static_cast<int>(i));
      r->group = Coder("_group", "Group", gq < 0 ? nullptr : &ds.vars()[gq]);
      r->country = Coder("_country", "Country", cq < 0 ? nullptr : &ds.vars()[cq]);
      reps.push_back(std::move(r));
    }
  }
  Status bad;
  Status st = store.ForEachResponse(f.id, opts.filter, [&](const storage::ResponseRecord& r) {
    if (Status s = dec.AddRow(r.answers_json); !s.ok()) {
      bad = MakeError(ErrorCode::kInternal, "response " + r.id + ": " + s.error().message);
      return false;
    }
    const std::size_t row = ds.rows() - 1;
    if (r.submitted_at > 0) {
      if (ds.first_submitted == 0 || r.submitted_at < ds.first_submitted) ds.first_submitted = r.submitted_at;
      ds.last_submitted = std::max<std::int64_t>(ds.last_submitted, r.submitted_at);
    }
    auto it = r.invitation_id.empty() ? invitations.end() : invitations.find(r.invitation_id);
    GroupCountry gc = GroupCountryOf(f.id, it == invitations.end() ? nullptr : &it->second,
                                     AnswerText(gq < 0 ? nullptr : &ds.vars()[gq], row),
                                     AnswerText(cq < 0 ? nullptr : &ds.vars()[cq], row));
    group.Push(gc.group);
    country.Push(gc.country);
    for (auto& rp : reps) {
      const std::size_t k_n = dec.view().RepeatSize(rp->data.name);
      if (k_n > 0) ++rp->data.responses;
      for (std::size_t k = 0; k < k_n; ++k) {
        rp->dec->AddValues(dec.view().RepeatInstance(rp->data.name, k));
        rp->group.Push(gc.group);
        rp->country.Push(gc.country);
      }
    }
    return true;
  });
  if (!st.ok()) return st.error();
  if (!bad.ok()) return bad.error();
  ds.Add(std::move(group.v));
  // A country column only when some respondent has one (a table of nothing but "not given" says nothing).
  if (std::any_of(country.v.cat.begin(), country.v.cat.end(), [](std::int32_t c) { return c != kMissing; }))
    ds.Add(std::move(country.v));
  for (auto& rp : reps) {
    rp->dec.reset();
    rp->data.instances.Add(std::move(rp->group.v));
    if (std::any_of(rp->country.v.cat.begin(), rp->country.v.cat.end(), [](std::int32_t c) { return c != kMissing; }))
      rp->data.instances.Add(std::move(rp->country.v));
    ds.repeats.push_back(std::move(rp->data));
  }
  return ds;
}

Dataset Unite(const std::vector<const Dataset*>& parts,
              const std::vector<std::pair<std::string, std::string>>& group_labels) {
  Dataset out;
  if (parts.empty()) return out;
  auto exact = [](const Dataset& d, const std::string& name) -> const Variable* {
    for (const auto& v : d.vars())
      if (v.name == name) return &v;
    return nullptr;
  };
  std::size_t total = 0;
  for (const Dataset* p : parts) {
    total += p->rows();
    if (p->first_submitted > 0 && (out.first_submitted == 0 || p->first_submitted < out.first_submitted))
      out.first_submitted = p->first_submitted;
    out.last_submitted = std::max(out.last_submitted, p->last_submitted);
  }
  for (const Variable& v0 : parts[0]->vars()) {
    std::vector<const Variable*> each;
    for (const Dataset* p : parts) {
      const Variable* v = exact(*p, v0.name);
      if (!v || v->kind != v0.kind || v->question != v0.question) break;
      each.push_back(v);
    }
    if (each.size() != parts.size()) continue;
    Variable u;
    u.name = v0.name;
    u.label = v0.label;
    u.kind = v0.kind;
    u.ordinal = v0.ordinal;
    u.question = v0.question;
    std::unordered_map<std::string, std::int32_t> index;
    for (std::size_t k = 0; k < each.size(); ++k) {
      const Variable& v = *each[k];
      std::vector<std::int32_t> remap(v.codes.size());
      for (std::size_t i = 0; i < v.codes.size(); ++i) {
        auto [it, added] = index.emplace(v.codes[i], static_cast<std::int32_t>(u.codes.size()));
        if (added) {
          u.codes.push_back(v.codes[i]);
          u.code_labels.push_back(i < v.code_labels.size() ? v.code_labels[i] : v.codes[i]);
          u.scored.push_back(i < v.scored.size() ? v.scored[i] : true);
        }
        remap[i] = it->second;
      }
      const std::size_t rows = parts[k]->rows();
      switch (u.kind) {
        case VarKind::kCategory:
          for (std::size_t r = 0; r < rows; ++r) {
            const std::int32_t c = r < v.cat.size() ? v.cat[r] : kMissing;
            u.cat.push_back(c < 0 ? kMissing : remap[static_cast<std::size_t>(c)]);
          }
          break;
        case VarKind::kNumber:
          for (std::size_t r = 0; r < rows; ++r)
            u.num.push_back(r < v.num.size() ? v.num[r] : std::numeric_limits<double>::quiet_NaN());
          break;
        case VarKind::kText:
          for (std::size_t r = 0; r < rows; ++r) u.text.push_back(r < v.text.size() ? v.text[r] : std::string());
          break;
      }
    }
    if (u.name == "_group")
      for (const auto& [code, label] : group_labels)
        for (std::size_t i = 0; i < u.codes.size(); ++i)
          if (u.codes[i] == code) u.code_labels[i] = label;
    out.Add(std::move(u));
  }
  out.SetRows(total);
  for (const RepeatData& r0 : parts[0]->repeats) {
    std::vector<const Dataset*> inst;
    std::size_t responses = 0;
    for (const Dataset* p : parts)
      for (const RepeatData& r : p->repeats)
        if (r.name == r0.name) {
          inst.push_back(&r.instances);
          responses += r.responses;
        }
    if (inst.size() != parts.size()) continue;
    RepeatData u;
    u.name = r0.name;
    u.label = r0.label;
    u.instances = Unite(inst, group_labels);
    u.responses = responses;
    out.repeats.push_back(std::move(u));
  }
  return out;
}

}  // namespace mcs::stats
