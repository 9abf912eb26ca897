// libFuzzer target: any bytes as a kept-alive connection's stream of HTTP/1.1 requests, read as the
// server reads them (src/http/server.cpp): a fresh parser per request on one buffer that carries the
// bytes left over from the previous one, the server's limits, until an error, Connection: close or
// the end. Each request goes through path decoding and the router; a handler echoes request header
// values into response headers, which must never let a CR or LF through (http::FieldValue, issue 21).
// Run by tests/fuzz/run.sh.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
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
      mcs::http::Response res = mcs::http::Response::Text(200, req.path);
      for (const auto& [k, v] : p) res.Header("X-Param-" + k, v);  // throws on CR/LF: a 500
      for (const auto& [k, v] : req.headers) res.Header("X-Echo", v);
      return res;
    };
    r->Add("GET", "/", echo);
    r->Add("GET", "/s/{form_id}", echo);
    r->Add("POST", "/s/{form_id}/r/{token}", echo);
    r->Add("GET", "/admin/forms/{id}/preview", [](const mcs::http::Request&, const mcs::http::Params& p) {
      return mcs::http::Response::Redirect("/s/" + p.at("id") + "?preview=x");
    });
    return r;
  }();
  return *router;
}

void CheckHeaders(const mcs::http::Response& res) {
  for (const auto& [k, v] : res.headers) {
    if ((k + v).find_first_of("\r\n") != std::string::npos) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (int n = 0; n < 16 && !rest.empty(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);
    parser.header_limit(16 * 1024);
    parser.eager(true);
    beast::error_code ec;
    // Feed what the connection has, as the stream would deliver it, until the parser is done.
    std::size_t used = 0;
    while (!ec && !parser.is_done() && used < rest.size()) {
      std::size_t k = parser.put(boost::asio::buffer(rest.data() + used, rest.size() - used), ec);
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (k == 0) break;
      }
      used += k;
      if (k == 0 && !parser.is_done()) break;
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
    if (used == 0) return 0;  // no progress: stop, as the server would on a read error
    rest.remove_prefix(used);
    const auto& m = parser.get();
    mcs::http::Request req;
    req.method = std::string(m.method_string());
    std::string_view target = m.target();
    auto q = target.find('?');
    req.path = mcs::http::DecodePath(target.substr(0, q));
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    for (const auto& f : m) req.headers.emplace_back(mcs::ToLower(f.name_string()), std::string(f.value()));
    req.body = m.body();
    mcs::http::Response res;
    try {
      res = TheRouter().Dispatch(req);
    } catch (const std::invalid_argument&) {
      continue;  // a header value refused (what the server turns into a 500)
    }
    if (res.status != 200 && res.status != 303 && res.status != 404 && res.status != 405) __builtin_trap();
    mcs::http::AddSecurityHeaders(res);
    CheckHeaders(res);
    if (!m.keep_alive()) break;
  }
  return 0;
}
