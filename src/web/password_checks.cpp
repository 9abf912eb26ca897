#include "web/password_checks.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace mcs::web {

PasswordChecks::PasswordChecks(int slots, int queue) : slots_(std::max(1, slots)), queue_(std::max(0, queue)) {
  for (int i = 0; i < slots_; ++i) threads_.emplace_back([this] { Loop(); });
}

PasswordChecks::~PasswordChecks() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

std::shared_ptr<http::Pending> PasswordChecks::TrySubmit(std::function<void()> work) {
  auto done = std::make_shared<http::Pending>();
  {
    std::lock_guard lock(mu_);
    if (running_ + static_cast<int>(jobs_.size()) >= slots_ + queue_) return nullptr;
    jobs_.push_back(Job{std::move(work), done});
  }
  cv_.notify_one();
  return done;
}

void PasswordChecks::Run(std::function<void()> work) {
  auto done = std::make_shared<http::Pending>();
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(Job{std::move(work), done});
  }
  cv_.notify_one();
  done->Wait();
}

int PasswordChecks::in_flight() const {
  std::lock_guard lock(mu_);
  return running_ + static_cast<int>(jobs_.size());
}

void PasswordChecks::Loop() {
  // Below the threads that serve respondents (nice 10): a flood of sign-ins takes the CPU they
  // leave, not the CPU their pages need. Linux applies a thread's own nice value to that thread.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
      running_++;
    }
    try {
      job.work();
    } catch (...) {
      // The work reports its own failures through what it captured; nothing may escape a thread.
    }
    {
      std::lock_guard lock(mu_);
      running_--;
    }
    job.done->Done();
  }
}

}  // namespace mcs::web
