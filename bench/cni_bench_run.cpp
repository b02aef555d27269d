// SPDX-License-Identifier: Apache-2.0
// Runs a CNI plugin the way a runtime does (fork + exec, config on stdin) and measures
// it without a shell in the loop. Used by bench/cni_bench.sh; run it inside the node
// namespace. Usage:
//   cni_bench_run cycle N PLUGIN CONF NETNS             median/p90 ms of ADD+DEL
//   cni_bench_run add-time N PLUGIN CONF NETNS RESET IP median and first ms of ADD; before each, the RESET
//                                                       file (last_reserved_ip.0) is rewritten in place
//                                                       to IP so every scan starts at the range start; DEL untimed
//   cni_bench_run parallel N PLUGIN CONF NETNS_PREFIX   wall ms of N concurrent ADDs, duplicates, failures
//   cni_bench_run rss PLUGIN CONF NETNS                 peak RSS (KiB) of one ADD incl. waited-for children
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace {

struct Run {
  pid_t pid = -1;
  int out_fd = -1;
};

Run Start(const std::string& plugin, const std::string& conf, const std::string& cmd, const std::string& id,
          const std::string& netns) {
  int p[2];
  if (pipe(p) != 0) std::exit(3);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(conf.c_str(), O_RDONLY);
    dup2(in, 0);
    dup2(p[1], 1);
    close(p[0]);
    setenv("CNI_COMMAND", cmd.c_str(), 1);
    setenv("CNI_CONTAINERID", id.c_str(), 1);
    setenv("CNI_NETNS", netns.c_str(), 1);
    setenv("CNI_IFNAME", "eth0", 1);
    setenv("CNI_PATH", "/usr/lib/cni", 1);
    execl(plugin.c_str(), plugin.c_str(), nullptr);
    _exit(127);
  }
  close(p[1]);
  return {pid, p[0]};
}

// Waits; returns exit status, fills output and peak RSS (KiB).
int Finish(const Run& r, std::string* out, long* maxrss) {
  char buf[4096];
  ssize_t n;
  while ((n = read(r.out_fd, buf, sizeof buf)) > 0)
    if (out) out->append(buf, static_cast<size_t>(n));
  close(r.out_fd);
  int status = 0;
  rusage ru{};
  wait4(r.pid, &status, 0, &ru);
  if (maxrss) *maxrss = ru.ru_maxrss;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int Once(const std::string& plugin, const std::string& conf, const std::string& cmd, const std::string& id,
         const std::string& netns, std::string* out = nullptr, long* rss = nullptr) {
  std::string o;
  int rc = Finish(Start(plugin, conf, cmd, id, netns), &o, rss);
  if (rc != 0) std::fprintf(stderr, "%s %s failed (%d): %s\n", plugin.c_str(), cmd.c_str(), rc, o.c_str());
  if (out) *out = o;
  return rc;
}

double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

std::string Address(const std::string& json) {
  auto k = json.find("\"address\"");
  if (k == std::string::npos) return "";
  auto q1 = json.find('"', json.find(':', k) + 1);
  auto q2 = json.find('"', q1 + 1);
  return json.substr(q1 + 1, q2 - q1 - 1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::string mode = argv[1];
  using clock = std::chrono::steady_clock;
  if (mode == "cycle" && argc == 6) {
    int n = std::atoi(argv[2]);
    std::vector<double> t;
    for (int i = 0; i < n; ++i) {
      auto a = clock::now();
      if (Once(argv[3], argv[4], "ADD", "bench-cycle", argv[5]) != 0) return 1;
      if (Once(argv[3], argv[4], "DEL", "bench-cycle", argv[5]) != 0) return 1;
      t.push_back(Ms(a, clock::now()));
    }
    std::printf("%.3f %.3f\n", Pct(t, 0.5), Pct(t, 0.9));
    return 0;
  }
  if (mode == "add-time" && argc == 8) {
    int n = std::atoi(argv[2]);
    std::vector<double> t;
    for (int i = 0; i < n; ++i) {
      int fd = open(argv[6], O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || write(fd, argv[7], std::strlen(argv[7])) < 0) return 1;
      close(fd);
      auto a = clock::now();
      if (Once(argv[3], argv[4], "ADD", "bench-alloc", argv[5]) != 0) return 1;
      t.push_back(Ms(a, clock::now()));
      if (Once(argv[3], argv[4], "DEL", "bench-alloc", argv[5]) != 0) return 1;
    }
    std::printf("%.3f %.3f\n", Pct(t, 0.5), t.front());
    return 0;
  }
  if (mode == "parallel" && argc == 6) {
    int n = std::atoi(argv[2]);
    std::vector<Run> runs;
    auto a = clock::now();
    for (int i = 0; i < n; ++i)
      runs.push_back(Start(argv[3], argv[4], "ADD", "bench-par" + std::to_string(i), std::string(argv[5]) + std::to_string(i)));
    std::vector<std::string> outs(n);
    int failures = 0;
    for (int i = 0; i < n; ++i) failures += Finish(runs[i], &outs[i], nullptr) != 0;
    double wall = Ms(a, clock::now());
    std::set<std::string> seen;
    int dups = 0;
    for (const auto& o : outs) {
      std::string ip = Address(o);
      if (!ip.empty() && !seen.insert(ip).second) ++dups;
    }
    for (int i = 0; i < n; ++i)
      Once(argv[3], argv[4], "DEL", "bench-par" + std::to_string(i), std::string(argv[5]) + std::to_string(i));
    std::printf("%.3f %d %d\n", wall, dups, failures);
    return 0;
  }
  if (mode == "rss" && argc == 5) {
    long rss = 0;
    if (Once(argv[2], argv[3], "ADD", "bench-rss", argv[4], nullptr, &rss) != 0) return 1;
    Once(argv[2], argv[3], "DEL", "bench-rss", argv[4]);
    std::printf("%ld\n", rss);
    return 0;
  }
  std::fprintf(stderr, "usage: see the comment at the top of cni_bench_run.cpp\n");
  return 2;
}
