// The listener and sessions, after Boost.Beast's awaitable server example
// (example/http/server/awaitable): one coroutine per connection, a deadline on every read, a fresh
// parser per message with header and body limits, and handlers that may block run on a worker pool.
// Each I/O thread runs an io_context of its own and the listener hands connections out in turn, so a
// connection's handlers all run on one thread: no strand, no lock and no cross-thread wake-up per
// handler (the io_context-per-thread design of Beast's and asio's high-throughput examples).
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>
#include <unordered_map>

#include "common/strings.h"
#include "common/unavailable_error.h"
#include "http/http.h"
#include "http/response_head.h"

namespace mcs::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Server::Impl {
  ServerOptions opts;
  std::shared_ptr<const Router> router;
  // One per I/O thread (at least one); the first also runs the listener, the signals and shutdown.
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  asio::io_context& ioc;
  std::size_t next_ioc = 0;
  asio::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  std::atomic<bool> stopping{false};
  Counters counters;
  // Open connections per client address (the listener adds, sessions on any thread remove).
  std::mutex conn_mu;
  std::unordered_map<std::string, int> per_address;
  int open_connections = 0;
  int max_connections = 0;  // set by Listen()
  // Connections over a cap whose request header is being waited for (Refuse); beyond kMaxRefusing
  // they are answered at once, from nothing read.
  std::atomic<int> refusing{0};
  static constexpr int kMaxRefusing = 64;

  // Takes a place for a connection from `client`, or false when a cap is reached.
  bool Admit(const std::string& client) {
    std::lock_guard lock(conn_mu);
    if (open_connections >= max_connections) return false;
    bool unlimited = std::find(opts.unlimited_addresses.begin(), opts.unlimited_addresses.end(), client) !=
                     opts.unlimited_addresses.end();
    int& n = per_address[client];
    if (!unlimited && n >= opts.max_connections_per_address) {
      if (n == 0) per_address.erase(client);
      return false;
    }
    n++;
    open_connections++;
    return true;
  }
  void Release(const std::string& client) {
    std::lock_guard lock(conn_mu);
    open_connections--;
    if (auto it = per_address.find(client); it != per_address.end() && --it->second <= 0) per_address.erase(it);
  }
  // From 7/8 of the cap on, connections falling idle give way to new clients (a 1 s keep-alive).
  bool Crowded() {
    std::lock_guard lock(conn_mu);
    return open_connections * 8 >= max_connections * 7;
  }

  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> v;
    // Concurrency hint 1: each is run by exactly one thread.
    for (int i = 0; i < std::max(1, n); ++i) v.push_back(std::make_unique<asio::io_context>(1));
    return v;
  }

  Impl(ServerOptions o, std::shared_ptr<const Router> r)
      : opts(std::move(o)),
        router(std::move(r)),
        iocs(MakeContexts(opts.io_threads)),
        ioc(*iocs[0]),
        workers(static_cast<std::size_t>(std::max(1, opts.workers))) {
    for (auto& c : iocs) keep_running.push_back(asio::make_work_guard(*c));
  }
  void StopAll() {
    for (auto& g : keep_running) g.reset();
    for (auto& c : iocs) c->stop();
  }

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(beast::tcp_stream stream, std::string client);
  asio::awaitable<void> WriteError(beast::tcp_stream& stream, Refusal why, const Request& partial);
  asio::awaitable<void> Refuse(tcp::socket socket);
  // The refusal's response: the RefusalPage's when there is one (and it works), else PlainRefusal.
  Response Refusing(Refusal why, const Request& partial) const;
  void BeginShutdown();
};

