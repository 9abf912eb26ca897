#include "app/privacy_command.h"

#include <fstream>
#include <iostream>

#include "app/open_store.h"
#include "common/clock.h"
#include "privacy/acknowledgement.h"
#include "privacy/privacy.h"
#include "storage/storage.h"
#include "web/export_request.h"
#include "web/form_registry.h"

namespace mcs::app {
namespace {

// "yes" typed on standard input, or --yes.
bool Confirmed(bool yes, const std::string& what) {
  if (yes) return true;
  std::cerr << what << "\nThis cannot be undone. Type yes to go ahead: ";
  std::string line;
  std::getline(std::cin, line);
  if (line == "yes") return true;
  std::cerr << "mcsurvey: nothing changed\n";
  return false;
}

privacy::Actor Cli() { return privacy::Actor{"command line", SystemClock().Now()}; }

void ReportScrub(const Status& st) {
  if (!st.ok()) std::cerr << "mcsurvey: the data is deleted, but the database files were not rewritten: "
                          << st.error().message << "\n";
}

std::shared_ptr<const form::Form> LoadForm(storage::Storage& s, const std::string& id, const std::string& db) {
  web::FormRegistry reg;
  Diagnostics diags;
  reg.LoadAll(s, diags);
  auto f = web::FormForExport(reg, id, "");
  if (!f) std::cerr << "mcsurvey: no form '" << id << "' in " << db << "\n";
  return f;
}

}  // namespace

PrivacyCommands::PrivacyCommands(CLI::App& cli, std::string& db) : db_(db) {
  erase_ = cli.add_subcommand("erase", "Erase one question's answers in every response of a form (audited)");
  erase_->add_option("--form", form_)->required();
  erase_->add_option("--question", question_)->required();
  erase_->add_option("--reason", reason_, "why (goes into the audit log)")->required();
  erase_->add_flag("--yes", yes_, "do not ask for confirmation");
  erase_->add_option("--db", db_);

  anonymise_ = cli.add_subcommand("anonymise", "Anonymise a closed form: contacts, links, personal answers, times to the day");
  anonymise_->add_option("form", form_)->required();
  anonymise_->add_flag("--yes", yes_, "do not ask for confirmation");
  anonymise_->add_option("--db", db_);

  subject_ = cli.add_subcommand("subject", "A person's data, by e-mail address: find, export, correct, erase (audited)");
  subject_->require_subcommand(1);
  find_ = subject_->add_subcommand("find", "List everything held about the address");
  find_->add_option("email", email_)->required();
  find_->add_option("--db", db_);
  export_ = subject_->add_subcommand("export", "Write everything held about the address to a text file");
  export_->add_option("email", email_)->required();
  export_->add_option("--out", out_)->required();
  export_->add_option("--db", db_);
  subject_erase_ = subject_->add_subcommand("erase", "Erase everything held about the address");
  subject_erase_->add_option("email", email_)->required();
  subject_erase_->add_flag("--yes", yes_, "do not ask for confirmation");
  subject_erase_->add_option("--db", db_);
  correct_ = subject_->add_subcommand("correct", "Replace a value wherever it is held about the address");
  correct_->add_option("email", email_)->required();
  correct_->add_option("--from", from_)->required();
  correct_->add_option("--to", to_)->required();
  correct_->add_option("--db", db_);

  records_ = cli.add_subcommand("records", "The personal data a form collects, where, who, how long");
  records_->add_option("--form", form_)->required();
  records_->add_option("--db", db_);

  privacy_ = cli.add_subcommand("privacy", "A form's privacy settings: acknowledging the notice before the first question");
  privacy_->require_subcommand(1);
  privacy_set_ = privacy_->add_subcommand("set", "Change a form's privacy settings (audited)");
  privacy_set_->add_option("--form", form_)->required();
  privacy_set_->add_option("--require-acknowledgement", acknowledgement_,
                           "on: respondents tick \"I have read the privacy notice\" before the first question")
      ->required()
      ->check(CLI::IsMember({"on", "off"}));
  privacy_set_->add_option("--db", db_);
  privacy_show_ = privacy_->add_subcommand("show", "Show a form's privacy settings");
  privacy_show_->add_option("--form", form_)->required();
  privacy_show_->add_option("--db", db_);
}

bool PrivacyCommands::Run(int& rc) {
  if (!*erase_ && !*anonymise_ && !*subject_ && !*records_ && !*privacy_) return false;
  rc = 1;
  auto store = OpenStore(db_);
  if (!store) return true;
  if (*erase_) {
    auto f = LoadForm(*store, form_, db_);
    if (!f) return true;
    if (!Confirmed(yes_, "Erase every answer to '" + question_ + "' in every response of '" + form_ + "'.")) return true;
    auto out = privacy::EraseQuestion(*store, *f, question_, reason_, Cli());
    if (!out.ok()) {
      std::cerr << "mcsurvey: " << out.error().message << "\n";
      return true;
    }
    ReportScrub(out->scrubbed);
    std::cout << "erased the answers to " << question_ << " in " << out->responses << " responses\n";
  } else if (*anonymise_) {
    if (!LoadForm(*store, form_, db_)) return true;
    if (!Confirmed(yes_, "Anonymise '" + form_ + "': delete its invitations, personal answers, links; times to the day."))
      return true;
    auto out = privacy::AnonymiseForm(*store, form_, Cli());
    if (!out.ok()) {
      std::cerr << "mcsurvey: " << out.error().message << "\n";
      return true;
    }
    ReportScrub(out->scrubbed);
    std::cout << "anonymised " << form_ << ": " << out->counts.invitations << " invitations deleted, "
              << out->counts.responses << " responses anonymised\n";
  } else if (*find_ || *export_) {
    auto items = privacy::FindSubjectAudited(*store, email_, *find_ ? "subject-find" : "subject-export", Cli());
    std::string text = privacy::SubjectReport(email_, items, SystemClock().Now());
    if (*find_) {
      std::cout << text;
    } else {
      std::ofstream f(out_, std::ios::binary);
      f << text;
      if (!f.flush()) {
        std::cerr << "mcsurvey: cannot write " << out_ << "\n";
        return true;
      }
      std::cerr << "mcsurvey: " << items.size() << " items written to " << out_ << "\n";
    }
  } else if (*subject_erase_) {
    auto items = privacy::FindSubject(*store, email_);
    if (!Confirmed(yes_, "Erase " + std::to_string(items.size()) + " items held about " + email_ + ".")) return true;
    auto out = privacy::EraseSubject(*store, email_, Cli());
    if (!out.ok()) {
      std::cerr << "mcsurvey: " << out.error().message << "\n";
      return true;
    }
    ReportScrub(out->scrubbed);
    std::cout << "erased " << out->changed << " items; " << out->kept << " audit lines kept\n";
  } else if (*correct_) {
    auto out = privacy::RectifySubject(*store, email_, from_, to_, Cli());
    if (!out.ok()) {
      std::cerr << "mcsurvey: " << out.error().message << "\n";
      return true;
    }
    ReportScrub(out->scrubbed);
    std::cout << "corrected " << out->changed << " items\n";
  } else if (*privacy_set_) {
    if (!LoadForm(*store, form_, db_)) return true;
    if (Status st = privacy::SetAcknowledgementRequired(*store, form_, acknowledgement_ == "on", Cli()); !st.ok()) {
      std::cerr << "mcsurvey: " << st.error().message << "\n";
      return true;
    }
    std::cout << form_ << ": acknowledgement of the privacy notice "
              << (acknowledgement_ == "on" ? "required before the first question" : "not required")
              << " (a running server sees it within a second)\n";
  } else if (*privacy_show_) {
    if (!LoadForm(*store, form_, db_)) return true;
    std::cout << "require-acknowledgement " << (privacy::AcknowledgementRequired(*store, form_) ? "on" : "off") << "\n";
  } else if (*records_) {
    auto f = LoadForm(*store, form_, db_);
    if (!f) return true;
    std::cout << privacy::RecordsOfProcessing(*store, *f);
  }
  store->Close();
  rc = 0;
  return true;
}

}  // namespace mcs::app
