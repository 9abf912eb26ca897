// The HTTP server with real sockets: a response that waits on work done elsewhere (a commit on the
// storage's writer thread) holds no thread while it waits, and is finished on the connection's thread.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "http/http.h"

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

}  // namespace
}  // namespace mcs::http
