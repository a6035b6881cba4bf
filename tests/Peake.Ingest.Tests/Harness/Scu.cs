using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Ingest.Tests.Harness;

/// <summary>Our own SCU (Peake.Dicom.Network's client) for what storescu cannot do: raw data sets, aborts, commitment.</summary>
internal static class Scu
{
    public static Task<DicomClientAssociation> OpenAsync(IngestNode node, string callingAe = "HOSP_A") =>
        DicomClientAssociation.OpenAsync("127.0.0.1", node.Port, new AssociationRequest
        {
            CallingAeTitle = callingAe,
            CalledAeTitle = node.AeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, TestInstances.CtImageStorage, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid]),
                new PresentationContextRequest(3, StorageCommitmentSop.SopClassUid, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid]),
            ],
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ResponseTimeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>A stream that hands out <paramref name="bytes"/> up to <paramref name="failAt"/> and then fails: a sender dying mid-store.</summary>
    public sealed class FailingStream(byte[] bytes, int failAt) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAt)
                throw new IOException("the sender died");
            var n = Math.Min(count, Math.Min(failAt, bytes.Length) - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
