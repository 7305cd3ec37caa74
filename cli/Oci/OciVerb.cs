using System;
using System.IO;
using Interop.Linux;
using Interop.Runtime;
using Nsbox.Options;

namespace Nsbox.Oci
{
    /// <summary>
    /// What every lifecycle verb shares: the store under <c>--root</c>, and its errors as one line on
    /// stderr (and in <c>--log</c>) with runc's status, 1.
    /// </summary>
    internal static class OciVerb
    {
        /// <param name="errorStatus">The status of an error of nsbox's own: runc's 1, or 255 for exec (runc's exec's).</param>
        public static int Run(GlobalOptions? global, Func<ContainerStore, OciLog, int> verb, int errorStatus = OciException.Status)
        {
            global ??= new GlobalOptions();
            var log = new OciLog(global);
            try
            {
                OciLog.Check(global);
                return verb(new ContainerStore(global.Root), log);
            }
            catch (Exception e) when (e is OciException or SandboxUsageException or SpawnException or ErrnoException or Interop.Runtime.Oci.Hooks.OciHookException)
            {
                log.Error(e.Message);
                return ErrorReporter.Fail(e.Message, errorStatus);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Never .NET's message (a resource key in this build): the errno, told from the exception.
                string message = IoErrors.Describe("state directory " + (string.IsNullOrEmpty(global.Root) ? ContainerStore.DefaultRoot : global.Root), e);
                log.Error(message);
                return ErrorReporter.Fail(message, errorStatus);
            }
        }
    }
}
