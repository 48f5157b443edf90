/*
 * sandbox-gate: the first process of a Docker/Podman sandbox container (pid 1), mounted read-only from the host the
 * way the engine's own init is. It is the only thing that reports how a run ended, so the workload must not be able to
 * read, write or impersonate it (see docs/design/unforgeable-results.md):
 *
 *  - It marks itself non-dumpable before it reads anything: with no CAP_SYS_PTRACE in the container, the workload (same
 *    uid) cannot open its /proc/1/mem, fd or environ, nor ptrace it, so the run's token stays secret.
 *  - As pid 1 of the container's pid namespace it receives no signal from inside that it has no handler for (it has
 *    none), so the workload cannot kill or stop it.
 *  - It reads its header from stdin one byte at a time, so the workload (which inherits the rest of stdin) never sees it:
 *      token NUL, then records "D<dir>" NUL, "E<name=value>" NUL..., "A<arg>" NUL..., then an empty record (NUL).
 *  - It reaps every process, and once the command it started has ended, reads the container's own cgroup counters
 *    (read-only to the workload), writes one end line to stdout and one to stderr:
 *      stdout: \036sandbox-end TOKEN\n
 *      stderr: \036sandbox-end TOKEN STATUS OOMKILLS CPUNS PEAKBYTES\n     (a figure it could not read is "-")
 *    and exits with the command's status. Exiting ends the container, and with it every process left behind.
 *
 * Two more modes share the binary (and everything above):
 *  - "--idle SECONDS" is a session's pid 1: it only reaps orphans, for SECONDS (0: for ever), and cannot be killed from
 *    inside, so a command cannot end its own session.
 *  - "--exec" runs one command of a session (an engine exec, not pid 1): before the command starts it writes
 *    "\036sandbox-exec PID OOMKILLS\n" to stderr (its pid names the command's process group for a kill on timeout), and
 *    its end line's CPUNS is the usage since it started (a session's cgroup outlives its commands).
 *
 * Exit statuses of its own: 125 (no complete header: never ran), 126 (cannot change directory or execute), 127 (no
 * such program) - the shell's conventions. Built static (gcc -static -Os) so that it runs in any image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEADER (1 << 20)
#define MAX_RECORDS 65536

static char header[MAX_HEADER];

/* Reads the header without reading past it. Returns the number of records (the token first), or -1. */
static int read_header(char **records) {
    size_t used = 0;
    int count = 0;
    size_t start = 0;
    for (;;) {
        char c;
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || used >= MAX_HEADER) return -1;
        header[used++] = c;
        if (c != '\0') continue;
        if (used - 1 == start) return count > 0 ? count : -1; /* the empty record ends the header */
        if (count >= MAX_RECORDS - 1) return -1;
        records[count++] = &header[start];
        start = used;
    }
}

static void write_all(int fd, const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t n = write(fd, text, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text += n;
        length -= (size_t)n;
    }
}

static int read_text(const char *path, char *buffer, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    if (n < 0) return -1;
    buffer[n] = '\0';
    return 0;
}

/* The value after "key " in a "key value" file, or -1. */
static long long read_keyed(const char *path, const char *key) {
    char text[4096];
    if (read_text(path, text, sizeof text) != 0) return -1;
    size_t length = strlen(key);
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, key, length) == 0 && line[length] == ' ') return atoll(line + length + 1);
    }
    return -1;
}

static long long read_number(const char *path) {
    char text[64];
    if (read_text(path, text, sizeof text) != 0 || text[0] < '0' || text[0] > '9') return -1;
    return atoll(text);
}

/*
 * The directory of our own cgroup in the unified (v2) hierarchy: "/sys/fs/cgroup" with a private cgroup namespace
 * ("0::/"), else that path under it (a host cgroup namespace shows the whole hierarchy). NULL on cgroup v1.
 */
static const char *unified_directory(char *buffer, size_t size) {
    char text[4096];
    if (read_text("/sys/fs/cgroup/cgroup.controllers", text, sizeof text) != 0) return NULL;
    if (read_text("/proc/self/cgroup", text, sizeof text) != 0) return "/sys/fs/cgroup";
    char *entry = strstr(text, "0::");
    if (!entry) return "/sys/fs/cgroup";
    entry += 3;
    char *end = strchr(entry, '\n');
    if (end) *end = '\0';
    snprintf(buffer, size, "/sys/fs/cgroup%s", strcmp(entry, "/") == 0 ? "" : entry);
    return buffer;
}

static void format(char *out, size_t size, long long value) {
    if (value < 0) snprintf(out, size, "-");
    else snprintf(out, size, "%lld", value);
}

