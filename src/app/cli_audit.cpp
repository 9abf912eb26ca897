#include "app/cli_audit.h"

#include "common/clock.h"

namespace mcs::app {

void AuditCli(storage::Storage& store, const std::string& action, const std::string& target,
              const std::string& detail) {
  AuditCli(store, SystemClock().Now(), action, target, detail);
}

void AuditCli(storage::Storage& store, TimeMs at, const std::string& action, const std::string& target,
              const std::string& detail) {
  storage::AuditEvent e;
  e.at = at;
  e.user = "command line";
  e.action = action;
  e.target = target;
  e.detail = detail;
  (void)store.AppendAudit(e);
}

}  // namespace mcs::app
