// multipart/form-data parsing: what browsers send, and the malformed bodies a client can make up.
#include "http/multipart.h"

#include <gtest/gtest.h>

namespace mcs::http {
namespace {

std::string Body(const std::vector<std::string>& parts, const std::string& b = "XyZ") {
  std::string out;
  for (const auto& p : parts) out += "--" + b + "\r\n" + p + "\r\n";
  return out + "--" + b + "--\r\n";
}

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryAbc"), "----WebKitFormBoundaryAbc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("application/x-www-form-urlencoded"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')), "");
}

TEST(Multipart, FieldsAndFile) {
  std::string body = Body({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123",
                           "Content-Disposition: form-data; name=\"file\"; filename=\"my \\\"form\\\".csv\"\r\n"
                           "Content-Type: text/csv\r\n\r\ntype,name\r\ntext,q1\r\n"});
  auto r = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "_csrf");
  EXPECT_EQ((*r)[0].data, "abc123");
  EXPECT_EQ((*r)[0].file_name, "");
  const Part* f = FindPart(*r, "file");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->file_name, "my \"form\".csv");
  EXPECT_EQ(f->content_type, "text/csv");
  // The CRLF before the delimiter belongs to the delimiter; the file's own last CRLF stays.
  EXPECT_EQ(f->data, "type,name\r\ntext,q1\r\n");
  EXPECT_EQ(FindPart(*r, "other"), nullptr);
}

TEST(Multipart, BinaryDataWithBoundaryLookalikes) {
  // Only CRLF "--" boundary delimits; the same letters elsewhere are data (RFC 2046 §5.1.1).
  std::string data("PK\x03\x04\0\r\n-XyZ--XyZ\r\n--XyY\r\n", 25);
  std::string body = Body({"Content-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n" + data});
  auto r = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].data, data);
}

TEST(Multipart, PreambleAndEmptyBody) {
  auto r =
      ParseMultipart("ignored preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", "XyZ");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].name, "a");
  EXPECT_EQ((*r)[0].data, "1");
  auto empty = ParseMultipart("--XyZ--\r\n", "XyZ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(Multipart, Malformed) {
  const char* cases[] = {
      "",                                                                      // nothing
      "no boundary here",                                                      // no delimiter
      "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1",              // not closed
      "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--",                 // no disposition
      "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--XyZ--",  // not form-data
      "--XyZ\r\nContent-Disposition form-data\r\n\r\n1\r\n--XyZ--",            // header without colon
      "--XyZ\r\nContent-Disposition: form-data; name=a",                       // headers never end
      "--XyZgarbage\r\n",                                                      // delimiter then junk
  };
  for (const char* c : cases) EXPECT_FALSE(ParseMultipart(c, "XyZ").ok()) << c;
  EXPECT_FALSE(ParseMultipart("--\r\n--", "").ok());
}

TEST(Multipart, Limits) {
  std::vector<std::string> many(5, "Content-Disposition: form-data; name=\"a\"\r\n\r\nx");
  MultipartLimits lim;
  lim.max_parts = 4;
  auto r = ParseMultipart(Body(many), "XyZ", lim);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("too many parts"), std::string::npos);
  lim.max_parts = 5;
  EXPECT_TRUE(ParseMultipart(Body(many), "XyZ", lim).ok());
  lim.max_header_bytes = 20;
  auto h = ParseMultipart(Body({"Content-Disposition: form-data; name=\"a-long-name\"\r\n\r\nx"}), "XyZ", lim);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("too long"), std::string::npos);
}

}  // namespace
}  // namespace mcs::http
