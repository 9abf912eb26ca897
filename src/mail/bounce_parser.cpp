#include "mail/bounce_parser.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "mail/transfer_encoding.h"

namespace mcs::mail {
namespace {

constexpr std::size_t kMaxHeaders = 200;
constexpr std::size_t kMaxParts = 30;
constexpr std::size_t kMaxRecipients = 50;
constexpr int kMaxDepth = 3;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimWs(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Printable text only (a tab or line break becomes a space, other control characters go), cut to
// `max` bytes without splitting a UTF-8 character.
std::string Clean(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\r' || c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (u >= 0x20 && u != 0x7f) {
      out += c;
    }
  }
  if (out.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "…";
  }
  return std::string(TrimWs(out));
}

struct Field {
  std::string name;  // lower case
  std::string value; // unfolded
};

// Splits `text` into its header block (fields, unfolded) and what follows the first empty line.
std::vector<Field> ParseFields(std::string_view text, std::string_view* rest) {
  std::vector<Field> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::size_t end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !out.empty()) {
      if (out.back().value.size() < 4096) out.back().value += " " + std::string(TrimWs(line));
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 80) continue;
    if (out.size() >= kMaxHeaders) continue;
    out.push_back(Field{Lower(TrimWs(line.substr(0, colon))), std::string(TrimWs(line.substr(colon + 1)))});
  }
  if (rest) *rest = text.substr(pos);
  return out;
}

std::string Get(const std::vector<Field>& fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return f.value;
  return "";
}

// "multipart/report; report-type=delivery-status; boundary="x"" -> type and parameters (lower-case names).
struct ContentType {
  std::string type;
  std::vector<std::pair<std::string, std::string>> params;
  std::string Param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return "";
  }
};

ContentType ParseContentType(std::string_view v) {
  ContentType ct;
  std::size_t semi = v.find(';');
  ct.type = Lower(TrimWs(v.substr(0, semi)));
  if (ct.type.empty()) ct.type = "text/plain";
  while (semi != std::string_view::npos && ct.params.size() < 20) {
    v = v.substr(semi + 1);
    std::size_t eq = v.find('=');
    if (eq == std::string_view::npos) break;
    std::string name = Lower(TrimWs(v.substr(0, eq)));
    v = TrimWs(v.substr(eq + 1));
    std::string value;
    if (!v.empty() && v.front() == '"') {
      std::size_t i = 1;
      for (; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value += v[i];
      }
      v = v.substr(std::min(i + 1, v.size()));
      semi = v.find(';');
    } else {
      semi = v.find(';');
      value = std::string(TrimWs(v.substr(0, semi)));
    }
    ct.params.emplace_back(name, value);
  }
  return ct;
}

// The parts of a multipart body (RFC 2046 5.1): text between "--boundary" lines, up to "--boundary--".
std::vector<std::string_view> SplitParts(std::string_view body, const std::string& boundary) {
  std::vector<std::string_view> parts;
  if (boundary.empty() || boundary.size() > 200) return parts;
  std::string delim = "--" + boundary;
  std::size_t pos = 0;
  std::optional<std::size_t> start;
  while (pos <= body.size() && parts.size() < kMaxParts) {
    std::size_t eol = body.find('\n', pos);
    std::size_t end = eol == std::string_view::npos ? body.size() : eol;
    std::string_view line = body.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, delim.size()) == delim) {
      std::string_view tail = TrimWs(line.substr(delim.size()));
      if (tail.empty() || tail == "--") {
        if (start) parts.push_back(body.substr(*start, pos - *start));
        if (tail == "--") break;
        start = eol == std::string_view::npos ? body.size() : eol + 1;
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return parts;
}

// "rfc822; user@example.org" -> "user@example.org" (other address types: "").
std::string AddressOfTyped(std::string_view v) {
  auto semi = v.find(';');
  if (semi == std::string_view::npos) return "";
  if (Lower(TrimWs(v.substr(0, semi))) != "rfc822") return "";
  std::string a(TrimWs(v.substr(semi + 1)));
  if (!a.empty() && a.front() == '<' && a.back() == '>') a = a.substr(1, a.size() - 2);
  return Clean(a, 254);
}

bool ValidStatus(std::string_view s) {
  // class "." subject "." detail: 2, 4 or 5, then 1-3 digits twice (RFC 3463).
  if (s.size() < 5 || s.size() > 9 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
  int dots = 0, run = 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (run == 0 || run > 3) return false;
      ++dots;
      run = 0;
    } else if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      ++run;
    } else {
      return false;
    }
  }
  return dots == 1 && run >= 1 && run <= 3;
}

