using System;
using System.Collections.Generic;
using System.Linq;

namespace GeneratorBench
{
    /// <summary>Durations of one scenario, in milliseconds; the median is the figure reported, min and max show the spread.</summary>
    public sealed class Samples
    {
        private readonly List<double> _ms = new List<double>();

        public int Count => _ms.Count;

        public void Add(double ms) => _ms.Add(ms);

        public double Median
        {
            get
            {
                double[] sorted = _ms.OrderBy(x => x).ToArray();
                int mid = sorted.Length / 2;
                return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            }
        }

        public double Min => _ms.Min();

        public double Max => _ms.Max();

        public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
            System.Diagnostics.Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;
    }
}
