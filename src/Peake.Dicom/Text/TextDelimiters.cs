namespace Peake.Dicom;

/// <summary>
/// PS3.5 6.1.2.5.3: before these characters the character set of value 1 of (0008,0005) is active again, so decoding
/// resets its code extension state at them and encoding switches back before writing them: CR, LF, FF and TAB always,
/// the backslash between values of multi-valued VRs, and in PN the component (^) and group (=) delimiters.
/// </summary>
internal static class TextDelimiters
{
    public const byte Escape = 0x1B;

    public static bool IsDelimiter(int c, bool multiValued, bool personName) => c switch
    {
        '\r' or '\n' or '\f' or '\t' => true,
        '\\' => multiValued,
        '^' or '=' => personName,
        _ => false,
    };
}
