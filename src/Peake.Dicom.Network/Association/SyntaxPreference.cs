namespace Peake.Dicom.Network.Association;

/// <summary>Whose order decides the transfer syntax of a presentation context when several would do.</summary>
public enum SyntaxPreference
{
    /// <summary>
    /// The requestor's first proposed syntax this side supports. An archive wants this: a sender lists the syntax
    /// its data is already in first, so the data set arrives exactly as encoded, with no conversion on the way.
    /// </summary>
    Requestor,

    /// <summary>The first syntax of this side's list that the requestor proposed.</summary>
    Acceptor,
}
