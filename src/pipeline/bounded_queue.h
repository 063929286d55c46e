#pragma once

// BoundedQueue: a FIFO of at most `capacity` items with many producers and one consumer
// (operations.md §1.2). TryPush never blocks: a full queue refuses the item and the caller counts
// the drop; PushWaiting waits for room (back-pressure). The consumer takes batches and waits, with
// a timeout, only when the queue is empty; producers wake it only when it is actually waiting, so a
// busy pipeline makes no wake-up calls. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace divolte::pipeline {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // False (and `item` untouched) when the queue is full.
  bool TryPush(T& item) {
    std::unique_lock lock(mutex_);
    if (items_.size() >= capacity_) return false;
    PushAndWake(item, lock);
    return true;
  }

  // Back-pressure (protocol.md §8.6, reject mode): waits while the queue is full, up to
  // `timeout`; false (and `item` untouched) if it is still full then.
  bool PushWaiting(T& item, std::chrono::nanoseconds timeout) {
    std::unique_lock lock(mutex_);
    if (items_.size() >= capacity_) {
      ++producers_waiting_;
      room_.wait_for(lock, timeout, [this] { return items_.size() < capacity_; });
      --producers_waiting_;
      if (items_.size() >= capacity_) return false;
    }
    PushAndWake(item, lock);
    return true;
  }

  // Appends up to `max` items to `out`. If the queue is empty, waits up to `timeout` for one
  // (never once the queue is stopping). Returns the number of items taken.
  size_t PopBatch(std::vector<T>* out, size_t max, std::chrono::nanoseconds timeout) {
    std::unique_lock lock(mutex_);
    if (items_.empty() && !stopping_) {
      consumer_waiting_ = true;
      ready_.wait_for(lock, timeout, [this] { return !items_.empty() || stopping_; });
      consumer_waiting_ = false;
    }
    const size_t count = std::min(max, items_.size());
    for (size_t i = 0; i < count; ++i) {
      out->push_back(std::move(items_.front()));
      items_.pop_front();
    }
    const bool wake_producers = count > 0 && producers_waiting_ > 0;
    lock.unlock();
    if (wake_producers) room_.notify_all();
    return count;
  }

  // Shutdown: from now on PopBatch never waits, so the consumer drains what is left and
  // notices the end at once. Producers may still push.
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
  }

  size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  size_t capacity() const { return capacity_; }

 private:
  // Appends `item` and wakes the consumer if it waits; releases `lock`.
  void PushAndWake(T& item, std::unique_lock<std::mutex>& lock) {
    items_.push_back(std::move(item));
    const bool wake = consumer_waiting_;
    lock.unlock();
    if (wake) ready_.notify_one();
  }

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;  // producers waiting in PushWaiting
  std::deque<T> items_;
  bool consumer_waiting_ = false;
  int producers_waiting_ = 0;
  bool stopping_ = false;
};

}  // namespace divolte::pipeline
