// gzip for responses: which Accept-Encoding values accept it, what gets compressed, and that the
// bytes inflate back to the body (zlib's own inflate, the way a browser reads them).
#include <gtest/gtest.h>

#include <future>
#include <random>
#include <vector>
#include <zlib.h>

#include "http/http.h"
#include "test_util.h"

namespace mcs::http {
namespace {

using testing::Gunzip;

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

// Each thread keeps its deflate state between responses: nothing of one body may reach the next,
// at any level, big or small, from several threads at once.
TEST(Compress, ReusedDeflateStatesKeepEveryBodyApart) {
  auto work = [](int seed) {
    for (int i = 0; i < 60; ++i) {
      std::string body;
      for (int k = 0; k < (i * 37 + seed) % 900; ++k) body += "answer " + std::to_string(k * seed + i) + "; ";
      for (int level : {1, 6, 9}) {
        if (Gunzip(Gzip(body, level)) != body) return false;
      }
    }
    return true;
  };
  auto other = std::async(std::launch::async, work, 7);
  EXPECT_TRUE(work(3));
  EXPECT_TRUE(other.get());
}

// The respondent's own pages (level 1, ISA-L with libdeflate behind it): any bytes, text or not, of
// any size, come back whole through zlib's inflate, in a gzip stream a browser takes (its header
// and trailer checked by inflate); what compresses is smaller.
TEST(Compress, FastestLevelRoundTripsAnyBytes) {
  std::mt19937 rng(42);
  std::vector<std::string> bodies = {"", "a", std::string(70000, 'x')};
  for (std::size_t size : {1u, 17u, 1023u, 4096u, 65535u, 65536u, 200000u, 3000000u}) {
    std::string noise(size, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    bodies.push_back(noise);  // incompressible: stored blocks or libdeflate's fallback
    std::string text;
    while (text.size() < size) text += "<dt>Question " + std::to_string(rng() % 500) + "</dt><dd>Answer</dd>\n";
    bodies.push_back(text.substr(0, size));
  }
  for (const auto& body : bodies) {
    std::string z = Gzip(body, 1);
    ASSERT_GE(z.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
    ASSERT_EQ(Gunzip(z), body) << body.size() << " bytes";
    if (body.size() > 1000 && body.find('<') == 0) {
      EXPECT_LT(z.size(), body.size() / 3);
    }
  }
}

// A cached page compressed once, with each visitor's values spliced in as stored blocks: every
// split inflates to exactly the filled text, including empty pieces and values past 64 KB.
TEST(GzipTemplate, InflatesToTheFilledText) {
  std::string big(70000, 'v');
  for (std::size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  struct Case {
    std::vector<std::string> pieces;
    std::vector<std::string_view> values;
  };
  std::string page;
  for (int i = 0; i < 300; ++i) page += "<label><input type=\"radio\" name=\"q" + std::to_string(i) + "\"></label>\n";
  std::vector<Case> cases = {
      {{page, page.substr(100), "</html>"}, {"0123456789abcdef0123456789abcdef", "seed"}},
      {{"", "", ""}, {"", ""}},
      {{"only"}, {}},
      {{"", "middle", ""}, {"first", "last"}},
      {{"a", "b"}, {big}},
      {{page, page}, {std::string_view(big).substr(0, 65535)}},
      {{"x", page, "y", ""}, {"v1", "", big}},
      {{"\">", "/download\">", page.substr(0, 400), "</a>"}, {"https://host", "tok", "tok"}},
  };
  for (const auto& c : cases) {
    std::string expected;
    for (std::size_t i = 0; i < c.pieces.size(); ++i) {
      expected += c.pieces[i];
      if (i < c.values.size()) expected += c.values[i];
    }
    for (int level : {1, 9}) {
      GzipTemplate t(c.pieces, level);
      std::string z = t.Fill(c.values);
      EXPECT_EQ(Gunzip(z), expected) << c.pieces.size() << " pieces, level " << level;
      // Filled again (the pieces' CRC operators are kept per length): the same bytes.
      EXPECT_EQ(t.Fill(c.values), z);
      if (expected.size() > 4000 && expected.size() < 65535) {
        EXPECT_LT(z.size() * 3, expected.size());
      }
    }
  }
}

// Short pieces between values (a resume link's `">`, `/download">`...) go out as they are, in the
// one stored block that carries the values around them: no block of their own for a browser to
// decode, and no more bytes than compressing them each would take.
TEST(GzipTemplate, ShortPiecesGoOutWithTheValuesAroundThem) {
  GzipTemplate t({"<a href=\"", "/s/f/r/", "\">", "/s/f/r/", "</a>\n"}, 6);
  std::vector<std::string_view> values = {"https://survey.example.org", "0123456789abcdef",
                                          "https://survey.example.org", "0123456789abcdef"};
  std::string expected =
      "<a href=\"https://survey.example.org/s/f/r/0123456789abcdef\">https://survey.example.org/s/f/r/"
      "0123456789abcdef</a>\n";
  std::string z = t.Fill(values);
  EXPECT_EQ(Gunzip(z), expected);
  // gzip header, one final stored block (5 bytes of header, then the text), CRC-32 and length.
  EXPECT_EQ(z.size(), 10 + 5 + expected.size() + 8);
  EXPECT_EQ(z[10], '\x01');
}

TEST(Compress, PagesTheSameForEveryoneAreCompressedOnce) {
  Request req;
  req.headers = {{"accept-encoding", "gzip"}};
  std::string page = "<main>" + std::string(4000, 'l') + "</main>";
  Response a = Response::Html(200, page), b = Response::Html(200, page);
  a.same_for_everyone = b.same_for_everyone = true;
  CompressFor(req, a);
  CompressFor(req, b);
  EXPECT_EQ(Header(a, "Content-Encoding"), "gzip");
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(Gunzip(b.body), page);
}

}  // namespace
}  // namespace mcs::http
