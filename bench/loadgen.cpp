// A load generator that behaves like respondents: each connection walks whole questionnaires through
// the HTML pages, as a browser without JavaScript would. It fetches a page, fills every control the
// page shows (the first choice of each radio group and checkbox list, the first option of a select,
// a number at the control's minimum, a line of text), posts it with the page's CSRF token and cookie,
// follows the redirect the server chose (so the server's skip logic decides the path) and submits from
// the review page. It knows nothing of the form beyond what the HTML says.
//
//   loadgen --url http://127.0.0.1:8080 --form employers --form authorities --connections 64 --seconds 10
//
// Prints one line per figure: completed responses per second, requests per second, latency
// percentiles, and failures (with the first failure's page for diagnosis).
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::vector<std::string> forms;
  int connections = 16;
  double seconds = 10;
  long max_responses = 0;  // 0: until the time is up
};

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "#39") out += '\'';
    else out.append(s.substr(i, semi - i + 1));
    i = semi;
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Tag {
  std::string name;  // lower case; "/select" for end tags
  std::map<std::string, std::string> attrs;
  std::size_t end = 0;  // offset after '>'
};

// The next tag at or after `pos` (comments and text skipped), or a Tag with an empty name at the end.
Tag NextTag(std::string_view html, std::size_t pos) {
  Tag t;
  for (;;) {
    auto lt = html.find('<', pos);
    if (lt == std::string_view::npos) return t;
    if (html.substr(lt, 4) == "<!--") {
      auto e = html.find("-->", lt);
      if (e == std::string_view::npos) return t;
      pos = e + 3;
      continue;
    }
    std::size_t i = lt + 1;
    while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) || html[i] == '/' || html[i] == '!')) {
      t.name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i])));
      ++i;
    }
    while (i < html.size() && html[i] != '>') {
      while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
      std::string key;
      while (i < html.size() && html[i] != '=' && html[i] != '>' && !std::isspace(static_cast<unsigned char>(html[i])))
        key += html[i++];
      std::string value;
      if (i < html.size() && html[i] == '=') {
        ++i;
        char q = html[i];
        if (q == '"' || q == '\'') {
          auto e = html.find(q, i + 1);
          value = Unescape(html.substr(i + 1, e - i - 1));
          i = e + 1;
        } else {
          while (i < html.size() && html[i] != '>' && !std::isspace(static_cast<unsigned char>(html[i])))
            value += html[i++];
        }
      }
      if (!key.empty()) t.attrs[key] = value;
    }
    t.end = i + 1;
    return t;
  }
}

std::string Attr(const Tag& t, const std::string& k) {
  auto it = t.attrs.find(k);
  return it == t.attrs.end() ? std::string() : it->second;
}

struct PageForm {
  std::string action;
  std::vector<std::pair<std::string, std::string>> fields;
  bool can_submit = false;  // the review page's final button
  bool found = false;
};

