using System.Runtime.CompilerServices;

// Every native call goes through blittable generated bindings; no runtime marshalling is needed,
// and disabling it proves the generated code needs none.
[assembly: DisableRuntimeMarshalling]
[assembly: InternalsVisibleTo("Interop.Tests")]
