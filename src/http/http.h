// HTTP for mcsurvey: plain request/response values, a router, and the Beast server that moves them.
// Handlers are plain functions from Request to Response: they never see a socket. Quick ones run on
// the I/O threads, the rest on a worker pool, so no handler blocks the I/O threads; a response that
// waits on a commit is pending and holds no thread. Knows nothing of surveys.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcs::http {

using Params = std::map<std::string, std::string>;
// Decoded application/x-www-form-urlencoded pairs; a name may repeat (checkboxes).
using FormData = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string path;                                          // percent-decoded path
  std::string query;                                         // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string client;  // peer address, for rate limits only: never stored

  std::string_view Header(std::string_view lower_name) const;
  std::string Cookie(std::string_view name) const;
  FormData Query() const;
  // The body as a form post (only when the content type says so).
  FormData Form() const;
};

FormData ParseUrlEncoded(std::string_view s);
// A request target's path, percent-decoded ('+' stays a plus: that rule is for queries and forms).
std::string DecodePath(std::string_view raw);
// The first value of `name` in `data`, or "".
std::string First(const FormData& data, std::string_view name);
// Every value of `name`.
std::vector<std::string> All(const FormData& data, std::string_view name);

// Work a response waits for before it can be sent (a commit under way on the storage's writer
// thread). Whoever finishes the work calls Done() once, from any thread. The server learns of it
// through OnDone and holds no thread meanwhile; callers without an event loop Wait().
class Pending {
 public:
  void Done();
  // `fn` runs once: on the thread that calls Done(), or here at once when that has happened already.
  void OnDone(std::function<void()> fn);
  void Wait();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::function<void()> fn_;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When `pending` is set the response is not final: once it is done, `then()` (run on the thread
  // that serves the connection) gives the response to send, which may be pending in turn.
  std::shared_ptr<Pending> pending;
  std::function<Response()> then;
  // The body is the same bytes for every visitor (a page from the page cache without anyone's
  // token): it is compressed once, not per response.
  bool same_for_everyone = false;

  // A response that is `then()` once `p` is done.
  static Response After(std::shared_ptr<Pending> p, std::function<Response()> then);

  static Response Html(int status, std::string body);
  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body);
  static Response Redirect(std::string location);  // 303 See Other (POST → GET)
  Response& Header(std::string name, std::string value);
};

using Handler = std::function<Response(const Request&, const Params&)>;

// A request the server or the router turns away before (or instead of) any handler.
enum class Refusal {
  kBadRequest,          // 400: not a request the parser could read
  kBodyTooLarge,        // 413: a body over ServerOptions::body_limit
  kHeadersTooLarge,     // 431: headers over ServerOptions::header_limit
  kTooManyConnections,  // 503, Retry-After 1: over a connection cap
  kUnavailable,         // 503, Retry-After 5: the storage cannot answer now (UnavailableError)
  kInternalError,       // 500: a handler failed
  kNotFound,            // 404: no route for the path
  kMethodNotAllowed,    // 405: a route for the path, not for the method
};
struct RefusalInfo {
  int status;
  int retry_after;   // seconds; 0: no Retry-After
  const char* text;  // English, for programs (one line, no full stop)
};
// What a refusal is on the wire.
RefusalInfo Describe(Refusal r);
// The refusal as a short English text with its status and Retry-After (what a server without a
// RefusalPage answers).
Response PlainRefusal(Refusal r);
// Who words the refusals: from the request as far as it was read (method, path, query and headers;
// all empty when nothing could be read), a response with Describe(r)'s status. It runs on an I/O
// thread, so it never blocks (no storage).
using RefusalPage = std::function<Response(Refusal, const Request&)>;

// Routes "GET /s/{form_id}/r/{token}" patterns to handlers. Unknown paths: 404; known path with
// another method: 405.
// How a handler may run. kQuick handlers never block (pages rendered from memory, quick local reads,
// and posts whose commit is waited for as a pending Response): the server runs them on the I/O thread
// that read the request, which saves two thread hand-offs per request. Everything else runs on the
// worker pool, so a commit waited for in place or an export never stalls the connections of an I/O thread.
enum class Cost { kMayBlock, kQuick };

