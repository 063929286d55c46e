#include "avro/container_reader.h"

#include <cstring>

#include "avro/decoder.h"

namespace divolte::avro {
namespace {

base::Status ReadMetadata(BinaryDecoder* decoder, ContainerFile* file) {
  int64_t count = 0;
  while (decoder->ReadBlockCount(&count) && count > 0) {
    for (int64_t i = 0; i < count; ++i) {
      std::string_view key;
      std::string_view value;
      if (!decoder->ReadString(&key) || !decoder->ReadBytes(&value)) break;
      file->metadata.emplace_back(key, value);
    }
  }
  if (decoder->failed()) return base::Status::Error("truncated header metadata");
  bool has_schema = false;
  for (const auto& [key, value] : file->metadata) {
    if (key == "avro.schema") {
      file->schema_json = value;
      has_schema = true;
    } else if (key == "avro.codec") {
      std::optional<Codec> codec = CodecFromName(value);
      if (!codec) return base::Status::Error("unsupported codec " + value);
      file->codec = *codec;
    }
  }
  if (!has_schema) return base::Status::Error("header without avro.schema");
  return {};
}

base::Status ReadBlock(BinaryDecoder* decoder, ContainerFile* file) {
  int64_t count = 0;
  int64_t size = 0;
  std::string_view data;
  std::string_view sync;
  if (!decoder->ReadLong(&count) || !decoder->ReadLong(&size) || count < 0 || size < 0 ||
      !decoder->ReadFixed(static_cast<size_t>(size), &data) ||
      !decoder->ReadFixed(kSyncMarkerSize, &sync)) {
    return base::Status::Error("truncated or malformed block");
  }
  if (std::memcmp(sync.data(), file->sync_marker.data(), kSyncMarkerSize) != 0) {
    return base::Status::Error("block not followed by the file's sync marker");
  }
  ContainerBlock block{.object_count = count};
  base::Status status = DecompressBlock(file->codec, data, &block.datums);
  if (!status.ok()) return status;
  file->blocks.push_back(std::move(block));
  return {};
}

}  // namespace

int64_t ContainerFile::ObjectCount() const {
  int64_t total = 0;
  for (const ContainerBlock& block : blocks) total += block.object_count;
  return total;
}

base::Result<ContainerFile> ReadContainer(std::string_view bytes) {
  if (bytes.substr(0, kContainerMagic.size()) != kContainerMagic) {
    return base::Result<ContainerFile>::Error("not an Avro container file (bad magic)");
  }
  BinaryDecoder decoder(bytes.substr(kContainerMagic.size()));
  ContainerFile file;
  base::Status status = ReadMetadata(&decoder, &file);
  std::string_view sync;
  if (status.ok() && !decoder.ReadFixed(kSyncMarkerSize, &sync)) {
    status = base::Status::Error("truncated header sync marker");
  }
  if (!status.ok()) return status;
  std::memcpy(file.sync_marker.data(), sync.data(), kSyncMarkerSize);
  file.header_size = kContainerMagic.size() + decoder.position();
  while (status.ok() && !decoder.AtEnd()) status = ReadBlock(&decoder, &file);
  if (!status.ok()) return status;
  return file;
}

}  // namespace divolte::avro
