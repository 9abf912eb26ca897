// One export, whatever the door: the console's download form and the API's
// GET /api/v1/forms/{id}/responses?format= read the same choices and call the same writer
// (exporter::WriteDownload) as `mcsurvey export`.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "export/export.h"
#include "form/form.h"
#include "storage/storage.h"
#include "web/form_registry.h"

namespace mcs::web {

struct ExportRequest {
  exporter::FileFormat format = exporter::FileFormat::kCsv;
  exporter::Options opts;
};

// The choices, from fields named as the command line's options: format (csv|xlsx|sav|dta|jsonl),
// partial=1 (also partial responses; `all=1` and `status=all` as before), labels=1 (choices as
// labels), version=V (that version only; every version when absent), excluded=1 (also responses
// excluded in the data-quality review), lang=L. Invalid when a value is not one of these.
Result<ExportRequest> ParseExportRequest(const std::function<std::string(std::string_view)>& field);

// The form an export reads: one version's questions, or every version's united (as the CLI does).
std::shared_ptr<const form::Form> FormForExport(const FormRegistry& forms, const std::string& form_id,
                                                const std::string& version);

// The download's bytes (a zip for csv/sav/dta), written through a private temporary file.
Result<std::string> ExportBytes(storage::Storage& store, const form::Form& f, const ExportRequest& req);

// "csv, with partial responses, labels, version 2" for the audit log.
std::string Describe(const ExportRequest& req);

}  // namespace mcs::web