class Router {
 public:
  void Add(std::string method, const std::string& pattern, Handler h, Cost cost = Cost::kMayBlock);
  // The final response: waits here for a pending one (for callers without an event loop: tests, tools).
  Response Dispatch(const Request& req) const;
  // The response as the handler gave it, possibly pending (the server waits for it without a thread).
  Response DispatchAsync(const Request& req) const;
  // True when the route `req` goes to was added as kQuick.
  bool IsQuick(const Request& req) const;
  void SetNotFound(Handler h) { not_found_ = std::move(h); }
  // The 404 (when no SetNotFound) and 405 answers; unset: PlainRefusal.
  void SetRefusal(RefusalPage p) { refusal_ = std::move(p); }
  // Runs before any handler; a response it returns is sent instead (rate limits).
  void SetGuard(std::function<std::optional<Response>(const Request&)> g) { guard_ = std::move(g); }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
    Cost cost = Cost::kMayBlock;
  };
  // The route for `req` (with its parameters), or nullptr; `path_matched` tells a 405 from a 404.
  const Route* Match(const Request& req, Params* params, bool& path_matched) const;
  std::vector<Route> routes_;
  Handler not_found_;
  RefusalPage refusal_;
  std::function<std::optional<Response>(const Request&)> guard_;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
  int io_threads = 2;
  // Each I/O thread runs on a CPU of its own (thread per core) when there are at least as many CPUs
  // this process may use as I/O threads; see Server::Run.
  bool pin_io_threads = true;
  int workers = 32;                      // handler threads (they may wait on storage commits)
  std::size_t body_limit = 1024 * 1024;  // bytes
  std::size_t header_limit = 16 * 1024;  // bytes
  int read_timeout_seconds = 30;         // per request, headers and body, from its first byte
  int keep_alive_seconds = 60;           // an idle kept-alive connection's wait for its next request
  int max_requests_per_connection = 10000;
  // Open connections in all (lowered to the file-descriptor limit less a reserve for the database,
  // exports and logs) and per client address; beyond either a new connection gets a 503 with
  // Retry-After and is closed at once. Addresses in `unlimited_addresses` (the trusted proxy) have
  // only the total cap. A kept-alive connection that falls idle while 7/8 of the total are open waits 1 s, not
  // keep_alive_seconds, so room is made for new clients.
  int max_connections = 4096;
  int max_connections_per_address = 128;
  std::vector<std::string> unlimited_addresses;
  // The server's own refusals (400, 413, 431, the 503s, 500) in the client's language; unset:
  // PlainRefusal. A connection over a cap is refused from what it has sent within a moment (see
  // Server::Impl::Refuse).
  RefusalPage refusal;
};

// The one way text becomes a header field value or a metric label: returned unchanged, or
// std::invalid_argument when it holds CR, LF, NUL or another control character (HTAB aside), which
// could end the field and start another (RFC 9110 5.5). Response::Header, Redirect and the server's
// writer all call it, so a handler that forgets cannot split a response.
std::string FieldValue(std::string_view v);
// A Prometheus label value (exposition format 0.0.4): FieldValue's check, then \ and " escaped.
std::string MetricLabel(std::string_view v);

// Response headers every response carries (CSP, nosniff, ...), added by the server.
void AddSecurityHeaders(Response& r);

// True when `accept_encoding` (an Accept-Encoding value, RFC 9110 §12.5.3) accepts gzip: listed, or
// covered by "*", and not with q=0.
bool AcceptsGzip(std::string_view accept_encoding);
// gzip (RFC 1952) of `data`.
std::string Gzip(std::string_view data, int level = 6);  // level 1, 6 or 9

// gzip of a text whose pieces are fixed and whose values between them change per use (a cached page
// with each visitor's token): the pieces are compressed once, each ending on a byte boundary, and a
// Fill() splices the values in as stored blocks (RFC 1951 3.2.4) and combines the CRC-32 (RFC 1952),
// so it costs a copy instead of compressing the page again. A piece that compression hardly shortens
// is kept as it is and goes out in one stored block with the values around it, and a short piece
// takes the fixed codes when its own cost little less: fewer blocks whose codes an inflater decodes.
class GzipTemplate {
 public:
  explicit GzipTemplate(const std::vector<std::string>& pieces, int level = 9);
  // gzip of pieces[0] between[0] pieces[1] between[1] ... (between may be one shorter than pieces).
  std::string Fill(const std::vector<std::string_view>& between) const;
  std::size_t bytes() const {
    std::size_t n = 0;
    for (const auto& p : pieces_) n += p.deflated.size() + sizeof(Piece);
    return n;
  }

 private:
  struct Piece {
    std::string deflated;  // the piece itself when stored
    unsigned long crc = 0;
    std::size_t size = 0;
    bool stored = false;
  };
  std::vector<Piece> pieces_;
};
// Compresses a text response's body with gzip when the request accepts it and it is worth it (about
// a kilobyte or more), and adds Vary: Accept-Encoding to every response whose body could be either,
// so caches keep the two apart. The server calls it on every response.
void CompressFor(const Request& req, Response& r);

class Server {
 public:
  Server(ServerOptions opts, std::shared_ptr<const Router> router);
  ~Server();
  // Binds and listens; returns the bound port (useful with port 0). Throws on failure.
  unsigned short Listen();
  // Serves until Stop() or SIGINT/SIGTERM, then finishes requests in flight and returns.
  void Run();
  void Stop();

  struct Counters {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> in_flight{0};
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::uint64_t> refused_connections{0};  // over a cap
    std::atomic<std::uint64_t> accept_backoffs{0};      // EMFILE and the like: the listener paused
  };
  // The total connection cap in force (ServerOptions::max_connections after the descriptor limit).
  int max_connections() const;
  const Counters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcs::http
