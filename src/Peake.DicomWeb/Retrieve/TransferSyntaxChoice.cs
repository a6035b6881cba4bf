using Peake.Dicom;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// The syntax an instance is sent in (PS3.18 8.7.3). No <c>transfer-syntax</c> parameter: Explicit VR Little Endian,
/// except that compressed data is sent as stored (the standard's exemption for an origin server holding only the
/// compressed form: we do not decompress). <c>*</c>: as stored, bytes untouched. A named syntax: as stored when it is
/// that one, converted when both are uncompressed and the target writable, else not producible (406). Implicit VR
/// Little Endian "shall not be used with Web Services" and is never a target.
/// </summary>
internal readonly record struct TransferSyntaxChoice(string SendAs, bool Convert)
{
    public static TransferSyntaxChoice? For(string requested, string stored)
    {
        if (requested == "*" || requested == stored && requested != DicomTransferSyntax.ImplicitVRLittleEndian.Uid)
        {
            return new TransferSyntaxChoice(stored, false);
        }

        var storedSyntax = DicomTransferSyntax.IsKnown(stored) ? DicomTransferSyntax.Parse(stored) : null;
        var target = requested.Length == 0 ? MediaTypes.ExplicitVrLittleEndian : requested;
        if (requested.Length == 0 && (storedSyntax is null || storedSyntax.IsEncapsulated || stored == target))
        {
            return new TransferSyntaxChoice(stored, false);
        }

        var targetSyntax = DicomTransferSyntax.IsKnown(target) ? DicomTransferSyntax.Parse(target) : null;
        var convertible = storedSyntax is { IsEncapsulated: false }
            && targetSyntax is { IsWritable: true }
            && targetSyntax != DicomTransferSyntax.ImplicitVRLittleEndian;
        return convertible ? new TransferSyntaxChoice(target, true) : null;
    }
}
