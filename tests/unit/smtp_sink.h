// A real SMTP server on loopback for the unit tests that send mail: tests/http/smtp_sink.py (Debian's
// aiosmtpd) run under /usr/bin/python3, as the end-to-end mail tests run it. It writes each accepted
// message to DIR/NNNNNN.eml and its envelope to DIR/NNNNNN.env ("MAIL FROM\nRCPT TO..."), and stops
// when its standard input closes (when the SmtpSink goes). port() is 0 when it did not start: the test
// then skips (GTEST_SKIP), it does not pass.
#pragma once
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mcs::testing {

class SmtpSink {
 public:
  explicit SmtpSink(const std::string& dir) : dir_(dir) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[1]);
      close(out[0]);
      std::string sink = std::string(MCS_SOURCE_DIR) + "/tests/http/smtp_sink.py";
      execl("/usr/bin/python3", "python3", sink.c_str(), dir.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    std::string line;  // "ready PORT"
    char ch;
    while (read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    close(out[0]);
    if (line.starts_with("ready ")) port_ = std::atoi(line.c_str() + 6);
  }
  ~SmtpSink() {
    if (stdin_ >= 0) close(stdin_);  // the sink stops when its standard input closes
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }

  // Every envelope recipient of every message accepted so far, in arrival order.
  std::vector<std::string> Recipients() const {
    std::vector<std::string> out;
    for (const auto& f : Messages()) {
      std::ifstream env(f.parent_path() / (f.stem().string() + ".env"));
      std::string line;
      std::getline(env, line);  // MAIL FROM
      while (std::getline(env, line))
        if (!line.empty()) out.push_back(line);
    }
    return out;
  }

  // The decoded text/plain part of every message received, in arrival order.
  std::vector<std::string> Texts() const {
    std::vector<std::string> out;
    for (const auto& f : Messages()) {
      std::ifstream in(f, std::ios::binary);
      std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto p = raw.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      if (p == std::string::npos) continue;
      p = raw.find("\r\n\r\n", p) + 4;
      std::string b64 = raw.substr(p, raw.find("\r\n--", p) - p);
      std::string text(b64.size(), '\0');
      size_t len = 0;
      if (sodium_base642bin(reinterpret_cast<unsigned char*>(text.data()), text.size(), b64.data(), b64.size(), "\r\n",
                            &len, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0) {
        text.resize(len);
        out.push_back(text);
      }
    }
    return out;
  }

 private:
  // The .eml files, in the order the sink numbered them.
  std::vector<std::filesystem::path> Messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }

  std::string dir_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

}  // namespace mcs::testing
