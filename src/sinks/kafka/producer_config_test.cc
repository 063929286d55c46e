#include "sinks/kafka/producer_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <string>

namespace divolte::sinks::kafka {
namespace {

using Applied = std::vector<std::pair<std::string, std::string>>;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// The built-in divolte.global.kafka.producer block of config.md §6.3, flattened.
config::PropertyBlock DefaultBlock() {
  return {{"bootstrap.servers", "localhost:9092"},
          {"client.id", "divolte.collector"},
          {"acks", "1"},
          {"retries", "0"},
          {"compression.type", "lz4"},
          {"max.in.flight.requests.per.connection", "1"}};
}

// What librdkafka holds for `name`, or "<unset>".
std::string Get(const ProducerConfig& config, const std::string& name) {
  char value[512];
  size_t size = sizeof(value);
  if (rd_kafka_conf_get(config.conf.get(), name.c_str(), value, &size) != RD_KAFKA_CONF_OK) {
    return "<unset>";
  }
  return value;
}

ProducerConfig BuildOk(const config::PropertyBlock& block) {
  base::Result<ProducerConfig> result = BuildProducerConfig(block);
  EXPECT_TRUE(result.ok()) << result.message();
  return std::move(result).value();
}

std::string BuildError(const config::PropertyBlock& block) {
  base::Result<ProducerConfig> result = BuildProducerConfig(block);
  EXPECT_FALSE(result.ok());
  return result.ok() ? "<ok>" : result.message();
}

TEST(ProducerConfigTest, DefaultBlockIsAcceptedWithFixedSettingsLast) {
  const ProducerConfig config = BuildOk(DefaultBlock());
  EXPECT_THAT(config.warnings, IsEmpty());
  EXPECT_THAT(config.applied,
              ElementsAre(Pair("bootstrap.servers", "localhost:9092"),
                          Pair("client.id", "divolte.collector"), Pair("acks", "1"),
                          Pair("retries", "0"), Pair("compression.type", "lz4"),
                          Pair("max.in.flight.requests.per.connection", "1"),
                          Pair("partitioner", "murmur2_random"),
                          Pair("message.timeout.ms", "120000"), Pair("linger.ms", "0")));
  EXPECT_EQ(Get(config, "bootstrap.servers"), "localhost:9092");
  EXPECT_EQ(Get(config, "client.id"), "divolte.collector");
  EXPECT_EQ(Get(config, "request.required.acks"), "1");
  EXPECT_EQ(Get(config, "message.send.max.retries"), "0");
  EXPECT_EQ(Get(config, "compression.codec"), "lz4");
  EXPECT_EQ(Get(config, "max.in.flight"), "1");
  EXPECT_EQ(Get(config, "partitioner"), "murmur2_random");
  EXPECT_EQ(Get(config, "message.timeout.ms"), "120000");
  EXPECT_EQ(Get(config, "queue.buffering.max.ms"), "0");
}

TEST(ProducerConfigTest, DeliveryReportsOfSuccessesCannotBeTurnedOff) {
  EXPECT_THAT(BuildError({{"bootstrap.servers", "k:1"}, {"delivery.report.only.error", "true"}}),
              ::testing::HasSubstr("'divolte.global.kafka.producer.delivery.report.only.error'"));
  const ProducerConfig config =
      BuildOk({{"bootstrap.servers", "k:1"}, {"delivery.report.only.error", "false"}});
  EXPECT_EQ(Get(config, "delivery.report.only.error"), "false");
}

TEST(ProducerConfigTest, TimeoutsCannotBeInfinite) {
  EXPECT_THAT(BuildError({{"bootstrap.servers", "k:1"}, {"message.timeout.ms", "0"}}),
              ::testing::HasSubstr("'divolte.global.kafka.producer.message.timeout.ms'"));
  EXPECT_THAT(BuildError({{"bootstrap.servers", "k:1"}, {"delivery.timeout.ms", " 0"}}),
              ::testing::HasSubstr("'divolte.global.kafka.producer.delivery.timeout.ms'"));
}

TEST(ProducerConfigTest, ConfiguredLingerIsKept) {
  const ProducerConfig config = BuildOk({{"bootstrap.servers", "k:1"}, {"linger.ms", "20"}});
  EXPECT_EQ(Get(config, "queue.buffering.max.ms"), "20");
  const ProducerConfig native =
      BuildOk({{"bootstrap.servers", "k:1"}, {"queue.buffering.max.ms", "7"}});
  EXPECT_EQ(Get(native, "queue.buffering.max.ms"), "7");
}

TEST(ProducerConfigTest, CommaJoinedBootstrapServersPassUnchanged) {
  const ProducerConfig config = BuildOk({{"bootstrap.servers", "k1:9092,k2:9092,k3:9093"}});
  EXPECT_EQ(Get(config, "bootstrap.servers"), "k1:9092,k2:9092,k3:9093");
}

TEST(ProducerConfigTest, JavaNamesLibrdkafkaKnowsPassUnchanged) {
  const ProducerConfig config = BuildOk({{"acks", "all"},
                                         {"linger.ms", "25"},
                                         {"batch.size", "16384"},
                                         {"request.timeout.ms", "15000"},
                                         {"enable.idempotence", "true"},
                                         {"retry.backoff.ms", "250"},
                                         {"security.protocol", "SASL_SSL"},
                                         {"sasl.mechanism", "SCRAM-SHA-512"},
                                         {"ssl.ca.location", "/etc/kafka/ca.pem"}});
  EXPECT_THAT(config.warnings, IsEmpty());
  EXPECT_EQ(Get(config, "request.required.acks"), "-1");
  EXPECT_EQ(Get(config, "queue.buffering.max.ms"), "25");
  EXPECT_EQ(Get(config, "batch.size"), "16384");
  EXPECT_EQ(Get(config, "request.timeout.ms"), "15000");
  EXPECT_EQ(Get(config, "enable.idempotence"), "true");
  EXPECT_EQ(Get(config, "retry.backoff.ms"), "250");
  EXPECT_EQ(Get(config, "security.protocol"), "sasl_ssl");
  EXPECT_EQ(Get(config, "sasl.mechanisms"), "SCRAM-SHA-512");
  EXPECT_EQ(Get(config, "ssl.ca.location"), "/etc/kafka/ca.pem");
}

TEST(ProducerConfigTest, DeliveryTimeoutKeepsTheConfiguredTimeout) {
  const ProducerConfig config = BuildOk({{"delivery.timeout.ms", "30000"}});
  EXPECT_EQ(Get(config, "message.timeout.ms"), "30000");
  EXPECT_THAT(config.applied,
              ElementsAre(Pair("delivery.timeout.ms", "30000"),
                          Pair("partitioner", "murmur2_random"), Pair("linger.ms", "0")));
}

TEST(ProducerConfigTest, MessageTimeoutKeepsTheConfiguredTimeout) {
  const ProducerConfig config = BuildOk({{"message.timeout.ms", "5000"}});
  EXPECT_EQ(Get(config, "message.timeout.ms"), "5000");
}

TEST(ProducerConfigTest, PartitionerIsIgnoredWithWarning) {
  const ProducerConfig config =
      BuildOk({{"partitioner", "consistent"},
               {"partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"}});
  EXPECT_THAT(config.warnings,
              ElementsAre("Ignoring Kafka producer property "
                          "'divolte.global.kafka.producer.partitioner': the partitioner is always "
                          "murmur2_random",
                          "Ignoring Kafka producer property "
                          "'divolte.global.kafka.producer.partitioner.class': the partitioner is "
                          "always murmur2_random"));
  EXPECT_EQ(Get(config, "partitioner"), "murmur2_random");
}

TEST(ProducerConfigTest, JavaOnlyPropertiesAreIgnoredWithWarning) {
  const ProducerConfig config =
      BuildOk({{"key.serializer", "org.apache.kafka.common.serialization.StringSerializer"},
               {"value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"},
               {"interceptor.classes", "a.B,c.D"},
               {"metric.reporters", "x.Y"},
               {"metrics.num.samples", "2"},
               {"metrics.sample.window.ms", "30000"},
               {"max.block.ms", "60000"}});
  const std::vector<std::string> names = {
      "key.serializer",      "value.serializer",         "interceptor.classes", "metric.reporters",
      "metrics.num.samples", "metrics.sample.window.ms", "max.block.ms"};
  ASSERT_EQ(config.warnings.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(config.warnings[i],
              "Ignoring Kafka producer property 'divolte.global.kafka.producer." + names[i] +
                  "': it applies only to the Java Kafka client");
  }
  EXPECT_THAT(config.applied,
              ElementsAre(Pair("partitioner", "murmur2_random"),
                          Pair("message.timeout.ms", "120000"), Pair("linger.ms", "0")));
}

TEST(ProducerConfigTest, BufferMemoryBecomesQueueKilobytes) {
  const ProducerConfig config = BuildOk({{"buffer.memory", "33554432"}});
  EXPECT_EQ(Get(config, "queue.buffering.max.kbytes"), "32768");
  EXPECT_EQ(config.applied.front(),
            std::make_pair(std::string("queue.buffering.max.kbytes"), std::string("32768")));
  EXPECT_EQ(Get(BuildOk({{"buffer.memory", "2047"}}), "queue.buffering.max.kbytes"), "1");
  EXPECT_EQ(Get(BuildOk({{"buffer.memory", " +4096 "}}), "queue.buffering.max.kbytes"), "4");
}

TEST(ProducerConfigTest, BufferMemoryThatIsNoNumberOfBytesIsAnError) {
  for (const char* value : {"32MB", "-1", "1023", "", "2199023255552"}) {
    EXPECT_EQ(BuildError({{"buffer.memory", value}}),
              std::string("Invalid Kafka producer property "
                          "'divolte.global.kafka.producer.buffer.memory': '") +
                  value + "' is not a whole number of bytes from 1024 to 2199023255551");
  }
}

TEST(ProducerConfigTest, PlainJaasConfigBecomesSaslUsernameAndPassword) {
  const ProducerConfig config = BuildOk(
      {{"sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
        "password=\"s3cr3t\";"}});
  EXPECT_EQ(Get(config, "sasl.username"), "alice");
  EXPECT_EQ(Get(config, "sasl.password"), "s3cr3t");
  EXPECT_THAT(config.applied,
              ElementsAre(Pair("sasl.username", "alice"), Pair("sasl.password", "[hidden]"),
                          Pair("partitioner", "murmur2_random"),
                          Pair("message.timeout.ms", "120000"), Pair("linger.ms", "0")));
}

TEST(ProducerConfigTest, ScramJaasConfigBecomesSaslUsernameAndPassword) {
  const ProducerConfig config =
      BuildOk({{"sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required\n"
                "  username=\"bob\"\n  password=\"p\\\"w d\";"}});
  EXPECT_EQ(Get(config, "sasl.username"), "bob");
  EXPECT_EQ(Get(config, "sasl.password"), "p\"w d");
}

TEST(ProducerConfigTest, OtherLoginModuleIsAnError) {
  EXPECT_EQ(BuildError({{"sasl.jaas.config",
                         "com.sun.security.auth.module.Krb5LoginModule required "
                         "useKeyTab=true keyTab=\"/etc/kafka.keytab\";"}}),
            "Invalid Kafka producer property 'divolte.global.kafka.producer.sasl.jaas.config': "
            "login module 'com.sun.security.auth.module.Krb5LoginModule' is not supported; use "
            "org.apache.kafka.common.security.plain.PlainLoginModule or "
            "org.apache.kafka.common.security.scram.ScramLoginModule");
}

TEST(ProducerConfigTest, MalformedJaasConfigIsAnErrorThatHidesThePassword) {
  const std::string message = BuildError(
      {{"sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
        "password=\"s3cr3t\""}});
  EXPECT_EQ(message,
            "Invalid Kafka producer property 'divolte.global.kafka.producer.sasl.jaas.config': "
            "missing ';' at the end of the login module entry");
}

TEST(ProducerConfigTest, KeyStoresAreErrorsPointingToPemFiles) {
  const std::string pem =
      "Java key stores (JKS/PKCS12) are not supported; use ssl.ca.location, "
      "ssl.certificate.location and ssl.key.location (PEM files) instead";
  EXPECT_EQ(BuildError({{"ssl.truststore.location", "/etc/kafka/truststore.jks"},
                        {"ssl.keystore.password", "changeit"}}),
            "Unsupported Kafka producer property "
            "'divolte.global.kafka.producer.ssl.truststore.location': " +
                pem +
                "\nUnsupported Kafka producer property "
                "'divolte.global.kafka.producer.ssl.keystore.password': " +
                pem);
}

TEST(ProducerConfigTest, PropertyTheClientRejectsIsAnErrorWithItsMessage) {
  EXPECT_EQ(BuildError({{"no.such.property", "x"}}),
            "Invalid Kafka producer property 'divolte.global.kafka.producer.no.such.property': "
            "No such configuration property: \"no.such.property\"");
  EXPECT_EQ(BuildError({{"compression.type", "brotli"}}),
            "Invalid Kafka producer property 'divolte.global.kafka.producer.compression.type': "
            "Invalid value \"brotli\" for configuration property \"compression.codec\"");
}

TEST(ProducerConfigTest, AllErrorsAreReportedTogetherInOrder) {
  config::PropertyBlock block = DefaultBlock();
  block.emplace_back("acks", "some");
  block.emplace_back("max.block.ms", "1000");
  block.emplace_back("buffer.memory", "lots");
  block.emplace_back("ssl.keystore.location", "/k.jks");
  block.emplace_back("linger.ms", "soon");
  EXPECT_EQ(BuildError(block),
            "Invalid Kafka producer property 'divolte.global.kafka.producer.acks': Invalid value "
            "for configuration property \"request.required.acks\"\n"
            "Invalid Kafka producer property 'divolte.global.kafka.producer.buffer.memory': "
            "'lots' is not a whole number of bytes from 1024 to 2199023255551\n"
            "Unsupported Kafka producer property "
            "'divolte.global.kafka.producer.ssl.keystore.location': Java key stores (JKS/PKCS12) "
            "are not supported; use ssl.ca.location, ssl.certificate.location and "
            "ssl.key.location (PEM files) instead\n"
            "Invalid Kafka producer property 'divolte.global.kafka.producer.linger.ms': Invalid "
            "value for configuration property \"queue.buffering.max.ms\"");
}

TEST(ProducerConfigTest, SecretsAreHiddenInTheAppliedList) {
  const ProducerConfig config =
      BuildOk({{"ssl.key.location", "/etc/kafka/client.key"}, {"ssl.key.password", "changeit"}});
  EXPECT_EQ(Get(config, "ssl.key.password"), "changeit");
  EXPECT_THAT(
      config.applied,
      ElementsAre(Pair("ssl.key.location", "/etc/kafka/client.key"),
                  Pair("ssl.key.password", "[hidden]"), Pair("partitioner", "murmur2_random"),
                  Pair("message.timeout.ms", "120000"), Pair("linger.ms", "0")));
}

TEST(ProducerConfigTest, EmptyEndpointIdentificationDisablesHostNameVerification) {
  const ProducerConfig config = BuildOk({{"ssl.endpoint.identification.algorithm", ""}});
  EXPECT_EQ(Get(config, "ssl.endpoint.identification.algorithm"), "none");
}

TEST(ProducerConfigTest, EmptyBootstrapServersIsAnError) {
  EXPECT_EQ(BuildError({{"bootstrap.servers", " "}}),
            "Invalid Kafka producer property 'divolte.global.kafka.producer.bootstrap.servers': "
            "at least one broker (host:port) is required");
}

}  // namespace
}  // namespace divolte::sinks::kafka
