namespace Peake.Transfer;

/// <summary>Why a node-to-node transfer failed.</summary>
public enum BlobTransferFailure
{
    /// <summary>The peer does not have the blob (404).</summary>
    NotFound,

    /// <summary>The bytes did not hash to the blob's name; nothing was stored.</summary>
    HashMismatch,

    /// <summary>The stream ended early or the connection broke (the source may have found its copy corrupt).</summary>
    Aborted,

    /// <summary>The peer refused the cluster secret (401).</summary>
    Unauthorized,

    /// <summary>The transfer took longer than the HTTP client's timeout.</summary>
    Timeout,

    /// <summary>The receiving node is below its storage reserve (507 or a local refusal).</summary>
    InsufficientStorage,

    /// <summary>Any other refusal by the peer (an unexpected HTTP status).</summary>
    Refused,
}
