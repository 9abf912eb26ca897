// The HTTP server with real sockets: a response that waits on work done elsewhere (a commit on the
// storage's writer thread) holds no thread while it waits, and is finished on the connection's thread.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <sstream>
#include <thread>

#include "http/http.h"
#include "http/response_head.h"

namespace mcs::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One keep-alive connection to the server, blocking.
class Client {
 public:
  explicit Client(unsigned short port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void Send(const std::string& method, const std::string& path) {
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
    asio::write(socket_, asio::buffer(req));
  }
  // The status and body of the next response (Content-Length framed).
  std::pair<int, std::string> Read() {
    asio::read_until(socket_, buf_, "\r\n\r\n");
    std::string head(asio::buffers_begin(buf_.data()), asio::buffers_end(buf_.data()));
    head = head.substr(0, head.find("\r\n\r\n") + 4);
    buf_.consume(head.size());
    int status = std::stoi(head.substr(9, 3));
    std::size_t len = 0;
    if (auto p = head.find("Content-Length: "); p != std::string::npos) len = std::stoul(head.substr(p + 16));
    if (buf_.size() < len) asio::read(socket_, buf_, asio::transfer_exactly(len - buf_.size()));
    std::string body(asio::buffers_begin(buf_.data()), asio::buffers_begin(buf_.data()) + static_cast<long>(len));
    buf_.consume(len);
    return {status, body};
  }
  // True when a response arrives within `ms` (the socket is left readable for Read()).
  bool Answered(int ms) {
    socket_.non_blocking(true);
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    bool got = false;
    while (!got && std::chrono::steady_clock::now() < until) {
      got = socket_.available() > 0;
      if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    socket_.non_blocking(false);
    return got;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  asio::streambuf buf_;
};

struct Fixture {
  std::shared_ptr<Pending> pending = std::make_shared<Pending>();
  std::promise<std::thread::id> then_thread;
  std::thread::id server_thread;
  std::unique_ptr<Server> server;
  std::thread runner;
  unsigned short port = 0;

  explicit Fixture(int workers) {
    auto router = std::make_shared<Router>();
    router->Add("POST", "/save", [this](const Request&, const Params&) {
      return Response::After(pending, [this] {
        then_thread.set_value(std::this_thread::get_id());
        return Response::Text(200, "saved\n");
      });
    }, Cost::kQuick);
    router->Add("GET", "/page", [](const Request&, const Params&) { return Response::Text(200, "page\n"); },
                Cost::kQuick);
    router->Add("GET", "/slow", [](const Request&, const Params&) { return Response::Text(200, "slow\n"); });
    ServerOptions o;
    o.port = 0;
    o.io_threads = 1;  // Run() serves on the calling thread only
    o.workers = workers;
    server = std::make_unique<Server>(o, router);
    port = server->Listen();
    std::promise<std::thread::id> started;
    auto id = started.get_future();
    runner = std::thread([this, &started] {
      started.set_value(std::this_thread::get_id());
      server->Run();
    });
    server_thread = id.get();
  }
  ~Fixture() {
    pending->Done();  // nothing may stay waiting when a test fails half-way
    server->Stop();
    runner.join();
  }
};

TEST(Server, AResponseWaitingOnACommitHoldsNoThread) {
  Fixture fx(1);
  Client saver(fx.port), reader(fx.port), worker_user(fx.port);
  saver.Send("POST", "/save");
  // While the save waits, the only I/O thread and the only worker both serve others.
  reader.Send("GET", "/page");
  EXPECT_EQ(reader.Read(), std::make_pair(200, std::string("page\n")));
  worker_user.Send("GET", "/slow");
  EXPECT_EQ(worker_user.Read(), std::make_pair(200, std::string("slow\n")));
  EXPECT_FALSE(saver.Answered(200)) << "answered before the commit was done";
  // The commit finishes on another thread; the response is made on the connection's thread.
  std::thread writer([&] { fx.pending->Done(); });
  writer.join();
  EXPECT_EQ(saver.Read(), std::make_pair(200, std::string("saved\n")));
  auto then_thread = fx.then_thread.get_future();
  EXPECT_EQ(then_thread.get(), fx.server_thread);
  // The connection goes on serving.
  saver.Send("GET", "/page");
  EXPECT_EQ(saver.Read().first, 200);
}

TEST(Server, DoneBeforeTheServerAsksIsNotLost) {
  Fixture fx(1);
  fx.pending->Done();
  Client c(fx.port);
  c.Send("POST", "/save");
  EXPECT_EQ(c.Read(), std::make_pair(200, std::string("saved\n")));
}

// Callers without an event loop (tests, tools) get the final response from Router::Dispatch.
TEST(Router, DispatchWaitsForAPendingResponse) {
  auto pending = std::make_shared<Pending>();
  Router r;
  r.Add("POST", "/save", [&](const Request&, const Params&) {
    return Response::After(pending, [] { return Response::Text(201, "done\n"); });
  });
  Request req;
  req.method = "POST";
  req.path = "/save";
  EXPECT_TRUE(r.DispatchAsync(req).pending);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pending->Done();
  });
  Response res = r.Dispatch(req);
  writer.join();
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body, "done\n");
  EXPECT_FALSE(res.pending);
}

