// Headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe:
// commands on fd 3, replies on fd 4, each a JSON message ended by NUL), so that a page is printed
// with Page.printToPDF's options (A4, header and footer templates) that --print-to-pdf lacks, and
// several documents print in one browser start. No socket, no port.
#pragma once
#include <sys/types.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace mcs::report::internal {

struct PrintSettings {
  double paper_width_in = 8.27, paper_height_in = 11.69;  // A4
  double margin_top_in = 0.87, margin_bottom_in = 0.79, margin_side_in = 0.67;
  std::string header_template, footer_template;  // HTML; empty: none shown
};

class Chromium {
 public:
  // Starts the browser. Unavailable when it is missing or does not answer.
  static Result<std::unique_ptr<Chromium>> Start(const std::string& chromium);
  ~Chromium();
  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  // The PDF of a local HTML file, once it has loaded. The document loads nothing else: every other
  // request it makes (network, file://) is refused inside the browser.
  Result<std::string> Print(const std::string& html_path, const PrintSettings& settings);

 private:
  Chromium() = default;
  Status Send(const boost::json::object& msg);
  Result<boost::json::object> Next();
  Status Answer(const boost::json::object& paused);
  Result<boost::json::object> Call(const std::string& method, boost::json::object params,
                                   const std::string& session = "");

  pid_t pid_ = 0;
  int to_ = -1, from_ = -1;
  std::string buf_, profile_;
  long long next_id_ = 1;
  bool loaded_ = false;
  std::string document_;  // the bytes Print serves as the page
};

// The text of each page of a PDF file, as poppler's pdftotext reads it. Unavailable when
// pdftotext is missing.
Result<std::vector<std::string>> PdfPages(const std::string& pdf_path, const std::string& pdftotext = "/usr/bin/pdftotext");

}  // namespace mcs::report::internal
