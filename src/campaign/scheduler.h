// Runs a graph of resumable tasks: serially, or over MPI ranks when the
// program was started by mpirun (rank 0 hands ready tasks to the other ranks
// as they come free). Every task is taken under its folder's TaskLock, so
// shards of a job array and other processes on the same campaign share the
// work without running a task twice; a task held by another process is
// waited for.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "campaign/task_lock.h"

namespace rejuv::campaign {

struct TaskInfo {
  std::string dir;        // the task's folder (holds its lock and results)
  std::string label;      // for progress lines
  std::vector<int> deps;  // tasks that must be done first
  double cost = 1.0;      // relative work (atom-steps), for the ETA
};

struct TaskCallbacks {
  std::function<bool(int)> is_done;       // its result is on disk
  std::function<std::string(int)> run;    // runs it; returns a one-line report
};

struct ScheduleOutcome {
  bool coordinator = true;  // false on MPI worker ranks, which write nothing
  std::vector<std::pair<int, std::string>> failures;  // task, message
};

// Runs the tasks in `selection` (which must contain their dependencies) not
// yet done. A failing task (an exception) is reported, its dependants are
// skipped, the others go on.
ScheduleOutcome run_tasks(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection,
                          const TaskCallbacks& callbacks, bool verbose);

// Waits for, then holds, DIR/.lock: summaries are written by one process at
// a time, so the last shard to finish writes the complete one.
std::unique_ptr<TaskLock> wait_for_lock(const std::string& dir);

// Throws InputError listing the failed tasks (with their reasons), if any.
void report_failures(const ScheduleOutcome& outcome, const std::vector<TaskInfo>& tasks, const std::string& out_dir);

// True when this process was started by mpirun with more than one rank.
bool started_by_mpirun();

}  // namespace rejuv::campaign
