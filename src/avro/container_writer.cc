#include "avro/container_writer.h"

#include <sys/random.h>

#include <cerrno>
#include <random>

#include "avro/encoder.h"
#include "base/check.h"

namespace divolte::avro {
namespace {

constexpr std::string_view kSchemaKey = "avro.schema";
constexpr std::string_view kCodecKey = "avro.codec";
constexpr int64_t kMetadataEntries = 2;

// Fallback when getrandom is unavailable (old kernels, seccomp): the marker only has to differ
// between files, not be secret.
void FillFromRandomDevice(SyncMarker* marker) {
  static thread_local std::random_device device;
  for (char& byte : *marker) byte = static_cast<char>(device());
}

}  // namespace

SyncMarker RandomSyncMarker() {
  SyncMarker marker;
  size_t filled = 0;
  while (filled < marker.size()) {
    const ssize_t n = getrandom(marker.data() + filled, marker.size() - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      FillFromRandomDevice(&marker);
      return marker;
    }
    filled += static_cast<size_t>(n);
  }
  return marker;
}

void ContainerWriter::AppendHeader(std::string_view schema_json, std::string* out) const {
  out->append(kContainerMagic);
  BinaryEncoder encoder(out);
  encoder.StartMap(kMetadataEntries);
  encoder.WriteString(kSchemaKey);
  encoder.WriteBytes(schema_json);
  encoder.WriteString(kCodecKey);
  encoder.WriteBytes(CodecName(codec_));
  encoder.EndMap();
  out->append(sync_marker_.data(), sync_marker_.size());
}

base::Status ContainerWriter::AppendBlock(std::string_view datums, int64_t object_count,
                                          std::string* out) {
  CHECK(object_count > 0);
  std::string_view data = datums;
  if (codec_ != Codec::kNull) {
    compressed_.clear();
    base::Status status = CompressBlock(codec_, datums, &compressed_);
    if (!status.ok()) return status;
    data = compressed_;
  }
  BinaryEncoder encoder(out);
  encoder.WriteLong(object_count);
  encoder.WriteLong(static_cast<int64_t>(data.size()));
  out->append(data);
  out->append(sync_marker_.data(), sync_marker_.size());
  return {};
}

}  // namespace divolte::avro
