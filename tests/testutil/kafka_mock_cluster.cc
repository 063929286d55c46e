// kafka_mock_cluster: a standalone Kafka test broker for the end-to-end tests of the Kafka sink
// (sinks.md §6). It runs librdkafka's mock cluster (rdkafka_mock.h), which speaks the real Kafka
// protocol over loopback TCP, so that the collector, confluent_kafka and kcat can talk to it
// without a JVM, ZooKeeper or network. The tests drive failures through stdin.
//
//   kafka_mock_cluster [--brokers N] --topic NAME:PARTITIONS [--topic ...]
//
// Prints one line `BOOTSTRAP host:port,...` on stdout, then reads commands from stdin, one per
// line, and answers each with `OK` or `ERROR <why>` (stdout is flushed after every line):
//
//   down <broker_id>|all     disconnect the broker(s) and refuse new connections (no leader change)
//   up <broker_id>|all       accept connections again
//   errors <topic> <count> <ERROR_NAME>
//                            fail the next <count> Produce requests with ERROR_NAME (a librdkafka
//                            error name such as NOT_LEADER_FOR_PARTITION, MSG_SIZE_TOO_LARGE or
//                            _TRANSPORT, which disconnects). The mock's error stack is per
//                            request type, not per topic: <topic> is only checked to exist.
//   errors clear             drop the Produce errors not consumed yet
//   leader <topic> <partition> <broker_id>|none
//                            move a partition's leader (none: leaderless)
//   rtt <broker_id>|all <ms> delay every response of the broker(s)
//   quit                     exit
//
// Brokers have ids 1..N; partition p of every topic is led by broker p % N + 1 (the mock itself
// would pick leaders at random), with replication factor min(3, N).
//
// Exits 0 on `quit`, end of stdin, SIGTERM or SIGINT; 1 if the cluster cannot start; 2 on a
// usage error. Two quirks of librdkafka 2.0.2's mock are worked around: an API call made right
// after the previous one returned can miss the mock thread's wake-up and take a full second
// (calls are paced kMinCallGap apart), and destroying the cluster joins an internal broker thread
// that notices termination only on its 1 s poll timeout (the process exits without destroying:
// the kernel closes the listeners and connections).

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h requires rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr int16_t kProduceApiKey = 0;
constexpr int kAllBrokers = -1;  // the mock API's "every broker"
constexpr int kMaxBrokers = 64;
constexpr auto kMinCallGap = std::chrono::milliseconds(2);

struct Options {
  int brokers = 3;
  std::map<std::string, int> topics;  // name -> partition count
};

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return std::nullopt;
    const std::string_view value = argv[++i];
    if (flag == "--brokers") {
      const auto brokers = ParseInt(value);
      if (!brokers || *brokers < 1 || *brokers > kMaxBrokers) return std::nullopt;
      options.brokers = *brokers;
    } else if (flag == "--topic") {
      const auto colon = value.rfind(':');
      if (colon == std::string_view::npos || colon == 0) return std::nullopt;
      const auto partitions = ParseInt(value.substr(colon + 1));
      if (!partitions || *partitions < 1) return std::nullopt;
      options.topics[std::string(value.substr(0, colon))] = *partitions;
    } else {
      return std::nullopt;
    }
  }
  return options;
}

// The librdkafka error code named `name` (as rd_kafka_err2name spells it, with or without the
// RD_KAFKA_RESP_ERR_ prefix), or nullopt. NOT_LEADER_OR_FOLLOWER is Kafka's newer name for 6.
std::optional<rd_kafka_resp_err_t> ErrorByName(std::string name) {
  constexpr std::string_view kPrefix = "RD_KAFKA_RESP_ERR_";
  if (name.starts_with(kPrefix)) name.erase(0, kPrefix.size());
  if (name == "NOT_LEADER_OR_FOLLOWER") return RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION;
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name != nullptr && name == descs[i].name) return descs[i].code;
  }
  return std::nullopt;
}

std::string Check(rd_kafka_resp_err_t error) {
  if (error == RD_KAFKA_RESP_ERR_NO_ERROR) return "OK";
  return std::string("ERROR ") + rd_kafka_err2str(error);
}