/* CPU nanoseconds, peak memory bytes and OOM kills of the container's cgroup (v1: the engine mounts ours as the root). */
static void read_figures(long long *cpu, long long *peak, long long *oom) {
    char directory[4096], path[4200];
    const char *unified = unified_directory(directory, sizeof directory);
    if (unified) {
        snprintf(path, sizeof path, "%s/cpu.stat", unified);
        long long usec = read_keyed(path, "usage_usec");
        *cpu = usec < 0 ? -1 : usec * 1000;
        snprintf(path, sizeof path, "%s/memory.peak", unified);
        *peak = read_number(path);
        snprintf(path, sizeof path, "%s/memory.events", unified);
        *oom = read_keyed(path, "oom_kill");
        return;
    }
    *cpu = read_number("/sys/fs/cgroup/cpuacct/cpuacct.usage");
    if (*cpu < 0) *cpu = read_number("/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage");
    *peak = read_number("/sys/fs/cgroup/memory/memory.max_usage_in_bytes");
    *oom = read_keyed("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill");
}

/* A session's pid 1: reap orphans until the deadline. Polls, so that no signal handler is needed (none can be sent). */
static int idle(long long seconds) {
    struct timespec pause = {0, 200 * 1000 * 1000};
    time_t deadline = seconds > 0 ? time(NULL) + (time_t)seconds : 0;
    for (;;) {
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        if (deadline && time(NULL) >= deadline) return 0;
        nanosleep(&pause, NULL);
    }
}

int main(int argc_, char **argv_) {
    /* First, before the token exists in memory. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* A closed output must not kill the gate before it reports. */
    signal(SIGPIPE, SIG_IGN);
    if (argc_ == 3 && strcmp(argv_[1], "--idle") == 0) return idle(atoll(argv_[2]));
    int exec_mode = argc_ == 2 && strcmp(argv_[1], "--exec") == 0;

    static char *records[MAX_RECORDS];
    int count = read_header(records);
    if (count < 2) return 125;

    const char *token = records[0];
    const char *directory = NULL;
    char **argv = calloc((size_t)count, sizeof(char *));
    if (!argv) return 125;
    int argc = 0;
    for (int i = 1; i < count; i++) {
        if (records[i][0] == 'D') directory = records[i] + 1;
        else if (records[i][0] == 'A') argv[argc++] = records[i] + 1;
    }
    if (argc == 0) return 125;

    long long cpu, peak, oom, cpu_before = 0;
    if (exec_mode) {
        char prologue[128];
        read_figures(&cpu_before, &peak, &oom);
        snprintf(prologue, sizeof prologue, "\036sandbox-exec %d %s\n", (int)getpid(), oom < 0 ? "-" : "");
        if (oom >= 0) snprintf(prologue, sizeof prologue, "\036sandbox-exec %d %lld\n", (int)getpid(), oom);
        write_all(2, prologue);
    }

    pid_t child = fork();
    if (child < 0) {
        /* Most often a session at its pids limit: its earlier commands' processes left no room for this one. */
        dprintf(2, "sandbox-gate: cannot start %s: fork: %s\n", argv[0], strerror(errno));
        return 125;
    }
    if (child == 0) {
        signal(SIGPIPE, SIG_DFL);
        for (int i = 1; i < count; i++) {
            if (records[i][0] == 'E') putenv(records[i] + 1);
        }
        if (directory && chdir(directory) != 0) {
            dprintf(2, "sandbox-gate: cd %s: %s\n", directory, strerror(errno));
            _exit(126);
        }
        execvp(argv[0], argv);
        int error = errno;
        dprintf(2, "sandbox-gate: %s: %s\n", argv[0], strerror(error));
        _exit(error == ENOENT ? 127 : 126);
    }

    /* Reap everything (pid 1 inherits every orphan) until the command itself has ended. */
    int status = 0;
    for (;;) {
        int current;
        pid_t done = waitpid(-1, &current, 0);
        if (done < 0 && errno == EINTR) continue;
        if (done < 0) break;
        if (done == child) {
            status = current;
            break;
        }
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;

    read_figures(&cpu, &peak, &oom);
    if (cpu >= 0 && cpu_before >= 0) cpu -= cpu_before;
    else cpu = -1;
    char cpu_text[32], peak_text[32], oom_text[32], line[512];
    format(cpu_text, sizeof cpu_text, cpu);
    format(peak_text, sizeof peak_text, peak);
    format(oom_text, sizeof oom_text, oom);
    snprintf(line, sizeof line, "\036sandbox-end %s\n", token);
    write_all(1, line);
    snprintf(line, sizeof line, "\036sandbox-end %s %d %s %s %s\n", token, code, oom_text, cpu_text, peak_text);
    write_all(2, line);
    return code;
}