// Reads the questionnaire form (id="mcs-page") and fills it like a quick, agreeable respondent.
PageForm FillPage(std::string_view html) {
  PageForm f;
  auto start = html.find("id=\"mcs-page\"");
  if (start == std::string_view::npos) return f;
  start = html.rfind('<', start);
  Tag form = NextTag(html, start);
  f.action = Attr(form, "action");
  f.found = true;
  std::map<std::string, bool> chosen;  // radio and checkbox names already answered
  std::size_t pos = form.end;
  for (;;) {
    Tag t = NextTag(html, pos);
    if (t.name.empty() || t.name == "/form") break;
    pos = t.end;
    std::string name = Attr(t, "name");
    if (t.name == "button") {
      if (Attr(t, "value") == "submit") f.can_submit = true;
      continue;
    }
    if (name.empty() || t.attrs.count("disabled")) continue;
    bool other = name.size() > 6 && name.compare(name.size() - 6, 6, "_other") == 0;
    if (t.name == "input") {
      std::string type = Attr(t, "type");
      if (type == "hidden") {
        f.fields.emplace_back(name, Attr(t, "value"));
      } else if (type == "radio" || type == "checkbox") {
        if (!chosen[name]) {
          chosen[name] = true;
          f.fields.emplace_back(name, Attr(t, "value"));
        }
      } else if (type == "number" || type == "range" || Attr(t, "inputmode") == "numeric" ||
                 Attr(t, "inputmode") == "decimal") {
        std::string min = Attr(t, "min");
        f.fields.emplace_back(name, min.empty() ? "1" : min);
      } else if (type == "date") {
        f.fields.emplace_back(name, "2026-01-15");
      } else if (type == "email") {
        f.fields.emplace_back(name, "respondent@example.org");
      } else if (!other) {
        f.fields.emplace_back(name, "An answer typed by a respondent");
      }
    } else if (t.name == "textarea") {
      if (!other) f.fields.emplace_back(name, "A longer answer, with a comma, typed by a respondent.");
    } else if (t.name == "select") {
      for (;;) {
        Tag o = NextTag(html, pos);
        if (o.name.empty() || o.name == "/select") break;
        pos = o.end;
        if (o.name == "option" && !Attr(o, "value").empty() && !chosen[name]) {
          chosen[name] = true;
          f.fields.emplace_back(name, Attr(o, "value"));
        }
      }
    }
  }
  return f;
}

struct Stats {
  long responses = 0;
  long requests = 0;
  long failures = 0;
  std::vector<double> latencies_ms;
  std::string first_failure;
};

class Respondent {
 public:
  Respondent(const Options& o, Stats& s) : o_(o), s_(s), stream_(ioc_) {}

  // Walks one questionnaire to its end. False on a failure (recorded).
  bool Walk(const std::string& form_id) {
    cookies_.clear();
    std::string path = "/s/" + form_id;
    auto r = Request(http::verb::get, path, "");
    for (int step = 0; step < 200; ++step) {
      if (!r) return false;
      if (r->result() == http::status::see_other || r->result() == http::status::found) {
        path = std::string((*r)[http::field::location]);
        r = Request(http::verb::get, path, "");
        continue;
      }
      if (r->result() != http::status::ok) return Fail(path, *r, "status");
      PageForm page = FillPage(r->body());
      if (!page.found) {
        // No questionnaire form: the thank-you page when we came from a submit.
        if (submitted_) return true;
        return Fail(path, *r, "no form on the page");
      }
      if (submitted_) return Fail(path, *r, "the submit did not finish");
      std::string body;
      for (const auto& [k, v] : page.fields) body += UrlEncode(k) + "=" + UrlEncode(v) + "&";
      body += page.can_submit ? "_mcs_action=submit" : "_mcs_action=next";
      submitted_ = page.can_submit;
      std::string action = page.action.empty() ? path : page.action;
      r = Request(http::verb::post, action, body);
      if (r && r->result() != http::status::see_other && r->result() != http::status::found) {
        submitted_ = false;
        return Fail(action, *r, "the page was refused (a check failed?)");
      }
    }
    return false;
  }

  void Reset() { submitted_ = false; }

 private:
  using Response = http::response<http::string_body>;

  bool Fail(const std::string& path, const Response& r, const char* why) {
    s_.failures++;
    if (s_.first_failure.empty()) {
      s_.first_failure = std::string(why) + " at " + path + " (" + std::to_string(r.result_int()) + "): " +
                         r.body().substr(0, 3000);
    }
    return false;
  }

