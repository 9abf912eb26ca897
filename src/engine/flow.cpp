#include "engine/flow.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <tuple>

#include "common/strings.h"
#include "engine/view.h"

namespace mcs::engine {
namespace {

// Every value sent for `name`, in order.
std::vector<std::string> AllOf(const Fields& fields, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields) {
    if (k == name) out.push_back(v);
  }
  return out;
}

// The page before `posted` among those shown now (the first page when there is none before it).
PageRef Previous(const std::vector<PageRef>& pages, PageRef posted) {
  int pos = PositionOf(pages, posted);
  PageRef prev = pages.empty() ? posted : pages[0];
  if (pos > 0) {
    prev = pages[static_cast<std::size_t>(pos - 1)];
  } else if (pos < 0) {
    // The page sent no longer applies: the last page shown before where it was.
    for (const PageRef& p : pages) {
      if (p.page < posted.page || (p.page == posted.page && p.instance < posted.instance)) prev = p;
    }
  }
  return prev;
}

// Whether page x comes before page y in form order.
bool Before(PageRef x, PageRef y) { return std::tie(x.page, x.instance) < std::tie(y.page, y.instance); }

// An answerable question that applies, in a repeat instance (-1 outside repeats).
using Asked = std::pair<int, int>;

// Every question that holds an answer and applies now, with the page it is on.
template <typename Fn>
void ForEachAsked(const Runtime& rt, const View& v, Fn&& fn) {
  const form::Form& f = rt.form();
  for (const PageRef& p : rt.Pages(v)) {
    for (int q : rt.VisibleQuestions(v, p)) {
      if (form::HoldsValue(f.nodes[static_cast<std::size_t>(q)].type)) fn(Asked{q, p.instance}, p);
    }
  }
}

std::set<Asked> AskedNow(const Runtime& rt, const View& v) {
  std::set<Asked> out;
  ForEachAsked(rt, v, [&](Asked q, PageRef) { out.insert(q); });
  return out;
}

// The way back to the review after a "Change", as kept under kDetourKey: "P.I P.I|name@I name@I",
// the pages passed on it (in the order passed), then the questions it opened not yet passed.
struct Detour {
  std::vector<PageRef> passed;
  std::vector<std::pair<std::string, int>> opened;
};

Detour ReadDetour(const Answers& a) {
  Detour d;
  auto it = a.values.find(kDetourKey);
  if (it == a.values.end()) return d;
  const std::string& text = it->second;
  const auto bar = text.find('|');
  auto number = [](std::string_view s, int fallback) {
    int v = fallback;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && ptr == s.data() + s.size() ? v : fallback;
  };
  for (const std::string& w : SplitWords(text.substr(0, bar))) {
    const auto dot = w.find('.');
    if (dot == std::string::npos) continue;
    PageRef p{number(std::string_view(w).substr(0, dot), -1), number(std::string_view(w).substr(dot + 1), -2)};
    if (p.page >= 0 && p.instance >= -1) d.passed.push_back(p);
  }
  if (bar == std::string::npos) return d;
  for (const std::string& w : SplitWords(text.substr(bar + 1))) {
    const auto at = w.rfind('@');
    if (at == std::string::npos || at == 0) continue;
    const int instance = number(std::string_view(w).substr(at + 1), -2);
    if (instance >= -1) d.opened.emplace_back(w.substr(0, at), instance);
  }
  return d;
}

void WriteDetour(Answers& a, const Detour& d) {
  if (d.passed.empty() && d.opened.empty()) {
    a.values.erase(kDetourKey);
    return;
  }
  std::string text;
  for (const PageRef& p : d.passed) {
    if (!text.empty()) text += ' ';
    text += std::to_string(p.page) + "." + std::to_string(p.instance);
  }
  text += '|';
  for (std::size_t i = 0; i < d.opened.size(); ++i) {
    if (i > 0) text += ' ';
    text += d.opened[i].first + "@" + std::to_string(d.opened[i].second);
  }
  a.values[kDetourKey] = std::move(text);
}

// The way back to the review after the post `post` (already applied to `a`, with `out` what the rest
// of the flow made of it); `asked_before`: the questions that applied before the post.
void FollowDetour(const Runtime& rt, Answers& a, const PagePost& post, const std::set<Asked>& asked_before,
                  Outcome& out) {
  const form::Form& f = rt.form();
  Detour d = ReadDetour(a);
  const PageRef here = post.page;
  std::vector<PageRef> pages;
  std::vector<PageRef> open_pages;  // pages holding a question opened on the way, in form order
  {
    View v(f, a);
    pages = rt.Pages(v);
    // What the post made apply that did not before joins what earlier posts on the way opened;
    // what no longer applies leaves it.
    std::set<std::pair<std::string, int>> opened(d.opened.begin(), d.opened.end());
    std::vector<std::pair<std::string, int>> still;
    ForEachAsked(rt, v, [&](Asked q, PageRef p) {
      std::pair<std::string, int> key{f.nodes[static_cast<std::size_t>(q.first)].name, q.second};
      const bool opened_now = !asked_before.count(q);
      if (!opened_now && !opened.count(key)) return;
      opened.insert(key);
      still.push_back(std::move(key));
      if (open_pages.empty() || !(open_pages.back() == p)) open_pages.push_back(p);
    });
    d.opened = std::move(still);
  }
  d.passed.erase(std::remove_if(d.passed.begin(), d.passed.end(),
                                [&](PageRef p) { return PositionOf(pages, p) < 0; }),
                 d.passed.end());
  const bool moved = out.step == Step::kMoved;
  const std::string& action = post.action;
  const bool back = moved && action == "back";
  const bool forward = moved && !back && action != "add" && action != "remove" && !StartsWith(action, "lang:");
  // On the way: the page the "Change" link opened, a page passed on the way, or one it leads to.
  const bool on_way = post.return_to_review || PositionOf(d.passed, here) >= 0 || PositionOf(open_pages, here) >= 0;
  if (on_way && PositionOf(d.passed, here) < 0 && (post.return_to_review || forward)) d.passed.push_back(here);
  if (forward && on_way) {
    // The page was passed with its checks: what it holds has been through.
    const auto& qs = f.pages[static_cast<std::size_t>(here.page)].questions;
    d.opened.erase(std::remove_if(d.opened.begin(), d.opened.end(),
                                  [&](const std::pair<std::string, int>& o) {
                                    return o.second == here.instance &&
                                           std::any_of(qs.begin(), qs.end(), [&](int q) {
                                             return f.nodes[static_cast<std::size_t>(q)].name == o.first;
                                           });
                                  }),
                   d.opened.end());
    open_pages.erase(std::remove(open_pages.begin(), open_pages.end(), here), open_pages.end());
  }
  if (forward) {
    std::optional<PageRef> next;
    if (on_way) {
      // The next page of the way in form order: one passed after this one (going forward again after
      // Back) or one still to see; else one it opened earlier in the form; else the review.
      auto consider = [&](PageRef p) {
        if (Before(here, p) && (!next || Before(p, *next))) next = p;
      };
      const auto passed_here = std::find(d.passed.begin(), d.passed.end(), here);
      std::for_each(passed_here == d.passed.end() ? passed_here : passed_here + 1, d.passed.end(), consider);
      std::for_each(open_pages.begin(), open_pages.end(), consider);
      if (!next && !open_pages.empty()) next = open_pages.front();
    } else if (out.review && !open_pages.empty()) {
      // Walking the form from before the way began: its last page leads to what is still open.
      next = open_pages.front();
    } else if (!out.review) {
      next = out.at;
    }
    out.review = !next;
    if (next) out.at = *next;
    if (out.review) d = Detour{};
  } else if (back && on_way) {
    // Back along the way: the page passed on it just before this one, in form order.
    std::optional<PageRef> prev;
    for (PageRef p : d.passed) {
      if (Before(p, here) && (!prev || Before(*prev, p))) prev = p;
    }
    if (prev) out.at = *prev;
  }
  WriteDetour(a, d);
}

}  // namespace