// The mock cluster with the topics of the options. It is never destroyed (see the top of the
// file). Used by the main thread only.
class MockCluster {
 public:
  MockCluster(rd_kafka_mock_cluster_t* cluster, Options options)
      : cluster_(cluster), options_(std::move(options)) {}
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  const char* Bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

  // Creates the topics of the options with their leaders; returns an error message on failure.
  std::optional<std::string> CreateTopics();

  // Runs one command line; returns the answer ("OK" or "ERROR ...").
  std::string Execute(const std::vector<std::string>& words);

 private:
  std::optional<int> Broker(const std::string& word, bool allow_all) const;
  std::string SetBrokerState(const std::string& broker, bool up);
  std::string PushErrors(const std::string& topic, const std::string& count,
                         const std::string& name);
  std::string SetLeader(const std::string& topic, const std::string& partition,
                        const std::string& broker);
  std::string SetRtt(const std::string& broker, const std::string& rtt);

  // Calls `call` (a mock API call) at least kMinCallGap after the previous one returned.
  template <typename Call>
  auto Paced(Call call) {
    std::this_thread::sleep_until(last_call_ + kMinCallGap);
    const auto result = call();
    last_call_ = std::chrono::steady_clock::now();
    return result;
  }

  rd_kafka_mock_cluster_t* cluster_;
  Options options_;
  std::chrono::steady_clock::time_point last_call_;
};

std::optional<std::string> MockCluster::CreateTopics() {
  const int replication = std::min(options_.brokers, 3);
  for (const auto& topic : options_.topics) {
    // (Not a structured binding: clang 14 cannot capture one in the lambdas.)
    const std::string& name = topic.first;
    const int partitions = topic.second;
    auto error = Paced([&] {
      return rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replication);
    });
    for (int partition = 0; partition < partitions && !error; ++partition) {
      error = Paced([&] {
        return rd_kafka_mock_partition_set_leader(cluster_, name.c_str(), partition,
                                                  partition % options_.brokers + 1);
      });
    }
    if (error) return "cannot create topic " + name + ": " + rd_kafka_err2str(error);
  }
  return std::nullopt;
}

std::optional<int> MockCluster::Broker(const std::string& word, bool allow_all) const {
  if (allow_all && word == "all") return kAllBrokers;
  const auto id = ParseInt(word);
  if (!id || *id < 1 || *id > options_.brokers) return std::nullopt;
  return id;
}

std::string MockCluster::Execute(const std::vector<std::string>& words) {
  const std::string& command = words[0];
  if ((command == "down" || command == "up") && words.size() == 2) {
    return SetBrokerState(words[1], command == "up");
  }
  if (command == "errors" && words.size() == 2 && words[1] == "clear") {
    Paced([&] {
      rd_kafka_mock_clear_request_errors(cluster_, kProduceApiKey);
      return 0;
    });
    return "OK";
  }
  if (command == "errors" && words.size() == 4) return PushErrors(words[1], words[2], words[3]);
  if (command == "leader" && words.size() == 4) return SetLeader(words[1], words[2], words[3]);
  if (command == "rtt" && words.size() == 3) return SetRtt(words[1], words[2]);
  return "ERROR unknown command or wrong arguments";
}

std::string MockCluster::SetBrokerState(const std::string& broker_word, bool up) {
  const auto broker = Broker(broker_word, /*allow_all=*/true);
  if (!broker) return "ERROR no broker " + broker_word;
  return Check(Paced([&] {
    return up ? rd_kafka_mock_broker_set_up(cluster_, *broker)
              : rd_kafka_mock_broker_set_down(cluster_, *broker);
  }));
}

std::string MockCluster::PushErrors(const std::string& topic, const std::string& count_word,
                                    const std::string& name) {
  if (!options_.topics.contains(topic)) return "ERROR unknown topic " + topic;
  const auto count = ParseInt(count_word);
  const auto error = ErrorByName(name);
  if (!count || *count < 0) return "ERROR bad count " + count_word;
  if (!error) return "ERROR unknown error name " + name;
  const std::vector<rd_kafka_resp_err_t> errors(*count, *error);
  Paced([&] {
    rd_kafka_mock_push_request_errors_array(cluster_, kProduceApiKey, errors.size(), errors.data());
    return 0;
  });
  return "OK";
}

