using Interop.Seccomp;

namespace Interop.Runtime.Seccomp
{
    /// <summary>How a condition compares a system call's argument (SCMP_CMP_*).</summary>
    public enum SeccompOperator
    {
        /// <summary>argument != value.</summary>
        NotEqual = LibSeccomp.SCMP_CMP_NE,

        /// <summary>argument &lt; value.</summary>
        LessThan = LibSeccomp.SCMP_CMP_LT,

        /// <summary>argument &lt;= value.</summary>
        LessOrEqual = LibSeccomp.SCMP_CMP_LE,

        /// <summary>argument == value.</summary>
        Equal = LibSeccomp.SCMP_CMP_EQ,

        /// <summary>argument &gt;= value.</summary>
        GreaterOrEqual = LibSeccomp.SCMP_CMP_GE,

        /// <summary>argument &gt; value.</summary>
        GreaterThan = LibSeccomp.SCMP_CMP_GT,

        /// <summary>(argument &amp; value) == valueTwo.</summary>
        MaskedEqual = LibSeccomp.SCMP_CMP_MASKED_EQ,
    }

    /// <summary>
    /// A condition of a rule on one argument (0 to 5) of the system call. The conditions of a rule
    /// must all hold; a rule with two conditions on one argument is added as one rule per condition
    /// (either holds), as runc does, since libseccomp takes one comparison per argument.
    /// </summary>
    public sealed record SeccompCondition(uint Index, SeccompOperator Operator, ulong Value, ulong ValueTwo = 0)
    {
        /// <summary>The highest argument index: system calls take six arguments.</summary>
        public const uint LastIndex = 5;

        // The OCI spelling of each operator.
        private static readonly (string Name, SeccompOperator Operator)[] s_names =
        [
            ("SCMP_CMP_NE", SeccompOperator.NotEqual),
            ("SCMP_CMP_LT", SeccompOperator.LessThan),
            ("SCMP_CMP_LE", SeccompOperator.LessOrEqual),
            ("SCMP_CMP_EQ", SeccompOperator.Equal),
            ("SCMP_CMP_GE", SeccompOperator.GreaterOrEqual),
            ("SCMP_CMP_GT", SeccompOperator.GreaterThan),
            ("SCMP_CMP_MASKED_EQ", SeccompOperator.MaskedEqual),
        ];

        /// <summary>Every OCI name <see cref="ParseOperator"/> reads, for messages.</summary>
        public static string OperatorNames => string.Join(", ", System.Array.ConvertAll(s_names, n => n.Name));

        /// <summary>The OCI name of an operator (SCMP_CMP_EQ, ...), or null for a name that is not one.</summary>
        public static SeccompOperator? ParseOperator(string? name)
        {
            foreach ((string known, SeccompOperator op) in s_names)
            {
                if (known == name)
                {
                    return op;
                }
            }

            return null;
        }

        /// <summary>libseccomp's form: for a masked comparison the mask is datum_a and the value datum_b.</summary>
        internal ScmpArgCmp ToLibSeccomp() => new()
        {
            arg = Index,
            op = (int)Operator,
            datum_a = Value,
            datum_b = ValueTwo,
        };
    }
}
