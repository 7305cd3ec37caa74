// Linux only: everything under test is about Linux namespaces.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