void ReadDeliveryStatus(std::string_view body, Dsn& out) {
  // Per-message fields, then one block of fields per recipient, blocks separated by empty lines.
  std::string_view rest;
  ParseFields(body, &rest);
  while (!TrimWs(rest).empty() && out.recipients.size() < kMaxRecipients) {
    std::string_view next;
    std::vector<Field> f = ParseFields(rest, &next);
    if (next.size() >= rest.size()) break;
    rest = next;
    if (f.empty()) continue;
    DsnRecipient r;
    r.final_recipient = AddressOfTyped(Get(f, "final-recipient"));
    r.original_recipient = AddressOfTyped(Get(f, "original-recipient"));
    r.action = Lower(Clean(Get(f, "action"), 20));
    std::string status = Clean(Get(f, "status"), 40);
    status = status.substr(0, status.find_first_of(" ("));
    if (ValidStatus(status)) r.status = status;
    r.diagnostic = Clean(Get(f, "diagnostic-code"), 300);
    if (r.action.empty() && r.final_recipient.empty()) continue;
    out.recipients.push_back(std::move(r));
  }
}

// Looks for the delivery-status part in `entity` (headers + body), into nested multiparts.
void Walk(std::string_view entity, int depth, bool in_report, Dsn& out) {
  if (depth > kMaxDepth) return;
  std::string_view body;
  std::vector<Field> h = ParseFields(entity, &body);
  ContentType ct = ParseContentType(Get(h, "content-type"));
  if (in_report && (ct.type == "message/delivery-status" || ct.type == "message/global-delivery-status")) {
    // Some servers send the report part base64 or quoted-printable encoded (RFC 2045 allows it):
    // read it decoded. An encoding we cannot read leaves the message to people (not a report).
    if (auto decoded = DecodeTransferEncoding(Get(h, "content-transfer-encoding"), body)) {
      out.is_dsn = true;
      ReadDeliveryStatus(*decoded, out);
    }
    return;
  }
  if (ct.type.rfind("multipart/", 0) != 0) return;
  bool report = ct.type == "multipart/report" && Lower(ct.Param("report-type")) == "delivery-status";
  for (std::string_view part : SplitParts(body, ct.Param("boundary"))) {
    Walk(part, depth + 1, report, out);
    if (out.is_dsn) return;
  }
}

void AddAddresses(std::string_view value, std::vector<std::string>& out) {
  // An address list: the addr-specs inside <...>, or the bare words holding an @.
  std::string v = Clean(value, 2000);
  std::size_t i = 0;
  while (i < v.size() && out.size() < 20) {
    std::size_t lt = v.find('<', i);
    if (lt == std::string::npos) break;
    std::size_t gt = v.find('>', lt);
    if (gt == std::string::npos) break;
    out.push_back(v.substr(lt + 1, gt - lt - 1));
    i = gt + 1;
  }
  if (v.find('<') == std::string::npos) {
    std::size_t start = 0;
    while (start < v.size() && out.size() < 20) {
      std::size_t end = v.find_first_of(", ;", start);
      std::string word = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (word.find('@') != std::string::npos) out.push_back(word);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
}

}  // namespace

std::string DsnRecipient::Kind() const {
  if (!status.empty()) {
    if (status[0] == '5') return "hard";
    if (status[0] == '4') return "soft";
    return "";
  }
  // Status is required by RFC 3464; without one, the action decides (failed: permanent).
  if (action == "failed") return "hard";
  if (action == "delayed") return "soft";
  return "";
}

Dsn ParseDsn(std::string_view message) {
  Dsn out;
  if (message.size() > kMaxBounceBytes) message = message.substr(0, kMaxBounceBytes);
  std::string_view body;
  std::vector<Field> h = ParseFields(message, &body);
  for (const auto& f : h) {
    if (f.name == "to" || f.name == "delivered-to" || f.name == "x-original-to" || f.name == "envelope-to")
      AddAddresses(f.value, out.delivered_to);
  }
  out.message_id = Clean(Get(h, "message-id"), 200);
  out.subject = Clean(Get(h, "subject"), 200);
  Walk(message, 0, false, out);
  return out;
}

}  // namespace mcs::mail
