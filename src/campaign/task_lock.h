// A lock on a task folder shared by every process working on one campaign
// (MPI ranks, shards of a job array, a second command on the same folder),
// so that no task runs twice at once. The lock is a file created
// exclusively, holding the owner's host and pid; its owner touches it every
// few seconds. A lock is stale (its owner gone: kill -9, power loss) when the
// owner is a dead process on this host, or when it has not been touched for
// `stale_after_s` seconds (an owner on another node).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace rejuv::campaign {

class TaskLock {
 public:
  // Takes DIR/.lock, or returns null when a live owner holds it.
  static std::unique_ptr<TaskLock> try_take(const std::string& dir, double stale_after_s = 120.0);
  ~TaskLock();
  TaskLock(const TaskLock&) = delete;
  TaskLock& operator=(const TaskLock&) = delete;

 private:
  explicit TaskLock(std::string path);
  std::string path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread heartbeat_;
};

}  // namespace rejuv::campaign
