#include "report/study_data.h"

#include <algorithm>

#include "stats/merge.h"

namespace mcs::report {

std::vector<StudyPart> StudyData::Parts() const {
  std::vector<StudyPart> parts;
  for (std::size_t i = 0; i < forms.size() && i < data.size(); ++i) parts.push_back({forms[i].get(), &data[i]});
  return parts;
}

Result<StudyData> LoadStudy(storage::Storage& store, std::vector<std::shared_ptr<const form::Form>> forms,
                            const std::string& lang, const std::string* merges_text) {
  StudyData s;
  s.forms = std::move(forms);
  stats::LoadOptions lo;
  lo.lang = lang;
  lo.repeats = true;
  s.data.reserve(s.forms.size());
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& f : s.forms) {
    auto ds = stats::Load(store, *f, lo);
    if (!ds.ok()) return ds.error();
    auto m = stats::ParseMerges(merges_text ? *merges_text : store.GetSetting(stats::MergesKey(f->id)).value_or(""));
    if (!m.ok()) return MakeError(ErrorCode::kInvalid, "merges: " + m.error().message);
    if (merges_text) std::erase_if(*m, [&](const stats::Merge& x) { return !f->Find(x.question); });
    if (Status st = stats::CheckMerges(*f, *m); !st.ok())
      return MakeError(ErrorCode::kInvalid, "merges for " + f->id + ": " + st.error().message);
    stats::ApplyMerges(*ds, *m);
    for (auto& d : stats::DescribeMerges(*f, *m, lang)) {
      d = f->Title(lang) + ": " + d;
      if (std::find(s.merged.begin(), s.merged.end(), d) == s.merged.end()) s.merged.push_back(std::move(d));
    }
    s.data.push_back(std::move(ds).value());
    labels.emplace_back(f->id, f->title.empty() ? f->id : f->title);
  }
  // Groups are named by their questionnaires' titles without the words all titles start with
  // ("Microcredentials for employment: survey of VET providers" → "VET providers"), so that four
  // columns fit the page.
  if (labels.size() > 1) {
    std::string common = labels[0].second;
    for (const auto& [id, l] : labels) {
      std::size_t k = 0;
      while (k < common.size() && k < l.size() && common[k] == l[k]) ++k;
      common.resize(k);
    }
    const std::size_t cut = common.rfind(' ');
    if (cut != std::string::npos && cut > 0) {
      bool all_left = true;
      for (const auto& [id, l] : labels) all_left = all_left && l.size() > cut + 1;
      if (all_left)
        for (auto& [id, l] : labels) {
          l = l.substr(cut + 1);
          if (!l.empty() && l[0] >= 'a' && l[0] <= 'z') l[0] = static_cast<char>(l[0] - 'a' + 'A');
        }
    }
  }
  std::vector<const stats::Dataset*> parts;
  for (const auto& d : s.data) parts.push_back(&d);
  s.united = stats::Unite(parts, labels);
  return s;
}

}  // namespace mcs::report
