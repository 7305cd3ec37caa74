using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("update", HelpText = "Change a container's cgroup limits (runc's flags, or a linux.resources JSON with --resources).")]
    internal sealed class UpdateOptions
    {
        [Option('r', "resources", MetaValue = "FILE|-", HelpText = "Read the limits from FILE (or stdin) as config.json's linux.resources; every other flag is then ignored, as by runc. 0 and \"\" leave a limit as it is.")]
        public string? Resources { get; set; }

        [Option("memory", MetaValue = "SIZE", HelpText = "Memory limit (bytes, or 32m, 1g, ...; -1: none).")]
        public string? Memory { get; set; }

        [Option("memory-reservation", MetaValue = "SIZE", HelpText = "Memory soft limit (memory.soft_limit_in_bytes / memory.low).")]
        public string? MemoryReservation { get; set; }

        [Option("memory-swap", MetaValue = "SIZE", HelpText = "Memory plus swap (-1: unlimited swap).")]
        public string? MemorySwap { get; set; }

        [Option("kernel-memory", MetaValue = "SIZE", HelpText = "Ignored with a warning, as by runc (kernel memory limits are gone from the kernel).")]
        public string? KernelMemory { get; set; }

        [Option("kernel-memory-tcp", MetaValue = "SIZE", HelpText = "Ignored with a warning, as by runc.")]
        public string? KernelMemoryTcp { get; set; }

        [Option("pids-limit", MetaValue = "N", HelpText = "Most tasks in the container (-1: no limit).")]
        public long? PidsLimit { get; set; }

        [Option("cpu-share", MetaValue = "N", HelpText = "CPU shares, 2 to 262144 (cpu.weight on cgroup v2, converted as by runc).")]
        public string? CpuShare { get; set; }

        [Option("cpu-shares", MetaValue = "N", HelpText = "The same as --cpu-share (docker's and podman's spelling).")]
        public string? CpuShares { get; set; }

        [Option("cpu-quota", MetaValue = "USEC", HelpText = "CPU time per period in microseconds (-1: no limit).")]
        public string? CpuQuota { get; set; }

        [Option("cpu-period", MetaValue = "USEC", HelpText = "The CFS period in microseconds.")]
        public string? CpuPeriod { get; set; }

        [Option("cpu-rt-period", MetaValue = "USEC", HelpText = "Realtime period: refused (nsbox does not set realtime cpu time).")]
        public string? CpuRtPeriod { get; set; }

        [Option("cpu-rt-runtime", MetaValue = "USEC", HelpText = "Realtime runtime: refused likewise.")]
        public string? CpuRtRuntime { get; set; }

        [Option("cpuset-cpus", MetaValue = "CPUS", HelpText = "The CPUs the container may run on (0-1,3).")]
        public string? CpusetCpus { get; set; }

        [Option("cpuset-mems", MetaValue = "NODES", HelpText = "The memory nodes it may allocate from.")]
        public string? CpusetMems { get; set; }

        [Option("blkio-weight", MetaValue = "N", HelpText = "Block I/O weight, 10 to 1000 (io.weight or io.bfq.weight on cgroup v2).")]
        public int? BlkioWeight { get; set; }

        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
