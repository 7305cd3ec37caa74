/*
 * What nsbox's own parent left it, read before the .NET runtime starts, and the signals nsbox
 * passes on to a sandbox blocked while nsbox is still the only thread.
 *
 * The NativeAOT runtime ignores SIGPIPE for itself before any managed code runs, and the state it
 * leaves is the same whether SIGPIPE was ignored before or not (docs/design.md, "Signals and
 * descriptors"). A constructor runs earlier: __libc_start_main calls .init_array before main,
 * and main is where the runtime starts. It records SIGPIPE's disposition in one sigaction call.
 *
 * The same constructor blocks the signals the sandbox's signal proxy collects (SignalProxy.Signals
 * in the runtime: the list below must be that list, in that order; a test compares the two),
 * before the runtime starts its finalizer thread, which then inherits the block. Managed code can
 * only reach the finalizer thread by making a finalizer run, which costs a forced collection at
 * every start (docs/design.md, "Signals sent to nsbox"). A signal its parent left blocked or
 * ignored is left alone, as the proxy would. Verbs that pass no signals on unblock them again.
 */
#include <signal.h>
#include <stddef.h>

static int nsbox_sigpipe_ignored;

/* The signals the proxy collects: HUP INT QUIT USR1 USR2 TERM WINCH CONT. */
static const int nsbox_proxied[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH, SIGCONT };

/* Bit N-1 for signal N: what the constructor blocked (not blocked or ignored before), once it succeeded. */
static unsigned long long nsbox_blocked_early;
static int nsbox_blocked_early_done;

__attribute__((constructor)) static void nsbox_record_inherited_signals(void)
{
    struct sigaction action;
    if (sigaction(SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_IGN)
    {
        nsbox_sigpipe_ignored = 1;
    }

    sigset_t inherited, added;
    if (sigprocmask(SIG_BLOCK, NULL, &inherited) != 0)
    {
        return;
    }

    sigemptyset(&added);
    unsigned long long bits = 0;
    for (size_t i = 0; i < sizeof nsbox_proxied / sizeof nsbox_proxied[0]; i++)
    {
        int signal = nsbox_proxied[i];
        if (sigismember(&inherited, signal) == 0 && sigaction(signal, NULL, &action) == 0 && action.sa_handler != SIG_IGN)
        {
            sigaddset(&added, signal);
            bits |= 1ULL << (signal - 1);
        }
    }

    if (sigprocmask(SIG_BLOCK, &added, NULL) == 0)
    {
        nsbox_blocked_early = bits;
        nsbox_blocked_early_done = 1;
    }
}

/* 1 when SIGPIPE was ignored when nsbox was executed, else 0. */
int nsbox_inherited_sigpipe_ignored(void)
{
    return nsbox_sigpipe_ignored;
}

/*
 * 1 when the constructor blocked the proxied signals, with *blocked the ones it blocked (bit N-1
 * for signal N) and *considered the list it worked from; 0 when it could not.
 */
int nsbox_signals_blocked_early(unsigned long long *blocked, unsigned long long *considered)
{
    unsigned long long all = 0;
    for (size_t i = 0; i < sizeof nsbox_proxied / sizeof nsbox_proxied[0]; i++)
    {
        all |= 1ULL << (nsbox_proxied[i] - 1);
    }

    *blocked = nsbox_blocked_early;
    *considered = all;
    return nsbox_blocked_early_done;
}
