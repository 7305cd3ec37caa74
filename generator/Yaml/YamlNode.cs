using System.Collections.Generic;

namespace Interop.Generator.Yaml
{
    /// <summary>
    /// A node of the strict YAML subset we read (see docs/syscalls-yaml.md). Every node knows
    /// where it started in the file (1-based line and column) so that diagnostics can point at it.
    /// </summary>
    public abstract class YamlNode
    {
        protected YamlNode(int line, int column)
        {
            Line = line;
            Column = column;
        }

        /// <summary>1-based line of the node's first character.</summary>
        public int Line { get; }

        /// <summary>1-based column of the node's first character.</summary>
        public int Column { get; }
    }

    /// <summary>A plain, quoted or block scalar. The value is the scalar's text after unquoting and folding.</summary>
    public sealed class YamlScalar : YamlNode
    {
        public YamlScalar(string value, bool isQuoted, int line, int column) : base(line, column)
        {
            Value = value;
            IsQuoted = isQuoted;
        }

        public string Value { get; }

        /// <summary>True for '...' and "..." scalars: they are always strings, never numbers.</summary>
        public bool IsQuoted { get; }
    }

    /// <summary>A block mapping (key: value lines) or flow mapping ({ a: 1, b: 2 }). Keys keep file order.</summary>
    public sealed class YamlMapping : YamlNode
    {
        public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, int line, int column) : base(line, column)
        {
            Entries = entries;
        }

        public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }
    }

    /// <summary>A block sequence (- item lines) or flow sequence ([a, b]).</summary>
    public sealed class YamlSequence : YamlNode
    {
        public YamlSequence(IReadOnlyList<YamlNode> items, int line, int column) : base(line, column)
        {
            Items = items;
        }

        public IReadOnlyList<YamlNode> Items { get; }
    }

    /// <summary>A problem found while reading: the text is outside the subset or malformed.</summary>
    public sealed class YamlError
    {
        public YamlError(string message, int line, int column)
        {
            Message = message;
            Line = line;
            Column = column;
        }

        /// <summary>One sentence: what is wrong and what to write instead.</summary>
        public string Message { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>What <see cref="YamlReader.Read"/> returns: the root node (null for an empty file or a fatal error) and every error.</summary>
    public sealed class YamlDocument
    {
        public YamlDocument(YamlNode? root, IReadOnlyList<YamlError> errors)
        {
            Root = root;
            Errors = errors;
        }

        public YamlNode? Root { get; }

        public IReadOnlyList<YamlError> Errors { get; }
    }
}
