namespace Peake.Management.Contracts;

/// <summary>What a modality is configured with: host, port and the called AE title.</summary>
public sealed record DicomEndpointDto(string Host, int Port, string Ae);