int PositionOf(const std::vector<PageRef>& pages, PageRef p) {
  auto it = std::find(pages.begin(), pages.end(), p);
  return it == pages.end() ? -1 : static_cast<int>(it - pages.begin());
}

PageRef Resolve(const std::vector<PageRef>& pages, PageRef want) {
  for (const PageRef& p : pages) {
    if (p.page > want.page || (p.page == want.page && p.instance >= want.instance)) return p;
  }
  return pages.empty() ? PageRef{} : pages.back();
}

namespace {

// The buttons of a question page (not the review's), once the page's answers are taken.
Outcome PageStep(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang, Outcome out);

}  // namespace

Outcome Advance(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang) {
  const form::Form& f = rt.form();
  Outcome out;
  out.at = post.page;
  const std::string& action = post.action;
  // On the way back to the review after a "Change": what applies before the post is compared with
  // what applies after it (only then: the comparison reads every page).
  const bool detour = !post.from_review && (post.return_to_review || a.values.count(kDetourKey) > 0);
  std::set<Asked> asked_before;

  // Take what was typed on the questions the page showed.
  if (!post.from_review) {
    std::vector<int> shown;
    {
      View before(f, a);
      shown = rt.DisplayQuestions(before, post.page);
      if (detour) asked_before = AskedNow(rt, before);
    }
    for (int q : shown) {
      const form::Node& n = f.nodes[static_cast<std::size_t>(q)];
      if (!form::HoldsValue(n.type)) continue;
      std::vector<std::string> vals = AllOf(post.fields, n.name);
      const bool many = n.type == form::Type::kSelectMultiple || n.type == form::Type::kRank;
      std::string text = many ? Join(vals, " ") : (vals.empty() ? "" : vals[0]);
      // What the page showed as stored ("2.125" on a German page) and got back unchanged is no typing.
      const bool shown = !text.empty() && text == a.Get(f, n.name, post.page.instance);
      auto canon = Canonicalize(n, text, lang, shown ? Typist::kProgram : Typist::kPerson);
      if (canon.ok()) {
        a.Set(f, n.name, post.page.instance, std::move(canon).value());
      } else {
        out.errors.push_back({n.name, post.page.instance, canon.error().message});
        out.raw[n.name] = std::move(text);
      }
    }
    for (int q : f.pages[static_cast<std::size_t>(post.page.page)].questions) {
      out.changed.push_back(f.nodes[static_cast<std::size_t>(q)].name);
    }
    rt.Recalculate(a, out.changed);
    rt.CreateCountedInstances(a);
    // A choice sent that the page's filters do not offer (now) is refused, like a mistyped number.
    View sent(f, a);
    for (int q : shown) {
      if (auto e = rt.CheckOffered(sent, q, post.page.instance, lang)) {
        const bool dup = std::any_of(out.errors.begin(), out.errors.end(),
                                     [&](const FieldError& x) { return x.field == e->field; });
        if (!dup) out.errors.push_back(std::move(*e));
      }
    }
  }

  if (post.from_review) {
    out.review = true;
    if (StartsWith(action, "lang:")) return out;
    if (action == "back") {
      std::vector<PageRef> pages = rt.Pages(a);
      out.review = false;
      if (!pages.empty()) out.at = pages.back();
      return out;
    }
    if (action != "submit") {
      out.step = Step::kSaved;
      return out;
    }
    // Send: every page checked once more (an answer changed on the way may have made others
    // required); the first page with a problem is shown with it.
    {
      View v(f, a);
      for (const PageRef& p : rt.Pages(v)) {
        std::vector<FieldError> errors = rt.ValidatePage(v, p, lang);
        if (!errors.empty()) {
          out.step = Step::kRefused;
          out.review = false;
          out.at = p;
          out.errors = std::move(errors);
          return out;
        }
      }
    }
    if (!post.end_time.empty()) rt.SetMeta(a, "end", post.end_time);
    rt.Finalize(a);
    out.step = Step::kCompleted;
    return out;
  }

  out = PageStep(rt, a, post, lang, std::move(out));
  if (detour) FollowDetour(rt, a, post, asked_before, out);
  return out;
}

