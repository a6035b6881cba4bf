namespace Peake.Dicom;

/// <summary>What the writer does with group length elements (gggg,0000) found in a data set (PS3.5 7.2).</summary>
public enum DicomGroupLengthMode
{
    /// <summary>
    /// Writes each present group length with the value computed in the target encoding. For a correct source in
    /// the same syntax family this is the value that was read, so the bytes do not change.
    /// </summary>
    Recompute,

    /// <summary>Writes the stored value unchanged, even when the target encoding makes it wrong.</summary>
    Keep,

    /// <summary>Drops group length elements (they are optional outside group 0002: PS3.5 7.2).</summary>
    Remove,
}
