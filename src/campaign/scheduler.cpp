#include "campaign/scheduler.h"

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "campaign/task_lock.h"
#include "util/error.h"

#ifdef REJUV_MPI
#include <mpi.h>
#endif

namespace rejuv::campaign {

namespace {

enum class State { pending, running, done, failed };

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

// Progress and ETA over the selection. The rate comes from the work finished
// in this invocation, so resumed campaigns estimate from what they measure.
class Progress {
 public:
  Progress(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection, bool verbose)
      : tasks_(tasks), verbose_(verbose), start_(std::chrono::steady_clock::now()) {
    for (int i : selection) total_cost_ += tasks[i].cost;
    total_ = selection.size();
  }
  void already_done(int i) {
    ++done_;
    done_cost_before_ += tasks_[i].cost;
  }
  void finished(int i, const std::string& report, bool ok) {
    ++done_;
    done_cost_now_ += tasks_[i].cost;
    if (!verbose_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double left = total_cost_ - done_cost_before_ - done_cost_now_;
    const std::string eta =
        done_cost_now_ > 0 && left > 0 ? fmt::format(", ETA {}", clock_text(elapsed * left / done_cost_now_)) : "";
    fmt::print(stderr, "campaign [{}/{}] {} {}: {} (elapsed {}{})\n", done_, total_, ok ? "done" : "FAILED",
               tasks_[i].label, report, clock_text(elapsed), eta);
  }

 private:
  const std::vector<TaskInfo>& tasks_;
  bool verbose_;
  std::chrono::steady_clock::time_point start_;
  double total_cost_ = 0, done_cost_before_ = 0, done_cost_now_ = 0;
  std::size_t total_ = 0, done_ = 0;
};

// The pending tasks of the selection whose needs are all done, in order;
// tasks whose needs failed are marked failed (skipped) on the way.
std::vector<int> ready_tasks(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection,
                             std::map<int, State>& state, ScheduleOutcome& out, Progress& progress) {
  std::vector<int> ready;
  for (int i : selection) {
    if (state[i] != State::pending) continue;
    bool all_done = true, blocked = false;
    for (int d : tasks[i].deps) {
      if (state[d] == State::failed) blocked = true;
      if (state[d] != State::done) all_done = false;
    }
    if (blocked) {
      state[i] = State::failed;
      out.failures.push_back({i, "skipped: a task it needs failed"});
      progress.finished(i, "skipped: a task it needs failed", false);
    } else if (all_done) {
      ready.push_back(i);
    }
  }
  return ready;
}

bool any_pending(const std::vector<int>& selection, std::map<int, State>& state) {
  for (int i : selection)
    if (state[i] == State::pending) return true;
  return false;
}

// Done (result on disk) or pending, for each task of the selection.
std::map<int, State> initial_states(const std::vector<int>& selection, const TaskCallbacks& cb, Progress& progress) {
  std::map<int, State> state;
  for (int i : selection) {
    state[i] = cb.is_done(i) ? State::done : State::pending;
    if (state[i] == State::done) progress.already_done(i);
  }
  return state;
}

// Runs task i under its lock, waiting while another process holds it.
// Returns {ok, report}.
std::pair<bool, std::string> run_locked(const std::vector<TaskInfo>& tasks, int i, const TaskCallbacks& cb,
                                        bool verbose) {
  bool said = false;
  for (;;) {
    if (cb.is_done(i)) return {true, "finished by another process"};
    if (auto lock = TaskLock::try_take(tasks[i].dir)) {
      if (cb.is_done(i)) return {true, "finished by another process"};
      try {
        return {true, cb.run(i)};
      } catch (const std::exception& e) {
        return {false, e.what()};
      }
    }
    if (verbose && !said) fmt::print(stderr, "campaign: {} is held by another process; waiting\n", tasks[i].label);
    said = true;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}

ScheduleOutcome run_serial(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection,
                           const TaskCallbacks& cb, bool verbose) {
  ScheduleOutcome out;
  Progress progress(tasks, selection, verbose);
  std::map<int, State> state = initial_states(selection, cb, progress);
  // Prefer a ready task nobody else holds; wait only when every ready task
  // is held by another process (another shard on the same folder).
  bool said_waiting = false;
  for (;;) {
    int next = -1, waiting = 0;
    for (int i : ready_tasks(tasks, selection, state, out, progress)) {
      if (cb.is_done(i)) {  // finished meanwhile by another process (a shard)
        state[i] = State::done;
        progress.already_done(i);
        continue;
      }
      if (!TaskLock::try_take(tasks[i].dir)) {  // a free lock is released at once, taken again below
        ++waiting;
        continue;
      }
      next = i;
      break;
    }
    if (next < 0) {
      if (!any_pending(selection, state)) break;
      if (!said_waiting && verbose)
        fmt::print(stderr, "campaign: waiting for {} task(s) that other processes hold or need first\n",
                   waiting);
      said_waiting = true;
      std::this_thread::sleep_for(std::chrono::seconds(2));
      continue;
    }
    const auto [ok, report] = run_locked(tasks, next, cb, verbose);
    state[next] = ok ? State::done : State::failed;
    if (!ok) out.failures.push_back({next, report});
    progress.finished(next, report, ok);
  }
  return out;
}

#ifdef REJUV_MPI
constexpr int tag_request = 1, tag_message = 2, tag_assign = 3;
constexpr int msg_ready = 0, msg_ok = 1, msg_failed = 2;

void send_text(const std::string& text, int to) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, tag_message, MPI_COMM_WORLD);
}

std::string receive_text(int from) {
  MPI_Status status;
  MPI_Probe(from, tag_message, MPI_COMM_WORLD, &status);
  int n = 0;
  MPI_Get_count(&status, MPI_CHAR, &n);
  std::string text(static_cast<std::size_t>(n), '\0');
  MPI_Recv(text.data(), n, MPI_CHAR, from, tag_message, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

// Rank 0: hands each free rank the first ready task in selection order.
ScheduleOutcome coordinate(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection,
                           const TaskCallbacks& cb, bool verbose, int ranks) {
  ScheduleOutcome out;
  Progress progress(tasks, selection, verbose);
  std::map<int, State> state = initial_states(selection, cb, progress);
  std::vector<int> idle;
  int stopped = 0, running = 0;
  while (stopped < ranks - 1) {
    // Serve idle ranks: a ready task, or stop when nothing can become ready.
    for (auto it = idle.begin(); it != idle.end();) {
      const auto ready = ready_tasks(tasks, selection, state, out, progress);
      const int task = ready.empty() ? -1 : ready.front();
      const bool left = any_pending(selection, state);
      if (task >= 0) {
        state[task] = State::running;
        ++running;
        MPI_Send(&task, 1, MPI_INT, *it, tag_assign, MPI_COMM_WORLD);
        it = idle.erase(it);
      } else if (!left && running == 0) {
        const int stop = -1;
        MPI_Send(&stop, 1, MPI_INT, *it, tag_assign, MPI_COMM_WORLD);
        ++stopped;
        it = idle.erase(it);
      } else {
        ++it;
      }
    }
    if (stopped == ranks - 1) break;
    // Wait for a message without spinning a core (the ranks need them).
    int flag = 0;
    MPI_Status status;
    while (!flag) {
      MPI_Iprobe(MPI_ANY_SOURCE, tag_request, MPI_COMM_WORLD, &flag, &status);
      if (!flag) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    int msg[2];
    MPI_Recv(msg, 2, MPI_INT, status.MPI_SOURCE, tag_request, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (msg[0] == msg_ok || msg[0] == msg_failed) {
      const std::string report = receive_text(status.MPI_SOURCE);
      state[msg[1]] = msg[0] == msg_ok ? State::done : State::failed;
      --running;
      if (msg[0] == msg_failed) out.failures.push_back({msg[1], report});
      progress.finished(msg[1], report, msg[0] == msg_ok);
    }
    idle.push_back(status.MPI_SOURCE);
  }
  return out;
}

void work(const std::vector<TaskInfo>& tasks, const TaskCallbacks& cb, bool verbose) {
  int msg[2] = {msg_ready, -1};
  std::string report;
  for (;;) {
    MPI_Send(msg, 2, MPI_INT, 0, tag_request, MPI_COMM_WORLD);
    if (msg[0] != msg_ready) send_text(report, 0);
    int task = -1;
    // Sleep-poll as well: a blocking receive would spin a core in OpenMPI.
    int flag = 0;
    while (!flag) {
      MPI_Iprobe(0, tag_assign, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (!flag) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    MPI_Recv(&task, 1, MPI_INT, 0, tag_assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (task < 0) return;
    const auto [ok, text] = run_locked(tasks, task, cb, verbose);
    msg[0] = ok ? msg_ok : msg_failed;
    msg[1] = task;
    report = text;
  }
}
#endif

}  // namespace

std::unique_ptr<TaskLock> wait_for_lock(const std::string& dir) {
  std::unique_ptr<TaskLock> lock;
  while (!(lock = TaskLock::try_take(dir))) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return lock;
}

void report_failures(const ScheduleOutcome& outcome, const std::vector<TaskInfo>& tasks, const std::string& out_dir) {
  if (outcome.failures.empty()) return;
  std::string text = fmt::format("{} campaign task(s) failed (finished results are kept in {}):",
                                 outcome.failures.size(), out_dir);
  for (const auto& [task, message] : outcome.failures) text += fmt::format("\n  {}: {}", tasks[task].label, message);
  throw InputError(text);
}

bool started_by_mpirun() {
  const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!size) size = std::getenv("PMI_SIZE");
  return size && std::atoi(size) > 1;
}

ScheduleOutcome run_tasks(const std::vector<TaskInfo>& tasks, const std::vector<int>& selection,
                          const TaskCallbacks& callbacks, bool verbose) {
#ifdef REJUV_MPI
  if (started_by_mpirun()) {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
      int provided = 0;
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    }
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    ScheduleOutcome out;
    if (rank == 0) {
      try {
        out = coordinate(tasks, selection, callbacks, verbose, ranks);
      } catch (const std::exception& e) {
        // The other ranks wait on rank 0: stop them all (finished tasks are on disk).
        fmt::print(stderr, "rejuv: error: campaign coordinator: {}\n", e.what());
        MPI_Abort(MPI_COMM_WORLD, 3);
      }
    } else {
      work(tasks, callbacks, false);
      out.coordinator = false;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    return out;
  }
#endif
  return run_serial(tasks, selection, callbacks, verbose);
}

}  // namespace rejuv::campaign
