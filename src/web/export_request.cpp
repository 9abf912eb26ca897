#include "web/export_request.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace mcs::web {

namespace {

Result<bool> Flag(const std::function<std::string(std::string_view)>& field, std::string_view name) {
  std::string v = field(name);
  if (v.empty() || v == "0") return false;
  if (v == "1") return true;
  return MakeError(ErrorCode::kInvalid, std::string(name) + " is 1 or 0");
}

}  // namespace

Result<ExportRequest> ParseExportRequest(const std::function<std::string(std::string_view)>& field) {
  ExportRequest r;
  std::string fmt = field("format");
  auto parsed = exporter::ParseFileFormat(fmt.empty() ? "csv" : fmt);
  if (!parsed) return MakeError(ErrorCode::kInvalid, "format is csv, xlsx, sav, dta or jsonl");
  r.format = *parsed;
  auto partial = Flag(field, "partial");
  auto labels = Flag(field, "labels");
  auto excluded = Flag(field, "excluded");
  auto all = Flag(field, "all");
  for (const auto* b : {&partial, &labels, &excluded, &all}) {
    if (!b->ok()) return b->error();
  }
  std::string status = field("status");
  if (!status.empty() && status != "all" && status != "complete") {
    return MakeError(ErrorCode::kInvalid, "status is complete or all");
  }
  r.opts.complete_only = !(*partial || *all || status == "all");
  r.opts.labels = *labels;
  r.opts.include_excluded = *excluded;
  r.opts.form_version = field("version");
  r.opts.lang = field("lang");
  return r;
}

std::shared_ptr<const form::Form> FormForExport(const FormRegistry& forms, const std::string& form_id,
                                                const std::string& version) {
  if (!version.empty()) return forms.Version(form_id, version);
  auto versions = forms.Versions(form_id);
  if (versions.empty()) return nullptr;
  return form::UniteVersions(versions);
}

Result<std::string> ExportBytes(storage::Storage& store, const form::Form& f, const ExportRequest& req) {
  char path[] = "/tmp/mcsurvey-download-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "no temporary file for the export");
  close(fd);
  auto n = exporter::WriteDownload(store, f, req.opts, req.format, path);
  std::string bytes;
  if (n.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::remove(path);
  if (!n.ok()) return n.error();
  return bytes;
}

std::string Describe(const ExportRequest& req) {
  std::string s(exporter::Extension(req.format));
  if (!req.opts.complete_only) s += ", with partial responses";
  if (req.opts.include_excluded) s += ", with excluded responses";
  if (req.opts.labels) s += ", labels";
  if (!req.opts.form_version.empty()) s += ", version " + req.opts.form_version;
  if (!req.opts.lang.empty()) s += ", language " + req.opts.lang;
  return s;
}

}  // namespace mcs::web
