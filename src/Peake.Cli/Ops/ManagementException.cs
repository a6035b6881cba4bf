namespace Peake.Cli.Ops;

/// <summary>A management call failed in a way the operator can act on: one line, no stack trace.</summary>
internal sealed class ManagementException(string message) : Exception(message);
