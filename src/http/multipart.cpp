#include "http/multipart.h"

#include "common/strings.h"

namespace mcs::http {
namespace {

// A parameter of a header value such as `form-data; name="file"; filename="a.xlsx"`. Quoted values
// may escape a quote with a backslash (RFC 7578 §4.2 leaves the encoding to HTML, which
// percent-encodes quotes; browsers send \" in practice too).
std::string Param(std::string_view value, std::string_view key) {
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t semi = value.find(';', i);
    if (semi == std::string_view::npos) return "";
    i = semi + 1;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return "";
    std::string k = ToLower(Trim(value.substr(i, eq - i)));
    i = eq + 1;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      ++i;
      while (i < value.size() && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        v += value[i++];
      }
      ++i;
    } else {
      std::size_t end = value.find(';', i);
      if (end == std::string_view::npos) end = value.size();
      v = std::string(Trim(value.substr(i, end - i)));
      i = end;
    }
    if (k == key) return v;
  }
  return "";
}

}  // namespace

std::string MultipartBoundary(std::string_view content_type) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (!EqualsIgnoreCase(type, "multipart/form-data")) return "";
  std::string b = Param(content_type, "boundary");
  // RFC 2046 §5.1.1: 1 to 70 characters.
  if (b.empty() || b.size() > 70) return "";
  return b;
}

Result<std::vector<Part>> ParseMultipart(std::string_view body, std::string_view boundary,
                                         const MultipartLimits& limits) {
  if (boundary.empty()) return MakeError(ErrorCode::kInvalid, "no multipart boundary");
  const std::string dash = "--" + std::string(boundary);
  const std::string delim = "\r\n" + dash;
  std::vector<Part> parts;
  // The preamble ends at the first delimiter, which may open the body without a CRLF before it.
  std::size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    std::size_t d = body.find(delim);
    if (d == std::string_view::npos) return MakeError(ErrorCode::kInvalid, "the body has no multipart boundary");
    pos = d + delim.size();
  }
  while (true) {
    // After a delimiter: "--" closes the body; otherwise optional whitespace, then CRLF.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n")
      return MakeError(ErrorCode::kInvalid, "a multipart delimiter is not followed by a line break");
    pos += 2;
    if (parts.size() >= limits.max_parts) return MakeError(ErrorCode::kInvalid, "too many parts in the upload");
    std::size_t head_end = body.find("\r\n\r\n", pos);
    // A part with no headers at all starts directly with the blank line.
    if (body.substr(pos, 2) == "\r\n") head_end = pos - 2;
    if (head_end == std::string_view::npos) return MakeError(ErrorCode::kInvalid, "a part's headers do not end");
    if (head_end + 2 > pos + limits.max_header_bytes)
      return MakeError(ErrorCode::kInvalid, "a part's headers are too long");
    Part part;
    bool disposition = false;
    std::string_view head = head_end + 2 > pos ? body.substr(pos, head_end + 2 - pos) : std::string_view{};
    for (const std::string& line : Split(head, '\n')) {
      std::string_view l = Trim(line);
      if (l.empty()) continue;
      auto colon = l.find(':');
      if (colon == std::string_view::npos) return MakeError(ErrorCode::kInvalid, "a part header has no colon");
      std::string name = ToLower(Trim(l.substr(0, colon)));
      std::string_view value = Trim(l.substr(colon + 1));
      if (name == "content-disposition") {
        if (!EqualsIgnoreCase(Trim(value.substr(0, value.find(';'))), "form-data")) {
          return MakeError(ErrorCode::kInvalid, "a part is not form-data");
        }
        disposition = true;
        part.name = Param(value, "name");
        part.file_name = Param(value, "filename");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) return MakeError(ErrorCode::kInvalid, "a part has no Content-Disposition");
    std::size_t data_start = head_end + 4;
    std::size_t next = body.find(delim, data_start);
    if (next == std::string_view::npos)
      return MakeError(ErrorCode::kInvalid, "the upload is cut short (no closing boundary)");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    pos = next + delim.size();
  }
}

const Part* FindPart(const std::vector<Part>& parts, std::string_view name) {
  for (const Part& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace mcs::http
