#include "sinks/kafka/kafka_sink.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "sinks/kafka/delivery_errors.h"
#include "sinks/kafka/producer_config.h"

namespace divolte::sinks::kafka {

// How long one poll for delivery reports may block before the in-flight count is checked again.
constexpr int kPollMillis = 50;
// Bound of the final flush when the sink is destroyed; the workers have already waited for every
// report, so this only covers librdkafka's own bookkeeping.
constexpr int kDestroyFlushMillis = 10000;

struct KafkaSink::Producer {
  rd_kafka_t* handle = nullptr;
  rd_kafka_topic_t* topic = nullptr;
  // Bounds how long a record may wait for room in librdkafka's queue, as it bounds its delivery.
  std::chrono::milliseconds message_timeout{0};

  ~Producer() {
    if (topic != nullptr) rd_kafka_topic_destroy(topic);
    if (handle != nullptr) {
      rd_kafka_flush(handle, kDestroyFlushMillis);
      rd_kafka_destroy(handle);
    }
  }
};

namespace {

const base::Logger& Log() {
  static const base::Logger logger("KafkaSink");
  return logger;
}

// message.timeout.ms as librdkafka holds it (BuildProducerConfig always sets it).
std::chrono::milliseconds MessageTimeout(const rd_kafka_conf_t* conf) {
  char value[32];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, "message.timeout.ms", value, &size) != RD_KAFKA_CONF_OK) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::milliseconds(std::strtoll(value, nullptr, 10));
}

// One record of an attempt. The delivery report callback, on whichever thread polls, writes
// `error` and then decrements the worker's in-flight count (release); the worker reads `error`
// after seeing the count reach zero (acquire).
struct Delivery {
  std::atomic<int64_t>* in_flight = nullptr;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void OnDelivery(rd_kafka_t* /*handle*/, const rd_kafka_message_t* message, void* /*opaque*/) {
  auto* delivery = static_cast<Delivery*>(message->_private);
  delivery->error = message->err;
  delivery->in_flight->fetch_sub(1, std::memory_order_acq_rel);
}

// One sink thread's sending state (sinks.md §6.4).
class KafkaWorker final : public SinkWorker {
 public:
  KafkaWorker(const KafkaSinkOptions& options, KafkaSink::Producer& producer, SinkStats& stats)
      : options_(options), producer_(producer), stats_(stats) {}

  ~KafkaWorker() override { stats_.pending_records.Add(-pending_counted_); }

  ProcessResult Process(std::span<const RecordPtr> batch) override {
    if (!pending_.empty()) {
      // Only at shutdown does the pool hand a paused worker more records: they join the pending
      // ones, after them, for the one final attempt of Close.
      std::vector<RecordPtr> pending = std::move(pending_);
      pending.insert(pending.end(), batch.begin(), batch.end());
      SetPending(std::move(pending));
      return {batch.size(), Verdict::kPause};
    }
    attempt_.assign(batch.begin(), batch.end());
    // Records being sent count as pending until their reports are in, so that /metrics and the
    // shutdown message see a batch that waits out an outage.
    CountPending(pending_counted_ + static_cast<int64_t>(batch.size()));
    Send();
    return {batch.size(), pending_.empty() ? Verdict::kContinue : Verdict::kPause};
  }

  Verdict Heartbeat() override {
    if (pending_.empty()) return Verdict::kContinue;
    Resend();
    return pending_.empty() ? Verdict::kContinue : Verdict::kPause;
  }

  uint64_t Close() override {
    if (!pending_.empty()) Resend();  // the final attempt (sinks.md §1.4)
    const uint64_t lost = pending_.size();
    if (lost > 0) {
      stats_.dropped_shutdown.Increment(lost);
      Log().Error("Kafka sink {}: {} records could not be delivered before shutdown.",
                  options_.name, lost);
      SetPending({});
    }
    return lost;
  }

 private:
  void Resend() {
    stats_.retries.Increment(pending_.size());
    attempt_.swap(pending_);
    Send();
  }

  // Produces attempt_ in order, waits until every record has its delivery result and sorts the
  // records into delivered, pending (retriable) and rejected (permanent).
  void Send() {
    deliveries_.assign(attempt_.size(), Delivery{.in_flight = &in_flight_});
    if (!options_.value_prefix.empty()) framed_.resize(attempt_.size());
    const auto deadline = std::chrono::steady_clock::now() + producer_.message_timeout;
    for (size_t i = 0; i < attempt_.size(); ++i) Produce(*attempt_[i], i, deadline);
    while (in_flight_.load(std::memory_order_acquire) > 0) {
      rd_kafka_poll(producer_.handle, kPollMillis);
    }
    std::vector<RecordPtr> pending;
    std::map<rd_kafka_resp_err_t, uint64_t> failures;  // counted per error once per Send
    const int64_t now_ms = base::WallMillis();
    for (size_t i = 0; i < attempt_.size(); ++i) {
      const rd_kafka_resp_err_t error = deliveries_[i].error;
      if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
        stats_.delivered.Increment();
        stats_.delivery_latency.Observe(static_cast<double>(now_ms - attempt_[i]->arrival_ms()) /
                                        1000.0);
        continue;
      }
      ++failures[error];
      if (IsRetriable(error)) {
        pending.push_back(std::move(attempt_[i]));
      } else {
        stats_.dropped_rejected.Increment();
        LogRejected(*attempt_[i], error);
      }
    }
    for (const auto& [error, count] : failures) {
      stats_.failures.Increment(count);
      stats_.failure_reasons.Increment(rd_kafka_err2name(error), count);
    }
    attempt_.clear();
    SetPending(std::move(pending));
  }

