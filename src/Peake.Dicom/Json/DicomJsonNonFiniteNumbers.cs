namespace Peake.Dicom;

/// <summary>How NaN and ±infinity of FL and FD values appear in JSON, which has no literal for them.</summary>
public enum DicomJsonNonFiniteNumbers
{
    /// <summary>As the strings "NaN", "Infinity" and "-Infinity" (valid JSON; the reader accepts them back).</summary>
    AsString,

    /// <summary>Refuse with a <see cref="DicomJsonException"/> (dcm2json's default "--encode-strict").</summary>
    Throw,

    /// <summary>As the bare words nan, inf, -inf: not valid JSON (dcm2json's "--encode-extended").</summary>
    Extended,
}
