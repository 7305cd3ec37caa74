using System.Runtime.CompilerServices;

// The header probe reads tables with the parser's integer reading, which is not part of the generator's API.
[assembly: InternalsVisibleTo("Interop.HeaderProbe")]