namespace {

// The request as far as the parser read it (a refusal's language and kind come from its header): no
// body, and whatever the header holds so far when it was not read to its end.
template <typename Body>
Request PartialRequest(const bhttp::request<Body>& m) {
  Request r;
  r.method = std::string(m.method_string());
  std::string_view target = m.target();
  auto q = target.find('?');
  r.path = DecodePath(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  r.headers.reserve(static_cast<std::size_t>(std::distance(m.begin(), m.end())));
  for (const auto& f : m) r.headers.emplace_back(ToLower(f.name_string()), std::string(f.value()));
  return r;
}

// The request as handlers see it; the body is moved out of the parsed message, not copied.
Request ToRequest(bhttp::request<bhttp::string_body>& m, const std::string& client) {
  Request r = PartialRequest(m);
  r.body = std::move(m.body());
  r.client = client;
  return r;
}

// Counts a request as in flight from its header until its response is written (or it fails).
class InFlight {
 public:
  explicit InFlight(Server::Counters& c) : c_(c) {}
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() {
    if (on_) c_.in_flight--;
  }
  void Begin() {
    on_ = true;
    c_.in_flight++;
  }

 private:
  Server::Counters& c_;
  bool on_ = false;
};

// A handler's exception aborts its request only: 503 when the storage cannot answer now (the
// database server is restarting; the client may try again), 500 for anything else.
// `run` is the handler or a pending response's continuation; `refuse` words the refusal.
template <typename Fn, typename Refuse>
Response Guarded(Fn run, const Refuse& refuse) {
  try {
    return run();
  } catch (const UnavailableError& e) {
    std::cerr << "mcsurvey: storage unavailable: " << e.what() << "\n";
    return refuse(Refusal::kUnavailable);
  } catch (const std::exception& e) {
    std::cerr << "mcsurvey: handler failed: " << e.what() << "\n";
    return refuse(Refusal::kInternalError);
  }
}

}  // namespace

std::string ResponseHead(const Response& r, unsigned version, bool keep_alive) {
  std::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  std::size_t size = 13 + reason.size() + 2 + 14 + r.content_type.size() + 2 + 18 + 24 + 40 + 2;
  for (const auto& [k, v] : r.headers) size += k.size() + v.size() + 4;
  std::string out;
  out.reserve(size);
  const char line[] = {'H',
                       'T',
                       'T',
                       'P',
                       '/',
                       static_cast<char>('0' + version / 10),
                       '.',
                       static_cast<char>('0' + version % 10),
                       ' ',
                       static_cast<char>('0' + r.status / 100 % 10),
                       static_cast<char>('0' + r.status / 10 % 10),
                       static_cast<char>('0' + r.status % 10),
                       ' '};
  out.append(line, sizeof line);
  out.append(reason);
  out.append("\r\nContent-Type: ");
  out.append(r.content_type);
  out.append("\r\nServer: mcsurvey\r\n");
  for (const auto& [k, v] : r.headers) {
    out.append(k);
    out.append(": ");
    out.append(v);
    out.append("\r\n");
  }
  // As Beast's keep_alive(): HTTP/1.1 is kept alive unless it says close, HTTP/1.0 only when it says so.
  if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
  if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, r.body.size());
  (void)ec;
  out.append("Content-Length: ");
  out.append(digits, end);
  out.append("\r\n\r\n");
  return out;
}

Response Server::Impl::Refusing(Refusal why, const Request& partial) const {
  Response r;
  try {
    r = opts.refusal ? opts.refusal(why, partial) : PlainRefusal(why);
  } catch (const std::exception& e) {
    std::cerr << "mcsurvey: refusal page failed: " << e.what() << "\n";
    r = PlainRefusal(why);
  }
  r.status = Describe(why).status;
  r.pending.reset();
  AddSecurityHeaders(r);
  bool fields_ok = IsFieldValue(r.content_type);
  for (const auto& [k, v] : r.headers) fields_ok = fields_ok && IsFieldValue(k) && IsFieldValue(v);
  if (!fields_ok) {
    r = PlainRefusal(why);
    AddSecurityHeaders(r);
  }
  return r;
}

asio::awaitable<void> Server::Impl::WriteError(beast::tcp_stream& stream, Refusal why, const Request& partial) {
  Response r = Refusing(why, partial);
  std::string head = ResponseHead(r, 11, /*keep_alive=*/false);
  std::array<asio::const_buffer, 2> wire{asio::buffer(head), asio::buffer(r.body)};
  stream.expires_after(std::chrono::seconds(opts.read_timeout_seconds));
  co_await asio::async_write(stream, wire, kNoThrow);
}

// A connection over a cap: its request's header, if it comes within a moment (a browser sends it
// with the end of the TCP handshake), says the respondent's language and what kind of client it
// is; then the short answer, written without waiting (it fits the socket's send buffer), and the
// descriptor is given back. At most kMaxRefusing wait at once, for at most 100 ms each: beyond
// that a refusal is made from nothing read, so a flood of connections holds few descriptors.
asio::awaitable<void> Server::Impl::Refuse(tcp::socket socket) {
  Request partial;
  // Its own socket object, so that the wait's timer cancels the read and leaves it open for the
  // answer (a tcp_stream's deadline would close it). Timer and read run on the connection's one thread.
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  if (refusing.fetch_add(1) < kMaxRefusing) {
    beast::flat_buffer buffer;
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(8 * 1024);
    asio::steady_timer timer(s->get_executor());
    timer.expires_after(std::chrono::milliseconds(100));
    timer.async_wait([weak = std::weak_ptr<tcp::socket>(s)](const boost::system::error_code& ec) {
      boost::system::error_code ignored;
      if (auto sock = weak.lock(); !ec && sock) sock->cancel(ignored);
    });
    auto [ec, bytes] = co_await bhttp::async_read_header(*s, buffer, parser, kNoThrow);
    timer.cancel();
    if (!ec || parser.is_header_done()) partial = PartialRequest(parser.get());
  }
  refusing--;
  Response r = Refusing(Refusal::kTooManyConnections, partial);
  std::string wire = ResponseHead(r, 11, /*keep_alive=*/false) + r.body;
  boost::system::error_code ec;
  s->non_blocking(true, ec);
  s->write_some(asio::buffer(wire), ec);
  s->shutdown(tcp::socket::shutdown_both, ec);
  s->close(ec);
}

