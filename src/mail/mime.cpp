#include "mail/mime.h"

#include <ctime>

#include "common/email_address.h"

namespace mcs::mail {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// CR, LF and other controls (tab aside) become spaces: a header value is one line.
std::string OneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7f ? ' ' : c;
  }
  return out;
}

bool PlainAscii(std::string_view s, bool phrase) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
    if (phrase && std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos) return false;
  }
  return s.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence starting with byte `b`.
std::size_t SeqLen(unsigned char b) {
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 3;
  if ((b & 0xF8) == 0xF0) return 4;
  return 1;
}

// Encoded-words of at most 75 characters (RFC 2047 §2), each holding whole UTF-8 characters
// (§5: a word must not split a character), joined by CRLF SP (folding).
std::string EncodedWords(std::string_view s) {
  // 39 bytes -> 52 base64 characters + 12 of "=?UTF-8?B??=" = 64: with "Subject: " or "Reply-To: " in
  // front the line stays under 78 characters (RFC 5322 §2.1.1; RFC 2047 §2: a word at most 75).
  constexpr std::size_t kMaxRaw = 39;
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size()) {
      std::size_t n = SeqLen(static_cast<unsigned char>(s[j]));
      if (j + n - i > kMaxRaw) break;
      j += n;
    }
    if (j == i) j = std::min(s.size(), i + SeqLen(static_cast<unsigned char>(s[i])));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(s.substr(i, j - i)) + "?=";
    i = j;
  }
  return out;
}

const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string Base64Lines(std::string_view data) {
  std::string b = Base64(data), out;
  for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  std::string line = OneLine(text);
  if (PlainAscii(line, false) && line.size() <= 900) return line;
  return EncodedWords(line);
}

std::string Mailbox(std::string_view name, std::string_view address) {
  if (!ValidEmail(address)) return "";
  std::string n = OneLine(name);
  while (!n.empty() && n.back() == ' ') n.pop_back();
  if (n.empty()) return std::string(address);
  if (PlainAscii(n, true)) return n + " <" + std::string(address) + ">";
  return EncodedWords(n) + "\r\n <" + std::string(address) + ">";
}

std::string MessageId(std::string_view random_id, std::string_view from_address) {
  auto at = from_address.rfind('@');
  std::string domain = at == std::string_view::npos ? "mcsurvey.invalid" : std::string(from_address.substr(at + 1));
  return "<" + std::string(random_id) + "@" + domain + ">";
}

std::string DateHeader(TimeMs t) {
  std::time_t s = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string Build(const Message& m, std::string_view boundary) {
  std::string from = Mailbox(m.from_name, m.from_address);
  std::string to = Mailbox(m.to_name, m.to_address);
  if (from.empty() || to.empty()) return "";
  std::string out;
  out += "From: " + from + "\r\n";
  out += "To: " + to + "\r\n";
  if (!m.reply_to.empty()) {
    std::string rt = Mailbox("", m.reply_to);
    if (rt.empty()) return "";
    out += "Reply-To: " + rt + "\r\n";
  }
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Date: " + DateHeader(m.date) + "\r\n";
  out += "Message-ID: " + OneLine(m.message_id) + "\r\n";
  if (!m.unsubscribe_url.empty()) {
    // RFC 8058 §3.1: the https URI in List-Unsubscribe and the one-click key in List-Unsubscribe-Post.
    out += "List-Unsubscribe: <" + OneLine(m.unsubscribe_url) + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  // RFC 3834: an automatic message; mail systems should not send vacation replies to it.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  std::string text_part = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                          Base64Lines(m.text);
  if (m.html.empty()) return out + text_part;
  out += "Content-Type: multipart/alternative; boundary=\"" + std::string(boundary) + "\"\r\n\r\n";
  out += "--" + std::string(boundary) + "\r\n" + text_part;
  out += "--" + std::string(boundary) + "\r\n";
  out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(m.html);
  out += "--" + std::string(boundary) + "--\r\n";
  return out;
}

}  // namespace mcs::mail
