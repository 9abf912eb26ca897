#include "app/print_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/open_store.h"
#include "storage/storage.h"
#include "web/form_registry.h"
#include "web/questionnaire_print.h"

namespace mcs::app {
namespace {

bool IsFormFile(const std::string& s) {
  return (s.ends_with(".md") || s.ends_with(".csv") || s.ends_with(".xlsx")) && std::filesystem::is_regular_file(s);
}

}  // namespace

int RunPrint(const PrintArgs& a) {
  const bool html = a.html || a.out.ends_with(".html") || a.out.ends_with(".htm");
  if (a.out.empty() || (!html && !a.out.ends_with(".pdf"))) {
    std::cerr << "mcsurvey: --out q.pdf, or q.html (or --html)\n";
    return 2;
  }
  std::shared_ptr<const form::Form> f;
  if (IsFormFile(a.form)) {
    std::ifstream in(a.form, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    Diagnostics diags;
    f = form::Compile(ss.str(), a.form, diags);
    if (!f) {
      std::cerr << diags.ToString();
      std::cerr << "mcsurvey: " << a.form << " is not a valid form (mcsurvey check says why)\n";
      return 1;
    }
  } else {
    auto store = OpenStore(a.db);
    if (!store) return 1;
    f = LatestForm(*store, a.form, a.db);
    if (!f) return 1;
  }
  if (!a.lang.empty() && !f->HasLanguage(a.lang)) {
    std::string have;
    for (const auto& l : f->languages) have += (have.empty() ? "" : ", ") + l.code;
    std::cerr << "mcsurvey: the form has no language '" << a.lang << "' (it has: " << have << ")\n";
    return 2;
  }
  web::PrintRequest r;
  r.lang = a.lang;
  std::string bytes;
  if (html) {
    bytes = web::QuestionnaireHtml(*f, r);
  } else {
    auto pdf = web::QuestionnairePdf(*f, r);
    if (!pdf.ok()) {
      std::cerr << "mcsurvey: " << pdf.error().message << "\n";
      return 1;
    }
    bytes = std::move(pdf).value();
  }
  std::ofstream out(a.out, std::ios::binary);
  out << bytes;
  if (!out.flush()) {
    std::cerr << "mcsurvey: cannot write " << a.out << "\n";
    return 1;
  }
  std::cerr << "mcsurvey: questionnaire '" << f->id << "' written to " << a.out << "\n";
  return 0;
}

}  // namespace mcs::app
