// The study mcsurvey serves out of the box (../shared/study/BRIEF.md): Cedefop's survey on the role of
// microcredentials in facilitating learning for employment, four stakeholder groups, one questionnaire
// each, open until 5 July 23:59 Brussels time.
#include "common/timezone.h"
#include "web/app.h"

namespace mcs::web {

const char* const kStudyTitle = "The role of microcredentials in facilitating learning for employment";
const char* const kStudyOrganiser = "Cedefop, the European Centre for the Development of Vocational Training";
const char* const kStudyIntro =
    "This study looks at how microcredentials support learning for employment: what they are, who offers and "
    "uses them, what they are for and how far they are trusted. A microcredential is a proof of the learning "
    "outcomes that a learner has acquired following a short learning experience, assessed against transparent "
    "standards. Please choose the questionnaire for your organisation. It takes about 15 minutes; you can stop "
    "and continue later.";

const std::vector<StudyGroup>& StudyGroups() {
  static const std::vector<StudyGroup> kGroups = {
      {"vet_providers", "VET providers",
       "Schools, colleges, training centres, universities of applied sciences, MOOC and private providers."},
      {"authorities", "National and regional authorities",
       "Ministries, qualification agencies and quality assurance bodies."},
      {"employers", "Employers and organisations representing employers",
       "Companies, chambers, sector and employers' organisations."},
      {"employee_orgs", "Organisations representing employees", "Trade unions and their confederations."},
  };
  return kGroups;
}

TimeMs DefaultClosingTime(TimeMs now) {
  int y, m, d;
  BrusselsDate(now, y, m, d);
  // Closed from 23:59:59.999 on: "until 23:59" includes that last minute.
  TimeMs t = BrusselsToUtc(y, 7, 5, 23, 59) + 59999;
  if (t <= now) t = BrusselsToUtc(y + 1, 7, 5, 23, 59) + 59999;
  return t;
}

}  // namespace mcs::web
