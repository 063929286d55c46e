#include "server/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include "base/log.h"

namespace divolte::server {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  const sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client closing early must never kill the process
}

SignalWatcher::SignalWatcher(std::function<std::string()> describe_pending)
    : describe_pending_(std::move(describe_pending)), thread_([this] { Run(); }) {
  thread_.detach();  // lives until the process exits; sigwait cannot be interrupted cleanly
}

void SignalWatcher::Disarm() {
  std::lock_guard lock(mutex_);
  armed_ = false;
}

void SignalWatcher::WaitForTermination() {
  std::unique_lock lock(mutex_);
  signalled_cv_.wait(lock, [this] { return signalled_; });
}

void SignalWatcher::Run() {
  const sigset_t set = TerminationSignals();
  base::Logger logger("Server");
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    std::unique_lock lock(mutex_);
    if (!signalled_) {
      signalled_ = true;
      lock.unlock();
      signalled_cv_.notify_all();
      continue;
    }
    const std::string pending = armed_ ? describe_pending_() : std::string("nothing");
    logger.Error(
        "Second termination signal during shutdown; exiting immediately with {} still "
        "queued or pending.",
        pending);
    std::fflush(stdout);
    _exit(1);
  }
}

}  // namespace divolte::server