// The head the server builds by hand is byte for byte what Beast's serializer wrote for the same
// message (the server used Beast's message until session 11): status line and reason, field order,
// Connection for each version and keep-alive, Content-Length also for HEAD, 204 and an empty body.
TEST(Server, TheResponseHeadIsTheBytesBeastWrote) {
  namespace bhttp = boost::beast::http;
  struct Case {
    int status;
    std::string type;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    unsigned version;
    bool keep;
    bool head_request;
  };
  std::vector<Case> cases = {
      {200, "text/html; charset=utf-8", {{"Content-Security-Policy", "default-src 'self'"}, {"Vary", "Accept-Encoding"}},
       std::string(5000, 'x'), 11, true, false},
      {200, "text/html; charset=utf-8", {{"Set-Cookie", "a=b; HttpOnly"}, {"Set-Cookie", "c=d"}}, "<p>hi</p>", 11,
       false, false},
      {303, "text/html; charset=utf-8", {{"Location", "/s/f/r/tok?x=1"}}, "", 11, true, false},
      {204, "text/plain; charset=utf-8", {}, "", 11, true, false},
      {304, "text/plain; charset=utf-8", {{"ETag", "\"abc\""}}, "", 10, true, false},
      {404, "text/plain; charset=utf-8", {}, "not found\n", 10, false, false},
      {500, "text/plain; charset=utf-8", {{"X-Empty", ""}}, "internal error\n", 10, true, false},
      {200, "application/json", {{"Cache-Control", "no-store"}}, std::string(123456, 'j'), 11, true, true},
      {429, "text/plain; charset=utf-8", {{"Retry-After", "5"}}, "slow down\n", 11, true, false},
      {599, "text/plain; charset=utf-8", {}, "odd\n", 11, true, false},
  };
  for (const auto& c : cases) {
    Response r;
    r.status = c.status;
    r.content_type = c.type;
    r.headers = c.headers;
    r.body = c.body;
    // What the server did with Beast: set, insert, keep_alive, prepare_payload, Content-Length for HEAD.
    bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(c.status), c.version};
    msg.set(bhttp::field::content_type, c.type);
    msg.set(bhttp::field::server, "mcsurvey");
    for (auto& [k, v] : c.headers) msg.insert(k, v);
    msg.keep_alive(c.keep);
    if (!c.head_request) msg.body() = c.body;
    msg.prepare_payload();
    if (c.head_request) msg.content_length(c.body.size());
    std::ostringstream beast;
    beast << msg;
    std::string ours = ResponseHead(r, c.version, c.keep) + (c.head_request ? "" : c.body);
    EXPECT_EQ(ours, beast.str()) << c.status << " HTTP/" << c.version << " keep " << c.keep;
  }
}

