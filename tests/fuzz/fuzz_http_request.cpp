// libFuzzer target: any bytes as an HTTP/1.1 request off the wire, through Beast's parser with the
// server's limits (src/http/server.cpp), the path decoding (http::DecodePath), and the router (404/405, parameters).
// Run by tests/fuzz/run.sh.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "http/http.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;

const mcs::http::Router& TheRouter() {
  static const auto router = [] {
    auto r = std::make_unique<mcs::http::Router>();
    auto echo = [](const mcs::http::Request& req, const mcs::http::Params& p) {
      std::string out = req.path;
      for (const auto& [k, v] : p) out += "|" + k + "=" + v;
      (void)req.Cookie("mcs_csrf");
      (void)req.Query();
      (void)req.Form();
      return mcs::http::Response::Text(200, out);
    };
    r->Add("GET", "/", echo);
    r->Add("GET", "/s/{form_id}", echo);
    r->Add("POST", "/s/{form_id}/r/{token}", echo);
    r->Add("GET", "/static/{file}", echo, mcs::http::Cost::kQuick);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);
  parser.header_limit(16 * 1024);
  beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done() && used < size) parser.put(boost::asio::buffer(data + used, size - used), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;
  const auto& m = parser.get();
  mcs::http::Request req;
  req.method = std::string(m.method_string());
  std::string_view target = m.target();
  auto q = target.find('?');
  req.path = mcs::http::DecodePath(target.substr(0, q));
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  for (const auto& f : m) req.headers.emplace_back(mcs::ToLower(f.name_string()), std::string(f.value()));
  req.body = m.body();
  const auto& router = TheRouter();
  (void)router.IsQuick(req);
  mcs::http::Response res = router.Dispatch(req);
  if (res.status != 200 && res.status != 404 && res.status != 405) __builtin_trap();
  mcs::http::AddSecurityHeaders(res);
  return 0;
}