namespace {

Outcome PageStep(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang, Outcome out) {
  const form::Form& f = rt.form();
  const std::string& action = post.action;
  if (action == "back") {
    out.at = Previous(rt.Pages(a), post.page);
    return out;
  }
  if (action == "draft") {
    out.step = Step::kDrafted;
    return out;
  }
  if (action == "save") {
    out.step = Step::kSaved;
    return out;
  }
  if (StartsWith(action, "lang:")) return out;

  // A respondent-added repeat: removing an instance needs no checks of what it held.
  const int repeat_node = f.pages[static_cast<std::size_t>(post.page.page)].node;
  if (action == "remove" && post.page.instance >= 0 && rt.RemoveInstance(a, repeat_node, post.page.instance)) {
    out.errors.clear();
    out.raw.clear();
    rt.Recalculate(a, out.changed);
    out.at = PageRef{post.page.page, std::max(0, post.page.instance - 1)};
    return out;
  }

  // next / submit / add: the page must pass its checks before the respondent moves on.
  View v(f, a);
  for (auto& e : rt.ValidatePage(v, post.page, lang)) {
    bool dup = std::any_of(out.errors.begin(), out.errors.end(), [&](const FieldError& x) { return x.field == e.field; });
    if (!dup) out.errors.push_back(std::move(e));
  }
  if (!out.errors.empty()) {
    out.step = Step::kRefused;
    return out;
  }
  if (action == "add" && post.page.instance >= 0) {
    int added = post.page.instance;
    if (rt.AddInstance(a, repeat_node, &added)) rt.Recalculate(a, out.changed);
    out.at = PageRef{post.page.page, added};
    return out;
  }
  std::vector<PageRef> pages = rt.Pages(v);
  const int pos = PositionOf(pages, post.page);
  const bool last = pos >= 0 && pos + 1 == static_cast<int>(pages.size());
  // After the last page (or a change made from the review): "check your answers".
  if (last || post.return_to_review) {
    out.review = true;
    return out;
  }
  out.at = pos >= 0 ? pages[static_cast<std::size_t>(pos) + 1] : Resolve(pages, post.page);
  return out;
}

}  // namespace

std::vector<FieldError> Complete(const Runtime& rt, Answers& a, std::string_view lang, bool given_at_once) {
  rt.CreateCountedInstances(a);
  rt.Calculate(a);
  std::vector<FieldError> errors;
  {
    // Answers given at once: a choice its filter does not offer is a bad answer. Answers given one
    // after another: it was offered when given, and counts as blank now (ODK clears it).
    View v(rt.form(), a);
    if (given_at_once) errors = rt.CheckOfferedAll(v, lang);
    for (auto& e : rt.ValidateAll(v, lang)) {
      const bool dup = std::any_of(errors.begin(), errors.end(), [&](const FieldError& x) {
        return x.field == e.field && x.instance == e.instance;
      });
      if (!dup) errors.push_back(std::move(e));
    }
  }
  if (errors.empty()) rt.Finalize(a);
  return errors;
}

}  // namespace mcs::engine
