// How a CLONE_VM|CLONE_VFORK child gets into a cgroup, as nsbox's spawner does it, without nsbox
// around it: clone3 with CLONE_INTO_CGROUP through the spawner's trampoline (trampoline.s), against
// clone(2) and a write of "0" to cgroup.procs by the child. As root, on a host with cgroup2 at
// /sys/fs/cgroup/unified (hybrid) and a v1 pids hierarchy at /sys/fs/cgroup/pids.
//   gcc -O2 -o /tmp/clone3probe bench/Clone3Probe/probe.c bench/Clone3Probe/trampoline.s
//   /tmp/clone3probe steady 1000   interleaved, back to back: the time until the parent resumes
//   /tmp/clone3probe idle 10       half a second of rest before each spawn: 10 clone3, then 10 writes
// It makes clone3probe-PID below both mount points and removes them.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>

int trampoline(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);

static char paths[2][256]; // cgroup.procs of the unified directory, then of the v1 one
static int end = 2;         // the child writes paths[from..end-1]
static char *stack;
static const size_t stack_size = 1 << 20;

static int child(void *arg) {
    for (int i = (int)(intptr_t)arg; i < end; i++) {
        int fd = open(paths[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) return 1;
        close(fd);
    }
    return 0;
}

static double now_us(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static int compare(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static void report(const char *what, double *t, int n) {
    qsort(t, n, sizeof *t, compare);
    printf("| %s | %.2f | %.2f-%.2f |\n", what, t[n / 2], t[n / 10], t[n * 9 / 10]);
}

static int spawn_clone3(int cgroup, int from) {
    struct clone_args a = { .flags = CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
        .stack = (uint64_t)(uintptr_t)stack, .stack_size = stack_size, .cgroup = (uint64_t)cgroup };
    return trampoline(&a, sizeof a, child, (void *)(intptr_t)from);
}

static int spawn_clone(int from) { return clone(child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)(intptr_t)from); }

static void reap(int pid, const char *what) {
    int status;
    if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: failed (%d)\n", what, pid);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: clone3probe steady|idle ROUNDS\n"); return 2; }
    int rounds = atoi(argv[2]);
    char unified[128], v1[128];
    snprintf(unified, sizeof unified, "/sys/fs/cgroup/unified/clone3probe-%d", getpid());
    snprintf(v1, sizeof v1, "/sys/fs/cgroup/pids/clone3probe-%d", getpid());
    if (mkdir(unified, 0755) || mkdir(v1, 0755)) { perror("mkdir"); rmdir(unified); return 1; }
    snprintf(paths[0], sizeof paths[0], "%s/cgroup.procs", unified);
    snprintf(paths[1], sizeof paths[1], "%s/cgroup.procs", v1);
    int cgroup = open(unified, O_RDONLY | O_DIRECTORY | O_CLOEXEC), v1fd = open(v1, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

    if (strcmp(argv[1], "idle") == 0) {
        // After rest, a cgroup.procs write waits for an RCU grace period (cgroup_threadgroup_rwsem
        // taken for writing); the clone3 child writes nothing, the clone child only the unified file.
        end = 1;
        printf("| spawn after 0.5 s of rest | µs until the parent resumes |\n| --- | --- |\n");
        for (int r = 0; r < 2 * rounds; r++) {
            usleep(500000);
            double t0 = now_us();
            int pid = r < rounds ? spawn_clone3(cgroup, 2) : spawn_clone(0);
            double t = now_us() - t0;
            reap(pid, "idle");
            printf("| %s | %.0f |\n", r < rounds ? "clone3 CLONE_INTO_CGROUP (unified)" : "clone, child writes unified cgroup.procs", t);
        }
    } else {
        double *t[3], *refused[2];
        for (int k = 0; k < 3; k++) t[k] = malloc(rounds * sizeof(double));
        for (int k = 0; k < 2; k++) refused[k] = malloc(rounds * sizeof(double));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 3; i++) {
                int kind = (r + i) % 3;
                double t0 = now_us();
                int pid = kind == 0 ? spawn_clone3(cgroup, 1) : spawn_clone(kind == 1 ? 0 : 2);
                t[kind][r] = now_us() - t0;
                reap(pid, "steady");
            }
        }

        // What a refused clone3 costs before the fallback: a v1 descriptor (EBADF), a seccomp filter's ENOSYS.
        for (int r = 0; r < rounds; r++) {
            double t0 = now_us();
            int result = spawn_clone3(v1fd, 2);
            refused[0][r] = now_us() - t0;
            if (result != -9) { fprintf(stderr, "expected -EBADF, got %d\n", result); return 1; }
        }

        struct sock_filter code[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
        struct sock_fprog program = { 4, code };
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0)) { perror("seccomp"); return 1; }
        for (int r = 0; r < rounds; r++) {
            double t0 = now_us();
            int result = spawn_clone3(cgroup, 2);
            refused[1][r] = now_us() - t0;
            if (result != -38) { fprintf(stderr, "expected -ENOSYS, got %d\n", result); return 1; }
        }

        printf("| spawn (%d interleaved rounds) | median µs | p10-p90 µs |\n| --- | --- | --- |\n", rounds);
        report("clone3 CLONE_INTO_CGROUP (unified), child writes v1 cgroup.procs", t[0], rounds);
        report("clone, child writes unified and v1 cgroup.procs", t[1], rounds);
        report("clone, no placement", t[2], rounds);
        report("clone3 refused: v1 descriptor (EBADF)", refused[0], rounds);
        report("clone3 refused: seccomp ENOSYS", refused[1], rounds);
    }

    rmdir(unified);
    rmdir(v1);
    return 0;
}
