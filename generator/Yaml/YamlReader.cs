using System;
using System.Collections.Generic;

namespace Interop.Generator.Yaml
{
    /// <summary>
    /// Reads the strict YAML subset that syscalls.yaml is written in. Supported: block mappings and
    /// sequences (including "key:\n- item" and "- key: value" compact forms), one-line flow
    /// collections ([a, b] and { a: b }), plain / single-quoted / double-quoted scalars, and the
    /// block scalars | and > with an optional - or + chomping indicator. Everything else
    /// (anchors, aliases, tags, directives, ? keys, multiple documents, "|2" indentation
    /// indicators, multi-line flow or quoted scalars, tabs in indentation) is reported as an error.
    /// </summary>
    /// <remarks>
    /// The reader runs inside the compiler, so it never throws: every problem becomes a
    /// <see cref="YamlError"/> with a 1-based position. Reading stops at the first error, and the
    /// document's root is then null. Nesting is capped at <see cref="MaxDepth"/> collections, which
    /// bounds the recursion.
    /// </remarks>
    public static class YamlReader
    {
        /// <summary>Collections nested deeper than this are an error, so recursion stays bounded.</summary>
        internal const int MaxDepth = 64;

        public static YamlDocument Read(string text)
        {
            var errors = new List<YamlError>();
            YamlNode? root = null;
            try
            {
                root = new YamlParser(YamlLines.Split(text ?? string.Empty)).ParseDocument();
            }
            catch (YamlParseException stop)
            {
                errors.Add(stop.Error);
            }
            catch (Exception unexpected)
            {
                // A bug in the reader must not take the compiler down: report it like any other problem.
                errors.Add(new YamlError(
                    $"Internal error in the YAML reader ({unexpected.GetType().Name}); please report this input as a bug.", 1, 1));
            }

            return new YamlDocument(errors.Count == 0 ? root : null, errors);
        }
    }

    /// <summary>Abandons reading at the first error. Thrown only by <see cref="YamlParser"/>; caught only by <see cref="YamlReader.Read"/>.</summary>
    internal sealed class YamlParseException : Exception
    {
        public YamlParseException(YamlError error) : base(error.Message)
        {
            Error = error;
        }

        public YamlError Error { get; }
    }
}
