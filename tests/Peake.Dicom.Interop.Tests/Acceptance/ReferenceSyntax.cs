namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>How dcmdump (the reference) read a file's data set: its transfer syntax, or that it could not read it.</summary>
public enum ReferenceSyntax
{
    Unreadable,
    ImplicitLittleEndian,
    ExplicitLittleEndian,
    ExplicitBigEndian,
    DeflatedExplicitLittleEndian,
    Encapsulated,
}
