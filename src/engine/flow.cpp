#include "engine/flow.h"

#include <algorithm>

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

Outcome Advance(const Runtime& rt, Answers& a, const PagePost& post, std::string_view lang) {
  const form::Form& f = rt.form();
  Outcome out;
  out.at = post.page;
  const std::string& action = post.action;

  // Take what was typed on the questions the page showed.
  if (!post.from_review) {
    std::vector<int> shown;
    {
      View before(f, a);
      shown = rt.DisplayQuestions(before, post.page);
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
  out.at = pos >= 0 ? pages[static_cast<std::size_t>(pos + 1)] : Resolve(pages, post.page);
  return out;
}

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