asio::awaitable<void> Server::Impl::Session(beast::tcp_stream stream, std::string client) {
  counters.connections++;
  beast::flat_buffer buffer;
  for (int n = 0; n < opts.max_requests_per_connection && !stopping; ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(opts.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
    if (n > 0 && buffer.size() == 0) {
      // A kept-alive connection waits idle for the first byte of its next request (less long when
      // the server is crowded); the request's own deadline starts with that byte.
      stream.expires_after(std::chrono::seconds(Crowded() ? 1 : opts.keep_alive_seconds));
      auto [iec, got] = co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
      if (iec) break;
      buffer.commit(got);
    }
    // One deadline for the whole request, headers and body, however the client dribbles them.
    stream.expires_after(std::chrono::seconds(opts.read_timeout_seconds));
    auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    // From its header on, a request is in flight: a graceful shutdown waits for its body too.
    InFlight in_flight(counters);
    if (!ec) in_flight.Begin();
    if (!ec && !parser.is_done()) {
      std::tie(ec, bytes) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    }
    if (ec == bhttp::error::body_limit) {
      co_await WriteError(stream, Refusal::kBodyTooLarge, PartialRequest(parser.get()));
      break;
    }
    if (ec == bhttp::error::header_limit) {
      co_await WriteError(stream, Refusal::kHeadersTooLarge, PartialRequest(parser.get()));
      break;
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      break;
    }
    if (ec) {
      co_await WriteError(stream, Refusal::kBadRequest, PartialRequest(parser.get()));
      break;
    }
    auto& breq = parser.get();
    const unsigned version = breq.version();
    const bool head_request = breq.method() == bhttp::verb::head;
    const bool keep = breq.keep_alive() && !stopping;
    Request req = ToRequest(breq, client);
    counters.requests++;
    Response res;
    auto dispatch = [&] { return router->DispatchAsync(req); };
    auto refuse = [&](Refusal why) { return Refusing(why, req); };
    if (router->IsQuick(req)) {
      res = Guarded(dispatch, refuse);
    } else
      try {
        res = co_await asio::co_spawn(
            workers, [&]() -> asio::awaitable<Response> { co_return Guarded(dispatch, refuse); }, asio::use_awaitable);
      } catch (const std::exception& e) {
        res = refuse(Refusal::kInternalError);
      }
    // A response waiting on a commit: this coroutine sleeps until the writer is done (no thread
    // waits), then makes the final response on this connection's strand.
    while (res.pending) {
      auto pending = std::move(res.pending);
      auto then = std::move(res.then);
      co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
          [&pending](auto handler) {
            // Resumed through the coroutine's own executor (this connection's strand), never on
            // the thread that finished the work.
            auto h = std::make_shared<decltype(handler)>(std::move(handler));
            pending->OnDone([h] { asio::post(std::move(*h)); });
          },
          asio::use_awaitable);
      // Moved in: a copy of the continuation would copy the page it holds.
      res = Guarded(std::move(then), refuse);
    }
    AddSecurityHeaders(res);
    CompressFor(req, res);
    // Every header passes FieldValue here too, whoever built it: a line break never reaches the wire.
    bool fields_ok = IsFieldValue(res.content_type);
    for (const auto& [k, v] : res.headers) fields_ok = fields_ok && IsFieldValue(k) && IsFieldValue(v);
    if (!fields_ok) {
      std::cerr << "mcsurvey: response refused: a header value or metric label holds a control character (CR, "
                   "LF, NUL...)\n";
      res = Refusing(Refusal::kInternalError, req);
    }
    // No body after 1xx, 204 and 304 (RFC 9110 6.4.1); Beast's serializer refused such a message.
    if ((res.status >= 100 && res.status < 200) || res.status == 204 || res.status == 304) res.body.clear();
    // The head built in one string and written with the body as one gather write: the body is sent
    // from where the handler left it, never copied into a message.
    std::string response_head = ResponseHead(res, version, keep);
    std::array<asio::const_buffer, 2> wire{asio::buffer(response_head),
                                           head_request ? asio::const_buffer() : asio::buffer(res.body)};
    stream.expires_after(std::chrono::seconds(opts.read_timeout_seconds));
    auto [wec, wbytes] = co_await asio::async_write(stream, wire, kNoThrow);
    if (wec || !keep) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  counters.connections--;
  Release(client);
}

asio::awaitable<void> Server::Impl::Accept() {
  auto backoff = std::chrono::milliseconds(0);
  asio::steady_timer pause(ioc);
  for (;;) {
    // The next I/O thread's context, in turn: the connection lives there from now on.
    asio::io_context& home = *iocs[next_ioc++ % iocs.size()];
    auto [ec, socket] = co_await acceptor.async_accept(home, kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): the pending connection stays
      // in the backlog, so accepting again at once would fail again at once. Pause, 10 ms doubling
      // to 1 s, while the connections we have go on being served and free their descriptors.
      counters.accept_backoffs++;
      backoff = std::min(std::chrono::milliseconds(1000), std::max(std::chrono::milliseconds(10), backoff * 2));
      pause.expires_after(backoff);
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    backoff = std::chrono::milliseconds(0);
    std::string client;
    if (auto ep = socket.remote_endpoint(ec); !ec) client = ep.address().to_string();
    if (!Admit(client)) {
      // Over a cap: a short answer in the client's language (Refuse), then the descriptor is given back.
      counters.refused_connections++;
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Refuse(std::move(socket)), asio::detached);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(beast::tcp_stream(std::move(socket)), std::move(client)), asio::detached);
  }
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  boost::system::error_code ec;
  acceptor.close(ec);
  // Finish what is in flight (bounded), then stop: idle keep-alive connections are simply closed.
  auto timer = std::make_shared<asio::steady_timer>(ioc);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto poll = std::make_shared<std::function<void()>>();
  // The function holds itself weakly (a strong hold would be a cycle, never freed); the pending
  // wait holds it strongly, so it lives exactly as long as it is polling.
  *poll = [this, timer, deadline, weak = std::weak_ptr<std::function<void()>>(poll)] {
    if (counters.in_flight == 0 || std::chrono::steady_clock::now() > deadline) {
      StopAll();
      return;
    }
    timer->expires_after(std::chrono::milliseconds(10));
    timer->async_wait([self = weak.lock()](const boost::system::error_code&) { (*self)(); });
  };
  (*poll)();
}

