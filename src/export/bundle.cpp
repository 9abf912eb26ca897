// One export, whatever the door: the files every export of a form consists of (main table, a table
// per repeat, the codebook, a README), written by one function that the console, the API and the
// command line all call; and their zip (libzip) where one file cannot hold several tables.
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>

#include "common/timezone.h"
#include "export/export.h"
#include "export/internal/variables.h"

namespace mcs::exporter {

namespace {

namespace fs = std::filesystem;

// Removes the files written so far unless released (an export fails whole).
class Cleanup {
 public:
  explicit Cleanup(std::vector<std::string>& paths) : paths_(paths) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup() {
    if (released_) return;
    std::error_code ec;
    for (const auto& p : paths_) fs::remove(p, ec);
  }
  void Release() { released_ = true; }

 private:
  std::vector<std::string>& paths_;
  bool released_ = false;
};

std::string Count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::optional<FileFormat> ParseFileFormat(std::string_view name) {
  if (name == "csv") return FileFormat::kCsv;
  if (name == "xlsx") return FileFormat::kXlsx;
  if (name == "sav") return FileFormat::kSav;
  if (name == "dta") return FileFormat::kDta;
  if (name == "jsonl" || name == "json") return FileFormat::kJsonl;
  return std::nullopt;
}

std::string_view Extension(FileFormat fmt) {
  switch (fmt) {
    case FileFormat::kCsv:
      return "csv";
    case FileFormat::kXlsx:
      return "xlsx";
    case FileFormat::kSav:
      return "sav";
    case FileFormat::kDta:
      return "dta";
    case FileFormat::kJsonl:
      return "jsonl";
  }
  return "";
}

bool IsZipped(FileFormat fmt) {
  return fmt == FileFormat::kCsv || fmt == FileFormat::kSav || fmt == FileFormat::kDta;
}

std::string DownloadName(std::string_view form_id, FileFormat fmt) {
  std::string id(form_id);
  if (IsZipped(fmt)) return id + "-" + std::string(Extension(fmt)) + ".zip";
  return id + "." + std::string(Extension(fmt));
}

std::string_view ContentType(FileFormat fmt) {
  if (IsZipped(fmt)) return "application/zip";
  if (fmt == FileFormat::kXlsx) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/x-ndjson; charset=utf-8";
}

std::string Readme(const form::Form& f, const Options& opts, FileFormat fmt, const std::vector<std::string>& files) {
  const internal::Layout layout = internal::MakeLayout(f, opts);
  const std::string ext(Extension(fmt));
  std::string s = "Export of the form '" + f.id + "' (" + f.title + ")\r\n\r\n";
  s += "Responses: ";
  s += opts.complete_only ? "complete only" : "complete and partial (column status)";
  s += opts.include_excluded ? "; responses excluded in the data-quality review included"
                             : "; excluded responses left out";
  s += opts.form_version.empty() ? "; every version of the form" : "; form version " + opts.form_version + " only";
  s += opts.labels && fmt != FileFormat::kSav && fmt != FileFormat::kDta ? "; choices as labels" : "; choices as names";
  if (fmt == FileFormat::kSav || fmt == FileFormat::kDta) s += " (codes 1..n with value labels)";
  s += ".\r\nPersonal data (follow-up contacts) is never in an export.\r\n\r\nFiles:\r\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& name = files[i];
    s += "- " + name + ": ";
    if (i == 0 && fmt == FileFormat::kXlsx) {
      s += "the workbook: the sheet 'data' is the main table, one row per response, keyed by the column id; one "
           "sheet per repeat (named after it), one row per instance; and the sheet 'codebook'.";
    } else if (i == 0 && fmt == FileFormat::kJsonl) {
      s += "one JSON object per line and response; a repeat's instances are an array of objects in answers.";
    } else if (i == 0) {
      s += "the main table, one row per response, keyed by the column id (" +
           Count(layout.tables[0].vars.size(), "column", "columns") + ").";
    } else if (IsZipped(fmt) && i < layout.tables.size()) {
      const internal::Table& t = layout.tables[i];
      s += "the repeat '" + t.name + "', one row per instance (" + Count(t.vars.size(), "column", "columns") +
           "). response_id is the id of its response in " + files[0] +
           "; instance is the instance's position in that response (1, 2, ...). "
           "The pair (response_id, instance) is unique.";
    } else if (name.ends_with("codebook.csv")) {
      s += "the codebook: one row per variable of every table (table, column, variable name in sav/dta, label, "
           "type, value labels, notes).";
    } else {
      s += "this file.";
    }
    s += "\r\n";
  }
  if (layout.tables.size() > 1 && fmt != FileFormat::kJsonl) {
    s += "\r\nJoining: a repeat's rows join the main table on response_id = id (many to one). Responses without "
         "instances have no rows in the repeat's table. Repeats are never nested in this form model, so "
         "response_id is the only parent key.\r\n";
  }
  s += "\r\nTimes: every time (started_at, submitted_at, ...) is in the study's time zone, " + layout.time_zone;
  if (fmt == FileFormat::kCsv || fmt == FileFormat::kJsonl) {
    s += ", as ISO 8601 with the UTC offset of that moment (2027-07-06T00:30:00.000+02:00 is half past midnight on "
         "6 July in summer time, 2027-07-05T22:30:00Z).\r\n";
  } else {
    s += ": the local date and time there (the variable labels and the codebook name the zone; the offset from UTC "
         "changes with summer time).\r\n";
  }
  bool non_substantive = false;
  for (const internal::ValueSet& vs : layout.sets) {
    for (char tag : vs.missing_tags) non_substantive = non_substantive || tag;
  }
  if (non_substantive && (fmt == FileFormat::kSav || fmt == FileFormat::kDta)) {
    s += "\r\nMissing values: non-substantive answers such as \"Don't know\", \"Not applicable\" or \"Prefer not to "
         "say\" (the codebook's notes name each) are ";
    s += fmt == FileFormat::kSav ? "user-missing values: SPSS and PSPP leave them out of means, and frequencies "
                                   "show them as missing, with their label"
                                 : "extended missing values (.d for dont_know, and so on), with their label: Stata "
                                   "leaves them out of means";
    s += ", as the report leaves them out of mean scores. The csv, xlsx and json exports keep them as answers.\r\n";
  }
  if (fmt == FileFormat::kCsv) {
    s += "\r\nCSV: UTF-8, comma-separated, CRLF line ends, fields quoted as RFC 4180. Against spreadsheet formula "
         "injection, a text value that starts with = + - @, a tab or a carriage return (after any leading "
         "apostrophes) is written with one more apostrophe in front: remove one leading ' from such a value to get "
         "the answer back. Characters XML 1.0 does not allow (older answers only) are written as U+FFFD.\r\n";
  }
  return s;
}

Result<Written> WriteFiles(storage::Storage& store, const form::Form& f, const Options& given, FileFormat fmt,
                           const std::string& dir, const std::string& stem) {
  const Options opts = internal::WithStoredSettings(store, f, given);
  const std::string ext(Extension(fmt));
  const internal::Layout layout = internal::MakeLayout(f, opts);
  auto path_of = [&](const std::string& name) { return (fs::path(dir) / name).string(); };
  Written w;
  std::vector<std::string> paths;
  Cleanup cleanup(paths);
  auto add = [&](std::string name) {
    paths.push_back(path_of(name));
    w.files.push_back(std::move(name));
    return paths.back();
  };
  const std::string main_path = add(stem + "." + ext);
  auto repeat_name = [&](const std::string& repeat) { return stem + "-" + repeat + "." + ext; };
  // Repeats get their files in form order (the layout's), whatever order a writer asks in.
  if (IsZipped(fmt)) {
    for (std::size_t t = 1; t < layout.tables.size(); ++t) add(repeat_name(layout.tables[t].name));
  }
  auto repeat_path = [&](const std::string& repeat) { return path_of(repeat_name(repeat)); };

  Result<long long> n = 0LL;
  if (fmt == FileFormat::kCsv || fmt == FileFormat::kJsonl) {
    std::ofstream out(main_path, std::ios::binary);
    if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write " + main_path);
    if (fmt == FileFormat::kJsonl) {
      n = WriteJsonl(store, f, opts, out);
    } else {
      std::vector<std::unique_ptr<std::ofstream>> repeat_files;
      n = WriteCsv(store, f, opts, out, [&](const std::string& repeat) -> std::ostream* {
        repeat_files.push_back(std::make_unique<std::ofstream>(repeat_path(repeat), std::ios::binary));
        return repeat_files.back().get();
      });
      for (auto& rf : repeat_files) {
        if (n.ok() && !rf->flush()) n = MakeError(ErrorCode::kUnavailable, "cannot write a repeat's file");
      }
    }
    if (n.ok() && !out.flush()) n = MakeError(ErrorCode::kUnavailable, "cannot write " + main_path);
  } else if (fmt == FileFormat::kXlsx) {
    n = WriteXlsx(store, f, opts, main_path);
  } else if (fmt == FileFormat::kSav) {
    n = WriteSav(store, f, opts, main_path, repeat_path);
  } else {
    n = WriteDta(store, f, opts, main_path, repeat_path);
  }
  if (!n.ok()) return n.error();
  w.responses = *n;
  {
    const std::string cb = add(stem + "-codebook.csv");
    const std::string readme = add(stem + "-README.txt");
    std::ofstream c(cb, std::ios::binary);
    WriteCodebookCsv(f, opts, c);
    std::ofstream r(readme, std::ios::binary);
    r << Readme(f, opts, fmt, w.files);
    // Issue 25: an anonymised form's export says so.
    if (auto at = store.GetSetting(storage::AnonymisedSettingKey(f.id)); at && !at->empty()) {
      r << "\r\nAnonymised: the data were anonymised on " << LocalIsoDate(opts.time_zone, std::stoll(*at))
        << " (no contact details, invitation links or personal answers; times to the day).\r\n";
    }
    if (opts.privacy_acknowledgement) {
      r << "\r\nPrivacy notice: respondents acknowledged it before the first question. privacy_acknowledged_at is "
           "when (empty: not acknowledged, e.g. started before it was asked for), privacy_notice which text "
           "(sha256: and the first 16 hex digits of the SHA-256 of the notice shown; a new value means the notice "
           "changed).\r\n";
    }
    if (!c.flush() || !r.flush()) return MakeError(ErrorCode::kUnavailable, "cannot write the codebook or README");
  }
  cleanup.Release();
  return w;
}

Result<long long> WriteDownload(storage::Storage& store, const form::Form& f, const Options& opts, FileFormat fmt,
                                const std::string& path) {
  if (fmt == FileFormat::kXlsx) return WriteXlsx(store, f, opts, path);
  if (fmt == FileFormat::kJsonl) {
    std::ofstream out(path, std::ios::binary);
    auto n = WriteJsonl(store, f, opts, out);
    if (n.ok() && !out.flush()) return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
    return n;
  }
  // The tables go to a private folder first; the zip is written from there, then the folder goes.
  std::string tmpl = (fs::temp_directory_path() / "mcsurvey-export-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return MakeError(ErrorCode::kUnavailable, "no temporary folder for the export");
  struct RemoveDir {
    std::string dir;
    ~RemoveDir() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } remove_dir{tmpl};
  auto w = WriteFiles(store, f, opts, fmt, tmpl, f.id);
  if (!w.ok()) return w.error();

  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
  for (const std::string& name : w->files) {
    const std::string p = (fs::path(tmpl) / name).string();
    zip_source_t* src = zip_source_file(z, p.c_str(), 0, -1);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      if (src) zip_source_free(src);
      std::string msg = zip_strerror(z);
      zip_discard(z);
      return MakeError(ErrorCode::kUnavailable, "cannot add " + name + " to the zip: " + msg);
    }
  }
  // zip_close reads the sources and writes the archive (to a temporary file renamed into place).
  if (zip_close(z) != 0) {
    std::string msg = zip_strerror(z);
    zip_discard(z);
    return MakeError(ErrorCode::kUnavailable, "cannot write " + path + ": " + msg);
  }
  return w->responses;
}

}  // namespace mcs::exporter
