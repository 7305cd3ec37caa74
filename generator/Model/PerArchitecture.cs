using System;
using System.Collections.Generic;
using System.Linq;

namespace Interop.Generator.Model
{
    /// <summary>
    /// A value of the table that may differ per architecture: one entry per <see cref="Architectures.All"/>,
    /// in that order. A value written once (<c>size: 8</c>) is the same value for every architecture, so the
    /// emitters treat both forms alike and ask only <see cref="IsUniform"/>.
    /// </summary>
    public sealed record PerArchitecture<T>(EquatableArray<T> Values)
        where T : IEquatable<T>
    {
        public static PerArchitecture<T> Same(T value) =>
            new PerArchitecture<T>(Architectures.All.Select(_ => value).ToEquatableArray());

        public T this[TargetArchitecture architecture] => Values[(int)architecture];

        /// <summary>True when every architecture has the same value: then it can be a C# constant.</summary>
        public bool IsUniform => Values.All(v => EqualityComparer<T>.Default.Equals(v, Values[0]));

        /// <summary>
        /// The value for an architecture known at compile time, or the value every architecture shares.
        /// False when neither applies and the value must be chosen at run time.
        /// </summary>
        public bool TryResolve(TargetArchitecture? architecture, out T value)
        {
            if (architecture is TargetArchitecture known)
            {
                value = this[known];
                return true;
            }

            value = Values[0];
            return IsUniform;
        }
    }
}