Server::Server(ServerOptions opts, std::shared_ptr<const Router> router)
    : impl_(std::make_unique<Impl>(std::move(opts), std::move(router))) {}

Server::~Server() {
  impl_->workers.join();
}

unsigned short Server::Listen() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(impl_->opts.host), impl_->opts.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  // As many descriptors as the hard limit allows; the connection cap stays below them with a reserve
  // for the database, exports and logs, so a flood of connections never starves the server itself.
  constexpr int kReserve = 128;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    if (lim.rlim_cur < lim.rlim_max) {
      rlimit raised = lim;
      raised.rlim_cur = lim.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    }
  }
  int by_fds = lim.rlim_cur == RLIM_INFINITY ? impl_->opts.max_connections
                                             : static_cast<int>(std::min<rlim_t>(lim.rlim_cur, 1 << 30)) - kReserve;
  impl_->max_connections = std::max(1, std::min(impl_->opts.max_connections, by_fds));
  return a.local_endpoint().port();
}

int Server::max_connections() const {
  return impl_->max_connections;
}

namespace {

// The CPUs this process may run on (its affinity mask: a container's cpuset, taskset), in order.
std::vector<int> AllowedCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  return cpus;
}

bool PinThread(pthread_t thread, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(thread, sizeof(set), &set) == 0;
}

}  // namespace

void Server::Run() {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) impl_->BeginShutdown();
  });
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  // Thread per core: I/O thread i stays on the i-th CPU the process may use. Left to itself, the
  // scheduler tends to wake a connection's peer on the CPU that woke it, so the I/O threads and
  // whatever they talk to crowd one CPU while the other idles through the SQLite writer's waits for
  // the disk (measured: 15 % of two cores idle, 744 against 858 complete responses/s pinned; see
  // bench/README.md). Only when every I/O thread can have a CPU of its own; the writer, the handler
  // pool and everything else stay free to run anywhere.
  const std::vector<int> cpus = AllowedCpus();
  const bool pin = impl_->opts.pin_io_threads && impl_->iocs.size() > 1 && impl_->iocs.size() <= cpus.size();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->iocs.size(); ++i) {
    threads.emplace_back([this, i] { impl_->iocs[i]->run(); });
    if (pin) (void)PinThread(threads.back().native_handle(), cpus[i]);
  }
  cpu_set_t before;
  const bool restore = pin && pthread_getaffinity_np(pthread_self(), sizeof(before), &before) == 0;
  if (pin) (void)PinThread(pthread_self(), cpus[0]);
  impl_->ioc.run();
  // The calling thread goes on after the server (shutdown, the process's other work): free again.
  if (restore) (void)pthread_setaffinity_np(pthread_self(), sizeof(before), &before);
  // The first context stops last (shutdown runs there): make sure the others are stopping too.
  impl_->StopAll();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  asio::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

const Server::Counters& Server::counters() const {
  return impl_->counters;
}

}  // namespace mcs::http
