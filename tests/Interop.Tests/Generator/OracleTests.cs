using Interop.Linux;
using Xunit;
using LibC = Tmds.Linux.LibC;

namespace Interop.Tests.Generator
{
    /// <summary>Generated constants against an independent oracle, Tmds.LibC (written by hand from the headers).</summary>
    public sealed class OracleTests
    {
        [Fact]
        public void ConstantsMatchTmdsLibC()
        {
            Assert.Equal(Native.O_CLOEXEC, LibC.O_CLOEXEC);
            Assert.Equal(Native.PROT_NONE, LibC.PROT_NONE);
            Assert.Equal(Native.PROT_READ, LibC.PROT_READ);
            Assert.Equal(Native.PROT_WRITE, LibC.PROT_WRITE);
            Assert.Equal(Native.PROT_EXEC, LibC.PROT_EXEC);
            Assert.Equal(Native.MAP_PRIVATE, LibC.MAP_PRIVATE);
            Assert.Equal(Native.MAP_ANONYMOUS, LibC.MAP_ANONYMOUS);
            Assert.Equal(Native.MAP_STACK, LibC.MAP_STACK);
            Assert.Equal(Native.MAP_NORESERVE, LibC.MAP_NORESERVE);
            Assert.Equal(Native.SIGCHLD, LibC.SIGCHLD);
            Assert.Equal(Native.SIGKILL, LibC.SIGKILL);
            Assert.Equal(Native.SIGSTOP, LibC.SIGSTOP);
            Assert.Equal(Native.SIG_BLOCK, LibC.SIG_BLOCK);
            Assert.Equal(Native.SIG_SETMASK, LibC.SIG_SETMASK);
            Assert.Equal(Native.X_OK, LibC.X_OK);
            Assert.Equal(Native.F_OK, LibC.F_OK);
        }

        [Fact]
        public void CloneFlagsMatchTmdsLibC()
        {
            Assert.Equal((ulong)CloneFlags.Vm, (ulong)LibC.CLONE_VM);
            Assert.Equal((ulong)CloneFlags.Vfork, (ulong)LibC.CLONE_VFORK);
            Assert.Equal((ulong)CloneFlags.NewMount, (ulong)LibC.CLONE_NEWNS);
            Assert.Equal((ulong)CloneFlags.NewUts, (ulong)LibC.CLONE_NEWUTS);
            Assert.Equal((ulong)CloneFlags.NewIpc, (ulong)LibC.CLONE_NEWIPC);
            Assert.Equal((ulong)CloneFlags.NewPid, (ulong)LibC.CLONE_NEWPID);
            Assert.Equal((ulong)CloneFlags.NewNet, (ulong)LibC.CLONE_NEWNET);
            Assert.Equal((ulong)CloneFlags.NewUser, (ulong)LibC.CLONE_NEWUSER);
            Assert.Equal((ulong)CloneFlags.NewCgroup, (ulong)LibC.CLONE_NEWCGROUP);
        }

        [Fact]
        public void ErrnoValuesMatchTmdsLibC()
        {
            Assert.Equal((int)Errno.EPERM, LibC.EPERM);
            Assert.Equal((int)Errno.ENOENT, LibC.ENOENT);
            Assert.Equal((int)Errno.EINTR, LibC.EINTR);
            Assert.Equal((int)Errno.EACCES, LibC.EACCES);
            Assert.Equal((int)Errno.EINVAL, LibC.EINVAL);
            Assert.Equal((int)Errno.ENOSPC, LibC.ENOSPC);
            Assert.Equal((int)Errno.EUSERS, LibC.EUSERS);
            Assert.Equal("No such file or directory", Errno.ENOENT.Message());
            Assert.Equal("ENOENT", Errno.ENOENT.Name());
        }

        [Fact]
        public unsafe void RawCallResultsMatchTmdsLibC()
        {
            Assert.Equal((int)LibC.getpid(), Native.getpid());
            byte* ours = stackalloc byte[256];
            byte* theirs = stackalloc byte[256];
            Assert.Equal(0, Native.gethostname(ours, 256));
            Assert.Equal(0, LibC.gethostname(theirs, 256));
            Assert.Equal(new string((sbyte*)theirs), new string((sbyte*)ours));
        }
    }
}
