// Reading the bounce mailbox over IMAP with libcurl (the same library as SMTP): IMAPS, or STARTTLS
// required, or plain IMAP to a server on this machine only. The password is used to log in and is
// never put in a message, a log line or an error.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace mcs::mail {

struct ImapSettings {
  std::string host;
  int port = 993;
  std::string security = "imaps";  // imaps | starttls | none
  std::string user;
  std::string password;
  std::string mailbox = "INBOX";
};

// "" when the settings can be used, else what is wrong ("none" only for a loopback server, a user
// name, a mailbox name of letters, digits, '.', '/', '_', '-' and spaces).
std::string CheckImapSettings(const ImapSettings& s);

// One session with the mailbox (one libcurl handle: its connection is kept between commands).
class ImapMailbox {
 public:
  explicit ImapMailbox(ImapSettings s);
  ~ImapMailbox();
  ImapMailbox(const ImapMailbox&) = delete;
  ImapMailbox& operator=(const ImapMailbox&) = delete;

  // UID SEARCH `criteria` (an IMAP search key list written by mcsurvey, never by a user): the UIDs.
  Result<std::vector<long long>> Search(const std::string& criteria);
  // The message with `uid`, at most `limit` bytes of it (`*truncated` says whether more was there).
  Result<std::string> Fetch(long long uid, std::size_t limit, bool* truncated);
  // UID STORE uid +FLAGS (flags).
  Status AddFlags(long long uid, const std::string& flags);
  // EXPUNGE: messages flagged \Deleted go.
  Status Expunge();

 private:
  Result<std::string> Run(const std::string& url_tail, const std::string& command, std::size_t limit, bool* truncated);
  ImapSettings s_;
  void* curl_ = nullptr;
};

}  // namespace mcs::mail
