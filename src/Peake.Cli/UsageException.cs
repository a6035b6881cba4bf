namespace Peake.Cli;

/// <summary>The arguments do not fit the command: print the message and the command's usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
