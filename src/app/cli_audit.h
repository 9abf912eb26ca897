// What a command changes is audited as the console's actions are, by the user "command line".
#pragma once
#include <string>

#include "common/clock.h"
#include "storage/storage.h"

namespace mcs::app {

// Appends one event to the audit log, now, as "command line" (a failure to write it does not stop
// the command: the change is made already).
void AuditCli(storage::Storage& store, const std::string& action, const std::string& target, const std::string& detail);
// The same at `at`: the time the command itself read for the change it audits.
void AuditCli(storage::Storage& store, TimeMs at, const std::string& action, const std::string& target,
              const std::string& detail);

}  // namespace mcs::app
