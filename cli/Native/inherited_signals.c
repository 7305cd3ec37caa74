/*
 * What nsbox's own parent left ignored, read before the .NET runtime starts.
 *
 * The NativeAOT runtime ignores SIGPIPE for itself before any managed code runs, and the state it
 * leaves is the same whether SIGPIPE was ignored before or not (docs/design.md, "Signals and
 * descriptors"). A constructor runs earlier: __libc_start_main calls .init_array before main,
 * and main is where the runtime starts. It records SIGPIPE's disposition in one sigaction call.
 */
#include <signal.h>
#include <stddef.h>

static int nsbox_sigpipe_ignored;

__attribute__((constructor)) static void nsbox_record_inherited_signals(void)
{
    struct sigaction action;
    if (sigaction(SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_IGN)
    {
        nsbox_sigpipe_ignored = 1;
    }
}

/* 1 when SIGPIPE was ignored when nsbox was executed, else 0. */
int nsbox_inherited_sigpipe_ignored(void)
{
    return nsbox_sigpipe_ignored;
}
