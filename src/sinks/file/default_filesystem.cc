#include "sinks/file/default_filesystem.h"

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace divolte::sinks {
namespace {

bool IsPlainPath(const std::string& directory) {
  return directory.find("://") == std::string::npos && directory.rfind("file:", 0) != 0;
}

}  // namespace

std::optional<std::string> HadoopDefaultFilesystem(const std::string& hadoop_conf_dir) {
  std::ifstream file(hadoop_conf_dir + "/core-site.xml");
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  const std::string xml = text.str();
  // <property><name>fs.defaultFS</name><value>hdfs://nn:8020</value></property>; the last
  // definition wins, as in Hadoop.
  static const std::regex kProperty(
      R"(<name>\s*(fs\.defaultFS|fs\.default\.name)\s*</name>\s*<value>\s*([^<]*?)\s*</value>)");
  std::optional<std::string> found;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), kProperty);
       it != std::sregex_iterator(); ++it) {
    found = (*it)[2].str();
  }
  return found;
}

base::Status CheckDefaultFilesystem(const std::string& sink_name,
                                    const config::FileStrategyConfig& strategy,
                                    const std::optional<std::string>& hadoop_conf_dir) {
  if (!hadoop_conf_dir || hadoop_conf_dir->empty()) return {};
  if (!IsPlainPath(strategy.working_dir) && !IsPlainPath(strategy.publish_dir)) return {};
  const std::optional<std::string> default_fs = HadoopDefaultFilesystem(*hadoop_conf_dir);
  if (!default_fs || default_fs->rfind("file:", 0) == 0) return {};
  return base::Status::Error(fmt::format(
      "Sink {}: {}/core-site.xml sets fs.defaultFS = {}, so its plain directories are on that "
      "filesystem; HDFS via WebHDFS is not supported yet.",
      sink_name, *hadoop_conf_dir, *default_fs));
}

}  // namespace divolte::sinks
