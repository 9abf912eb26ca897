// gzip for responses: which Accept-Encoding values accept it, what gets compressed, and that the
// bytes inflate back to the body (zlib's own inflate, the way a browser reads them).
#include <gtest/gtest.h>
#include <zlib.h>

#include "http/http.h"

namespace mcs::http {
namespace {

std::string Gunzip(const std::string& z) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  zs.avail_in = static_cast<uInt>(z.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(Compress, AcceptEncoding) {
  struct Case {
    const char* header;
    bool gzip;
  } cases[] = {
      {"gzip, deflate, br", true}, {"br;q=1.0, gzip;q=0.8", true}, {"GZIP", true}, {"x-gzip", true},
      {"*", true},                 {"", false},                     {"identity", false}, {"br", false},
      {"gzip;q=0", false},         {"gzip; q=0.000", false},       {"*, gzip;q=0", false}, {"*;q=0", false},
      {"gzip;q=0.001", true},
  };
  for (const auto& c : cases) EXPECT_EQ(AcceptsGzip(c.header), c.gzip) << c.header;
}

TEST(Compress, RoundTripsAndShrinksText) {
  std::string page;
  for (int i = 0; i < 400; ++i) page += "<div class=\"choice\"><input type=\"radio\" name=\"q" + std::to_string(i) + "\"></div>\n";
  std::string z = Gzip(page);
  EXPECT_LT(z.size() * 5, page.size());
  EXPECT_EQ(Gunzip(z), page);
  EXPECT_EQ(Gunzip(Gzip("")), "");
}

TEST(Compress, CompressesTextWhenAcceptedAndSaysVary) {
  Request req;
  req.headers = {{"accept-encoding", "gzip, deflate"}};
  Response r = Response::Html(200, std::string(5000, 'a'));
  CompressFor(req, r);
  EXPECT_EQ(Header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(Header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Gunzip(r.body), std::string(5000, 'a'));

  // A client that does not accept gzip gets the bytes as they are, and the same Vary.
  Request plain;
  Response p = Response::Html(200, std::string(5000, 'a'));
  p.Header("Vary", "Accept-Language");
  CompressFor(plain, p);
  EXPECT_EQ(Header(p, "Content-Encoding"), "");
  EXPECT_EQ(Header(p, "Vary"), "Accept-Language, Accept-Encoding");
  EXPECT_EQ(p.body.size(), 5000u);
}

TEST(Compress, LeavesAloneWhatGainsNothing) {
  Request req;
  req.headers = {{"accept-encoding", "gzip"}};
  Response small = Response::Html(200, "<p>hi</p>");
  CompressFor(req, small);
  EXPECT_EQ(Header(small, "Content-Encoding"), "");
  Response png;
  png.content_type = "image/png";
  png.body = std::string(5000, 'x');
  CompressFor(req, png);
  EXPECT_EQ(Header(png, "Content-Encoding"), "");
  Response redirect = Response::Redirect("/s/x");
  redirect.body = std::string(5000, 'x');
  CompressFor(req, redirect);
  EXPECT_EQ(Header(redirect, "Content-Encoding"), "");
}

TEST(Compress, PublicResponsesAreCompressedOnceAndStayCorrect) {
  Request req;
  req.headers = {{"accept-encoding", "gzip"}};
  for (int i = 0; i < 3; ++i) {
    Response css = Response::Text(200, std::string(3000, 'c') + std::to_string(i));
    css.content_type = "text/css; charset=utf-8";
    css.Header("Cache-Control", "public, max-age=3600");
    CompressFor(req, css);
    EXPECT_EQ(Gunzip(css.body), std::string(3000, 'c') + std::to_string(i));
  }
}

}  // namespace
}  // namespace mcs::http
