namespace Peake.Dicom.Network.Pdu;

/// <summary>One of the seven protocol data units of PS3.8 9.3. Immutable: encoded and decoded by <see cref="PduCodec"/>.</summary>
public abstract record DicomPdu
{
    public abstract PduType Type { get; }
}