  std::optional<Response> Request(http::verb verb, const std::string& target, const std::string& body) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!connected_) {
          tcp::resolver resolver(ioc_);
          stream_.connect(resolver.resolve(o_.host, o_.port));
          connected_ = true;
        }
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, o_.host);
        req.set(http::field::user_agent, "mcsurvey-loadgen");
        req.set(http::field::accept_language, "en");
        if (!cookies_.empty()) {
          std::string c;
          for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
          req.set(http::field::cookie, c);
        }
        if (verb == http::verb::post) {
          req.set(http::field::content_type, "application/x-www-form-urlencoded");
          req.body() = body;
          req.prepare_payload();
        }
        auto t0 = Clock::now();
        http::write(stream_, req);
        beast::flat_buffer buf;
        Response res;
        http::read(stream_, buf, res);
        s_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        s_.requests++;
        for (const auto& h : res) {
          if (h.name() != http::field::set_cookie) continue;
          std::string_view v = h.value();
          auto eq = v.find('='), semi = v.find(';');
          if (eq == std::string_view::npos) continue;
          cookies_[std::string(v.substr(0, eq))] = std::string(v.substr(eq + 1, semi - eq - 1));
        }
        if (!res.keep_alive()) {
          beast::error_code ec;
          stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
          stream_.close();
          connected_ = false;
        }
        return res;
      } catch (const std::exception& e) {
        stream_.close();
        connected_ = false;
        if (attempt == 1) {
          s_.failures++;
          if (s_.first_failure.empty()) s_.first_failure = std::string("connection: ") + e.what();
        }
      }
    }
    return std::nullopt;
  }

  const Options& o_;
  Stats& s_;
  boost::asio::io_context ioc_;
  beast::tcp_stream stream_;
  bool connected_ = false;
  bool submitted_ = false;
  std::map<std::string, std::string> cookies_;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

int Usage() {
  std::fprintf(stderr,
               "usage: loadgen --url http://HOST:PORT --form ID [--form ID...] [--connections N] [--seconds S] "
               "[--responses N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--url") {
      std::string u = next();
      if (u.rfind("http://", 0) != 0) return Usage();
      u = u.substr(7);
      auto colon = u.find(':');
      o.host = u.substr(0, colon);
      if (colon != std::string::npos) o.port = u.substr(colon + 1);
      while (!o.port.empty() && o.port.back() == '/') o.port.pop_back();
    } else if (a == "--form") {
      o.forms.push_back(next());
    } else if (a == "--connections") {
      o.connections = std::max(1, std::stoi(next()));
    } else if (a == "--seconds") {
      o.seconds = std::stod(next());
    } else if (a == "--responses") {
      o.max_responses = std::stol(next());
    } else {
      return Usage();
    }
  }
  if (o.forms.empty()) return Usage();

  std::vector<Stats> stats(static_cast<std::size_t>(o.connections));
  std::atomic<long> started{0};
  auto t0 = Clock::now();
  auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < o.connections; ++c) {
    threads.emplace_back([&, c] {
      Stats& s = stats[static_cast<std::size_t>(c)];
      Respondent resp(o, s);
      for (long n = 0;; ++n) {
        if (o.max_responses > 0) {
          if (started.fetch_add(1) >= o.max_responses) break;
        } else if (Clock::now() >= deadline) {
          break;
        }
        resp.Reset();
        const std::string& form = o.forms[static_cast<std::size_t>(c + n) % o.forms.size()];
        if (resp.Walk(form)) s.responses++;
      }
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  Stats all;
  for (auto& s : stats) {
    all.responses += s.responses;
    all.requests += s.requests;
    all.failures += s.failures;
    all.latencies_ms.insert(all.latencies_ms.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    if (all.first_failure.empty()) all.first_failure = s.first_failure;
  }
  std::printf("responses %ld in %.2f s = %.1f complete responses/s; requests %ld = %.0f req/s; "
              "latency p50 %.2f ms p99 %.2f ms; failures %ld\n",
              all.responses, elapsed, static_cast<double>(all.responses) / elapsed, all.requests,
              static_cast<double>(all.requests) / elapsed, Percentile(all.latencies_ms, 0.5),
              Percentile(all.latencies_ms, 0.99), all.failures);
  if (!all.first_failure.empty()) std::fprintf(stderr, "first failure: %s\n", all.first_failure.c_str());
  return all.failures > 0 && all.responses == 0 ? 1 : 0;
}
