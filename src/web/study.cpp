// The study mcsurvey serves out of the box (../shared/study/BRIEF.md): Cedefop's survey on the role of
// microcredentials in facilitating learning for employment, four stakeholder groups, one questionnaire
// each, open until 5 July 23:59 on the study's clock (Brussels time unless the study set its zone).
#include "common/timezone.h"
#include "web/app.h"
#include "web/study_texts.h"

namespace mcs::web {

const std::vector<StudyGroup>& StudyGroups() {
  static const std::vector<StudyGroup> kGroups = [] {
    std::vector<StudyGroup> out;
    for (const auto& id : BuiltInStudyTexts().groups) out.push_back(StudyGroup{id.c_str()});
    return out;
  }();
  return kGroups;
}

TimeMs DefaultClosingTime(TimeMs now, std::string_view zone) {
  const int y = ToLocal(zone, now).year;
  // Closed from 23:59:59.999 on: "until 23:59" includes that last minute.
  TimeMs t = LocalToUtc(zone, y, 7, 5, 23, 59) + 59999;
  if (t <= now) t = LocalToUtc(zone, y + 1, 7, 5, 23, 59) + 59999;
  return t;
}

}  // namespace mcs::web
