#include "support.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace test {

bool emulated() {
  const char* v = std::getenv("RAWTHREAD_EMULATED");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

int scaled(int native, int divisor) {
  if (!emulated()) return native;
  int n = native / divisor;
  return n < 1 ? 1 : n;
}

int count_mappings() {
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (f == nullptr) return -1;
  int lines = 0;
  for (int ch; (ch = std::fgetc(f)) != EOF;)
    if (ch == '\n') ++lines;
  std::fclose(f);
  return lines;
}

int count_accessible_mappings() {
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (f == nullptr) return -1;
  int lines = 0;
  char line[512];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    char perms[8] = "";
    if (std::sscanf(line, "%*s %7s", perms) == 1 && std::strncmp(perms, "---", 3) != 0) ++lines;
  }
  std::fclose(f);
  return lines;
}

int wait_status_of_child(void (*fn)()) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace test
