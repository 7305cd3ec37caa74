// The floor: the least a sandbox start can cost. clone(2) straight into execve(2), then waitpid.
// Usage: floor [-n COUNT] FLAGS COMMAND [ARGS...], FLAGS a comma list of uts,ipc,pid,mnt,net,user (or "none").
// With -n it starts the command COUNT times in a row and prints the rate (the in-process throughput floor).
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char **command;

static int child(void *arg) {
    (void)arg;
    execvp(command[0], command);
    _exit(127);
}

int main(int argc, char **argv) {
    int count = 1;
    if (argc > 2 && !strcmp(argv[1], "-n")) {
        count = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: floor FLAGS COMMAND [ARGS...]\n");
        return 2;
    }
    int flags = SIGCHLD;
    char *list = strdup(argv[1]);
    for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
        if (!strcmp(name, "uts")) flags |= CLONE_NEWUTS;
        else if (!strcmp(name, "ipc")) flags |= CLONE_NEWIPC;
        else if (!strcmp(name, "pid")) flags |= CLONE_NEWPID;
        else if (!strcmp(name, "mnt")) flags |= CLONE_NEWNS;
        else if (!strcmp(name, "net")) flags |= CLONE_NEWNET;
        else if (!strcmp(name, "user")) flags |= CLONE_NEWUSER;
        else if (strcmp(name, "none")) { fprintf(stderr, "floor: unknown namespace %s\n", name); return 2; }
    }
    command = argv + 2;
    size_t size = 64 * 1024;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) { perror("mmap"); return 1; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0;
    for (int i = 0; i < count; i++) {
        pid_t pid = clone(child, stack + size, flags | CLONE_VM | CLONE_VFORK, NULL);
        if (pid < 0) { perror("clone"); return 1; }
        if (waitpid(pid, &status, 0) < 0) { perror("waitpid"); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (count > 1) {
        double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("spawns=%d seconds=%.1f per-second=%.0f\n", count, seconds, count / seconds);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
