using System;
using Interop.Linux;
using Interop.Runtime;

namespace Nsbox.Commands
{
    /// <summary>
    /// What run and exec do once the sandbox is described: start it, wait, pass its status on, and
    /// turn every failure into one line and its documented exit status.
    /// </summary>
    internal static class SandboxRunner
    {
        public static int StartAndWait(SandboxBuilder builder, bool verbose)
        {
            try
            {
                using ChildProcess child = builder.Start();
                if (verbose)
                {
                    foreach (string warning in child.Warnings)
                    {
                        ErrorReporter.Warn(warning);
                    }
                }

                return child.WaitForExit().ToShellStatus();
            }
            catch (SpawnException e)
            {
                return ErrorReporter.Fail(e);
            }
            catch (SandboxUsageException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (ErrnoException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (ArgumentException e)
            {
                return ErrorReporter.Fail(ErrorReporter.WithoutParameterName(e));
            }
            catch (NotSupportedException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
        }
    }
}