std::string MockCluster::SetLeader(const std::string& topic_name, const std::string& partition_word,
                                   const std::string& broker_word) {
  const auto topic = options_.topics.find(topic_name);
  if (topic == options_.topics.end()) return "ERROR unknown topic " + topic_name;
  const auto partition = ParseInt(partition_word);
  if (!partition || *partition < 0 || *partition >= topic->second) {
    return "ERROR no partition " + partition_word;
  }
  const auto broker = broker_word == "none" ? std::optional<int>(-1) : Broker(broker_word, false);
  if (!broker) return "ERROR no broker " + broker_word;
  return Check(Paced([&] {
    return rd_kafka_mock_partition_set_leader(cluster_, topic_name.c_str(), *partition, *broker);
  }));
}

std::string MockCluster::SetRtt(const std::string& broker_word, const std::string& rtt_word) {
  const auto broker = Broker(broker_word, /*allow_all=*/true);
  const auto rtt = ParseInt(rtt_word);
  if (!broker) return "ERROR no broker " + broker_word;
  if (!rtt || *rtt < 0) return "ERROR bad rtt " + rtt_word;
  return Check(Paced([&] { return rd_kafka_mock_broker_set_rtt(cluster_, *broker, *rtt); }));
}

// Creates the hosting handle and the mock cluster; returns an error message on failure.
std::optional<std::string> StartCluster(int brokers, rd_kafka_t** handle,
                                        rd_kafka_mock_cluster_t** cluster) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The hosting handle never produces; keep its own logging to warnings and worse.
  if (rd_kafka_conf_set(conf, "log_level", "4", error, sizeof error) != RD_KAFKA_CONF_OK) {
    return std::string(error);
  }
  *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);  // takes conf
  if (*handle == nullptr) return std::string(error);
  *cluster = rd_kafka_mock_cluster_new(*handle, brokers);
  if (*cluster == nullptr) return "rd_kafka_mock_cluster_new failed";
  return std::nullopt;
}

[[noreturn]] void Fail(const std::string& error) {
  std::fprintf(stderr, "kafka_mock_cluster: %s\n", error.c_str());
  std::_Exit(1);
}

void Answer(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

std::vector<std::string> SplitWords(const std::string& line) {
  std::istringstream stream(line);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

// Reads command lines until `quit`, end of stdin or a termination signal (on `signal_fd`).
void ServeCommands(MockCluster& cluster, int signal_fd) {
  std::string pending;
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  while (true) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    char buffer[4096];
    const ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    pending.append(buffer, static_cast<size_t>(got));
    for (size_t end; (end = pending.find('\n')) != std::string::npos;) {
      const auto words = SplitWords(pending.substr(0, end));
      pending.erase(0, end + 1);
      if (words.empty()) continue;
      if (words[0] == "quit") {
        Answer("OK");
        return;
      }
      Answer(cluster.Execute(words));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = ParseOptions(argc, argv);
  if (!options) {
    std::fprintf(stderr, "usage: %s [--brokers N] --topic NAME:PARTITIONS [--topic ...]\n",
                 argv[0]);
    return 2;
  }
  // Block the termination signals before librdkafka starts its threads (they inherit the mask),
  // so that they are only ever seen through the signalfd polled with stdin.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGPIPE);  // we end on stdin's end, not on a closed stdout
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  sigdelset(&signals, SIGPIPE);
  const int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);

  rd_kafka_t* handle = nullptr;
  rd_kafka_mock_cluster_t* mock = nullptr;
  if (const auto error = StartCluster(options->brokers, &handle, &mock)) Fail(*error);
  MockCluster cluster(mock, *options);
  if (const auto error = cluster.CreateTopics()) Fail(*error);
  Answer(std::string("BOOTSTRAP ") + cluster.Bootstrap());
  ServeCommands(cluster, signal_fd);
  std::_Exit(0);  // without destroying the cluster (see the top of the file)
}
