// The server's writer: the bytes of a response's head, built in one string (no Beast message per
// response), and the header-value check it runs on every field without copying it.
#pragma once
#include <string>
#include <string_view>

#include "http/http.h"

namespace mcs::http {

// True when `v` may be a header field value as it is (no CR, LF, NUL or other control character
// but HTAB): FieldValue's check without the copy.
bool IsFieldValue(std::string_view v);

// The bytes the server writes before a response's body: the status line (`version` as Beast numbers
// it, 11 for HTTP/1.1) with Beast's reason phrase, Content-Type, Server, the response's headers in
// order, Connection when `keep_alive` differs from the version's default, and Content-Length (the
// body's size, also for a HEAD request, whose body is not sent), then the blank line. The same bytes
// Beast's serializer wrote for the same message (tests/unit/server_test.cpp compares them).
std::string ResponseHead(const Response& r, unsigned version, bool keep_alive);

}  // namespace mcs::http
