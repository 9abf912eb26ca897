#include "app/results_command.h"

#include <iostream>

#include "app/cli_audit.h"
#include "app/open_store.h"
#include "common/clock.h"
#include "common/strings.h"
#include "storage/storage.h"
#include "web/form_registry.h"
#include "web/public_results.h"

namespace mcs::app {

int RunResults(const ResultsArgs& a) {
  if (a.publish && a.unpublish) {
    std::cerr << "mcsurvey: --publish or --unpublish, not both\n";
    return 2;
  }
  auto store = OpenStore(a.db);
  if (!store) return 1;
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(*store, diags);
  auto f = reg.Published(a.form_id);
  if (!f) {
    std::cerr << "mcsurvey: no published form '" << a.form_id << "' in " << a.db << "\n";
    return 1;
  }
  web::PublicResults p = web::ReadPublicResults(*store, a.form_id);
  const bool change = a.publish || a.unpublish || !a.questions.empty() || a.min_cell != 0;
  if (change) {
    if (!a.questions.empty()) {
      p.questions.clear();
      for (const auto& q : Split(a.questions, ',')) {
        std::string name(Trim(q));
        if (!name.empty()) p.questions.push_back(name);
      }
    }
    if (a.min_cell != 0) p.min_cell = a.min_cell;
    if (a.publish) {
      p.published = true;
      p.published_at = SystemClock().Now();
      p.by = "command line";
    }
    if (a.unpublish) p.published = false;
    if (Status st = web::WritePublicResults(*store, *f, p); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return 2;
    }
    AuditCli(*store, p.published ? "results-publish" : "results-withdraw", a.form_id,
             Join(p.questions, ",") + "; min cell " + std::to_string(p.min_cell));
  }
  std::cout << a.form_id << ": " << (p.published ? "published at /results/" + a.form_id : "not published")
            << "; questions: " << (p.questions.empty() ? "(none)" : Join(p.questions, ","))
            << "; cells under " << p.min_cell << " suppressed\n";
  return 0;
}

}  // namespace mcs::app
