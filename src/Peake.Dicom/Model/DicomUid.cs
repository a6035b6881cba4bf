namespace Peake.Dicom;

/// <summary>
/// UID syntax of PS3.5 9.1: components of digits separated by dots, no leading zero in a multi-digit component,
/// at most 64 characters. A value that fails this check must never be used as a file name or path part
/// (`../` or NUL in a SOP Instance UID broke other archives).
/// </summary>
public static class DicomUid
{
    public const int MaxLength = 64;

    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaxLength)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (uid[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new UID under the 2.25 root (PS3.5 B.2): the decimal form of a random UUID.</summary>
    public static string Generate() =>
        "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true, isBigEndian: false).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