// On the wire: a HEAD gets the length without the body and the connection goes on; an HTTP/1.0
// request without keep-alive is answered and closed; a header value with a line break is never sent.
TEST(Server, HeadAndHttp10AndASplitHeaderOnTheWire) {
  auto router = std::make_shared<Router>();
  router->Add("GET", "/page", [](const Request&, const Params&) { return Response::Text(200, "page body\n"); },
              Cost::kQuick);
  router->Add("HEAD", "/page", [](const Request&, const Params&) { return Response::Text(200, "page body\n"); },
              Cost::kQuick);
  router->Add("GET", "/split", [](const Request&, const Params&) {
    Response r = Response::Text(200, "secret\n");
    r.headers.emplace_back("X-Bad", "a\r\nSet-Cookie: evil=1");
    return r;
  }, Cost::kQuick);
  ServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  o.workers = 1;
  Server server(o, router);
  unsigned short port = server.Listen();
  std::thread runner([&] { server.Run(); });
  auto exchange = [&](const std::string& request) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(s, asio::buffer(request));
    std::string got;
    boost::system::error_code ec;
    char buf[4096];
    // Read until the server closes (HTTP/1.0, Connection: close) or a second response is complete.
    while (!ec) {
      std::size_t n = s.read_some(asio::buffer(buf), ec);
      got.append(buf, n);
      if (got.find("\r\n\r\npage body\n") != std::string::npos) break;
    }
    return got;
  };
  // HEAD then GET on one kept-alive connection: the HEAD carries the length, no body.
  std::string two = exchange("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(two.find("HTTP/1.1 200 OK\r\n"), 0u) << two;
  auto second = two.find("HTTP/1.1 200 OK\r\n", 1);
  ASSERT_NE(second, std::string::npos) << two;
  std::string head_reply = two.substr(0, second);
  EXPECT_NE(head_reply.find("Content-Length: 10\r\n"), std::string::npos) << head_reply;
  EXPECT_EQ(head_reply.size(), head_reply.find("\r\n\r\n") + 4) << "a HEAD reply carried a body";
  EXPECT_EQ(two.substr(two.size() - 10), "page body\n");
  std::string old = exchange("GET /page HTTP/1.0\r\n\r\n");
  EXPECT_EQ(old.find("HTTP/1.0 200 OK\r\n"), 0u) << old;
  EXPECT_EQ(old.find("Connection:"), std::string::npos) << old;
  EXPECT_EQ(old.substr(old.size() - 10), "page body\n");
  std::string split = exchange("GET /split HTTP/1.0\r\n\r\n");
  EXPECT_EQ(split.find("HTTP/1.0 500 Internal Server Error\r\n"), 0u) << split;
  EXPECT_EQ(split.find("evil"), std::string::npos) << split;
  EXPECT_EQ(split.find("secret"), std::string::npos) << split;
  server.Stop();
  runner.join();
}

// The header check looks at 16 bytes at a time; it must refuse exactly what the byte-at-a-time rule
// refuses (a byte below 0x20 but HTAB, or DEL), every byte value at every position of lengths 0–40,
// and FieldValue, which throws on the same texts.
TEST(Server, HeaderValuesAreCheckedAtEveryPosition) {
  auto ok = [](std::string_view v) {
    for (unsigned char c : v) {
      if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
    }
    return true;
  };
  int refused = 0;
  for (std::size_t len = 1; len <= 40; ++len) {
    for (std::size_t at = 0; at < len; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string v(len, 'a');
        v[at] = static_cast<char>(b);
        ASSERT_EQ(IsFieldValue(v), ok(v)) << "length " << len << " byte " << b << " at " << at;
        if (!ok(v)) {
          ++refused;
          EXPECT_THROW(FieldValue(v), std::invalid_argument);
        }
      }
    }
  }
  EXPECT_TRUE(IsFieldValue(""));
  EXPECT_TRUE(IsFieldValue("text/html; charset=utf-8\tand \x80\xff bytes over sixteen"));
  EXPECT_EQ(refused, 32 * 820);  // 0x00–0x1f but HTAB, and DEL, at each of the 820 positions
}

}  // namespace
}  // namespace mcs::http
