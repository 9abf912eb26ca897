#include "common/diagnostic.h"

#include <algorithm>

namespace mcs {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (!sheet.empty()) out += ":" + sheet;
  if (row > 0) out += ":" + std::to_string(row);
  if (!column.empty()) out += ":" + column;
  out += ": ";
  if (severity == Severity::kWarning) out += "warning: ";
  out += message;
  return out;
}

void Diagnostics::Error(std::string sheet, int row, std::string column, std::string message) {
  items_.push_back({Severity::kError, file_, std::move(sheet), row, std::move(column), std::move(message)});
}

void Diagnostics::Warning(std::string sheet, int row, std::string column, std::string message) {
  items_.push_back({Severity::kWarning, file_, std::move(sheet), row, std::move(column), std::move(message)});
}

void Diagnostics::SetFile(const std::string& file) {
  file_ = file;
  for (auto& d : items_) d.file = file;
}

bool Diagnostics::HasErrors() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const auto& d : items_) out += d.ToString() + "\n";
  return out;
}

}  // namespace mcs
