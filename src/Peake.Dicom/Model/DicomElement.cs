namespace Peake.Dicom;

/// <summary>
/// One data element of a data set. Three shapes exist: a value (<see cref="DicomValueElement"/>), a sequence of
/// items (<see cref="DicomSequence"/>) and encapsulated pixel data (<see cref="DicomFragments"/>).
/// </summary>
public abstract class DicomElement
{
    protected DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    public override string ToString() => $"{Tag} {VR}";
}
