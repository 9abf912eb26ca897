// Every PDF (the report, the questionnaire on paper, a respondent's copy of their answers, the public
// results) is HTML printed by headless Chromium, and that HTML holds labels and answers other people
// typed. Escaping keeps them text; this is the second line: whatever a printed document asks for
// besides itself (an image or stylesheet on the network, a local file in a frame, a script's fetch)
// is refused inside the browser. Checked with the real Chromium and a real listener.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "report/internal/chromium.h"

namespace mcs::report::internal {
namespace {

namespace fs = std::filesystem;

// A TCP listener on 127.0.0.1 that counts the connections made to it.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 16);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        ++connections_;
        const char kReply[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nLEAKED";
        (void)!write(c, kReply, sizeof kReply - 1);
        close(c);
      }
    });
  }
  ~Listener() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

TEST(ChromiumIsolation, APrintedDocumentLoadsNothingElse) {
  const char* env = std::getenv("MCSURVEY_CHROMIUM");
  const std::string chromium = env && *env ? env : "/usr/bin/chromium";
  if (!fs::exists(chromium)) GTEST_SKIP() << chromium << " missing (scripts/install-deps.sh test)";
  if (!fs::exists("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext missing (poppler-utils)";
  const fs::path dir = fs::temp_directory_path() / ("mcs-isolation-" + std::to_string(getpid()));
  fs::create_directories(dir);
  // A local file the document must not be able to show.
  const fs::path secret = dir / "secret.html";
  std::ofstream(secret) << "<p>SECRET-FILE-CONTENT-7f3a</p>";
  Listener net;
  const std::string http = "http://127.0.0.1:" + std::to_string(net.port());
  const std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title>"
      "<link rel=\"stylesheet\" href=\"" +
      http +
      "/style.css\"></head><body>"
      "<p>Visible text of the document</p>"
      "<img src=\"" +
      http +
      "/pixel.png\" alt=\"\">"
      "<iframe src=\"file://" +
      secret.string() +
      "\" width=\"400\" height=\"100\"></iframe>"
      "<iframe src=\"" +
      http +
      "/frame\" width=\"400\" height=\"100\"></iframe>"
      "<script>fetch('" +
      http +
      "/script').catch(function(){});</script>"
      "</body></html>";
  const fs::path html_path = dir / "doc.html";
  std::ofstream(html_path) << html;

  auto browser = Chromium::Start(chromium);
  ASSERT_TRUE(browser.ok()) << browser.error().message;
  auto pdf = (*browser)->Print(html_path.string(), PrintSettings{});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const fs::path pdf_path = dir / "doc.pdf";
  std::ofstream(pdf_path, std::ios::binary) << *pdf;
  auto pages = PdfPages(pdf_path.string());
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  std::string text;
  for (const auto& p : *pages) text += p;

  EXPECT_NE(text.find("Visible text of the document"), std::string::npos) << text;
  EXPECT_EQ(text.find("SECRET-FILE-CONTENT"), std::string::npos) << "a local file was printed: " << text;
  EXPECT_EQ(text.find("LEAKED"), std::string::npos) << text;
  EXPECT_EQ(net.connections(), 0) << "the printed document reached the network";
  browser->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mcs::report::internal
