#include "io/checkpoint.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::io {

namespace {

constexpr char kMagic[8] = {'R', 'E', 'J', 'U', 'V', 'C', 'K', '1'};

struct Writer {
  std::string buf;
  template <class T> void pod(const T& v) { buf.append(reinterpret_cast<const char*>(&v), sizeof(T)); }
  template <class T> void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    buf.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    buf.append(s);
  }
};

struct Reader {
  const std::string& buf;
  std::size_t pos = 0;
  std::string path;
  void need(std::size_t n) {
    if (pos + n > buf.size()) throw InputError(fmt::format("{}: checkpoint file is truncated or corrupt", path));
  }
  template <class T> T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, buf.data() + pos, sizeof(T));
    pos += sizeof(T);
    return v;
  }
  template <class T> std::vector<T> vec() {
    const auto n = pod<std::uint64_t>();
    need(n * sizeof(T));
    std::vector<T> v(n);
    std::memcpy(v.data(), buf.data() + pos, n * sizeof(T));
    pos += n * sizeof(T);
    return v;
  }
  std::string str() {
    const auto n = pod<std::uint64_t>();
    need(n);
    std::string s = buf.substr(pos, n);
    pos += n;
    return s;
  }
};

}  // namespace

void write_checkpoint(const Checkpoint& c, const std::string& path) {
  Writer w;
  w.buf.append(kMagic, 8);
  w.str(c.signature);
  w.pod<std::int64_t>(c.step);
  const System& s = c.system;
  const Box& b = s.box;
  for (int d = 0; d < 3; ++d) {
    w.pod(b.lo[d]);
    w.pod(b.hi[d]);
    w.pod<std::uint8_t>(b.periodic[d]);
  }
  w.pod(b.xy);
  w.pod(b.xz);
  w.pod(b.yz);
  w.pod<std::uint8_t>(b.triclinic);
  for (const auto* v : {&s.x, &s.y, &s.z, &s.vx, &s.vy, &s.vz, &s.fx, &s.fy, &s.fz}) w.vec(*v);
  for (const auto* v : {&s.type, &s.ix, &s.iy, &s.iz}) w.vec(*v);
  w.vec(s.id);
  w.pod<std::uint8_t>(s.has_velocities);
  w.vec(s.mass);
  w.pod<std::uint64_t>(s.type_names.size());
  for (const auto& n : s.type_names) w.str(n);
  w.pod<std::uint64_t>(c.values.size());
  for (const auto& [k, v] : c.values) {
    w.str(k);
    w.vec(v);
  }
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw InputError(fmt::format("{}: cannot write the checkpoint", tmp));
  std::size_t done = 0;
  while (done < w.buf.size()) {
    const auto n = ::write(fd, w.buf.data() + done, w.buf.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw InputError(fmt::format("{}: write failed (disk full?); the previous checkpoint is kept", tmp));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw InputError(fmt::format("{}: cannot rename the new checkpoint into place", path));
}

std::optional<Checkpoint> read_checkpoint(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(fmt::format("{}: cannot open the checkpoint", path));
  std::string buf;
  char chunk[1 << 16];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) buf.append(chunk, n);
  std::fclose(f);
  if (buf.size() < 8 || std::memcmp(buf.data(), kMagic, 8) != 0)
    throw InputError(fmt::format("{}: not a rejuv checkpoint file", path));
  Reader r{buf, 8, path};
  Checkpoint c;
  c.signature = r.str();
  c.step = r.pod<std::int64_t>();
  System& s = c.system;
  Box& b = s.box;
  for (int d = 0; d < 3; ++d) {
    b.lo[d] = r.pod<double>();
    b.hi[d] = r.pod<double>();
    b.periodic[d] = r.pod<std::uint8_t>() != 0;
  }
  b.xy = r.pod<double>();
  b.xz = r.pod<double>();
  b.yz = r.pod<double>();
  b.triclinic = r.pod<std::uint8_t>() != 0;
  for (auto* v : {&s.x, &s.y, &s.z, &s.vx, &s.vy, &s.vz, &s.fx, &s.fy, &s.fz}) *v = r.vec<double>();
  for (auto* v : {&s.type, &s.ix, &s.iy, &s.iz}) *v = r.vec<int>();
  s.id = r.vec<std::int64_t>();
  s.has_velocities = r.pod<std::uint8_t>() != 0;
  s.mass = r.vec<double>();
  const auto nnames = r.pod<std::uint64_t>();
  for (std::uint64_t k = 0; k < nnames; ++k) s.type_names.push_back(r.str());
  const auto nvalues = r.pod<std::uint64_t>();
  for (std::uint64_t k = 0; k < nvalues; ++k) {
    std::string key = r.str();
    c.values[key] = r.vec<double>();
  }
  return c;
}

}  // namespace rejuv::io
