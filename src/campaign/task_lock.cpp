#include "campaign/task_lock.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace rejuv::campaign {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string owner_text() { return fmt::format("{} {}\n", host_name(), ::getpid()); }

// True when the lock's owner is certainly gone.
bool is_stale(const std::string& path, const std::string& text, double stale_after_s) {
  std::istringstream in(text);
  std::string host;
  long pid = 0;
  if (in >> host >> pid && host == host_name() && pid > 0) {
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
    return false;  // a live process here touches its lock; no need to age it
  }
  std::error_code ec;
  const auto touched = fs::last_write_time(path, ec);
  if (ec) return false;
  const double age = std::chrono::duration<double>(fs::file_time_type::clock::now() - touched).count();
  return age > stale_after_s;
}

}  // namespace

std::unique_ptr<TaskLock> TaskLock::try_take(const std::string& dir, double stale_after_s) {
  fs::create_directories(dir);
  const std::string path = (fs::path(dir) / ".lock").string();
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd >= 0) {
      const std::string text = owner_text();
      const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      ::close(fd);
      if (!ok) {
        fs::remove(path);
        throw std::runtime_error(fmt::format("{}: cannot write the task lock", path));
      }
      return std::unique_ptr<TaskLock>(new TaskLock(path));
    }
    if (errno != EEXIST) throw std::runtime_error(fmt::format("{}: cannot create the task lock", path));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!is_stale(path, text.str(), stale_after_s)) return nullptr;
    // Move the stale lock aside under a name of our own; if another process
    // replaced it in between, the content differs and we put it back.
    const std::string aside = fmt::format("{}.stale.{}", path, ::getpid());
    std::error_code ec;
    fs::rename(path, aside, ec);
    if (ec) continue;
    std::ifstream moved(aside);
    std::stringstream moved_text;
    moved_text << moved.rdbuf();
    if (moved_text.str() != text.str()) {
      fs::rename(aside, path, ec);
      return nullptr;
    }
    fs::remove(aside, ec);
  }
  return nullptr;
}

TaskLock::TaskLock(std::string path) : path_(std::move(path)) {
  heartbeat_ = std::thread([this] {
    std::unique_lock<std::mutex> guard(mutex_);
    while (!wake_.wait_for(guard, std::chrono::seconds(10), [this] { return stopping_; })) {
      std::error_code ec;
      fs::last_write_time(path_, fs::file_time_type::clock::now(), ec);
    }
  });
}

TaskLock::~TaskLock() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  heartbeat_.join();
  std::error_code ec;
  fs::remove(path_, ec);
}

}  // namespace rejuv::campaign
