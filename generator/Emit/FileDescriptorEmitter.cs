using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// <c>FileDescriptor</c>, the SafeHandle the friendly layer takes and returns for descriptors. Not a
    /// SafeHandleZeroOrMinusOneIsInvalid: 0 is a valid descriptor (stdin), only negative numbers are not.
    /// It binds close itself, so it works whatever functions the table lists.
    /// </summary>
    public static class FileDescriptorEmitter
    {
        public const string Name = "FileDescriptor";

        /// <summary>The fully qualified type, as generated code names it.</summary>
        public static string TypeName(TableSettings settings) => $"global::{settings.Namespace}.{Name}";

        public static string Emit(TableSettings settings)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>");
            w.Line("/// An open file descriptor, closed when disposed or finalized. -1 (and any negative number) is invalid and never");
            w.Line("/// closed; 0 is valid. Wrap a descriptor you do not own (stdin, AT_FDCWD) with <c>ownsHandle: false</c>.");
            w.Line("/// </summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} sealed class {Name} : global::System.Runtime.InteropServices.SafeHandle", () =>
            {
                w.Line("/// <summary>An invalid descriptor; the friendly layer creates one before a call and sets it after.</summary>");
                w.Line($"public {Name}() : base((nint)(-1), ownsHandle: true)");
                w.Line("{");
                w.Line("}");
                w.Line();
                w.Line("/// <summary>Wraps an existing descriptor. With <paramref name=\"ownsHandle\"/> false it is never closed.</summary>");
                w.Line($"public {Name}(int fd, bool ownsHandle = true) : base((nint)(-1), ownsHandle) => SetHandle(fd);");
                w.Line();
                w.Line("/// <summary>Negative numbers are not descriptors: -1 is the error return, -100 is AT_FDCWD.</summary>");
                w.Line("public override bool IsInvalid => handle < 0;");
                w.Line();
                w.Line("/// <summary>The descriptor number. Keep this object alive (GC.KeepAlive, DangerousAddRef) while the number is in use.</summary>");
                w.Line("public int Value => (int)handle;");
                w.Line();
                w.Line("/// <summary>Closes the descriptor. Linux frees it even when close fails (EINTR), so failure is only reported, never retried.</summary>");
                w.Line("protected override bool ReleaseHandle() => close((int)handle) == 0;");
                w.Line();
                w.Line("[global::System.Runtime.InteropServices.DllImport(\"" + settings.Library + "\", EntryPoint = \"close\", ExactSpelling = true)]");
                w.Line("private static extern int close(int fd);");
            });
            return w.ToString();
        }
    }
}
