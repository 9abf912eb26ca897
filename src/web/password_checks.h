// Password checks (argon2id, 64 MiB each) on threads of their own, a few at a time.
//
// A sign-in flood must not take the memory or the threads that serve respondents: checks run on
// `slots` threads kept for them (so at most slots × 64 MiB is in use for them), at most `queue` more
// wait, and a check beyond that is refused at once so the caller can answer 503 with Retry-After.
// The check threads run at nice 10, so respondents' pages come first for the CPU.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http/http.h"

namespace mcs::web {

class PasswordChecks {
 public:
  PasswordChecks(int slots, int queue);
  ~PasswordChecks();
  PasswordChecks(const PasswordChecks&) = delete;
  PasswordChecks& operator=(const PasswordChecks&) = delete;

  // Runs `work` on a check thread; the Pending is done when it has run. nullptr when every slot is
  // busy and the queue is full.
  std::shared_ptr<http::Pending> TrySubmit(std::function<void()> work);
  // Runs `work` on a check thread and waits for it (for signed-in users changing a password: they
  // wait their turn rather than being refused).
  void Run(std::function<void()> work);
  int slots() const { return slots_; }
  int queue() const { return queue_; }
  // Checks running or waiting now.
  int in_flight() const;

 private:
  void Loop();
  struct Job {
    std::function<void()> work;
    std::shared_ptr<http::Pending> done;
  };
  const int slots_;
  const int queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  int running_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace mcs::web
