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

double age_seconds(const std::string& path) {
  std::error_code ec;
  const auto touched = fs::last_write_time(path, ec);
  if (ec) return 0.0;
  return std::chrono::duration<double>(fs::file_time_type::clock::now() - touched).count();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// True when the lock's owner is gone: a dead process on this host, or a lock
// its owner has not touched for stale_after_s (an owner elsewhere, or a pid
// reused by another process here).
bool is_stale(const std::string& path, const std::string& text, double stale_after_s) {
  std::istringstream in(text);
  std::string host;
  long pid = 0;
  if (in >> host >> pid && host == host_name() && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 &&
      errno == ESRCH)
    return true;
  return age_seconds(path) > stale_after_s;
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
    const std::string text = read_all(path);
    if (!is_stale(path, text, stale_after_s)) return nullptr;
    // Take over a stale lock under a second, exclusive "takeover" lock, so
    // that two processes never both remove and recreate it; a takeover lock
    // left by a process killed meanwhile ages out the same way.
    const std::string takeover = path + ".takeover";
    const int guard = ::open(takeover.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (guard < 0) {
      if (age_seconds(takeover) > stale_after_s) fs::remove(takeover);
      return nullptr;
    }
    ::close(guard);
    std::error_code ec;
    if (read_all(path) == text && is_stale(path, text, stale_after_s)) fs::remove(path, ec);
    fs::remove(takeover, ec);
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
  // Remove it only while it is still ours (not taken over as stale).
  std::error_code ec;
  if (read_all(path_) == owner_text()) fs::remove(path_, ec);
}

}  // namespace rejuv::campaign
