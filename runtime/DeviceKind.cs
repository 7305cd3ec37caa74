namespace Interop.Runtime
{
    /// <summary>The kinds of node <see cref="SandboxStep.Device"/> creates (config.json's <c>linux.devices[].type</c>).</summary>
    public enum DeviceKind
    {
        /// <summary>A character device ("c", and "u", unbuffered, which Linux does not distinguish).</summary>
        Character,

        /// <summary>A block device ("b").</summary>
        Block,

        /// <summary>A FIFO ("p"); it has no device number.</summary>
        Fifo,
    }
}
