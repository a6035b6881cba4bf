namespace Peake.Dicom.Network.Dimse;

/// <summary>A DIMSE command (PS3.7 9, 10): the group 0000 command set. A data set, when announced, travels separately.</summary>
public abstract record DimseMessage
{
    public abstract DimseCommandField CommandField { get; }

    /// <summary>(0000,0800) Command Data Set Type: whether a data set follows this command (PS3.7 E.1).</summary>
    public abstract bool HasDataSet { get; }
}
