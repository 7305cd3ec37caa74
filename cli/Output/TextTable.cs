using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Nsbox.Output
{
    /// <summary>Rows of text in columns as wide as their widest cell, one space apart; the last column is not padded (no trailing blanks).</summary>
    internal sealed class TextTable(params TextColumn[] columns)
    {
        private readonly List<string[]> _rows = [];

        public void Add(params string[] cells)
        {
            if (cells.Length != columns.Length)
            {
                throw new ArgumentException($"a row of {cells.Length} cells in a table of {columns.Length} columns", nameof(cells));
            }

            _rows.Add(cells);
        }

        public void Write(TextWriter output)
        {
            string[] headers = columns.Select(c => c.Header).ToArray();
            int[] widths = columns.Select((c, i) => _rows.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
            foreach (string[] row in _rows.Prepend(headers))
            {
                var cells = new string[row.Length];
                for (int i = 0; i < row.Length; i++)
                {
                    bool last = i == row.Length - 1;
                    cells[i] = columns[i].AlignRight ? row[i].PadLeft(widths[i]) : last ? row[i] : row[i].PadRight(widths[i]);
                }

                output.WriteLine(string.Join(' ', cells));
            }
        }
    }
}
