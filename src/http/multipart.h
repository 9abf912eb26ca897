// multipart/form-data (RFC 7578 over RFC 2046 §5.1): the body of a browser's file upload, split
// into its parts. Limits on the number of parts and on header size keep a hostile body cheap; the
// body itself is already bounded by the server's body limit.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mcs::http {

struct Part {
  std::string name;       // Content-Disposition: form-data; name="..."
  std::string file_name;  // filename="..." ("" for a plain field)
  std::string content_type;
  std::string data;
};

struct MultipartLimits {
  std::size_t max_parts = 32;
  std::size_t max_header_bytes = 4096;  // per part
};

// The boundary parameter of a multipart/form-data Content-Type, or "" when it is not one.
std::string MultipartBoundary(std::string_view content_type);

// Splits `body` on `boundary`. Invalid (with a message) when the body is not well-formed: no
// closing delimiter, a part without Content-Disposition, too many parts, headers too long.
Result<std::vector<Part>> ParseMultipart(std::string_view body, std::string_view boundary,
                                         const MultipartLimits& limits = {});

// The first part named `name`, or nullptr.
const Part* FindPart(const std::vector<Part>& parts, std::string_view name);

}  // namespace mcs::http