  // Hands one record to librdkafka. While its queue is full (a large final attempt at shutdown),
  // serves delivery reports to make room, up to `deadline`; then the record fails _QUEUE_FULL.
  void Produce(const Record& record, size_t index, std::chrono::steady_clock::time_point deadline) {
    std::string_view value = record.datum();
    if (!options_.value_prefix.empty()) {
      std::string& framed = framed_[index];
      framed.assign(options_.value_prefix).append(record.datum());
      value = framed;
    }
    Delivery& delivery = deliveries_[index];
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    rd_kafka_resp_err_t error;
    do {
      // No copy of the value: the record (and framed_) outlive the wait for the report.
      error = rd_kafka_producev(producer_.handle, RD_KAFKA_V_RKT(producer_.topic),
                                RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
                                RD_KAFKA_V_KEY(record.party_id().data(), record.party_id().size()),
                                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                RD_KAFKA_V_TIMESTAMP(record.arrival_ms()),
                                RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
    } while (error == RD_KAFKA_RESP_ERR__QUEUE_FULL &&
             std::chrono::steady_clock::now() < deadline &&
             (rd_kafka_poll(producer_.handle, kPollMillis), true));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {  // refused before sending: no report will come
      delivery.error = error;
      in_flight_.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  void LogRejected(const Record& record, rd_kafka_resp_err_t error) {
    uint64_t suppressed = 0;
    if (!rejected_log_.Allow(&suppressed)) return;
    Log().Error("{}", base::WithSuppressed(
                          fmt::format("Error sending event (partyId={}) to Kafka; abandoning. ({})",
                                      record.party_id(), rd_kafka_err2str(error)),
                          suppressed));
  }

  void SetPending(std::vector<RecordPtr> pending) {
    CountPending(static_cast<int64_t>(pending.size()));
    pending_ = std::move(pending);
  }

  void CountPending(int64_t count) {
    stats_.pending_records.Add(count - pending_counted_);
    pending_counted_ = count;
  }

  const KafkaSinkOptions& options_;
  KafkaSink::Producer& producer_;
  SinkStats& stats_;
  std::vector<RecordPtr> attempt_;  // being sent
  std::vector<RecordPtr> pending_;  // retriable failures, in their original order
  int64_t pending_counted_ = 0;     // this worker's share of stats_.pending_records: pending_
                                    // and, during Send, attempt_
  std::vector<Delivery> deliveries_;
  std::vector<std::string> framed_;  // confluent mode: the values of attempt_, prefixed
  std::atomic<int64_t> in_flight_{0};
  base::RateLimiter rejected_log_;
};

}  // namespace

KafkaSink::KafkaSink(KafkaSinkOptions options, std::unique_ptr<Producer> producer)
    : options_(std::move(options)), producer_(std::move(producer)) {}

KafkaSink::~KafkaSink() = default;

std::unique_ptr<SinkWorker> KafkaSink::CreateWorker(int /*thread_index*/) {
  return std::make_unique<KafkaWorker>(options_, *producer_, stats_);
}

std::string KafkaSink::ThreadName(int thread_index) const {
  return fmt::format("Kafka Flusher [{}] - {}", options_.name, thread_index + 1);
}

namespace {

// The producer configuration of a sink, its warnings and the settings in effect logged.
base::Result<ProducerConfig> BuildAndLogProducerConfig(const config::SinkConfig& sink,
                                                       const config::PropertyBlock& producer) {
  auto built = BuildProducerConfig(producer);
  if (!built.ok()) return built.status();
  for (const std::string& warning : built->warnings) Log().Warn("{}", warning);
  std::string applied;
  for (const auto& [name, value] : built->applied) {
    applied += fmt::format("{}{}={}", applied.empty() ? "" : ", ", name, value);
  }
  Log().Info("Kafka producer for sink {} (topic {}): {}", sink.name, sink.topic, applied);
  return built;
}

}  // namespace

base::Status CheckKafkaSink(const config::SinkConfig& sink, const config::PropertyBlock& producer) {
  auto built = BuildAndLogProducerConfig(sink, producer);
  if (!built.ok()) return built.status();
  return {};
}

base::Result<std::unique_ptr<Sink>> CreateKafkaSink(const config::SinkConfig& sink,
                                                    const config::PropertyBlock& producer,
                                                    std::optional<int32_t> confluent_id) {
  using SinkResult = base::Result<std::unique_ptr<Sink>>;
  auto built = BuildAndLogProducerConfig(sink, producer);
  if (!built.ok()) return built.status();
  rd_kafka_conf_t* conf = built->conf.release();
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  char error[512];
  auto handles = std::make_unique<KafkaSink::Producer>();
  handles->message_timeout = MessageTimeout(conf);
  handles->handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (handles->handle == nullptr) {
    rd_kafka_conf_destroy(conf);  // not taken over on failure
    return SinkResult::Error(
        fmt::format("Sink {}: cannot create the Kafka producer: {}", sink.name, error));
  }
  handles->topic = rd_kafka_topic_new(handles->handle, sink.topic.c_str(), nullptr);
  if (handles->topic == nullptr) {
    return SinkResult::Error(fmt::format("Sink {}: cannot use Kafka topic '{}': {}", sink.name,
                                         sink.topic, rd_kafka_err2str(rd_kafka_last_error())));
  }
  KafkaSinkOptions options{.name = sink.name, .topic = sink.topic};
  if (sink.kafka_mode == config::KafkaMode::kConfluent && confluent_id.has_value()) {
    options.value_prefix.push_back('\0');
    const auto id = static_cast<uint32_t>(*confluent_id);
    for (const int shift : {24, 16, 8, 0}) {
      options.value_prefix.push_back(static_cast<char>(id >> shift));
    }
  }
  return SinkResult(std::unique_ptr<Sink>(new KafkaSink(std::move(options), std::move(handles))));
}

}  // namespace divolte::sinks::kafka
