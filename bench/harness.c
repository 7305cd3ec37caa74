// Interleaved start-up benchmark: runs every command once per round, in rotating order, so that
// machine noise falls on all of them alike; reports the median wall time, the spread, peak RSS and
// the ratio of the first command (ours) to each peer measured in the same run.
// Usage: harness ROUNDS SPECFILE; SPECFILE lines are "name<TAB>command and args" (split on spaces).
// HARNESS_PAUSE_MS=N in the environment: a pause of N ms before each measured command (not timed),
// for what a start costs on a quiet host rather than right after the previous one.
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 32
#define MAX_ARGS 64

extern char **environ;

struct command {
    char name[64];
    char *argv[MAX_ARGS];
    double *micros;
    long max_rss_kb;
    int failures;
};

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double run_once(struct command *c, posix_spawn_file_actions_t *quiet) {
    struct timespec t0, t1;
    pid_t pid;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (posix_spawn(&pid, c->argv[0], quiet, NULL, c->argv, environ) != 0) {
        c->failures++;
        return -1;
    }
    int status;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) c->failures++;
    if (usage.ru_maxrss > c->max_rss_kb) c->max_rss_kb = usage.ru_maxrss;
    return (t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: harness ROUNDS SPECFILE\n");
        return 2;
    }
    int rounds = atoi(argv[1]);
    FILE *spec = fopen(argv[2], "r");
    if (!spec) { perror(argv[2]); return 2; }
    static struct command commands[MAX_COMMANDS];
    int n = 0;
    char line[4096];
    while (n < MAX_COMMANDS && fgets(line, sizeof line, spec)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab || line[0] == '#') continue;
        *tab = 0;
        struct command *c = &commands[n++];
        snprintf(c->name, sizeof c->name, "%s", line);
        int a = 0;
        for (char *word = strtok(strdup(tab + 1), " "); word && a < MAX_ARGS - 1; word = strtok(NULL, " ")) c->argv[a++] = word;
        c->argv[a] = NULL;
        c->micros = calloc(rounds, sizeof(double));
    }
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);

    for (int warm = 0; warm < 10; warm++)
        for (int i = 0; i < n; i++) run_once(&commands[i], &quiet);
    for (int i = 0; i < n; i++) { commands[i].failures = 0; commands[i].max_rss_kb = 0; }

    const char *pause_ms = getenv("HARNESS_PAUSE_MS");
    struct timespec pause = {0, 0};
    if (pause_ms) { long ms = atol(pause_ms); pause.tv_sec = ms / 1000; pause.tv_nsec = (ms % 1000) * 1000000L; }
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < n; k++) {
            struct command *c = &commands[(r + k) % n];
            if (pause_ms) nanosleep(&pause, NULL);
            c->micros[r] = run_once(c, &quiet);
        }

    double ours = 0;
    printf("| command | median ms | p10-p90 ms | peak RSS MiB | ratio first/this | failures |\n");
    printf("| --- | --- | --- | --- | --- | --- |\n");
    for (int i = 0; i < n; i++) {
        struct command *c = &commands[i];
        qsort(c->micros, rounds, sizeof(double), compare);
        double median = c->micros[rounds / 2];
        if (i == 0) ours = median;
        printf("| %s | %.2f | %.2f-%.2f | %.1f | %.2fx | %d |\n", c->name, median / 1e3, c->micros[rounds / 10] / 1e3,
               c->micros[rounds * 9 / 10] / 1e3, c->max_rss_kb / 1024.0, ours / median, c->failures);
    }
    return 0;
}
