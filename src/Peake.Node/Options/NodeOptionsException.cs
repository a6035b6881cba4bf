namespace Peake.Node.Options;

/// <summary>A flag, environment variable or configuration file the node cannot start with; the message says which.</summary>
internal sealed class NodeOptionsException(string message) : Exception(message);
