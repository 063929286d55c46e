#pragma once

// Termination signals (operations.md §4): the first SIGTERM or SIGINT starts the graceful
// shutdown; a second one during shutdown logs what is still queued and exits at once with
// status 1 (correction C6). BlockTerminationSignals must run on the main thread before any other
// thread exists, so that only the watcher thread ever receives these signals.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace divolte::server {

void BlockTerminationSignals();

// Its thread waits for signals until the process exits, so a watcher is never destroyed: create
// it with `new` and keep it.
class SignalWatcher {
 public:
  // `describe_pending` says what a forced exit loses; it is called on the watcher thread.
  explicit SignalWatcher(std::function<std::string()> describe_pending);
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Stops calling `describe_pending` (the objects it reads are about to go away).
  void Disarm();

  // Blocks until the first termination signal.
  void WaitForTermination();

 private:
  void Run();

  std::function<std::string()> describe_pending_;
  std::mutex mutex_;
  std::condition_variable signalled_cv_;
  bool signalled_ = false;
  bool armed_ = true;
  std::thread thread_;
};

}  // namespace divolte::server
