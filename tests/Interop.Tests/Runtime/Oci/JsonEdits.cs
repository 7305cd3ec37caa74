using System;
using System.Text.Json.Nodes;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>Edits of a JSON text by dotted paths ("process.terminal", "mounts[6]"), to derive one config from another.</summary>
    internal static class JsonEdits
    {
        /// <summary>The text without the members or array elements at <paramref name="paths"/> (each must exist).</summary>
        public static string Without(string json, params string[] paths)
        {
            JsonNode root = JsonNode.Parse(json)!;
            foreach (string path in paths)
            {
                (JsonNode parent, string last) = Parent(root, path);
                bool removed = last.StartsWith('[')
                    ? Remove(parent.AsArray(), int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture))
                    : parent.AsObject().Remove(last);
                if (!removed)
                {
                    throw new ArgumentException(path + " is not in the text");
                }
            }

            return root.ToJsonString();
        }

        /// <summary>The text with <paramref name="value"/> (JSON) set at <paramref name="path"/>.</summary>
        public static string With(string json, string path, string value)
        {
            JsonNode root = JsonNode.Parse(json)!;
            (JsonNode parent, string last) = Parent(root, path);
            parent.AsObject()[last] = JsonNode.Parse(value);
            return root.ToJsonString();
        }

        private static bool Remove(JsonArray array, int index)
        {
            if (index >= array.Count)
            {
                return false;
            }

            array.RemoveAt(index);
            return true;
        }

        private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
        {
            string[] parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
            JsonNode node = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                node = (parts[i].StartsWith('[') ? node[int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node[parts[i]])
                    ?? throw new ArgumentException(path + " is not in the text");
            }

            return (node, parts[^1]);
        }
    }
}
